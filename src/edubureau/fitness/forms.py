from django import forms
from django.utils.translation import gettext_lazy as _

from edubureau.core.forms import bootstrapify
from edubureau.core.picklist import use_pick_list
from edubureau.org.models import School


class UploadForm(forms.Form):
    """The national template of one school and 学年: a school administrator's own school is the only choice."""

    school = forms.ModelChoiceField(label=_("学校"), queryset=School.objects.none())
    year = forms.IntegerField(label=_("学年（开始年份）"), min_value=2000, max_value=2100,
                              help_text=_("如2026表示2026—2027学年"))
    file = forms.FileField(label=_("测试数据文件"), help_text=_("xlsx、xls或csv，保留国家上报模板的原表头"))

    def __init__(self, *args, schools, year=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        if schools.count() == 1:
            self.fields["school"].initial = schools.first()
        else:
            use_pick_list(self.fields["school"])
        if year:
            self.fields["year"].initial = year
        bootstrapify(self)
