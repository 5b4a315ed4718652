"""Pure computations of 建设项目 (no Django): stage lateness, budget use by source, seats per year, Gantt rows."""

from .budget import SOURCES, SourceUse, budget_use
from .seats import first_usable_year, first_year_classes, seats_by_year
from .stages import STAGES, GanttRow, Segment, days_late, gantt_rows, stage_late

__all__ = ["SOURCES", "STAGES", "GanttRow", "Segment", "SourceUse", "budget_use", "days_late", "first_usable_year",
           "first_year_classes", "gantt_rows", "seats_by_year", "stage_late"]
