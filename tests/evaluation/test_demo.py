"""The evaluation demo story on a small generated county (with the inspection demo before it, as the command runs)."""

import pytest
from django.utils import timezone

from edubureau.demo.generator import generate
from edubureau.demo.loader import load_county
from edubureau.evaluation import services
from edubureau.evaluation.demo import load_demo
from edubureau.evaluation.models import Appeal, ResultVersion, Scheme
from edubureau.inspection.demo import load_demo as load_inspection

pytestmark = pytest.mark.django_db


def test_demo_story():
    today = timezone.localdate()
    year = today.year if today.month >= 9 else today.year - 1
    load_county(generate(seed=3, current_year=year, scale=0.1))
    load_inspection(3)
    line = load_demo(3)
    assert line and "一票否决" in line and "捆绑" in line
    last, this = Scheme.objects.order_by("year")
    assert (last.year, this.year) == (today.year - 1, today.year)
    assert [c.title for c in this.categories.all()] == ["小学", "初中"]
    assert services.problems(this) == []
    final = services.latest_published(last)
    assert final.final
    v1 = services.latest_published(this)
    assert v1.version == 1 and services.appeal_open(this)
    result = services.result_of(v1)
    vetoed = [s for s in result.schools if s.vetoed]
    assert len(vetoed) == 1 and vetoed[0].grade == "不合格"
    assert {"优秀", "良好"} <= {s.grade for s in result.schools}  # quotas within each category
    assert sum(1 for s in result.schools if s.deduction) < len(result.schools) / 2  # a few schools lose points
    lead = this.bundles.get().lead
    assert any(t.code == "捆绑" for t in result.school(lead.code).trail)
    previous = [s.previous_total for s in result.schools if s.previous_total is not None]
    assert previous and sum(previous) / len(previous) > 45  # last year's figures were entered from the ledgers
    states = sorted(Appeal.objects.values_list("followup__state", flat=True))
    assert states == ["closed", "responded"]  # one upheld; the demo school's waits for verification
    draft = services.draft_of(this)
    assert draft.result_json != v1.result_json  # the draft moved since v1 (upheld appeal, revised score)
    assert ResultVersion.objects.filter(scheme=this).count() == 2
    assert load_demo(3) is None  # once only
