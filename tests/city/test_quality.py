"""市级对比 · 考试质量: a city exam's county level, hand-checked; the county drill-down; a county user refused."""

import datetime as dt
import io

import polars as pl
import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from edubureau.core.testing.factories import make_school, make_school_year
from edubureau.org.models import Term
from edubureau.quality.engine.config import ExamConfig
from edubureau.quality.engine.counties import combine, county_level
from edubureau.quality.engine.report import analyze
from edubureau.quality.models import Exam
from edubureau.quality.services import import_scores

from .conftest import queries

pytestmark = pytest.mark.django_db
URL = reverse("quality:city")


def import_exam(city, tmp_path, rows):
    term = Term.objects.get_or_create(school_year=make_school_year(), number=1,
                                      defaults={"start": dt.date(2025, 9, 1), "end": dt.date(2026, 1, 20)})[0]
    exam = Exam.objects.create(name="九年级期末全市统考", term=term, grade=9, full_marks={"语文": 100},
                               region=city.city)
    path = tmp_path / "scores.csv"
    lines = [["考号", "姓名", "学校", "班级", "语文"], *rows]
    path.write_bytes("\n".join(",".join(str(c) for c in r) for r in lines).encode())
    import_scores(exam, path)
    exam.refresh_from_db()
    assert exam.status == Exam.Status.READY, exam.errors
    return exam


@pytest.fixture
def exam(city, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    a, b, c = (city.schools[k] for k in "abc")
    # 东县: 90, 80 (一小), 60 (二小); 西县: 50 and one absent.
    return import_exam(city, tmp_path, [["1", "甲", a.name, "1班", 90], ["2", "乙", a.name, "1班", 80],
                                        ["3", "丙", b.name, "1班", 60], ["4", "丁", c.name, "1班", 50],
                                        ["5", "戊", c.name, "1班", "缺考"]])


def test_engine_county_level_by_hand():
    entry = {"full": 100.0, "schools": [
        {"school": "一小", "n": 2, "absent": 0, "mean": 85.0, "std": 5.0, "max": 90.0, "min": 80.0,
         "excellent_rate": 0.5, "good_rate": 1.0, "pass_rate": 1.0, "low_rate": 0.0},
        {"school": "二小", "n": 1, "absent": 0, "mean": 60.0, "std": 0.0, "max": 60.0, "min": 60.0,
         "excellent_rate": 0.0, "good_rate": 0.0, "pass_rate": 1.0, "low_rate": 0.0},
        {"school": "三小", "n": 1, "absent": 1, "mean": 50.0, "std": 0.0, "max": 50.0, "min": 50.0,
         "excellent_rate": 0.0, "good_rate": 0.0, "pass_rate": 0.0, "low_rate": 0.0},
        {"school": "外县", "n": 9, "absent": 0, "mean": 10.0, "std": 0.0, "max": 10.0, "min": 10.0,
         "excellent_rate": 0.0, "good_rate": 0.0, "pass_rate": 0.0, "low_rate": 1.0}]}
    counties, city = county_level(entry, {"一小": "东", "二小": "东", "三小": "西"}, counties=["东", "西", "北"])
    east, west, north = counties
    # 东: 90, 80, 60 → mean 76.667, population sd sqrt((13.333² + 3.333² + 16.667²) / 3) = 12.472.
    assert east["n"] == 3 and east["mean"] == pytest.approx(230 / 3) and east["std"] == pytest.approx(12.4722, abs=1e-4)
    assert east["excellent_rate"] == pytest.approx(1 / 3) and east["pass_rate"] == 1.0 and east["max"] == 90.0
    assert west["absent"] == 1 and west["pass_rate"] == 0.0
    assert north["n"] == 0 and north["mean"] is None and north["rank"] is None
    # The school of no listed county (外县) counts nowhere: city 90, 80, 60, 50 → 70.
    assert city["n"] == 4 and city["mean"] == 70.0 and city["excellent_rate"] == 0.25
    assert east["ratio"] == pytest.approx(230 / 3 / 70) and (east["rank"], west["rank"]) == (1, 2)


def test_combine_of_nobody():
    row = combine([{"n": 0, "absent": 2, "mean": None}], 100.0)
    assert row["n"] == 0 and row["absent"] == 2 and row["mean"] is None and row["pass_rate"] is None


def test_city_user_sees_both_counties(client, city, exam):
    client.force_login(city.leader)
    response = client.get(URL)
    assert response.status_code == 200
    rows = {r["county"]: r for r in response.context["rows"]}
    assert rows["东县"]["n"] == 3 and rows["东县"]["mean"] == pytest.approx(230 / 3)
    assert rows["西县"]["n"] == 1 and rows["西县"]["absent"] == 1 and rows["西县"]["mean"] == 50.0
    page = response.content.decode()
    # 东县 76.67, 优秀 33.3%, 及格 100.0%; 西县 50.00; city 70.00, 优秀 25.0%, 及格 75.0%; 比均率 1.095.
    for figure in ("76.67", "33.3%", "100.0%", "50.00", "70.00", "25.0%", "75.0%", "1.095", "全市合计"):
        assert figure in page, figure
    assert f'{reverse("quality:exam_detail", args=[exam.pk])}?subject=%E6%80%BB%E5%88%86&amp;region={city.east.pk}' \
        in page


def test_export(client, city, exam):
    client.force_login(city.leader)
    response = client.get(URL + f"?exam={exam.pk}&export=xlsx")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    body = {r[0]: r for r in rows if r and r[0] in ("东县", "西县", "全市合计")}
    assert body["全市合计"][2] == 4 and body["全市合计"][4] == pytest.approx(70.0)


def test_drill_down_shows_the_county_schools_only(client, city, exam):
    client.force_login(city.leader)
    page = client.get(reverse("quality:exam_detail", args=[exam.pk]) + f"?region={city.west.pk}").content.decode()
    assert "西县一小" in page and "东县一小" not in page and "东县二小" not in page


def test_county_user_is_refused(client, city, exam):
    client.force_login(city.east_user)
    assert client.get(URL).status_code == 403
    detail = reverse("quality:exam_detail", args=[exam.pk])
    assert client.get(detail + f"?region={city.west.pk}").status_code == 403


def test_query_count_does_not_grow_with_schools(client, city, exam, tmp_path):
    client.force_login(city.leader)
    before = queries(client, URL + f"?exam={exam.pk}")
    more = [make_school(region=county, kind="junior") for county in (city.east, city.west, city.west)]
    rows = [[str(10 + i), "某", s.name, "1班", 70] for i, s in enumerate([*city.schools.values(), *more])]
    bigger = import_exam(city, tmp_path, rows)
    assert queries(client, URL + f"?exam={bigger.pk}") == before


# ---- the county level equals a direct analysis with the county as the grouping ----------------------------------

SCHOOLS = {"一中": "东", "二中": "东", "三中": "西", "四中": "西"}
_score = st.one_of(st.none(), st.integers(0, 100))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(list(SCHOOLS)), _score), min_size=1, max_size=40))
def test_county_level_equals_grouping_the_candidates_by_county(rows):
    """Summing school rows (``county_level``) gives what the engine computes from the candidates themselves when
    each candidate's county is its group (the zone level of ``analyze``)."""
    frame = pl.DataFrame({"exam_no": [str(i) for i in range(len(rows))], "school": [s for s, _ in rows],
                          "class": ["1班"] * len(rows), "zone": [SCHOOLS[s] for s, _ in rows],
                          "语文": [None if v is None else float(v) for _, v in rows],
                          "总分": [None if v is None else float(v) for _, v in rows]},
                         schema_overrides={"语文": pl.Float64, "总分": pl.Float64})
    report = analyze(frame, ExamConfig({"语文": 100}))
    for subject, entry in report["subjects"].items():
        counties, city = county_level(entry, SCHOOLS)
        direct = {z["zone"]: z for z in entry["zones"]}
        for row in counties:
            expected = direct.get(row["county"])
            if expected is None:  # no candidate of that county at all
                assert row["schools"] == 0
                continue
            assert (row["n"], row["absent"]) == (expected["n"], expected["absent"])
            for key in ("mean", "std", "max", "min", "excellent_rate", "good_rate", "pass_rate", "low_rate",
                        "mean_rate", "ratio"):
                if expected[key] is None:
                    assert row[key] is None, key
                else:
                    assert row[key] == pytest.approx(expected[key], abs=1e-9), (subject, key)
        whole = entry["county"]
        assert city["n"] == whole["n"] and city["absent"] == whole["absent"]
        if whole["mean"] is not None:
            assert city["mean"] == pytest.approx(whole["mean"]) and city["std"] == pytest.approx(whole["std"])


def test_county_user_sees_no_other_county_on_the_city_exam(client, city, exam):
    client.force_login(city.east_user)
    response = client.get(reverse("quality:exam_detail", args=[exam.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "东县一小" in page and "西县" not in page
