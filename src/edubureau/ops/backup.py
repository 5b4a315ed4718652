"""``edubureau backup`` / ``restore``: one archive holding a consistent copy of the database and every uploaded file.

The archive (``.tar.gz``) holds ``manifest.json``, the database and ``media/<name>`` for each stored file:

- SQLite: ``database.sqlite3``, made with SQLite's online backup API (a consistent page copy while the app keeps
  running; copying the file by hand could catch a half-written transaction or miss the WAL).
- PostgreSQL: ``database.pgdump``, ``pg_dump`` in its custom format. The row counts of the manifest are read in the
  very snapshot that ``pg_dump`` dumps (``pg_export_snapshot()`` / ``--snapshot``), so they describe the dump.

The manifest says the format version, the database vendor, when it was made, the rows of every table and the size
and sha256 of every file. Files are read and written through Django's storage API (a folder or a shared bucket,
:mod:`edubureau.ops.storage`). The database is copied first, then the files: a file uploaded during the backup may
be in the archive without its row, never a row without its file (uploads are never deleted by the app).

``restore`` refuses a database holding data unless forced, checks every file's sha256 before writing anything,
and afterwards counts the rows and re-reads every file from the store, comparing both with the manifest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

__all__ = [
    "FORMAT_VERSION",
    "BackupError",
    "Check",
    "RestoreReport",
    "create_backup",
    "database_has_data",
    "restore_backup",
]

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PGDUMP_FILE = "database.pgdump"
MEDIA_DIR = "media"
# Tables that a fresh ``migrate`` already fills: a database holding only these is still "empty" for restore.
BOOKKEEPING_TABLES = frozenset({"django_migrations", "django_content_type", "auth_permission", "edubureau_cache"})
CHUNK = 1024 * 1024
PG_INSTALL_ROOT = Path("/usr/lib/postgresql")  # Debian/Ubuntu keep one bin/ per server version here


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator (Chinese)."""


@dataclass(frozen=True)
class Check:
    """One compared figure: a table's rows or a file's sha256, as in the manifest and as found after restore."""

    name: str
    expected: str | int
    found: str | int | None

    @property
    def ok(self) -> bool:
        return self.expected == self.found


@dataclass
class RestoreReport:
    manifest: dict
    tables: list[Check] = field(default_factory=list)
    files: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.tables) and all(check.ok for check in self.files)


# --- Media ----------------------------------------------------------------------------------------------------------


def stored_files(storage: Storage, prefix: str = "") -> Iterator[str]:
    """Every file name in ``storage``, walking its folders through ``listdir`` (works for a bucket too)."""
    try:
        folders, files = storage.listdir(prefix)
    except FileNotFoundError:  # a folder store nobody uploaded to yet
        return
    for name in sorted(files):
        yield f"{prefix}/{name}" if prefix else name
    for folder in sorted(folders):
        yield from stored_files(storage, f"{prefix}/{folder}" if prefix else folder)


class _HashingReader:
    """A file wrapper that hashes what ``tarfile`` reads through it."""

    def __init__(self, handle):
        self.handle = handle
        self.sha256 = hashlib.sha256()
        self.size = 0

    def read(self, size=-1):
        data = self.handle.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data


def _sha256(handle) -> str:
    digest = hashlib.sha256()
    for block in iter(lambda: handle.read(CHUNK), b""):
        digest.update(block)
    return digest.hexdigest()


# --- Database -------------------------------------------------------------------------------------------------------


def _count_rows(cursor, tables: list[str], quote) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def current_row_counts() -> dict[str, int]:
    """The rows of every table of the configured database, now."""
    with connection.cursor() as cursor:
        return _count_rows(cursor, connection.introspection.table_names(cursor), connection.ops.quote_name)


def database_has_data() -> bool:
    """True when a table other than the ones ``migrate`` fills by itself holds a row."""
    return any(rows for table, rows in current_row_counts().items() if table not in BOOKKEEPING_TABLES)


def _sqlite_quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_tables(db: sqlite3.Connection) -> list[str]:
    rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    return [name for (name,) in rows]


def _backup_sqlite(target: Path) -> dict[str, int]:
    """Copy the live SQLite database to ``target`` with the online backup API; count the copy's rows."""
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        return _count_rows(copy.cursor(), _sqlite_tables(copy), _sqlite_quote)
    finally:
        copy.close()


def _pg_tool(name: str) -> str:
    """The newest ``pg_dump`` / ``pg_restore`` on this machine (``PG_BIN`` first): a dump needs one >= the server."""
    explicit = os.environ.get("PG_BIN")
    candidates = [Path(explicit) / name] if explicit else []
    candidates += sorted(PG_INSTALL_ROOT.glob(f"*/bin/{name}"),
                         key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
                         reverse=True)
    on_path = shutil.which(name)
    if on_path:
        candidates.append(Path(on_path))
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    raise BackupError(_("找不到 {tool}：PostgreSQL 数据库的备份与恢复需要它。请安装 PostgreSQL 客户端"
                        "（如 apt install postgresql-client），或用环境变量 PG_BIN 指明其所在目录。").format(tool=name))


def _pg_args_env() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    args = ["--dbname", db["NAME"], "--no-password"]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(_("{tool} 失败（退出码 {code}）：{error}").format(
            tool=Path(command[0]).name, code=result.returncode, error=result.stderr.strip()[-2000:]))


def _backup_postgresql(target: Path) -> dict[str, int]:
    """``pg_dump -Fc`` of the snapshot in which the rows are counted."""
    pg_dump = _pg_tool("pg_dump")
    args, env = _pg_args_env()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = _count_rows(cursor, connection.introspection.table_names(cursor), connection.ops.quote_name)
        _run([pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
              "--file", str(target), *args], env)
    return counts


# --- Backup ---------------------------------------------------------------------------------------------------------


def archive_path(destination: Path, now: dt.datetime) -> Path:
    """A folder gets ``edubureau-backup-YYYYmmdd-HHMMSS.tar.gz`` inside it; anything else is the archive's name."""
    if destination.is_dir() or str(destination).endswith(os.sep):
        return destination / f"edubureau-backup-{now:%Y%m%d-%H%M%S}.tar.gz"
    return destination


def create_backup(destination: Path, storage: Storage | None = None) -> tuple[Path, dict]:
    """Write the archive for the configured database and ``storage``; return its path and its manifest."""
    storage = storage or default_storage
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(_("不支持备份 {vendor} 数据库").format(vendor=vendor))
    now = timezone.now()
    target = archive_path(Path(destination), timezone.localtime(now))
    if target.exists():
        raise BackupError(_("{path} 已存在，不覆盖").format(path=target))
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    with tempfile.TemporaryDirectory(prefix="edubureau-backup-") as work:
        database_file = Path(work) / (SQLITE_FILE if vendor == "sqlite" else PGDUMP_FILE)
        counts = _backup_sqlite(database_file) if vendor == "sqlite" else _backup_postgresql(database_file)
        files = {}
        try:
            with tarfile.open(partial, "w:gz") as archive:
                archive.add(database_file, arcname=database_file.name)
                for name in stored_files(storage):
                    info = tarfile.TarInfo(f"{MEDIA_DIR}/{name}")
                    info.size = storage.size(name)
                    info.mtime = int(now.timestamp())
                    with storage.open(name, "rb") as handle:
                        reader = _HashingReader(handle)
                        archive.addfile(info, reader)
                    if reader.size != info.size:
                        raise BackupError(_("文件 {name} 在备份过程中被修改，请重试").format(name=name))
                    files[name] = {"size": reader.size, "sha256": reader.sha256.hexdigest()}
                manifest = {
                    "format": "edubureau-backup",
                    "format_version": FORMAT_VERSION,
                    "vendor": vendor,
                    "database_file": database_file.name,
                    "created": now.isoformat(),
                    "tables": counts,
                    "files": files,
                }
                data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime = len(data), int(now.timestamp())
                archive.addfile(info, _BytesReader(data))
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
    return target, manifest


class _BytesReader:
    def __init__(self, data: bytes):
        self.data, self.offset = data, 0

    def read(self, size=-1):
        end = len(self.data) if size is None or size < 0 else self.offset + size
        chunk, self.offset = self.data[self.offset:end], min(end, len(self.data))
        return chunk


# --- Restore --------------------------------------------------------------------------------------------------------

_SAFE_MEDIA_NAME = re.compile(r"^(?!/)(?!.*(?:^|/)\.\.(?:/|$)).+$")


def read_manifest(work: Path) -> dict:
    try:
        manifest = json.loads((work / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(_("备份文件缺少或损坏了 manifest.json：{error}").format(error=exc)) from None
    if manifest.get("format") != "edubureau-backup" or manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(_("不认识的备份格式（版本 {version}），本程序读取版本 {ours}").format(
            version=manifest.get("format_version"), ours=FORMAT_VERSION))
    return manifest


def _unpack(archive: Path, work: Path) -> None:
    try:
        with tarfile.open(archive, "r:*") as tar:
            tar.extractall(work, filter="data")  # no absolute names, no "..", no links out of work
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(_("无法读取备份文件 {path}：{error}").format(path=archive, error=exc)) from None


def _check_unpacked_files(work: Path, manifest: dict) -> None:
    """Every file of the manifest is in the archive with its checksum, before anything is written."""
    for name, entry in manifest["files"].items():
        if not _SAFE_MEDIA_NAME.match(name):
            raise BackupError(_("备份中的文件名不安全：{name}").format(name=name))
        path = work / MEDIA_DIR / name
        if not path.is_file():
            raise BackupError(_("备份中缺少文件 {name}").format(name=name))
        with path.open("rb") as handle:
            if _sha256(handle) != entry["sha256"]:
                raise BackupError(_("备份中的文件 {name} 校验和不符，备份已损坏").format(name=name))


def _restore_sqlite(source: Path) -> None:
    connection.close()
    copy = sqlite3.connect(source)
    try:
        connection.ensure_connection()
        copy.backup(connection.connection)  # replaces every page of the live database, WAL included
    finally:
        copy.close()
        connection.close()


def _restore_postgresql(source: Path) -> None:
    pg_restore = _pg_tool("pg_restore")
    args, env = _pg_args_env()
    connection.close()
    # --clean --if-exists: the tables an empty `migrate` made are dropped and come back from the dump.
    _run([pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
          "--exit-on-error", *args, str(source)], env)


def restore_backup(archive: Path, *, force: bool = False, storage: Storage | None = None) -> RestoreReport:
    """Restore ``archive`` into the configured database and ``storage``, then compare both with its manifest."""
    storage = storage or default_storage
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(_("找不到备份文件 {path}").format(path=archive))
    with tempfile.TemporaryDirectory(prefix="edubureau-restore-") as tmp:
        work = Path(tmp)
        _unpack(archive, work)
        manifest = read_manifest(work)
        if manifest["vendor"] != connection.vendor:
            raise BackupError(_("这是 {source} 数据库的备份，不能恢复到 {target} 数据库").format(
                source=manifest["vendor"], target=connection.vendor))
        _check_unpacked_files(work, manifest)
        if not force and database_has_data():
            raise BackupError(_("目标数据库中已有数据。确认要用备份覆盖时请加 --force"))
        database_file = work / manifest["database_file"]
        if manifest["vendor"] == "sqlite":
            _restore_sqlite(database_file)
        else:
            _restore_postgresql(database_file)
        for name in manifest["files"]:
            if storage.exists(name):
                storage.delete(name)
            with (work / MEDIA_DIR / name).open("rb") as handle:
                saved = storage.save(name, File(handle, name=name))
            if saved != name:
                raise BackupError(_("文件 {name} 被存储改名为 {saved}").format(name=name, saved=saved))

    report = RestoreReport(manifest)
    found = current_row_counts()
    report.tables = [Check(table, rows, found.get(table)) for table, rows in sorted(manifest["tables"].items())]
    for name, entry in sorted(manifest["files"].items()):
        try:
            with storage.open(name, "rb") as handle:
                digest = _sha256(handle)
        except FileNotFoundError:
            digest = None
        report.files.append(Check(name, entry["sha256"], digest))
    return report
