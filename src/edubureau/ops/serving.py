"""The production server behind ``edubureau serve``: gunicorn, several worker processes, each with a few threads.

Why gunicorn (issue 16): one Python process is the limit today (``edubureau demo``'s waitress, one process and
eight threads, gave 17 requests/s on two cores whatever the database), because the GIL lets one process use one
core. gunicorn's pre-fork master starts N worker processes that share the listening socket, restarts one that
dies or hangs (``timeout``), recycles workers after ``max_requests`` so a slow leak cannot grow for ever, and
stops gracefully on SIGTERM. It runs on Linux and other Unix systems only; waitress stays for ``edubureau demo``
(pure Python, also on Windows), and a Windows host can run waitress behind the same reverse proxy.
"""

from __future__ import annotations

import os

from gunicorn.app.base import BaseApplication

__all__ = ["MAX_WORKERS", "EdubureauServer", "default_workers", "gunicorn_options"]

MAX_WORKERS = 12  # 2 × cores + 1 on a big host would start dozens, each holding its own database connections


def default_workers(cpu_count: int | None = None) -> int:
    """Gunicorn's rule of thumb, 2 × cores + 1, capped at :data:`MAX_WORKERS`.

    >>> default_workers(2), default_workers(64)
    (5, 12)
    """
    cores = cpu_count if cpu_count is not None else (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                                                      else os.cpu_count() or 1)
    return max(1, min(2 * cores + 1, MAX_WORKERS))


def gunicorn_options(*, bind: list[str], workers: int, threads: int, timeout: int, graceful_timeout: int,
                     max_requests: int, access_log: bool) -> dict:
    """The gunicorn settings of ``edubureau serve``: access log on stdout, errors on stderr, the app loaded once.

    Threads > 1 choose the ``gthread`` worker (a worker answers several requests while one waits on the
    database); ``preload_app`` imports Django once in the master, so the workers share its memory pages.
    """
    return {
        "bind": bind,
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread" if threads > 1 else "sync",
        "timeout": timeout,
        "graceful_timeout": graceful_timeout,
        "max_requests": max_requests,
        "max_requests_jitter": max_requests // 10 if max_requests else 0,
        "accesslog": "-" if access_log else None,
        "errorlog": "-",
        "preload_app": True,
        "proc_name": "edubureau",
        # The reverse proxy's X-Forwarded-* headers are trusted from the loopback only (gunicorn's default);
        # FORWARDED_ALLOW_IPS in the environment widens it when the proxy runs on another host.
        "forwarded_allow_ips": os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1"),
    }


class EdubureauServer(BaseApplication):
    """Gunicorn run from inside our command, with options from its arguments rather than gunicorn's own CLI."""

    def __init__(self, application, options: dict):
        self.application = application
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            if value is not None:
                self.cfg.set(key, value)
        # gunicorn 24+ opens a control socket at one fixed path per user: a second instance on the host (a
        # staging copy, the load benchmark) would take it over. We do not use it.
        if "control_socket_disable" in self.cfg.settings:
            self.cfg.set("control_socket_disable", True)

    def load(self):
        return self.application
