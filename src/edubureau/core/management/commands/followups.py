"""``edubureau followups scan [--date YYYY-MM-DD]``: send reminders and escalate overdue items (run daily)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from edubureau.core.followup import run_daily_scans_as_system


class Command(BaseCommand):
    help = "限期办理事项：到期提醒与逾期上报（建议每日运行一次）"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["scan"])
        parser.add_argument("--date", help="以该日为“今天”（YYYY-MM-DD），默认今天")

    def handle(self, *args, action, date=None, **options):
        today = None
        if date:
            try:
                today = dt.date.fromisoformat(date)
            except ValueError:
                raise CommandError(_("日期应为 YYYY-MM-DD 格式：{value}").format(value=date)) from None
        report = run_daily_scans_as_system(today, started_by=_("命令行"))
        self.stdout.write(_("已提醒{reminded}项，上报{escalated}项。").format(
            reminded=report.reminded, escalated=report.escalated))
