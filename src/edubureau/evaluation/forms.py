"""Forms of the evaluation pages: scheme head, indicator editor, category weights, score entry, import, appeals."""

from __future__ import annotations

import json

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from edubureau.core.concurrency import ConcurrencyFormMixin
from edubureau.core.forms import bootstrapify, restrict_choices
from edubureau.core.uploads import check_upload
from edubureau.org.choices import Locality, SchoolKind

from . import engine
from .models import Bundle, Category, Indicator, Scheme


class SchemeCreateForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("方案名称"), max_length=200, required=False,
                            help_text=_("留空则为“某某年度学校综合考核”"))
    start_from = forms.ChoiceField(label=_("从何开始"), choices=(), initial="template")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        choices = [("template", _("方案模板（常规考核、校园文化、办学成效、自主发展；城区小学、农村小学、初中）"))]
        choices += [(str(s.pk), _("复制：{title}").format(title=s.title))
                    for s in Scheme.objects.visible_to(user)[:20]]
        self.fields["start_from"].choices = choices


class SchemeForm(ConcurrencyFormMixin, forms.ModelForm):
    grade_bands = forms.CharField(
        label=_("等次"), widget=forms.TextInput,
        help_text=_("按分数线：优秀 90，良好 80，合格 60；按比例：优秀 0.2，良好 0.3（逗号分隔）"))

    class Meta:
        model = Scheme
        fields = ["year", "title", "total", "weighting", "grade_mode", "grade_bands", "grade_rest", "grade_lowest",
                  "grade_pass_line", "appeal_until", "note"]
        widgets = {"appeal_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance and self.instance.grade_bands:
            self.initial["grade_bands"] = "，".join(f"{n} {engine.scheme._num(float(v))}"
                                                   for n, v in self.instance.grade_bands)

    def clean_grade_bands(self):
        text = self.cleaned_data["grade_bands"].replace("，", ",").replace("、", ",")
        bands = []
        for part in filter(None, (p.strip() for p in text.split(","))):
            name, _sep, value = part.rpartition(" ")
            try:
                bands.append([name.strip(), float(value)])
            except ValueError:
                raise forms.ValidationError(_("“{part}”应为“等次 分数线”，如“优秀 90”").format(part=part)) from None
            if not name.strip():
                raise forms.ValidationError(_("“{part}”缺少等次名称").format(part=part))
        if not bands:
            raise forms.ValidationError(_("请至少填写一个等次"))
        return bands


class JSONListField(forms.CharField):
    """A JSON list typed as text (换算参数: ``[0.6, 1]`` or ``[[60, 4], [80, 7]]``)."""

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return json.dumps(value, ensure_ascii=False)
        return value

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return []
        try:
            data = json.loads(value.replace("，", ","))
        except json.JSONDecodeError:
            raise forms.ValidationError(_("请按示例填写，如 [0.6, 1] 或 [[60, 4], [80, 7]]")) from None
        if not isinstance(data, list):
            raise forms.ValidationError(_("应为方括号括起的列表"))
        return data


class IndicatorForm(ConcurrencyFormMixin, forms.ModelForm):
    mapping_params = JSONListField(label=_("换算参数"), required=False,
                                   help_text=_("线性：[0.6, 1]（0.6得0分，1得满分）；分档：[[60, 4], [80, 7]]；"
                                               "排名：[] 或 [10, 8, 6]"))
    figure = forms.ChoiceField(label=_("数据项"), required=False)

    class Meta:
        model = Indicator
        fields = ["parent", "code", "title", "kind", "source", "max_score", "weight", "figure", "mapping_kind",
                  "mapping_params", "lower_is_better", "aggregate", "when_missing", "cap", "veto_at", "note"]

    def __init__(self, *args, scheme: Scheme, **kwargs):
        super().__init__(*args, **kwargs)
        self.scheme = scheme
        self.instance.scheme = scheme
        nodes = scheme.indicators.all()
        if self.instance.pk:
            below = _descendants(self.instance)
            nodes = nodes.exclude(pk__in=below | {self.instance.pk})
        self.fields["parent"].queryset = nodes
        self.fields["parent"].empty_label = _("（顶层）")
        figures = [("", "—")] + [(k, f"{v}（{k}）") for k, v in engine.KNOWN_FIGURES.items()]
        if self.instance.figure and self.instance.figure not in engine.KNOWN_FIGURES:
            figures.append((self.instance.figure, self.instance.figure))
        self.fields["figure"].choices = figures
        for name in ("max_score", "weight", "cap", "veto_at"):
            self.fields[name].widget.attrs["step"] = "any"
        # Older clients (and the API's scripts) post no choice: a missing value then scores 0, as it always did.
        self.fields["when_missing"].required = False

    def clean_when_missing(self):
        return self.cleaned_data.get("when_missing") or Indicator.WhenMissing.ZERO

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        clash = self.scheme.indicators.filter(code=code).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("编号 {code} 已被“{title}”使用").format(code=code, title=clash[0].title))
        return code

    def clean(self):
        data = super().clean()
        kind = data.get("mapping_kind")
        params = data.get("mapping_params") or []
        if kind:
            problems = engine.scheme._mapping_problems(
                engine.Mapping(kind, tuple(tuple(p) if isinstance(p, list) else p for p in params)))
            for p in problems:
                self.add_error("mapping_params", p)
        if data.get("source") == Indicator.Source.COMPUTED and not data.get("figure"):
            self.add_error("figure", _("由业务数据计算的指标须选择数据项"))
        weight = data.get("weight")
        if weight is not None and weight < 0:
            self.add_error("weight", _("权重不能为负数"))
        max_score = data.get("max_score")
        if max_score is not None and max_score <= 0:
            self.add_error("max_score", _("满分应大于0"))
        return data


def _descendants(node: Indicator) -> set[int]:
    out: set[int] = set()
    frontier = [node.pk]
    while frontier:
        frontier = list(Indicator.objects.filter(parent__in=frontier).values_list("pk", flat=True))
        out.update(frontier)
    return out


class CategoryForm(ConcurrencyFormMixin, forms.ModelForm):
    """A category: which schools it takes, and its own weights (one field per normal node; blank = the default)."""

    school_kinds = forms.MultipleChoiceField(label=_("办学类型"), choices=SchoolKind.choices, required=False,
                                             widget=forms.CheckboxSelectMultiple)
    localities = forms.MultipleChoiceField(label=_("城乡分类"), choices=Locality.choices, required=False,
                                           widget=forms.CheckboxSelectMultiple, help_text=_("不选为不限"))

    class Meta:
        model = Category
        fields = ["key", "title", "school_kinds", "localities", "schools"]
        widgets = {"schools": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args, scheme: Scheme, user, **kwargs):
        super().__init__(*args, **kwargs)
        restrict_choices(self, user)
        self.scheme = scheme
        self.instance.scheme = scheme
        self.nodes = list(scheme.indicators.filter(kind=Indicator.Kind.NORMAL))
        weights = self.instance.weights or {}
        for n in self.nodes:
            self.fields[f"w_{n.code}"] = forms.FloatField(
                label=f"{n.code} {n.title}", required=False, min_value=0, initial=weights.get(n.code),
                widget=forms.NumberInput(attrs={"step": "any", "placeholder": engine.scheme._num(float(n.weight))}),
            )

    def weight_fields(self):
        return [self[f"w_{n.code}"] for n in self.nodes]

    def clean_key(self):
        key = self.cleaned_data["key"]
        if self.scheme.categories.filter(key=key).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("标识 {key} 已被使用").format(key=key))
        return key

    def save(self, commit=True):
        self.instance.weights = {n.code: self.cleaned_data[f"w_{n.code}"] for n in self.nodes
                                 if self.cleaned_data.get(f"w_{n.code}") is not None}
        return super().save(commit)


class ThirdPartyUploadForm(forms.Form):
    file = forms.FileField(label=_("第三方评价工作簿"), help_text=_("xlsx：学校标识码、学校名称，其后每个指标一列"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload, "evaluation")  # issue 18: size and used range checked before the workbook is read
        return upload


class ManualFigureForm(forms.Form):
    school = forms.ModelChoiceField(label=_("学校"), queryset=None)
    key = forms.ChoiceField(label=_("数据项"), choices=())
    value = forms.FloatField(label=_("数值"))
    source = forms.CharField(label=_("说明"), max_length=300, required=False,
                             help_text=_("如：2026年5月12日校车事故，县安委会认定为重大安全责任事故"))

    def __init__(self, *args, schools, keys, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["key"].choices = [(k, f"{engine.KNOWN_FIGURES.get(k, k)}") for k in keys]


class PublishForm(forms.Form):
    final = forms.BooleanField(label=_("最终结果（申诉处理完毕）"), required=False)
    note = forms.CharField(label=_("发布说明"), max_length=300, required=False)


class AppealForm(forms.Form):
    indicator = forms.ModelChoiceField(label=_("申诉指标"), queryset=None)
    reason = forms.CharField(label=_("申诉理由"), widget=forms.Textarea(attrs={"rows": 4}))
    evidence = forms.FileField(label=_("佐证材料"), required=False)

    def __init__(self, *args, scheme: Scheme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = scheme.indicators.filter(children__isnull=True)
        bootstrapify(self)  # the same fields as every other form (issue 17)


class DecisionForm(forms.Form):
    decided_score = forms.FloatField(label=_("复核后得分"), required=False, min_value=0,
                                     help_text=_("认定学校申诉成立时填写该项应得的评分（或第三方数值）；留空为维持原分"))


class BundleForm(ConcurrencyFormMixin, forms.ModelForm):
    """捆绑式考核: from an education group or a pairing of the registry (lead and members filled from it), or by
    naming the lead school and its members."""

    class Meta:
        model = Bundle
        fields = ["group", "pairing", "title", "lead", "members", "share", "full_at"]
        widgets = {"members": forms.SelectMultiple(attrs={"size": 6})}
        help_texts = {
            "group": _("选择教育集团时，牵头学校和成员学校按集团填写"),
            "pairing": _("选择结对帮扶时，帮扶学校为牵头学校、受援学校为成员"),
            "share": _("牵头学校总分中来自成员学校进步的比例，如0.2"),
            "full_at": _("成员学校平均比上年进步达到此分数时，捆绑部分得满分"),
        }

    def __init__(self, *args, scheme: Scheme, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.scheme = scheme
        self.instance.scheme = scheme
        for name in ("lead", "members"):
            self.fields[name].required = False
        restrict_choices(self, user)

    def clean(self):
        data = super().clean()
        group, pairing = data.get("group"), data.get("pairing")
        if group is not None:
            data["lead"] = data.get("lead") or group.lead_school
            if not data.get("members"):
                data["members"] = list(group.members.exclude(pk=group.lead_school_id))
            data["title"] = data.get("title") or group.name
        elif pairing is not None:
            data["lead"] = data.get("lead") or pairing.strong_school
            if not data.get("members"):
                data["members"] = [pairing.supported_school]
            data["title"] = data.get("title") or str(pairing)
        lead, members = data.get("lead"), list(data.get("members") or [])
        if lead is None:
            self.add_error("lead", _("请选择牵头学校，或选择教育集团、结对帮扶"))
        if not members:
            self.add_error("members", _("请至少选择一所成员学校"))
        if lead is not None and lead in members:
            self.add_error("members", _("成员学校不能包括牵头学校自己"))
        if lead is not None and self.scheme.bundles.filter(lead=lead).exclude(pk=self.instance.pk).exists():
            self.add_error("lead", _("{school}已牵头本方案的另一个捆绑考核").format(school=lead.name))
        share = data.get("share")
        if share is not None and not 0 < share < 1:
            self.add_error("share", _("比例应在0和1之间"))
        full_at = data.get("full_at")
        if full_at is not None and full_at <= 0:
            self.add_error("full_at", _("应大于0"))
        self.instance.lead = lead
        return data
