"""Pure engine of balanced development (no Django): indicators, weighted 差异系数, pass rules, what it takes."""

from .after import standing_after
from .classsize import class_size_bands, school_size_ok
from .cv import weighted_cv
from .evaluate import evaluate, school_pass
from .parts import SchoolPart, in_scope, split_shared
from .standard import BASIC, BASIC_INDICATORS, JUNIOR, PRIMARY, QUALITY, QUALITY_INDICATORS, Indicator, Standard
from .takes import DEFAULT_UNIT_COSTS, Addition, county_additions, needed, school_additions

__all__ = [
    "BASIC", "BASIC_INDICATORS", "DEFAULT_UNIT_COSTS", "JUNIOR", "PRIMARY", "QUALITY", "QUALITY_INDICATORS",
    "Addition", "Indicator", "SchoolPart", "Standard", "class_size_bands", "county_additions", "evaluate",
    "in_scope", "needed", "school_additions", "school_pass", "school_size_ok", "split_shared", "standing_after",
    "weighted_cv",
]
