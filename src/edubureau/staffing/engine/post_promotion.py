"""岗位等级晋升: the 13 专业技术 levels, a school's free posts by its structure ratios, and who may go up one level
this year, each with the trail of why (pure).

Levels (``spec/policy-facts.md`` §7.2): 正高 1–4, 副高 5–7, 中级 8–10, 初级 11–13; a smaller number is a higher
post. Promotion is 逐级: one level at a time, within the band the teacher's title allows (a 一级教师 goes no higher
than level 8). Each rule is a setting, since provinces write their own: years in the current level, 合格 or better in
the annual appraisal of each of the last years, no running 师德 sanction, a year in a rural or weak school before a
副高 post, and the 继续教育 hours due by now. Candidates of a school are ranked (years in level, then appraisal
results, then years of service) and those beyond the school's free posts of the level are 候补.

Examples
--------
>>> band_of(9), band_of(5)
('中级', '副高')
>>> structure = PostStructure(total=100, shares={"正高": 0.01, "副高": 0.20, "中级": 0.45, "初级": 0.34})
>>> [structure.posts(level) for level in (5, 6, 7)]  # 副高 20 posts split 2 : 4 : 4
[4, 8, 8]
>>> free = free_posts(structure, {5: 10, 6: 5, 7: 3, 9: 40})
>>> free[5], free[6], free[7]
(0, 3, 5)
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from .rotation import school_years

__all__ = ["BANDS", "Candidate", "PostStructure", "PromotionRules", "Rule", "TeacherPost", "band_of", "candidates",
           "free_posts", "rank_school"]

BANDS = (("正高", range(1, 5)), ("副高", range(5, 8)), ("中级", range(8, 11)), ("初级", range(11, 14)))
# The highest level (smallest number) a title allows.
TITLE_CEILING = {"正高级教师": 1, "高级教师": 5, "一级教师": 8, "二级教师": 11, "三级教师": 13}
GOOD_APPRAISALS = ("合格", "良好", "优秀")


def band_of(level: int) -> str:
    return next(name for name, levels in BANDS if level in levels)


# How a band's posts divide among its levels (the 2006 岗位设置 guidance's usual split; a province's setting).
LEVEL_SPLIT = {1: 0, 2: 0, 3: 0.0, 4: 1.0, 5: 0.2, 6: 0.4, 7: 0.4, 8: 0.3, 9: 0.4, 10: 0.3, 11: 0.5, 12: 0.5, 13: 0.0}


@dataclass(frozen=True)
class PostStructure:
    """A school's approved posts, the province's 岗位结构比例 by band, and each band's split among its levels."""

    total: int
    shares: dict[str, float]
    split: dict[int, float] = field(default_factory=lambda: dict(LEVEL_SPLIT))

    def posts(self, level: int) -> int:
        return math.floor(self.total * self.shares.get(band_of(level), 0) * self.split.get(level, 0) + 1e-9)


def free_posts(structure: PostStructure, held: dict[int, int]) -> dict[int, int]:
    """Free posts by level: the level's posts less those held at it."""
    return {level: max(0, structure.posts(level) - held.get(level, 0)) for _band, levels in BANDS for level in levels}


@dataclass(frozen=True)
class PromotionRules:
    years_in_level: dict[str, int] = field(default_factory=lambda: {"正高": 5, "副高": 5, "中级": 4, "初级": 3})
    appraisal_years: int = 3  # 合格 or better in each of the last N annual appraisals
    rural_years_for_senior: int = 1  # before a 副高 or 正高 post: a year in a rural or weak school
    training_on_track: bool = True


@dataclass(frozen=True)
class TeacherPost:
    number: str
    name: str
    school: str
    title: str  # 高级教师 …
    level: int  # current 专业技术岗位等级
    level_since: dt.date
    appraisals: dict[int, str]  # {year: 优秀/良好/合格/基本合格/不合格}
    rural_years: float = 0
    service_years: int = 0
    sanctioned: bool = False  # a 师德 sanction runs (conduct_records.active_sanction)
    training_behind: float = 0  # hours behind in the 继续教育 cycle (training_hours.progress)


@dataclass(frozen=True)
class Rule:
    name: str
    passed: bool
    why: str


@dataclass
class Candidate:
    teacher: TeacherPost
    to_level: int
    trail: list[Rule]
    standing: str = ""  # 拟晋升 / 候补, set by rank_school

    @property
    def qualifies(self) -> bool:
        return all(rule.passed for rule in self.trail)


def _trail(t: TeacherPost, rules: PromotionRules, year: int) -> tuple[int, list[Rule]]:
    target = t.level - 1
    trail = []
    ceiling = TITLE_CEILING.get(t.title, t.level)
    trail.append(Rule("逐级晋升", target >= max(1, ceiling),
                      f"现聘{t.level}级，拟晋{target}级" if target >= max(1, ceiling)
                      else f"{t.title}最高可聘{ceiling}级，现已聘{t.level}级"))
    needed = rules.years_in_level[band_of(t.level)]
    served = school_years(t.level_since, dt.date(year, 8, 31))  # school years to 31 August, as for 交流轮岗
    trail.append(Rule("任现岗位等级年限", served >= needed, f"任现等级{served}年，要求满{needed}年"))
    recent = [t.appraisals.get(y) for y in range(year - rules.appraisal_years, year)]
    good = all(r in GOOD_APPRAISALS for r in recent)
    shown = "、".join(f"{y}年{r or '无'}" for y, r in zip(range(year - rules.appraisal_years, year), recent,
                                                       strict=True))
    trail.append(Rule("年度考核", good, f"近{rules.appraisal_years}年考核：{shown}"))
    trail.append(Rule("师德", not t.sanctioned, "师德处分期内，一票否决" if t.sanctioned else "无师德处分"))
    if band_of(max(1, target)) in ("副高", "正高"):
        rural = t.rural_years >= rules.rural_years_for_senior
        trail.append(Rule("农村或薄弱学校任教经历", rural,
                          f"农村或薄弱学校任教{t.rural_years:g}年，要求满{rules.rural_years_for_senior}年"))
    if rules.training_on_track:
        trail.append(Rule("继续教育学时", t.training_behind <= 0,
                          "学时达到进度" if t.training_behind <= 0 else f"继续教育学时落后{t.training_behind:g}学时"))
    return target, trail


def candidates(teachers, rules: PromotionRules, year: int) -> list[Candidate]:
    """Every teacher with the trail of their one-level promotion this year (qualifying or not)."""
    result = []
    for t in teachers:
        target, trail = _trail(t, rules, year)
        result.append(Candidate(t, target, trail))
    return result


def rank_school(found: list[Candidate], free: dict[int, int]) -> list[Candidate]:
    """A school's qualifying candidates ranked (longest in level, most 优秀, longest service), 拟晋升 while the target
    level has a free post, the rest 候补. A post a promoted teacher leaves is not offered again this round."""
    def key(c: Candidate):
        t = c.teacher
        excellent = sum(1 for r in t.appraisals.values() if r == "优秀")
        return (t.level_since, -excellent, -t.service_years, t.number)

    ranked = sorted((c for c in found if c.qualifies), key=key)
    left = dict(free)
    for c in ranked:
        if left.get(c.to_level, 0) > 0:
            left[c.to_level] -= 1
            c.standing = "拟晋升"
        else:
            c.standing = "候补"
    return ranked
