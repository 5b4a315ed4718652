"""学生资助 checks (pure: no Django): a term's grants against the programs, the roll and the budget.

Programs are data per year with their amounts (``spec/wave2-facts.md`` (c)): from spring 2024 the 义务教育 family
hardship living allowance is 1250 元 a year for a 小学 boarder and 1500 for a 初中 boarder, half for day pupils; the
普通高中 and 中职 国家助学金 average 2300 from spring 2025. A term pays half the year.

The checks, each with the pupils it names:

- **应助尽助**: a pupil on the roll in a priority group (建档立卡/防返贫监测, 低保, 特困供养, 孤儿, 残疾, 烈士子女) whom
  no grant of a program of their level reaches this term;
- **重复发放**: one pupil paid twice by one program in one term, the same school or two (a transfer!);
- **不符合条件**: a grant to a pupil not on the roll, or of a program not for the pupil's level;
- **预算**: the term's total by program against its budget.

Examples
--------
>>> living = Program("义务教育生活补助", ("小学", "初中"), {"小学": 1250, "初中": 1500}, day_share=0.5)
>>> living.term_amount("初中", boarder=True), living.term_amount("小学", boarder=False)
(750.0, 312.5)
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

__all__ = ["DIRECT_GROUPS", "INDICATORS", "PRIORITY_GROUPS", "TIERS", "Check", "Grant", "Program", "Pupil",
           "check_term", "recognition_score", "suggested_tier"]

PRIORITY_GROUPS = ("建档立卡", "防返贫监测", "低保", "特困供养", "孤儿", "残疾", "烈士子女")


@dataclass(frozen=True)
class Program:
    name: str
    levels: tuple[str, ...]  # 小学 / 初中 / 高中 / 中职 / 学前
    yearly: dict[str, float]  # yearly amount by level (a boarder's, for the living allowance)
    day_share: float = 1.0  # a day pupil's share of it (0.5 for the 义务教育 living allowance)

    def term_amount(self, level: str, *, boarder: bool = True) -> float:
        return self.yearly[level] / 2 * (1.0 if boarder else self.day_share)


@dataclass(frozen=True)
class Pupil:
    id: str
    school: str
    level: str
    groups: frozenset[str] = frozenset()
    boarder: bool = False


@dataclass(frozen=True)
class Grant:
    pupil: str
    school: str
    program: str
    amount: float


@dataclass
class Check:
    unfunded: list[tuple[str, str]] = field(default_factory=list)  # (pupil, groups) not reached (应助尽助)
    duplicates: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)  # (pupil, program, schools)
    ineligible: list[tuple[str, str, str]] = field(default_factory=list)  # (pupil, program, reason)
    wrong_amount: list[tuple[str, str, float, float]] = field(default_factory=list)  # (pupil, program, paid, due)
    totals: dict[str, float] = field(default_factory=dict)
    over_budget: dict[str, float] = field(default_factory=dict)  # program → amount above its budget


def check_term(pupils: list[Pupil], grants: list[Grant], programs: list[Program],
               budget: dict[str, float] | None = None) -> Check:
    """Every check of one term's grants; nothing is decided here, the clerk reads the lists."""
    result = Check()
    roll = {p.id: p for p in pupils}
    by_name = {p.name: p for p in programs}
    paid: dict[tuple[str, str], list[Grant]] = defaultdict(list)
    totals: Counter = Counter()
    for grant in grants:
        totals[grant.program] += grant.amount
        paid[(grant.pupil, grant.program)].append(grant)
        pupil, program = roll.get(grant.pupil), by_name.get(grant.program)
        if program is None:
            result.ineligible.append((grant.pupil, grant.program, "不是本学期的资助项目"))
        elif pupil is None:
            result.ineligible.append((grant.pupil, grant.program, "不在学籍名册中"))
        elif pupil.level not in program.levels:
            result.ineligible.append((grant.pupil, grant.program, f"{program.name}不资助{pupil.level}学生"))
        else:
            due = program.term_amount(pupil.level, boarder=pupil.boarder)
            if abs(grant.amount - due) > 0.005:
                result.wrong_amount.append((grant.pupil, grant.program, grant.amount, due))
    for (pupil, program), items in sorted(paid.items()):
        if len(items) > 1:
            result.duplicates.append((pupil, program, tuple(g.school for g in items)))
    reached = {g.pupil for g in grants}
    for pupil in pupils:
        groups = pupil.groups & set(PRIORITY_GROUPS)
        offered = [p for p in programs if pupil.level in p.levels]
        if groups and offered and pupil.id not in reached:
            result.unfunded.append((pupil.id, "、".join(sorted(groups, key=PRIORITY_GROUPS.index))))
    result.totals = dict(totals)
    for program, limit in (budget or {}).items():
        if totals.get(program, 0) > limit + 0.005:
            result.over_budget[program] = totals[program] - limit
    return result


# --- 家庭经济困难学生认定: the indicator score and the suggested 档次 ----------------------------------------------

# Indicator → points, as a county's 量化评估 table sets them (data: a county passes its own). A family that is in a
# priority group is 特别困难 whatever its score; otherwise the score decides, and the school's committee confirms
# or overrides the suggestion with a reason.
INDICATORS = {
    "家庭人均收入低于当地低保标准1.5倍": 30, "单亲家庭": 10, "父母一方或双方残疾": 15, "家庭成员患重大疾病": 20,
    "遭受重大自然灾害或突发事件": 20, "多子女就学": 10, "家庭劳动力缺乏": 15, "无固定住所或住房困难": 10,
}
TIERS = (("特别困难", 60), ("困难", 40), ("一般困难", 20))  # score at least …
DIRECT_GROUPS = ("建档立卡", "特困供养", "孤儿", "烈士子女")


def recognition_score(ticked: list[str] | dict, weights: dict[str, int] | None = None) -> int:
    """The sum of the ticked indicators' points (unknown indicators count 0).

    >>> recognition_score(["单亲家庭", "多子女就学"])
    20
    """
    weights = INDICATORS if weights is None else weights
    names = [name for name, on in ticked.items() if on] if isinstance(ticked, dict) else list(ticked)
    return sum(weights.get(name, 0) for name in names)


def suggested_tier(score: float, groups=()) -> str:
    """The 档次 the score suggests; a pupil of a direct group is 特别困难, of another priority group (低保, 残疾,
    防返贫监测) at least 困难 (应助尽助), and one with no tier reached is 不认定.

    >>> suggested_tier(45), suggested_tier(5, ["孤儿"]), suggested_tier(0, ["残疾"]), suggested_tier(10)
    ('困难', '特别困难', '困难', '不认定')
    """
    if set(groups) & set(DIRECT_GROUPS):
        return "特别困难"
    by_score = next((tier for tier, floor in TIERS if score >= floor), "不认定")
    if set(groups) & set(PRIORITY_GROUPS) and by_score in ("一般困难", "不认定"):
        return "困难"
    return by_score
