"""网民留言 extraction: list tables, lists with status markers, message pages; and look-alikes."""

from __future__ import annotations

from datetime import date

from govinspect.extract.messages import classify_status
from govinspect.extract.page import extract_page
from govinspect.model import MessageStatus

BASE = "http://www.example.gov.cn/hdjl/zxts/"

NAV = ('<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/hdjl/">互动交流</a></li>'
       '<li><a href="/hdjl/xx/">我要写信</a></li></ul></div>')
FOOT = ('<div class="footer"><p>主办单位：示例市人民政府办公室　联系电话：0570-1234567</p>'
        '<p>网站标识码：3399000001</p></div>')


def _page(body: str, *, title: str = "咨询投诉_示例市人民政府", meta: str = "", url: str = BASE):
    html = (f'<html><head><meta charset="utf-8"><title>{title}</title>{meta}</head><body>{NAV}'
            f'<div class="main">{body}</div>{FOOT}</body></html>')
    return extract_page(html.encode(), url, site_url="http://www.example.gov.cn/")


def test_table_with_header_columns() -> None:
    page = _page("""
      <table class="lyb"><tr><th>留言标题</th><th>留言时间</th><th>答复单位</th><th>答复时间</th><th>状态</th></tr>
      <tr><td><a href="/hdjl/zxts/1.html">关于公交线路调整的建议</a></td><td>2021-01-05</td><td>市交通局</td>
          <td>2021-01-12</td><td>已答复</td></tr>
      <tr><td><a href="/hdjl/zxts/2.html">关于小区路灯损坏的咨询</a></td><td>2020-11-02</td><td></td><td></td>
          <td>未答复</td></tr>
      <tr><td><a href="/hdjl/zxts/3.html">关于医保转移的咨询</a></td><td>2021-03-01</td><td>市医保局</td><td></td>
          <td>办理中</td></tr>
      </table>""", meta='<meta name="ColumnName" content="咨询投诉">')
    msgs = {m.title: m for m in page.messages}
    assert len(msgs) == 3
    done = msgs["关于公交线路调整的建议"]
    assert (done.asked, done.answered, done.replier) == (date(2021, 1, 5), date(2021, 1, 12), "市交通局")
    assert done.status is MessageStatus.ANSWERED and done.source == "table" and done.column == "咨询投诉"
    assert done.url == "http://www.example.gov.cn/hdjl/zxts/1.html"
    open_ = msgs["关于小区路灯损坏的咨询"]
    assert open_.status is MessageStatus.UNANSWERED and open_.explicit_status and open_.answered is None
    assert msgs["关于医保转移的咨询"].status is MessageStatus.PROCESSING


def test_table_without_status_column_reads_an_empty_reply_date_as_unanswered() -> None:
    page = _page("""
      <table><tr><td>主题</td><td>来信时间</td><td>回复时间</td></tr>
      <tr><td><a href="a.html">关于学区划分的咨询</a></td><td>2020年10月8日</td><td>2020年10月20日</td></tr>
      <tr><td><a href="b.html">关于垃圾清运不及时的反映</a></td><td>2020年11月3日</td><td>—</td></tr></table>""")
    msgs = {m.title: m for m in page.messages}
    assert msgs["关于学区划分的咨询"].answered == date(2020, 10, 20)
    assert msgs["关于垃圾清运不及时的反映"].status is MessageStatus.UNANSWERED
    assert msgs["关于垃圾清运不及时的反映"].asked == date(2020, 11, 3)


def test_list_with_bracket_markers() -> None:
    page = _page("""
      <ul class="list">
        <li><span class="zt">[已回复]</span><a href="/hdjl/zxts/11.html">关于社保卡补办流程的咨询</a><span>2021-02-01</span></li>
        <li><span>【未回复】</span><a href="/hdjl/zxts/12.html">关于农贸市场占道经营的反映</a><span>2020-10-15</span></li>
        <li><a href="/hdjl/zxts/13.html">关于幼儿园入园报名的咨询</a><span class="state">办理中</span><span>2021-03-02</span></li>
      </ul>""")
    msgs = {m.title: m for m in page.messages}
    assert len(msgs) == 3
    answered = msgs["关于社保卡补办流程的咨询"]
    assert answered.status is MessageStatus.ANSWERED and answered.listed == date(2021, 2, 1)
    assert answered.asked is None and answered.source == "list"
    unanswered = msgs["关于农贸市场占道经营的反映"]
    assert unanswered.status is MessageStatus.UNANSWERED and unanswered.asked == date(2020, 10, 15)
    assert msgs["关于幼儿园入园报名的咨询"].status is MessageStatus.PROCESSING


def test_list_rows_with_labelled_dates() -> None:
    page = _page("""
      <div class="xj"><div class="row"><a href="/x/1.html">关于老年证办理地点的咨询</a>
        <p>留言时间：2021-01-04　回复时间：2021-01-09　回复部门：市民政局</p></div>
      <div class="row"><a href="/x/2.html">关于小区违建的投诉</a><p>留言时间：2020-12-01　状态：待回复</p></div></div>""")
    msgs = {m.title: m for m in page.messages}
    first = msgs["关于老年证办理地点的咨询"]
    assert (first.asked, first.answered, first.replier) == (date(2021, 1, 4), date(2021, 1, 9), "市民政局")
    assert first.status is MessageStatus.ANSWERED
    second = msgs["关于小区违建的投诉"]
    assert second.status is MessageStatus.UNANSWERED and second.asked == date(2020, 12, 1)


DETAIL = """<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/hdjl/">互动交流</a> &gt;
  <a href="/hdjl/zxts/">咨询投诉</a> &gt; 正文</div>
  <h1>关于公租房申请条件的咨询</h1>
  <table><tr><td>留言时间：</td><td>2021-01-10 09:12</td></tr>
  <tr><td>留言内容：</td><td>请问外地户籍人员能否申请公租房？</td></tr>
  {reply}</table>"""


def test_detail_page_answered() -> None:
    reply = ("<tr><td>答复单位：</td><td>市住建局</td></tr><tr><td>答复时间：</td><td>2021-01-18</td></tr>"
             "<tr><td>答复内容：</td><td>您好，符合条件的外地户籍人员可以申请，具体请咨询住房保障窗口。</td></tr>")
    page = _page(DETAIL.format(reply=reply), title="关于公租房申请条件的咨询_示例市", url=BASE + "t1.html")
    [msg] = page.messages
    assert msg.source == "detail" and msg.url == BASE + "t1.html"
    assert (msg.asked, msg.answered) == (date(2021, 1, 10), date(2021, 1, 18))
    assert msg.status is MessageStatus.ANSWERED and msg.has_reply and msg.replier == "市住建局"
    assert msg.title == "关于公租房申请条件的咨询" and msg.column == "咨询投诉"


def test_detail_page_with_empty_reply_is_unanswered_but_not_explicit() -> None:
    reply = "<tr><td>答复时间：</td><td></td></tr><tr><td>答复内容：</td><td></td></tr>"
    page = _page(DETAIL.format(reply=reply), url=BASE + "t2.html")
    [msg] = page.messages
    assert msg.status is MessageStatus.UNANSWERED and not msg.explicit_status and not msg.has_reply


def test_detail_page_saying_not_yet_answered_is_explicit() -> None:
    page = _page(DETAIL.format(reply="<tr><td>答复内容：</td><td>暂未答复</td></tr>"), url=BASE + "t3.html")
    [msg] = page.messages
    assert msg.status is MessageStatus.UNANSWERED and msg.explicit_status


def test_detail_page_reply_without_date() -> None:
    page = _page(DETAIL.format(reply="<tr><td>回复：</td><td>已转交相关部门处理，感谢您的关注。</td></tr>"),
                 url=BASE + "t4.html")
    [msg] = page.messages
    assert msg.status is MessageStatus.ANSWERED and msg.has_reply and msg.answered is None


def test_message_form_is_a_text_area_not_a_search_box() -> None:
    form = _page('<form action="/submit"><input name="title"><textarea name="content"></textarea>'
                 '<button>提交</button></form><p>我要写信</p>')
    assert form.has_message_form
    search = _page('<form action="/search/"><input type="text" name="q"><button>搜索</button></form>'
                   '<p>欢迎留言咨询</p>')
    assert not search.has_message_form
    hidden = _page('<div style="display:none"><textarea></textarea></div><p>留言</p>')
    assert not hidden.has_message_form


def test_look_alikes_give_no_messages() -> None:
    # an article that talks about replies, a news list, a menu with 我要写信, a status word inside a title
    article = _page("<h1>市政府召开网民留言办理工作推进会</h1><p>会议指出，今年以来共收到网民留言1200件，"
                    "已答复1180件，办结率98%。各单位要对未答复的留言限期办理。</p>",
                    title="市政府召开网民留言办理工作推进会_示例市", url=BASE + "t9.html")
    assert article.messages == []
    news = _page('<ul class="list"><li><a href="/xw/1.html">我市已办结民生实事项目十件</a><span>2021-03-01</span></li>'
                 '<li><a href="/xw/2.html">关于开展留言答复质量评估的通知</a><span>2021-02-01</span></li></ul>')
    assert news.messages == []


def test_classify_status_prefers_the_specific_word() -> None:
    assert classify_status("未办结") is MessageStatus.UNANSWERED
    assert classify_status("已办结") is MessageStatus.ANSWERED
    assert classify_status("已受理") is MessageStatus.PROCESSING
    assert classify_status("不予受理") is MessageStatus.INVALID
    assert classify_status("其他") is MessageStatus.UNKNOWN
