"""Read-only API of 工作计划: plans, tasks, targets, progress reports, each cut to the reader's scope.

Plans are created by the import (upload → preview → confirm), so the API reads; a school reads only the
tasks that concern it, and their targets and reports.
"""

from edubureau.core.api.viewsets import BaseViewSet

from .. import filtersets
from ..models import Problem, ProgressReport, Target, Task, WorkPlan
from . import serializers

__all__ = ["ProblemViewSet", "ProgressReportViewSet", "TargetViewSet", "TaskViewSet", "WorkPlanViewSet"]


class ReadOnlyViewSet(BaseViewSet):
    http_method_names = ["get", "head", "options"]


class WorkPlanViewSet(ReadOnlyViewSet):
    """工作计划: a plan document's head (title, year, issuing body)."""

    queryset = WorkPlan.objects.select_related("region")
    serializer_class = serializers.WorkPlanSerializer
    filterset_class = filtersets.WorkPlanFilterSet
    ordering_fields = ("id", "year", "title")


class TaskViewSet(ReadOnlyViewSet):
    """任务: one item of a plan's tree; a school sees the tasks that concern it. A city task lists the counties it
    is assigned to (承办区县); a county's task the city task it breaks down (来源的市级任务)."""

    queryset = Task.objects.select_related("plan", "parent", "lead_department", "source_task").prefetch_related(
        "milestones", "reports", "counties")
    serializer_class = serializers.TaskSerializer
    filterset_class = filtersets.TaskFilterSet
    ordering_fields = ("id", "position", "deadline")


class TargetViewSet(ReadOnlyViewSet):
    """量化指标: a plan's figure, with baseline and progress."""

    queryset = Target.objects.select_related("plan", "task")
    serializer_class = serializers.TargetSerializer
    filterset_class = filtersets.TargetFilterSet
    ordering_fields = ("id",)


class ProgressReportViewSet(ReadOnlyViewSet):
    """进展报告: a period's report on a task; ``region`` is the county whose report it is on a city task."""

    queryset = ProgressReport.objects.select_related("task", "school", "region")
    serializer_class = serializers.ProgressReportSerializer
    filterset_class = filtersets.ProgressReportFilterSet
    ordering_fields = ("id", "period")


class ProblemViewSet(ReadOnlyViewSet):
    """难点问题: a problem raised against a task, followed up through the shared life cycle."""

    queryset = Problem.objects.select_related("task", "followup__school", "followup__department")
    serializer_class = serializers.ProblemSerializer
    filterset_class = filtersets.ProblemFilterSet
    ordering_fields = ("id",)
