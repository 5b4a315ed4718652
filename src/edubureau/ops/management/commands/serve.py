"""``edubureau serve``: the production web server, gunicorn with several worker processes (issue 16).

Why gunicorn and not the demo's waitress: waitress is one Python process, and one process uses one core (the
GIL), which capped the demo at 17 requests/s on two cores. gunicorn's master forks N workers that share the
socket, replaces one that dies or hangs, and stops gracefully on SIGTERM; it needs Linux (or another Unix),
which is what a bureau's server runs. See :mod:`edubureau.ops.serving`.

Background tasks run in a separate process, ``edubureau worker``; put a reverse proxy (nginx) in front for
TLS (README, 生产部署).
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edubureau.core.management.base import BaseCommand
from edubureau.ops.serving import MAX_WORKERS, EdubureauServer, default_workers, gunicorn_options


class Command(BaseCommand):
    help = gettext_lazy("生产环境服务：gunicorn 多进程（每个进程多线程），访问日志输出到标准输出。")

    def add_arguments(self, parser):
        add = parser.add_argument
        add("--bind", action="append", default=None,
            help=gettext_lazy("监听地址，可重复（默认 127.0.0.1:8000；反向代理在本机时无需改）"))
        add("--workers", type=int, default=None,
            help=gettext_lazy("工作进程数（默认 2×CPU 核数+1，最多 {max}）").format(max=MAX_WORKERS))
        add("--threads", type=int, default=4, help=gettext_lazy("每个进程的线程数（默认 4）"))
        add("--timeout", type=int, default=60, help=gettext_lazy("请求超过此秒数无响应则重启该进程（默认 60）"))
        add("--graceful-timeout", type=int, default=30,
            help=gettext_lazy("停止或重启时等待进行中请求的秒数（默认 30）"))
        add("--max-requests", type=int, default=2000,
            help=gettext_lazy("每个进程处理这么多请求后自动替换，0 为不替换（默认 2000）"))
        add("--no-access-log", action="store_true", help=gettext_lazy("不输出访问日志"))
        add("--no-collectstatic", action="store_true", help=gettext_lazy("启动前不检查静态文件"))

    def handle(self, *args, bind, workers, threads, timeout, graceful_timeout, max_requests, no_access_log,
               no_collectstatic, **options):
        workers = default_workers() if workers is None else workers
        if not 1 <= workers <= 64:
            raise CommandError(_("--workers 应在 1 到 64 之间"))
        if not 1 <= threads <= 64:
            raise CommandError(_("--threads 应在 1 到 64 之间"))
        if timeout < 1 or graceful_timeout < 1 or max_requests < 0:
            raise CommandError(_("--timeout 与 --graceful-timeout 应为正数，--max-requests 不能为负数"))
        if not no_collectstatic:
            self._ensure_static()
        from edubureau.config.wsgi import application  # after collectstatic: whitenoise indexes files at start

        # The master imported Django (preload): it must not hand an open database connection to its children.
        connections.close_all()
        bind = bind or ["127.0.0.1:8000"]
        self.stdout.write(_("edubureau 服务：{workers}个进程 × {threads}个线程，监听 {bind}").format(
            workers=workers, threads=threads, bind="、".join(bind)))
        self.stdout.flush()
        EdubureauServer(application, gunicorn_options(
            bind=bind, workers=workers, threads=threads, timeout=timeout, graceful_timeout=graceful_timeout,
            max_requests=max_requests, access_log=not no_access_log)).run()

    def _ensure_static(self) -> None:
        root = settings.STATIC_ROOT
        if not os.path.isdir(root) or not os.listdir(root):
            self.stdout.write(_("正在收集静态文件…"))
            call_command("collectstatic", interactive=False, verbosity=0)
