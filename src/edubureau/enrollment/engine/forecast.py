"""Intake forecast (招生预测) for 一年级 and 七年级 per attendance zone, seat gaps and a back test.

一年级 intake of a zone in year Y is the births of its townships in year Y-6 times an intake ratio
observed over the last ``window`` years; 七年级 intake is the 一年级 intake of its feeder 小学 zones
six years earlier times a progression ratio. The smallest, central and largest observed ratio give
the low, mid and high scenarios. Everything stays in floats; callers round for display.

Examples
--------
>>> births = {"城关镇": {2012: 1000, 2013: 1100, 2014: 1200, 2015: 1300}}
>>> intake = {"城关学区": {2018: 900, 2019: 990, 2020: 1080}}
>>> fc = forecast_first_grade(births, {"城关学区": {"城关镇": 1.0}}, intake, start=2021, horizon=1)
>>> fc["城关学区"].ratio
Scenario(low=0.9, mid=0.9, high=0.9)
>>> round(fc["城关学区"].years[2021].mid, 6)
1170.0
>>> gaps({"城关小学": {2021: 1170.0}}, {"城关小学": {2021: 1200}})[0].label
'学位紧张'
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = [
    "DEFAULT_WINDOW",
    "FIRST_GRADE",
    "METHOD_FIRST",
    "METHOD_SEVENTH",
    "SEVENTH_GRADE",
    "BackTest",
    "ForecastError",
    "Gap",
    "Scenario",
    "ZoneForecast",
    "back_test",
    "forecast_first_grade",
    "forecast_seventh_grade",
    "gaps",
    "method_first",
    "method_seventh",
]

FIRST_GRADE = "一年级"
SEVENTH_GRADE = "七年级"
DEFAULT_WINDOW = 3
AGE_GAP = 6  # births → 一年级, and 一年级 → 七年级, are both six years apart
AMBER_SHARE = 0.95  # demand above 95% of seats is 学位紧张

_CENTRAL_NAMES = {"mean": "平均值", "median": "中位数"}
_FLAG_LABELS = {"red": "学位缺口", "amber": "学位紧张", "green": "学位充足"}


class ForecastError(ValueError):
    """Input that cannot be forecast; the message is in Chinese for the page."""


@dataclass(frozen=True)
class Scenario:
    """Low, mid and high value of one quantity (a ratio or a forecast intake)."""

    low: float
    mid: float
    high: float


@dataclass
class ZoneForecast:
    """Forecast of one zone at one grade.

    Attributes
    ----------
    zone : str
        The attendance zone (学区 / 招生片区).
    level : str
        ``"一年级"`` or ``"七年级"``.
    years : dict[int, Scenario]
        Forecast intake per year, low/mid/high.
    ratio : Scenario
        Intake ratio (一年级) or progression ratio (七年级): min, central value, max over the history used.
    short_history : bool
        True when fewer than ``window`` observed years were available.
    history_years : tuple[int, ...]
        The observed years the ratio was computed from, ascending.
    method : str
        The method in Chinese, to state on the page.
    """

    zone: str
    level: str
    years: dict[int, Scenario]
    ratio: Scenario
    short_history: bool
    history_years: tuple[int, ...] = ()
    method: str = ""


@dataclass(frozen=True)
class Gap:
    """Seats against demand for one school (or zone) in one year.

    ``gap`` is ``demand - seats``: positive means a shortage of seats. ``flag`` is ``"red"`` when demand
    exceeds seats, ``"amber"`` when it exceeds 95% of seats, else ``"green"``.
    """

    school: str
    year: int
    seats: int
    demand: float
    gap: float
    flag: str

    @property
    def label(self) -> str:
        """The flag in Chinese: 学位缺口, 学位紧张 or 学位充足."""
        return _FLAG_LABELS[self.flag]


@dataclass
class BackTest:
    """Forecasts of past years against what happened.

    Attributes
    ----------
    rows : list[tuple[str, int, float, int]]
        ``(zone, year, forecast mid, actual)``, sorted by zone then year.
    mape : float
        Mean absolute percentage error in percent, over rows whose actual is positive (NaN if none).
    mean_error : float
        Mean of forecast minus actual (positive: the forecast ran high).
    """

    rows: list[tuple[str, int, float, int]]
    mape: float
    mean_error: float


def method_first(window: int = DEFAULT_WINDOW, central: str = "mean") -> str:
    """The 一年级 method in Chinese, for a given window.

    >>> "最近3个有实际数据年份" in method_first(3), "最近5个" in method_first(5)
    (True, True)
    """
    name = _CENTRAL_NAMES[central]
    return (
        f"某学区某年一年级招生数＝该学区所辖乡镇{AGE_GAP}年前出生人口（按划入比例加权）×入学率；"
        f"入学率取最近{window}个有实际数据年份的“一年级实际招生数÷{AGE_GAP}年前出生人口”，"
        f"其{name}为中方案，最小值、最大值分别为低、高方案（不足{window}年的按已有年份计算并标注“历史数据不足”）。"
        "预测年份另按设定的外来人口随迁比例上浮；新建住宅自交付当年起，"
        "每年按“套数×每套每个年级的学生数”增加招生。"
    )


def method_seventh(window: int = DEFAULT_WINDOW, central: str = "mean") -> str:
    """The 七年级 method in Chinese, for a given window.

    >>> "最近3个有实际数据年份" in method_seventh(3)
    True
    """
    name = _CENTRAL_NAMES[central]
    return (
        f"某初中学区某年七年级招生数＝其对口小学学区{AGE_GAP}年前的一年级招生数（已有实际数用实际数，否则用预测中方案）×升学率；"
        f"升学率取最近{window}个有实际数据年份的“七年级实际招生数÷{AGE_GAP}年前对口小学一年级招生数”，"
        f"其{name}为中方案，最小值、最大值分别为低、高方案（不足{window}年的按已有年份计算并标注“历史数据不足”）。"
    )


METHOD_FIRST = method_first(DEFAULT_WINDOW)
METHOD_SEVENTH = method_seventh(DEFAULT_WINDOW)


def _check_common(horizon: int, window: int, central: str) -> None:
    if horizon < 1:
        raise ForecastError(f"预测年数须至少为1年（现为{horizon}）。")
    if window < 1:
        raise ForecastError(f"计算比率所用年数须至少为1年（现为{window}）。")
    if central not in _CENTRAL_NAMES:
        raise ForecastError(f"中方案只能取平均值（mean）或中位数（median），不能为“{central}”。")


def _ratio_scenario(ratios: list[float], central: str) -> Scenario:
    mid = statistics.fmean(ratios) if central == "mean" else float(statistics.median(ratios))
    return Scenario(min(ratios), mid, max(ratios))


def _zone_births(
    births: Mapping[str, Mapping[int, float]], townships: Mapping[str, float], zone: str, year: int
) -> float | None:
    """Share-weighted births of a zone in ``year``; None when a township has no figure for that year."""
    total = 0.0
    for township, share in townships.items():
        if township not in births:
            raise ForecastError(f"学区“{zone}”所辖乡镇“{township}”没有出生人口数据。")
        if share < 0:
            raise ForecastError(f"学区“{zone}”中乡镇“{township}”的划入比例不能为负数（{share}）。")
        value = births[township].get(year)
        if value is None:
            return None
        total += share * value
    return total


def _history(
    zone: str,
    level: str,
    actual: Mapping[int, float],
    base_of,
    start: int,
    window: int,
) -> tuple[list[float], list[int]]:
    """Ratios actual(t) / base(t-6) for the last ``window`` usable observed years t < start."""
    ratios: list[float] = []
    used: list[int] = []
    for year in sorted((y for y in actual if y < start), reverse=True):
        base = base_of(year - AGE_GAP)
        if base is None or base <= 0:
            continue
        ratios.append(actual[year] / base)
        used.append(year)
        if len(ratios) == window:
            break
    if not ratios:
        raise ForecastError(
            f"“{zone}”在{start}年以前没有可用的{level}实际招生数据（需同时有{AGE_GAP}年前的基数），无法预测。"
        )
    return ratios, sorted(used)


def forecast_first_grade(
    births: Mapping[str, Mapping[int, float]],
    zone_townships: Mapping[str, Mapping[str, float]],
    intake: Mapping[str, Mapping[int, float]],
    *,
    start: int,
    horizon: int = 6,
    migrant_share: Mapping[str, float] | None = None,
    new_dwellings: Mapping[str, Mapping[int, float]] | None = None,
    children_per_dwelling: float = 0.012,
    window: int = DEFAULT_WINDOW,
    central: str = "mean",
) -> dict[str, ZoneForecast]:
    """Forecast 一年级 intake per zone for ``start .. start+horizon-1``.

    Parameters
    ----------
    births : dict[str, dict[int, int]]
        Births per township (乡镇) per year.
    zone_townships : dict[str, dict[str, float]]
        Zone → {township: share of that township's births living in the zone}.
    intake : dict[str, dict[int, int]]
        Actual 一年级 intake per zone per year; only years before ``start`` are used.
    start : int
        First forecast year.
    horizon : int
        Number of forecast years.
    migrant_share : dict[str, float], optional
        Extra in-migrant share per zone (e.g. 0.08), applied to forecast years only. Default 0.
    new_dwellings : dict[str, dict[int, int]], optional
        New dwellings per zone by completion year. Dwellings completed in year c add
        ``dwellings × children_per_dwelling`` to every forecast year Y ≥ c. Pass only dwellings not
        yet reflected in the intake history, or they are counted twice.
    children_per_dwelling : float
        Pupils per dwelling per grade cohort.
    window : int
        Number of most recent usable observed years for the intake ratio.
    central : {"mean", "median"}
        The central ratio used for the mid scenario (the method states the mean).

    Returns
    -------
    dict[str, ZoneForecast]
        One forecast per zone of ``zone_townships``.

    Raises
    ------
    ForecastError
        A zone without any usable history, a township without births, or births missing for a forecast year.
    """
    _check_common(horizon, window, central)
    migrant_share = migrant_share or {}
    new_dwellings = new_dwellings or {}
    method = method_first(window, central)
    result: dict[str, ZoneForecast] = {}
    for zone in sorted(zone_townships):
        townships = zone_townships[zone]

        def base_of(year: int, townships=townships, zone=zone) -> float | None:
            return _zone_births(births, townships, zone, year)

        ratios, used = _history(zone, FIRST_GRADE, intake.get(zone, {}), base_of, start, window)
        ratio = _ratio_scenario(ratios, central)
        uplift = 1.0 + migrant_share.get(zone, 0.0)
        dwellings = new_dwellings.get(zone, {})
        years: dict[int, Scenario] = {}
        for year in range(start, start + horizon):
            base = base_of(year - AGE_GAP)
            if base is None:
                raise ForecastError(f"学区“{zone}”缺少{year - AGE_GAP}年的出生人口数据，无法预测{year}年一年级招生。")
            housing = children_per_dwelling * sum(n for completed, n in dwellings.items() if completed <= year)
            years[year] = Scenario(
                base * ratio.low * uplift + housing,
                base * ratio.mid * uplift + housing,
                base * ratio.high * uplift + housing,
            )
        result[zone] = ZoneForecast(zone, FIRST_GRADE, years, ratio, len(ratios) < window, tuple(used), method)
    return result


def forecast_seventh_grade(
    first_grade: Mapping[str, Mapping[int, float]],
    feeders: Mapping[str, list[str]],
    intake7: Mapping[str, Mapping[int, float]],
    *,
    start: int,
    horizon: int = 6,
    window: int = DEFAULT_WINDOW,
    central: str = "mean",
) -> dict[str, ZoneForecast]:
    """Forecast 七年级 intake per 初中 zone for ``start .. start+horizon-1``.

    Parameters
    ----------
    first_grade : dict[str, dict[int, float]]
        一年级 intake per 小学 zone per year: actual where observed, else the forecast mid.
    feeders : dict[str, list[str]]
        初中 zone → the 小学 zones feeding it.
    intake7 : dict[str, dict[int, int]]
        Actual 七年级 intake per 初中 zone per year; only years before ``start`` are used.
    start, horizon, window, central
        As in :func:`forecast_first_grade`.

    Returns
    -------
    dict[str, ZoneForecast]
        One forecast per 初中 zone of ``feeders``.

    Raises
    ------
    ForecastError
        A zone without usable history, a feeder unknown to ``first_grade``, or a missing feeder year.
    """
    _check_common(horizon, window, central)
    method = method_seventh(window, central)
    result: dict[str, ZoneForecast] = {}
    for zone in sorted(feeders):
        primaries = feeders[zone]
        if not primaries:
            raise ForecastError(f"初中学区“{zone}”没有对口小学学区。")
        for primary in primaries:
            if primary not in first_grade:
                raise ForecastError(f"初中学区“{zone}”的对口小学学区“{primary}”没有一年级招生数据。")

        def base_of(year: int, primaries=primaries) -> float | None:
            values = [first_grade[p].get(year) for p in primaries]
            return None if any(v is None for v in values) else float(sum(values))

        ratios, used = _history(zone, SEVENTH_GRADE, intake7.get(zone, {}), base_of, start, window)
        ratio = _ratio_scenario(ratios, central)
        years: dict[int, Scenario] = {}
        for year in range(start, start + horizon):
            base = base_of(year - AGE_GAP)
            if base is None:
                raise ForecastError(
                    f"初中学区“{zone}”的对口小学缺少{year - AGE_GAP}年的一年级招生数，无法预测{year}年七年级招生。"
                )
            years[year] = Scenario(base * ratio.low, base * ratio.mid, base * ratio.high)
        result[zone] = ZoneForecast(zone, SEVENTH_GRADE, years, ratio, len(ratios) < window, tuple(used), method)
    return result


def _flag(demand: float, seats: int) -> str:
    if demand > seats:
        return "red"
    if demand > AMBER_SHARE * seats:
        return "amber"
    return "green"


def gaps(demand: Mapping[str, Mapping[int, float]], seats: Mapping[str, Mapping[int, int]]) -> list[Gap]:
    """Compare demand with seats for every school and year of ``demand``.

    Parameters
    ----------
    demand : dict[str, dict[int, float]]
        Expected intake per school (or zone) per year.
    seats : dict[str, dict[int, int]]
        Planned seats per school per year; each demand year needs a seat figure.

    Returns
    -------
    list[Gap]
        Sorted by school then year.

    Raises
    ------
    ForecastError
        A school-year of ``demand`` without a seat figure.

    Examples
    --------
    >>> seats = {"甲校": dict.fromkeys((2025, 2026, 2027), 100)}
    >>> [g.flag for g in gaps({"甲校": {2025: 101, 2026: 100, 2027: 95}}, seats)]
    ['red', 'amber', 'green']
    """
    rows: list[Gap] = []
    for school in sorted(demand):
        for year in sorted(demand[school]):
            capacity = seats.get(school, {}).get(year)
            if capacity is None:
                raise ForecastError(f"“{school}”缺少{year}年的学位数，无法比较学位与需求。")
            need = float(demand[school][year])
            rows.append(Gap(school, year, capacity, need, need - capacity, _flag(need, capacity)))
    return rows


def back_test(
    births: Mapping[str, Mapping[int, float]],
    zone_townships: Mapping[str, Mapping[str, float]],
    intake: Mapping[str, Mapping[int, float]],
    *,
    years: list[int],
    lead: int = 1,
    window: int = DEFAULT_WINDOW,
) -> BackTest:
    """Forecast past 一年级 intake and compare with what happened.

    For each year Y of ``years`` and each zone with an actual figure for Y, the forecast starts at
    ``Y - lead + 1`` (so intake history stops ``lead`` years before Y) and its mid value for Y is
    compared with the actual intake. Zones without usable history at that start are left out.

    Parameters
    ----------
    births, zone_townships, intake, window
        As in :func:`forecast_first_grade` (no migrant share or housing).
    years : list[int]
        Years to test.
    lead : int
        How many years ahead each forecast looks (1 = next year).

    Returns
    -------
    BackTest

    Raises
    ------
    ForecastError
        ``lead`` below 1, or no zone-year could be tested.
    """
    if lead < 1:
        raise ForecastError(f"回测的预测提前年数须至少为1年（现为{lead}）。")
    rows: list[tuple[str, int, float, int]] = []
    for zone in sorted(zone_townships):
        for year in sorted(set(years)):
            actual = intake.get(zone, {}).get(year)
            if actual is None:
                continue
            try:
                fc = forecast_first_grade(
                    births, {zone: zone_townships[zone]}, intake, start=year - lead + 1, horizon=lead, window=window
                )
            except ForecastError:
                continue
            rows.append((zone, year, fc[zone].years[year].mid, actual))
    if not rows:
        raise ForecastError("所选年份没有可回测的学区（缺少实际招生数或此前的历史数据）。")
    errors = [f - a for _, _, f, a in rows]
    pct = [abs(f - a) / a * 100.0 for _, _, f, a in rows if a > 0]
    return BackTest(rows, statistics.fmean(pct) if pct else math.nan, statistics.fmean(errors))
