"""Uploaded files (evidence, visit photos, report attachments, import workbooks), served through one view.

Issue 18: uploads were not served at all (the templates linked to ``FileField.url`` with no MEDIA_URL behind it,
so every link answered 404). They are not served as static media either: a file is read through the record that
owns it, so it is "not found" to anyone outside that record's scope. The view reads Django's storage API, never a
path on disk, and answers as an attachment; only real images of a safe kind are shown inline.

Templates link with ``{% load files %}<a href="{{ evidence|file_url }}">``.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

__all__ = ["SERVED_FILES", "ServedFile", "file_url", "image_type", "serve_file"]


@dataclass(frozen=True)
class ServedFile:
    """One file field that may be downloaded, and how the records a user may read are found."""

    model: str  # "app_label.ModelName"
    field: str
    name_attr: str | None = None  # the file's name as uploaded; default: the stored file's base name
    # "scope": ``visible_to`` of the model; "followup": the follow-up the evidence belongs to; "owner": the user
    # who uploaded it, no one else (import workbooks hold whole registries).
    rule: str = "scope"


# Every file field a page may link to. Models are named, not imported: core does not import the apps.
SERVED_FILES = {
    ("core", "followupevidence", "file"): ServedFile("core.FollowUpEvidence", "file", "name", rule="followup"),
    ("core", "importjob", "file"): ServedFile("core.ImportJob", "file", "filename", rule="owner"),
    ("inspection", "visitphoto", "file"): ServedFile("inspection.VisitPhoto", "file"),
    ("plans", "reportattachment", "file"): ServedFile("plans.ReportAttachment", "file", "name"),
    ("projects", "stagephoto", "file"): ServedFile("projects.StagePhoto", "file"),  # issue 15: photos per stage
    ("safety", "hazard", "photo"): ServedFile("safety.Hazard", "photo"),  # issue 15: a hazard's photo
    ("safety", "drill", "photo"): ServedFile("safety.Drill", "photo"),  # issue 15: a drill's photo
    ("welfare", "rollchange", "document"): ServedFile("welfare.RollChange", "document"),
}

# Shown in the browser only when the bytes are really such an image (a renamed HTML page is not).
INLINE_IMAGES = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    "image/webp": (b"RIFF",),  # followed by the size and "WEBP", checked below
}


def _readable_rows(served: ServedFile, user):
    model = apps.get_model(served.model)
    if served.rule == "owner":
        return model._default_manager.filter(user=user) if user.is_authenticated else model._default_manager.none()
    if served.rule == "followup":
        from .followup_models import FollowUp

        return model._default_manager.filter(event__followup__in=FollowUp.objects.visible_to(user).values("pk"))
    return model._default_manager.visible_to(user)


def _image_type(head: bytes) -> str | None:
    """The inline image type of a file starting with ``head``, or None."""
    for content_type, signatures in INLINE_IMAGES.items():
        if any(head.startswith(signature) for signature in signatures):
            if content_type == "image/webp" and head[8:12] != b"WEBP":
                continue
            return content_type
    return None


image_type = _image_type  # public: an app that accepts only photos checks them with the rule that shows them (issue 15)


@require_GET
@login_required
def serve_file(request, app: str, model: str, pk: int, field: str):
    """Stream one uploaded file of a record the user may read; 404 for anything else.

    Images (png, jpeg, gif, webp, checked on their first bytes) are shown inline; every other file is a download.
    The answer is private to the browser (``Cache-Control: private``) and never sniffed into another type.
    """
    served = SERVED_FILES.get((app, model, field))
    if served is None:
        raise Http404(_("没有这个文件。"))
    record = get_object_or_404(_readable_rows(served, request.user), pk=pk)
    stored = getattr(record, served.field)
    if not stored:
        raise Http404(_("该记录没有上传文件。"))
    try:
        handle = stored.storage.open(stored.name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404(_("文件已不存在。")) from None
    head = handle.read(16)
    handle.seek(0)
    filename = (getattr(record, served.name_attr, "") if served.name_attr else "") or PurePosixPath(stored.name).name
    image_type = _image_type(head)
    if image_type is not None:
        response = FileResponse(handle, as_attachment=False, filename=filename, content_type=image_type)
    else:
        # A file named like an image but not one (or any markup) is plain bytes to the browser.
        guessed = mimetypes.guess_type(filename)[0] or ""
        kept = guessed and not guessed.startswith(("image/", "text/html", "application/xhtml", "image/svg"))
        response = FileResponse(handle, as_attachment=True, filename=filename,
                                content_type=guessed if kept else "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True)
    return response


def file_url(record, field: str = "file") -> str:
    """The address of ``record``'s file in ``field`` (the one view above), or "" when it has none."""
    if record is None or not getattr(record, field, None):
        return ""
    meta = record._meta
    if (meta.app_label, meta.model_name, field) not in SERVED_FILES:
        return ""
    return reverse("core:file", args=[meta.app_label, meta.model_name, record.pk, field])
