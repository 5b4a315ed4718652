"""Benchmark (issue 18): does committing a big staff import lock logins out of SQLite?

Run with ``make bench`` or ``.venv/bin/python benchmarks/import_lock.py [--rows N] [--json]``.
It builds a fresh SQLite database with the site's own settings (WAL, ``BEGIN IMMEDIATE``, 20 s busy
timeout) in a temporary directory, validates a staff workbook (the generator of
``benchmarks/import_staff.py``) and writes it twice in one process, each time while another thread
logs in through the login page and makes a short write (``last_login``) every 100 ms:

1. the former write: the whole file in one transaction (``commit_plan(..., chunked=False)``);
2. the chunked write: 1,000 rows per transaction (``commit_plan(...)``).

For each it prints the write time, the longest time a login or a short write waited, how many of them
finished while the import was still writing, and how many failed ("database is locked").
``tests/security/test_import_jobs.py`` runs it on a few thousand rows and checks the chunked figures.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_staff import create_county, id_numbers, setup_django, staff_workbook  # noqa: E402

PASSWORD = "bench-Login-2026"


class Visitor(threading.Thread):
    """Logs in and makes a short write every ``interval`` seconds until stopped; times each one."""

    def __init__(self, username: str, interval: float):
        super().__init__(daemon=True)
        self.username, self.interval = username, interval
        self.stop = threading.Event()
        self.records: list[tuple[float, float, bool]] = []  # (start, end, ok), perf_counter seconds
        self.errors: list[str] = []

    def run(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db import OperationalError, connection
        from django.test import Client
        from django.urls import reverse
        from django.utils import timezone

        user_model = get_user_model()
        url = reverse("login")
        try:
            while not self.stop.is_set():
                client = Client()
                for action in ("login", "write"):
                    start = time.perf_counter()
                    try:
                        if action == "login":
                            response = client.post(url, {"username": self.username, "password": PASSWORD}, secure=True)
                            ok = response.status_code == 302
                            if not ok:
                                self.errors.append(f"login answered {response.status_code}")
                        else:
                            user_model.objects.filter(username=self.username).update(last_login=timezone.now())
                            ok = True
                    except OperationalError as exc:  # "database is locked": what issue 18 is about
                        ok = False
                        self.errors.append(str(exc))
                    self.records.append((start, time.perf_counter(), ok))
                self.stop.wait(self.interval)
        finally:
            connection.close()


def measure(content: bytes, user, *, chunked: bool, interval: float = 0.1, chunk_rows: int | None = None) -> dict:
    """Validate ``content``, then write it while a :class:`Visitor` logs in; figures of the write phase."""
    from edubureau.core.io import runner
    from edubureau.core.io.registry import get_spec
    from edubureau.core.io.validate import validate

    plan = validate(get_spec("people.staff"), content, "staff.xlsx", user=user)
    assert not plan.errors, plan.errors[:5]
    if chunk_rows:
        runner.CHUNK_ROWS = chunk_rows
    visitor = Visitor("visitor", interval)
    visitor.start()
    time.sleep(3 * interval)  # the visitor is logging in before the write begins
    start = time.perf_counter()
    runner.commit_plan(plan, chunked=chunked)
    end = time.perf_counter()
    time.sleep(3 * interval)
    visitor.stop.set()
    visitor.join()
    during = [(s, e, ok) for s, e, ok in visitor.records if e > start and s < end]
    return {
        "mode": "chunked" if chunked else "single",
        "rows": len(plan.created),
        "write_seconds": round(end - start, 3),
        "attempts": len(during),
        "failed": sum(not ok for _s, _e, ok in during),
        "longest_wait_seconds": round(max((e - s for s, e, _ok in during), default=0.0), 3),
        "finished_while_writing": sum(1 for _s, e, ok in during if ok and e < end),
        "errors": sorted(set(visitor.errors))[:5],
    }


def connection_settings() -> dict:
    """What a fresh connection of the site's SQLite database really runs with."""
    from django.db import connections

    wrapper = connections.create_connection("default")
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout")
            busy = cursor.fetchone()[0]
            cursor.execute("PRAGMA journal_mode")
            journal = cursor.fetchone()[0]
        return {"busy_timeout_ms": busy, "journal_mode": journal, "transaction_mode": wrapper.transaction_mode}
    finally:
        wrapper.close()


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--interval", type=float, default=0.1, help="seconds between two logins of the visitor")
    parser.add_argument("--chunk-rows", type=int, default=None, help="rows per transaction (default: the runner's)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="edubureau-lock-") as var_dir:
        setup_django(var_dir)
        from django.conf import settings
        from django.test.utils import setup_test_environment

        from edubureau.core.roles import Role
        from edubureau.core.testing import factories as f

        setup_test_environment()  # the test client's host; the visitor's logins are real otherwise
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # time the lock, not argon2
        rng = random.Random(20261204)
        codes, user = create_county()
        visitor = f.make_user(Role.LEADER, username="visitor")
        visitor.set_password(PASSWORD)
        visitor.save()
        numbers = id_numbers(2 * args.rows, rng)
        figures = {"settings": connection_settings(), "runs": []}
        for chunked, part in ((False, numbers[: args.rows]), (True, numbers[args.rows :])):
            content = staff_workbook(part, codes, rng)
            figures["runs"].append(measure(content, user, chunked=chunked, interval=args.interval,
                                           chunk_rows=args.chunk_rows))
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
        return figures
    s = figures["settings"]
    print(f"SQLite：journal_mode={s['journal_mode']}，busy_timeout={s['busy_timeout_ms']} 毫秒，"
          f"BEGIN {s['transaction_mode']}；{args.rows:,} 行教职工，每 {args.interval * 1000:.0f} 毫秒登录并写一次")
    labels = {"single": "单事务写入（原做法）", "chunked": "分块写入（每块一事务）"}
    for run in figures["runs"]:
        print(f"{labels[run['mode']]:<16} 写入 {run['write_seconds']:7.2f} 秒；其间登录/短写 {run['attempts']:>4} 次，"
              f"最长等待 {run['longest_wait_seconds']:6.2f} 秒，写入期间完成 {run['finished_while_writing']:>4} 次，"
              f"失败（database is locked）{run['failed']} 次")
    return figures


if __name__ == "__main__":
    main()
