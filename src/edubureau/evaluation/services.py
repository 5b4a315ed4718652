"""The evaluation's workflow: records ↔ the pure engine, figure snapshots, recompute, publish, appeals.

Schools are keyed by their 学校标识码 in the engine. Nothing here computes a point: ``engine.score`` does.

* :func:`to_engine` — the scheme's records as the engine's frozen ``Scheme``; :func:`from_engine` the reverse
  (a new scheme from the template or from last year's).
* :func:`school_inputs` — each evaluated school's ``SchoolInput`` (evaluators' scores, third-party values, figure
  snapshots, last year's published total, decisions on appeals).
* :func:`recompute` — snapshot the figures and score into the draft (version 0), any number of times.
* :func:`publish` — score afresh and freeze it as version n+1 (the draft is kept); :func:`result_of` gives the
  engine's ``EvaluationResult`` of any version back (re-scoring its frozen scheme and inputs).
* :func:`open_appeal` — a school contests an item of a published version on the shared follow-up life cycle.
"""

from __future__ import annotations

import copy
import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edubureau.core.followup import act, open_followup
from edubureau.core.followup_engine import Action
from edubureau.core.scope import scope_for
from edubureau.org.models import School

from . import engine
from .engine.cli import result_to_dict, schools_from_json
from .figures import gather
from .models import (
    Appeal,
    Category,
    EvaluatorScore,
    FigureSnapshot,
    Indicator,
    ResultVersion,
    Scheme,
    ThirdPartyScore,
)

MODULE = "evaluation"


# ---- records → engine -------------------------------------------------------------------------------------------

def _mapping(node: Indicator) -> engine.Mapping | None:
    if not node.mapping_kind:
        return None
    params = node.mapping_params or []
    params = tuple(tuple(p) if isinstance(p, list) else p for p in params)
    return engine.Mapping(node.mapping_kind, params, node.lower_is_better)


def _tree(nodes: list[Indicator]) -> tuple[engine.Indicator, ...]:
    children: dict[int | None, list[Indicator]] = {}
    for n in nodes:
        children.setdefault(n.parent_id, []).append(n)

    def build(n: Indicator) -> engine.Indicator:
        return engine.Indicator(
            code=n.code, title=n.title, max_score=n.max_score, weight=n.weight, source=n.source,
            figure=n.figure or None, mapping=_mapping(n), kind=n.kind, cap=n.cap, aggregate=n.aggregate,
            veto_at=n.veto_at, note=n.note, when_missing=n.when_missing,
            children=tuple(build(c) for c in sorted(children.get(n.pk, []), key=lambda x: (x.position, x.pk))),
        )

    return tuple(build(n) for n in sorted(children.get(None, []), key=lambda x: (x.position, x.pk)))


def to_engine(scheme: Scheme, replace: Indicator | None = None) -> engine.Scheme:
    """The scheme's records as the engine's frozen scheme (schools keyed by code).

    ``replace``: an unsaved edit of one indicator (or a new one) to see the scheme as it would be (live validation).
    """
    nodes = list(scheme.indicators.all())
    if replace is not None:
        replace = copy.copy(replace)
        nodes = [n for n in nodes if replace.pk is None or n.pk != replace.pk]
        if replace.pk is None:
            replace.pk = -1  # a new node: any key its children could not use
            replace.position = 10**6
        nodes.append(replace)
    bands = tuple((str(name), float(v)) for name, v in (scheme.grade_bands or [])) or engine.GradeRule().bands
    bundles = tuple(
        engine.Bundle(b.lead.code, tuple(sorted(m.code for m in b.members.all())), b.share, b.full_at,
                      b.title or b.lead.name)
        for b in scheme.bundles.select_related("lead").prefetch_related("members")
    )
    categories = tuple(engine.Category(c.key, c.title, {k: float(v) for k, v in (c.weights or {}).items()})
                       for c in scheme.categories.all())
    return engine.Scheme(
        year=scheme.year, title=scheme.title, indicators=_tree(nodes),
        categories=categories or (engine.Category("all", _("全部学校")),), bundles=bundles,
        grades=engine.GradeRule(scheme.grade_mode, bands, scheme.grade_rest, scheme.grade_lowest,
                                scheme.grade_pass_line),
        total=scheme.total, weighting=scheme.weighting,
    )


def problems(scheme: Scheme, replace: Indicator | None = None) -> list[str]:
    """The engine's validation of the scheme as it stands, or with ``replace`` applied (empty: it can be scored)."""
    return engine.validate(to_engine(scheme, replace))


@transaction.atomic
def from_engine(spec: engine.Scheme, *, categories: dict[str, dict] | None = None, note: str = "",
                region_id: int | None = None) -> Scheme:
    """A new draft scheme written from an engine scheme (the template, or a copy of last year's), of ``region_id``
    (a city's or a county's; None: the instance's).

    ``categories`` maps a category key to the schools it takes: ``{"school_kinds": [...], "localities": [...]}``.
    Bundles are not copied (they name schools; add them on the scheme page).
    """
    scheme = Scheme.objects.create(
        year=spec.year, title=spec.title, total=spec.total, weighting=spec.weighting, grade_mode=spec.grades.mode,
        grade_bands=[[n, v] for n, v in spec.grades.bands], grade_rest=spec.grades.rest,
        grade_lowest=spec.grades.lowest, grade_pass_line=spec.grades.pass_line, note=note, region_id=region_id,
    )

    def write(nodes, parent):
        for position, n in enumerate(nodes):
            m = n.mapping
            row = Indicator.objects.create(
                scheme=scheme, parent=parent, position=position, code=n.code, title=n.title, max_score=n.max_score,
                weight=n.weight, source=n.source, figure=n.figure or "", mapping_kind=m.kind if m else "",
                mapping_params=engine.scheme._listify(m.params) if m else [],
                lower_is_better=m.lower_is_better if m else False, kind=n.kind, cap=n.cap, aggregate=n.aggregate,
                veto_at=n.veto_at, note=n.note, when_missing=n.when_missing,
            )
            write(n.children, row)

    write(spec.indicators, None)
    for position, c in enumerate(spec.categories):
        rule = (categories or {}).get(c.key, {})
        Category.objects.create(scheme=scheme, position=position, key=c.key, title=c.title, weights=dict(c.weights),
                                school_kinds=list(rule.get("school_kinds", [])),
                                localities=list(rule.get("localities", [])))
    return scheme


# ---- which schools, in which category ---------------------------------------------------------------------------

def school_categories(scheme: Scheme) -> dict[int, Category]:
    """Each evaluated school's category: a school listed on a category first, else the first category whose kinds
    and localities take it (an empty list takes any). Schools no category takes are not evaluated, nor are 教学点
    unless listed (a teaching point is assessed with its central school)."""
    cats = list(scheme.categories.prefetch_related("schools"))
    out: dict[int, Category] = {}
    for c in cats:
        for s in c.schools.all():
            out.setdefault(s.pk, c)
    for school in School.objects.filter(is_active=True, is_teaching_point=False).exclude(pk__in=out):
        for c in cats:
            if c.schools.exists() and not (c.school_kinds or c.localities):
                continue  # a category of listed schools only
            if (not c.school_kinds or school.kind in c.school_kinds) and (
                    not c.localities or school.locality in c.localities):
                out[school.pk] = c
                break
    return out


def evaluated_schools(scheme: Scheme) -> list[School]:
    ids = school_categories(scheme)
    return list(School.objects.filter(pk__in=ids).order_by("code"))


# ---- figures ------------------------------------------------------------------------------------------------------

def figure_keys(scheme: Scheme) -> list[str]:
    """The figures the scheme's computed leaves read."""
    return sorted(set(scheme.indicators.filter(source=Indicator.Source.COMPUTED).exclude(figure="")
                      .values_list("figure", flat=True)))


@transaction.atomic
def snapshot_figures(scheme: Scheme, today: dt.date | None = None) -> int:
    """Take the figures the scheme needs from the other modules, as they stand now (hand-entered ones are kept)."""
    schools = evaluated_schools(scheme)
    keys = figure_keys(scheme)
    FigureSnapshot.objects.filter(scheme=scheme, manual=False).delete()
    manual = set(FigureSnapshot.objects.filter(scheme=scheme, manual=True).values_list("school_id", "key"))
    rows = [
        FigureSnapshot(scheme=scheme, school_id=pk, key=key, value=value, source=source[:300])
        for key, figures in gather(scheme.year, schools, keys, today).items()
        for pk, (value, source) in figures.items() if (pk, key) not in manual
    ]
    FigureSnapshot.objects.bulk_create(rows)
    return len(rows)


# ---- inputs ---------------------------------------------------------------------------------------------------------

def previous_totals(scheme: Scheme) -> dict[str, float]:
    """Last year's published totals by school code (the newest published version of last year's schemes)."""
    last = (ResultVersion.objects.filter(scheme__year=scheme.year - 1, version__gt=0)
            .order_by("-published_at", "-version").first())
    if last is None:
        return {}
    return {s["key"]: float(s["total"]) for s in last.result_json.get("schools", [])}


def school_inputs(scheme: Scheme) -> list[engine.SchoolInput]:
    """Each evaluated school's inputs; a verified appeal's decided score replaces the contested item's input."""
    cats = school_categories(scheme)
    schools = {s.pk: s for s in School.objects.filter(pk__in=cats)}
    entered: dict[int, dict[str, list[float]]] = {pk: {} for pk in schools}
    for school_id, code, value in EvaluatorScore.objects.filter(scheme=scheme).values_list(
            "school_id", "indicator__code", "score"):
        if school_id in entered:
            entered[school_id].setdefault(code, []).append(value)
    third: dict[int, dict[str, float]] = {pk: {} for pk in schools}
    for school_id, code, value in ThirdPartyScore.objects.filter(scheme=scheme).values_list(
            "school_id", "indicator__code", "value"):
        if school_id in third:
            third[school_id][code] = value
    figures: dict[int, dict[str, float]] = {pk: {} for pk in schools}
    for school_id, key, value in FigureSnapshot.objects.filter(scheme=scheme).values_list("school_id", "key", "value"):
        if school_id in figures:
            figures[school_id][key] = value
    decided = Appeal.objects.filter(scheme=scheme, decided_score__isnull=False, followup__state="closed")
    for a in decided.select_related("indicator").order_by("created"):
        if a.school_id not in schools:
            continue
        if a.indicator.source == Indicator.Source.ENTERED:
            entered[a.school_id][a.indicator.code] = [a.decided_score]
        elif a.indicator.source == Indicator.Source.THIRD_PARTY:
            third[a.school_id][a.indicator.code] = a.decided_score
        elif a.indicator.figure:
            figures[a.school_id][a.indicator.figure] = a.decided_score
    previous = previous_totals(scheme)
    return [
        engine.SchoolInput(
            key=s.code, name=s.name, category=cats[pk].key,
            entered={k: tuple(v) for k, v in entered[pk].items()}, third_party=third[pk], figures=figures[pk],
            previous_total=previous.get(s.code),
        )
        for pk, s in sorted(schools.items(), key=lambda kv: kv[1].code)
    ]


def inputs_to_json(inputs: list[engine.SchoolInput]) -> list[dict]:
    return [{"key": s.key, "name": s.name, "category": s.category,
             "entered": {k: list(v) for k, v in s.entered.items()}, "third_party": dict(s.third_party),
             "figures": dict(s.figures), "previous_total": s.previous_total} for s in inputs]


# ---- recompute and publish ------------------------------------------------------------------------------------------

class SchemeInvalid(ValidationError):
    """The scheme cannot be scored; ``messages`` says why (the engine's validation)."""


def _score(scheme: Scheme, today: dt.date | None) -> tuple[engine.Scheme, list[engine.SchoolInput], dict]:
    spec = to_engine(scheme)
    found = engine.validate(spec)
    if found:
        raise SchemeInvalid(found)
    snapshot_figures(scheme, today)
    inputs = school_inputs(scheme)
    try:
        result = engine.score(spec, inputs)
    except ValueError as exc:
        raise SchemeInvalid(str(exc)) from None
    return spec, inputs, result_to_dict(result)


@transaction.atomic
def recompute(scheme: Scheme, user=None, today: dt.date | None = None) -> ResultVersion:
    """Score the scheme on today's figures and scores into its draft (version 0)."""
    spec, inputs, result = _score(scheme, today)
    draft, _created = ResultVersion.objects.update_or_create(
        scheme=scheme, version=0,
        defaults={"computed_at": timezone.now(), "computed_by": user, "scheme_json": engine.scheme_to_dict(spec),
                  "inputs_json": inputs_to_json(inputs), "result_json": result},
    )
    return draft


@transaction.atomic
def publish(scheme: Scheme, user=None, *, final: bool = False, note: str = "",
            today: dt.date | None = None) -> ResultVersion:
    """Score afresh and freeze it as the next version; the scheme becomes published. Later score changes touch
    only the draft, never a published version."""
    draft = recompute(scheme, user, today)
    number = (scheme.versions.order_by("-version").values_list("version", flat=True).first() or 0) + 1
    version = ResultVersion.objects.create(
        scheme=scheme, version=number, computed_at=draft.computed_at, computed_by=user,
        published_at=timezone.now(), final=final, note=note, scheme_json=draft.scheme_json,
        inputs_json=draft.inputs_json, result_json=draft.result_json,
    )
    if scheme.status != Scheme.Status.PUBLISHED:
        scheme.status = Scheme.Status.PUBLISHED
        scheme.save(update_fields=["status", "updated"])
    return version


def result_of(version: ResultVersion) -> engine.EvaluationResult:
    """The engine's result of a version, from its frozen scheme and inputs (equal to its ``result_json``)."""
    return engine.score(engine.scheme_from_dict(version.scheme_json), schools_from_json(version.inputs_json))


def latest_published(scheme: Scheme) -> ResultVersion | None:
    return scheme.versions.filter(version__gt=0).order_by("-version").first()


def draft_of(scheme: Scheme) -> ResultVersion | None:
    return scheme.versions.filter(version=0).first()


def visible_version(user, scheme: Scheme) -> ResultVersion | None:
    """The version ``user`` may see: the evaluating department sees the draft when there is no published one,
    everybody else only a published version (issue 18: inspectors read drafts)."""
    from .drafts import may_see_drafts  # issue 18: drafts are the evaluating department's only

    published = latest_published(scheme)
    if published is not None or not may_see_drafts(user):
        return published
    return draft_of(scheme)


def school_row(version: ResultVersion, code: str) -> dict | None:
    for row in version.result_json.get("schools", []):
        if row["key"] == code:
            return row
    return None


# ---- appeals ----------------------------------------------------------------------------------------------------

def appeal_open(scheme: Scheme, today: dt.date | None = None) -> bool:
    """Is the appeal window open: a published version exists and today is not past ``appeal_until``."""
    today = today or timezone.localdate()
    return bool(scheme.appeal_until and today <= scheme.appeal_until and latest_published(scheme))


@transaction.atomic
def open_appeal(*, scheme: Scheme, school: School, indicator: Indicator, reason: str, user, evidence=(),
                today: dt.date | None = None) -> Appeal:
    """A school contests ``indicator`` of the newest published version, within the window.

    The follow-up is owed by the school by the window's end and answered at once (反馈) with the reason and the
    ``evidence`` files; the department then verifies it (核查销号, optionally with a decided score) or sends it back
    (退回), and the school answers again with more evidence."""
    today = today or timezone.localdate()
    scope = scope_for(user)
    if not scope.superuser and not scope.covers({school.pk}):
        raise PermissionDenied(_("只能对本校的考核结果提出申诉。"))
    version = latest_published(scheme)
    if version is None:
        raise ValidationError(_("考核结果尚未发布，暂不能申诉。"))
    if not appeal_open(scheme, today):
        raise ValidationError(_("不在申诉期内（申诉截止日期：{day}）。").format(day=scheme.appeal_until or "—"))
    if indicator.scheme_id != scheme.pk:
        raise ValidationError(_("所选指标不属于该方案。"))
    if not reason.strip():
        raise ValidationError({"reason": _("请填写申诉理由。")})
    followup = open_followup(
        module=MODULE, kind="appeal", title=_("考核申诉：{school} · {code} {title}").format(
            school=school.name, code=indicator.code, title=indicator.title)[:200],
        due=scheme.appeal_until, issued_by=user, school=school, detail=reason, issued_on=today,
    )
    appeal = Appeal(scheme=scheme, version=version, school=school, indicator=indicator, reason=reason,
                    followup=followup)
    appeal.full_clean()
    appeal.save()
    act(followup, Action.RESPOND, user, measures=reason, files=list(evidence or ()), today=today)
    return appeal
