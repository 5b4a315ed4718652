"""与国家学籍比对: upload the national export, then the queue of differences that the clerks resolve one by one.

The bureau (a department owning the welfare module) imports the county's export; a school reads and resolves the
differences of its own pupils; leaders read the counts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from edubureau.core.generic.list import page_of
from edubureau.core.listexport import ListColumn, keyword_search, list_tools, list_xlsx, search_text, wants_xlsx
from edubureau.core.scope import can_write, scope_for
from edubureau.people.models import Student

from .models import NationalRollImport, RollDifference
from .reconciliation import CORRECTABLE, import_national, resolve

DIFFERENCE_COLUMNS = [
    ListColumn(gettext_lazy("学校"), lambda d: d.school.name if d.school else "", 24),
    ListColumn(gettext_lazy("学生"), lambda d: d.label, 28),
    ListColumn(gettext_lazy("差异类型"), lambda d: d.kind, 12),
    ListColumn(gettext_lazy("字段"), lambda d: d.field, 16),
    ListColumn(gettext_lazy("国家学籍"), lambda d: d.national, 20),
    ListColumn(gettext_lazy("本系统"), lambda d: d.roll, 20),
    ListColumn(gettext_lazy("处理结果"), lambda d: d.resolution or "待处理", 20),
    ListColumn(gettext_lazy("处理说明"), lambda d: d.note, 30),
]


def _may_import(user) -> bool:
    scope = scope_for(user)
    return can_write(user, NationalRollImport) and scope.role != "school"


@login_required
def reconcile_list(request):
    batches = NationalRollImport.objects.visible_to(request.user).select_related("imported_by")
    differences = RollDifference.objects.visible_to(request.user)
    open_counts = dict(differences.filter(resolution="").values_list("batch").annotate(n=Count("pk")).values_list(
        "batch", "n"))
    all_counts = dict(differences.values_list("batch").annotate(n=Count("pk")).values_list("batch", "n"))
    if request.method == "POST":
        if not _may_import(request.user):
            raise PermissionDenied(_("国家学籍比对由教育局学籍管理人员导入。"))
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("请选择国家学籍系统导出的文件。"))
        else:
            profile = getattr(request.user, "profile", None)
            try:
                batch = import_national(upload, user=request.user, region=getattr(profile, "region", None),
                                        students=Student.objects.visible_to(request.user))
            except ValidationError as exc:
                messages.error(request, "；".join(exc.messages))
            else:
                messages.success(request, _("已比对：一致{matched}人，待处理差异{n}条。").format(
                    matched=batch.matched, n=batch.differences.count()))
                return redirect("welfare:nationalrollimport_detail", batch.pk)
    rows = [{"batch": b, "open": open_counts.get(b.pk, 0), "all": all_counts.get(b.pk, 0)} for b in batches]
    return render(request, "welfare/reconcile_list.html", {
        "title": _("与国家学籍比对"), "rows": rows, "may_import": _may_import(request.user)})


@login_required
def reconcile_detail(request, pk):
    batch = get_object_or_404(NationalRollImport.objects.visible_to(request.user), pk=pk)
    rows = RollDifference.objects.visible_to(request.user).filter(batch=batch).select_related(
        "school", "student", "resolved_by")
    counts = rows.aggregate(total=Count("pk"), open=Count("pk", filter=Q(resolution="")),
                            **{k: Count("pk", filter=Q(kind=k)) for k in RollDifference.Kind.values})
    state = request.GET.get("state", "open")
    if state == "open":
        rows = rows.filter(resolution="")
    elif state == "done":
        rows = rows.exclude(resolution="")
    kind = request.GET.get("kind", "")
    if kind in RollDifference.Kind.values:
        rows = rows.filter(kind=kind)
    rows = keyword_search(rows, search_text(request), ("label", "school__name", "field"))
    if wants_xlsx(request):
        return list_xlsx(_("学籍差异"), DIFFERENCE_COLUMNS, rows.iterator(2000))
    page, query = page_of(request, rows)
    for d in page:
        d.may_resolve = not d.resolution and can_write(request.user, d)
        d.correctable = d.kind == RollDifference.Kind.DIFFERENT and d.field in CORRECTABLE and d.student_id
    return render(request, "welfare/reconcile_detail.html", {
        "title": str(batch), "batch": batch, "page": page, "differences": page, "query": query, "counts": counts,
        "kind_counts": [(k, label, counts[k]) for k, label in RollDifference.Kind.choices], "state": state,
        "kind": kind, "resolutions": RollDifference.Resolution.choices[1:],
        **list_tools(request, _("学生、学校或字段")),
    })


@login_required
@require_POST
def difference_resolve(request, pk):
    difference = get_object_or_404(RollDifference.objects.visible_to(request.user), pk=pk)
    try:
        resolve(difference, request.user, resolution=request.POST.get("resolution", ""),
                note=request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, _("{label}：{reason}").format(label=difference.label, reason="；".join(exc.messages)))
    else:
        messages.success(request, _("已处理：{label}。").format(label=difference.label))
    back = request.POST.get("next", "")
    if back.startswith("/welfare/"):
        return redirect(back)
    return redirect("welfare:nationalrollimport_detail", difference.batch_id)
