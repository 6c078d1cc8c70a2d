"""Real broker and real worker processes for the integration tests."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from streams.settings import Settings

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Worker:
    env: dict[str, str]
    log: Path
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.env['TIMEWIRE_WEB_PORT']}"

    def start(self, timeout: float = 120.0) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "streams.cli", "worker"],
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=REPO,
                start_new_session=True,
            )
        self.wait_ready(timeout)

    def wait_ready(self, timeout: float) -> None:
        articles = self.env["TIMEWIRE_TOPIC_ARTICLES"]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise AssertionError(f"worker exited {self.proc.returncode}:\n{self.tail()}")
            try:
                health = self.get("/api/health", timeout=2)
            except (OSError, ValueError):
                time.sleep(0.5)
                continue
            owned = [
                p
                for w in health["workers"]
                for p in w["partitions"]
                if p.startswith(f"{articles}[")
            ]
            if len(owned) == int(self.env["TIMEWIRE_PARTITIONS"]):
                return
            time.sleep(0.5)
        raise AssertionError(f"worker not ready in {timeout}s:\n{self.tail()}")

    def tail(self, n: int = 60) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

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
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            body = resp.read().decode("utf-8")
            return json.loads(body) if "json" in resp.headers.get("Content-Type", "") else body

    def get_status(self, path: str) -> tuple[int, Any]:
        try:
            with urllib.request.urlopen(f"{self.url}{path}", timeout=10) as resp:
                return resp.status, json.loads(resp.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read())

    def timewire(
        self, *args: str, stdin: bytes | None = None
    ) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [sys.executable, "-m", "streams.cli", *args],
            env=self.env,
            input=stdin,
            capture_output=True,
            cwd=REPO,
            timeout=120,
            check=False,
        )

    def wait_for(self, what: str, check: Callable[[], Any], timeout: float = 60.0) -> Any:
        deadline = time.monotonic() + timeout
        last: Any = None
        while time.monotonic() < deadline:
            try:
                last = check()
            except (OSError, ValueError, KeyError) as exc:
                last = exc
            if last and not isinstance(last, Exception):
                return last
            time.sleep(0.3)
        raise AssertionError(f"timed out waiting for {what}; last: {last!r}\n{self.tail()}")

    def drained(self) -> bool:
        health = self.get("/api/health")
        return bool(health["total_lag"] == 0)


@dataclass
class Cluster:
    """One broker settings object shared by workers of one test module."""

    settings: Settings
    base_env: dict[str, str]
    workdir: Path
    workers: list[Worker] = field(default_factory=list)

    def worker(self, name: str, **extra: str) -> Worker:
        env = {**self.base_env, "TIMEWIRE_WEB_PORT": str(free_port()), **extra}
        w = Worker(env=env, log=self.workdir / f"{name}.log")
        self.workers.append(w)
        return w


def module_env(
    settings: Settings, data_dir: Path, prefix: str, partitions: int = 2
) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIMEWIRE_")}
    env.update(
        {
            "TIMEWIRE_BROKER_URL": settings.broker_url,
            "TIMEWIRE_DATA_DIR": str(data_dir),
            "TIMEWIRE_APP_ID": f"tw-{prefix}",
            "TIMEWIRE_TOPIC_ARTICLES": f"{prefix}.articles",
            "TIMEWIRE_TOPIC_DLQ": f"{prefix}.articles.dlq",
            "TIMEWIRE_TOPIC_EVENTS": f"{prefix}.events",
            "TIMEWIRE_TOPIC_ANCHORING": f"{prefix}.anchoring",
            "TIMEWIRE_PARTITIONS": str(partitions),
            "TIMEWIRE_LOG_LEVEL": "info",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env
