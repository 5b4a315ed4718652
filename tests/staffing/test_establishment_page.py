"""编制与缺员 from the registry (issue 11): norms from the current classes, staff available, subjects short by hours."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from edubureau.core.testing import factories as f
from edubureau.org.models import School
from edubureau.people.models import Posting
from edubureau.staffing.establishment import county_report
from edubureau.staffing.models import LeaveRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def classes(county):
    """城关小学: 2 classes of 45 in each of grades 1–6; 山口小学: 1 class of 20 in each grade."""
    year = f.make_school_year(2026)
    for grade in range(1, 7):
        for _ in range(2):
            f.make_class(county["town"], grade=grade, size=45, school_year=year)
        f.make_class(county["village"], grade=grade, size=20, school_year=year)
    today = timezone.localdate()
    seconded, sick = county["others"][:2]
    Posting.objects.create(staff=seconded, school=county["junior"], start=today - dt.timedelta(days=60),
                           reason="secondment")
    LeaveRequest.objects.create(staff=sick, school=county["town"], kind="病假", start=today - dt.timedelta(days=10),
                                end=today + dt.timedelta(days=30), days=29, state="已批准")
    return county


def test_norms_gaps_and_subject_shortages_hand_checked(classes):
    rows = {r.school.name: r for r in county_report(School.objects.all())["schools"]}
    town, village = rows["城关小学"].gap, rows["山口小学"].gap
    # 540 pupils ÷ 19 = 28.4 → 29; 11 on the roll, one seconded out and one on 41 days' sick leave → 9 available.
    assert (rows["城关小学"].pupils, town.norm, town.in_post, town.available, town.gap) == (540, 29, 11, 9, -20)
    # 120 pupils in a village school (< 200): by classes 6 × 1.8 = 10.8 → 11, more than 120 ÷ 19 = 6.3.
    assert (village.norm, village.gap) == (11, -3) and "班师比1:1.8" in village.rule
    # 音乐 at 山口小学: 6 classes × 2 periods = 12 a week, no teacher: 12 ÷ 15 = 0.8 of a teacher short.
    music = next(g for g in rows["山口小学"].short_subjects if g.subject == "音乐")
    assert (music.needed, music.available, music.gap) == (12, 0, -0.8)
    assert rows["东岭中学"].gap.rule == "没有在校生"


def test_page_and_export_are_scoped(client, classes):
    client.force_login(classes["renshi"])
    page = client.get(reverse("staffing:establishment")).content.decode()
    assert "城关小学" in page and "山口小学" in page and "缺编" in page
    book = load_workbook(io.BytesIO(client.get(reverse("staffing:establishment"), {"format": "xlsx"}).content)).active
    header = [c.value for c in book[2]]
    rows = {r[0]: dict(zip(header, r, strict=False)) for r in book.iter_rows(min_row=3, values_only=True)}
    assert rows["城关小学"]["核定编制"] == 29 and rows["城关小学"]["差额"] == -20
    client.force_login(classes["village_head"])
    page = client.get(reverse("staffing:establishment")).content.decode()
    assert "山口小学" in page and "城关小学" not in page
