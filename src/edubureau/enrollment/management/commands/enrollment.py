"""``edubureau enrollment draw FILE --seed S --seats N`` through Django (the functions of
:mod:`edubureau.cli.enrollment`)."""

from edubureau.cli import enrollment
from edubureau.core.management.fast import FastCommand


class Command(FastCommand):
    module = enrollment
    help = enrollment.HELP
