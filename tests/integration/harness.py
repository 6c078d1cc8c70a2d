"""Real broker and real worker processes for the integration tests."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from streams.processes import REPO, WorkerProcess, free_port, settled, worker_env
from streams.settings import Settings

__all__ = ["REPO", "Cluster", "OutputReader", "Worker", "free_port", "module_env", "settled"]


class OutputReader:
    """Collects a process's output lines on a thread, so waiting for a line never misses one."""

    def __init__(self, proc: subprocess.Popen[bytes]) -> None:
        self.lines: list[str] = []
        self._proc = proc
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        assert self._proc.stdout is not None
        for raw in self._proc.stdout:
            self.lines.append(raw.decode(errors="replace"))

    @property
    def text(self) -> str:
        return "".join(self.lines)

    def wait_for(self, marker: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if marker in self.text:
                return self.text
            if self._proc.poll() is not None and not self._thread.is_alive():
                break
            time.sleep(0.2)
        raise AssertionError(f"{marker!r} not printed within {timeout}s:\n{self.text}")

    def rest(self, timeout: float) -> str:
        self._proc.wait(timeout=timeout)
        self._thread.join(timeout=5)
        return self.text


class Worker(WorkerProcess):
    """A worker process plus the helpers the tests use to drive and observe it."""

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

    def settle(self, n_articles: int = 0, timeout: float = 60.0) -> None:
        assert settled(self, n_articles, timeout), f"the worker did not settle:\n{self.tail()}"


@dataclass
class Cluster:
    """One broker settings object shared by workers of one test module."""

    settings: Settings
    base_env: dict[str, str]
    workdir: Path
    workers: list[Worker] = field(default_factory=list)

    def worker(self, name: str, **extra: str) -> Worker:
        env = {**self.base_env, "TIMEWIRE_WEB_PORT": str(free_port()), **extra}
        w = Worker(env, self.workdir / f"{name}.log")
        self.workers.append(w)
        return w


def module_env(
    settings: Settings, data_dir: Path, prefix: str, partitions: int = 2
) -> dict[str, str]:
    """Settings of one test module: its own app id (consumer group) and topics on the broker."""
    return worker_env(
        broker_url=settings.broker_url,
        data_dir=str(data_dir),
        app_id=f"tw-{prefix}",
        topic_articles=f"{prefix}.articles",
        topic_dlq=f"{prefix}.articles.dlq",
        topic_events=f"{prefix}.events",
        topic_anchoring=f"{prefix}.anchoring",
        partitions=str(partitions),
        log_level="info",
    )
