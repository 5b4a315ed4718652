"""Filters of plans, tasks, targets and reports (API); choice lists restricted to the reader's scope."""

from edubureau.core.filtersets import BaseFilterSet

from .models import Problem, ProgressReport, Target, Task, WorkPlan

__all__ = ["ProblemFilterSet", "ProgressReportFilterSet", "TargetFilterSet", "TaskFilterSet", "WorkPlanFilterSet"]


class WorkPlanFilterSet(BaseFilterSet):
    search_fields = ("title", "issuing_body")

    class Meta:
        model = WorkPlan
        fields = ["year", "region"]


class TaskFilterSet(BaseFilterSet):
    search_fields = ("title", "item")

    class Meta:
        model = Task
        fields = ["plan", "level", "lead_department", "counties", "source_task"]


class TargetFilterSet(BaseFilterSet):
    search_fields = ("text", "counted")

    class Meta:
        model = Target
        fields = ["plan", "task", "unit"]


class ProgressReportFilterSet(BaseFilterSet):
    search_fields = ("narrative",)

    class Meta:
        model = ProgressReport
        fields = ["task", "school", "region"]


class ProblemFilterSet(BaseFilterSet):
    search_fields = ("description", "measures")

    class Meta:
        model = Problem
        fields = ["task"]
