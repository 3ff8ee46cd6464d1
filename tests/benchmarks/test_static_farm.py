"""export_static + nginx_config serve the farm through a real nginx (also as a proxy)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from benchmarks.static_farm import export_static, nginx_config

from govinspect.demo.farm import build_farm

NGINX = "/usr/sbin/nginx"

pytestmark = pytest.mark.timeout(60)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_export_writes_files(tmp_path: Path) -> None:
    farm = build_farm()
    count = export_static(farm, tmp_path)
    assert count > 600
    assert (tmp_path / "zrzy.shifan.gov.cn" / "xwzx" / "gzdt" / "index_3.shtml").is_file()
    assert "charset gbk;" in (tmp_path / "_nginx" / "wjj.yangban.gov.cn.conf").read_text()
    assert "return 302 /;" in (tmp_path / "_nginx" / "wjj.yangban.gov.cn.conf").read_text()
    assert not (tmp_path / "wjj.yangban.gov.cn" / "zwgk" / "old" / "index.html").exists()
    conf = nginx_config(tmp_path, 8080, farm.hosts(), tmp_path / "work")
    assert "daemon off;" in conf and "server_name www.shifan.gov.cn;" in conf
    assert "listen 127.0.0.1:8080;" in conf


@pytest.mark.skipif(not Path(NGINX).exists() or shutil.which(NGINX) is None,
                    reason="nginx 未安装 / /usr/sbin/nginx missing")
def test_real_nginx_serves_the_farm(tmp_path: Path) -> None:
    farm = build_farm()
    root, work = tmp_path / "www", tmp_path / "work"
    work.mkdir()
    export_static(farm, root)
    port = _free_port()
    conf = work / "nginx.conf"
    conf.write_text(nginx_config(root, port, farm.hosts(), work), encoding="utf-8")
    proc = subprocess.Popen([NGINX, "-p", str(work), "-c", str(conf), "-e", str(work / "error.log")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    err = proc.stderr.read().decode() if proc.stderr else ""
                    pytest.fail(f"nginx did not start: {err} {(work / 'error.log').read_text()}")
                time.sleep(0.05)
        proxy = urllib.request.build_opener(urllib.request.ProxyHandler({"http": f"http://127.0.0.1:{port}"}))
        # absolute-form request through nginx as a proxy
        with proxy.open("http://www.shifan.gov.cn/", timeout=5) as resp:
            assert resp.status == 200
            assert "示范市人民政府".encode() in resp.read()
        with proxy.open("http://wjj.yangban.gov.cn/tzgg/", timeout=5) as resp:
            assert resp.headers["Content-Type"].lower() == "text/html; charset=gbk"
            assert "通知公告" in resp.read().decode("gbk")
        with proxy.open("http://zrzy.shifan.gov.cn/xwzx/gzdt/", timeout=5) as resp:
            assert b"createPageHTML(4, 0" in resp.read()
        # origin-form with a Host header
        request = urllib.request.Request(f"http://127.0.0.1:{port}/zcwj/fj/P020210301.pdf",
                                         headers={"Host": "www.shifan.gov.cn"})
        with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(request, timeout=5) as resp:
            assert resp.headers["Content-Type"] == "application/pdf"
        for url, status in (("http://nyj.yangban.gov.cn/", 503), ("http://www.shifan.gov.cn/nope.html", 404),
                            ("http://unknown.example.gov.cn/", 502)):
            with pytest.raises(urllib.error.HTTPError) as info:
                proxy.open(url, timeout=5)
            assert info.value.code == status
        no_redirect = urllib.request.build_opener(
            urllib.request.ProxyHandler({"http": f"http://127.0.0.1:{port}"}), _NoRedirect())
        with pytest.raises(urllib.error.HTTPError) as info:
            no_redirect.open("http://wjj.yangban.gov.cn/zwgk/old/", timeout=5)
        assert info.value.code == 302 and info.value.headers["Location"] == "/"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None
