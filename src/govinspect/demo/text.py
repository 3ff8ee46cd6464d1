"""Chinese text for the demo farm: titles and article bodies, written for this project.

Everything here is invented (示范市, 样板县, 青禾区 do not exist). Text is generated
deterministically from small pools so the farm has the same bytes on every build; the pools
are large enough that two articles rarely share most sentences (the 抄袭 rule compares
documents across sites).
"""

from __future__ import annotations

import hashlib

# Title pools per column kind: subjects × actions give many distinct titles.
_SUBJECTS: dict[str, list[str]] = {
    "news": [
        "春季农业生产", "城乡环境综合整治", "安全生产大检查", "优化营商环境", "乡村振兴示范带建设",
        "老旧小区改造", "河湖长制", "森林防火", "校园周边交通秩序", "重点项目集中开工",
        "文明城市创建", "防汛备汛", "消费品以旧换新", "数字政府建设", "农村饮水安全",
        "社区养老服务", "就业援助月", "冬春季疫情防控", "科技创新平台", "全民健身活动",
        "政务服务“一网通办”", "菜篮子工程", "垃圾分类", "美丽庭院评选",
    ],
    "notice": [
        "2021年度事业单位公开招聘", "清明节期间森林防火", "春节假期值班安排", "政府信息公开工作年度报告",
        "道路临时交通管制", "2021年度预算公开", "农业保险保费补贴申报", "小微企业贷款贴息申报",
        "房屋征收补偿方案征求意见", "城区停水", "专项资金项目申报", "行政许可事项清单调整",
        "义务教育招生入学", "公共租赁住房配租", "残疾人两项补贴复核", "节能宣传周活动",
    ],
    "policy": [
        "城镇老旧小区改造实施方案", "促进民营经济高质量发展若干措施", "农村人居环境整治提升行动方案",
        "政府投资项目管理办法", "突发事件总体应急预案", "行政规范性文件管理规定", "养老服务体系建设实施意见",
        "生活垃圾分类管理办法", "中小学校舍维修改造资金管理办法", "住房公积金提取管理细则",
        "农业产业化龙头企业认定办法", "公共资源交易管理暂行办法", "重大行政决策程序规定",
        "城市绿地管理办法", "政务数据共享管理办法", "人才引进实施细则",
    ],
    "personnel": [
        "干部任前公示", "事业单位公开招聘拟聘用人员公示", "公务员录用人员公示", "人事任免通知",
        "公开遴选工作人员公告", "军队转业干部安置计划", "见习岗位招募公告", "选调生拟录用公示",
    ],
    "planning": [
        "国民经济和社会发展第十四个五年规划纲要", "年度重点工作计划", "国土空间总体规划（草案）",
        "综合交通运输发展规划", "教育事业发展规划", "文化和旅游发展规划", "年度立法工作计划",
        "生态环境保护规划", "全民健身实施计划", "农业农村现代化规划",
    ],
    "other": [
        "专题：安全生产月", "专题：文明城市创建", "专题：第七次全国人口普查", "专题：法治政府建设",
        "专题：防汛抗旱", "专题：消防宣传月",
    ],
}

_ACTIONS: dict[str, list[str]] = {
    "news": [
        "工作推进会召开", "取得阶段性成效", "现场观摩活动举行", "专题部署会议召开", "督查组开展实地检查",
        "经验做法获上级肯定", "培训班顺利举办", "工作全面铺开", "座谈会召开", "启动仪式举行",
        "调研活动开展", "工作会议召开",
    ],
    "notice": ["的通知", "的公告", "的公示", "有关事项的通知", "的说明", "的温馨提示"],
    "policy": ["", "（试行）", "（修订）"],
    "personnel": ["", "（第一批）", "（第二批）"],
    "planning": ["", "（征求意见稿）"],
    "other": [""],
}

_SENTENCES: dict[str, list[str]] = {
    "news": [
        "{p}召开专题会议，听取各责任单位工作进展情况汇报，研究部署下一阶段重点任务。",
        "会议指出，各级各部门要提高思想认识，压实工作责任，确保各项措施落地见效。",
        "今年以来，{p}坚持问题导向，聚焦群众急难愁盼，累计解决实际问题一百余件。",
        "活动现场，工作人员向过往群众发放宣传资料，耐心解答群众咨询。",
        "据了解，该项目总投资约三亿元，建成后将有效改善周边居民出行条件。",
        "检查组一行深入企业车间、施工现场，逐项查看隐患整改落实情况。",
        "下一步，{p}将进一步完善工作机制，加强部门协同，推动工作常态长效。",
        "与会人员围绕重点难点问题开展交流讨论，并提出具体意见建议。",
        "截至目前，全{l}已完成年度目标任务的百分之三十五，进度好于预期。",
        "此次培训邀请业务骨干授课，内容涵盖政策解读、实务操作和案例分析。",
        "各乡镇（街道）结合实际制定具体方案，明确时间表和路线图。",
        "会上通报了前一阶段督查发现的问题，并对整改工作提出明确要求。",
        "活动吸引了三百余名群众参与，现场气氛热烈有序。",
        "{p}将以此次活动为契机，持续擦亮为民服务品牌。",
        "相关负责人表示，将把群众满意度作为衡量工作成效的重要标准。",
        "调研组先后走访了三个村（社区），详细了解基层工作开展情况。",
        "通过“线上+线下”相结合的方式，进一步扩大了政策知晓面。",
        "会议要求，要坚持底线思维，加强值班值守，确保信息报送及时准确。",
        "近年来，{p}持续加大投入，基础设施和公共服务水平明显提升。",
        "各参建单位表示，将倒排工期、挂图作战，确保项目按期建成投用。",
    ],
    "notice": [
        "根据工作安排，现将有关事项通知如下。",
        "请各单位高度重视，认真组织实施，并于规定时间内报送相关材料。",
        "符合条件的单位和个人可通过政务服务网在线提交申请。",
        "申报材料须真实完整，对弄虚作假的将取消申报资格。",
        "联系人：办公室，联系电话：{tel}。",
        "本公告自发布之日起施行，由{s}负责解释。",
        "公示期间，如有异议，可通过来信、来电或来访等方式向{s}反映。",
        "为确保工作顺利进行，请相关车辆和行人提前规划出行路线。",
        "请各有关单位做好宣传引导工作，及时回应群众关切。",
        "逾期未提交材料的，视为自动放弃。",
        "特此通知。",
        "具体事项以相关部门正式公布的信息为准。",
    ],
    "policy": [
        "为深入贯彻落实上级有关决策部署，结合本地实际，制定本方案。",
        "坚持以人民为中心的发展思想，坚持统筹规划、分类施策、稳步推进。",
        "到2022年底，基本建立职责明确、运行高效、保障有力的工作体系。",
        "各级人民政府应当将相关工作纳入国民经济和社会发展规划。",
        "财政部门应当按照规定安排专项资金，并加强资金使用绩效管理。",
        "对工作成效明显的单位和个人，按照有关规定给予表彰。",
        "本办法所称重点项目，是指列入年度投资计划的政府投资项目。",
        "有关部门应当建立健全信息共享机制，提高监管效能。",
        "各地要加强组织领导，明确责任分工，细化工作措施。",
        "建立定期调度和通报制度，对工作滞后的地方进行督促。",
        "本办法由{s}负责解释。",
        "鼓励社会资本通过多种方式参与建设和运营。",
        "加强宣传引导，营造全社会共同参与的良好氛围。",
        "严格落实安全生产责任制，确保工程质量和施工安全。",
    ],
    "personnel": [
        "经研究，拟录用以下人员，现予以公示。",
        "公示期为五个工作日，公示期间如有异议，请以书面形式反映。",
        "反映情况要实事求是，并请署真实姓名和联系方式。",
        "本次招聘坚持公开、平等、竞争、择优的原则。",
        "招聘岗位、人数及资格条件详见附件。",
        "监督电话：{tel}。",
    ],
    "planning": [
        "本规划是指导今后一个时期发展的纲领性文件。",
        "规划期为2021年至2025年，展望到2035年。",
        "围绕高质量发展主题，统筹推进经济建设和社会事业。",
        "提出了主要目标、重点任务和保障措施。",
        "各有关部门要按照职责分工，抓好规划实施。",
        "建立规划实施年度监测评估机制，确保规划目标如期实现。",
    ],
    "other": [
        "本专题集中发布相关工作动态、政策解读和宣传资料。",
        "欢迎广大群众积极参与，共同营造良好氛围。",
        "专题内容由{s}负责维护。",
    ],
}


def pick(key: str, pool: list[str]) -> str:
    """A deterministic choice from ``pool`` keyed by ``key`` (stable across runs and Python
    versions, unlike ``hash``)."""
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    return pool[int.from_bytes(digest, "big") % len(pool)]


def title(kind: str, index: int, place: str) -> str:
    """The ``index``-th title of a column of ``kind`` (news|notice|policy|personnel|planning|other)."""
    subjects = _SUBJECTS.get(kind, _SUBJECTS["news"])
    actions = _ACTIONS.get(kind, _ACTIONS["news"])
    subject = subjects[index % len(subjects)]
    action = actions[(index // len(subjects) + index) % len(actions)]
    if kind == "news":
        return f"{place}{subject}{action}"
    if kind == "notice":
        return f"关于{subject}{action}"
    if kind == "policy":
        return f"{place}{subject}{action}"
    if kind == "planning":
        return f"{place}{subject}{action}"
    return f"{subject}{action}"


def body(kind: str, key: str, place: str, sponsor: str, tel: str, n: int = 5) -> list[str]:
    """Paragraphs of an article: ``n`` sentences chosen by ``key`` without repeats."""
    pool = list(_SENTENCES.get(kind, _SENTENCES["news"]))
    out: list[str] = []
    level = "县" if place.endswith("县") else ("区" if place.endswith("区") else "市")
    for i in range(min(n, len(pool))):
        sentence = pick(f"{key}#{i}", pool)
        pool.remove(sentence)
        out.append(sentence.format(p=place, s=sponsor, tel=tel, l=level))
    return out


_CONSULT = [
    "小区停车位规划", "老旧小区加装电梯补贴", "新生儿医保参保办理", "公租房申请条件", "灵活就业人员社保缴费",
    "农村宅基地审批", "道路积水整改", "公交线路调整", "个体工商户注册", "残疾人就业补贴", "居住证办理",
    "夜间施工噪声扰民",
]
_SERVICES = [
    "个体工商户设立登记", "城乡居民基本养老保险参保登记", "建设工程规划许可证核发", "食品经营许可",
    "公共场所卫生许可", "民办学校设立审批", "临时救助申请", "林木采伐许可证核发", "医师执业注册",
    "户外广告设置审批",
]


def consult_title(index: int) -> str:
    """A citizen's question for a 咨询投诉 column."""
    return f"关于{_CONSULT[index % len(_CONSULT)]}问题的咨询"


def service_title(index: int) -> str:
    """A 办事指南 title."""
    return f"{_SERVICES[index % len(_SERVICES)]}办事指南"
