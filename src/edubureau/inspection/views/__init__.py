"""Pages of 督导, one module per page family (issue 17: the single views.py had outgrown the rest).

Rows come from ``visible_to`` (through ``services``); settings (zones, quotas, calendar, plan, checklists) are
changed by the 督导室 (a department writing "inspection"), visits and notices by the zone's inspectors too.
``urls.py`` reads the views from here.
"""

from .checklists import checklist_edit, checklist_list
from .common import manages
from .department import bulletin, department, ledger
from .homes import home
from .notices import notice_detail, notice_list
from .planner import planner, planner_progress
from .quotas import quotas
from .visits import finding_new, notice_new, visit_detail, visit_list, visit_new
from .zones import zone_delete, zone_edit, zone_list, zoning

__all__ = [
    "bulletin",
    "checklist_edit",
    "checklist_list",
    "department",
    "finding_new",
    "home",
    "ledger",
    "manages",
    "notice_detail",
    "notice_list",
    "notice_new",
    "planner",
    "planner_progress",
    "quotas",
    "visit_detail",
    "visit_list",
    "visit_new",
    "zone_delete",
    "zone_edit",
    "zone_list",
    "zoning",
]
