"""API viewsets of the people registry: one short class per model, all scope-restricted by ``BaseViewSet``."""

from django.db.models import Prefetch

from edubureau.core.api.viewsets import BaseViewSet

from .. import filtersets
from ..models import Honour, Posting, SchoolClass, Staff, Student
from . import serializers

__all__ = ["HonourViewSet", "PostingViewSet", "SchoolClassViewSet", "StaffViewSet", "StudentViewSet"]


class StaffViewSet(BaseViewSet):
    """教职工 (full ID numbers only for the personnel side and the staff member's own school)."""

    # Postings feed the current school, the scope and the ID-number rule: one query for the whole page.
    queryset = Staff.objects.prefetch_related(Prefetch("postings", queryset=Posting.objects.select_related("school")))
    serializer_class = serializers.StaffSerializer
    filterset_class = filtersets.StaffFilterSet
    ordering_fields = ("id", "name", "title", "post_grade", "work_start")


class PostingViewSet(BaseViewSet):
    """任职经历 (written by departments owning the people module)."""

    queryset = Posting.objects.select_related("staff", "school")
    serializer_class = serializers.PostingSerializer
    filterset_class = filtersets.PostingFilterSet
    ordering_fields = ("id", "start", "end")


class HonourViewSet(BaseViewSet):
    """骨干教师与荣誉."""

    queryset = Honour.objects.select_related("staff")
    serializer_class = serializers.HonourSerializer
    filterset_class = filtersets.HonourFilterSet
    ordering_fields = ("id", "awarded", "expires")


class SchoolClassViewSet(BaseViewSet):
    """班级."""

    queryset = SchoolClass.objects.select_related("school", "school_year", "head_teacher")
    serializer_class = serializers.SchoolClassSerializer
    filterset_class = filtersets.SchoolClassFilterSet
    ordering_fields = ("id", "grade", "name", "size")


class StudentViewSet(BaseViewSet):
    """学生 (学籍)."""

    queryset = Student.objects.select_related("school", "school_class__school")
    serializer_class = serializers.StudentSerializer
    filterset_class = filtersets.StudentFilterSet
    ordering_fields = ("id", "student_no", "name", "grade")
