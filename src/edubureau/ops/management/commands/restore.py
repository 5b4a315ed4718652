"""``edubureau restore FILE [--force]``: put a backup back, then check its row counts and file checksums."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edubureau.core.management.base import BaseCommand
from edubureau.ops.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = gettext_lazy("从备份文件恢复数据库与上传的文件，并核对各表行数与各文件校验和。"
                        "目标数据库已有数据时需加 --force。")

    def add_arguments(self, parser):
        parser.add_argument("archive", help=gettext_lazy("edubureau backup 生成的 .tar.gz 文件"))
        parser.add_argument("--force", action="store_true", help=gettext_lazy("目标数据库已有数据时仍然覆盖"))

    def handle(self, *args, archive, force, **options):
        try:
            report = restore_backup(Path(archive), force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        manifest = report.manifest
        self.stdout.write(_("备份时间 {created}，{vendor} 数据库。").format(
            created=manifest["created"], vendor=manifest["vendor"]))
        self.stdout.write(_("表（备份时行数 → 恢复后行数）："))
        for check in report.tables:
            if check.expected or not check.ok:
                mark = "✓" if check.ok else "✗"
                self.stdout.write(f"  {mark} {check.name}: {check.expected} → {check.found}")
        self.stdout.write(_("上传文件（sha256）："))
        for check in report.files:
            mark = "✓" if check.ok else "✗"
            self.stdout.write(f"  {mark} {check.name}: {str(check.found or '-')[:16]}")
        bad_tables = sum(not check.ok for check in report.tables)
        bad_files = sum(not check.ok for check in report.files)
        summary = _("核对：{tables} 张表共 {rows} 行，{files} 个文件；"
                    "不符的表 {bad_tables} 张，不符的文件 {bad_files} 个。").format(
            tables=len(report.tables), rows=sum(manifest["tables"].values()), files=len(report.files),
            bad_tables=bad_tables, bad_files=bad_files)
        if not report.ok:
            raise CommandError(summary)
        self.stdout.write(summary)
        self.stdout.write(_("恢复完成。若程序版本比备份时新，请再运行 edubureau migrate。"))
