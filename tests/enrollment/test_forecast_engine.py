"""Intake forecast engine (一年级 / 七年级 per zone, seat gaps, back test): figures worked by hand."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edubureau.enrollment.engine.forecast import (
    METHOD_FIRST,
    METHOD_SEVENTH,
    ForecastError,
    Gap,
    Scenario,
    back_test,
    forecast_first_grade,
    forecast_seventh_grade,
    gaps,
    method_first,
)

# Zone 城关学区 takes all of 城关镇 (share 1.0) and half of 东关镇 (share 0.5).
BIRTHS = {
    "城关镇": {2012: 400, 2013: 420, 2014: 380, 2015: 410, 2016: 390},
    "东关镇": {2012: 200, 2013: 180, 2014: 240, 2015: 220, 2016: 200},
}
ZONES = {"城关学区": {"城关镇": 1.0, "东关镇": 0.5}}
# Zone births: 2012 400+100=500, 2013 420+90=510, 2014 380+120=500, 2015 410+110=520, 2016 390+100=490.
# Intake ratios: 2018 450/500=0.90, 2019 408/510=0.80, 2020 475/500=0.95 → min 0.80, mean 2.65/3, max 0.95.
# The 2021 figure lies at/after start=2021 and must not be used.
INTAKE = {"城关学区": {2017: 1, 2018: 450, 2019: 408, 2020: 475, 2021: 9999}}


def test_first_grade_mid_matches_hand_figure():
    fc = forecast_first_grade(BIRTHS, ZONES, INTAKE, start=2021, horizon=2)["城关学区"]
    assert fc.level == "一年级"
    assert fc.short_history is False
    assert fc.history_years == (2018, 2019, 2020)  # last 3 before start; 2017 left out
    assert fc.ratio.low == pytest.approx(0.80, abs=1e-12)
    assert fc.ratio.mid == pytest.approx(2.65 / 3, abs=1e-12)
    assert fc.ratio.high == pytest.approx(0.95, abs=1e-12)
    assert sorted(fc.years) == [2021, 2022]
    # 2021 ← births 2015 = 520: mid 520 × 2.65/3 = 1378/3 = 459.333…, low 520 × 0.80 = 416, high 520 × 0.95 = 494.
    y2021 = fc.years[2021]
    assert abs(y2021.mid - 1378 / 3) < 1e-9
    assert abs(y2021.low - 416) < 1e-9
    assert abs(y2021.high - 494) < 1e-9
    # 2022 ← births 2016 = 490: mid 490 × 2.65/3 = 1298.5/3 = 432.8333….
    assert abs(fc.years[2022].mid - 1298.5 / 3) < 1e-9
    for s in fc.years.values():
        assert s.low <= s.mid <= s.high


def test_median_central_is_available():
    # Ratios 0.80, 0.90, 0.95 → median 0.90; 2021 mid 520 × 0.90 = 468.
    fc = forecast_first_grade(BIRTHS, ZONES, INTAKE, start=2021, horizon=1, central="median")["城关学区"]
    assert abs(fc.years[2021].mid - 468) < 1e-9
    assert "中位数" in fc.method


def test_new_dwellings_add_dwellings_times_rate_from_completion_year():
    plain = forecast_first_grade(BIRTHS, ZONES, INTAKE, start=2021, horizon=2)["城关学区"]
    housed = forecast_first_grade(
        BIRTHS, ZONES, INTAKE, start=2021, horizon=2,
        new_dwellings={"城关学区": {2019: 250, 2022: 500, 2030: 9000}}, children_per_dwelling=0.012,
    )["城关学区"]
    # 2021: 250 × 0.012 = 3; 2022: (250 + 500) × 0.012 = 9; the 2030 block adds nothing yet.
    for year, extra in ((2021, 3.0), (2022, 9.0)):
        for field in ("low", "mid", "high"):
            assert abs(getattr(housed.years[year], field) - getattr(plain.years[year], field) - extra) < 1e-9
    assert housed.ratio == plain.ratio  # housing does not touch the ratio


def test_migrant_share_on_forecast_only():
    fc = forecast_first_grade(
        BIRTHS, ZONES, INTAKE, start=2021, horizon=1, migrant_share={"城关学区": 0.08},
        new_dwellings={"城关学区": {2021: 1000}},
    )["城关学区"]
    # 1378/3 × 1.08 + 1000 × 0.012 = 496.08 + 12 = 508.08; the ratio still comes from history alone.
    assert abs(fc.years[2021].mid - (1378 / 3 * 1.08 + 12)) < 1e-9
    assert abs(fc.years[2021].mid - 508.08) < 1e-9
    assert fc.ratio.mid == pytest.approx(2.65 / 3, abs=1e-12)


def test_seventh_grade_from_feeders_hand_checked():
    first = {
        "一小": {2012: 300, 2013: 310, 2014: 320, 2015: 330, 2016: 340},
        "二小": {2012: 100, 2013: 110, 2014: 80, 2015: 70, 2016: 75.5},  # 2016 a forecast mid
    }
    # Feeder cohorts: 2012 400, 2013 420, 2014 400, 2015 400, 2016 415.5.
    # Progression: 2018 380/400=0.95, 2019 378/420=0.90, 2020 392/400=0.98 → mean 2.83/3.
    intake7 = {"一中": {2018: 380, 2019: 378, 2020: 392}}
    fc = forecast_seventh_grade(first, {"一中": ["一小", "二小"]}, intake7, start=2021, horizon=2)["一中"]
    assert fc.level == "七年级"
    assert fc.short_history is False
    assert fc.ratio.low == pytest.approx(0.90, abs=1e-12)
    assert fc.ratio.high == pytest.approx(0.98, abs=1e-12)
    # 2021 ← 2015 cohort 400: mid 400 × 2.83/3 = 1132/3 = 377.333…, low 360, high 392.
    assert abs(fc.years[2021].mid - 1132 / 3) < 1e-9
    assert abs(fc.years[2021].low - 360) < 1e-9
    assert abs(fc.years[2021].high - 392) < 1e-9
    # 2022 ← 2016 cohort 415.5: mid 415.5 × 2.83/3 = 1175.865/3 = 391.955.
    assert abs(fc.years[2022].mid - 391.955) < 1e-9
    assert "七年级" in fc.method and fc.method == METHOD_SEVENTH


def test_seventh_grade_missing_feeder_year_or_zone():
    first = {"一小": {2012: 300, 2013: 310, 2014: 320, 2015: 330}}
    intake7 = {"一中": {2018: 290, 2019: 300, 2020: 310}}
    with pytest.raises(ForecastError, match="2016年"):
        forecast_seventh_grade(first, {"一中": ["一小"]}, intake7, start=2021, horizon=2)
    with pytest.raises(ForecastError, match="三小"):
        forecast_seventh_grade(first, {"一中": ["一小", "三小"]}, intake7, start=2021, horizon=1)


def test_back_test_exact_county_has_zero_error():
    births = {"甲镇": {y: 1000 + 40 * (y - 2010) for y in range(2010, 2020)},
              "乙镇": {y: 600 - 10 * (y - 2010) for y in range(2010, 2020)}}
    zones = {"甲学区": {"甲镇": 1.0}, "乙学区": {"乙镇": 1.0, "甲镇": 0.0}}
    # Intake = 0.9 × births(t-6) exactly: births are multiples of 10, so 9 × births // 10 is exact.
    intake = {"甲学区": {t: 9 * births["甲镇"][t - 6] // 10 for t in range(2016, 2026)},
              "乙学区": {t: 9 * births["乙镇"][t - 6] // 10 for t in range(2016, 2026)}}
    bt = back_test(births, zones, intake, years=list(range(2019, 2026)), lead=1)
    assert len(bt.rows) == 2 * 7
    assert bt.mape == pytest.approx(0.0, abs=1e-9)
    assert bt.mean_error == pytest.approx(0.0, abs=1e-9)
    bt3 = back_test(births, zones, intake, years=[2024, 2025], lead=3)
    assert bt3.mape == pytest.approx(0.0, abs=1e-9)


def test_back_test_with_noise_matches_hand_computation():
    births = {"甲镇": dict.fromkeys(range(2010, 2015), 100)}
    zones = {"甲学区": {"甲镇": 1.0}}
    intake = {"甲学区": {2016: 90, 2017: 80, 2018: 100, 2019: 88, 2020: 95}}
    bt = back_test(births, zones, intake, years=[2019, 2020], lead=1)
    # 2019 (start 2019): ratios 0.90, 0.80, 1.00 → mean 0.90 → forecast 90; actual 88; error +2.
    # 2020 (start 2020): ratios 0.80, 1.00, 0.88 → mean 2.68/3 → forecast 268/3 = 89.333…; actual 95; error -17/3.
    assert [(z, y, a) for z, y, _, a in bt.rows] == [("甲学区", 2019, 88), ("甲学区", 2020, 95)]
    assert abs(bt.rows[0][2] - 90) < 1e-9
    assert abs(bt.rows[1][2] - 268 / 3) < 1e-9
    assert bt.mape > 0
    assert abs(bt.mape - (2 / 88 + (17 / 3) / 95) / 2 * 100) < 1e-9  # ≈ 4.0188 %
    assert abs(bt.mean_error - (2 - 17 / 3) / 2) < 1e-9  # = -11/6
    # lead 2: 2020 is forecast from start 2019, i.e. history 2016–2018 only → 90 against 95.
    bt2 = back_test(births, zones, intake, years=[2020], lead=2)
    assert bt2.rows == [("甲学区", 2020, pytest.approx(90.0), 95)]
    assert abs(bt2.mape - 5 / 95 * 100) < 1e-9


def test_back_test_without_testable_years_raises():
    births = {"甲镇": dict.fromkeys(range(2010, 2015), 100)}
    with pytest.raises(ForecastError):
        back_test(births, {"甲学区": {"甲镇": 1.0}}, {"甲学区": {2016: 90}}, years=[2016])
    with pytest.raises(ForecastError):
        back_test(births, {"甲学区": {"甲镇": 1.0}}, {"甲学区": {2016: 90, 2017: 90}}, years=[2017], lead=0)


def test_gap_flags_at_exact_boundaries():
    seats = {"甲校": dict.fromkeys(range(2025, 2030), 100), "乙校": {2025: 40}}
    demand = {
        "乙校": {2025: 0.95 * 40},  # = 38.0 → not above 95 % → green
        "甲校": {2025: 100.5, 2026: 100, 2027: 0.95 * 100, 2028: 95.01, 2029: 20},
    }
    rows = gaps(demand, seats)
    assert [(g.school, g.year) for g in rows] == [("乙校", 2025)] + [("甲校", y) for y in range(2025, 2030)]
    flags = {(g.school, g.year): g.flag for g in rows}
    assert flags == {
        ("乙校", 2025): "green",
        ("甲校", 2025): "red",  # above seats
        ("甲校", 2026): "amber",  # demand == seats is not a shortage
        ("甲校", 2027): "green",  # demand == 0.95 × seats is not yet tight
        ("甲校", 2028): "amber",
        ("甲校", 2029): "green",
    }
    by_key = {(g.school, g.year): g for g in rows}
    assert by_key[("甲校", 2025)].gap == pytest.approx(0.5)  # demand − seats, positive = short
    assert by_key[("甲校", 2029)].gap == pytest.approx(-80)
    assert [by_key[("甲校", y)].label for y in (2025, 2026, 2027)] == ["学位缺口", "学位紧张", "学位充足"]
    assert Gap("丙校", 2025, 10, 11.0, 1.0, "red").label == "学位缺口"
    with pytest.raises(ForecastError, match="学位数"):
        gaps({"丙校": {2025: 10}}, seats)


def test_no_history_raises_chinese_error():
    with pytest.raises(ForecastError, match="无法预测"):
        forecast_first_grade(BIRTHS, ZONES, {}, start=2021)
    # History only at/after start does not count.
    with pytest.raises(ForecastError, match="城关学区"):
        forecast_first_grade(BIRTHS, ZONES, {"城关学区": {2021: 500}}, start=2021, horizon=1)
    with pytest.raises(ForecastError, match="七年级"):
        forecast_seventh_grade({"一小": {2015: 10}}, {"一中": ["一小"]}, {}, start=2021, horizon=1)


def test_short_history_on_two_years():
    intake = {"城关学区": {2019: 408, 2020: 475}}
    fc = forecast_first_grade(BIRTHS, ZONES, intake, start=2021, horizon=1)["城关学区"]
    assert fc.short_history is True
    assert fc.history_years == (2019, 2020)
    # Ratios 0.80 and 0.95 → mean 0.875 → 520 × 0.875 = 455.
    assert abs(fc.years[2021].mid - 455) < 1e-9
    assert fc.ratio == Scenario(pytest.approx(0.80), pytest.approx(0.875), pytest.approx(0.95))
    first = {"一小": {2013: 100, 2014: 100, 2015: 100}}
    fc7 = forecast_seventh_grade(first, {"一中": ["一小"]}, {"一中": {2019: 95, 2020: 97}}, start=2021, horizon=1)
    assert fc7["一中"].short_history is True


def test_bad_inputs_raise():
    with pytest.raises(ForecastError, match="西关镇"):
        forecast_first_grade(BIRTHS, {"城关学区": {"西关镇": 1.0}}, INTAKE, start=2021)
    with pytest.raises(ForecastError, match="负数"):
        forecast_first_grade(BIRTHS, {"城关学区": {"城关镇": -0.5}}, INTAKE, start=2021)
    with pytest.raises(ForecastError):
        forecast_first_grade(BIRTHS, ZONES, INTAKE, start=2021, horizon=0)
    with pytest.raises(ForecastError):
        forecast_first_grade(BIRTHS, ZONES, INTAKE, start=2021, central="mode")
    # horizon 3 needs births of 2017, which are not there.
    with pytest.raises(ForecastError, match="2017年"):
        forecast_first_grade(BIRTHS, ZONES, INTAKE, start=2021, horizon=3)


def test_method_strings_state_the_window():
    assert "6年前" in METHOD_FIRST and "最近3个" in METHOD_FIRST
    assert "最近3个" in METHOD_SEVENTH and "对口小学" in METHOD_SEVENTH
    fc = forecast_first_grade(BIRTHS, ZONES, INTAKE, start=2021, horizon=1, window=2)["城关学区"]
    assert fc.method == method_first(2) and "最近2个" in fc.method
    assert fc.history_years == (2019, 2020) and fc.short_history is False


@settings(max_examples=40, deadline=None)
@given(
    births=st.lists(st.integers(50, 2000), min_size=6, max_size=6),
    intake=st.lists(st.integers(10, 2000), min_size=3, max_size=3),
    share=st.sampled_from([0.25, 0.5, 1.0]),
    factor=st.integers(2, 40),
)
def test_scaling_births_and_intake_keeps_ratios_and_scales_forecast(births, intake, share, factor):
    def run(c):
        b = {"甲镇": {2010 + i: c * n for i, n in enumerate(births)}, "乙镇": {2010 + i: c * 100 for i in range(6)}}
        zones = {"甲学区": {"甲镇": 1.0, "乙镇": share}}
        obs = {"甲学区": {2016 + i: c * n for i, n in enumerate(intake)}}
        return forecast_first_grade(b, zones, obs, start=2019, horizon=3)["甲学区"]

    base, scaled = run(1), run(factor)
    for field in ("low", "mid", "high"):
        assert math.isclose(getattr(scaled.ratio, field), getattr(base.ratio, field), rel_tol=1e-9)
        for year in (2019, 2020, 2021):
            assert math.isclose(getattr(scaled.years[year], field), factor * getattr(base.years[year], field),
                                rel_tol=1e-9)
    assert base.ratio.low <= base.ratio.mid <= base.ratio.high
