"""Edit forms of the 建设项目 registers (the generic registry pages use them), and the stage photo upload."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from edubureau.core.forms import BaseModelForm, DateInput, bootstrapify

from .models import Payment, Project, Stage, StagePhoto

__all__ = ["PaymentForm", "ProjectForm", "StageForm", "StagePhotoForm"]

MAX_PHOTOS = 20  # per upload: a stage's photos are a handful, not an album


class ProjectForm(BaseModelForm):
    class Meta:
        model = Project
        fields = ["number", "name", "school", "region", "kind", "level", "area", "classrooms", "seats", "streams",
                  "budget_central", "budget_province", "budget_city", "budget_county", "budget_self", "note"]


class StageForm(BaseModelForm):
    class Meta:
        model = Stage
        fields = ["project", "step", "planned", "actual", "note"]


class PaymentForm(BaseModelForm):
    class Meta:
        model = Payment
        fields = ["project", "paid_on", "amount", "source", "note"]


class _PhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class _PhotosField(forms.FileField):
    """One or more files, each cleaned as a ``FileField`` (empty, too long a name …)."""

    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else ([data] if data else [])
        if not items:
            return super().clean(None, initial)  # "required"
        single = super().clean
        return [single(item, initial) for item in items]


class StagePhotoForm(forms.Form):
    """Photos of one stage with a caption and the day they were taken; every file is checked before any is stored
    (the shared ``validate_upload`` caps, then ``validate_photo`` on the bytes), so one bad file stores none."""

    photos = _PhotosField(label=_("照片"), help_text=_("可多选；JPG、PNG、GIF 或 WebP 图片"),
                          widget=_PhotoInput(attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}))
    caption = forms.CharField(label=_("说明"), max_length=100, required=False)
    taken_on = forms.DateField(label=_("拍摄日期"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["taken_on"].initial = timezone.localdate()
        bootstrapify(self)

    def clean_photos(self):
        files = self.cleaned_data["photos"]
        if len(files) > MAX_PHOTOS:
            raise ValidationError(_("一次最多上传{count}张照片。").format(count=MAX_PHOTOS))
        field = StagePhoto._meta.get_field("file")
        errors = []
        for upload in files:
            for validator in field.validators:
                try:
                    validator(upload)
                except ValidationError as exc:
                    errors.extend(exc.messages)
                    break
        if errors:
            raise ValidationError(errors)
        return files

    def clean_taken_on(self):
        day = self.cleaned_data["taken_on"]
        if day and day > timezone.localdate():
            raise ValidationError(_("拍摄日期不能晚于今天"))
        return day
