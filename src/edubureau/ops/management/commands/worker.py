"""``edubureau worker``: the background-task worker, django-tasks-db's ``db_worker`` with production defaults.

Run one or more beside ``edubureau serve`` (issue 16). Several workers may run at once against PostgreSQL: each
takes the next ready task with ``SELECT … FOR UPDATE SKIP LOCKED`` and marks it running inside the same
transaction, so no task is run twice (tests/production/test_worker.py). On SQLite the claim is an exclusive
transaction instead; one worker is enough there.

Differences from ``db_worker``: every queue by default, never the code reloader, and a worker id that names the
host and process (so the task table shows which machine ran what).
"""

from __future__ import annotations

import os
import socket

from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy
from django_tasks_db.management.commands import db_worker

__all__ = ["Command", "default_worker_id"]


def default_worker_id() -> str:
    """``host-pid-random``, at most 64 characters as django-tasks-db asks."""
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{get_random_string(8)}"[:64]


class Command(db_worker.Command):
    help = gettext_lazy(
        "后台任务处理进程（导入、重算、提醒）。可同时运行多个；按 Ctrl+C 或发送 SIGTERM 在当前任务完成后停止。")

    def create_parser(self, prog_name, subcommand, **kwargs):
        self.help = str(self.help)  # argparse refuses a lazy string (core.management.base)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*", reload=False, worker_id=default_worker_id())
