"""What the fast commands share: their error, their parser and how they write (issue 17, point 14).

A fast command is a module with ``HELP``, ``add_arguments(parser)`` and ``run(options, write)``; it imports its
engine inside ``run`` so that ``--help`` costs no polars. The Django command of the same name calls the same
functions, so ``python -m django exam analyze …`` and ``edubureau exam analyze …`` print the same thing.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

__all__ = ["CliError", "Write", "command_parser"]

Write = Callable[[str], None]


class CliError(Exception):
    """A refusal to show the user in one line (the Django command turns it into a ``CommandError``)."""


def command_parser(name: str, help_text: str) -> argparse.ArgumentParser:
    """The parser of ``edubureau NAME``, with the common options Django's commands accept (and ignore here)."""
    parser = argparse.ArgumentParser(prog=f"edubureau {name}", description=help_text)
    parser.add_argument("-v", "--verbosity", default=1, type=int, choices=[0, 1, 2, 3],
                        help="输出详细程度：0 最少，1 正常，2 详细，3 最详细")
    parser.add_argument("--settings", help="设置模块（快速命令不加载 Django，忽略此项）")
    parser.add_argument("--pythonpath", help="加入 Python 搜索路径的目录")
    parser.add_argument("--traceback", action="store_true", help="出错时显示完整回溯")
    parser.add_argument("--no-color", action="store_true", help="不使用颜色")
    parser.add_argument("--force-color", action="store_true", help="强制使用颜色")
    return parser
