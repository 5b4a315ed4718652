"""The upload guard: one place that knows how big each kind of uploaded file may be, and refuses it early.

Issue 18: a 5.5 KB xlsx whose only cells are A1 and XFD1048576 aborted the server from 用文件核算 and
the registry import's dry run, and 用文件核算 took a 53 MB csv. Every upload now passes
:func:`check_upload` in its form (before a job, a stored file or a reader exists), and the readers
check again with :func:`limits_for` so the command line and background jobs are covered too.

Caps come from ``settings.UPLOAD_LIMITS`` (one entry per kind); the shape checks themselves are pure,
in :mod:`edubureau.core.io.filecheck`, so engines can use them.
"""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .io.filecheck import FileLimits, FileRefused, check_pdf, check_size, check_workbook, check_zip

__all__ = ["UploadRefused", "check_upload", "limits_for", "refusal_message"]

WORKBOOK_KINDS = {"registry", "balance", "exam", "evaluation"}


class UploadRefused(ValidationError):
    """An upload over its kind's caps; the message names the cap."""


def limits_for(kind: str) -> FileLimits:
    """The caps of ``kind`` (registry, balance, exam, evaluation, plan, attachment)."""
    return FileLimits(**settings.UPLOAD_LIMITS[kind])


def refusal_message(exc: FileRefused) -> str:
    """The translated message of a refusal from the pure checks."""
    return _(exc.template).format(**exc.params)


def _content(upload) -> bytes:
    upload.seek(0)
    content = upload.read()
    upload.seek(0)  # the form's caller reads the file again
    return content


def check_upload(upload, kind: str) -> None:
    """Refuse ``upload`` (an UploadedFile) if it breaks a cap of ``kind``; the size is checked before any read.

    Workbooks (.xlsx, .xlsm, .ods) are inflated part by part and their used range measured; a .docx is
    inflated against its cap; a .pdf's pages are counted.

    Raises:
        UploadRefused: with a Chinese message naming the limit.
    """
    limits = limits_for(kind)
    suffix = Path(upload.name or "").suffix.lower()
    if not upload.size:  # views that take request.FILES directly meet an empty file here first
        raise UploadRefused(forms.FileField.default_error_messages["empty"], code="empty")
    try:
        check_size(upload.size or 0, limits)
        if kind in WORKBOOK_KINDS:
            check_workbook(_content(upload), suffix, limits)
        elif suffix == ".docx":
            check_zip(_content(upload), suffix, limits)
        elif suffix == ".pdf":
            upload.seek(0)
            check_pdf(upload, limits)
    except FileRefused as exc:
        upload.seek(0)
        raise UploadRefused(refusal_message(exc), code="upload_limit") from None

