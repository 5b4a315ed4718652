"""Serializers of the plans API: plans, tasks, targets and progress reports."""

from rest_framework import serializers

from edubureau.core.api.serializers import BaseModelSerializer

from ..models import Problem, ProgressReport, Target, Task, WorkPlan

__all__ = ["ProblemSerializer", "ProgressReportSerializer", "TargetSerializer", "TaskSerializer", "WorkPlanSerializer"]

STAMPS = ["created", "updated"]


class WorkPlanSerializer(BaseModelSerializer):
    class Meta:
        model = WorkPlan
        fields = ["id", "url", "display", "region", "title", "year", "issuing_body", "source_name", *STAMPS]


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
            "counties",
            "source_task",
            "start",
            "deadline",
            "status",
            *STAMPS,
        ]

    status = serializers.SerializerMethodField(help_text="计算状态：not_started 未开始、in_progress 推进中、"
                                               "lagging 滞后、overdue 逾期、done 已完成")

    def get_status(self, task) -> str:
        return str(task.status().value)


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
        fields = ["id", "url", "display", "task", "period", "school", "region", "narrative", "percent_done", "figure",
                  *STAMPS]


class ProblemSerializer(BaseModelSerializer):
    """A 难点问题 with the state of its follow-up (owner, deadline, state, escalation)."""

    followup = serializers.IntegerField(source="followup_id", read_only=True)
    owner = serializers.CharField(source="followup.owner_label", read_only=True)
    due = serializers.DateField(source="followup.due", read_only=True)
    state = serializers.CharField(source="followup.state", read_only=True)
    escalation_level = serializers.IntegerField(source="followup.escalation_level", read_only=True)

    class Meta:
        model = Problem
        fields = ["id", "url", "display", "task", "description", "measures", "followup", "owner", "due", "state",
                  "escalation_level", *STAMPS]
