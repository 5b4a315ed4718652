"""Pages of 学校考核, one module per page family (issue 17: the single views.py had outgrown the rest).

Who may do what: any signed-in user reads a scheme's head; the department writing "evaluation" designs, scores,
imports, computes and publishes; a school administrator sees its own published card and files appeals. Scores are
computed only by the engine (``services``). The ranking and report cards are in ``views_results``.
"""

from .appeals import appeal_create, appeal_detail, appeal_list
from .designer import (
    bundle_delete,
    bundle_form,
    category_form,
    indicator_check,
    indicator_delete,
    indicator_form,
    indicator_move,
    scheme_design,
)
from .inputs import figures, score_entry, third_party_import, third_party_template
from .publishing import publish, recompute
from .schemes import TEMPLATE_CATEGORIES, scheme_create, scheme_detail, scheme_edit, scheme_list

__all__ = [
    "TEMPLATE_CATEGORIES",
    "appeal_create",
    "appeal_detail",
    "appeal_list",
    "bundle_delete",
    "bundle_form",
    "category_form",
    "figures",
    "indicator_check",
    "indicator_delete",
    "indicator_form",
    "indicator_move",
    "publish",
    "recompute",
    "scheme_create",
    "scheme_design",
    "scheme_detail",
    "scheme_edit",
    "scheme_list",
    "score_entry",
    "third_party_import",
    "third_party_template",
]
