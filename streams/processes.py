"""Worker processes started by the demo, the integration tests and the benchmarks.

A worker is "ready" when its web server answers and it holds every partition of the articles
topic: only then is a published article certain to be consumed by someone.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from streams.auth import auth_headers
from streams.settings import Settings

REPO = Path(__file__).resolve().parents[1]


class WorkerFailed(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get_json(url: str, timeout: float = 10.0, token: str | None = None) -> Any:
    request = urllib.request.Request(url, headers=auth_headers(token))
    with urllib.request.urlopen(request, timeout=timeout) as resp:
        return json.loads(resp.read())


class WorkerProcess:
    """``timewire worker`` as a child process with its own environment and log file."""

    def __init__(self, env: dict[str, str], log: Path, cpus: set[int] | None = None) -> None:
        self.env = env
        self.log = log
        self.cpus = cpus  # the cores it and its extraction processes may run on (all if None)
        self.proc: subprocess.Popen[bytes] | None = None
        self.settings = settings_from_env(env)

    @property
    def url(self) -> str:
        return self.settings.web_url

    def start(self, timeout: float = 120.0) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "streams.cli", "worker"],
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                cwd=REPO,
                start_new_session=True,
            )
        if self.cpus:  # before its extraction processes are spawned, which inherit it
            os.sched_setaffinity(self.proc.pid, self.cpus)
        self.wait_ready(timeout)

    def health(self, timeout: float = 2.0, local: bool = False) -> dict[str, Any] | None:
        """The cluster's health as this worker reports it (``local``: this worker's own part)."""
        scope = "?scope=local" if local else ""
        try:
            data: dict[str, Any] = get_json(
                f"{self.url}/api/health{scope}", timeout, self.settings.api_token
            )
            return data
        except (OSError, ValueError):
            return None

    def wait_ready(self, timeout: float) -> None:
        topic, wanted = self.settings.topic_articles, self.settings.partitions
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                code = self.proc.returncode
                raise WorkerFailed(f"the worker exited ({code}); see {self.log}:\n{self.tail()}")
            h = self.health()
            if h is not None:
                owned = {
                    p for w in h["workers"] for p in w["partitions"] if p.startswith(f"{topic}[")
                }
                if len(owned) >= wanted:
                    return
            time.sleep(0.5)
        raise WorkerFailed(f"the worker was not ready within {timeout:.0f}s; see {self.log}")

    def tail(self, n: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30.0) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(sig)
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def get(self, path: str, params: dict[str, str] | None = None, timeout: float = 10) -> Any:
        url = f"{self.url}{path}"
        if params:
            url += "?" + urllib.parse.urlencode(params)
        request = urllib.request.Request(url, headers=auth_headers(self.settings.api_token))
        with urllib.request.urlopen(request, timeout=timeout) as resp:
            body = resp.read().decode("utf-8")
            return json.loads(body) if "json" in resp.headers.get("Content-Type", "") else body


def settled(worker: WorkerProcess, n_articles: int, timeout: float, quiet_s: float = 2.0) -> bool:
    """Wait until the cluster counts ``n_articles``, no bucket waits for its merge and the
    change counter was still for quiet_s.

    The lag figure alone is not enough: it comes from the consumer's cached high-water marks,
    which trail a burst of new messages by a fetch.
    """
    deadline = time.monotonic() + timeout
    last: tuple[int, int, int, int] | None = None
    still_since = time.monotonic()
    while time.monotonic() < deadline:
        h = worker.health()
        if h is not None:
            marker = (
                h["counts"]["articles"],
                h["generation"],
                h["total_lag"],
                h["counts"].get("pending_merges", 0),
            )
            if marker != last:
                last, still_since = marker, time.monotonic()
            elif (
                marker[0] >= n_articles
                and marker[3] == 0
                and time.monotonic() - still_since >= quiet_s
            ):
                return True
        time.sleep(0.25)
    return False


def settings_from_env(env: dict[str, str]) -> Settings:
    """The settings a process with this environment would read."""
    prefix = "TIMEWIRE_"
    return Settings.model_validate(
        {k[len(prefix) :].lower(): v for k, v in env.items() if k.startswith(prefix)}
    )


def worker_env(**settings: str) -> dict[str, str]:
    """This process's environment without TIMEWIRE_* variables, plus the given settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIMEWIRE_")}
    env["PYTHONUNBUFFERED"] = "1"
    env.update({f"TIMEWIRE_{k.upper()}": v for k, v in settings.items()})
    return env
