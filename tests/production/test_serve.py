"""Issue 16: ``edubureau serve`` runs several gunicorn workers, answers, logs each request, stops on SIGTERM."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from edubureau.ops.serving import MAX_WORKERS, default_workers, gunicorn_options

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("cores", "workers"), [(1, 3), (2, 5), (4, 9), (6, 12), (64, MAX_WORKERS)])
def test_default_workers_is_twice_the_cores_plus_one_capped(cores, workers):
    assert default_workers(cores) == workers


def test_options_choose_threads_and_log_access_on_stdout():
    options = gunicorn_options(bind=["127.0.0.1:8000"], workers=3, threads=4, timeout=60, graceful_timeout=30,
                               max_requests=2000, access_log=True)
    assert options["worker_class"] == "gthread" and options["accesslog"] == "-"
    assert options["workers"] == 3 and options["threads"] == 4 and options["max_requests_jitter"] == 200
    single = gunicorn_options(bind=["127.0.0.1:8000"], workers=1, threads=1, timeout=60, graceful_timeout=30,
                              max_requests=0, access_log=False)
    assert single["worker_class"] == "sync" and single["accesslog"] is None and single["max_requests_jitter"] == 0


def _wait_for(predicate, what: str, seconds: float = 60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_serve_runs_two_workers_answers_healthz_and_stops_on_sigterm(tmp_path):
    # The server is under test, not the database: a fresh SQLite file answers SELECT 1 without a server.
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(EDUBUREAU_VAR=str(tmp_path), DJANGO_SETTINGS_MODULE="edubureau.config.settings")
    out, err = tmp_path / "stdout.log", tmp_path / "stderr.log"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        # Port 0: the system picks a free port, gunicorn names it in its "Listening at" line.
        server = subprocess.Popen(
            [sys.executable, "-m", "edubureau", "serve", "--bind", "127.0.0.1:0", "--workers", "2", "--threads", "2",
             "--no-collectstatic"], cwd=ROOT, env=env, stdout=stdout, stderr=stderr)
        try:
            listening = _wait_for(lambda: re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", err.read_text()),
                                  "gunicorn to listen")
            booted = _wait_for(lambda: len(re.findall(r"Booting worker with pid", err.read_text())) >= 2 or None,
                               "two workers")
            assert booted
            with urllib.request.urlopen(f"http://127.0.0.1:{listening.group(1)}/healthz", timeout=30) as response:
                assert response.status == 200
                assert b'"status": "ok"' in response.read()
            _wait_for(lambda: "GET /healthz" in out.read_text(), "the access log line on stdout")
        finally:
            server.send_signal(signal.SIGTERM)
            code = server.wait(timeout=60)
    assert code == 0, err.read_text()
    assert "2个进程" in out.read_text()
