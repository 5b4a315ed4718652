"""``edubureau demo``: migrate, load the demo county into an empty database, print the logins, serve.

``edubureau demo --scale city`` loads the demo city instead (桐州市: eleven counties, about 2,000 schools and
700,000 pupils, issue 16; ``--size 0.05 --counties 2`` for a small one), county by county with timings.

The server is waitress (pure Python, no compiler needed) on the WSGI application, with static files
from whitenoise, and a django-tasks database worker in a child process so background imports run.
Every step goes through the ORM, so ``DATABASE_URL`` decides where the demo lives.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import signal
import subprocess
import sys
import unicodedata

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edubureau.core.management.base import BaseCommand
from edubureau.demo.city.generator import plan_city
from edubureau.demo.city.layout import COUNTIES
from edubureau.demo.generator import DEFAULT_SEED, generate
from edubureau.demo.loader import DEMO_PASSWORD, SHOWN_LOGINS, describe_login, load_county
from edubureau.org.models import School

CITY = "city"


def _scale(value: str):
    """``--scale``: ``city`` for the demo city, else the demo county's class scale (a number)."""
    if value.strip().lower() == CITY:
        return CITY
    try:
        return float(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(_("应为 city 或一个数字")) from exc


def school_year_of(day: dt.date) -> int:
    """The first year of the school year ``day`` falls in (a school year starts on 1 September)."""
    return day.year if day.month >= 9 else day.year - 1


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _n(value: int) -> str:
    return f"{value:,}"


class Command(BaseCommand):
    help = gettext_lazy("演示：迁移数据库，空库时生成演示县，打印访问地址和演示账号，然后启动服务。")

    def add_arguments(self, parser):
        add = parser.add_argument
        add("--port", type=int, default=8000, help=gettext_lazy("端口（默认 8000）"))
        add("--host", default="127.0.0.1", help=gettext_lazy("监听地址（默认 127.0.0.1）"))
        add("--no-serve", action="store_true", help=gettext_lazy("只准备数据，不启动服务"))
        add("--reset", action="store_true", help=gettext_lazy("先清空数据库（所有数据！）再生成演示县"))
        add("--seed", type=int, default=DEFAULT_SEED, help=gettext_lazy("随机种子：同一种子生成同一个县"))
        add("--year", type=int, default=None, help=gettext_lazy("当前学年的起始年份（默认按今天推算）"))
        add("--scale", type=_scale, default=1.0,
            help=gettext_lazy("city：生成演示市（约11个区县）；数字：演示县的班级规模系数（测试用，1.0 为完整演示县）"))
        add("--size", type=float, default=1.0,
            help=gettext_lazy("演示市的规模系数（1.0 为完整演示市，约2000所学校；测试可用 0.05）"))
        add("--counties", type=int, default=None, help=gettext_lazy("演示市只生成前几个区县（默认全部11个）"))

    def handle(self, *args, port, host, no_serve, reset, seed, year, scale, size, counties, **options):
        city = scale == CITY
        if not city and not 0.05 <= scale <= 2:
            raise CommandError(_("--scale 应在 0.05 到 2 之间"))
        if city and not 0.01 <= size <= 1.5:
            raise CommandError(_("--size 应在 0.01 到 1.5 之间"))
        if city and counties is not None and not 1 <= counties <= len(COUNTIES):
            raise CommandError(_("--counties 应在 1 到 {n} 之间").format(n=len(COUNTIES)))
        call_command("migrate", interactive=False, verbosity=0)
        # The shared cache's table (migrate makes it too, through core's post_migrate; this covers a database
        # migrated before the cache moved there — issue 18).
        call_command("createcachetable", verbosity=0)
        if reset:
            call_command("flush", interactive=False, verbosity=0)
            self.stdout.write(_("已清空数据库。"))
        current_year = year or school_year_of(timezone.localdate())
        if School.objects.exists():
            self.stdout.write(_("数据库中已有学校数据，不再生成演示县。"))
        elif city:
            self._load_city(seed, current_year, size, counties)
        else:
            self._load(seed, current_year, scale)
        if city:
            self._print_city_logins(host, port, seed, current_year, size, counties)
        else:
            self._print_logins(host, port)
        if not no_serve:
            self._serve(host, port)

    def _load(self, seed: int, year: int, scale: float) -> None:
        self.stdout.write(_("正在生成演示县（{start}—{end}学年）…").format(start=year, end=year + 1))
        county = generate(seed, current_year=year, scale=scale)
        report = load_county(county)
        self.stdout.write(self.style.SUCCESS(_(
            "演示县「{county}」已载入：{schools}所学校、{staff}名教职工、{postings}条任职经历、{classes}个班级、"
            "{students}条学生学籍（{registered}所学校建有学籍，其余学校按班级人数统计），用时{seconds}秒。"
        ).format(county=county.region_name, schools=_n(report.schools), staff=_n(report.staff),
                 postings=_n(report.postings), classes=_n(report.classes), students=_n(report.students),
                 registered=len({s.school for s in county.students}),
                 seconds=report.seconds)))
        from edubureau.quality.demo import load_demo_exams  # the quality app's demo exams (issue 5)

        summary = load_demo_exams(seed)
        if summary:
            self.stdout.write(summary)
        for loader in _module_demos():
            message = loader(seed)
            if message:
                self.stdout.write(str(message))

    def _load_city(self, seed: int, year: int, size: float, counties: int | None) -> None:
        from edubureau.demo.city.loader import load_city
        from edubureau.demo.city.stories import load_city_stories

        city = plan_city(seed, current_year=year, counties=counties, size=size)
        self.stdout.write(_("正在生成演示市「{city}」（{n}个区县，{start}—{end}学年）…").format(
            city=city.name, n=len(city.counties), start=year, end=year + 1))
        report = load_city(city, say=self.stdout.write)
        seconds = report.seconds
        for line, took in load_city_stories(city, seed):
            seconds += took
            self.stdout.write(line + _("（用时{seconds:.1f}秒）").format(seconds=took))
        self.stdout.write(self.style.SUCCESS(_(
            "演示市「{city}」已载入：{counties}个区县、{schools}所学校、{staff}名教职工、{postings}条任职经历、"
            "{classes}个班级、{students}条学生学籍、{users}个账号，共用时{seconds}秒。"
        ).format(city=city.name, counties=len(report.counties), schools=_n(report.total("schools")),
                 staff=_n(report.total("staff")), postings=_n(report.total("postings")),
                 classes=_n(report.total("classes")), students=_n(report.total("students")),
                 users=_n(report.users), seconds=round(seconds, 1))))

    def _print_city_logins(self, host: str, port: int, seed: int, year: int, size: float,
                           counties: int | None) -> None:
        from edubureau.demo.city.loader import city_logins

        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        self.stdout.write("")
        self.stdout.write(_("访问地址：http://{host}:{port}/").format(host=shown, port=port))
        names = city_logins(plan_city(seed, current_year=year, counties=counties, size=size))
        users = {u.username: u for u in get_user_model().objects.filter(username__in=names)
                 .select_related("profile__school", "profile__zone", "profile__department", "profile__region")}
        if not users:
            self.stdout.write(_("数据库中没有演示市的账号（这不是演示市的数据库）。"))
            return
        self.stdout.write(_("演示账号（密码均为 {password}；各校管理员为 school+学校标识码）：").format(
            password=DEMO_PASSWORD))
        header = (_("用户名"), _("角色"), _("所属区域"))
        rows = []
        for name in names:
            user = users.get(name)
            if user is None:
                continue
            role, _sees = describe_login(user)
            profile = getattr(user, "profile", None)
            rows.append((name, role, str(profile.region) if profile and profile.region_id else _("全部")))
        width = [max(_width(r[i]) for r in [header, *rows]) + 2 for i in range(2)]
        for row in [header, *rows]:
            self.stdout.write("  " + _pad(row[0], width[0]) + _pad(row[1], width[1]) + row[2])
        self.stdout.write("")

    def _print_logins(self, host: str, port: int) -> None:
        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        self.stdout.write("")
        self.stdout.write(_("访问地址：http://{host}:{port}/").format(host=shown, port=port))
        users = {u.username: u for u in get_user_model().objects.filter(username__in=SHOWN_LOGINS)
                 .select_related("profile__school", "profile__zone", "profile__department")}
        if not users:
            self.stdout.write(_("数据库中没有演示账号（这不是演示县的数据库）。"))
            return
        self.stdout.write(_("演示账号（密码均为 {password}）：").format(password=DEMO_PASSWORD))
        header = (_("用户名"), _("角色"), _("可见范围"))
        rows = [(name, *describe_login(users[name])) for name in SHOWN_LOGINS if name in users]
        width = [max(_width(r[i]) for r in [header, *rows]) + 2 for i in range(2)]
        for row in [header, *rows]:
            self.stdout.write("  " + _pad(row[0], width[0]) + _pad(row[1], width[1]) + row[2])
        self.stdout.write("")

    def _ensure_static(self) -> None:
        root = settings.STATIC_ROOT
        if not os.path.isdir(root) or not os.listdir(root):
            self.stdout.write(_("正在收集静态文件（仅首次）…"))
            call_command("collectstatic", interactive=False, verbosity=0)

    def _serve(self, host: str, port: int) -> None:
        from waitress import create_server

        self._ensure_static()
        from edubureau.config.wsgi import application  # after collectstatic: whitenoise indexes files at start

        try:
            server = create_server(application, host=host, port=port, threads=8, ident="edubureau")
        except OSError as exc:
            raise CommandError(_("无法在 {host}:{port} 启动服务：{error}。端口被占用时可用 --port 换一个。").format(
                host=host, port=port, error=exc.strerror or exc)) from exc
        # The demo is plain http on the loopback address: a browser drops cookies marked Secure there, so
        # nobody could log in. Cookie flags are read on each response, so turning them off here suffices.
        settings.SESSION_COOKIE_SECURE = False
        settings.CSRF_COOKIE_SECURE = False
        worker = subprocess.Popen(
            [sys.executable, "-m", "edubureau", "db_worker", "--interval", "2", "--no-reload", "--verbosity", "0"],
            env={**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE",
                                                                         "edubureau.config.settings")},
        )
        # A plain `kill` should stop the worker too, not only Ctrl-C.
        signal.signal(signal.SIGTERM, lambda *_args: sys.exit(0))
        self.stdout.write(_("服务已启动，按 Ctrl-C 停止。"))
        try:
            server.run()
        except KeyboardInterrupt:
            pass
        finally:
            server.close()
            worker.terminate()
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()
            self.stdout.write(_("已停止。"))


# Each module's demo story, loaded after the county in this order (evaluation reads the figures of the
# modules before it). A loader takes the seed and returns one line for the console, or None.
MODULE_DEMOS = (
    "edubureau.plans.demo",
    "edubureau.inspection.demo",
    "edubureau.evaluation.demo",
    "edubureau.staffing.demo",
    "edubureau.welfare.demo",
    "edubureau.enrollment.demo",
    "edubureau.projects.demo",  # before safety and complaints: nothing reads them, and its seats feed enrolment
    "edubureau.safety.demo",
    "edubureau.complaints.demo",
    "edubureau.fitness.demo",
)


def _module_demos():
    for module_name in MODULE_DEMOS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue  # a module without a demo story yet
        yield module.load_demo
