"""Issue 16: two ``edubureau worker`` processes against one PostgreSQL database run every task exactly once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from tests.production.worker_tasks import PROBE_TABLE, probe

ROOT = Path(__file__).resolve().parents[2]
TASKS = 30

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL variant (CI)")


def _database_url() -> str:
    db = connection.settings_dict
    auth = quote(db["USER"] or "", safe="") + (":" + quote(db["PASSWORD"], safe="") if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def test_worker_defaults_to_every_queue_without_the_reloader():
    from edubureau.ops.management.commands.worker import Command

    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        options = Command().create_parser("edubureau", "worker").parse_args([])
    assert options.queue_name == "*" and options.reload is False
    assert 0 < len(options.worker_id) <= 64


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_workers_run_every_task_exactly_once(tmp_path):
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {PROBE_TABLE}")
        cursor.execute(f"CREATE TABLE {PROBE_TABLE} (key varchar(40) PRIMARY KEY, pid integer NOT NULL)")
    try:
        with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
            results = [probe.enqueue(f"task-{n}") for n in range(TASKS)]
        env = {**os.environ, "DATABASE_URL": _database_url(), "EDUBUREAU_VAR": str(tmp_path),
               "DJANGO_SETTINGS_MODULE": "edubureau.config.settings",
               "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
        command = [sys.executable, "-m", "edubureau", "worker", "--batch", "--interval", "0", "--no-startup-delay",
                   "--verbosity", "0"]
        workers = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
                   for _ in range(2)]
        outputs = [worker.communicate(timeout=180)[0].decode() for worker in workers]
        assert [worker.returncode for worker in workers] == [0, 0], outputs

        rows = DBTaskResult.objects.filter(id__in=[r.id for r in results])
        assert set(rows.values_list("status", flat=True)) == {"SUCCESSFUL"}, [
            (row.status, row.traceback) for row in rows.exclude(status="SUCCESSFUL")]
        assert all(len(row.worker_ids) == 1 for row in rows)  # claimed once, by one worker
        assert len({row.worker_ids[0] for row in rows}) == 2
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT key, pid FROM {PROBE_TABLE}")
            ran = cursor.fetchall()
        assert sorted(key for key, _pid in ran) == sorted(f"task-{n}" for n in range(TASKS))  # each key once
        assert len({pid for _key, pid in ran}) == 2
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {PROBE_TABLE}")
