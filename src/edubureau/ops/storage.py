"""Uploaded files through Django's storage API only, so that several app servers can share one store (issue 16).

The default store is a folder (``MEDIA_ROOT`` under ``EDUBUREAU_VAR``); ``EDUBUREAU_STORAGE=s3`` puts uploads in an
S3-compatible bucket instead (MinIO, a cloud's object store) via the optional ``django-storages`` package. Code
never asks a store for a filesystem path (``storage.path()`` exists only for folders): readers that need a real
file, such as the exam readers (calamine opens a path), get a temporary local copy from :func:`local_copy`.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from django.core.files.storage import Storage

__all__ = ["default_storage_from_env", "local_copy"]


@contextmanager
def local_copy(name: str, storage: Storage | None = None) -> Iterator[Path]:
    """A temporary local file holding the stored file ``name`` (same suffix), removed on exit.

    Args:
        name: the name the storage gave the file (``storage.save()``'s answer).
        storage: the store; ``default_storage`` when omitted.

    Returns:
        A context manager yielding the copy's path.
    """
    if storage is None:
        from django.core.files.storage import default_storage as storage  # not at import: settings import this module
    handle, temporary = tempfile.mkstemp(prefix="edubureau-", suffix=Path(name).suffix.lower())
    try:
        with os.fdopen(handle, "wb") as target, storage.open(name, "rb") as source:
            shutil.copyfileobj(source, target, length=1024 * 1024)
        yield Path(temporary)
    finally:
        Path(temporary).unlink(missing_ok=True)


def default_storage_from_env(environ: Mapping[str, str]) -> dict:
    """The ``STORAGES["default"]`` entry chosen by ``EDUBUREAU_STORAGE``: ``file`` (default) or ``s3``.

    ``s3`` reads ``S3_BUCKET`` (required), ``S3_ENDPOINT_URL`` (MinIO or another S3-compatible server),
    ``S3_REGION``, ``S3_PREFIX`` (a folder inside the bucket) and the credentials ``AWS_ACCESS_KEY_ID`` /
    ``AWS_SECRET_ACCESS_KEY`` (read by boto3 itself). Files are private: links are signed and expire.

    >>> default_storage_from_env({})["BACKEND"]
    'django.core.files.storage.FileSystemStorage'
    """
    kind = environ.get("EDUBUREAU_STORAGE", "file").strip().lower() or "file"
    if kind == "file":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}  # at MEDIA_ROOT, as tests override it
    if kind != "s3":
        raise ImproperlyConfigured(f"EDUBUREAU_STORAGE: unknown store {kind!r} (file or s3)")
    if importlib.util.find_spec("storages") is None or importlib.util.find_spec("boto3") is None:
        raise ImproperlyConfigured('EDUBUREAU_STORAGE=s3 needs django-storages: pip install "django-storages[s3]"')
    if not environ.get("S3_BUCKET"):
        raise ImproperlyConfigured("EDUBUREAU_STORAGE=s3 needs S3_BUCKET")
    options = {
        "bucket_name": environ["S3_BUCKET"],
        "endpoint_url": environ.get("S3_ENDPOINT_URL") or None,
        "region_name": environ.get("S3_REGION") or None,
        "location": environ.get("S3_PREFIX", ""),
        "default_acl": None,  # the bucket's own policy: private
        "querystring_auth": True,  # core.files serves through the app anyway; never a public URL
        "file_overwrite": False,  # two uploads of "成绩.xlsx" keep both, as the folder store does
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {k: v for k, v in options.items() if v is not None}}
