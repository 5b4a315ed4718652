"""Pages of Excel in and out: template download, upload with dry run, progress and preview,
confirmation, the error workbook, the user's import jobs, and the export of a filtered list.

Every page asks the scope: imports need ``can_write(user, Model)`` and check each row again;
exports read ``Model.objects.visible_to(user)`` through the list page's own FilterSet.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView, TemplateView

from edubureau.core.filtersets import keyword_search
from edubureau.core.listexport import ListColumn, list_tools, list_xlsx, search_text, wants_xlsx, xlsx_response
from edubureau.core.models import ImportJob
from edubureau.core.scope import can_write, scope_for
from edubureau.core.uploads import check_upload

from . import reader, writer
from .jobs import recover_job, recover_stale_jobs, retry_job, start_job
from .registry import all_specs, get_spec
from .spec import REVEALED_IN_EXPORT, SheetSpec
from .validate import RowError, header_map

ERRORS_SHOWN = 200


def spec_or_404(name: str) -> SheetSpec:
    try:
        return get_spec(name)
    except KeyError:
        raise Http404(_("没有这种导入类型")) from None


def list_url(spec: SheetSpec) -> str:
    meta = spec.model._meta
    try:
        return reverse(f"{meta.app_label}:{meta.model_name}_list")
    except NoReverseMatch:
        return ""


# --- Template and upload --------------------------------------------------------------------------


class ImportTemplateView(LoginRequiredMixin, View):
    def get(self, request, spec):
        sheet = spec_or_404(spec)
        return xlsx_response(writer.template_workbook(sheet), _("{name}导入模板.xlsx").format(name=sheet.verbose_name))


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Excel文件"), help_text=gettext_lazy("支持 .xlsx、.xls、.csv"))
    dry_run = forms.BooleanField(
        label=gettext_lazy("仅校验(预览)，不写入"), required=False, initial=True,
        help_text=gettext_lazy("建议先校验：确认无误后再点“确认导入”。"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        if suffix not in reader.EXCEL_SUFFIXES | {".csv"}:
            raise forms.ValidationError(_("不支持的文件类型：{suffix}，请上传 .xlsx、.xls 或 .csv 文件").format(
                suffix=suffix or upload.name))
        # Issue 18: size, inflated size and used range against the registry caps, before a job row,
        # a stored file or a reader exists.
        check_upload(upload, "registry")
        return upload


class SpecWriteMixin(LoginRequiredMixin):
    """Only users who may write the registry reach its import pages."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.sheet = spec_or_404(kwargs["spec"])
        if not can_write(request.user, self.sheet.model):
            raise PermissionDenied(_("您没有导入“{name}”的权限").format(name=self.sheet.verbose_name))
        return super().dispatch(request, *args, **kwargs)


class ImportStartView(SpecWriteMixin, TemplateView):
    template_name = "core/import_start.html"

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            sheet=self.sheet,
            form=form or UploadForm(),
            columns=self.sheet.columns,
            key_labels="、".join(self.sheet.column(k).label for k in self.sheet.key),
            list_url=list_url(self.sheet),
            recent=ImportJob.objects.filter(user=self.request.user, spec=self.sheet.name)[:5],
            title=_("导入{name}").format(name=self.sheet.verbose_name),
        )
        return context

    def post(self, request, spec):
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        upload = form.cleaned_data["file"]
        content = upload.read()
        job = ImportJob(user=request.user, spec=self.sheet.name, filename=Path(upload.name).name[:255],
                        commit=not form.cleaned_data["dry_run"])
        job.file.save(Path(upload.name).name, ContentFile(content), save=False)
        job.save()
        start_job(job, content)
        return redirect("core:import_detail", pk=job.pk)


# --- Jobs -----------------------------------------------------------------------------------------


class JobMixin(LoginRequiredMixin):
    """A job is seen only by the user who uploaded it."""

    def get_job(self) -> ImportJob:
        job = get_object_or_404(ImportJob, pk=self.kwargs["pk"])
        if job.user_id != self.request.user.pk and not self.request.user.is_superuser:
            raise Http404
        return job


class ImportDetailView(JobMixin, TemplateView):
    template_name = "core/import_detail.html"

    def get(self, request, *args, **kwargs):
        job = self.get_job()
        if job.is_stale and recover_job(job):  # its worker died: show 中断 with a button, not 处理中 forever
            job.refresh_from_db()
        finished = job.status not in (ImportJob.Status.PENDING, ImportJob.Status.RUNNING)
        if request.headers.get("HX-Request"):
            if finished:  # the poll ends: reload the page to show the result
                return HttpResponse(status=204, headers={"HX-Refresh": "true"})
            return self.render_to_response({"job": job}, template_name="core/import_progress.html")
        return self.render_to_response(self.get_context_data(job=job, finished=finished))

    def render_to_response(self, context, template_name=None, **kwargs):
        if template_name:
            return self.response_class(request=self.request, template=[template_name], context=context, **kwargs)
        return super().render_to_response(context, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = context["job"]
        sheet = all_specs().get(job.spec)
        context.update(
            sheet=sheet,
            title=_("导入{name}").format(name=sheet.verbose_name if sheet else job.spec),
            errors=job.errors[:ERRORS_SHOWN],
            errors_more=max(0, len(job.errors) - ERRORS_SHOWN),
            error_rows=len({e["row"] for e in job.errors if e["row"]}),
            good_rows=job.created_count + job.updated_count + job.unchanged_count,
            list_url=list_url(sheet) if sheet else "",
            can_confirm=job.status == ImportJob.Status.VALID and not job.commit
            and (job.created_count or job.updated_count),
            can_retry=job.status in (ImportJob.Status.INTERRUPTED, ImportJob.Status.FAILED)
            and sheet is not None and can_write(self.request.user, sheet.model),
        )
        return context


class ImportConfirmView(JobMixin, View):
    """确认导入: the validated file is checked again (the registry may have changed) and written.

    Issue 18: the job is claimed in one UPDATE (VALID and not yet confirmed → PENDING with commit), which
    exactly one of two simultaneous confirms wins; the other is sent to the job page with a notice, and
    the file is written once.
    """

    def post(self, request, pk):
        job = self.get_job()
        sheet = spec_or_404(job.spec)
        if not can_write(request.user, sheet.model):
            raise PermissionDenied
        claimed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.VALID, commit=False).update(
            commit=True, status=ImportJob.Status.PENDING, done=0, finished=None, message=_("排队等待写入"))
        job.refresh_from_db()
        if not claimed:
            if job.commit:  # a second click, or a second tab: the first confirm is writing or has written
                messages.info(request, _("该导入已在写入中或已完成，无需再次确认。"))
                return redirect("core:import_detail", pk=job.pk)
            return HttpResponseBadRequest(_("该导入任务不是“校验通过，待确认”状态"))
        start_job(job)
        return redirect("core:import_detail", pk=job.pk)


class ImportRetryView(JobMixin, View):
    """重新运行 / 重新确认导入: an interrupted or failed job runs again on its stored file (issue 18)."""

    def post(self, request, pk):
        job = self.get_job()
        sheet = spec_or_404(job.spec)
        if not can_write(request.user, sheet.model):
            raise PermissionDenied
        if not retry_job(job):
            messages.info(request, _("该导入已重新开始或已完成。"))
        return redirect("core:import_detail", pk=job.pk)


class ImportErrorsView(JobMixin, View):
    """The uploaded rows with a 错误原因 column and the refused cells in red."""

    def get(self, request, pk):
        job = self.get_job()
        if not job.errors:
            raise Http404(_("该导入任务没有错误"))
        sheet = spec_or_404(job.spec)
        try:
            with job.file.open("rb") as handle:
                data = reader.read_sheet(handle.read(), job.filename, set(header_map(sheet)))
        except (reader.ReadError, OSError):
            data = None  # unreadable upload: the workbook still lists every error
        errors = [RowError(**e) for e in job.errors]
        stem = Path(job.filename).stem
        return xlsx_response(writer.error_workbook(sheet, data, errors), _("{name}_错误标注.xlsx").format(name=stem))


def _written(field: str):
    """A count of the import log: what a confirmed import wrote; nothing for a dry run (issue 17)."""
    return lambda job: getattr(job, field) if job.status == ImportJob.Status.DONE else None


def import_log_columns() -> list[ListColumn]:
    specs = all_specs()
    return [
        ListColumn(gettext_lazy("时间"), lambda job: timezone.localtime(job.created), 18),
        ListColumn(gettext_lazy("导入类型"), lambda job: getattr(specs.get(job.spec), "verbose_name", job.spec), 16),
        ListColumn(gettext_lazy("文件"), lambda job: job.filename, 30),
        ListColumn(gettext_lazy("状态"), lambda job: job.get_status_display(), 14),
        ListColumn(gettext_lazy("行数"), lambda job: job.total, 8),
        ListColumn(gettext_lazy("已新增"), _written("created_count"), 8),
        ListColumn(gettext_lazy("已更新"), _written("updated_count"), 8),
        ListColumn(gettext_lazy("无变化"), _written("unchanged_count"), 8),
        ListColumn(gettext_lazy("错误"), lambda job: len(job.errors), 8),
    ]


class ImportJobListView(LoginRequiredMixin, ListView):
    template_name = "core/importjob_list.html"
    paginate_by = 50
    context_object_name = "jobs"

    def get_queryset(self):
        recover_stale_jobs()  # issue 18: a job whose worker died is listed as 中断, not 处理中 forever
        jobs = ImportJob.objects.filter(user=self.request.user).order_by("-created", "-pk")
        return keyword_search(jobs, search_text(self.request), ("filename",))

    def get(self, request, *args, **kwargs):
        if wants_xlsx(request):  # issue 17: the log as searched, with what each import really wrote
            return list_xlsx(_("我的导入记录"), import_log_columns(), self.get_queryset().iterator(500))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        specs = all_specs()
        for job in context["jobs"]:
            job.spec_name = specs[job.spec].verbose_name if job.spec in specs else job.spec
        context["title"] = _("我的导入记录")
        context.update(list_tools(self.request, _("文件名")))
        return context


# --- Export ---------------------------------------------------------------------------------------


def filterset_class(model):
    """``<Model>FilterSet`` from the model's app ``filtersets`` module, or None."""
    try:
        module = import_module(f"{model._meta.app_config.name}.filtersets")
    except ModuleNotFoundError:
        return None
    return getattr(module, f"{model.__name__}FilterSet", None)


def filtered_queryset(sheet: SheetSpec, user, data, request=None):
    """The rows a list page shows for ``data`` (its query string): scope first, then the page's filters.

    Returns:
        (queryset, form errors) — errors is empty when the filters are valid.
    """
    queryset = sheet.model._default_manager.visible_to(user)
    filterset = filterset_class(sheet.model)
    if filterset is None:
        return queryset, {}
    fs = filterset(data, queryset=queryset, request=request)
    if not fs.is_valid():
        return queryset.none(), fs.errors
    return fs.qs, {}


class ExportView(LoginRequiredMixin, View):
    def get(self, request, spec):
        sheet = spec_or_404(spec)
        if scope_for(request.user).role is None:
            raise PermissionDenied
        queryset, errors = filtered_queryset(sheet, request.user, request.GET, request=request)
        if errors:
            text = "；".join(f"{name}：{'，'.join(map(str, messages))}" for name, messages in errors.items())
            return HttpResponseBadRequest(_("筛选条件有误：{errors}").format(errors=text))
        revealed: list = []
        token = REVEALED_IN_EXPORT.set(revealed)
        try:
            content = writer.export_workbook(sheet, sheet.export_queryset(queryset).iterator(chunk_size=2000),
                                             user=request.user)
        finally:
            REVEALED_IN_EXPORT.reset(token)
        sheet.exported(request, queryset, revealed)
        day = timezone.localdate().strftime("%Y%m%d")
        return xlsx_response(content, f"{sheet.verbose_name}_{day}.xlsx")
