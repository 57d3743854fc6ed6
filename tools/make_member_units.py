"""Write the 示例县创卫办's generated member units into the sample workspace.

The county office of the sample workspace (示例县创卫办) has as members the two hand-written
sample units (示例县财政局, 示例县城南街道办事处) and the 32 fictional units this script writes:
bureaus, street offices, towns, schools and hospitals, each with a unit.yaml, a 2026-H1 ledger
(except for three members whose records are still missing) and, for about half of them, a
2026-H2 ledger. It also writes the office's 考评 score sheet, one row per member (one school is
exempt and has no row).

All text is assembled from the phrase pools below with fixed seeds, and nothing depends on the
clock, so the files are the same on every run. Run from the repository root:

    python tools/make_member_units.py

It writes only data/<generated unit>/ and data/示例县创卫办/assessments/考评得分.xlsx.
A test (tests/test_member_units.py) keeps the committed files in step with this script.
"""

from __future__ import annotations

import io
import random
import re
import sys
import zipfile
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SEED = "reportgen-members-2026"
OFFICE = "示例县创卫办"
SCORES = f"data/{OFFICE}/assessments/考评得分.xlsx"
HAND_WRITTEN = ("示例县财政局", "示例县城南街道办事处")
GENERATOR = "tools/make_member_units.py"
MAX_LINES = 80


@dataclass(frozen=True)
class Unit:
    """A generated member unit: its name and its kind (局、街道、镇、学校、医院)."""

    name: str
    kind: str


@dataclass(frozen=True)
class Kind:
    """What differs between a bureau, a street office, a town, a school and a hospital."""

    self_name: str
    leaders: tuple[str, str]  # the first and the second leader's titles
    parts: str  # who the work is divided among
    area: str  # where the unit keeps clean
    people: str  # whom it mobilises
    room: str  # where it meets
    office: str  # which of its offices carries out a decision
    places: tuple[str, ...]


KINDS = {
    "局": Kind("我局", ("党组书记、局长", "党组成员、副局长"), "各股室", "机关院落和办公楼公共部位",
              "干部职工", "局三楼会议室", "办公室",
              ("局机关办公楼", "机关院落", "包联社区", "县城东风广场", "局机关食堂")),
    "街道": Kind("我街道", ("党工委书记", "党工委副书记、办事处主任"), "各社区和网格",
                "辖区背街小巷和老旧小区", "辖区居民", "街道二楼会议室", "城管办",
                ("辖区各社区", "和平社区", "新华社区", "街道农贸市场", "街道文化广场")),
    "镇": Kind("我镇", ("党委书记", "党委副书记、镇长"), "各行政村和镇直单位",
              "镇区主次干道和集贸市场周边", "镇村干部和群众", "镇政府会议室", "党政办",
              ("镇区主街", "镇集贸市场", "各行政村", "镇政府院内", "镇卫生院周边")),
    "学校": Kind("我校", ("党支部书记、校长", "副校长"), "各年级和处室", "教学区、宿舍区和学生食堂",
                "师生", "学校行政楼会议室", "总务处",
                ("校园", "学生食堂", "教学楼", "学生宿舍区", "学校报告厅")),
    "医院": Kind("我院", ("党委书记", "院长"), "各科室和病区", "门诊楼、住院部和医疗废物暂存点",
                "医护人员和就诊群众", "行政楼会议室", "后勤保障科",
                ("门诊楼", "住院部", "院区", "医疗废物暂存点", "医院学术报告厅")),
}

UNITS = (
    ("示例县教育局", "局"), ("示例县住房和城乡建设局", "局"), ("示例县交通运输局", "局"),
    ("示例县农业农村局", "局"), ("示例县市场监督管理局", "局"), ("示例县自然资源局", "局"),
    ("示例县水利局", "局"), ("示例县文化和旅游局", "局"), ("示例县民政局", "局"),
    ("示例县商务局", "局"), ("示例县人力资源和社会保障局", "局"), ("示例县综合行政执法局", "局"),
    ("示例县林业局", "局"), ("示例县审计局", "局"),
    ("示例县东关街道办事处", "街道"), ("示例县城北街道办事处", "街道"),
    ("示例县北苑街道办事处", "街道"), ("示例县城东街道办事处", "街道"),
    ("示例县青石镇人民政府", "镇"), ("示例县柳河镇人民政府", "镇"), ("示例县白沙镇人民政府", "镇"),
    ("示例县桃源镇人民政府", "镇"), ("示例县石门镇人民政府", "镇"),
    ("示例县第一中学", "学校"), ("示例县第二中学", "学校"), ("示例县实验小学", "学校"),
    ("示例县城关小学", "学校"), ("示例县职业中等专业学校", "学校"),
    ("示例县人民医院", "医院"), ("示例县中医医院", "医院"), ("示例县妇幼保健院", "医院"),
    ("示例县第二人民医院", "医院"),
)
MISSING_H1 = ("示例县水利局", "示例县石门镇人民政府", "示例县第二人民医院")
"""Members still missing their 2026-H1 records."""
EXEMPT = "示例县实验小学"
"""The school exempt from the 考评 (学校放假, recorded by the office): no score row."""
NOTES = {"示例县人民医院": "以门诊楼及住院部为样本", "示例县青石镇人民政府": "含镇区和两个行政村"}

SURNAMES = "丁马方尹田白石叶史付汤许阎杜沈宋邱何范金姚贾钱顾郝秦袁黄韩彭潘蔡熊薛邓魏谭罗苏曹龙段侯雷葛卢蒋程"

# ---------------------------------------------------------------- phrase pools
# {self} {parts} {area} {people} are filled in from the unit's kind.

OPENERS = {"H1": ("今年以来", "上半年", "年初以来"), "H2": ("下半年以来", "7月以来", "进入下半年")}
STANCES = ("按照县创卫办的统一部署", "围绕创建国家卫生县城的目标", "紧扣全县创卫年度任务",
           "瞄准国家卫生县城评审要求")
APPROACHES = ("把创卫工作与日常业务同步谋划、同步推进", "坚持问题导向，边查边改、立查立改",
              "以{area}为重点持续用力", "把责任落到{parts}，把任务落到具体岗位")
RESULTS = ("经过持续整治，{area}的卫生状况明显好转，{people}参与创卫的主动性不断增强。",
           "目前，{area}基本做到了日常有人管、问题有人改，{people}的卫生健康意识进一步提高。",
           "各项任务总体按进度推进，一批群众反映集中的卫生问题得到解决。",
           "从检查情况看，整改问题的速度明显加快，{people}对创卫的认同感持续提升。")

SECTIONS = {
    "组织": (("健全工作机制，压实创卫责任", "加强统筹调度，推动任务落地", "明确责任分工，凝聚工作合力"),
           ("{self}成立了由主要负责同志牵头的创卫工作专班", "{self}及时调整充实了创卫工作领导小组",
            "{self}把创卫任务列入本年度重点工作清单"),
           ("对照县创卫办下发的任务清单逐项分解到{parts}", "实行周调度、月通报的推进办法",
            "明确每项任务的责任人和完成时限"),
           ("做到任务有人认领、进度有人跟踪。", "推进情况纳入年度考核。",
            "遇到难点问题由分管负责同志现场协调解决。")),
    "宣传": (("创新宣传方式，营造创卫氛围", "抓好健康教育，提升健康素养", "广泛宣传发动，引导全员参与"),
           ("{self}利用宣传栏、电子屏和微信群等渠道", "{self}结合重要时间节点",
            "{self}组织志愿服务队伍"),
           ("向{people}宣传创卫知识和健康生活方式", "开展卫生健康知识集中宣传",
            "把垃圾分类、控烟限酒和传染病预防知识送到身边"),
           ("创卫知晓率和支持率稳步提高。", "形成了人人关心创卫、人人参与创卫的良好局面。",
            "越来越多的{people}主动参与到创卫工作中来。")),
    "环境": (("聚焦薄弱环节，开展环境整治", "坚持常态长效，巩固整治成果", "狠抓日常保洁，改善环境面貌"),
           ("{self}以{area}为重点", "{self}坚持集中整治与日常保洁相结合",
            "{self}针对检查反馈的突出问题"),
           ("分批次清理积存垃圾和卫生死角", "落实卫生责任区和保洁巡查制度",
            "对乱堆乱放、乱贴乱画等问题逐一建账整改"),
           ("环境卫生面貌明显改善。", "整治成果得到巩固，反弹问题明显减少。",
            "一批长期存在的卫生死角得到清理。")),
    "病媒": (("科学防制病媒，降低四害密度", "抓住关键时段，开展病媒防制"),
           ("{self}在病媒生物活跃季节", "{self}按照县爱卫办的技术要求",
            "{self}会同专业消杀机构"),
           ("集中开展灭鼠、灭蚊蝇行动", "规范设置毒饵站并定期检查补充",
            "发动{people}清除积水容器、翻盆倒罐"),
           ("病媒生物孳生地明显减少。", "重点场所防鼠、防蝇设施基本齐全。",
            "四害密度控制在标准范围以内。")),
}

PROBLEMS = ("部分区域保洁标准不够统一，个别部位检查过后出现反弹。",
            "{people}参与创卫的积极性不够均衡，少数人仍有等待观望思想。",
            "病媒生物防制设施维护不够及时，个别防鼠网、挡鼠板存在破损。",
            "健康教育形式较为单一，宣传的针对性和覆盖面有待提高。",
            "问题整改台账更新不够及时，个别问题整改进度滞后。",
            "基础设施欠账较多，垃圾收集容器配置仍有不足。")
PLANS = ("按照国家卫生县城评审要求再开展一轮全面自查，问题逐条建账、限期销号。",
         "完善日常保洁和巡查制度，把检查结果与{parts}考核挂钩。",
         "抓住季节节点组织病媒生物集中防制，及时维修更换防制设施。",
         "丰富健康教育形式，结合{people}的需求开展有针对性的宣传活动。",
         "加强与县创卫办的沟通对接，及时掌握工作要求和检查反馈。")


@dataclass(frozen=True)
class Template:
    """An activity that can happen in the given months (and days), for the given kinds (all if empty)."""

    category: str
    title: str
    months: tuple[int, ...]
    kinds: tuple[str, ...] = ()
    days: tuple[int, int] = (1, 28)


ALL_MONTHS = tuple(range(1, 12))
ACTIVITIES = (
    Template("宣传教育", "新春卫生健康知识宣传", (1, 2)),
    Template("宣传教育", "爱国卫生月主题宣传", (4,)),
    Template("宣传教育", "创卫应知应会入户宣传", ALL_MONTHS, ("街道", "镇")),
    Template("宣传教育", "垃圾分类知识宣传", ALL_MONTHS),
    Template("宣传教育", "秋冬季传染病防治知识宣传", (10, 11)),
    Template("宣传教育", "国庆假期文明卫生宣传", (9,)),
    Template("宣传教育", "创卫知识主题班会", (3, 4, 5, 9, 10, 11), ("学校",)),
    Template("环境整治", "节前环境卫生大扫除", (1, 2, 9)),
    Template("环境整治", "背街小巷卫生死角清理", ALL_MONTHS, ("街道", "镇")),
    Template("环境整治", "办公区域及院落卫生清理", ALL_MONTHS, ("局",)),
    Template("环境整治", "校园环境卫生集中清理", (2, 3, 6, 8, 9, 11), ("学校",)),
    Template("环境整治", "院区环境卫生专项整治", ALL_MONTHS, ("医院",)),
    Template("环境整治", "集贸市场周边环境整治", ALL_MONTHS, ("街道", "镇")),
    Template("环境整治", "汛期积存垃圾清运", (6, 7, 8)),
    Template("环境整治", "秋季环境卫生集中整治", (9, 10)),
    Template("病媒生物防制", "春季统一灭鼠行动", (3, 4)),
    Template("病媒生物防制", "夏季灭蚊灭蝇行动", (6, 7, 8)),
    Template("病媒生物防制", "秋季统一灭鼠行动", (9, 10)),
    Template("病媒生物防制", "积水容器清理行动", (5, 6, 7, 8, 9)),
    Template("健康促进", "健康知识讲座", ALL_MONTHS),
    Template("健康促进", "世界无烟日主题活动", (5,), (), (25, 31)),
    Template("健康促进", "全民健身健步走活动", (4, 5, 9, 10)),
    Template("健康促进", "合理膳食与食品安全宣讲", ALL_MONTHS),
    Template("健康促进", "秋季开学健康教育第一课", (9,), ("学校",)),
)
METRICS = {  # the shared metric names of each category, all in the same unit everywhere
    "宣传教育": ("宣传资料", "横幅", "参与人员"),
    "环境整治": ("清理垃圾", "参与人员"),
    "病媒生物防制": ("清除积水点", "参与人员"),
    "健康促进": ("参与人员", "宣传资料"),
}

MEETINGS = {
    "H1": (("创卫工作部署会", (1, 2, 3)), ("爱国卫生月活动安排会", (3, 4)),
           ("创卫工作推进会", (4, 5, 6)), ("环境卫生整治专题会", (2, 3, 4, 5, 6))),
    "H2": (("下半年创卫工作推进会", (7, 8)), ("创卫迎检工作调度会", (9, 10, 11)),
           ("秋冬季病媒生物防制工作部署会", (9, 10))),
}
DECISIONS = ("重新划分卫生责任区，落实到{parts}。", "月底前完成一轮病媒生物防制设施检查维修。",
             "建立问题整改台账，每周更新整改进度。", "组织开展一次面向{people}的集中宣传活动。",
             "安排专人负责创卫资料的收集整理和归档。", "对检查反馈的问题逐项明确整改措施和时限。")
INSPECTIONS = {
    "县创卫办": ("创卫工作季度检查", "环境卫生暗访检查", "病媒生物防制专项检查", "控烟工作专项检查"),
    "自查": ("环境卫生全面自查", "病媒生物防制设施自查", "健康教育阵地自查", "卫生责任区落实情况自查"),
}

HOLIDAYS = {"学校": ((date(2026, 1, 24), date(2026, 2, 24)), (date(2026, 7, 8), date(2026, 8, 24)))}
"""When a kind of unit has nothing on: a school's winter and summer holidays."""
PERIODS = {"H1": (date(2026, 1, 5), date(2026, 6, 28)), "H2": (date(2026, 7, 3), date(2026, 11, 20))}
PERIOD_NAMES = {"H1": "2026年上半年", "H2": "2026年下半年"}


# ---------------------------------------------------------------- YAML writing

_PLAIN_START = set("-?:,[]{}#&*!|>'\"%@` ")


def scalar(value: object) -> str:
    """A value written plainly, as the hand-written sample does; it must read back as written."""
    text = value.isoformat() if isinstance(value, date) else str(value)
    if not text or text[0] in _PLAIN_START or ": " in text or " #" in text or "\n" in text:
        raise ValueError(f"cannot be written plainly in YAML: {text!r}")
    return text


def fill(text: str, unit: Unit) -> str:
    kind = KINDS[unit.kind]
    return text.format(self=kind.self_name, parts=kind.parts, area=kind.area, people=kind.people)


def person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)}某某"


def leaders_of(unit: Unit) -> list[tuple[str, str]]:
    """One or two leaders, (name, title), with names that differ."""
    rng = random.Random(f"{SEED}/{unit.name}/leaders")
    titles = KINDS[unit.kind].leaders
    names = rng.sample(SURNAMES, 2)
    count = rng.choice((1, 2, 2))
    return [(f"{names[i]}某某", titles[i]) for i in range(count)]


def unit_yaml(unit: Unit) -> str:
    lines = [f"# 单位信息：各期间共用（虚构示例数据，由 {GENERATOR} 生成）",
             f"name: {scalar(unit.name)}", f"self_name: {KINDS[unit.kind].self_name}",
             "superior: 县创卫办", "theme: 创卫工作", "leaders:"]
    for name, title in leaders_of(unit):
        lines += [f"  - name: {name}", f"    title: {title}"]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- one period's ledger

def day_between(rng: random.Random, start: date, end: date, unit: Unit | None = None) -> date | None:
    """A day from *start* to *end*, outside *unit*'s holidays (None when no such day was drawn)."""
    for _ in range(20):
        day = start + timedelta(days=rng.randint(0, (end - start).days))
        if unit is None or not any(a <= day <= b for a, b in HOLIDAYS.get(unit.kind, ())):
            return day
    return None


def template_day(rng: random.Random, template: Template, half: str, unit: Unit) -> date | None:
    """A day for *template* inside the half's window, or None when it cannot happen then."""
    first, last = PERIODS[half]
    months = [m for m in template.months if first.month <= m <= last.month]
    if not months:
        return None
    month = rng.choice(months)
    low = max(date(2026, month, template.days[0]), first)
    high = min(date(2026, month, min(template.days[1], monthrange(2026, month)[1])), last)
    return day_between(rng, low, high, unit) if low <= high else None


def amount(rng: random.Random, metric: str, scale: int) -> str:
    if metric == "宣传资料":
        count = rng.randrange(2, 31) * 100 * scale
        return f"{count}余份" if rng.random() < 0.3 else f"{count + rng.choice((0, 50))}份"
    if metric == "参与人员":
        count = rng.randrange(3, 31) * 10 * scale
        return f"{count}余人次" if rng.random() < 0.25 else f"{count + rng.randrange(0, 10)}人次"
    if metric == "清理垃圾":
        tons = rng.randrange(2, 40) * scale
        return f"{tons // 2}.5吨" if tons % 2 else f"{tons // 2}吨"
    if metric == "横幅":
        return f"{rng.randint(1, 6)}条"
    return f"{rng.randint(5, 40) * scale}处"  # 清除积水点


def activities(rng: random.Random, unit: Unit, half: str) -> list[dict[str, object]]:
    scale = 2 if unit.kind in ("街道", "镇") else 1
    usable = [t for t in ACTIVITIES if not t.kinds or unit.kind in t.kinds]
    rng.shuffle(usable)
    wanted = rng.randint(2, 6)
    chosen: list[dict[str, object]] = []
    for template in usable:
        day = template_day(rng, template, half, unit)
        if day is None:
            continue
        names = METRICS[template.category]
        metrics = {m: amount(rng, m, scale) for m in names[:rng.randint(1, len(names))]}
        chosen.append({"date": day, "category": template.category, "title": template.title,
                       "place": rng.choice(KINDS[unit.kind].places), "metrics": metrics})
        if len(chosen) == wanted:
            break
    return sorted(chosen, key=lambda a: (a["date"], a["title"]))


def meetings(rng: random.Random, unit: Unit, half: str) -> list[dict[str, object]]:
    kind = KINDS[unit.kind]
    leaders = leaders_of(unit)
    pool = list(MEETINGS[half])
    rng.shuffle(pool)
    result = []
    for title, months in pool[:rng.choice((0, 1, 1, 2))]:
        month = rng.choice(months)
        first, last = PERIODS[half]
        day = day_between(rng, max(date(2026, month, 1), first), min(date(2026, month, 28), last), unit)
        if day is None:
            continue
        attendees = [name for name, _ in leaders] + [f"{kind.office}负责人{person(rng)}"]
        decisions = [fill(text, unit) for text in rng.sample(DECISIONS, rng.randint(1, 3))]
        result.append({"date": day, "title": title, "place": kind.room, "host": leaders[0][0],
                       "attendees": attendees, "decisions": decisions, "owner": kind.office})
    return sorted(result, key=lambda m: (m["date"], m["title"]))


def found_and_rectified(rng: random.Random) -> tuple[str, int]:
    if rng.random() < 0.2:
        found = rng.choice((10, 10, 20))
        return f"{found}余个", found - rng.randint(0, 3)
    found = rng.randint(3, 18)
    return str(found), found - rng.choice((0, 0, 1, 2))


def inspections(rng: random.Random, unit: Unit, half: str) -> list[dict[str, object]]:
    result = []
    first, last = PERIODS[half]
    for _ in range(rng.randint(1, 3)):
        by = rng.choice(tuple(INSPECTIONS))
        found, rectified = found_and_rectified(rng)
        day = day_between(rng, first, last, unit)
        if day is None:
            continue
        entry: dict[str, object] = {"date": day, "by": by,
                                    "subject": rng.choice(INSPECTIONS[by]), "found": found,
                                    "rectified": rectified}
        if by == "县创卫办" and rng.random() < 0.6:
            entry["score"] = half_point(rng, 80, 97)
        result.append(entry)
    return sorted(result, key=lambda i: str(i["date"]))


def half_point(rng: random.Random, low: float, high: float) -> str:
    """A score of whole or half points between *low* and *high*: 88 or 88.5."""
    value = Decimal(rng.randint(int(low * 2), int(high * 2))) / 2
    return f"{value:.1f}".removesuffix(".0")


def overview(rng: random.Random, unit: Unit, half: str) -> str:
    approach = rng.choice(APPROACHES)
    first = f"{rng.choice(OPENERS[half])}，{{self}}{rng.choice(STANCES)}，{approach}。"
    results = [r for r in RESULTS if "{area}" not in approach or "{area}" not in r]
    text = first + (rng.choice(results) if rng.random() < 0.7 else "")
    return fill(text, unit)


def sections(rng: random.Random, unit: Unit) -> list[tuple[str, str]]:
    themes = ["组织", *rng.sample(("宣传", "环境", "病媒"), rng.randint(1, 2))]
    result = []
    for theme in themes:
        headings, subjects, actions, effects = SECTIONS[theme]
        paragraph = f"{rng.choice(subjects)}，{rng.choice(actions)}，{rng.choice(effects)}"
        result.append((rng.choice(headings), fill(paragraph, unit)))
    return result


@dataclass
class Ledger:
    """One period's records, drawn at random, before they are written out."""

    date: date
    overview: str
    sections: list[tuple[str, str]]
    activities: list[dict[str, object]]
    meetings: list[dict[str, object]]
    inspections: list[dict[str, object]]
    problems: list[str]
    plans: list[str]


def draw_ledger(unit: Unit, half: str) -> Ledger:
    rng = random.Random(f"{SEED}/{unit.name}/{half}")
    written = date(2026, 7, rng.randint(1, 10)) if half == "H1" else date(2026, 12, rng.randint(18, 31))
    return Ledger(
        date=written, overview=overview(rng, unit, half), sections=sections(rng, unit),
        activities=activities(rng, unit, half), meetings=meetings(rng, unit, half),
        inspections=inspections(rng, unit, half),
        problems=[fill(p, unit) for p in rng.sample(PROBLEMS, rng.randint(1, 2))],
        plans=[fill(p, unit) for p in rng.sample(PLANS, rng.randint(1, 2))])


def ledger_lines(ledger: Ledger) -> list[str]:
    lines = [f"date: {scalar(ledger.date)}", f"overview: {scalar(ledger.overview)}", "", "sections:"]
    for heading, paragraph in ledger.sections:
        lines += [f"  - heading: {scalar(heading)}", "    paragraphs:", f"      - {scalar(paragraph)}"]
    lines += ["", "activities:"]
    for activity in ledger.activities:
        lines += [f"  - date: {scalar(activity['date'])}", f"    category: {activity['category']}",
                  f"    title: {scalar(activity['title'])}", f"    place: {scalar(activity['place'])}",
                  "    metrics:"]
        metrics = activity["metrics"]
        assert isinstance(metrics, dict)
        lines += [f"      {name}: {scalar(value)}" for name, value in metrics.items()]
    if ledger.meetings:
        lines += ["", "meetings:"]
    for meeting in ledger.meetings:
        attendees, decisions = meeting["attendees"], meeting["decisions"]
        assert isinstance(attendees, list) and isinstance(decisions, list)
        lines += [f"  - date: {scalar(meeting['date'])}", f"    title: {scalar(meeting['title'])}",
                  f"    place: {scalar(meeting['place'])}", f"    host: {scalar(meeting['host'])}",
                  "    attendees:", *[f"      - {scalar(a)}" for a in attendees],
                  "    decisions:"]
        for index, text in enumerate(decisions):
            lines.append(f"      - text: {scalar(text)}")
            if index == 0:
                lines.append(f"        owner: {scalar(meeting['owner'])}")
    lines += ["", "inspections:"]
    for inspection in ledger.inspections:
        (key, value), *rest = inspection.items()
        lines.append(f"  - {key}: {scalar(value)}")
        lines += [f"    {key}: {scalar(value)}" for key, value in rest]
    lines += ["", "problems:", *[f"  - {scalar(p)}" for p in ledger.problems]]
    lines += ["", "plans:", *[f"  - {scalar(p)}" for p in ledger.plans]]
    return lines


def shorten(ledger: Ledger, rng: random.Random) -> bool:
    """Drop one entry (an activity, else a meeting, else a section) to keep the file small;
    False when nothing more can go."""
    if len(ledger.activities) > 2:
        del ledger.activities[rng.randrange(len(ledger.activities))]
    elif ledger.meetings:
        ledger.meetings.pop()
    elif len(ledger.sections) > 2:
        ledger.sections.pop()
    else:
        return False
    return True


def period_yaml(unit: Unit, half: str) -> str:
    ledger = draw_ledger(unit, half)
    period = f"2026-{half}"
    header = [f"# {unit.name} {PERIOD_NAMES[half]}创卫工作台账（虚构示例数据，由 {GENERATOR} 生成）",
              f"period: {period}"]
    rng = random.Random(f"{SEED}/{unit.name}/{half}/shorten")
    lines = header + ledger_lines(ledger)
    while len(lines) > MAX_LINES and shorten(ledger, rng):
        lines = header + ledger_lines(ledger)
    text = "\n".join(lines) + "\n"
    if yaml.safe_load(text)["period"] != period:  # the text must read back as the records drawn
        raise AssertionError(period)
    return text


# ---------------------------------------------------------------- the office's score sheet

PARTS = ("环境卫生", "健康教育", "除“四害”")
WEIGHTS = (Decimal(3), Decimal(3), Decimal(4))
CLASS_SHARES = (("一类", 13), ("二类", 14), ("三类", 6))
RANGES = {"一类": (86, 99), "二类": (70, 95), "三类": (52, 84)}


def members() -> list[str]:
    """The office's members in the order of its score sheet: bureaus, street offices, towns,
    schools, hospitals; the hand-written sample units first of their kind."""
    ordered = [HAND_WRITTEN[0]] + [n for n, k in UNITS if k == "局"] + [HAND_WRITTEN[1]]
    return ordered + [n for n, k in UNITS if k != "局"]


def weighted(scores: tuple[Decimal, ...]) -> Decimal:
    return sum((s * w for s, w in zip(scores, WEIGHTS, strict=True)), Decimal(0)) / sum(WEIGHTS)


def in_class(total: Decimal, name: str) -> bool:
    """*total* is clearly in the class *name*: at least half a point from the next boundary, so
    that no rounding rule moves it."""
    if name == "一类":
        return total >= 90
    if name == "二类":
        return Decimal(75) <= total <= Decimal("89.4")
    return total <= Decimal("74.4")


def draw_scores(rng: random.Random, name: str) -> tuple[Decimal, ...]:
    low, high = RANGES[name]
    while True:
        scores = tuple(Decimal(half_point(rng, low, high)) for _ in PARTS)
        if in_class(weighted(scores), name) and scores[0] != scores[1]:
            return scores


def score_rows() -> list[tuple[str, tuple[Decimal, ...], str]]:
    """(unit, scores, note) per scored member; the second 二类 unit takes the first one's scores of
    the two parts weighted alike the other way round, an exact tie in the weighted total."""
    rng = random.Random(f"{SEED}/scores")
    scored = [m for m in members() if m != EXEMPT]
    order = scored[:]
    rng.shuffle(order)
    classes = [name for name, count in CLASS_SHARES for _ in range(count)]
    assert len(classes) == len(scored)
    drawn = {unit: draw_scores(rng, name) for unit, name in zip(order, classes, strict=True)}
    first, second = [u for u, c in zip(order, classes, strict=True) if c == "二类"][:2]
    a, b, c = drawn[first]
    drawn[second] = (b, a, c)
    return [(unit, drawn[unit], NOTES.get(unit, "")) for unit in scored]


def number(score: Decimal) -> int | float:
    return int(score) if score == score.to_integral_value() else float(score)


def scores_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "得分"
    sheet.append(["序号", "单位", *PARTS, "备注"])
    for index, (unit, scores, note) in enumerate(score_rows(), start=1):
        sheet.append([index, unit, *(number(s) for s in scores), note or None])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEF", (6, 30, 10, 10, 10, 24), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    book.properties.creator = GENERATOR
    book.properties.created = book.properties.modified = datetime(2026, 1, 1)
    buffer = io.BytesIO()
    book.save(buffer)
    return reproducible(buffer.getvalue())


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def reproducible(data: bytes) -> bytes:
    """The workbook with fixed zip timestamps and the fixed modification time openpyxl replaces
    with the clock's when it saves."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            part = source.read(name)
            if name == "docProps/core.xml":
                part = _MODIFIED.sub(rb"\g<1>2026-01-01T00:00:00Z\g<2>", part)
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, part)
    return buffer.getvalue()


# ---------------------------------------------------------------- all files

def generated_units() -> list[Unit]:
    return [Unit(name, kind) for name, kind in UNITS]


def halves(unit: Unit) -> list[str]:
    """The periods *unit* has records of: 2026-H1 unless still missing, 2026-H2 for every other
    member (by a fixed draw)."""
    result = [] if unit.name in MISSING_H1 else ["H1"]
    if random.Random(f"{SEED}/{unit.name}/H2?").random() < 0.5 and unit.name not in MISSING_H1:
        result.append("H2")
    return result


def generate() -> dict[str, bytes]:
    """Every file this script writes: its path under the repository root → its bytes."""
    files: dict[str, bytes] = {}
    for unit in generated_units():
        folder = f"data/{unit.name}"
        files[f"{folder}/unit.yaml"] = unit_yaml(unit).encode("utf-8")
        for half in halves(unit):
            files[f"{folder}/2026-{half}.yaml"] = period_yaml(unit, half).encode("utf-8")
    files[SCORES] = scores_xlsx()
    return files


def write(root: Path) -> list[tuple[str, bool]]:
    """Write every file under *root*; (path, changed) for each, unchanged files left alone."""
    written = []
    for relative, data in generate().items():
        path = root / relative
        changed = not path.is_file() or path.read_bytes() != data
        if changed:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        written.append((relative, changed))
    return written


def main() -> int:
    written = write(ROOT)
    for relative, changed in written:
        print(f"{'已写出' if changed else '无变化'} {relative}")
    units = generated_units()
    missing = [u.name for u in units if "H1" not in halves(u)]
    with_h2 = [u.name for u in units if "H2" in halves(u)]
    print(f"共 {len(units)} 个成员单位：{len(units) - len(missing)} 个有 2026-H1 台账，"
          f"{len(with_h2)} 个有 2026-H2 台账；尚缺 2026-H1 台账：{'、'.join(missing)}")
    print(f"考评得分表 {SCORES}：{len(score_rows())} 个单位，{EXEMPT}免于考评（学校放假），不列入")
    extra = sorted(str(p.relative_to(ROOT)) for u in units for p in (ROOT / "data" / u.name).iterdir()
                   if str(p.relative_to(ROOT)) not in dict(written))
    for path in extra:
        print(f"注意：{path} 不是本工具生成的文件，未作改动")
    return 0


if __name__ == "__main__":
    sys.exit(main())
