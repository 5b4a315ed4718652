"""Serializers of the quality API: exams (with their rules) and candidates' results."""

from edubureau.core.api.serializers import BaseModelSerializer

from ..models import Exam, ExamResult

__all__ = ["ExamResultSerializer", "ExamSerializer"]

STAMPS = ["created", "updated"]


class ExamSerializer(BaseModelSerializer):
    class Meta:
        model = Exam
        fields = ["id", "url", "display", "name", "term", "grade", "full_marks", "total_subjects", "excellent_cut",
                  "good_cut", "pass_cut", "low_cut", "status", "candidates", *STAMPS]


class ExamResultSerializer(BaseModelSerializer):
    class Meta:
        model = ExamResult
        fields = ["id", "url", "display", "exam", "school", "exam_no", "student_no", "name", "class_name", "scores",
                  "total", *STAMPS]
