"""``edubureau students reconcile NATIONAL ROLL`` through Django (the functions of :mod:`edubureau.cli.students`)."""

from edubureau.cli import students
from edubureau.core.management.fast import FastCommand


class Command(FastCommand):
    module = students
    help = students.HELP
