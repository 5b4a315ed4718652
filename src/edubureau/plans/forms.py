"""Forms of the plan import: upload a document, then confirm the parsed preview."""

from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD = 10 * 1024 * 1024
SUFFIXES = (".txt", ".docx", ".pdf")


class PlanUploadForm(forms.Form):
    file = forms.FileField(label=_("计划文档"), help_text=_("支持 .txt、.docx、.pdf，不超过 10 MB"))
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    issuing_body = forms.CharField(label=_("印发单位"), max_length=100, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in SUFFIXES:
            raise forms.ValidationError(_("不支持的文件格式（支持 .txt、.docx、.pdf）"))
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("文件超过 10 MB"))
        return upload


class PlanConfirmForm(forms.Form):
    title = forms.CharField(label=_("计划名称"), max_length=200)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    issuing_body = forms.CharField(label=_("印发单位"), max_length=100, required=False)
    source_name = forms.CharField(max_length=255, required=False, widget=forms.HiddenInput)
    source_text = forms.CharField(widget=forms.HiddenInput, max_length=2_000_000, strip=False)
