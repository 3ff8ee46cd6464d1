// govinspect web: the only script (CSP allows no inline ones). Elements with data-poll="URL"
// are refreshed from URL every 1.5 s until the fragment carries data-done (run progress).
(function () {
  "use strict";
  function poll(el) {
    var url = el.getAttribute("data-poll");
    fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        el.replaceChildren.apply(el, Array.prototype.slice.call(doc.body.childNodes));
        // finished while we watched: reload so the rest of the page (run list, lock) is current too
        if (el.querySelector("[data-done]")) { window.location.reload(); } else { setTimeout(function () { poll(el); }, 1500); }
      })
      .catch(function () { setTimeout(function () { poll(el); }, 5000); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-poll]").forEach(function (el) {
      if (!el.querySelector("[data-done]")) { setTimeout(function () { poll(el); }, 1500); }
    });
    document.querySelectorAll("[data-back]").forEach(function (a) {
      a.addEventListener("click", function (e) { e.preventDefault(); history.back(); });
    });
  });
})();
