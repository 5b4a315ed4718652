"""``edubureau evaluation …``: a file-in / report-out command, no database; see :mod:`edubureau.cli.evaluation`."""

from edubureau.cli import evaluation
from edubureau.core.management.fast import FastCommand


class Command(FastCommand):
    module = evaluation
    help = evaluation.HELP
