"""Spans a typo detector must not "correct": person names (人名), organisation names (单位名称) and
measure words after numbers (量词).

A frequency model cannot judge a name: 张萍, 李洁, 王昕 and 钟建中 are written right although
"萍/洁/昕" are rarer than a homophone that makes a common word. These patterns find names by the
shape official prose gives them, never by the characters alone:

- a person context before the name: a title or role (局长张萍, 航天员景海鹏、刘洋, 记者 王昕);
- a person context after it: 张萍同志, 李洁局长, 王伟民（市财政局）, 钟建中  市公安局副局长;
- a list of two or more surname-led 2–3 character items separated by 、 (张萍、李洁、王昕);
- an organisation before its suffix: 中国一冶集团, 湖南佳惠百货有限公司, 仙林中学;
- a measure word after a numeral or a reduplicated one (3剂, 一剂剂, 一项项).

Each finder returns ``(start, end)`` character spans of ``text``. Common surnames (百家姓, single and
compound) are public knowledge, written here by us.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable

# The common single-character surnames (about 97 % of the population) and compound ones.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武"
    "戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮"
    "柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古"
    "吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫"
    "寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝封乐钮郦濂"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "夏侯", "长孙",
                     "宇文", "司徒", "端木", "申屠", "独孤", "南宫", "轩辕", "呼延")
# Titles and roles that stand next to a person's name in official prose.
_TITLES = ("同志", "先生", "女士", "书记", "副书记", "主任", "副主任", "局长", "副局长", "部长", "副部长", "厅长",
           "副厅长", "处长", "副处长", "科长", "副科长", "市长", "副市长", "县长", "副县长", "区长", "副区长",
           "乡长", "镇长", "村长", "主席", "副主席", "委员", "常委", "代表", "组长", "队长", "校长", "院长",
           "所长", "站长", "经理", "总经理", "董事长", "会长", "秘书长", "主任委员", "调研员", "主管", "干事",
           "教授", "副教授", "研究员", "院士", "博士", "老师", "医生", "医师", "护士", "律师", "法官", "检察官",
           "警官", "民警", "航天员", "记者", "通讯员", "摄影", "编辑", "作者", "主持人", "发言人", "专家",
           "负责人", "联系人", "讲师", "工程师", "总工程师", "局长助理", "党组书记", "总理", "总书记",
           # by-lines of a news page: 撰稿：程野, 文/程野, 审核：余民
           "撰稿", "审核", "校对", "初审", "复审", "终审", "签发", "核稿", "责任编辑", "主编", "编审", "监制",
           "文/", "图/", "摄/",
           # people named by their role in a story: 居民郝丽艳, 志愿者程野
           "居民", "村民", "市民", "党员", "志愿者", "职工", "农民", "网友", "村医", "老党员", "退役军人", "快递员",
           "外卖员", "驾驶员", "环卫工人", "辅警", "网格员", "社工", "户主", "业主", "患者", "学生")
_TITLE_ALT = "|".join(sorted(_TITLES, key=len, reverse=True))
_SURNAME_CLASS = "".join(sorted(SURNAMES))
_NAME = (rf"(?:{'|'.join(COMPOUND_SURNAMES)})[\u4e00-\u9fff]{{1,2}}"
         rf"|[{_SURNAME_CLASS}][\u4e00-\u9fff]{{1,2}}")
_SEP = r"[、，,；;：:\s　（(）)“”/]"
# A name after a title or role: 局长张萍, 航天员景海鹏、刘洋 (the list is read item by item).
_NAME_LAZY = _NAME.replace("{1,2}", "{1,2}?")
_AFTER_NAME = r"指出|强调|表示|介绍|要求|主持|出席|讲话|参加|一行|率队|带队|同志|在|等|说"
_AFTER_TITLE = re.compile(rf"(?:{_TITLE_ALT})[\s　：:]*((?:{_NAME_LAZY})(?=$|{_SEP}|{_AFTER_NAME})|{_NAME})")
_NAME_RE = re.compile(_NAME)
_BOUNDARY = re.compile(rf"$|{_SEP}|等")
# A name before a title or a bracketed affiliation: 由李洁同志主持, 王伟民（市财政局）, 钟建中  副局长.
_BEFORE_TITLE = re.compile(rf"({_NAME})(?=[\s　]*(?:{_TITLE_ALT})|[\s　]*[（(][^）)]{{2,20}}[）)]"
                           rf"|[\s　/]*(?:摄|供图|报道)(?:$|[）)\s　，,。]))")
# A name opening a clause before a verb of speech or presence: 董洁指出, 钟建中一行到社区调研.
_BEFORE_SPEECH = re.compile(rf"(?:^|(?<=[，,。；;：:\s　]))({_NAME_LAZY})(?=指出|强调|表示|介绍|要求|主持|出席|讲话|一行|在调研)")
# An item of a 、 list (2–3 characters between separators): 张萍、李洁、王昕.
# The last item may run on into the sentence (刘旺、刘洋依次进驻): then its first two characters.
_LIST_ITEM = re.compile(r"(?:^|(?<=[、，,；;：:\s　（(）)]))([\u4e00-\u9fff]{2,3}?)(?=$|[、，,；;。\s　）)]|等)"
                        r"|(?<=、)([\u4e00-\u9fff]{2})")
# 单位名称 suffixes: the (up to) four characters before one are the organisation's own name.
_ORG_SUFFIX = re.compile(r"集团|股份有限公司|有限责任公司|有限公司|公司|百货|大学(?!生)|学院|中学|(?<!中)小学|幼儿园|医院"
                         r"|卫生院|研究院|研究所|事务所|合作社")
_ORG_NAME_CHARS = 4
# A name alone at the head of a line, set off by a wide gap (名单, 任免 tables): 郭金严　　市公安局副局长.
_HEAD_NAME = re.compile(rf"^[\s　]*({_NAME})(?=[\s　]{{2,}}|　)")
_NUMERAL = "0-9０-９〇零一二三四五六七八九十百千万两几数"
MEASURE_WORDS = frozenset("个件项次剂人名位户家所座台辆架艘只头条张份本册篇部批场轮期届岁亩吨斤元处间栋幢套床例起宗笔株棵"
                          "尾匹层级类种批次趟遍回顿把块片根支枚粒颗封串对双")
_MEASURE = re.compile(rf"(?<=[{_NUMERAL}])([{''.join(sorted(MEASURE_WORDS))}])|一([\u4e00-\u9fff])\2")


def person_name_spans(text: str, vocabulary: Container[str] = ()) -> list[tuple[int, int]]:
    """Spans of person names that the prose marks as names (titles, roles, name lists).

    ``vocabulary``: known words; a list item that is one (隐匿、销毁) is not taken for a name.
    """
    spans: list[tuple[int, int]] = []
    for pattern in (_AFTER_TITLE, _BEFORE_TITLE, _HEAD_NAME, _BEFORE_SPEECH):
        spans += [m.span(1) for m in pattern.finditer(text)]
    spans += _name_lists(text, vocabulary)
    # the rest of a list that starts after a title: 航天员景海鹏、刘洋、刘旺
    extended: list[tuple[int, int]] = []
    for _a, b in spans:
        at = b
        while at < len(text) and text[at] == "、" and _NAME_RE.match(text, at + 1):
            start = at + 1
            # a 3- or 2-character item that ends at a separator, else the 2 characters of a 单名 name
            at = next((start + n for n in (3, 2) if _BOUNDARY.match(text, start + n)), start + 2)
            at = min(at, len(text))
            extended.append((start, at))
    return _dedupe(spans + extended)


def marked_names(texts: Iterable[str], vocabulary: Container[str] = ()) -> set[str]:
    """The person names that some passage marks as names (局长董洁): a site's pages name the same
    people again without the title (董洁指出), so the caller protects them everywhere."""
    names: set[str] = set()
    for text in texts:
        names.update(text[a:b] for a, b in person_name_spans(text, vocabulary) if b - a >= 2)
    return names


def _name_lists(text: str, vocabulary: Container[str]) -> list[tuple[int, int]]:
    """Runs of two or more adjacent 、-separated items that all look like names (surname first,
    not a known word): 张萍、李洁、王昕, but not 伪造、变造、隐匿、涂改."""
    items = [m.span(1) if m.group(1) else m.span(2) for m in _LIST_ITEM.finditer(text)]
    # the first item may follow the sentence without a separator (出席的有张萍、李洁): its tail
    for at in [m.start() for m in re.finditer("、", text)]:
        if not any(b == at for _, b in items):
            tail = next((at - n for n in (3, 2) if at - n >= 0 and _NAME_RE.fullmatch(text, at - n, at)), None)
            if tail is not None:
                items.append((tail, at))
    items.sort()
    out: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []
    for a, b in [*items, (-1, -1)]:
        name_like = a >= 0 and bool(_NAME_RE.fullmatch(text, a, b)) and text[a:b] not in vocabulary
        adjacent = bool(run) and a == run[-1][1] + 1 and text[run[-1][1]] == "、"
        if name_like and (adjacent or not run):
            run.append((a, b))
            continue
        if len(run) >= 2:
            out += run
        run = [(a, b)] if name_like else []
    return out


def org_name_spans(text: str) -> list[tuple[int, int]]:
    """Spans of organisation names before their suffix (中国一冶集团, 佳惠百货有限责任公司)."""
    spans = []
    for m in _ORG_SUFFIX.finditer(text):
        b = m.start()
        a = b
        while a > 0 and b - a < _ORG_NAME_CHARS and "\u4e00" <= text[a - 1] <= "\u9fff" and text[a - 1] not in "的和与及":
            a -= 1
        if b - a >= 2:
            spans.append((a, b))
    return _dedupe(spans)


def measure_word_spans(text: str) -> list[tuple[int, int]]:
    """Measure words after a numeral (3剂, 两项) and reduplicated ones (一剂剂)."""
    spans = []
    for m in _MEASURE.finditer(text):
        spans.append(m.span(1) if m.group(1) else (m.start(2), m.end()))
    return spans


def _dedupe(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return sorted(set(spans))
