"""Balance pages: the county's standing, the school × indicator matrix, what it takes, class-size bands."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from edubureau.core.concurrency import ConcurrencyFormMixin
from edubureau.core.forms import bootstrapify
from edubureau.core.io.reader import ReadError
from edubureau.core.scope import can_write
from edubureau.core.settings_row import save_settings
from edubureau.core.uploads import check_upload
from edubureau.org.city import region_filter, visible_counties
from edubureau.org.models import Region

from . import data
from .engine import BASIC, PRIMARY, QUALITY, county_additions, evaluate
from .export import standing_workbook, template_workbook
from .fileinput import BalanceFileError, read_parts
from .models import COST_FIELDS, LINE_FIELDS, PROFILE_FIELDS, BalanceSettings, national_school_lines
from .planned import after_projects_context


def _colour(value: float, line: float | None, share: float) -> str:
    """Cell class by distance to the school line: met, within the 85% tolerance, or short."""
    if line is None:
        return ""
    if value >= line - 1e-9:
        return "table-success"
    return "table-warning" if value >= share * line - 1e-9 else "table-danger"


class BalanceMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        self.settings = BalanceSettings.current()
        self.standard = self.settings.standard()
        return super().dispatch(request, *args, **kwargs)

    def year(self):
        years = list(data.school_years())
        if not years:
            return None, years
        wanted = self.request.GET.get("year")
        for y in years:
            if wanted and str(y.start_year) == wanted:
                return y, years
        if wanted:
            raise Http404(_("没有该学年的数据"))
        return years[0], years

    def county(self) -> Region | None:
        """Whose standing is shown (issue 16): the county chosen by ``?region=`` (a city page's drill-down), else the
        reader's own when its schools lie in one county; None for a reader of a whole city or instance."""
        region = region_filter(self.request, self.request.user)
        if region is None:
            counties = visible_counties(self.request.user)
            region = counties[0] if len(counties) == 1 else None
        return region

    def parts_of(self, year, region: Region | None) -> list:
        """The year's school parts of ``region`` (all of them: the CVs are between the county's schools, while what
        a reader sees of single schools stays cut by ``visible_codes``), or of the whole instance."""
        return data.parts_for(year, region)


def _names(result: dict, codes: set[str]) -> dict[str, str]:
    return {s["code"]: s["name"] for s in result["schools"] if s["code"] in codes}


def standing_context(parts, codes: set[str], standard, costs: dict) -> dict:
    """What the standing page shows for ``parts``: per level the CVs, the matrix, the schools that sink each
    failing indicator (only those in ``codes`` are named), then what it takes."""
    quality = evaluate(parts, QUALITY, standard)
    basic = evaluate(parts, BASIC, standard)
    share = standard.quality_rest_share
    levels = []
    for level, result in quality["levels"].items():
        names = list(result["indicators"])
        shown = _names(result, codes)
        matrix = []
        for school in result["schools"]:
            if school["code"] not in codes:
                continue
            cells = [{"value": school["values"][n], "cls": _colour(
                school["values"][n], result["indicators"][n]["school_line"], share)} for n in names]
            matrix.append({**school, "cells": cells})
        # Failing schools first, then by how many lines they meet: the rows a director looks for.
        matrix.sort(key=lambda row: (row["pass"], row["met"]))
        reasons = []
        for name in result["failing_indicators"]:
            ind = result["indicators"][name]
            short = ind["short_schools"]
            reasons.append({"indicator": name, "cv_fails": not ind["pass"],
                            "schools": [shown[c] for c in short if c in shown],
                            "hidden": sum(c not in shown for c in short)})
        levels.append({"level": level, "result": result, "names": names, "matrix": matrix, "reasons": reasons,
                       "short": {n: [shown[c] for c in result["indicators"][n]["short_schools"] if c in shown]
                                 for n in names},
                       "basic": basic["levels"].get(level)})
    takes = county_additions(parts, standard, costs)
    return {"levels": levels, "takes": [a for a in takes["additions"] if a.code in codes],
            "takes_count": len(takes["additions"]), "takes_cost": takes["cost"], "takes_wan": takes["cost"] / 10_000,
            "takes_after": takes["after"],
            "takes_cv": [{"level": level, "cvs": [(ind["cv"], takes["after"]["levels"][level]["indicators"][name])
                                                  for name, ind in res["indicators"].items()]}
                         for level, res in takes["before"]["levels"].items()],
            "takes_passes": takes["passes"]}


class StandingView(BalanceMixin, TemplateView):
    """The county's standing on 优质均衡 (and 基本均衡): CVs against their lines, per level, with trend."""

    template_name = "balance/standing.html"

    def get(self, request, *args, **kwargs):
        # The national standard is met county by county: a reader of several counties starts from their comparison
        # (and drills down with ?region=) rather than one pooled table of every school of the city.
        if "region" not in request.GET and len(visible_counties(request.user)) > 1:
            year = request.GET.get("year")
            return redirect(reverse("balance:city") + (f"?year={year}" if year else ""))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        year, years = self.year()
        ctx.update(title=_("均衡发展达标情况"), year=year, years=years, upload=FileForm())
        if year is None:
            return ctx
        region = self.county()
        parts = self.parts_of(year, region)
        if region is not None:
            ctx.update(title=_("{county} · 均衡发展达标情况").format(county=region.name), region=region)
        in_county = {p.code for p in parts}
        codes = data.visible_codes(self.request.user) & in_county
        ctx.update(standing_context(parts, codes, self.standard, self.settings.unit_costs()),
                   bands=sorted((r for r in data.class_bands_for(year, self.request.user) if r["school"].code in codes),
                                key=lambda r: -r["large_share"]),
                   trend=self._trend(years, region))
        if year == years[0]:  # issue 15: this year's projects change the latest facts, not a past year's
            ctx["after_projects"] = after_projects_context(parts, codes, self.standard, region, timezone.localdate())
        return ctx

    def _trend(self, years, region=None):
        """Each level's worst single CV (优质均衡) and number of failing schools per school year, oldest first."""
        series, failing = {}, {}
        for y in reversed(years):
            result = evaluate(self.parts_of(y, region), QUALITY, self.standard)
            for level, res in result["levels"].items():
                worst = max(i["cv"] for i in res["indicators"].values())
                series.setdefault(level, []).append([y.start_year, round(worst, 3)])
                failing.setdefault(level, []).append([y.start_year, sum(not s["pass"] for s in res["schools"])])
        return {"series": series, "failing": failing, "lines": dict(self.standard.quality_cv)}


class ExportView(BalanceMixin, View):
    """The application-style tables of the chosen year as xlsx (school rows cut to the reader's scope)."""

    def get(self, request):
        year, _years = self.year()
        if year is None:
            raise Http404(_("还没有学校基本数据"))
        region = self.county()
        parts = self.parts_of(year, region)
        results = {QUALITY: evaluate(parts, QUALITY, self.standard), BASIC: evaluate(parts, BASIC, self.standard)}
        takes = county_additions(parts, self.standard, self.settings.unit_costs())
        region = region or Region.objects.order_by("code").first()  # a county instance on its own
        content = standing_workbook(results, region.name if region else "", str(year),
                                    data.visible_codes(request.user), takes=takes)
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f"attachment; filename=balance-{year.start_year}.xlsx"
        return response


class SettingsForm(ConcurrencyFormMixin, forms.ModelForm):
    """The settings, with one field per 2017 school line (stored as overrides of the national values)."""

    class Meta:
        model = BalanceSettings
        fields = (*COST_FIELDS, *PROFILE_FIELDS, *LINE_FIELDS)

    def __init__(self, *args, readonly=False, **kwargs):
        super().__init__(*args, **kwargs)
        national = national_school_lines()
        current = self.instance.lines()
        self.line_names = []
        for level, lines in national.items():
            for i, (indicator, value) in enumerate(lines.items()):
                name = f"line_{'p' if level == PRIMARY else 'j'}{i}"
                self.fields[name] = forms.DecimalField(
                    label=f"{level}：{indicator}（≥）", min_value=Decimal(0), max_digits=10, decimal_places=3,
                    required=False,
                    initial=Decimal(str(current[level][indicator])),
                    help_text=_("国家标准 {value}；留空即用国家标准").format(value=f"{value:g}"))
                self.line_names.append((name, level, indicator))
        for name, field in self.fields.items():
            field.disabled = readonly
            value = self.initial.get(name)
            if value is None:
                value = field.initial
            if isinstance(field, forms.DecimalField) and value is not None and value == int(value):
                self.initial[name] = int(value)  # 150000, not 150000.00
            elif isinstance(field, forms.DecimalField) and value is not None:
                self.initial[name] = Decimal(value).normalize()  # 0.5, not 0.500
        bootstrapify(self)

    def save(self, commit=True):
        national = national_school_lines()
        overrides: dict[str, dict[str, float]] = {}
        for name, level, indicator in self.line_names:
            value = self.cleaned_data.get(name)
            if value is not None and float(value) != national[level][indicator]:
                value = float(value)
                overrides.setdefault(level, {})[indicator] = value
        self.instance.school_lines = overrides
        return super().save(commit)


class SettingsView(BalanceMixin, TemplateView):
    """Unit costs and province profile: editable by users who write the balance module, read-only to others."""

    template_name = "balance/settings.html"

    def get_context_data(self, form=None, **kwargs):
        ctx = super().get_context_data(**kwargs)
        writable = can_write(self.request.user, BalanceSettings)
        form = form or SettingsForm(instance=self.settings, readonly=not writable)
        groups = [(_("单位成本（用于估算达标所需投入）"), [form[name] for name in COST_FIELDS]),
                  (_("省级口径（参与计算的学校与分摊规则）"), [form[name] for name in PROFILE_FIELDS]),
                  (_("评估标准（省定标准严于国家标准时修改）"), [form[name] for name in LINE_FIELDS]),
                  (_("学校指标标准（优质均衡，每所学校）"), [form[name] for name, _l, _i in form.line_names])]
        ctx.update(title=_("均衡发展设置"), writable=writable, saved=self.settings, form=form, groups=groups)
        return ctx

    def post(self, request):
        if not can_write(request.user, BalanceSettings):
            raise PermissionDenied(_("您没有修改均衡发展设置的权限"))
        form = SettingsForm(request.POST, instance=self.settings)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        save_settings(request, form)  # issue 18: refused when someone saved the settings since this form was read
        messages.success(request, _("设置已保存，达标情况和所需投入按新设置重新计算。"))
        return redirect("balance:settings")


class FileForm(forms.Form):
    file = forms.FileField(label=_("学校数据文件（xlsx 或 csv）"),
                           help_text=_("每行一所学校的一个学段，表头与模板一致；只用于核算，不写入系统"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.csv"
        bootstrapify(self)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload, "balance")  # issue 18: a sparse xlsx or a 53 MB csv is refused before reading
        return upload


class FileCheckView(BalanceMixin, TemplateView):
    """用文件核算: the same standing, matrix and what it takes for an uploaded file, nothing written."""

    template_name = "balance/standing.html"

    def get(self, request):
        return redirect("balance:standing")

    def post(self, request):
        form = FileForm(request.POST, request.FILES)
        ctx = {"title": _("用文件核算"), "upload": form, "from_file": True}
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                parts = read_parts(upload.read(), upload.name)
            except (BalanceFileError, ReadError) as exc:
                form.add_error("file", str(exc))
            else:
                ctx.update(standing_context(parts, {p.code for p in parts}, self.standard,
                                            self.settings.unit_costs()), filename=upload.name)
        status = 200 if form.is_valid() else 400
        return self.render_to_response(self.get_context_data(**ctx), status=status)


class TemplateDownloadView(LoginRequiredMixin, View):
    """The file template: the CLI's headers (with units), and a 填写说明 sheet."""

    def get(self, request):
        response = HttpResponse(template_workbook(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = "attachment; filename=balance-template.xlsx"
        return response
