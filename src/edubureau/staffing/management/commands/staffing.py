"""``edubureau staffing rotation plan FILE`` through Django (the same functions as :mod:`edubureau.cli.staffing`)."""

from edubureau.cli import staffing
from edubureau.core.management.fast import FastCommand


class Command(FastCommand):
    module = staffing
    help = staffing.HELP
