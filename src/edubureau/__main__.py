"""The ``edubureau`` console script: Django's commands plus ours (``demo``, ``plan``, ``balance`` …).

``help`` and the file-in / report-out commands (``exam analyze``, ``balance check``, ``plan parse``,
``evaluation …``, every fast command's ``--help``) answer from :mod:`edubureau.cli` without setting Django up
(issue 17: ``edubureau help`` took 1.1 s); everything else goes through Django's command runner.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "edubureau.config.settings")
    from edubureau.cli import dispatch

    status = dispatch(args)
    if status is not None:
        sys.exit(status)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["edubureau", *args])


if __name__ == "__main__":
    main()
