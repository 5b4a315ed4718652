"""URLs of the people registry pages; names are derived (``people:staff_list``, ``people:schoolclass_detail`` …)."""

from edubureau.core.generic import object_urls

from . import views as v

app_name = "people"
urlpatterns = [
    *object_urls("staff", v.StaffListView, v.StaffView, v.StaffEditView, v.StaffDeleteView, v.StaffHistoryView),
    *object_urls("postings", v.PostingListView, v.PostingView, v.PostingEditView, v.PostingDeleteView,
                 v.PostingHistoryView),
    *object_urls("honours", v.HonourListView, v.HonourView, v.HonourEditView, v.HonourDeleteView,
                 v.HonourHistoryView),
    *object_urls("classes", v.SchoolClassListView, v.SchoolClassView, v.SchoolClassEditView,
                 v.SchoolClassDeleteView, v.SchoolClassHistoryView),
    *object_urls("students", v.StudentListView, v.StudentView, v.StudentEditView, v.StudentDeleteView,
                 v.StudentHistoryView),
]
