"""``edubureau export_excel SPEC OUT.xlsx [k=v …]``: a registry, filtered as on its list page, as Excel.

The filters are the list page's (its FilterSet), e.g. ``kind=primary q=实验``; ``--user`` exports
what that user would see (and masks ID numbers as the pages do).
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict
from django.utils.translation import gettext as _

from edubureau.core.io import writer
from edubureau.core.io.registry import all_specs, get_spec
from edubureau.core.io.views import filtered_queryset


class _Request:
    """What a FilterSet reads from a request: the user whose scope narrows its choice lists."""

    def __init__(self, user):
        self.user = user


class Command(BaseCommand):
    help = "把一个名册（可带筛选条件）导出为Excel，格式与导入模板相同。"

    def add_arguments(self, parser):
        parser.add_argument("spec", help="导出类型，如 org.school、people.staff")
        parser.add_argument("out", help="输出的 .xlsx 文件")
        parser.add_argument("filters", nargs="*", help="筛选条件 字段=值，如 kind=primary q=实验")
        parser.add_argument("--user", help="按该用户的权限范围导出")

    def handle(self, *args, spec, out, filters, user, **options):
        try:
            sheet = get_spec(spec)
        except KeyError:
            raise CommandError(_("没有导出类型“{spec}”，可选：{names}").format(
                spec=spec, names="、".join(sorted(all_specs())))) from None
        data = QueryDict(mutable=True)
        for item in filters:
            if "=" not in item:
                raise CommandError(_("筛选条件应写成 字段=值：{item}").format(item=item))
            key, value = item.split("=", 1)
            data.appendlist(key, value)
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(_("用户不存在：{user}").format(user=user))
        # The operator (no --user) reads everything: an unsaved superuser has the whole county in scope.
        reader = actor or get_user_model()(username="operator", is_superuser=True, is_active=True)
        queryset, errors = filtered_queryset(sheet, reader, data, request=_Request(reader))
        if errors:
            raise CommandError(_("筛选条件有误：{errors}").format(errors=dict(errors)))
        rows = sheet.export_queryset(queryset)
        Path(out).write_bytes(writer.export_workbook(sheet, rows.iterator(chunk_size=2000), user=actor))
        self.stdout.write(_("已导出{n}行到 {path}").format(n=queryset.count(), path=out))
