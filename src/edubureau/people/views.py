"""Pages of the people registry: staff (with the posting timeline), postings, honours, classes, students."""

from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from edubureau.core import idcard
from edubureau.core.audit import log_reveal
from edubureau.core.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
)
from edubureau.core.generic.detail import Related
from edubureau.core.generic.display import EMPTY
from edubureau.core.scope import can_write
from edubureau.org.models import School

from . import forms, tables
from .choices import PostingReason
from .models import Honour, Posting, SchoolClass, Staff, Student
from .permissions import can_see_personal
from .stats import grade_label


def _masked(value, visible):
    if not value:
        return EMPTY
    return value if visible else idcard.mask(value)


def _personal_overrides(request, person, fields=("id_number", "phone")) -> dict:
    """The person's ID and phone numbers for a detail page: full for ``can_see_personal`` (each reveal logged,
    issue 18), masked for everybody else."""
    visible = can_see_personal(request.user, person)
    shown = {name: getattr(person, name, "") or "" for name in fields}
    if visible:
        log_reveal(request, person, [name for name, value in shown.items() if value])
        return {name: value or EMPTY for name, value in shown.items()}
    return {
        name: EMPTY if not value else (idcard.mask_phone(value) if name == "phone" else idcard.mask(value))
        for name, value in shown.items()
    }


# --- Staff ----------------------------------------------------------------------------------------


class StaffListView(ObjectListView):
    queryset = Staff.objects.all()
    table = tables.StaffTable

    def get_queryset(self):
        """Staff with the school of their latest open posting that the viewer may read (two subqueries).

        A teacher of school A on rotation at school B shows under A to A's administrator: B's posting
        is not A's to see. Open postings are prefetched for ``can_see_personal`` (one query a page).
        """
        open_postings = (
            Posting.objects.visible_to(self.request.user).filter(staff=OuterRef("pk"), end__isnull=True)
            .order_by("-start")
        )
        return super().get_queryset().annotate(
            current_school_id=Subquery(open_postings.values("school_id")[:1]),
            current_school_name=Subquery(open_postings.values("school__name")[:1]),
        ).prefetch_related(Prefetch("postings", queryset=Posting.objects.filter(end__isnull=True)))


class StaffView(ObjectDetailView):
    """教职工档案: personal and post data, honours, and the timeline of postings."""

    queryset = Staff.objects.prefetch_related(
        Prefetch("postings", queryset=Posting.objects.select_related("school").order_by("-start", "-pk")),
        "honours",
    )
    fields = (
        "name", "sex", "id_number", "birth_date", "phone", "establishment", "post_kind", "subject",
        "teaching_level", "education", "qualification", "title", "post_grade", "work_start", "is_active",
    )

    def get_field_overrides(self, obj):
        return _personal_overrides(self.request, obj)

    def get_extra_context(self, obj):
        user = self.request.user
        today = timezone.localdate()
        postings = list(obj.postings.all())
        # A school administrator sees the postings at its own school only (scope), but the derived
        # figures (years at the school, county pool) are computed from the whole record.
        visible_ids = set(Posting.objects.visible_to(user).filter(staff=obj).values_list("pk", flat=True))
        visible_schools = set(School.objects.visible_to(user).filter(
            pk__in={p.school_id for p in postings}).values_list("pk", flat=True))
        timeline = []
        for p in postings:
            if p.pk not in visible_ids:
                continue
            end = p.end or today
            timeline.append({
                "posting": p,
                "open": p.end is None,
                "years": round((end - p.start).days / 365.25, 1),
                "school_link": p.school_id in visible_schools,
                "reason_class": {
                    PostingReason.REGULAR: "primary", PostingReason.ROTATION: "success",
                    PostingReason.SUPPORT: "info", PostingReason.SECONDMENT: "secondary",
                    PostingReason.COUNTY_POOL: "warning",
                }.get(p.reason, "secondary"),
            })
        current = obj.current_posting
        return {
            "timeline": timeline,
            "hidden_postings": len(postings) - len(timeline),
            # Only postings the viewer may read name their school (a host school stays unnamed to the home school).
            "current_posting": current if current is not None and current.pk in visible_ids else None,
            "open_postings": [p for p in postings if p.end is None and p.pk in visible_ids],
            "years_here": obj.years_at_current_school(today),
            "in_pool": obj.in_county_pool,
            "age": obj.age,
            "honours": [(h, h.is_valid_on(today)) for h in obj.honours.all()],
            "can_add_posting": can_write(user, Posting),
            "can_add_honour": can_write(user, Honour(staff=obj)),
            "head_of": list(SchoolClass.objects.visible_to(user).filter(head_teacher=obj).select_related(
                "school", "school_year")),
        }


class StaffEditView(ObjectEditView):
    queryset = Staff.objects.all()
    form = forms.StaffForm


class StaffDeleteView(ObjectDeleteView):
    queryset = Staff.objects.all()


class StaffHistoryView(ObjectHistoryView):
    queryset = Staff.objects.all()
    masked_fields = {"id_number": can_see_personal, "phone": can_see_personal}


# --- Posting --------------------------------------------------------------------------------------


class PostingListView(ObjectListView):
    queryset = Posting.objects.select_related("staff", "school")
    table = tables.PostingTable


class PostingView(ObjectDetailView):
    queryset = Posting.objects.select_related("staff", "school")


class PostingEditView(ObjectEditView):
    queryset = Posting.objects.all()
    form = forms.PostingForm


class PostingDeleteView(ObjectDeleteView):
    queryset = Posting.objects.all()


class PostingHistoryView(ObjectHistoryView):
    queryset = Posting.objects.all()


# --- Honour ---------------------------------------------------------------------------------------


class HonourListView(ObjectListView):
    queryset = Honour.objects.select_related("staff")
    table = tables.HonourTable


class HonourView(ObjectDetailView):
    queryset = Honour.objects.select_related("staff")


class HonourEditView(ObjectEditView):
    queryset = Honour.objects.all()
    form = forms.HonourForm


class HonourDeleteView(ObjectDeleteView):
    queryset = Honour.objects.all()


class HonourHistoryView(ObjectHistoryView):
    queryset = Honour.objects.all()


# --- Class ----------------------------------------------------------------------------------------


class SchoolClassListView(ObjectListView):
    queryset = SchoolClass.objects.select_related("school", "school_year", "head_teacher")
    table = tables.SchoolClassTable


class SchoolClassView(ObjectDetailView):
    queryset = SchoolClass.objects.select_related("school", "school_year", "head_teacher")
    related = (
        Related(_("学生"), Student.objects.select_related("school", "school_class__school"), "school_class",
                tables.StudentTable),
    )

    def get_field_overrides(self, obj):
        return {"grade": grade_label(obj.grade)}


class SchoolClassEditView(ObjectEditView):
    queryset = SchoolClass.objects.all()
    form = forms.SchoolClassForm


class SchoolClassDeleteView(ObjectDeleteView):
    queryset = SchoolClass.objects.all()


class SchoolClassHistoryView(ObjectHistoryView):
    queryset = SchoolClass.objects.all()


# --- Student --------------------------------------------------------------------------------------


class StudentListView(ObjectListView):
    queryset = Student.objects.select_related("school", "school_class__school")
    table = tables.StudentTable


class StudentView(ObjectDetailView):
    queryset = Student.objects.select_related("school", "school_class")

    def get_field_overrides(self, obj):
        return {**_personal_overrides(self.request, obj, fields=("id_number",)), "grade": grade_label(obj.grade)}


class StudentEditView(ObjectEditView):
    queryset = Student.objects.all()
    form = forms.StudentForm


class StudentDeleteView(ObjectDeleteView):
    queryset = Student.objects.all()


class StudentHistoryView(ObjectHistoryView):
    queryset = Student.objects.all()
    masked_fields = {"id_number": can_see_personal}
