"""The class page places pupils from a cached summary of the county's scores (issue 17): the same rank, percentile
and T score as ranking every candidate, to the last digit."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edubureau.quality.engine.config import TOTAL, ExamConfig
from edubureau.quality.engine.placing import place, summarize_scores
from edubureau.quality.engine.stats import candidate_scores

halves = st.one_of(st.none(), st.integers(min_value=0, max_value=200).map(lambda k: k / 2))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(halves, halves), min_size=1, max_size=60))
def test_placing_agrees_with_ranking_every_candidate(rows):
    config = ExamConfig({"语文": 100, "数学": 100})
    frame = pl.DataFrame({
        "exam_no": [str(i) for i in range(len(rows))], "school": ["一中"] * len(rows), "class": ["1班"] * len(rows),
        "语文": [a for a, _ in rows], "数学": [b for _, b in rows],
        TOTAL: [None if a is None or b is None else a + b for a, b in rows],
    }, schema_overrides={"语文": pl.Float64, "数学": pl.Float64, TOTAL: pl.Float64})
    summary = summarize_scores(frame, config)
    for row in candidate_scores(frame, config).iter_rows(named=True):
        placed = place(summary[row["subject"]], row["score"])
        if row["score"] is None:
            assert placed is None
            continue
        assert placed["rank"] == row["rank"]
        assert placed["percentile"] == pytest.approx(row["percentile"], rel=1e-12)
        assert placed["t"] == pytest.approx(row["t"], rel=1e-12, abs=1e-12)


def test_hand_checked_ties_and_a_score_between():
    frame = pl.DataFrame({"exam_no": list("abcde"), "school": ["一中"] * 5, "class": ["1班"] * 5,
                          "数学": [90.0, 80.0, 80.0, 60.0, None], TOTAL: [90.0, 80.0, 80.0, 60.0, None]})
    math = summarize_scores(frame, ExamConfig({"数学": 100}))["数学"]
    assert (math["n"], math["values"], math["below"], math["equal"]) == (4, [60.0, 80.0, 90.0], [0, 1, 3], [1, 2, 1])
    tied = place(math, 80.0)
    assert (tied["rank"], tied["percentile"]) == (2, 50.0)  # two tied second; one below, two equal: (1 + 1) / 4
    between = place(math, 85.0)  # nobody scored 85: after the two 80s, before the 90
    assert (between["rank"], between["percentile"]) == (2, 75.0)
    assert place(math, -0.0)["rank"] == 5


@pytest.mark.django_db
def test_class_page_follows_a_new_import_not_the_cached_summary(county, client, tmp_path):
    from django.urls import reverse

    from edubureau.core.roles import Role
    from edubureau.core.testing.factories import make_user
    from edubureau.quality.services import import_scores

    from .conftest import csv_bytes, login

    exam, a = county["exam"], county["a"]
    login(client, make_user(Role.SCHOOL, school=a))
    url = reverse("quality:exam_class", args=[exam.pk, a.pk, "1班"])
    assert "1 / 87.5 / " in client.get(url).content.decode()  # 张三's 语文 110: best of four
    rows = [list(r) for r in county["rows"]]
    rows[4][4] = 115  # 赵六 now beats 张三 at 语文
    path = tmp_path / "again.csv"
    path.write_bytes(csv_bytes(rows))
    import_scores(exam, path)
    exam.refresh_from_db()
    assert "2 / 62.5 / " in client.get(url).content.decode()  # second of four: (2 below + 0.5) / 4
