"""Links to uploaded files: ``{% load files %}<a href="{{ evidence|file_url }}">`` (served by ``core.files``)."""

from django import template

from edubureau.core import files

register = template.Library()


@register.filter
def file_url(record, field: str = "file") -> str:
    return files.file_url(record, field)
