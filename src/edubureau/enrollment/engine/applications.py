"""The checks of an enrolment application, its category and its points: the county's rules as data.

Every check that stops an application says why, in words a parent can read, and names the other application or
the earlier seat it conflicts with. Nothing is refused silently: a finding goes to a clerk, who confirms it or
clears it with a note (the service records which).

The rules:

- **一房一学位** (学位锁定, anchor: 深圳坪山区教育局, wave2-facts §b): a property that gave a seat at a level is locked
  for ``lock_years[level]`` years (小学 6, 初中 3). Only the same guardians may use it again within the lock
  (siblings). A lock may apply only to property bought after ``lock_from`` (镇江京口: 2022-12-31).
- The same child (身份证件号) in two applications; the same property in two applications of different families.
- Age: a 小学 entrant must be 6 by the cutoff (8月31日) of the year; older than 7 is shown for a clerk to note.
- The documents each category needs; an owner of the property who is not a guardian.
- 随迁子女: 居住证 held at least ``min_residence_months`` months (居住证暂行条例: 6) by the cutoff.

Categories are ordered rules (一类 户房一致, 二类 有房无户 or 有户无房, 三类 随迁子女 by points); the first that
fits is the child's. Points are items of the rule (``PointsItem``), each shown to the parent as a line.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from edubureau.core import idcard
from edubureau.core.formatting import cn_date

__all__ = ["Application", "Assessment", "CategoryRule", "Finding", "PointsItem", "Property", "PropertyUse", "Rules",
           "assess", "default_rules", "format_categories", "format_points", "parse_categories", "parse_points"]

PRIMARY, JUNIOR = "小学", "初中"


@dataclass(frozen=True)
class Property:
    """The house an application rests on, as its 不动产权证 gives it."""

    certificate: str
    address: str = ""
    owner: str = ""  # the owner's ID number (or name where the file has no number)
    purchase_date: dt.date | None = None
    unit: str = ""  # the residential unit (小区/村) it lies in


@dataclass(frozen=True)
class Application:
    """One child's application to one school at one level."""

    number: str
    child_name: str
    child_id: str
    level: str
    school: str  # the school applied to (the zone's school)
    birth_date: dt.date | None = None
    hukou_unit: str = ""  # the residential unit of the child's 户籍, empty if the 户籍 is not in the county
    guardians: tuple[str, ...] = ()  # the guardians' ID numbers
    property: Property | None = None
    residence_permit_start: dt.date | None = None
    insurance_months: int = 0
    documents: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PropertyUse:
    """A seat a property gave in an earlier year: the lock ledger's row."""

    certificate: str
    level: str
    year: int
    child_id: str
    guardians: tuple[str, ...] = ()
    application: str = ""


@dataclass(frozen=True)
class PointsItem:
    """One line of the 随迁 points formula: ``points`` per ``per`` units of ``source``, at most ``cap``.

    ``source`` is ``residence_months``, ``insurance_months`` or ``document:<name>`` (a document held scores once).
    """

    label: str
    source: str
    per: int
    points: Decimal
    cap: Decimal | None = None


@dataclass(frozen=True)
class CategoryRule:
    """A category and the test that admits a child to it: one of ``TESTS``."""

    name: str
    label: str
    tests: tuple[str, ...]
    documents: tuple[str, ...] = ()
    uses_points: bool = False


TESTS = {
    "户房一致": "户籍与房产在同一片区的同一住址",
    "有房无户": "在片区内有父母名下房产，户籍不在片区",
    "有户无房": "户籍在片区内，无片区内房产",
    "随迁子女": "父母持本县居住证满规定月数",
}


@dataclass(frozen=True)
class Rules:
    """The county's enrolment rules for one year: every figure a setting."""

    year: int
    lock_years: Mapping[str, int] = field(default_factory=lambda: {PRIMARY: 6, JUNIOR: 3})
    lock_from: dt.date | None = None
    cutoff: tuple[int, int] = (8, 31)
    entry_age: int = 6
    min_residence_months: int = 6
    categories: tuple[CategoryRule, ...] = ()
    points: tuple[PointsItem, ...] = ()

    def cutoff_date(self) -> dt.date:
        return dt.date(self.year, *self.cutoff)


def default_rules(year: int, **overrides) -> Rules:
    """A county's usual rules (桐溪县 in the demo); every part can be replaced."""
    categories = (
        CategoryRule("一类", "户房一致", ("户房一致",), ("户口簿", "不动产权证")),
        CategoryRule("二类", "有房无户或有户无房", ("有房无户", "有户无房"), ("户口簿",)),
        CategoryRule("三类", "随迁子女（按积分）", ("随迁子女",), ("居住证", "社保缴费证明"), uses_points=True),
    )
    points = (
        PointsItem("持本县居住证每满12个月", "residence_months", 12, Decimal(2), Decimal(10)),
        PointsItem("在本县缴纳社会保险每满1个月", "insurance_months", 1, Decimal("0.5"), Decimal(30)),
        PointsItem("在本县有房屋租赁登记备案", "document:房屋租赁备案", 1, Decimal(5)),
    )
    return Rules(year=year, categories=categories, points=points, **overrides)


@dataclass(frozen=True)
class Finding:
    """One reason a clerk must look at an application; ``others`` names the conflicting applications or seats."""

    code: str
    reason: str
    others: tuple[str, ...] = ()


@dataclass
class Assessment:
    application: Application
    category: str | None
    category_label: str
    points: Decimal | None
    points_lines: list[str]
    findings: list[Finding]

    @property
    def clean(self) -> bool:
        return not self.findings


def _months_between(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)


def _birth(app: Application) -> dt.date | None:
    if app.birth_date:
        return app.birth_date
    if app.child_id and idcard.is_valid(app.child_id):
        return idcard.birth_date(app.child_id)
    return None


def _test(name: str, app: Application, zone: Mapping[str, frozenset[str]], rules: Rules) -> bool:
    prop = app.property
    owned = prop is not None and prop.owner in app.guardians
    house_in_zone = owned and app.school in zone.get(prop.unit, frozenset())
    hukou_in_zone = bool(app.hukou_unit) and app.school in zone.get(app.hukou_unit, frozenset())
    if name == "户房一致":
        return house_in_zone and hukou_in_zone and prop.unit == app.hukou_unit
    if name == "有房无户":
        return house_in_zone and not hukou_in_zone
    if name == "有户无房":
        return hukou_in_zone and not house_in_zone
    if name == "随迁子女":
        start = app.residence_permit_start
        return (not app.hukou_unit and start is not None
                and _months_between(start, rules.cutoff_date()) >= rules.min_residence_months)
    raise ValueError(f"unknown test {name}")


def _points(app: Application, rules: Rules) -> tuple[Decimal, list[str]]:
    total, lines = Decimal(0), []
    for item in rules.points:
        if item.source.startswith("document:"):
            units = 1 if item.source.removeprefix("document:") in app.documents else 0
            amount = item.points * units
            text = f"{item.label}：{'有' if units else '无'}，得{_num(amount)}分"
        else:
            if item.source == "residence_months":
                start = app.residence_permit_start
                value = _months_between(start, rules.cutoff_date()) if start else 0
            else:
                value = getattr(app, item.source)
            units = max(value, 0) // item.per
            amount = item.points * units
            text = f"{item.label}：{value}个月，计{units}×{_num(item.points)}={_num(amount)}分"
        if item.cap is not None and amount > item.cap:
            amount = item.cap
            text += f"，超过上限按{_num(item.cap)}分计"
        total += amount
        lines.append(text)
    lines.append(f"合计{_num(total)}分")
    return total, lines


def _num(value: Decimal) -> str:
    """A points figure as a parent reads it: 26, 15.5 (no trailing zeros, no exponent)."""
    return format(value.normalize(), "f")


def _category(app, zone, rules) -> tuple[CategoryRule | None, list[str]]:
    for rule in rules.categories:
        if any(_test(test, app, zone, rules) for test in rule.tests):
            return rule, []
    why = []
    if app.property is not None and app.property.owner not in app.guardians:
        why.append("房产权利人不是儿童的监护人")
    if app.residence_permit_start and not app.hukou_unit:
        months = _months_between(app.residence_permit_start, rules.cutoff_date())
        if months < rules.min_residence_months:
            why.append(f"居住证至{cn_date(rules.cutoff_date())}满{months}个月，不足{rules.min_residence_months}个月")
    return None, why


def assess(applications: Sequence[Application], zone: Mapping[str, Iterable[str]], rules: Rules,
           past_uses: Iterable[PropertyUse] = ()) -> list[Assessment]:
    """Category, points and findings of every application, in the given order.

    ``zone`` maps a residential unit to the school(s) it is zoned to at the applications' level (several for a
    多校划片 group).
    """
    zone = {unit: frozenset(schools) for unit, schools in zone.items()}
    by_child, by_property = defaultdict(list), defaultdict(list)
    for app in applications:
        if app.child_id:
            by_child[app.child_id.upper()].append(app)
        if app.property is not None and app.property.certificate:
            by_property[app.property.certificate].append(app)
    locks = defaultdict(list)
    for use in past_uses:
        locks[use.certificate].append(use)
    out = []
    for app in applications:
        findings = _identity_findings(app, by_child, rules)
        findings += _property_findings(app, by_property, locks, rules)
        rule, why = _category(app, zone, rules)
        if rule is None:
            reason = ("不符合本校片区任何一类入学条件" + (f"（{'；'.join(why)}）" if why else "")
                      + "，请核实或由教育局统筹安排")
            findings.append(Finding("category", reason))
            points, lines = None, []
        else:
            missing = [d for d in rule.documents if d not in app.documents]
            if missing:
                reason = f"{rule.name}（{rule.label}）须提交：{'、'.join(missing)}，尚未提交"
                findings.append(Finding("documents", reason))
            points, lines = _points(app, rules) if rule.uses_points else (None, [])
        out.append(Assessment(app, rule.name if rule else None, rule.label if rule else "", points, lines, findings))
    return out


def _identity_findings(app: Application, by_child, rules: Rules) -> list[Finding]:
    findings = []
    if app.child_id and not idcard.is_valid(app.child_id):
        findings.append(Finding("child_id", f"儿童身份证件号“{idcard.mask(app.child_id)}”校验未通过，请核对户口簿"))
    twins = [other.number for other in by_child.get(app.child_id.upper(), []) if other is not app]
    if twins:
        reason = f"同一儿童另有申请（{'、'.join(twins)}），只能保留一份"
        findings.append(Finding("duplicate_child", reason, tuple(twins)))
    born = _birth(app)
    if app.level == PRIMARY and born is not None:
        earliest_young = dt.date(rules.year - rules.entry_age, *rules.cutoff)
        if born > earliest_young:
            findings.append(Finding("age", f"出生于{cn_date(born)}，到{cn_date(rules.cutoff_date())}"
                                           f"未满{rules.entry_age}周岁，不到入学年龄"))
        elif born <= dt.date(rules.year - rules.entry_age - 2, *rules.cutoff):
            findings.append(Finding("age_over", f"出生于{cn_date(born)}，已满{rules.entry_age + 2}周岁，"
                                                f"请核实是否延缓入学（须有延缓入学批准）"))
    elif app.level == PRIMARY and born is None:
        findings.append(Finding("age", "无法确定出生日期（无有效身份证件号或出生日期），请核对出生医学证明"))
    return findings


def _property_findings(app: Application, by_property, locks, rules: Rules) -> list[Finding]:
    prop = app.property
    if prop is None or not prop.certificate:
        return []
    findings = []
    same_family = set(app.guardians)
    others = [o.number for o in by_property[prop.certificate]
              if o is not app and o.level == app.level and not same_family & set(o.guardians)]
    if others:
        reason = (f"同一房产（不动产权证号{prop.certificate}）另有其他家庭申请（{'、'.join(others)}），"
                  "一套房产只能由一户使用")
        findings.append(Finding("duplicate_property", reason, tuple(others)))
    years = rules.lock_years.get(app.level)
    if not years:
        return findings
    if rules.lock_from and prop.purchase_date and prop.purchase_date <= rules.lock_from:
        return findings  # bought before the lock rule took effect
    for use in locks.get(prop.certificate, []):
        if use.level != app.level or not (rules.year - years < use.year < rules.year + 1):
            continue
        if same_family & set(use.guardians):
            continue  # the same parents: a sibling may use the house again
        until = use.year + years - 1
        reason = (f"该房产（不动产权证号{prop.certificate}）已于{use.year}年为另一名儿童提供{use.level}学位，"
                  f"{years}年内（至{until}年）不能再用于{use.level}入学（一房一学位）")
        findings.append(Finding("lock", reason, (use.application or use.child_id,)))
    return findings


# --- The rules as a clerk writes them (one line each, fields separated by |) -------------------------------------

SOURCES = {"居住证月数": "residence_months", "社保月数": "insurance_months"}


def _fields(line: str, count: int, number: int, what: str) -> list[str]:
    parts = [p.strip() for p in line.replace("｜", "|").split("|")]
    if len(parts) != count:
        raise ValueError(f"第{number}行：{what}应有{count}项，用“|”分隔，写的是“{line}”")
    return parts


def _list(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.replace(",", "、").replace("，", "、").split("、") if p.strip())


def parse_categories(text: str) -> tuple[CategoryRule, ...]:
    """Categories from lines ``名称|说明|条件|须交材料|按积分``, in priority order.

    Examples
    --------
    >>> [c.name for c in parse_categories("一类|户房一致|户房一致|户口簿、不动产权证|否")]
    ['一类']
    """
    rules = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, label, tests, documents, points = _fields(line, 5, number, "类别")
        unknown = [t for t in _list(tests) if t not in TESTS]
        if not _list(tests) or unknown:
            raise ValueError(f"第{number}行：条件应为{'、'.join(TESTS)}中的一项或几项，写的是“{tests}”")
        if points not in ("是", "否"):
            raise ValueError(f"第{number}行：按积分应填“是”或“否”，写的是“{points}”")
        rules.append(CategoryRule(name, label, _list(tests), _list(documents), points == "是"))
    if not rules:
        raise ValueError("至少要有一个类别")
    return tuple(rules)


def parse_points(text: str) -> tuple[PointsItem, ...]:
    """Points items from lines ``说明|依据|每满|得分|上限`` (依据: 居住证月数, 社保月数 or 材料：名称).

    Examples
    --------
    >>> parse_points("社保每满1个月|社保月数|1|0.5|30")[0].cap
    Decimal('30')
    """
    items = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        label, source, per, points, cap = _fields(line, 5, number, "积分项")
        if source.startswith(("材料：", "材料:")):
            source = "document:" + source[3:].strip()
        elif source in SOURCES:
            source = SOURCES[source]
        else:
            raise ValueError(f"第{number}行：依据应为居住证月数、社保月数或“材料：名称”，写的是“{source}”")
        try:
            per_units, amount = int(per), Decimal(points)
            limit = Decimal(cap) if cap else None
        except (ValueError, ArithmeticError):
            raise ValueError(f"第{number}行：每满、得分、上限应为数字") from None
        if per_units < 1 or amount < 0 or (limit is not None and limit < 0):
            raise ValueError(f"第{number}行：每满至少为1，得分和上限不能为负数")
        items.append(PointsItem(label, source, per_units, amount, limit))
    return tuple(items)


def format_categories(categories) -> str:
    return "\n".join(f"{c.name}|{c.label}|{'、'.join(c.tests)}|{'、'.join(c.documents)}|"
                     f"{'是' if c.uses_points else '否'}" for c in categories)


def format_points(items) -> str:
    names = {v: k for k, v in SOURCES.items()}
    lines = []
    for item in items:
        source = (f"材料：{item.source.removeprefix('document:')}" if item.source.startswith("document:")
                  else names[item.source])
        lines.append(f"{item.label}|{source}|{item.per}|{_num(item.points)}|{_num(item.cap) if item.cap else ''}")
    return "\n".join(lines)
