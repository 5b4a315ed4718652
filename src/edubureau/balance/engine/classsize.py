"""Class size (班额) bands and the 2017 norms on class and school size."""

from __future__ import annotations

from collections.abc import Iterable

from .standard import Standard


def class_size_bands(sizes: Iterable[int], level: str, standard: Standard | None = None) -> dict:
    """Classes by band (≤45, 46–55, 56–65 大班额, ≥66 超大班额), share of 56+, and classes over the 2017 norm.

    Examples
    --------
    >>> r = class_size_bands([40, 50, 58, 70], "小学")
    >>> r["bands"], r["large_share"], r["over_norm"]
    ({'≤45': 1, '46—55': 1, '56—65': 1, '≥66': 1}, 0.5, 3)
    """
    standard = standard or Standard()
    a, b, c = standard.class_size_bands
    labels = (f"≤{a}", f"{a + 1}—{b}", f"{b + 1}—{c}", f"≥{c + 1}")
    bands = dict.fromkeys(labels, 0)
    sizes = list(sizes)
    for size in sizes:
        index = 0 if size <= a else 1 if size <= b else 2 if size <= c else 3
        bands[labels[index]] += 1
    large = bands[labels[2]] + bands[labels[3]]
    norm = standard.class_size_norm[level]
    return {"bands": bands, "classes": len(sizes), "large_share": large / len(sizes) if sizes else 0.0,
            "over_norm": sum(1 for s in sizes if s > norm), "norm": norm}


def school_size_ok(students: int, through: bool, standard: Standard | None = None) -> bool:
    """Whether a school is within the 2017 size limit (2000; 2500 for 九年一贯制).

    >>> school_size_ok(2100, False), school_size_ok(2100, True)
    (False, True)
    """
    standard = standard or Standard()
    return students <= (standard.through_school_size_limit if through else standard.school_size_limit)
