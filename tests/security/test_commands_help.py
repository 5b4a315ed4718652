"""Issue 18: ``edubureau demo --help`` crashed (a lazy translation as argparse's description).

Every management command of ours — found on disk, so a new one is covered without editing this test —
prints its help, and so does each of its subcommands (``edubureau plan parse --help`` …).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import load_command_class

import edubureau

SRC = Path(edubureau.__file__).parent
COMMANDS = sorted(
    (path.parents[2].name, path.stem)
    for path in SRC.glob("*/management/commands/*.py")
    if not path.stem.startswith("_")
)


def test_commands_are_found():
    assert ("core", "demo") in COMMANDS and len(COMMANDS) >= 9


def subcommands(parser: argparse.ArgumentParser) -> list[str]:
    return [name for action in parser._actions if isinstance(action, argparse._SubParsersAction)
            for name in action.choices]


@pytest.mark.parametrize(("app", "name"), COMMANDS, ids=[name for _app, name in COMMANDS])
def test_help_of_every_command_and_subcommand(app, name, capsys):
    command = load_command_class(f"edubureau.{app}", name)
    parser = command.create_parser("edubureau", name)
    for argv in (["--help"], *([sub, "--help"] for sub in subcommands(parser))):
        with pytest.raises(SystemExit) as exit_:
            parser.parse_args(argv)
        assert exit_.value.code == 0, argv
        out = capsys.readouterr().out
        assert out.startswith("usage: edubureau " + name), argv
    assert str(command.help).split("：")[0] in command.create_parser("edubureau", name).format_help()


def test_demo_help_from_the_console_script(tmp_path):
    # The way the probe ran it: the real entry point, in a fresh process.
    result = subprocess.run([sys.executable, "-m", "edubureau", "demo", "--help"], capture_output=True, text=True,
                            env={"EDUBUREAU_VAR": str(tmp_path), "PATH": "/usr/bin:/bin"}, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "--no-serve" in result.stdout and "演示" in result.stdout
