"""Rows loaded once for a test module, inside a transaction rolled back after it.

PostgreSQL defers the foreign-key checks of rows written in a transaction. Django checks them at the end of every
test (``SET CONSTRAINTS ALL IMMEDIATE``) inside the test's savepoint, and rolling the savepoint back queues the
demo's checks again: each test of a module that loaded the demo re-checked every row of it (a tenth of a second to
seconds per test, and CI ran out of time). ``settled`` runs the checks once, after loading, so the tests start
with nothing pending. (``ANALYZE`` of the uncommitted rows was tried as well: it took from half a minute to
minutes per module, more than it saved.)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

__all__ = ["rolled_back_after_module", "settled"]


def settled() -> None:
    """Run the foreign-key checks pending in the open transaction, so later savepoints do not queue them again."""
    connection.check_constraints()


@contextmanager
def rolled_back_after_module() -> Iterator[None]:
    """A transaction for a module's rows, rolled back at the end; call ``settled()`` once the rows are in."""
    atomic = transaction.atomic()
    atomic.__enter__()
    try:
        yield
    finally:
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
