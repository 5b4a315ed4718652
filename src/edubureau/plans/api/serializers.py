"""Serializers of the plans API: plans, tasks, targets and progress reports."""

from edubureau.core.api.serializers import BaseModelSerializer

from ..models import ProgressReport, Target, Task, WorkPlan

__all__ = ["ProgressReportSerializer", "TargetSerializer", "TaskSerializer", "WorkPlanSerializer"]

STAMPS = ["created", "updated"]


class WorkPlanSerializer(BaseModelSerializer):
    class Meta:
        model = WorkPlan
        fields = ["id", "url", "display", "title", "year", "issuing_body", "source_name", *STAMPS]


class TaskSerializer(BaseModelSerializer):
    class Meta:
        model = Task
        fields = [
            "id",
            "url",
            "display",
            "plan",
            "parent",
            "item",
            "marker",
            "level",
            "position",
            "title",
            "text",
            "lead_department",
            "partners",
            "deadline",
            *STAMPS,
        ]


class TargetSerializer(BaseModelSerializer):
    class Meta:
        model = Target
        fields = [
            "id",
            "url",
            "display",
            "plan",
            "task",
            "text",
            "number",
            "low",
            "high",
            "comparator",
            "unit",
            "counted",
            "deadline_text",
            "unknown",
            "baseline",
            "actual",
            "evidence",
            *STAMPS,
        ]


class ProgressReportSerializer(BaseModelSerializer):
    class Meta:
        model = ProgressReport
        fields = ["id", "url", "display", "task", "period", "school", "narrative", "percent_done", "figure", *STAMPS]
