"""export_static + nginx_config serve the farm through a real nginx (also as a proxy)."""

from __future__ import annotations

import shutil
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from benchmarks.static_farm import NGINX, export_static, nginx_config, serve_static

from govinspect.demo.farm import build_farm

pytestmark = pytest.mark.timeout(60)


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
    with serve_static(root, farm.hosts(), work) as server:
        port = int(server.rsplit(":", 1)[1])
        proxy = urllib.request.build_opener(urllib.request.ProxyHandler({"http": server}))
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
            urllib.request.ProxyHandler({"http": server}), _NoRedirect())
        with pytest.raises(urllib.error.HTTPError) as info:
            no_redirect.open("http://wjj.yangban.gov.cn/zwgk/old/", timeout=5)
        assert info.value.code == 302 and info.value.headers["Location"] == "/"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None
