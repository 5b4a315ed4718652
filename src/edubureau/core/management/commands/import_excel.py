"""``edubureau import_excel SPEC FILE``: check (and with ``--commit`` write) a registry workbook.

A dry run by default, like the page. Exit code 1 when the file has errors, which are printed as
row, column and reason (or written as a workbook with ``--errors OUT.xlsx``).
"""

import json
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _
from tqdm import tqdm

from edubureau.core.io import writer
from edubureau.core.io.registry import all_specs, get_spec
from edubureau.core.io.runner import run_import, spec_summary


class Command(BaseCommand):
    help = "校验并导入一个名册Excel文件（默认仅校验，--commit 才写入）。"

    def add_arguments(self, parser):
        parser.add_argument("spec", help="导入类型，如 org.school、people.staff")
        parser.add_argument("file", help=".xlsx、.xls 或 .csv 文件")
        parser.add_argument("--commit", action="store_true", help="校验无误后写入数据库")
        parser.add_argument("--user", help="以该用户的权限范围导入，并记为审计中的操作人")
        parser.add_argument("--errors", metavar="OUT.xlsx", help="有错误时写出标注了错误的工作簿")
        parser.add_argument("--json", action="store_true", help="以JSON输出结果")

    def handle(self, *args, spec, file, commit, user, errors, json: bool, **options):
        try:
            sheet = get_spec(spec)
        except KeyError:
            raise CommandError(_("没有导入类型“{spec}”，可选：{names}").format(
                spec=spec, names="、".join(sorted(all_specs())))) from None
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("文件不存在：{path}").format(path=path))
        actor = None
        if user:
            try:
                actor = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist:
                raise CommandError(_("用户不存在：{user}").format(user=user)) from None
        bars: dict[str, tqdm] = {}

        def progress(stage, done, total):
            bar = bars.get(stage)
            if bar is None:
                bar = bars[stage] = tqdm(total=total, desc=stage, unit="行", file=sys.stderr,
                                         disable=json or options["verbosity"] == 0)
            bar.update(done - bar.n)

        try:
            result = run_import(sheet, path.read_bytes(), path.name, user=actor, commit=commit, progress=progress)
        except DatabaseError as exc:  # the transaction was rolled back
            raise CommandError(_("写入失败，未写入任何数据：{error}").format(error=exc)) from None
        finally:
            for bar in bars.values():
                bar.close()
        if errors and result.errors:
            Path(errors).write_bytes(writer.error_workbook(sheet, result.plan.sheet, result.errors))
        if json:
            self.stdout.write(_dumps(spec_summary(result)))
        else:
            self._report(result, commit, errors)
        if result.errors:
            sys.exit(1)

    def _report(self, result, commit, errors_path):
        for error in result.errors:
            where = _("第{n}行").format(n=error.row) if error.row else _("整个文件")
            value = f"「{error.value}」" if error.value else ""
            self.stdout.write(f"{where} {error.column}{value}：{error.reason}")
        counts = _("共{total}行：新增{created}，更新{updated}，无变化{unchanged}").format(
            total=result.total, created=result.created, updated=result.updated, unchanged=result.unchanged)
        if result.errors:
            self.stderr.write(_("{n}处错误，未写入任何数据。").format(n=len(result.errors)) + counts)
            if errors_path:
                self.stderr.write(_("错误标注文件：{path}").format(path=errors_path))
        elif result.committed:
            self.stdout.write(self.style.SUCCESS(_("已导入。") + counts))
        else:
            self.stdout.write(_("校验通过（未写入，加 --commit 写入）。") + counts)


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)
