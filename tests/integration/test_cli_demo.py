"""`timewire demo` and `timewire broker` as a user runs them."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

from tests.integration.harness import REPO, Cluster, OutputReader, free_port


def test_demo_runs_refuses_a_second_and_stops_what_it_started(
    cluster: Cluster, tmp_path: Path
) -> None:
    examples = tmp_path / "examples"
    examples.mkdir()
    shutil.copy(REPO / "examples" / "steppe-2022-02-17-kindergarten.json", examples)
    shutil.copy(REPO / "examples" / "northsea-2022-02-17-russia-reply.json", examples)
    env = {
        **cluster.base_env,
        "TIMEWIRE_WEB_PORT": str(free_port()),
        "TIMEWIRE_DATA_DIR": str(tmp_path / "data"),
    }
    cmd = [sys.executable, "-m", "streams.cli", "demo", "--examples", str(examples)]
    demo = subprocess.Popen(
        cmd, env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    output = OutputReader(demo)
    try:
        out = output.wait_for("Ctrl-C stops the demo", timeout=180)
        assert "using the broker that already runs" in out
        assert "published 2 example articles" in out
        url = f"http://127.0.0.1:{env['TIMEWIRE_WEB_PORT']}/"
        assert f"page:   {url}" in out
        with urllib.request.urlopen(url + "api/timeline", timeout=10) as resp:
            body = json.loads(resp.read())
        assert body["count"] > 0
        assert {s["article_id"] for e in body["entries"] for s in e["sources"]} == {
            "steppe-2022-02-17-kindergarten",
            "northsea-2022-02-17-russia-reply",
        }

        second = subprocess.run(
            cmd, env=env, cwd=REPO, capture_output=True, timeout=60, check=False
        )
        assert second.returncode == 1
        assert f"A timewire demo is already running (pid {demo.pid})" in second.stderr.decode()
    finally:
        demo.send_signal(signal.SIGINT)
        rest = output.rest(timeout=60)
    assert demo.returncode == 0, rest
    assert "demo stopped" in rest
    assert not (tmp_path / "data" / "demo.pid").exists()
    # the broker it did not start is still there for the other tests
    status = subprocess.run(
        [sys.executable, "-m", "streams.cli", "broker", "status"],
        env=env,
        cwd=REPO,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert status.returncode == 0
    assert "a broker answers on" in status.stdout.decode()


def test_broker_start_status_stop_in_own_data_dir(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIMEWIRE_")}
    port, cport = free_port(), free_port()
    env.update(
        {
            "TIMEWIRE_DATA_DIR": str(tmp_path),
            "TIMEWIRE_BROKER_URL": f"127.0.0.1:{port}",
            "TIMEWIRE_CONTROLLER_PORT": str(cport),
            "TIMEWIRE_BROKER_HEAP": "384m",
        }
    )

    def tw(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "streams.cli", "broker", *args],
            env=env,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )

    assert tw("status").returncode == 1
    started = tw("start")
    assert started.returncode == 0, started.stderr
    assert f"on 127.0.0.1:{port}" in started.stdout
    assert "created topics: articles, articles.dlq" in started.stdout
    again = tw("start")  # idempotent
    assert again.returncode == 0 and "running (pid" in again.stdout
    status = tw("status")
    assert status.returncode == 0 and "running (pid" in status.stdout
    assert (tmp_path / "broker" / "data" / "meta.properties").exists()
    stopped = tw("stop")
    assert stopped.stdout.strip() == "broker stopped"
    assert tw("status").returncode == 1
    assert tw("stop").stdout.startswith("no broker was running")
