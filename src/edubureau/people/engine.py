"""Pure computations on people data: class-size bands, age and title structure. No Django import.

Examples
--------
>>> class_size_band(45), class_size_band(56), class_size_band(66)
('normal', 'large', 'super_large')
>>> age_band(29)
'≤29'
"""

from __future__ import annotations

__all__ = [
    "ABOVE_REQUIRED_EDUCATION",
    "AGE_BANDS",
    "CLASS_SIZE_BANDS",
    "EDUCATION_RANK",
    "INTERMEDIATE_OR_ABOVE",
    "PE_ART_SUBJECTS",
    "age_band",
    "class_size_band",
]

# Policy facts on staff, as stored choice keys, shared by the registry (people.choices, people.services)
# and the pure demo generator, which may not import Django.
EDUCATION_RANK = {"doctorate": 5, "master": 4, "bachelor": 3, "associate": 2, "secondary": 1, "below": 0}
# "高于规定学历" (policy-facts §2.1): one step above the legal minimum of the Teachers Law — 专科 or more
# for kindergarten, primary and special schools, 本科 or more for junior, 研究生 for senior and vocational.
ABOVE_REQUIRED_EDUCATION = {
    "kindergarten": "associate",
    "primary": "associate",
    "special": "associate",
    "junior": "bachelor",
    "senior": "master",
    "vocational": "master",
}
# Titles counted as "中级及以上" by the balance indicators: 一级 is the intermediate band.
INTERMEDIATE_OR_ABOVE = ("full_senior", "senior", "first")
PE_ART_SUBJECTS = ("体育", "音乐", "美术")

# policy-facts §3: ≤45 normal, 46–55 偏大, 56–65 大班额, ≥66 超大班额.
CLASS_SIZE_BANDS = (
    ("normal", "≤45人", 0, 45),
    ("biggish", "46—55人", 46, 55),
    ("large", "大班额(56—65人)", 56, 65),
    ("super_large", "超大班额(≥66人)", 66, 10_000),
)

AGE_BANDS = (("≤29", 0, 29), ("30—39", 30, 39), ("40—49", 40, 49), ("50—54", 50, 54), ("≥55", 55, 200))


def class_size_band(size: int) -> str:
    """The band key of a class of ``size`` pupils."""
    if size < 0:
        raise ValueError("班额不能为负数")
    for key, _label, low, high in CLASS_SIZE_BANDS:
        if low <= size <= high:
            return key
    raise AssertionError("unreachable")


def age_band(age: int) -> str:
    for label, low, high in AGE_BANDS:
        if low <= age <= high:
            return label
    raise ValueError(f"年龄不合理: {age}")
