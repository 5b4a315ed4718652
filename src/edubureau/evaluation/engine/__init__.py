"""Pure engines of the evaluation module: no Django import (see tests/test_engines_pure.py).

``scheme``: the frozen scheme (indicator tree, categories, bundles, grade rule), ``validate`` and JSON round trip;
``scoring``: ``score(scheme, schools) -> EvaluationResult`` with the explanation trail; ``workbook``: the xlsx.
"""

from .scheme import (
    KNOWN_FIGURES,
    Bundle,
    Category,
    GradeRule,
    Indicator,
    Mapping,
    Scheme,
    scheme_from_dict,
    scheme_to_dict,
    validate,
)
from .scoring import EvaluationResult, SchoolInput, SchoolResult, TrailStep, aggregate, bundled_points, score
from .templates import standard_scheme

__all__ = [
    "KNOWN_FIGURES",
    "Bundle",
    "Category",
    "EvaluationResult",
    "GradeRule",
    "Indicator",
    "Mapping",
    "Scheme",
    "SchoolInput",
    "SchoolResult",
    "TrailStep",
    "aggregate",
    "bundled_points",
    "scheme_from_dict",
    "scheme_to_dict",
    "score",
    "standard_scheme",
    "validate",
]
