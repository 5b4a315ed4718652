"""Small schools in an exam ranking: confidence intervals, a size flag and empirical-Bayes ranks (issue 17).

A 教学点 with 4 candidates can top the county by chance: the mean of 4 scores moves far more from one sitting
to the next than the mean of 400. For each school (one subject or the total) this module gives

* the 95 % confidence interval of its mean, ``mean ± t(0.975, n−1) · s / √n`` (``s`` the sample standard
  deviation), and the same interval for its 比均率 (the county mean, from every candidate, taken as fixed);
* ``small``: fewer candidates than the size the user sets (20 by default);
* the empirical-Bayes (shrunken) mean and its rank. Model: normal–normal, school true means ~ N(μ, τ²),
  candidates ~ N(school mean, σ²). σ² is the pooled within-school variance, τ² the between-school variance by
  the method of moments (one-way ANOVA, unbalanced: (MSB − MSW) / n₀, floored at 0), μ the county mean. Each
  school's mean is pulled toward μ by the factor B = n / (n + σ²/τ²): a big school keeps almost all of its
  distance from the county mean, a small one keeps little.

Pure functions on the report's school rows (``n``, ``mean``, ``std`` with ddof=0); no Django, no polars.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["DEFAULT_MIN_CANDIDATES", "Shrinkage", "school_uncertainty", "shrinkage", "t_quantile"]

DEFAULT_MIN_CANDIDATES = 20
LEVEL = 0.95


# --- Student's t quantile (no scipy in the project) ---------------------------------------------------------

def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz)."""
    tiny, qab, qap, qam = 1e-300, a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return h


def _betainc(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def _t_cdf(t: float, df: float) -> float:
    tail = 0.5 * _betainc(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t >= 0 else tail


def t_quantile(p: float, df: float) -> float:
    """The ``p`` quantile of Student's t with ``df`` degrees of freedom (bisection on the CDF).

    Examples
    --------
    >>> round(t_quantile(0.975, 3), 4), round(t_quantile(0.975, 1), 4), round(t_quantile(0.975, 30), 4)
    (3.1824, 12.7062, 2.0423)
    """
    if not 0.0 < p < 1.0 or df <= 0:
        raise ValueError("p must lie in (0, 1) and df be positive")
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    low, high = 0.0, 1.0
    while _t_cdf(high, df) < p:
        high *= 2.0
    for _ in range(200):
        mid = (low + high) / 2.0
        if _t_cdf(mid, df) < p:
            low = mid
        else:
            high = mid
        if high - low < 1e-12 * max(1.0, high):
            break
    return (low + high) / 2.0


# --- empirical Bayes ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Shrinkage:
    """The fitted normal–normal model: county mean μ, within-school σ², between-school τ² (method of moments)."""

    mu: float
    sigma2: float
    tau2: float

    def factor(self, n: int) -> float:
        """B = n / (n + σ²/τ²) = τ² / (τ² + σ²/n): the share of a school's distance from μ that it keeps."""
        if n <= 0:
            return 0.0
        if self.sigma2 == 0.0:
            return 1.0  # every candidate of a school scores alike: its mean is known exactly
        if self.tau2 == 0.0:
            return 0.0  # no spread between schools beyond chance: every school is the county mean
        return n / (n + self.sigma2 / self.tau2)

    def shrink(self, mean: float, n: int) -> float:
        return self.mu + self.factor(n) * (mean - self.mu)


def shrinkage(rows: Sequence[dict], county_mean: float | None = None) -> Shrinkage | None:
    """Fit σ², τ² and μ over the schools of one subject (rows with ``n``, ``mean``, ``std`` with ddof=0).

    σ² = Σ nⱼ·stdⱼ² / (N − J) (the within-school mean square); MSB = Σ nⱼ(ȳⱼ − ȳ)² / (J − 1);
    n₀ = (N − Σnⱼ²/N) / (J − 1); τ² = max(0, (MSB − σ²) / n₀). μ is ``county_mean`` if given, else ȳ.
    None with fewer than two schools that have scores.

    Examples
    --------
    >>> rows = [{"n": 10, "mean": 70.0, "std": 10.0}, {"n": 10, "mean": 80.0, "std": 10.0},
    ...         {"n": 10, "mean": 90.0, "std": 10.0}]
    >>> fit = shrinkage(rows)
    >>> fit.mu, round(fit.sigma2, 4), round(fit.tau2, 4), round(fit.factor(10), 4)
    (80.0, 111.1111, 88.8889, 0.8889)
    """
    groups = [(int(r["n"]), float(r["mean"]), float(r.get("std") or 0.0)) for r in rows
              if r.get("n") and r.get("mean") is not None]
    if len(groups) < 2:
        return None
    total = sum(n for n, _m, _s in groups)
    schools = len(groups)
    grand = sum(n * m for n, m, _s in groups) / total
    within = sum(n * s * s for n, _m, s in groups)
    sigma2 = within / (total - schools) if total > schools else 0.0
    msb = sum(n * (m - grand) ** 2 for n, m, _s in groups) / (schools - 1)
    n0 = (total - sum(n * n for n, _m, _s in groups) / total) / (schools - 1)
    tau2 = max(0.0, (msb - sigma2) / n0) if n0 > 0 else 0.0
    return Shrinkage(mu=grand if county_mean is None else float(county_mean), sigma2=sigma2, tau2=tau2)


def _interval(n: int, mean: float | None, std: float | None, level: float) -> tuple[float, float] | None:
    if mean is None or not n or n < 2 or std is None:
        return None
    sample_sd = std * math.sqrt(n / (n - 1))  # the report's std has ddof=0
    half = t_quantile(0.5 + level / 2, n - 1) * sample_sd / math.sqrt(n)
    return mean - half, mean + half


def _competition_rank(values: dict[int, float]) -> dict[int, int]:
    # 1, 2, 2, 4 as the raw ranking does; higher is better.
    ordered = sorted(values.values(), reverse=True)
    first = {}
    for position, value in enumerate(ordered, start=1):
        first.setdefault(value, position)
    return {i: first[v] for i, v in values.items()}


def school_uncertainty(rows: Sequence[dict], county_mean: float | None, *,
                       min_candidates: int = DEFAULT_MIN_CANDIDATES, level: float = LEVEL) -> list[dict]:
    """Each row with ``ci_low``/``ci_high`` (of the mean), ``ratio_low``/``ratio_high`` (of 比均率), ``small``,
    ``shrink`` (B), ``eb_mean`` and ``eb_rank``; the fit itself is ``rows``-wide, so pass every school of the
    county (a reader who sees fewer schools picks their rows afterwards).

    Examples
    --------
    >>> rows = [{"school": "教学点", "n": 4, "mean": 88.0, "std": 15.0},
    ...         {"school": "一中", "n": 300, "mean": 83.0, "std": 15.0},
    ...         {"school": "二中", "n": 300, "mean": 80.0, "std": 15.0},
    ...         {"school": "三中", "n": 300, "mean": 77.0, "std": 15.0}]
    >>> out = school_uncertainty(rows, 80.04)
    >>> [(r["school"], r["small"], r["eb_rank"], round(r["eb_mean"], 2)) for r in out]
    [('教学点', True, 2, 81.05), ('一中', False, 1, 82.75), ('二中', False, 3, 80.0), ('三中', False, 4, 77.26)]
    """
    if not 0.0 < level < 1.0:
        raise ValueError("level must lie in (0, 1)")
    fit = shrinkage(rows, county_mean)
    out, eb = [], {}
    for i, row in enumerate(rows):
        n, mean = int(row.get("n") or 0), row.get("mean")
        ci = _interval(n, mean, row.get("std"), level)
        ratio = None
        if ci and county_mean:
            ratio = (ci[0] / county_mean, ci[1] / county_mean)
        extra = {"ci_low": ci and ci[0], "ci_high": ci and ci[1], "ratio_low": ratio and ratio[0],
                 "ratio_high": ratio and ratio[1], "small": n < min_candidates, "shrink": None, "eb_mean": None,
                 "eb_rank": None}
        if fit is not None and mean is not None and n:
            extra["shrink"] = fit.factor(n)
            extra["eb_mean"] = eb[i] = fit.shrink(float(mean), n)
        out.append({**row, **extra})
    for i, rank in _competition_rank(eb).items():
        out[i]["eb_rank"] = rank
    return out
