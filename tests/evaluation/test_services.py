"""Evaluation workflow: records ↔ engine, recompute and publish (frozen versions), appeals on the follow-up cycle."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from edubureau.core.followup import act
from edubureau.core.roles import Role
from edubureau.core.testing.factories import make_department, make_school, make_user
from edubureau.evaluation import engine, services
from edubureau.evaluation.models import (
    Appeal,
    Bundle,
    EvaluatorScore,
    FigureSnapshot,
    Indicator,
    ResultVersion,
    Scheme,
    ThirdPartyScore,
)

pytestmark = pytest.mark.django_db
D = dt.date
CATS = {"urban": {"school_kinds": ["primary"], "localities": ["urban", "town"]},
        "rural": {"school_kinds": ["primary"], "localities": ["rural"]},
        "junior": {"school_kinds": ["junior"]}}


@pytest.fixture
def world():
    a = make_school("甲小学", locality="urban")
    b = make_school("乙小学", locality="urban")
    c = make_school("丙小学", locality="rural")
    j = make_school("丁中学", kind="junior", locality="urban")
    scheme = services.from_engine(engine.standard_scheme(2026), categories=CATS)
    dept = make_department(modules=("evaluation",))
    staff = make_user(Role.DEPARTMENT, department=dept)
    return {"a": a, "b": b, "c": c, "j": j, "scheme": scheme, "staff": staff}


def score(scheme, school, code, value, user):
    ind = scheme.indicators.get(code=code)
    EvaluatorScore.objects.update_or_create(scheme=scheme, indicator=ind, school=school, evaluator=user,
                                            defaults={"score": value})


def test_round_trip_of_the_template(world):
    spec = engine.standard_scheme(2026)
    back = services.to_engine(world["scheme"])
    assert engine.scheme_to_dict(back)["indicators"] == engine.scheme_to_dict(spec)["indicators"]
    assert [c.key for c in back.categories] == ["urban", "rural", "junior"]
    assert services.problems(world["scheme"]) == []


def test_categories_by_kind_and_locality_and_explicit_list(world):
    cats = services.school_categories(world["scheme"])
    assert cats[world["a"].pk].key == "urban" and cats[world["c"].pk].key == "rural"
    assert cats[world["j"].pk].key == "junior"
    rural = world["scheme"].categories.get(key="rural")
    rural.schools.add(world["a"])  # a listed school wins over the rule
    assert services.school_categories(world["scheme"])[world["a"].pk].key == "rural"


def test_weights_not_adding_up_are_reported(world):
    Indicator.objects.filter(scheme=world["scheme"], code="1").update(weight=0.5)
    found = services.problems(world["scheme"])
    assert any("权重合计" in p and "应为 1" in p for p in found)
    with pytest.raises(services.SchemeInvalid):
        services.recompute(world["scheme"])


def test_recompute_uses_scores_third_party_and_figures(world):
    s, staff = world["scheme"], world["staff"]
    other = make_user(Role.DEPARTMENT, department=staff.profile.department)
    score(s, world["a"], "1.3", 9, staff)
    score(s, world["a"], "1.3", 7, other)
    ThirdPartyScore.objects.create(scheme=s, indicator=s.indicators.get(code="2.2"), school=world["a"], value=90)
    FigureSnapshot.objects.create(scheme=s, school=world["b"], key="safety.serious_incidents", value=1, manual=True)
    draft = services.recompute(s, staff)
    assert draft.version == 0
    result = services.result_of(draft)
    a = result.school(world["a"].code)
    assert a.values["1.3"] == 8  # mean of 9 and 7
    assert a.raw["2.2"] == 8  # 90 → band ≥85 → 8
    b = result.school(world["b"].code)
    assert b.vetoed and b.grade == "不合格"
    # recompute again replaces the draft; the hand-entered figure survives the snapshot
    services.recompute(s, staff)
    assert ResultVersion.objects.filter(scheme=s).count() == 1
    assert FigureSnapshot.objects.filter(scheme=s, manual=True).count() == 1


def test_publish_freezes_a_version(world):
    s, staff = world["scheme"], world["staff"]
    score(s, world["a"], "1.3", 9, staff)
    v1 = services.publish(s, staff)
    total_v1 = services.school_row(v1, world["a"].code)["total"]
    s.refresh_from_db()
    assert s.status == Scheme.Status.PUBLISHED and v1.version == 1
    score(s, world["a"], "1.3", 2, staff)  # a later change …
    services.recompute(s, staff)
    v1.refresh_from_db()
    assert services.school_row(v1, world["a"].code)["total"] == total_v1  # … does not alter v1
    assert services.result_of(v1).school(world["a"].code).total == pytest.approx(total_v1)
    assert services.school_row(services.draft_of(s), world["a"].code)["total"] < total_v1
    v2 = services.publish(s, staff, final=True)
    assert v2.version == 2 and v2.final and services.latest_published(s) == v2


def test_last_year_total_and_bundle(world):
    s, staff = world["scheme"], world["staff"]
    last = services.from_engine(engine.standard_scheme(2025), categories=CATS)
    score(last, world["b"], "1.3", 5, staff)
    services.publish(last, staff)
    bundle = Bundle.objects.create(scheme=s, lead=world["a"], share=0.2, title="甲小学集团")
    bundle.members.add(world["b"])
    score(s, world["b"], "1.3", 10, staff)
    result = services.result_of(services.recompute(s, staff))
    b = result.school(world["b"].code)
    # 5/10 of 16 points (城区小学 1.3 full marks) + 12 for 1.2, full marks with no notice due (the template's rule)
    assert b.previous_total == pytest.approx(20.0)
    assert result.school(world["a"].code).bundled_part > 0


def test_appeal_life_cycle(world):
    s, staff = world["scheme"], world["staff"]
    a = world["a"]
    head = make_user(Role.SCHOOL, school=a)
    score(s, a, "1.3", 5, staff)
    ind = s.indicators.get(code="1.3")
    with pytest.raises(ValidationError):  # nothing published yet
        services.open_appeal(scheme=s, school=a, indicator=ind, reason="漏评", user=head, today=D(2026, 12, 1))
    services.publish(s, staff)
    s.appeal_until = D(2026, 12, 10)
    s.save()
    with pytest.raises(ValidationError):  # window closed
        services.open_appeal(scheme=s, school=a, indicator=ind, reason="漏评", user=head, today=D(2026, 12, 11))
    with pytest.raises(PermissionDenied):  # another school's item
        services.open_appeal(scheme=s, school=world["b"], indicator=ind, reason="x", user=head, today=D(2026, 12, 1))
    evidence = SimpleUploadedFile("证明.pdf", b"%PDF-1.4 evidence", content_type="application/pdf")
    appeal = services.open_appeal(scheme=s, school=a, indicator=ind, reason="规范办学材料漏评", user=head,
                                  evidence=[evidence], today=D(2026, 12, 1))
    fu = appeal.followup
    assert (fu.module, fu.kind, fu.due, fu.state) == ("evaluation", "appeal", D(2026, 12, 10), "responded")
    assert fu.events.last().evidence.count() == 1
    act(fu, "return", staff, note="请补充会议记录")
    act(fu, "respond", head, measures="补充了会议记录")
    appeal.decided_score = 8
    appeal.save()
    act(fu, "verify", staff, note="核实，改为8分")
    v2 = services.publish(s, staff, final=True)
    assert services.result_of(v2).school(a.code).values["1.3"] == 8
    assert Appeal.objects.visible_to(head).count() == 1
    assert Appeal.objects.visible_to(make_user(Role.SCHOOL, school=world["b"])).count() == 0
