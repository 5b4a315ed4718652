"""Issue 16: ``edubureau backup`` → ``restore`` on a fresh machine gives back every row and every uploaded file.

Each step runs as its own ``edubureau`` process, as an operator would: the source and the fresh target have their
own ``EDUBUREAU_VAR`` (SQLite file and media folder) or, on PostgreSQL, their own new databases.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.db import connection

from edubureau.ops import backup

ROOT = Path(__file__).resolve().parents[2]
UPLOAD_NAME = "followups/2026/12/整改佐证.pdf"
UPLOAD = b"%PDF-1.4\n" + bytes(range(256)) * 64

MAKE_DATA = f"""
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
group = Group.objects.create(name="督学")
for n in range(5):
    User.objects.create_user(f"user{{n}}").groups.add(group)
assert default_storage.save({UPLOAD_NAME!r}, ContentFile({UPLOAD!r})) == {UPLOAD_NAME!r}
"""

REPORT = f"""
import hashlib, json
from django.core.files.storage import default_storage
from edubureau.ops.backup import current_row_counts
with default_storage.open({UPLOAD_NAME!r}, "rb") as handle:
    digest = hashlib.sha256(handle.read()).hexdigest()
print(json.dumps({{"tables": current_row_counts(), "sha256": digest}}))
"""


def edubureau(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "edubureau", *args], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=600, check=False)
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def report(env: dict) -> dict:
    """Row counts and the upload's sha256 on one machine (the shell's last line; it may announce its imports)."""
    return json.loads(edubureau(env, "shell", "--command", REPORT).stdout.strip().splitlines()[-1])


def _server(name: str) -> tuple[str, dict]:
    db = connection.settings_dict
    host, port, user = db["HOST"] or "127.0.0.1", db["PORT"] or 5432, db["USER"] or "postgres"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{user}{password}@{host}:{port}/{name}", {
        "host": host, "port": port, "user": user, "password": db["PASSWORD"] or None, "dbname": "postgres"}


@pytest.fixture
def machines(tmp_path):
    """Environments of the source machine and of a fresh one (own var folder; own new database on PostgreSQL)."""
    base = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    base["DJANGO_SETTINGS_MODULE"] = "edubureau.config.settings"
    source = {**base, "EDUBUREAU_VAR": str(tmp_path / "source")}
    target = {**base, "EDUBUREAU_VAR": str(tmp_path / "target")}
    if connection.vendor == "sqlite":
        yield source, target
        return
    import psycopg

    names = [f"edubureau_backup_{role}_{uuid.uuid4().hex[:8]}" for role in ("source", "target")]
    _url, params = _server("postgres")
    with psycopg.connect(**params, autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
    source["DATABASE_URL"], target["DATABASE_URL"] = (_server(name)[0] for name in names)
    try:
        yield source, target
    finally:
        with psycopg.connect(**params, autocommit=True) as admin:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_restores_on_a_fresh_machine_with_the_same_rows_and_files(machines, tmp_path):
    source, target = machines
    edubureau(source, "migrate", "--verbosity", "0")
    edubureau(source, "shell", "--command", MAKE_DATA)
    before = report(source)

    out = tmp_path / "backups"
    out.mkdir()
    edubureau(source, "backup", str(out))
    [archive] = out.glob("edubureau-backup-*.tar.gz")
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        assert tar.extractfile(f"media/{UPLOAD_NAME}").read() == UPLOAD
    assert manifest["format_version"] == backup.FORMAT_VERSION and manifest["vendor"] == connection.vendor
    assert manifest["created"] and manifest["tables"] == before["tables"]
    assert manifest["tables"]["auth_user"] == 5 and manifest["tables"]["auth_user_groups"] == 5
    assert manifest["files"] == {UPLOAD_NAME: {"size": len(UPLOAD), "sha256": hashlib.sha256(UPLOAD).hexdigest()}}

    # The fresh machine: no migrate, no media folder; restore makes both.
    restored = edubureau(target, "restore", str(archive))
    assert "不符的表 0 张，不符的文件 0 个" in restored.stdout
    after = report(target)
    assert after == before
    assert after["sha256"] == hashlib.sha256(UPLOAD).hexdigest()

    # Now the target holds data: a second restore is refused unless forced.
    refused = edubureau(target, "restore", str(archive), check=False)
    assert refused.returncode != 0 and "--force" in refused.stderr
    edubureau(target, "restore", str(archive), "--force")
    assert report(target) == before

    # A damaged file in the archive is found before anything is written to a third, empty machine.
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as good, tarfile.open(damaged, "w:gz") as bad:
        for member in good.getmembers():
            data = good.extractfile(member).read()
            if member.name == f"media/{UPLOAD_NAME}":
                data = data[:-1] + b"!"
            bad.addfile(member, io.BytesIO(data))
    third = {**target, "EDUBUREAU_VAR": str(tmp_path / "third")}
    result = edubureau(third, "restore", str(damaged), check=False)
    assert result.returncode != 0 and "校验和不符" in result.stderr
    assert not (tmp_path / "third" / "media" / UPLOAD_NAME).exists()


def test_missing_pg_dump_is_said_in_chinese(monkeypatch, tmp_path):
    monkeypatch.setenv("PG_BIN", str(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(backup, "PG_INSTALL_ROOT", tmp_path / "none")
    with pytest.raises(backup.BackupError, match="找不到 pg_dump"):
        backup._pg_tool("pg_dump")


def _archive_with(tmp_path: Path, manifest: dict) -> Path:
    path = tmp_path / "other.tar.gz"
    data = json.dumps(manifest).encode()
    with tarfile.open(path, "w:gz") as tar:
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return path


def test_restore_refuses_another_database_vendor_and_another_format(tmp_path):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    manifest = {"format": "edubureau-backup", "format_version": backup.FORMAT_VERSION, "vendor": other,
                "database_file": "x", "created": "2026-12-04T00:00:00+00:00", "tables": {}, "files": {}}
    with pytest.raises(backup.BackupError, match="不能恢复到"):
        backup.restore_backup(_archive_with(tmp_path, manifest))
    with pytest.raises(backup.BackupError, match="不认识的备份格式"):
        backup.restore_backup(_archive_with(tmp_path, {**manifest, "format_version": 99}))


def test_a_folder_gets_a_dated_archive_name(tmp_path):
    import datetime as dt

    when = dt.datetime(2026, 12, 4, 8, 30, 5)
    assert backup.archive_path(tmp_path, when) == tmp_path / "edubureau-backup-20261204-083005.tar.gz"
    assert backup.archive_path(tmp_path / "x.tar.gz", when) == tmp_path / "x.tar.gz"
