"""Django validators wrapping the pure checks, so forms, imports and the API refuse the same input."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from . import idcard


def validate_id_number(value: str) -> None:
    try:
        idcard.validate(value)
    except idcard.IdCardError as exc:
        raise ValidationError(str(exc), code="id_number") from None


validate_school_code = RegexValidator(r"^\d{10}$", _("学校标识码应为10位数字"), code="school_code")
