"""URLs of the org registry pages; names are derived (``org:school_list``, ``org:schoolfacts_detail`` …)."""

from edubureau.core.generic import object_urls

from . import views as v

app_name = "org"
urlpatterns = [
    *object_urls("regions", v.RegionListView, v.RegionView, v.RegionEditView, v.RegionDeleteView,
                 v.RegionHistoryView),
    *object_urls("zones", v.ZoneListView, v.ZoneView, v.ZoneEditView, v.ZoneDeleteView, v.ZoneHistoryView),
    *object_urls("departments", v.DepartmentListView, v.DepartmentView, v.DepartmentEditView,
                 v.DepartmentDeleteView, v.DepartmentHistoryView),
    *object_urls("school-years", v.SchoolYearListView, v.SchoolYearView, v.SchoolYearEditView,
                 v.SchoolYearDeleteView, v.SchoolYearHistoryView),
    *object_urls("terms", v.TermListView, v.TermView, v.TermEditView, v.TermDeleteView, v.TermHistoryView),
    *object_urls("schools", v.SchoolListView, v.SchoolView, v.SchoolEditView, v.SchoolDeleteView,
                 v.SchoolHistoryView),
    *object_urls("campuses", v.CampusListView, v.CampusView, v.CampusEditView, v.CampusDeleteView,
                 v.CampusHistoryView),
    *object_urls("education-groups", v.EducationGroupListView, v.EducationGroupView, v.EducationGroupEditView,
                 v.EducationGroupDeleteView, v.EducationGroupHistoryView),
    *object_urls("group-memberships", v.GroupMembershipListView, v.GroupMembershipView, v.GroupMembershipEditView,
                 v.GroupMembershipDeleteView, v.GroupMembershipHistoryView),
    *object_urls("pairings", v.PairingListView, v.PairingView, v.PairingEditView, v.PairingDeleteView,
                 v.PairingHistoryView),
    *object_urls("school-facts", v.SchoolFactsListView, v.SchoolFactsView, v.SchoolFactsEditView,
                 v.SchoolFactsDeleteView, v.SchoolFactsHistoryView),
]
