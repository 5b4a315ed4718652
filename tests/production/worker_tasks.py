"""The task of tests/production/test_worker.py, importable by the worker processes."""

from __future__ import annotations

import os
import time

from django.db import connection
from django_tasks import task

PROBE_TABLE = "ops_worker_probe"
RENDEZVOUS_SECONDS = 60


@task()
def probe(key: str) -> int:
    """Record that ``key`` ran, and in which process; a second run of the same key breaks the primary key.

    Then wait until two worker processes have run something: each worker runs one task at a time, so the first
    task holds its worker until the other worker has claimed a task too. The test thereby knows both workers ran
    side by side, whatever the machine's speed (no sleep-and-hope).
    """
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {PROBE_TABLE} (key, pid) VALUES (%s, %s)", [key, os.getpid()])
        deadline = time.monotonic() + RENDEZVOUS_SECONDS
        while True:
            cursor.execute(f"SELECT COUNT(DISTINCT pid) FROM {PROBE_TABLE}")
            if cursor.fetchone()[0] >= 2:
                return os.getpid()
            if time.monotonic() > deadline:
                raise RuntimeError("the second worker never ran a task")
            time.sleep(0.05)
