"""Pure computations of 建设项目 (no Django): stage lateness, budget use by source, seats per year, Gantt rows, and
what a delivered project adds to the balance indicators."""

from .budget import SOURCES, SourceUse, budget_use
from .seats import first_usable_year, first_year_classes, seats_by_year
from .stages import STAGES, GanttRow, Segment, days_late, gantt_rows, stage_late
from .supply import AREA_OF_KIND, Supply, delivered_in, place, project_supply

__all__ = ["AREA_OF_KIND", "SOURCES", "STAGES", "GanttRow", "Segment", "SourceUse", "Supply", "budget_use", "days_late",
           "delivered_in", "first_usable_year", "first_year_classes", "gantt_rows", "place", "project_supply",
           "seats_by_year", "stage_late"]
