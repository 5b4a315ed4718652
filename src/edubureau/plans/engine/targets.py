"""Quantitative targets of a plan: "新建、改扩建幼儿园148所", "新增学位1.75万个", "每周督查不少于2次".

A target is a number (Arabic or Chinese, 万/亿 applied, or a range "3-5项", or an anonymised "x所")
followed by a unit of count or measure. Not targets: dates and years (no 年/月/日 unit is accepted),
document numbers (号), ordinals (第二批, 第八届), names inside quotes or brackets (“555行动计划”,
“三通两平台”) and words that merely contain a numeral (十九大, 一校一策, 一批). A single-digit Chinese
numeral counts only where a plan sets an amount: after a comparator, a frequency (每周, 每学期) or a
verb of doing (新建, 培训, 上一节…). Pure functions, no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cleaning import LEADING_MARKER
from .numerals import cn_to_int, to_number

ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
CHINESE = r"[零〇一二两三四五六七八九十百千万亿]+"
PLACEHOLDER = r"(?<![A-Za-z])[xX×]+"
NUM = rf"(?:{ARABIC}|{PLACEHOLDER}|{CHINESE})"
MULT = r"[万亿]?"
# unit as written → (unit reported, factor applied to the number)
UNITS = {
    "个百分点": ("个百分点", 1),
    "平方公里": ("平方米", 1_000_000),
    "平方米": ("平方米", 1),
    "立方米": ("立方米", 1),
    "公顷": ("公顷", 1),
    "人次": ("人次", 1),
    "课时": ("课时", 1),
    "学时": ("学时", 1),
    "小时": ("小时", 1),
    "分钟": ("分钟", 1),
    "公里": ("米", 1000),
    "千米": ("米", 1000),
    "米": ("米", 1),
    "亩": ("亩", 1),
    "元": ("元", 1),
    "%": ("%", 1),
    "％": ("%", 1),
    **{u: (u, 1) for u in "个所人名位次项辆间台套册处场节家座张本部篇户件期天周班门块条份倍"},
}
UNIT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
QUANTITY = re.compile(
    rf"(?P<a>{NUM})(?P<am>{MULT})(?:\s*[-－—~～至到]\s*(?P<b>{NUM})(?P<bm>{MULT}))?(?P<approx>多|余)?(?P<unit>{UNIT})"
)
PERCENT_WORDS = re.compile(r"百分之(?P<a>[零一二两三四五六七八九十百点]+)")
FACTORS = {"": 1, "万": 10_000, "亿": 100_000_000}

COMPARATORS = [
    ("不少于", "不少于"),
    ("不低于", "不少于"),
    ("不少", "不少于"),
    ("至少", "至少"),
    ("不超过", "不超过"),
    ("不高于", "不超过"),
    ("控制在", "控制在"),
    ("力争", "力争"),
    ("争取", "力争"),
    ("争创", "力争"),
    ("达到", "达到"),
]
AFTER_COMPARATORS = [("以上", "以上"), ("以内", "不超过"), ("以下", "不超过"), ("左右", "左右")]
VERBS = (
    "新招聘 新增 新建 改扩建 扩建 迁建 建成 建设 创建 争创 培育 打造 招聘 选拔 培训 培养 完成 达到 增加 增至 提高 "
    "举办 组织 开展 配备 配齐 更新 改造 申报 评选 认定 设立 建立 引进 资助 竣工 完工 添置 购置 发放 开设 办 上 建 "
    "设 有 投资 投入 解决 接收 招收 新招 再培育 充实完善 完善 开工 开工新建 新建成"
).split()
FREQUENCY = re.compile(r"每(?:年|学年|学期|季度|月|周|天|日|次|个|所|校|班|人|县)")
DEADLINE = re.compile(
    r"(?:到|至)?(?:\d{4}|[xX]{4})年(?:\d{1,2}月|[xX]{1,2}月)?(?:底|末)?前"
    r"|(?:到|至)(?:\d{4}|[xX]{4})年(?:底|末)?|(?:\d{4}|[xX]{4})年(?:底|末)"
    r"|今年底前?|年内|年底前|年底|年末"
    r"|(?:\d{1,2}|[一二三四五六七八九十]{1,3}|[xX]{1,2})月(?:底|末|中旬|上旬|下旬)?前"
    r"|本学期|学期内|本学年"
    # a schedule slot opening a sentence: "3-4月，…6所学校建设项目开复工"
    r"|(?<![\d年])(?:\d{1,2}[-－—~～至])?\d{1,2}月(?=[，,])"
)
CLAUSE_END = "，,；;。！!？?：:\n"
OBJECT_STOP = re.compile(
    r"[，,；;。！!？?：:、（(）)\n]|[和及与](?=\d|[xX]|[一二两三四五六七八九十]+[个所名项次])|\d|[xX](?=[个所名次人项])"
)
MONEY_WORDS = ("投资", "投入", "经费", "资金")
PREP_STOP = re.compile(r"[，,；;。！!？?：:\n]")
QUOTES = '“”"《》‘’'
SENTENCE_END = "。；;！!？?\n"


@dataclass
class Target:
    """One quantitative target as the plan states it; ``number`` is None for a range or an anonymised figure."""

    text: str
    number: float | None
    low: float | None
    high: float | None
    comparator: str | None
    unit: str
    object: str
    deadline: str | None
    start: int
    unknown: bool = False
    item: str | None = None

    def as_dict(self) -> dict:
        return {
            "text": self.text,
            "number": self.number,
            "low": self.low,
            "high": self.high,
            "comparator": self.comparator,
            "unit": self.unit,
            "object": self.object,
            "deadline": self.deadline,
            "item": self.item,
            "unknown": self.unknown,
        }


def _value(raw: str, mult: str, factor: float) -> float | None:
    """The scaled value of one number; None for a placeholder."""
    if re.fullmatch(PLACEHOLDER, raw):
        return None
    value = to_number(raw)
    if value is None:
        return None
    value *= FACTORS.get(mult, 1) * factor
    return round(value, 6) if value % 1 else float(int(value))


def _inside_quotes(body: str, pos: int) -> bool:
    """Whether ``pos`` falls inside “…”, "…" or 《…》 of the same paragraph: a name, not an amount."""
    para = body.rfind("\n", 0, pos) + 1
    before = body[para:pos]
    if before.rfind("“") > before.rfind("”") or before.rfind("《") > before.rfind("》"):
        return True
    return before.count('"') % 2 == 1


def _clause_before(body: str, pos: int, stops: str = CLAUSE_END) -> str:
    start = max(body.rfind(ch, 0, pos) for ch in stops) + 1
    return body[start:pos]


def _is_small_chinese(raw: str) -> bool:
    value = cn_to_int(raw)
    return value is not None and value < 10 and not re.search("[十百千万亿]", raw)


def _sets_an_amount(clause: str) -> bool:
    """A lone 一/两/三 is an amount only after a comparator, a frequency or a verb of doing."""
    tail = clause[-8:]
    if any(word in tail for word, _ in COMPARATORS) or FREQUENCY.search(tail):
        return True
    return any(clause.endswith(verb) for verb in VERBS)


def _comparator(clause: str, after: str, approx: str | None) -> str | None:
    tail = clause[-16:]
    for word, name in COMPARATORS:
        if word in tail:
            return name
    for word, name in AFTER_COMPARATORS:
        if after.startswith(word):
            return name
    return "以上" if approx else None


STRIPPED = sorted(
    {w for w, _ in COMPARATORS}
    | {v for v in VERBS if len(v) > 1}
    | {"确保", "其中", "全市", "全县", "全区", "要", "再", "都"},
    key=len,
    reverse=True,
)


def _strip_words(phrase: str) -> str:
    """The counted object out of the words before a number: comparators, deadlines and verbs removed.

    >>> _strip_words("年内争取新招聘教师"), _strip_words("其中新建"), _strip_words("建筑面积")
    ('教师', '', '建筑面积')

    An item's own number is not part of its object (issue 17):

    >>> _strip_words("⑴新建幼儿园"), _strip_words("（2）培训保教人员"), _strip_words("1.新增学位")
    ('幼儿园', '保教人员', '学位')
    """
    phrase = LEADING_MARKER.sub("", phrase, count=1)
    phrase = DEADLINE.sub("", phrase)
    for ch in QUOTES:
        phrase = phrase.replace(ch, "")
    changed = True
    while changed and phrase:
        changed = False
        for word in STRIPPED:
            if phrase.startswith(word):
                phrase, changed = phrase[len(word) :], True
                break
            if phrase.endswith(word):
                phrase, changed = phrase[: -len(word)], True
                break
    return phrase.strip("的 ")


def _object(body: str, start: int, end: int) -> str:
    after = body[end : end + 24]
    for word, _ in AFTER_COMPARATORS:
        if after.startswith(word):
            after = after[len(word) :]
    after = after.lstrip("的")
    if after.startswith(("在", "对", "为", "用于", "以")):
        # "3-5项在全国、全省有影响力的亮点工作": the object follows the last 的 of the clause.
        stop = PREP_STOP.search(after)
        window = after[: stop.start()] if stop else after
        after = window.rsplit("的", 1)[1] if "的" in window else ""
    stop = OBJECT_STOP.search(after)
    phrase = after[: stop.start()] if stop else after
    for ch in QUOTES:
        phrase = phrase.replace(ch, "")
    if phrase and not phrase.startswith(("和", "及", "等")):
        return phrase[:16]
    before = _clause_before(body, start, CLAUSE_END + "、")
    stripped = _strip_words(before)[-16:]
    if not stripped and before.endswith(MONEY_WORDS):  # "投资2.5亿元": the money itself is the object
        return next(w for w in MONEY_WORDS if before.endswith(w))
    return stripped


def _deadline(body: str, start: int) -> str | None:
    sentence_start = max(body.rfind(ch, 0, start) for ch in SENTENCE_END) + 1
    ends = [i for ch in SENTENCE_END if (i := body.find(ch, start)) >= 0]
    sentence_end = min(ends) if ends else len(body)
    before = list(DEADLINE.finditer(body, sentence_start, start))
    if before:
        return before[-1].group(0)
    after = DEADLINE.search(body, start, sentence_end)
    return after.group(0) if after else None


def find_targets(body: str) -> list[Target]:
    """Every quantitative target in ``body``, in order of appearance."""
    found: list[Target] = []
    for match in QUANTITY.finditer(body):
        start, end = match.span()
        a, b = match.group("a"), match.group("b")
        before_char = body[start - 1] if start else ""
        if before_char in "第首" or before_char.isascii() and before_char.isalnum():
            continue  # 第二批, A4, a document number's tail
        if _inside_quotes(body, start):
            continue
        clause = _clause_before(body, start)
        if _is_small_chinese(a) and not b and not _sets_an_amount(clause):
            continue
        if re.fullmatch(CHINESE, a) and not cn_to_int(a) or b and re.fullmatch(CHINESE, b) and not cn_to_int(b):
            continue
        unit, factor = UNITS[match.group("unit")]
        low = _value(a, match.group("am"), factor)
        high = _value(b, match.group("bm") or match.group("am"), factor) if b else None
        if b and not match.group("am") and match.group("bm"):  # "1至2万平方米": 万 applies to both ends
            low = _value(a, match.group("bm"), factor)
        unknown = bool(re.fullmatch(PLACEHOLDER, a) or (b and re.fullmatch(PLACEHOLDER, b)))
        number = None if b else low
        after = body[end : end + 4]
        extra = next((w for w, _ in AFTER_COMPARATORS if after.startswith(w)), "")
        found.append(
            Target(
                text=body[start : end + len(extra)],
                number=number,
                low=low if b else None,
                high=high,
                comparator=_comparator(clause, after, match.group("approx")),
                unit=unit,
                object=_object(body, start, end),
                deadline=_deadline(body, start),
                start=start,
                unknown=unknown,
            )
        )
    found = sorted(found + percent_words(body), key=lambda t: t.start)
    # A number whose object is only implied ("其中新建72所") counts the object of the target before it.
    for previous, target in zip(found, found[1:], strict=False):
        if not target.object and body.count("。", previous.start, target.start) == 0:
            target.object = previous.object
    return found


def percent_words(body: str) -> list[Target]:
    """Percentages written out in words: 百分之九十 → 90 %."""
    out = []
    for match in PERCENT_WORDS.finditer(body):
        value = cn_to_int(match.group("a").split("点")[0])
        if value is None or _inside_quotes(body, match.start()):
            continue
        clause = _clause_before(body, match.start())
        out.append(
            Target(
                text=match.group(0),
                number=float(value),
                low=None,
                high=None,
                comparator=_comparator(clause, body[match.end() : match.end() + 4], None),
                unit="%",
                object=_strip_words(_clause_before(body, match.start(), CLAUSE_END + "、")),
                deadline=_deadline(body, match.start()),
                start=match.start(),
            )
        )
    return out
