"""Edit forms of the enrolment registers and pages (the generic registry pages use the model forms)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from edubureau.core.forms import BaseModelForm

from .models import (
    Application,
    BirthCount,
    IntakeCount,
    Level,
    PropertyUse,
    ResidentialUnit,
    SeatChange,
    SeatPlan,
    UnitZone,
)

__all__ = ["AppealDecisionForm", "ApplicationForm", "BirthCountForm", "DecisionForm", "IntakeCountForm",
           "PropertyUseForm", "ResidentialUnitForm", "SeatChangeForm", "SeatPlanForm", "SeedForm", "UnitZoneForm",
           "ZoningForm"]

DOCUMENTS = ("户口簿", "不动产权证", "居住证", "社保缴费证明", "房屋租赁备案", "出生医学证明", "预防接种证")


class ResidentialUnitForm(BaseModelForm):
    class Meta:
        model = ResidentialUnit
        fields = ["code", "name", "kind", "township", "keywords", "longitude", "latitude", "households",
                  "surveyed_primary", "surveyed_junior", "new_dwellings", "dwellings_ready"]


class UnitZoneForm(BaseModelForm):
    class Meta:
        model = UnitZone
        fields = ["year", "level", "unit", "schools"]


class BirthCountForm(BaseModelForm):
    class Meta:
        model = BirthCount
        fields = ["township", "year", "births"]


class IntakeCountForm(BaseModelForm):
    class Meta:
        model = IntakeCount
        fields = ["school", "level", "year", "pupils"]


class SeatPlanForm(BaseModelForm):
    class Meta:
        model = SeatPlan
        fields = ["school", "level", "classes", "class_size"]


class SeatChangeForm(BaseModelForm):
    class Meta:
        model = SeatChange
        fields = ["school", "level", "year", "classes", "source"]


class PropertyUseForm(BaseModelForm):
    class Meta:
        model = PropertyUse
        fields = ["certificate", "level", "year", "child_id", "guardian_ids", "application"]


class ApplicationForm(BaseModelForm):
    documents = forms.MultipleChoiceField(label=_("已交材料"), required=False, choices=[(d, d) for d in DOCUMENTS],
                                          widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Application
        fields = ["year", "level", "number", "child_name", "child_id", "sex", "school", "hukou_unit",
                  "hukou_address", "guardian_name", "guardian_id", "guardian_phone", "guardian2_id",
                  "property_certificate", "property_address", "property_owner_id", "property_purchased",
                  "property_unit", "residence_permit_start", "insurance_months", "documents", "special_needs",
                  "sibling_of"]


class DecisionForm(forms.Form):
    """A clerk's decision on a flagged application."""

    decision = forms.ChoiceField(label=_("审核结论"), widget=forms.RadioSelect, choices=[
        ("accept", _("核实后通过（发现的问题不成立或已补正）")), ("refuse", _("不符合条件"))])
    category = forms.ChoiceField(label=_("类别"), required=False,
                                 choices=[("", _("按审核结果")), ("一类", "一类"), ("二类", "二类"), ("三类", "三类")])
    note = forms.CharField(label=_("审核意见"), max_length=200, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("告知家长的理由；申诉时以此为据"))


class AppealDecisionForm(forms.Form):
    """The answer to a parent's 申诉."""

    upheld = forms.ChoiceField(label=_("答复结论"), widget=forms.RadioSelect, choices=[
        ("yes", _("申诉成立（改为审核通过或重新统筹安排）")), ("no", _("维持原结论"))])
    category = forms.ChoiceField(label=_("类别（申诉成立时）"), required=False,
                                 choices=[("", _("按原类别")), ("一类", "一类"), ("二类", "二类"), ("三类", "三类")])
    note = forms.CharField(label=_("答复意见"), max_length=200, widget=forms.Textarea(attrs={"rows": 2}))


class SeedForm(forms.Form):
    """Publish a lottery's seed before the draw."""

    seed = forms.CharField(label=_("种子"), max_length=64,
                           help_text=_("公布后不能更改。可用公证处现场抽取的数字，或某日公开的开奖号码"))
    source = forms.CharField(label=_("种子来源"), max_length=100)
    seats = forms.IntegerField(label=_("学位数"), min_value=0, max_value=2000)


class ZoningForm(forms.Form):
    """The weights of a zoning proposal."""

    level = forms.ChoiceField(label=_("学段"), choices=Level.choices)
    travel_weight = forms.DecimalField(label=_("路程权重（每人每公里）"), min_value=0, max_value=100, initial=1,
                                       decimal_places=2)
    change_weight = forms.DecimalField(label=_("稳定权重（每名改变学校的学生）"), min_value=0, max_value=100,
                                       initial=2, decimal_places=2,
                                       help_text=_("越大，越少家庭改变对口学校（片区保持稳定）"))
    max_km = forms.DecimalField(label=_("最远距离（公里，可空）"), min_value=0.5, max_value=100, required=False,
                                decimal_places=1)
