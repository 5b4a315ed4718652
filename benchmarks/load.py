"""Benchmark (issue 16): logged-in users of every role clicking through a served edubureau, with some writes.

Run with ``make bench-load`` or ``.venv/bin/python benchmarks/load.py [--url http://127.0.0.1:8000/]
[--users 50] [--duration 180] [--think 3 10] [--seed 16] [--json out.json]``; ``--think 0`` measures the
saturation throughput. ``--serve demo`` (``edubureau demo``, waitress, one process) or ``--serve "edubureau
serve ..."`` starts the server on the URL's port and stops it afterwards; without it the server must be running.

Only a loopback target is accepted (127.0.0.1, localhost, ::1), and the run stops by itself: after the ramp-up
and ``--duration`` seconds, or after ``--max-requests`` requests. Users are the demo logins (password
``edubureau-demo``) taken in turn: leader, jichu, renshi, dudao, duxue, xiaozhang, shenji. Their logins are
spread over ``--ramp`` seconds (Argon2 costs ~150 ms of CPU and much memory per login). Each user then clicks,
with a seeded random think time between clicks: a page of the menu (pages the role is refused are left out by
one probe per role before the run), a detail page linked from the page it is on, or, now and then, a write:

- a follow-up answer: 反馈整改情况 (the school, the departments that owe one) or 退回重办 (the issuer), taken
  from a follow-up page that offers it (``/followups/<id>/act/``);
- a task progress report (``/plans/tasks/<id>/report/``), by the departments from 我的任务;
- an evaluation score entry (``/evaluation/<id>/scores/?school=<id>``), by the evaluating department (dudao).

A write answered 4xx/5xx (or not at all) is an error; one the application turns down on the page (a form
re-shown, a red message after the redirect) is counted as refused. The client is threads with keep-alive
``http.client`` connections and regular expressions instead of an HTML parser, so it stays cheap; it prints its
own CPU time, and the server's CPU time and peak memory when it started the server.

It prints, per page grouped by URL pattern (ids replaced by ``<id>``), the count, p50/p95/p99/max in ms and
errors in the measured window (after the ramp-up; logins: during it), then the requests per second of that window
and, with ``--think 0``, their ratio to the 17 requests/s of issue 16 (``edubureau demo``, 50 users). On a shared
machine the server's CPU milliseconds per request is the steadier figure: it is printed with what else ran.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import math
import os
import random
import re
import resource
import shlex
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

PASSWORD = "edubureau-demo"
ROLES = ("leader", "jichu", "renshi", "dudao", "duxue", "xiaozhang", "shenji")
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
BASELINE_RPS = 17.0  # issue 16: edubureau demo, 50 users, no think time, SQLite and PostgreSQL alike

# Menu pages not clicked: documentation, the user's own account, downloads, the admin.
SKIP_PAGES = re.compile(r"^/(api/|account/|admin/|static/|logout/)|\.(xlsx|docx|csv|pdf)$")
# A detail page: a path whose last segment is an id; not a form, an action or a download.
DETAIL = re.compile(r"^/[a-z0-9/_-]*/\d+/$")
NOT_DETAIL = re.compile(r"/(edit|delete|new|move|merge|split|act|publish|recompute|attachments|files|admin|api)/")
HREF = re.compile(r'href="(/[^"#?]*)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ID = re.compile(r"/\d+(?=/)")


def pattern(method: str, path: str) -> str:
    """``GET /org/schools/<id>/`` for ``/org/schools/12/?page=2``: one row per page, not per id."""
    return f"{method} {ID.sub('/<id>', path.split('?', 1)[0])}"


class Stats:
    """Every request's pattern, start, duration and outcome, shared by the users (appends are atomic)."""

    def __init__(self):
        self.rows: list[tuple[str, float, float, bool]] = []  # (pattern, start, ms, error)
        self.writes: dict[str, dict[str, int]] = defaultdict(lambda: {"done": 0, "refused": 0, "errors": 0,
                                                                       "no_target": 0})
        self.error_samples: list[str] = []

    def add(self, key: str, start: float, ms: float, error: bool, note: str = "") -> None:
        self.rows.append((key, start, ms, error))
        if error and len(self.error_samples) < 20:
            self.error_samples.append(f"{key}: {note}")


class Browser:
    """One user's connection and cookies; each request is timed into ``stats``."""

    def __init__(self, host: str, port: int, stats: Stats, timeout: float = 60.0):
        self.host, self.port, self.stats, self.timeout = host, port, stats, timeout
        self.conn: http.client.HTTPConnection | None = None
        self.cookies: dict[str, str] = {}
        self.record = True
        self.who = ""

    def request(self, method: str, path: str, form: dict | None = None, referer: str = "",
                key: str | None = None) -> tuple[int, str, str]:
        """(status, body, Location) of one request, timed; status 0 when the connection failed."""
        headers = {"Host": f"{self.host}:{self.port}", "User-Agent": "edubureau-load/1", "Accept": "text/html"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if referer:
            headers["Referer"] = f"http://{self.host}:{self.port}{referer}"
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        key = key or pattern(method, path)
        start = time.perf_counter()
        status, text, location, note = 0, "", "", ""
        for attempt in (1, 2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                raw = response.read()
                status, location = response.status, response.getheader("Location", "")
                for cookie in response.headers.get_all("Set-Cookie") or []:
                    name, _, rest = cookie.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
                text, note = raw.decode("utf-8", "replace"), ""  # answered: a retried stale socket is no error
                if response.will_close:
                    self.close()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as exc:
                # A kept-alive connection the server closed while the user was thinking: open a new one once.
                self.close()
                note = repr(exc)
                if attempt == 2 or method != "GET":
                    break
            except (OSError, http.client.HTTPException) as exc:
                self.close()
                note = repr(exc)
                break
        ms = (time.perf_counter() - start) * 1000
        if self.record:
            self.stats.add(key, start, ms, status == 0 or status >= 400,
                           f"{note or f'HTTP {status}'} ({self.who} {path} from {referer or '-'})")
        return status, text, location

    def get(self, path: str, referer: str = "") -> tuple[int, str]:
        """GET ``path``, following redirects the way a browser does (each hop timed on its own)."""
        status, text, location = self.request("GET", path, referer=referer)
        hops = 0
        while status in (301, 302, 303) and location and hops < 3:
            path, hops = self._local(location), hops + 1
            status, text, location = self.request("GET", path, referer=referer)
        return status, text

    def post(self, path: str, form: dict, referer: str) -> tuple[int, str, str]:
        """POST ``form`` (with the CSRF token of the page ``referer``); follows a redirect; (status, body, where)."""
        status, text, location = self.request("POST", path, form=form, referer=referer)
        if status in (301, 302, 303) and location:
            where = self._local(location)
            return status, self.get(where, referer=path)[1], where
        return status, text, path

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    @staticmethod
    def _local(location: str) -> str:
        parts = urllib.parse.urlsplit(location)
        return parts.path + (f"?{parts.query}" if parts.query else "")


def login(browser: Browser, username: str) -> bool:
    status, page = browser.get("/login/")
    token = CSRF.search(page)
    if status != 200 or not token:
        return False
    status, _page, location = browser.request(
        "POST", "/login/", form={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)},
        referer="/login/")
    if status != 302:
        return False
    browser.get(browser._local(location) or "/")
    return True


def menu_pages(page: str) -> list[str]:
    """The menu's pages: the links of the left-hand nav (the dashboard's first block of links)."""
    nav = page.split('class="flex-grow-1', 1)[0]  # the menu ends where <main> begins
    links = [link for link in dict.fromkeys(HREF.findall(nav)) if not SKIP_PAGES.search(link)]
    return links or ["/"]


def detail_links(page: str) -> list[str]:
    return [link for link in dict.fromkeys(HREF.findall(page)) if DETAIL.match(link) and not NOT_DETAIL.search(link)]


def probe_roles(host: str, port: int, roles: list[str]) -> dict[str, dict]:
    """For each role, the menu pages it may open (one login and one GET each, not measured)."""
    found = {}
    for role in roles:
        browser = Browser(host, port, Stats())
        browser.record = False
        if not login(browser, role):
            raise SystemExit(f"登录失败：{role}（演示账号，密码 {PASSWORD}）")
        _status, dashboard = browser.get("/")
        pages, refused = [], []
        for link in menu_pages(dashboard):
            status, _page = browser.get(link)
            # Refused or absent for this role: not clicked. A page that fails (5xx) stays, to show as errors.
            (refused if status in (401, 403, 404, 405) else pages).append(link)
        found[role] = {"pages": pages, "refused": refused}
        browser.close()
    return found


# Writes ------------------------------------------------------------------------------------------------


def write_followup(user: User) -> str:
    """Answer (反馈整改情况) or send back (退回重办) an open follow-up the user is offered."""
    b, rng = user.browser, user.rng
    # The school answers what it owes; a bureau user answers or sends back what was answered to it.
    queries = ["urgency=open"] if role_kind(user.role) == "xiaozhang" else ["urgency=open", "state=responded"]
    _status, page = b.get(f"/followups/?{rng.choice(queries)}", referer="/")
    links = [link for link in detail_links(page) if link.startswith("/followups/")]
    rng.shuffle(links)
    for link in links[:6]:
        _status, page = b.get(link, referer="/followups/")
        for action_url, body in re.findall(r'<form method="post" action="(/followups/\d+/act/)"(.*?)</form>', page,
                                           re.S):
            action = re.search(r'name="action" value="(\w+)"', body)
            token = CSRF.search(body)
            if not action or not token or action.group(1) not in ("respond", "return"):
                continue
            form = {"csrfmiddlewaretoken": token.group(1), "action": action.group(1), "next": link}
            if action.group(1) == "respond":
                form["measures"] = f"已整改（压测 {user.name} #{rng.randrange(10**6)}）：制定措施，责任到人。"
                form["note"] = ""
            else:
                form["note"] = f"佐证不足，请补充（压测 #{rng.randrange(10**6)}）。"
            status, landing, _where = b.post(action_url, form, referer=link)
            if status >= 400 or status == 0:
                return "errors"
            return "refused" if "alert-danger" in landing else "done"
    return "no_target"


def write_report(user: User) -> str:
    """A department's progress report on one of 我的任务 (this month; departments may report again)."""
    b, rng = user.browser, user.rng
    _status, page = b.get("/plans/mine/", referer="/")
    links = sorted(set(re.findall(r'href="(/plans/tasks/\d+/report/)[^"]*"', page)))
    if not links:
        return "no_target"
    link = rng.choice(links)
    status, page = b.get(link, referer="/plans/mine/")
    token = CSRF.search(page)
    if status >= 400 or not token:
        return "errors" if status >= 400 or status == 0 else "no_target"
    previous = re.search(r'name="percent_done" value="(\d+)"', page)
    percent = min(100, (int(previous.group(1)) if previous else 0) + rng.randint(0, 10))
    form = {"csrfmiddlewaretoken": token.group(1), "period": dt.date.today().strftime("%Y-%m"),
            "narrative": f"本月推进情况（压测 {user.name} #{rng.randrange(10**6)}）：按计划推进。",
            "percent_done": str(percent), "figure": "", "next": ""}
    status, landing, _where = b.post(link, form, referer=link)
    if status >= 400 or status == 0:
        return "errors"
    return "done" if status in (301, 302, 303) else "refused"


def write_scores(user: User) -> str:
    """The evaluator scores one school on a scheme of this year (every entered indicator)."""
    b, rng = user.browser, user.rng
    _status, page = b.get("/evaluation/", referer="/")
    schemes = sorted({int(pk) for pk in re.findall(r'href="/evaluation/(\d+)/"', page)}, reverse=True)
    for pk in schemes[:2]:
        entry = f"/evaluation/{pk}/scores/"
        status, page = b.get(entry, referer=f"/evaluation/{pk}/")
        schools = sorted(set(re.findall(r'href="\?school=(\d+)"', page)))
        if status >= 400 or not schools:
            continue
        path = f"{entry}?school={rng.choice(schools)}"
        _status, page = b.get(path, referer=entry)
        inputs = re.findall(r'<input type="number"[^>]*max="([\d.]+)" name="s_(\d+)"[^>]*>', page)
        token = CSRF.search(page)
        if not inputs or not token or "disabled" in inputs[0]:
            continue
        form = {"csrfmiddlewaretoken": token.group(1)}
        for top, ind in inputs:
            form[f"s_{ind}"] = f"{round(rng.uniform(0.6, 1.0) * float(top) * 2) / 2:g}"
            form[f"c_{ind}"] = ""
        status, landing, _where = b.post(path, form, referer=path)
        if status >= 400 or status == 0:
            return "errors"
        return "done" if status in (301, 302, 303) else "refused"
    return "no_target"


WRITES = {  # role: the writes it makes
    "jichu": (write_followup, write_report),
    "renshi": (write_followup, write_report),
    "dudao": (write_followup, write_report, write_scores),
    "duxue": (write_followup,),
    "xiaozhang": (write_followup,),
}
def role_kind(login: str) -> str:
    """The county demo's role a login plays: the city demo's ``tongxi_jichu`` is a jichu, ``tongxi_duxue3`` a duxue,
    ``school3199210001`` a xiaozhang."""
    if login.startswith("school") and login[6:].isdigit():
        return "xiaozhang"
    return login.rsplit("_", 1)[-1].rstrip("0123456789")


WRITE_NAMES = {write_followup: "follow-up answer", write_report: "task progress report",
               write_scores: "evaluation score entry"}


# Users -------------------------------------------------------------------------------------------------


class User(threading.Thread):
    """A demo login clicking through its pages until ``stop``; start delayed by ``delay`` (the ramp)."""

    def __init__(self, index: int, role: str, pages: list[str], args, stats: Stats, stop: threading.Event):
        super().__init__(daemon=True, name=f"user-{index}")
        self.name, self.role, self.pages, self.args, self.stats, self.stop = f"{role}-{index}", role, pages, args, \
            stats, stop
        self.rng = random.Random(args.seed * 1_000_003 + index)
        self.delay = index * args.ramp / max(args.users, 1)
        self.browser = Browser(args.host, args.port, stats)
        self.browser.who = role
        self.logged_in = False

    def run(self) -> None:
        if self.stop.wait(self.delay):
            return
        self.logged_in = login(self.browser, self.role)
        if not self.logged_in:
            return
        here, depth = "/", 0
        writes = WRITES.get(role_kind(self.role), ())
        weights = [3 if page == "/" else 1 for page in self.pages]
        page_text = ""
        while not self.stop.is_set():
            if self.stop.wait(self.rng.uniform(*self.args.think)):
                break
            if len(self.stats.rows) >= self.args.max_requests:
                self.stop.set()
                break
            details = detail_links(page_text) if depth < 2 else []
            roll = self.rng.random()
            if writes and roll < self.args.write_share:
                write = self.rng.choice(writes)
                self.stats.writes[WRITE_NAMES[write]][write(self)] += 1
                here, depth, page_text = "/", 0, ""
                continue
            if details and roll < 0.5:
                target, depth = self.rng.choice(details), depth + 1
            else:
                target, depth = self.rng.choices(self.pages, weights)[0], 0
            _status, page_text = self.browser.get(target, referer=here)
            here = target
        self.browser.close()


# The server --------------------------------------------------------------------------------------------


def server_command(serve: str, host: str, port: int) -> list[str]:
    """``demo`` → ``edubureau demo --host H --port P``; otherwise the command with ``{host}``/``{port}`` filled
    in, ``edubureau`` taken from this Python's venv, and ``--bind H:P`` added to ``edubureau serve``."""
    bin_dir = Path(sys.executable).parent
    if serve.strip() == "demo":
        return [str(bin_dir / "edubureau"), "demo", "--host", host, "--port", str(port)]
    words = [w.format(host=host, port=port) for w in shlex.split(serve)]
    if words and words[0] == "edubureau" and (bin_dir / "edubureau").exists():
        words[0] = str(bin_dir / "edubureau")
    if "serve" in words and not any(w.startswith("--bind") for w in words):
        words += ["--bind", f"{host}:{port}"]
    return words


def start_server(command: list[str], host: str, port: int, log: Path, wait: float = 900.0) -> subprocess.Popen:
    """Start ``command`` in its own session (so its workers can be found and stopped) and wait for /login/."""
    print(f"启动服务：{shlex.join(command)}（日志 {log}）", flush=True)
    process = subprocess.Popen(command, stdout=log.open("ab"), stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                               start_new_session=True)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"服务未能启动（退出码 {process.returncode}），见 {log}")
        try:
            conn = http.client.HTTPConnection(host, port, timeout=5)
            conn.request("GET", "/login/")
            if conn.getresponse().status == 200:
                conn.close()
                return process
        except OSError:
            pass
        time.sleep(1)
    stop_server(process)
    raise SystemExit(f"服务 {wait:.0f} 秒内未就绪，见 {log}")


def stop_server(process: subprocess.Popen) -> None:
    """SIGINT, then SIGTERM, then SIGKILL to the server's own process group (only what this script started)."""
    for sig, grace in ((signal.SIGINT, 20), (signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        if process.poll() is not None:
            return
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            continue


def session_processes(sid: int, database: str = "") -> list[tuple[int, bool]]:
    """Processes of session ``sid`` (the server and its workers), and the PostgreSQL backends serving
    ``database`` (their title is ``postgres: user database host(port) state``): (pid, is a backend)."""
    pids = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                fields = Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()
                title = Path(entry.path, "cmdline").read_bytes().split(b"\0", 1)[0].decode(errors="replace")
            except OSError:
                continue
            backend = database and title.startswith("postgres: ") and f" {database} " in title
            if int(fields[3]) == sid or backend:  # fields after "(comm)": state ppid pgrp session …
                pids.append((int(entry.name), bool(backend)))
    return pids


def database_name() -> str:
    """The PostgreSQL database of DATABASE_URL, or "" (SQLite runs inside the server's processes)."""
    url = urllib.parse.urlsplit(os.environ.get("DATABASE_URL", ""))
    return url.path.strip("/") if url.scheme.startswith("postgres") else ""


class ServerMonitor(threading.Thread):
    """Samples the CPU seconds and resident memory of the server's processes (and of its PostgreSQL backends)
    every second."""

    def __init__(self, sid: int):
        super().__init__(daemon=True)
        self.sid, self.stop, self.database = sid, threading.Event(), database_name()
        self.cpu: dict[int, float] = {}
        self.peak_rss_mb = 0.0
        self.tick = os.sysconf("SC_CLK_TCK")

    def sample(self) -> None:
        rss = 0.0
        for pid, backend in session_processes(self.sid, self.database):
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                self.cpu[pid] = (int(fields[11]) + int(fields[12])) / self.tick
                if not backend:  # a backend's resident size counts PostgreSQL's shared buffers again and again
                    rss += int(fields[21]) * os.sysconf("SC_PAGE_SIZE") / 2**20
            except (OSError, IndexError):
                continue
        self.peak_rss_mb = max(self.peak_rss_mb, rss)

    def run(self) -> None:
        while not self.stop.wait(1.0):
            self.sample()

    def cpu_seconds(self) -> float:
        return sum(self.cpu.values())


def machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far, from /proc/stat: what else ran beside the test."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    tick = os.sysconf("SC_CLK_TCK")
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields) - idle) / tick, sum(fields) / tick


# Figures -----------------------------------------------------------------------------------------------


def percentile(ordered: list[float], p: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] if ordered else 0.0


def summarise(stats: Stats, window: tuple[float, float]) -> dict:
    start, end = window
    by_page: dict[str, list] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    for key, t, ms, error in stats.rows:
        if not start <= t < end and "/login/" not in key:
            continue  # pages are timed in the measured window; logins (all in the ramp-up) wherever they are
        by_page[key].append(ms)
        errors[key] += error
    pages = []
    for key, times in sorted(by_page.items(), key=lambda kv: (kv[0].split(" ", 1)[1], kv[0])):
        times.sort()
        pages.append({"page": key, "count": len(times), "p50_ms": round(percentile(times, 50)),
                      "p95_ms": round(percentile(times, 95)), "p99_ms": round(percentile(times, 99)),
                      "max_ms": round(times[-1]), "errors": errors[key]})
    measured = [row for row in stats.rows if start <= row[1] < end]
    seconds = max(end - start, 1e-9)
    all_times = sorted(row[2] for row in measured)
    return {
        "pages": pages,
        "requests": len(stats.rows),
        "errors": sum(row[3] for row in stats.rows),
        "window_seconds": round(seconds, 1),
        "window_requests": len(measured),
        "window_errors": sum(row[3] for row in measured),
        "requests_per_second": round(len(measured) / seconds, 1),
        "window_p50_ms": round(percentile(all_times, 50)),
        "window_p95_ms": round(percentile(all_times, 95)),
        "writes": {name: dict(counts) for name, counts in sorted(stats.writes.items())},
        "error_samples": stats.error_samples,
    }


def print_figures(figures: dict, baseline: float) -> None:
    s = figures["summary"]
    run = figures["run"]
    print()
    print(f"{'page':<52} {'count':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7} {'errors':>6}")
    for row in s["pages"]:
        print(f"{row['page']:<52} {row['count']:>6} {row['p50_ms']:>7} {row['p95_ms']:>7} {row['p99_ms']:>7} "
              f"{row['max_ms']:>7} {row['errors']:>6}")
    print()
    print(f"全部请求 {s['requests']:,} 次，错误 {s['errors']} 次；计量窗口（登录分散之后）{s['window_seconds']} 秒："
          f"{s['window_requests']:,} 次，{s['requests_per_second']} 次/秒（p50 {s['window_p50_ms']} 毫秒，"
          f"p95 {s['window_p95_ms']} 毫秒），错误 {s['window_errors']} 次")
    if run["think"] == [0.0, 0.0]:
        print(f"饱和吞吐 {s['requests_per_second']} 次/秒 = 议题 16 基线（edubureau demo，{baseline:g} 次/秒）的 "
              f"{s['requests_per_second'] / baseline:.2f} 倍")
    for name, counts in s["writes"].items():
        print(f"写入 {name}：完成 {counts.get('done', 0)}，被页面拒绝 {counts.get('refused', 0)}，"
              f"出错 {counts.get('errors', 0)}，无可写对象 {counts.get('no_target', 0)}")
    c = figures["client"]
    print(f"客户端 CPU {c['cpu_seconds']} 秒（{c['cpu_share_of_one_core']:.0%} 个核），{c['users_logged_in']}/"
          f"{run['users']} 个用户登录成功")
    if figures.get("server"):
        v = figures["server"]
        print(f"服务端 CPU {v['cpu_seconds']} 秒（{v['cpu_share_of_cores']:.0%} of {os.cpu_count()} 核，"
              f"每次请求 {v['cpu_ms_per_request']} 毫秒），"
              f"内存峰值 {v['peak_rss_mb']:.0f} MB，{v['processes']} 个进程")
    m = figures["machine"]
    others = m["busy_cpu_seconds"] - c["cpu_seconds"] - (figures.get("server") or {}).get("cpu_seconds", 0.0)
    print(f"整机 CPU 忙 {m['busy_cpu_seconds']} / {m['cpu_seconds']} 秒，其中其他进程约 {max(others, 0):.1f} 秒；"
          f"1 分钟负载 {m['load_average_1min'][0]:.1f} → {m['load_average_1min'][1]:.1f}")
    for sample in s["error_samples"][:5]:
        print(f"  错误示例：{sample}")


# Main --------------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000/", help="the server (loopback only)")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=180.0, help="seconds measured after the ramp-up")
    parser.add_argument("--think", type=float, nargs="+", default=[3.0, 10.0], metavar="SECONDS",
                        help="think time between clicks, MIN MAX (uniform) or one value; 0: saturation")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--ramp", type=float, default=None,
                        help="seconds over which the logins are spread (default: 0.5 s per user)")
    parser.add_argument("--write-share", type=float, default=0.1,
                        help="share of a writing role's clicks that are writes (default 0.1)")
    parser.add_argument("--max-requests", type=int, default=200_000, help="stop after this many requests")
    parser.add_argument("--roles", default=",".join(ROLES), help="demo logins taken in turn")
    parser.add_argument("--serve", default=None,
                        help='start the server: "demo" or a command such as "edubureau serve --workers 4"; '
                             "{host} and {port} are filled in from --url")
    parser.add_argument("--baseline", type=float, default=BASELINE_RPS, help="requests/s to compare saturation to")
    parser.add_argument("--json", default=None, metavar="OUT.json", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    url = urllib.parse.urlsplit(args.url)
    if url.scheme != "http" or url.hostname not in LOOPBACK:
        parser.error(f"只压测本机：--url 须为 http://127.0.0.1、localhost 或 [::1]，而不是 {args.url}")
    args.host, args.port = url.hostname, url.port or 80
    if len(args.think) == 1:
        args.think = [args.think[0], args.think[0]]
    if len(args.think) != 2 or not 0 <= args.think[0] <= args.think[1]:
        parser.error("--think MIN MAX：0 ≤ MIN ≤ MAX")
    if args.ramp is None:
        args.ramp = 0.5 * args.users
    if not 0 < args.duration <= 3600 or not 0 < args.users <= 500:
        parser.error("--duration 须在 (0, 3600] 秒，--users 须在 (0, 500]")
    return args


def main(argv: list[str] | None = None) -> dict:
    args = parse_args(argv)
    process = monitor = None
    if args.serve:
        log = Path(os.environ.get("EDUBUREAU_VAR", ".")) / "load-server.log"
        process = start_server(server_command(args.serve, args.host, args.port), args.host, args.port, log)
        monitor = ServerMonitor(process.pid)
    try:
        roles = [r for r in args.roles.split(",") if r]
        probe = probe_roles(args.host, args.port, roles)
        for role, found in probe.items():
            if found["refused"]:
                print(f"{role}：菜单中 {len(found['refused'])} 个页面拒绝访问，不点：{' '.join(found['refused'])}")
        stats, stop = Stats(), threading.Event()
        users = [User(i, roles[i % len(roles)], probe[roles[i % len(roles)]]["pages"], args, stats, stop)
                 for i in range(args.users)]
        print(f"{args.users} 个用户（{', '.join(roles)} 轮流），登录分散在 {args.ramp:g} 秒内，之后计量 "
              f"{args.duration:g} 秒；思考时间 {args.think[0]:g}–{args.think[1]:g} 秒，写入占比 "
              f"{args.write_share:g}，种子 {args.seed}；目标 {args.url}", flush=True)
        if monitor:
            monitor.sample()
            monitor.start()
        cpu_start = resource.getrusage(resource.RUSAGE_SELF)
        machine_start, load_start = machine_cpu(), os.getloadavg()[0]
        server_cpu_start = monitor.cpu_seconds() if monitor else 0.0
        t0 = time.perf_counter()
        for user in users:
            user.start()
        window_start = t0 + args.ramp
        stop.wait(args.ramp + args.duration)
        window_end = time.perf_counter()
        stop.set()
        for user in users:
            user.join(timeout=65)
        cpu_end = resource.getrusage(resource.RUSAGE_SELF)
        machine_end, load_end = machine_cpu(), os.getloadavg()[0]
        elapsed = time.perf_counter() - t0
        client_cpu = (cpu_end.ru_utime - cpu_start.ru_utime) + (cpu_end.ru_stime - cpu_start.ru_stime)
        figures = {
            "run": {"url": args.url, "users": args.users, "duration": args.duration, "ramp": args.ramp,
                    "think": args.think, "seed": args.seed, "write_share": args.write_share, "serve": args.serve,
                    "database": os.environ.get("DATABASE_URL", "sqlite (EDUBUREAU_VAR)"),
                    "date": dt.datetime.now().isoformat(timespec="seconds"), "cpus": os.cpu_count()},
            "roles": probe,
            "summary": summarise(stats, (window_start, window_end)),
            "client": {"cpu_seconds": round(client_cpu, 1), "cpu_share_of_one_core": client_cpu / elapsed,
                       "users_logged_in": sum(u.logged_in for u in users)},
            "machine": {"busy_cpu_seconds": round(machine_end[0] - machine_start[0], 1),
                        "cpu_seconds": round(machine_end[1] - machine_start[1], 1),
                        "load_average_1min": [load_start, load_end]},
        }
        if monitor:
            monitor.sample()
            monitor.stop.set()
            server_cpu = monitor.cpu_seconds() - server_cpu_start
            figures["server"] = {"cpu_seconds": round(server_cpu, 1),
                                 "cpu_share_of_cores": server_cpu / elapsed / (os.cpu_count() or 1),
                                 "peak_rss_mb": round(monitor.peak_rss_mb), "processes": len(monitor.cpu),
                                 "cpu_ms_per_request": round(server_cpu * 1000 / max(len(stats.rows), 1), 1)}
    finally:
        if process is not None:
            stop_server(process)
    print_figures(figures, args.baseline)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, ensure_ascii=False, indent=1))
    return figures


if __name__ == "__main__":
    main()
