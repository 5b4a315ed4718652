"""``edubureau backup DIR|FILE``: one archive with a consistent copy of the database and the uploaded files."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edubureau.core.management.base import BaseCommand
from edubureau.ops.backup import BackupError, create_backup


class Command(BaseCommand):
    help = gettext_lazy("备份数据库与上传的文件到一个 .tar.gz 文件（含 manifest.json：各表行数、各文件校验和）。"
                        "可在系统运行时执行。")

    def add_arguments(self, parser):
        parser.add_argument("destination", help=gettext_lazy("目录（自动命名备份文件）或备份文件名（.tar.gz）"))

    def handle(self, *args, destination, **options):
        try:
            path, manifest = create_backup(Path(destination))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(manifest["tables"].values())
        size = sum(entry["size"] for entry in manifest["files"].values())
        self.stdout.write(_("已备份到 {path}：{vendor} 数据库 {tables} 张表共 {rows} 行，"
                            "上传文件 {files} 个共 {size} 字节。").format(
            path=path, vendor=manifest["vendor"], tables=len(manifest["tables"]), rows=rows,
            files=len(manifest["files"]), size=size))
