"""Read-only API of 学业质量: exams, their analysis cut to the reader's scope, and results.

Scores are written only by the import (one checked file, one transaction), so the API reads. A school
administrator gets the county figures and its own school's rows, never another school's candidates.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from edubureau.core.api.viewsets import BaseViewSet

from .. import filtersets
from ..models import Exam, ExamResult
from ..services import report_for
from . import serializers

__all__ = ["ExamResultViewSet", "ExamViewSet"]


class ReadOnlyViewSet(BaseViewSet):
    http_method_names = ["get", "head", "options"]


class ExamViewSet(ReadOnlyViewSet):
    """考试 and its rules; ``report/`` is the analysis (county, and the schools and classes in scope)."""

    # The stored analysis (``report``) can be megabytes: only the report action reads it (issue 18).
    queryset = Exam.objects.select_related("term").defer("report", "errors")
    serializer_class = serializers.ExamSerializer
    filterset_class = filtersets.ExamFilterSet
    ordering_fields = ("id", "name", "grade")

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"])
    def report(self, request, pk=None):
        return Response(report_for(request.user, self.get_object()))


class ExamResultViewSet(ReadOnlyViewSet):
    """考生成绩: one candidate's scores; only the reader's schools."""

    # Each row names its exam and school in brief: load their id and name only, not the exam's stored analysis
    # (megabytes of JSON decoded once per row made ``?limit=1000`` take 5 s — issue 18).
    queryset = ExamResult.objects.select_related("exam", "school").only(
        "id", "exam_no", "student_no", "name", "class_name", "scores", "total", "created", "updated",
        "exam", "school", "exam__name", "school__name",
    )
    serializer_class = serializers.ExamResultSerializer
    filterset_class = filtersets.ExamResultFilterSet
    ordering_fields = ("id", "exam_no", "total")
