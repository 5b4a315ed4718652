"""Pages of the org registry: a row of short classes holding attributes (netbox/tenancy/views.py),
plus the school profile (学校概况)."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from edubureau.core.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
)
from edubureau.core.generic.detail import Related
from edubureau.core.scope import can_write
from edubureau.people import stats as people_stats
from edubureau.people.engine import CLASS_SIZE_BANDS
from edubureau.people.models import SchoolClass

from . import forms, tables
from .models import (
    Campus,
    Department,
    EducationGroup,
    GroupMembership,
    Pairing,
    Region,
    School,
    SchoolFacts,
    SchoolYear,
    Term,
    Zone,
)

# --- Region ---------------------------------------------------------------------------------------


class RegionListView(ObjectListView):
    queryset = Region.objects.all()
    table = tables.RegionTable
    search_fields = ("name", "code")


class RegionView(ObjectDetailView):
    queryset = Region.objects.all()
    related = (Related(_("片区"), Zone.objects.select_related("region"), "region", tables.ZoneTable),)


class RegionEditView(ObjectEditView):
    queryset = Region.objects.all()
    form = forms.RegionForm


class RegionDeleteView(ObjectDeleteView):
    queryset = Region.objects.all()


class RegionHistoryView(ObjectHistoryView):
    queryset = Region.objects.all()


# --- Zone -----------------------------------------------------------------------------------------


class ZoneListView(ObjectListView):
    queryset = Zone.objects.select_related("region").annotate(school_count=Count("schools"))
    table = tables.ZoneTable


class ZoneView(ObjectDetailView):
    queryset = Zone.objects.select_related("region")
    related = (Related(_("片区内学校"), School.objects.select_related("zone"), "zone", tables.SchoolTable),)


class ZoneEditView(ObjectEditView):
    queryset = Zone.objects.all()
    form = forms.ZoneForm


class ZoneDeleteView(ObjectDeleteView):
    queryset = Zone.objects.all()


class ZoneHistoryView(ObjectHistoryView):
    queryset = Zone.objects.all()


# --- Department -----------------------------------------------------------------------------------


class DepartmentListView(ObjectListView):
    queryset = Department.objects.all()
    table = tables.DepartmentTable


class DepartmentView(ObjectDetailView):
    queryset = Department.objects.all()

    def get_field_overrides(self, obj):
        from edubureau.core.roles import MODULES

        return {"modules": "、".join(str(MODULES.get(m, m)) for m in obj.modules) or "—"}


class DepartmentEditView(ObjectEditView):
    queryset = Department.objects.all()
    form = forms.DepartmentForm


class DepartmentDeleteView(ObjectDeleteView):
    queryset = Department.objects.all()


class DepartmentHistoryView(ObjectHistoryView):
    queryset = Department.objects.all()


# --- School year and terms ------------------------------------------------------------------------


class SchoolYearListView(ObjectListView):
    queryset = SchoolYear.objects.all()
    table = tables.SchoolYearTable


class SchoolYearView(ObjectDetailView):
    queryset = SchoolYear.objects.all()
    related = (Related(_("学期"), Term.objects.select_related("school_year"), "school_year", tables.TermTable),)


class SchoolYearEditView(ObjectEditView):
    queryset = SchoolYear.objects.all()
    form = forms.SchoolYearForm


class SchoolYearDeleteView(ObjectDeleteView):
    queryset = SchoolYear.objects.all()


class SchoolYearHistoryView(ObjectHistoryView):
    queryset = SchoolYear.objects.all()


class TermListView(ObjectListView):
    queryset = Term.objects.select_related("school_year")
    table = tables.TermTable


class TermView(ObjectDetailView):
    queryset = Term.objects.select_related("school_year")


class TermEditView(ObjectEditView):
    queryset = Term.objects.all()
    form = forms.TermForm


class TermDeleteView(ObjectDeleteView):
    queryset = Term.objects.all()


class TermHistoryView(ObjectHistoryView):
    queryset = Term.objects.all()


# --- School ---------------------------------------------------------------------------------------


class SchoolListView(ObjectListView):
    queryset = School.objects.select_related("zone")
    table = tables.SchoolTable


class SchoolView(ObjectDetailView):
    """学校概况: the school's card, its yearly facts, staff structure, class sizes and pupils in care."""

    queryset = School.objects.select_related("region", "zone", "central_school")

    def get_extra_context(self, obj):
        user = self.request.user
        year = SchoolYear.objects.filter(is_current=True).first() or SchoolYear.objects.order_by("-start_year").first()
        facts = (
            SchoolFacts.objects.visible_to(user).filter(school=obj).select_related("school_year")
            .order_by("-school_year__start_year", "level_part")
        )
        groups = (
            EducationGroup.objects.visible_to(user)
            .filter(Q(lead_school=obj) | Q(memberships__school=obj)).select_related("lead_school").distinct()
        )
        pairings = (
            Pairing.objects.visible_to(user).filter(Q(strong_school=obj) | Q(supported_school=obj))
            .select_related("strong_school", "supported_school", "start_term__school_year", "end_term__school_year")
        )
        oversized = []
        grades = []
        if year is not None:
            grades = people_stats.class_sizes_by_grade(obj, year)
            oversized = list(
                SchoolClass.objects.visible_to(user).filter(school=obj, school_year=year, size__gte=56)
                .select_related("head_teacher").order_by("-size", "grade")[:30]
            )
        return {
            "year": year,
            "facts": list(facts),
            "teaching_points": list(School.objects.visible_to(user).filter(central_school=obj)),
            "campuses": list(obj.campuses.all()),
            "groups": list(groups),
            "pairings": list(pairings),
            "staff": people_stats.staff_structure(obj),
            "grades": grades,
            "size_bands": [(key, label) for key, label, _low, _high in CLASS_SIZE_BANDS],
            "oversized": oversized,
            "care": people_stats.care_counts(obj),
            "can_add_facts": can_write(user, SchoolFacts(school=obj)),
            "can_add_class": can_write(user, SchoolClass(school=obj)),
        }


class SchoolEditView(ObjectEditView):
    queryset = School.objects.all()
    form = forms.SchoolForm


class SchoolDeleteView(ObjectDeleteView):
    queryset = School.objects.all()


class SchoolHistoryView(ObjectHistoryView):
    queryset = School.objects.all()


# --- Campus ---------------------------------------------------------------------------------------


class CampusListView(ObjectListView):
    queryset = Campus.objects.select_related("school")
    table = tables.CampusTable


class CampusView(ObjectDetailView):
    queryset = Campus.objects.select_related("school")


class CampusEditView(ObjectEditView):
    queryset = Campus.objects.all()
    form = forms.CampusForm


class CampusDeleteView(ObjectDeleteView):
    queryset = Campus.objects.all()


class CampusHistoryView(ObjectHistoryView):
    queryset = Campus.objects.all()


# --- Education group and membership ---------------------------------------------------------------


class EducationGroupListView(ObjectListView):
    queryset = EducationGroup.objects.select_related("lead_school").annotate(member_count=Count("memberships"))
    table = tables.EducationGroupTable


class EducationGroupView(ObjectDetailView):
    queryset = EducationGroup.objects.select_related("lead_school")
    related = (
        Related(
            _("成员学校"), GroupMembership.objects.select_related("group", "school"), "group",
            tables.GroupMembershipTable,
        ),
    )


class EducationGroupEditView(ObjectEditView):
    queryset = EducationGroup.objects.all()
    form = forms.EducationGroupForm


class EducationGroupDeleteView(ObjectDeleteView):
    queryset = EducationGroup.objects.all()


class EducationGroupHistoryView(ObjectHistoryView):
    queryset = EducationGroup.objects.all()


class GroupMembershipListView(ObjectListView):
    queryset = GroupMembership.objects.select_related("group", "school")
    table = tables.GroupMembershipTable
    filterset_fields = ("group", "school")
    search_fields = ("group__name", "school__name")


class GroupMembershipView(ObjectDetailView):
    queryset = GroupMembership.objects.select_related("group", "school")


class GroupMembershipEditView(ObjectEditView):
    queryset = GroupMembership.objects.all()
    form = forms.GroupMembershipForm


class GroupMembershipDeleteView(ObjectDeleteView):
    queryset = GroupMembership.objects.all()


class GroupMembershipHistoryView(ObjectHistoryView):
    queryset = GroupMembership.objects.all()


# --- Pairing --------------------------------------------------------------------------------------


class PairingListView(ObjectListView):
    queryset = Pairing.objects.select_related(
        "strong_school", "supported_school", "start_term__school_year", "end_term__school_year"
    )
    table = tables.PairingTable


class PairingView(ObjectDetailView):
    queryset = Pairing.objects.select_related(
        "strong_school", "supported_school", "start_term__school_year", "end_term__school_year"
    )


class PairingEditView(ObjectEditView):
    queryset = Pairing.objects.all()
    form = forms.PairingForm


class PairingDeleteView(ObjectDeleteView):
    queryset = Pairing.objects.all()


class PairingHistoryView(ObjectHistoryView):
    queryset = Pairing.objects.all()


# --- School facts ---------------------------------------------------------------------------------


class SchoolFactsListView(ObjectListView):
    queryset = SchoolFacts.objects.select_related("school", "school_year")
    table = tables.SchoolFactsTable


class SchoolFactsView(ObjectDetailView):
    queryset = SchoolFacts.objects.select_related("school", "school_year")


class SchoolFactsEditView(ObjectEditView):
    queryset = SchoolFacts.objects.all()
    form = forms.SchoolFactsForm


class SchoolFactsDeleteView(ObjectDeleteView):
    queryset = SchoolFacts.objects.all()


class SchoolFactsHistoryView(ObjectHistoryView):
    queryset = SchoolFacts.objects.all()
