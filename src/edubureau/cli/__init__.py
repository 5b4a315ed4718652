"""The fast path of the ``edubureau`` console script (issue 17, point 14).

``edubureau help`` and the file-in / report-out commands (``exam analyze``, ``balance check``, ``plan parse``,
``evaluation …``, ``inspection plan --input`` and every fast command's ``--help``) are answered here before
``django.setup()``: the commands import their pure engine when they run, so ``--help`` imports neither Django
nor polars. Anything else (``demo``, ``migrate``, ``plan scan``, ``inspection plan`` without ``--input``, which
reads the term from the database …) returns ``None`` and goes through Django as before.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence

__all__ = ["FAST_COMMANDS", "dispatch", "main_help_text"]

# Command name → module in this package. Each module has HELP, ACTIONS, add_arguments and (if ACTIONS) run.
FAST_COMMANDS = {
    "balance": "edubureau.cli.balance",
    "enrollment": "edubureau.cli.enrollment",
    "evaluation": "edubureau.cli.evaluation",
    "exam": "edubureau.cli.exam",
    "fitness": "edubureau.cli.fitness",
    "inspection": "edubureau.cli.inspection",
    "plan": "edubureau.cli.plan",
    "staffing": "edubureau.cli.staffing",
    "students": "edubureau.cli.students",
}
HELP_FLAGS = {"-h", "--help"}
PROG = "edubureau"


def _write(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def dispatch(argv: Sequence[str]) -> int | None:
    """Run ``argv`` on the fast path and return the exit status, or ``None`` if Django must run it."""
    argv = list(argv)
    if not argv or (len(argv) == 1 and argv[0] in {"help", *HELP_FLAGS}):
        text = main_help_text()
        if text is None:
            return None
        _write(text)
        return 0
    if argv[0] == "help" and len(argv) == 2 and argv[1] in FAST_COMMANDS:
        return _run(argv[1], ["--help"])
    name, rest = argv[0], argv[1:]
    if name not in FAST_COMMANDS or not _is_fast(name, rest):
        return None
    return _run(name, rest)


def _is_fast(name: str, rest: list[str]) -> bool:
    if any(flag in HELP_FLAGS for flag in rest) or not rest:
        return True
    module = importlib.import_module(FAST_COMMANDS[name])
    if hasattr(module, "is_fast"):
        return module.is_fast(rest)
    action = next((arg for arg in rest if not arg.startswith("-")), None)
    return action in module.ACTIONS


def _run(name: str, rest: list[str]) -> int:
    from .base import CliError, command_parser

    module = importlib.import_module(FAST_COMMANDS[name])
    parser = command_parser(name, module.HELP)
    module.add_arguments(parser)
    options = vars(parser.parse_args(rest))  # argparse prints help and errors and exits itself
    if options.get("pythonpath"):
        sys.path.insert(0, options["pythonpath"])
    try:
        status = module.run(options, _write)
    except CliError as exc:
        if options.get("traceback"):
            raise
        sys.stderr.write(f"CommandError: {exc}\n")
        return 1
    return int(status or 0)


def main_help_text() -> str | None:
    """Django's ``help`` listing, found on disk without setting Django up (``None`` if that cannot be done)."""
    from importlib.util import find_spec

    from django.core import management
    from django.core.management.color import color_style

    settings = importlib.import_module(os.environ.get("DJANGO_SETTINGS_MODULE", "edubureau.config.settings"))
    commands = {name: "django" for name in management.find_commands(os.path.dirname(management.__file__))}
    for app in reversed(settings.INSTALLED_APPS):
        try:
            spec = find_spec(app)
        except (ImportError, ValueError):
            return None
        if spec is None or not spec.submodule_search_locations:
            return None  # an AppConfig path: leave it to Django
        path = os.path.join(next(iter(spec.submodule_search_locations)), "management")
        commands.update(dict.fromkeys(management.find_commands(path), app.rpartition(".")[-1]))
    by_app: dict[str, list[str]] = {}
    for name, app in commands.items():
        by_app.setdefault(app, []).append(name)
    style = color_style()
    usage = ["", f"Type '{PROG} help <subcommand>' for help on a specific subcommand.", "", "Available subcommands:"]
    for app in sorted(by_app):
        usage += ["", style.NOTICE(f"[{app}]")]
        usage += [f"    {name}" for name in sorted(by_app[app])]
    return "\n".join(usage)
