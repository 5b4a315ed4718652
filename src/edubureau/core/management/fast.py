"""A Django command that runs a fast command of :mod:`edubureau.cli` (issue 17, point 14).

The console script answers ``edubureau exam analyze …`` without Django; ``call_command("exam", …)``, the
worker and ``python -m django exam …`` come here and run the very same functions, so both print the same.
"""

from __future__ import annotations

import sys
from types import ModuleType

from django.core.management.base import CommandError

from edubureau.cli.base import CliError

from .base import BaseCommand

__all__ = ["FastCommand"]


class FastCommand(BaseCommand):
    """Subclasses set ``module`` (an :mod:`edubureau.cli` module) and ``help = module.HELP``."""

    module: ModuleType
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        self.module.add_arguments(parser)

    def handle(self, *args, **options):
        try:
            status = self.module.run(options, self.stdout.write)
        except CliError as exc:
            raise CommandError(str(exc)) from exc
        if status:
            sys.exit(status)
