"""The exam analysis engine: hand-checked small exams, refused files, properties (issue 5)."""

from __future__ import annotations

import math

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edubureau.quality.engine.config import TOTAL, Cutoffs, ExamConfig, parse_full_marks
from edubureau.quality.engine.items import item_analysis
from edubureau.quality.engine.reading import rows_to_frame
from edubureau.quality.engine.report import analyze
from edubureau.quality.engine.scores import ScoreFileError, clean_scores
from edubureau.quality.engine.stats import candidate_scores, level_tables
from edubureau.quality.engine.value_added import value_added

CONFIG = ExamConfig({"语文": 100, "数学": 100})


def raw(rows, headers=("考号", "学校", "班级", "语文", "数学")):
    return pl.DataFrame({"_row": list(range(2, len(rows) + 2)),
                         **{h: [None if r[i] is None else str(r[i]) for r in rows] for i, h in enumerate(headers)}})


SMALL = [
    ("1", "一中", "1班", 90, 80),
    ("2", "一中", "1班", 70, "缺考"),
    ("3", "一中", "2班", 50, 60),
    ("4", "二中", "1班", 30, 40),
    ("5", "二中", "1班", "", 100),
]


def test_hand_checked_county_figures():
    report = analyze(clean_scores(raw(SMALL), CONFIG), CONFIG)
    chinese = report["subjects"]["语文"]["county"]
    # 语文: 90, 70, 50, 30 with one blank (absent, not zero).
    assert (chinese["n"], chinese["absent"]) == (4, 1)
    assert chinese["mean"] == pytest.approx(60.0)
    assert chinese["std"] == pytest.approx(math.sqrt(500))  # population: (900+100+100+900)/4
    assert (chinese["max"], chinese["min"], chinese["median"]) == (90.0, 30.0, 60.0)
    assert chinese["excellent_rate"] == pytest.approx(0.25)  # 90 ≥ 85
    assert chinese["good_rate"] == pytest.approx(0.50)  # 90, 70 ≥ 70
    assert chinese["pass_rate"] == pytest.approx(0.50)
    assert chinese["low_rate"] == pytest.approx(0.25)  # 30 < 40
    assert chinese["mean_rate"] == pytest.approx(0.60)
    assert chinese["bands"] == [0, 0, 0, 1, 0, 1, 0, 1, 0, 1]
    total = report["subjects"][TOTAL]["county"]
    # Only candidates 1, 3 and 4 sat both papers: 170, 110, 70.
    assert (total["n"], total["absent"]) == (3, 2)
    assert total["mean"] == pytest.approx(350 / 3)


def test_hand_checked_schools_ranks_ratio_and_cv():
    report = analyze(clean_scores(raw(SMALL), CONFIG), CONFIG)
    schools = {s["school"]: s for s in report["subjects"]["语文"]["schools"]}
    assert schools["一中"]["mean"] == pytest.approx(70.0)
    assert schools["二中"]["mean"] == pytest.approx(30.0)
    assert (schools["一中"]["rank"], schools["二中"]["rank"]) == (1, 2)
    assert schools["一中"]["ratio"] == pytest.approx(70 / 60)
    # 郧县 index: 一中 is best in every part → 100; 二中: 30/70·40 + 0 + 0.
    assert schools["一中"]["index"] == pytest.approx(100.0)
    assert schools["二中"]["index"] == pytest.approx(30 / 70 * 40)
    # CV of school means 70 and 30: std 20 ÷ mean 50.
    assert report["school_mean_cv"]["语文"] == pytest.approx(0.4)
    classes = {(c["school"], c["class"]): c for c in report["subjects"]["语文"]["classes"]}
    assert classes[("一中", "2班")]["rank_in_school"] == 2
    assert classes[("一中", "1班")]["mean"] == pytest.approx(80.0)


def test_candidate_standard_scores():
    table = candidate_scores(clean_scores(raw(SMALL), CONFIG), CONFIG).filter(pl.col("subject") == "语文")
    by_no = {r["exam_no"]: r for r in table.iter_rows(named=True)}
    assert by_no["1"]["z"] == pytest.approx(30 / math.sqrt(500))
    assert by_no["1"]["t"] == pytest.approx(50 + 300 / math.sqrt(500))
    assert by_no["4"]["percentile"] == pytest.approx(12.5)
    assert by_no["5"]["z"] is None and by_no["5"]["rank"] is None


def test_zone_level_when_the_file_names_zones():
    rows = [(*r, "东片" if r[1] == "一中" else "西片") for r in SMALL]
    frame = clean_scores(raw(rows, ("考号", "学校", "班级", "语文", "数学", "片区")), CONFIG)
    zones = level_tables(frame, CONFIG)["zone"].filter(pl.col("subject") == "语文")
    assert dict(zones.select("zone", "mean").rows()) == {"东片": 70.0, "西片": 30.0}


def test_custom_cutoffs_change_the_rates():
    config = ExamConfig({"语文": 100, "数学": 100}, cutoffs=Cutoffs(excellent=0.9, good=0.8, passing=0.5, low=0.3))
    county = analyze(clean_scores(raw(SMALL), config), config)["subjects"]["语文"]["county"]
    assert county["pass_rate"] == pytest.approx(0.75)
    assert county["low_rate"] == pytest.approx(0.0)


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([("1", "一中", "1班", 90, 80), ("1", "一中", "1班", 70, 60)], [(3, "考号", "duplicate_exam_no")]),
        ([("1", "一中", "1班", 101, 80)], [(2, "语文", "above_full")]),
        ([("1", "一中", "1班", -1, 80)], [(2, "语文", "below_zero")]),
        ([("1", "一中", "1班", "九十", 80)], [(2, "语文", "not_a_number")]),
        ([("1", "三中", "1班", 90, 80)], [(2, "学校", "unknown_school")]),
        ([("", "一中", "1班", 90, 80)], [(2, "考号", "blank_exam_no")]),
    ],
)
def test_bad_rows_are_refused_with_row_column_and_reason(rows, expected):
    with pytest.raises(ScoreFileError) as info:
        clean_scores(raw(rows), CONFIG, known_schools={"一中": "一中", "3301": "一中"})
    assert [(e.row, e.column, e.code) for e in info.value.errors] == expected
    assert all(e.message for e in info.value.errors)


def test_every_error_is_reported_at_once():
    rows = [("1", "一中", "1班", 101, "x"), ("1", "一中", "1班", 70, 60)]
    with pytest.raises(ScoreFileError) as info:
        clean_scores(raw(rows), CONFIG)
    assert {(e.row, e.code) for e in info.value.errors} == {(2, "above_full"), (2, "not_a_number"),
                                                           (3, "duplicate_exam_no")}
    assert info.value.errors[-1].message == "考号“1”重复（另见第2行）"


def test_school_code_is_mapped_to_the_school_name():
    frame = clean_scores(raw([("1", "3301", "1班", 90, 80)]), CONFIG, known_schools={"3301": "一中"})
    assert frame["school"].to_list() == ["一中"]


def test_missing_subject_column_is_reported_on_the_header():
    with pytest.raises(ScoreFileError) as info:
        clean_scores(raw([("1", "一中", "1班", 90)], ("考号", "学校", "班级", "语文")), CONFIG)
    assert [(e.row, e.column, e.code) for e in info.value.errors] == [(0, "数学", "missing_column")]


def test_absent_markers_are_not_zero():
    frame = clean_scores(raw([("1", "一中", "1班", "缺", 80), ("2", "一中", "1班", " 缺考 ", 60)]), CONFIG)
    assert frame["语文"].null_count() == 2
    assert analyze(frame, CONFIG)["subjects"]["语文"]["county"]["mean"] is None


def test_rows_to_frame_keeps_excel_row_numbers_and_skips_titles():
    frame = rows_to_frame([["期末考试"], ["考号", "学校", "班级", "语文", "数学"], ["", "", "", "", ""],
                           [1.0, "一中", "1班", 95.5, "缺考"]])
    assert frame.rows() == [(4, "1", "一中", "1班", "95.5", "缺考")]


def test_parse_full_marks_refuses_bad_text():
    assert parse_full_marks("语文=120,数学=150") == {"语文": 120.0, "数学": 150.0}
    with pytest.raises(ValueError, match="NAME=POSITIVE_NUMBER"):
        parse_full_marks("语文=abc")


def test_item_analysis_hand_checked():
    frame = pl.DataFrame({"exam_no": [str(i) for i in range(4)], "数学": [3.0, 2.0, 1.0, 0.0],
                          "数学_1": [1.0, 0.0, 1.0, 0.0], "数学_2": [2.0, 2.0, 0.0, 0.0]})
    result = item_analysis(frame, ExamConfig({"数学": 3}, item_full_marks={"数学_1": 1, "数学_2": 2}), "数学")
    first, second = result["items"]
    assert first["difficulty"] == pytest.approx(0.5)
    # Group of round(0.27·4) = 1: top candidate (total 3) has 1, bottom (total 0) has 0.
    assert first["discrimination"] == pytest.approx(1.0)
    # Item 1 [1,0,1,0] against totals [3,2,1,0]: r = 1/√5.
    assert first["point_biserial"] == pytest.approx(1 / math.sqrt(5))
    assert second["difficulty"] == pytest.approx(0.5)
    # α = 2·(1 − (0.25 + 1) ÷ 1.25) = 0.
    assert result["alpha"] == pytest.approx(0.0)
    assert result["difficulty"] == pytest.approx(0.5)


def test_value_added_counts_unmatched_and_gives_intervals():
    prior = clean_scores(raw([("a", "一中", "1班", 60, 60), ("b", "一中", "1班", 80, 80),
                              ("c", "二中", "1班", 60, 60), ("d", "二中", "1班", 80, 80),
                              ("z", "二中", "1班", 50, 50)]), CONFIG)
    current = clean_scores(raw([("a", "一中", "1班", 70, 70), ("b", "一中", "1班", 90, 90),
                                ("c", "二中", "1班", 50, 50), ("d", "二中", "1班", 70, 70),
                                ("new", "二中", "1班", 60, 60)]), CONFIG)
    result = value_added(current, prior, CONFIG, CONFIG)["语文"]
    assert (result["matched"], result["unmatched_current"], result["unmatched_prior"]) == (4, 1, 1)
    first, second = result["schools"]
    assert (first["school"], first["rank"], second["rank"]) == ("一中", 1, 2)
    assert first["value_added"] > 0 > second["value_added"]
    assert first["ci_low"] <= first["value_added"] <= first["ci_high"]
    assert sum(s["value_added"] * s["n"] for s in result["schools"]) == pytest.approx(0.0, abs=1e-9)


# ---- properties -------------------------------------------------------------------------------------------------

score = st.one_of(st.none(), st.integers(0, 100))
candidates = st.lists(st.tuples(st.sampled_from(["一中", "二中", "三中"]), st.sampled_from(["1班", "2班"]),
                                score, score), min_size=1, max_size=40)


def frame_of(rows):
    return clean_scores(raw([(str(i), s, c, "" if a is None else a, "" if b is None else b)
                             for i, (s, c, a, b) in enumerate(rows)]), CONFIG)


@settings(max_examples=40, deadline=None)
@given(candidates)
def test_rates_lie_between_zero_and_one(rows):
    tables = level_tables(frame_of(rows), CONFIG)
    for table in tables.values():
        for name in ("excellent_rate", "good_rate", "pass_rate", "low_rate", "mean_rate"):
            values = table[name].drop_nulls()
            assert ((values >= 0) & (values <= 1)).all()
        assert (table["excellent_rate"].fill_null(0) <= table["pass_rate"].fill_null(0)).all()


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 100), st.integers(1, 30))
def test_constant_scores_have_that_mean_and_no_spread(value, count):
    frame = frame_of([("一中", "1班", value, value)] * count)
    county = analyze(frame, CONFIG)["subjects"]["语文"]["county"]
    assert county["mean"] == pytest.approx(value)
    assert county["std"] == pytest.approx(0.0)
    scores = candidate_scores(frame, CONFIG)
    assert scores["z"].to_list() == [0.0] * scores.height


@settings(max_examples=30, deadline=None)
@given(candidates, st.randoms(use_true_random=False))
def test_row_order_does_not_change_the_analysis(rows, rnd):
    frame = frame_of(rows)
    shuffled = frame.sample(fraction=1.0, shuffle=True, seed=rnd.randint(0, 10_000))
    assert _same(analyze(shuffled, CONFIG), analyze(frame, CONFIG))


def _same(a, b) -> bool:
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return a == b


def test_workbook_errors_name_the_excel_row_despite_blank_leading_rows(tmp_path):
    # fastexcel skips leading blank rows unless told not to: the row numbers must still be Excel's.
    import xlsxwriter

    from edubureau.quality.engine.reading import read_score_file

    path = tmp_path / "s.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write(2, 1, "期末考试")  # B3, after two blank rows and a blank column A
    sheet.write_row(4, 1, ["考号", "学校", "班级", "语文", "数学"])  # header on row 5
    sheet.write_row(5, 1, [2025001, "一中", "1班", 95.0, "缺考"])  # row 6
    sheet.write_row(7, 1, [2025002, "一中", "1班", 130, 88.5])  # row 8, after a blank row 7
    book.close()
    raw = read_score_file(path)
    assert raw.rows() == [(6, "2025001", "一中", "1班", "95", "缺考"), (8, "2025002", "一中", "1班", "130", "88.5")]
    with pytest.raises(ScoreFileError) as refused:
        clean_scores(raw, CONFIG)
    assert [(e.row, e.column, e.code) for e in refused.value.errors] == [(8, "语文", "above_full")]


@settings(max_examples=30, deadline=None)
@given(candidates)
def test_one_pass_levels_equal_the_long_form_reference(rows):
    # level_tables computes every level from the wide frame in one pass; group_stats is the plain long form.
    from edubureau.quality.engine.stats import LEVELS, group_stats, long_scores

    frame = frame_of(rows)
    tables = level_tables(frame, CONFIG)
    long = long_scores(frame, CONFIG)
    for level, keys in LEVELS.items():
        if level not in tables:
            continue
        reference = group_stats(long, keys, CONFIG.cutoffs)
        if level == "class":  # quartiles are kept for the county and school box plots only
            reference = reference.drop("q1", "q3")
        ours = tables[level].select(reference.columns)
        assert _same(ours.to_dicts(), reference.to_dicts())


@settings(max_examples=30, deadline=None)
@given(candidates)
def test_candidate_ranks_equal_the_plain_definitions(rows):
    # Ranks come from counts of distinct scores; they must equal polars' own rank over each subject.
    scores = candidate_scores(frame_of(rows), CONFIG)
    score = pl.col("score")
    expected = scores.with_columns(
        score.rank("min", descending=True).over("subject").cast(pl.Int64).alias("rank"),
        ((score.rank("average").over("subject") - 0.5) * 100 / score.count().over("subject")).alias("percentile"))
    assert _same(scores.select("rank", "percentile").to_dicts(), expected.select("rank", "percentile").to_dicts())


@settings(max_examples=30, deadline=None)
@given(candidates)
def test_composite_index_in_python_equals_the_analysis(rows):
    # The pages re-rank with config.composite_index; under the exam's own weights it must agree.
    from edubureau.quality.engine.config import INDEX_PRESETS, composite_index

    for _key, (_name, weights) in INDEX_PRESETS.items():
        config = ExamConfig(CONFIG.full_marks, weights=weights)
        report = analyze(frame_of(rows), config)
        for entry in report["subjects"].values():
            for level in ("schools", "classes"):
                groups = entry[level]
                assert _same([list(x) for x in composite_index(groups, weights)],
                             [[g["index"], g["index_rank"]] for g in groups])
