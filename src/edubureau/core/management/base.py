"""The base of our management commands: Django's, with a translatable ``help``.

Our commands describe themselves with ``gettext_lazy`` (the text follows the active language), but
argparse formats a parser's description with ``re``, which refuses a lazy string: ``edubureau demo
--help`` crashed with a TypeError (issue 18). The text is made a plain string when the parser is built.
"""

from django.core.management import base

__all__ = ["BaseCommand"]


class BaseCommand(base.BaseCommand):
    def create_parser(self, prog_name, subcommand, **kwargs):
        self.help = str(self.help)
        return super().create_parser(prog_name, subcommand, **kwargs)
