"""The demo county's evaluation story, deterministic from the seed (loaded after the plans and inspection demos).

* Last year's scheme, scored by three evaluators and published as the final result (so this year has a "比上年").
* This year's scheme from the template in two categories, 小学 and 初中 (差别化: 初中 weighs 办学成效 more), with
  the 桐溪县实验小学教育集团 bundled (a fifth of the lead school's score from its members' progress), a serious
  safety incident at one named school (一票否决), third-party satisfaction values, and three evaluators' scores.
* This year's v1 published for comment (公示) with the appeal window open: the demo school (xiaozhang's) has an appeal
  waiting for the department's verification; another school's appeal was upheld, and an evaluator has revised a
  score since — both show in the draft, not in the published v1.
Logins: ``dudao`` (督导室, writes evaluation) designs, scores and publishes; ``xiaozhang`` sees its card and appeal.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from edubureau.core.followup import act
from edubureau.core.followup_engine import Action
from edubureau.core.models import Profile
from edubureau.core.roles import Role
from edubureau.demo.accounts import demo_user, school_admin
from edubureau.org.models import Department, EducationGroup, School

from . import engine, services
from .models import Bundle, EvaluatorScore, FigureSnapshot, Indicator, Scheme, ThirdPartyScore

__all__ = ["CATEGORIES", "load_demo"]

EVALUATORS = (("dudao", "督导室"), ("kaohe1", "刘志明"), ("kaohe2", "陈红梅"))
CATEGORIES = {
    "primary": {"school_kinds": ["primary"]},
    "junior": {"school_kinds": ["junior", "nine_year", "complete_secondary"]},
}
GROUP = "桐溪县实验小学教育集团"
INCIDENT = "4月17日课间围墙倒塌致2名学生重伤，县安委会认定为重大安全责任事故"


def _spec(year: int) -> engine.Scheme:
    """The template in two categories (小学 on the default weights, 初中 with 办学成效 weighing more), graded by
    quotas within the category (优秀 20%, 良好 30%, the rest 合格; below 50 points 不合格)."""
    base = engine.standard_scheme(year)
    junior = next(c for c in base.categories if c.key == "junior")
    return dataclasses.replace(
        base, categories=(engine.Category("primary", "小学"), engine.Category("junior", "初中", dict(junior.weights))),
        grades=engine.GradeRule("quotas", (("优秀", 0.2), ("良好", 0.3)), rest="合格", lowest="不合格", pass_line=50),
    )


def _evaluators(department) -> list:
    users = []
    for username, name in EVALUATORS:
        users.append(demo_user(username, name, Role.DEPARTMENT, department=department))
    return users




def _quality(rng: random.Random, schools) -> dict[int, float]:
    """A school's standing (0.68–0.97) the evaluators' scores follow, so the ranking is not noise."""
    return {s.pk: rng.uniform(0.68, 0.97) for s in schools}


def _score_all(rng: random.Random, scheme: Scheme, schools, standing, evaluators, bump: float = 0.0) -> None:
    leaves = list(scheme.indicators.filter(source=Indicator.Source.ENTERED, children__isnull=True)
                  .select_related("parent"))
    rows = []
    for school in schools:
        level = min(standing[school.pk] + bump, 0.98)
        for ind in leaves:
            kind = ind.parent.kind if ind.kind == Indicator.Kind.NORMAL and ind.parent else ind.kind
            if kind == Indicator.Kind.VETO:
                continue
            if kind == Indicator.Kind.BONUS:
                if rng.random() < 0.2:
                    rows.append(EvaluatorScore(scheme=scheme, indicator=ind, school=school, evaluator=evaluators[0],
                                               score=rng.choice([1, 2, 3]), comment="获市级表彰"))
                continue
            if kind == Indicator.Kind.DEDUCTION:
                if rng.random() < 0.08:
                    rows.append(EvaluatorScore(scheme=scheme, indicator=ind, school=school, evaluator=evaluators[0],
                                               score=rng.choice([1, 2]), comment="有违规补课举报，经查属实"))
                continue
            for user in evaluators:
                value = round(min(max(ind.max_score * (level + rng.uniform(-0.12, 0.12)), 0), ind.max_score) * 2) / 2
                rows.append(EvaluatorScore(scheme=scheme, indicator=ind, school=school, evaluator=user, score=value))
    EvaluatorScore.objects.bulk_create(rows)
    survey = scheme.indicators.filter(source=Indicator.Source.THIRD_PARTY, children__isnull=True)
    ThirdPartyScore.objects.bulk_create([
        ThirdPartyScore(scheme=scheme, indicator=ind, school=s, value=round(62 + 34 * standing[s.pk]
                                                                             + rng.uniform(-4, 4), 1),
                        source_file=f"{scheme.year}年家长满意度第三方调查.xlsx")
        for ind in survey for s in schools
    ])


def _last_year_figures(rng: random.Random, scheme: Scheme, schools, standing) -> None:
    """Last year's figures came from the bureau's spreadsheets (the system was not yet in use): entered by hand."""
    source = f"{scheme.year}年度考核台账（系统启用前，手工录入）"
    rows = []
    for s in schools:
        level = standing[s.pk]
        values = {
            "plans.task_completion_rate": min(0.55 + 0.45 * level + rng.uniform(-0.05, 0.05), 1.0),
            "inspection.on_time_rectification_rate": min(0.5 + 0.5 * level + rng.uniform(-0.1, 0.1), 1.0),
            "quality.composite_index": round(40 + 50 * level + rng.uniform(-5, 5), 2),
            "balance.indicators_met": float(min(7, max(3, round(3 + 4 * level + rng.uniform(-1, 1))))),
        }
        rows += [FigureSnapshot(scheme=scheme, school=s, key=k, value=round(v, 4), source=source, manual=True)
                 for k, v in values.items()]
    FigureSnapshot.objects.bulk_create(rows)


def _published_at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


@transaction.atomic
def load_demo(seed: int = 0) -> str | None:
    if Scheme.objects.exists():
        return None
    rng = random.Random(f"evaluation-{seed}")
    today = timezone.localdate()
    year = today.year
    department = next((d for d in Department.objects.order_by("pk") if "evaluation" in (d.modules or [])), None)
    if department is None:
        return None
    evaluators = _evaluators(department)
    dudao = evaluators[0]

    # Last year: scored, published as the final result in January.
    last = services.from_engine(_spec(year - 1), categories=CATEGORIES)
    schools = services.evaluated_schools(last)
    if not schools:
        return None
    standing = _quality(rng, schools)
    # The group's members were weaker last year: the lead school's help shows as their progress (捆绑考核).
    group = EducationGroup.objects.filter(name=GROUP).first() or EducationGroup.objects.order_by("name").first()
    helped = set(group.members.exclude(pk=group.lead_school_id).values_list("pk", flat=True)) if group else set()
    last_standing = {pk: v - 0.04 - (0.12 if pk in helped else 0) for pk, v in standing.items()}
    _score_all(rng, last, schools, last_standing, evaluators)
    _last_year_figures(rng, last, schools, last_standing)
    v_last = services.publish(last, dudao, final=True, note="年度考核最终结果", today=dt.date(year - 1, 12, 31))
    v_last.published_at = v_last.computed_at = _published_at(dt.date(year, 1, 15))
    v_last.save(update_fields=["published_at", "computed_at"])

    # This year: bundle, veto, scores, third party.
    scheme = services.from_engine(_spec(year), categories=CATEGORIES,
                                  note="依据《中小学校年度综合考核办法》，差别化分类考核，教育集团捆绑考核。")
    scheme.appeal_until = today + dt.timedelta(days=7)
    scheme.save(update_fields=["appeal_until"])
    if group is not None:
        bundle = Bundle.objects.create(scheme=scheme, title=group.name, lead=group.lead_school, group=group,
                                       share=0.2, full_at=10)
        bundle.members.set(group.members.exclude(pk=group.lead_school_id))
    showcase = Profile.objects.filter(user__username="xiaozhang").values_list("school_id", flat=True).first()
    candidates = [s for s in schools if s.kind == "primary" and s.locality == "rural" and s.pk != showcase
                  and (group is None or s.pk not in set(bundle.members.values_list("pk", flat=True)))]
    vetoed = rng.choice(candidates or [s for s in schools if s.pk != showcase])
    FigureSnapshot.objects.create(scheme=scheme, school=vetoed, key="safety.serious_incidents", value=1,
                                  source=INCIDENT, manual=True)
    _score_all(rng, scheme, schools, standing, evaluators)
    services.publish(scheme, dudao, note="初步结果，公示期内可对单项得分申诉", today=today)

    # Appeals: the demo school's waits for verification; another school's was upheld.
    feature = scheme.indicators.get(code="4.2")
    culture = scheme.indicators.get(code="2.1")
    xiaozhang = get_user_model().objects.filter(username="xiaozhang").first()
    n_appeals = 0
    if xiaozhang is not None and showcase is not None:
        services.open_appeal(
            scheme=scheme, school=School.objects.get(pk=showcase), indicator=feature, user=xiaozhang,
            reason="本校“书法进课堂”项目本年度获评省级特色项目，考核组评分时未采纳该材料，申请复核。",
            evidence=[ContentFile(b"%PDF-1.4\n% demo evidence\n", name="省级特色项目公示文件.pdf")], today=today)
        n_appeals += 1
    other = next((s for s in schools if s.kind == "primary" and s.pk not in (showcase, vetoed.pk)), None)
    if other is not None:
        appeal = services.open_appeal(
            scheme=scheme, school=other, indicator=culture, user=school_admin(other),
            reason="德育活动台账在迎检时因校舍维修暂存他处，现补交全年活动记录。", today=today)
        appeal.decided_score = 8.5
        appeal.save(update_fields=["decided_score"])
        act(appeal.followup, Action.VERIFY, dudao, note="补交台账属实，文化建设与德育活动核定为8.5分", today=today)
        n_appeals += 1

    # Since v1, an evaluator revised a score: the draft moves, v1 stays as published.
    revised = EvaluatorScore.objects.filter(scheme=scheme, evaluator=evaluators[1],
                                            indicator__code="1.3").order_by("school__code").first()
    if revised is not None:
        revised.score = min(revised.score + 1, 10)
        revised.comment = "复核台账后加1分"
        revised.save()
    services.recompute(scheme, dudao, today=today)
    return (f"学校考核：{year - 1}、{year}年度方案，{len(schools)}所学校（小学、初中两类），"
            f"{group.name if group else '无'}捆绑考核，{vetoed.name}一票否决，{year}年v1已公示，申诉{n_appeals}件。")
