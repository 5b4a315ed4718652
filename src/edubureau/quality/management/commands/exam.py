"""``edubureau exam …``: a file-in / report-out command, no database; see :mod:`edubureau.cli.exam`."""

from edubureau.cli import exam
from edubureau.core.management.fast import FastCommand


class Command(FastCommand):
    module = exam
    help = exam.HELP
