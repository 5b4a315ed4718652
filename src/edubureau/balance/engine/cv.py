"""The enrolment-weighted 差异系数 (coefficient of variation) of the 2012 method, also used in 2017."""

from __future__ import annotations

import math
from collections.abc import Sequence


def weighted_cv(values: Sequence[float], weights: Sequence[float]) -> tuple[float, float, float]:
    """Mean, standard deviation and CV of school values weighted by enrolment.

    X̄ = Σ PᵢXᵢ / P, S = √(Σ (Pᵢ/P)(Xᵢ − X̄)²), CV = S / X̄ (population form, no n−1).

    Parameters
    ----------
    values : sequence of float
        Each school's indicator value Xᵢ.
    weights : sequence of float
        Each school's enrolment Pᵢ.

    Returns
    -------
    tuple of float
        ``(mean, sd, cv)``; the CV is 0 when the mean is 0 or there are no students.

    Examples
    --------
    >>> weighted_cv([2, 6], [100, 300])
    (5.0, 1.7320508075688772, 0.34641016151377546)
    """
    total = float(sum(weights))
    if total <= 0:
        return 0.0, 0.0, 0.0
    mean = sum(p * x for p, x in zip(weights, values, strict=True)) / total
    variance = sum((p / total) * (x - mean) ** 2 for p, x in zip(weights, values, strict=True))
    sd = math.sqrt(max(variance, 0.0))
    return mean, sd, (sd / mean if mean else 0.0)
