"""The farm as static files behind a real nginx, for the crawler benchmark.

``export_static`` writes ``<root>/<host>/<path>`` for every page of every normal site and of the
extra hosts (conac badge, 找错 script, 备案 pages), plus ``<root>/_nginx/<host>.conf`` with what
files cannot say: the charset (GBK for one site), redirects, the 503 site, the refused upstream
(502) and the redirect loop. Dynamic behaviours are NOT exported: the endless calendar, the
20 MB page, the connection reset, the slow host, slow pages (served at full speed) and site
search; use ``FarmServer`` for those.

nginx accepts absolute-form request lines too (``GET http://host/path HTTP/1.1`` selects the
server block by the request-line host), so ``http_proxy=http://127.0.0.1:PORT`` works against
nginx as it does against ``FarmServer``.
"""

from __future__ import annotations

import os
import pwd
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from govinspect.demo.farm import Farm, FarmPage

NGINX = "/usr/sbin/nginx"

_TYPES = {
    "text/html": "html htm shtml",
    "text/css": "css",
    "text/plain": "txt",
    "application/javascript": "js",
    "image/png": "png",
    "image/jpeg": "jpg jpeg",
    "application/pdf": "pdf",
    "application/msword": "doc",
}


def _safe(path: str) -> str:
    """A page path as a relative file path (no escaping the host folder)."""
    parts = [p for p in path.split("/") if p not in ("", ".", "..")]
    return "/".join(parts)


def _locations(pages: dict[str, FarmPage], index: str) -> list[str]:
    """nginx rules for pages whose status is not 200 (redirects, error pages)."""
    rules = []
    for path, page in sorted(pages.items()):
        if page.status == 200:
            continue
        targets = [path]
        if path.endswith("/" + index):
            targets.insert(0, path[: -len(index)])
        location = page.headers.get("Location", "")
        action = f"return {page.status} {location};" if location else f"return {page.status};"
        rules += [f"location = {t} {{ {action} }}" for t in targets]
    return rules


def export_static(farm: Farm, root: Path) -> int:
    """Write the farm under ``root``; return the number of files written (pages only, not the
    nginx snippets)."""
    root = Path(root)
    conf_dir = root / "_nginx"
    conf_dir.mkdir(parents=True, exist_ok=True)
    count = 0
    hosts: list[tuple[str, dict[str, FarmPage], str, str, str]] = [
        (s.host, s.pages, s.index_name, s.charset, s.behaviour) for s in farm.sites]
    hosts += [(h, pages, "index.html", "utf-8", "normal") for h, pages in farm.extra_hosts.items()]
    for host, pages, index, charset, behaviour in hosts:
        if behaviour not in ("normal", "503", "refuse", "redirect_loop"):
            continue  # dynamic behaviours need FarmServer
        host_dir = root / host
        host_dir.mkdir(parents=True, exist_ok=True)
        rules = [f"charset {'gbk' if charset == 'gbk' else 'utf-8'};"]
        if behaviour == "503":
            rules.append("location / { return 503; }")
        elif behaviour == "refuse":
            rules.append("location / { return 502; }")
        elif behaviour == "redirect_loop":
            rules += ["location = /loop/a { return 302 /loop/b; }", "location / { return 302 /loop/a; }"]
        else:
            rules += _locations(pages, index)
            for path, page in pages.items():
                if page.status != 200:
                    continue
                target = host_dir / _safe(path)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(page.body)
                count += 1
        (conf_dir / f"{host}.conf").write_text("\n".join(rules) + "\n", encoding="utf-8")
    return count


def nginx_config(root: Path, port: int, hosts: list[str], workdir: Path) -> str:
    """A complete nginx.conf serving ``hosts`` from ``root`` on 127.0.0.1:``port``.

    Runs without root (pid, logs and temp folders in ``workdir``; start with
    ``nginx -p WORKDIR -c CONF -e WORKDIR/error.log``); ``daemon off`` so the caller owns the
    process. When started as root, workers keep the current user so they can read ``root``.
    """
    root, workdir = Path(root).resolve(), Path(workdir).resolve()
    types = "\n".join(f"        {mime} {exts};" for mime, exts in _TYPES.items())
    user = ""
    if os.geteuid() == 0:
        user = f"user {pwd.getpwuid(os.geteuid()).pw_name};\n"
    servers = []
    for host in hosts:
        snippet = root / "_nginx" / f"{host}.conf"
        extra = f"include {snippet};" if snippet.exists() else "charset utf-8;"
        servers.append(
            f"    server {{\n"
            f"        listen 127.0.0.1:{port};\n"
            f"        server_name {host};\n"
            f"        root {root / host};\n"
            f"        index index.html index.shtml;\n"
            f"        {extra}\n"
            f"    }}\n")
    temp = "\n".join(f"    {name}_temp_path {workdir / (name + '_temp')};"
                     for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return (
        f"{user}daemon off;\n"
        "worker_processes 1;\n"
        f"pid {workdir / 'nginx.pid'};\n"
        f"error_log {workdir / 'error.log'} warn;\n"
        "events { worker_connections 1024; }\n"
        "http {\n"
        f"    access_log {workdir / 'access.log'};\n"
        f"{temp}\n"
        "    types {\n"
        f"{types}\n"
        "    }\n"
        "    default_type text/html;\n"
        "    sendfile on;\n"
        "    keepalive_timeout 30;\n"
        "    absolute_redirect off;\n"
        "    server_tokens off;\n"
        "    charset_types text/plain text/css application/javascript;\n"
        f"    server {{\n        listen 127.0.0.1:{port} default_server;\n"
        "        return 502;\n    }\n"
        + "".join(servers)
        + "}\n")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve_static(root: Path, hosts: list[str], workdir: Path, timeout: float = 10) -> Iterator[str]:
    """A real nginx serving ``hosts`` from ``root`` on a free loopback port, stopped on exit;
    yields its URL (``http://127.0.0.1:PORT``, usable as ``http_proxy``). Raises RuntimeError
    with nginx's error log when it does not start within ``timeout`` seconds."""
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    conf = workdir / "nginx.conf"
    conf.write_text(nginx_config(root, port, hosts, workdir), encoding="utf-8")
    error_log = workdir / "error.log"
    proc = subprocess.Popen([NGINX, "-p", str(workdir), "-c", str(conf), "-e", str(error_log)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log = error_log.read_text(errors="replace") if error_log.exists() else ""
                    raise RuntimeError(f"nginx 未能启动 / nginx did not start: {log}") from None
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
