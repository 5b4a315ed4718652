"""Django validators wrapping the pure checks, so forms, imports and the API refuse the same input."""

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, RegexValidator
from django.utils.translation import gettext_lazy as _

from . import idcard
from .io.filecheck import human_size


def validate_id_number(value: str) -> None:
    try:
        idcard.validate(value)
    except idcard.IdCardError as exc:
        raise ValidationError(str(exc), code="id_number") from None


validate_school_code = RegexValidator(r"^\d{10}$", _("学校标识码应为10位数字"), code="school_code")


# Evidence and attachments: photos, scans and office documents a school would send; nothing executable.
UPLOAD_EXTENSIONS = ("jpg", "jpeg", "png", "gif", "webp", "heic", "pdf", "doc", "docx", "xls", "xlsx", "txt")


def validate_upload(file) -> None:
    """Refuse an attachment of the wrong kind or over the attachment cap (``UPLOAD_LIMITS``), naming the file."""
    from .uploads import limits_for  # settings are read when a file is checked, so tests may change them

    FileExtensionValidator(UPLOAD_EXTENSIONS, message=_(
        "文件“%(value)s”的类型不受支持，可上传图片、PDF、Word、Excel 或文本文件。"
    ))(file)
    cap = limits_for("attachment").max_bytes
    if cap is not None and file.size is not None and file.size > cap:
        raise ValidationError(
            _("文件“%(name)s”超过%(limit)s。"),
            params={"name": getattr(file, "name", ""), "limit": human_size(cap)}, code="file_size",
        )
