"""`edubureau demo` really serves: over plain http on 127.0.0.1 a demo user can log in (no Secure-cookie trap),
static files come from the app, and stopping the demo stops its background worker too."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def demo(tmp_path):
    port = free_port()
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / ".collected").write_text("")  # skip collectstatic: whitenoise also serves via finders
    # Production settings (Secure cookies by default) and a private SQLite file, whatever DATABASE_URL says.
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(EDUBUREAU_VAR=str(tmp_path), DJANGO_SETTINGS_MODULE="edubureau.config.settings")
    proc = subprocess.Popen([sys.executable, "-m", "edubureau", "demo", "--port", str(port), "--scale", "0.1"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/login/", timeout=2)
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(proc.stdout.read())
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("the demo did not start serving in time")
    workers = children(proc.pid)
    yield proc, base
    if proc.poll() is None:  # the test failed half-way: stop gently, so the demo stops its worker too
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    for pid in workers:
        if alive(pid):
            os.kill(pid, signal.SIGKILL)


def test_demo_serves_logs_in_over_http_and_stops_its_worker(demo):
    proc, base = demo
    jar = http.cookiejar.CookieJar()  # like a browser, it never sends a Secure cookie over plain http
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"username": "leader", "password": "edubureau-demo",
                                   "csrfmiddlewaretoken": token}).encode()
    request = urllib.request.Request(base + "/login/", data=form, headers={"Referer": base + "/login/"})
    response = opener.open(request)
    assert response.geturl() == base + "/"
    dashboard = response.read().decode()
    assert "工作台" in dashboard and "桐溪县全县" in dashboard
    assert opener.open(base + "/static/js/dashboard.js").status == 200

    workers = children(proc.pid)
    assert workers, "no background worker was started"
    proc.send_signal(signal.SIGTERM)
    output, _ = proc.communicate(timeout=30)
    assert "leader" in output and "已停止" in output
    time.sleep(0.5)
    assert not any(alive(pid) for pid in workers)
