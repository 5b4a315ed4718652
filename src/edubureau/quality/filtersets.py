"""Filters of exams and results (pages and API); choice lists restricted to the reader's scope."""

from edubureau.core.filtersets import BaseFilterSet

from .models import Exam, ExamResult

__all__ = ["ExamFilterSet", "ExamResultFilterSet"]


class ExamFilterSet(BaseFilterSet):
    search_fields = ("name",)

    class Meta:
        model = Exam
        fields = ["term", "grade", "status"]


class ExamResultFilterSet(BaseFilterSet):
    search_fields = ("exam_no", "name", "class_name")

    class Meta:
        model = ExamResult
        fields = ["exam", "school", "class_name"]
