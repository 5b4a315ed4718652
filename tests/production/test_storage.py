"""Issue 16: uploads go through Django's storage API only, so several app servers can share one store."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage

from edubureau.ops.storage import default_storage_from_env, local_copy

SRC = Path(__file__).resolve().parents[2] / "src" / "edubureau"


def test_no_code_asks_a_store_for_a_filesystem_path():
    # storage.path() exists for a folder only; a bucket raises NotImplementedError. MEDIA_ROOT is settings' business.
    offenders = []
    for source in SRC.rglob("*.py"):
        if "migrations" in source.parts or source.name == "settings.py":
            continue
        text = source.read_text(encoding="utf-8")
        if re.search(r"storage\.path\(\w|\.file\.path\b|settings\.MEDIA_ROOT", text):
            offenders.append(str(source.relative_to(SRC)))
    assert offenders == []


def test_local_copy_reads_through_the_storage_and_cleans_up():
    storage = InMemoryStorage()  # no path() at all, like a bucket
    name = storage.save("exams/1/成绩.XLSX", ContentFile(b"scores"))
    with local_copy(name, storage) as path:
        assert path.suffix == ".xlsx" and path.read_bytes() == b"scores"
    assert not path.exists()


def test_storage_setting_defaults_to_a_folder_and_refuses_unknown_stores():
    assert default_storage_from_env({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    with pytest.raises(ImproperlyConfigured, match="unknown store"):
        default_storage_from_env({"EDUBUREAU_STORAGE": "ftp"})


def test_s3_store_needs_the_optional_package_and_a_bucket(monkeypatch):
    import importlib.util

    # The settings only name the package's backend: pretend it is installed (it is optional and not in the lock).
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: object())
    with pytest.raises(ImproperlyConfigured, match="S3_BUCKET"):
        default_storage_from_env({"EDUBUREAU_STORAGE": "s3"})
    entry = default_storage_from_env({"EDUBUREAU_STORAGE": "s3", "S3_BUCKET": "edu",
                                      "S3_ENDPOINT_URL": "http://127.0.0.1:9000"})
    assert entry["BACKEND"] == "storages.backends.s3.S3Storage"
    assert entry["OPTIONS"]["bucket_name"] == "edu" and entry["OPTIONS"]["file_overwrite"] is False


def test_s3_store_without_the_package_says_how_to_install_it(monkeypatch):
    import importlib.util

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ImproperlyConfigured, match="django-storages"):
        default_storage_from_env({"EDUBUREAU_STORAGE": "s3", "S3_BUCKET": "edu"})
