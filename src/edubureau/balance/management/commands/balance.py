"""``edubureau balance …``: a file-in / report-out command, no database; see :mod:`edubureau.cli.balance`."""

from edubureau.cli import balance
from edubureau.core.management.fast import FastCommand


class Command(FastCommand):
    module = balance
    help = balance.HELP
