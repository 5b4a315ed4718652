"""The SQLite half of tests/security/test_import_jobs.py, run as a subprocess (issue 18).

The test database of the suite is SQLite in memory with a shared cache, where a second writer fails at once
("database table is locked") whatever the busy timeout: it cannot show what the site's file database does.
This script builds a file database with the site's own settings (WAL, ``BEGIN IMMEDIATE``, busy timeout) in a
temporary directory and prints, as JSON:

- ``settings``: what a fresh connection runs with (PRAGMA busy_timeout, journal_mode, transaction mode);
- ``race``: two users' clicks on 确认导入 of one validated job at the same moment, from two threads;
- ``lock``: a chunked staff import written while another thread logs in every 100 ms
  (``benchmarks/import_lock.measure``), and the former single transaction beside it.

Usage: ``python tests/security/import_jobs_probe.py [--rows N] [--race-rows N]``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from import_lock import PASSWORD, connection_settings, measure  # noqa: E402
from import_staff import create_county, id_numbers, setup_django, staff_workbook  # noqa: E402

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def race(content: bytes, user, rows: int) -> dict:
    """Upload ``content`` as a dry run, then confirm it from two threads at once."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from edubureau.core.models import ImportJob
    from edubureau.people.models import Staff

    client = Client()
    client.force_login(user)
    upload = SimpleUploadedFile("教职工.xlsx", content, content_type=XLSX)
    client.post(reverse("core:import_start", args=["people.staff"]), {"file": upload, "dry_run": "on"})
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.VALID, (job.status, job.message, job.errors[:3])
    barrier = threading.Barrier(2)
    answers: list = [None, None]

    def click(n: int) -> None:
        clicker = Client()
        clicker.force_login(user)
        try:
            barrier.wait()
            response = clicker.post(reverse("core:import_confirm", args=[job.pk]), follow=True)
            page = response.content.decode()
            answers[n] = {"status": response.status_code, "notice": "该导入已在写入中或已完成" in page,
                          "done_page": "导入完成" in page}
        except Exception as exc:  # reported to the test, which fails on it
            answers[n] = {"error": repr(exc)}
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    job.refresh_from_db()
    staff_type = ContentType.objects.get_for_model(Staff)
    return {
        "rows": rows,
        "answers": answers,
        "job_status": job.status,
        "job_attempts": job.attempt,
        "created_count": job.created_count,
        "staff": Staff.objects.count(),
        "staff_audit_creates": LogEntry.objects.filter(content_type=staff_type, action=LogEntry.Action.CREATE).count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=4000)
    parser.add_argument("--race-rows", type=int, default=1200)
    parser.add_argument("--chunk-rows", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="edubureau-probe-") as var_dir:
        setup_django(var_dir)
        from django.conf import settings
        from django.test.utils import setup_test_environment

        from edubureau.core.io import runner
        from edubureau.core.roles import Role
        from edubureau.core.testing import factories as f

        setup_test_environment()
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        runner.CHUNK_ROWS = args.chunk_rows
        rng = random.Random(18)
        codes, user = create_county()
        f.make_user(Role.LEADER, username="visitor", password=PASSWORD)
        numbers = id_numbers(args.race_rows + 2 * args.rows, rng)
        out = {"settings": connection_settings()}
        out["race"] = race(staff_workbook(numbers[: args.race_rows], codes, rng), user, args.race_rows)
        rest = numbers[args.race_rows :]
        out["lock"] = [
            measure(staff_workbook(rest[: args.rows], codes, rng), user, chunked=False),
            measure(staff_workbook(rest[args.rows :], codes, rng), user, chunked=True, chunk_rows=args.chunk_rows),
        ]
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
