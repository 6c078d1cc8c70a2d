"""The local development broker: a real single-node Apache Kafka (KRaft) from the official jars.

The jars come from Maven Central through ``deploy/pom.xml``; the resolved classpath is cached
per Kafka version under ``~/.cache/timewire`` (Maven keeps the jars in ``~/.m2``), so only the
first start downloads anything. Everything listens on loopback.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import uuid
from base64 import urlsafe_b64encode
from dataclasses import dataclass
from pathlib import Path

from streams.kafka_admin import broker_reachable
from streams.settings import Settings

DEPLOY_DIR = Path(__file__).resolve().parent.parent / "deploy"
CACHE_DIR = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "timewire"


class BrokerError(RuntimeError):
    """The broker could not be resolved, formatted or started; the message says how to see why."""


@dataclass(frozen=True)
class BrokerPaths:
    root: Path

    @classmethod
    def of(cls, settings: Settings) -> BrokerPaths:
        return cls(settings.resolved_data_dir / "broker")

    @property
    def config(self) -> Path:
        return self.root / "server.properties"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def pid(self) -> Path:
        return self.root / "broker.pid"

    @property
    def console(self) -> Path:
        return self.logs / "console.log"


@dataclass(frozen=True)
class BrokerStatus:
    running: bool
    pid: int | None
    reachable: bool
    address: str
    data_dir: Path

    def describe(self) -> str:
        if self.running and self.reachable:
            return f"running (pid {self.pid}) on {self.address}, data in {self.data_dir}"
        if self.running:
            return f"starting or unhealthy (pid {self.pid}), not answering on {self.address}"
        if self.reachable:
            return f"not started by timewire, but a broker answers on {self.address}"
        return f"stopped (data in {self.data_dir})"


def _classpath_cache(version: str) -> Path:
    return CACHE_DIR / f"kafka-{version}.classpath"


def resolve_classpath(settings: Settings) -> str:
    """The broker's runtime classpath, resolved through Maven once and cached."""
    cache = _classpath_cache(settings.kafka_version)
    if cache.exists():
        cp = cache.read_text().strip()
        if cp and all(Path(p).exists() for p in cp.split(os.pathsep)):
            return cp
    mvn = shutil.which("mvn")
    if mvn is None:
        raise BrokerError("Maven (mvn) is not installed: it resolves the Kafka broker jars")
    if shutil.which("java") is None:
        raise BrokerError("Java is not installed: the Kafka broker needs a JRE (17 works)")
    cache.parent.mkdir(parents=True, exist_ok=True)
    cmd = [
        mvn,
        "-q",
        "-B",
        "-f",
        str(DEPLOY_DIR / "pom.xml"),
        "dependency:build-classpath",
        f"-Dkafka.version={settings.kafka_version}",
        f"-Dmdep.outputFile={cache}",
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0 or not cache.exists():
        output = f"{proc.stdout[-2000:]}{proc.stderr[-2000:]}"
        raise BrokerError(f"resolving the Kafka jars failed: {' '.join(cmd)}\n{output}")
    return cache.read_text().strip()


def controller_port(settings: Settings) -> int:
    return settings.controller_port or settings.broker_port + 1


def server_properties(settings: Settings, paths: BrokerPaths) -> str:
    host, port, cport = settings.broker_host, settings.broker_port, controller_port(settings)
    lines = {
        "process.roles": "broker,controller",
        "node.id": "1",
        "controller.quorum.voters": f"1@{host}:{cport}",
        "listeners": f"PLAINTEXT://{host}:{port},CONTROLLER://{host}:{cport}",
        "advertised.listeners": f"PLAINTEXT://{host}:{port}",
        "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "controller.listener.names": "CONTROLLER",
        "inter.broker.listener.name": "PLAINTEXT",
        "log.dirs": str(paths.data),
        "num.partitions": str(settings.partitions),
        "default.replication.factor": "1",
        "offsets.topic.replication.factor": "1",
        "offsets.topic.num.partitions": "4",
        "transaction.state.log.replication.factor": "1",
        "transaction.state.log.min.isr": "1",
        "min.insync.replicas": "1",
        "group.initial.rebalance.delay.ms": "0",
        "auto.create.topics.enable": "true",
        "log.retention.hours": "-1",
        "message.max.bytes": str(64 * 1024 * 1024),
        "replica.fetch.max.bytes": str(64 * 1024 * 1024),
        "num.network.threads": "2",
        "num.io.threads": "4",
        "log.cleaner.dedupe.buffer.size": str(16 * 1024 * 1024),
    }
    return "".join(f"{k}={v}\n" for k, v in lines.items())


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie child of ours is not alive
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
        return state != "Z"
    except (OSError, IndexError):
        return True


def _read_pid(paths: BrokerPaths) -> int | None:
    try:
        pid = int(paths.pid.read_text().strip())
    except (OSError, ValueError):
        return None
    return pid if pid_alive(pid) else None


def _port_in_use(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def status(settings: Settings) -> BrokerStatus:
    paths = BrokerPaths.of(settings)
    pid = _read_pid(paths)
    reachable = _port_in_use(settings.broker_host, settings.broker_port) and broker_reachable(
        settings, timeout_s=2.0
    )
    return BrokerStatus(
        running=pid is not None,
        pid=pid,
        reachable=reachable,
        address=f"{settings.broker_host}:{settings.broker_port}",
        data_dir=paths.root,
    )


def _java(settings: Settings, paths: BrokerPaths, classpath: str) -> list[str]:
    return [
        "java",
        f"-Xmx{settings.broker_heap}",
        f"-Xms{min(256, _mb(settings.broker_heap))}m",
        "-XX:+UseG1GC",
        "-XX:MaxGCPauseMillis=20",
        "-Djava.awt.headless=true",
        f"-Dkafka.logs.dir={paths.logs}",
        f"-Dlog4j.configuration=file:{DEPLOY_DIR / 'log4j.properties'}",
        "-cp",
        classpath,
    ]


def _mb(heap: str) -> int:
    unit = heap[-1].lower()
    number = int(heap[:-1]) if unit in "kmg" else int(heap)
    return {"k": number // 1024, "m": number, "g": number * 1024}.get(unit, number // (1024 * 1024))


def new_cluster_id() -> str:
    """A KRaft cluster id: 16 random bytes, URL-safe base64 without padding (may start with '-',
    which is why it is passed as ``--cluster-id=...``)."""
    return urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")


def format_command(
    settings: Settings, paths: BrokerPaths, classpath: str, cluster_id: str
) -> list[str]:
    """The StorageTool command that formats the log directory with ``cluster_id``."""
    return [
        *_java(settings, paths, classpath),
        "kafka.tools.StorageTool",
        "format",
        f"--cluster-id={cluster_id}",  # one argument even when the id starts with '-'
        "-c",
        str(paths.config),
        "-g",
    ]


def format_storage(settings: Settings, paths: BrokerPaths, classpath: str) -> None:
    """Format the KRaft log directory once; a formatted directory keeps its cluster id."""
    if (paths.data / "meta.properties").exists():
        return
    cmd = format_command(settings, paths, classpath, new_cluster_id())
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise BrokerError(f"formatting the broker storage failed:\n{proc.stdout}{proc.stderr}")


def start(settings: Settings, timeout_s: float = 90.0) -> BrokerStatus:
    """Start the broker in the background and return once it answers metadata requests."""
    paths = BrokerPaths.of(settings)
    current = status(settings)
    if current.running:
        if not current.reachable:
            _wait_ready(settings, paths, current.pid, timeout_s)
        return status(settings)
    for port in (settings.broker_port, controller_port(settings)):
        if _port_in_use(settings.broker_host, port):
            raise BrokerError(
                f"port {port} on {settings.broker_host} is already in use by another process; "
                "stop it or set TIMEWIRE_BROKER_URL / TIMEWIRE_CONTROLLER_PORT to free ports"
            )
    classpath = resolve_classpath(settings)
    for d in (paths.root, paths.data, paths.logs):
        d.mkdir(parents=True, exist_ok=True)
    paths.config.write_text(server_properties(settings, paths))
    format_storage(settings, paths, classpath)
    with paths.console.open("ab") as console:
        proc = subprocess.Popen(
            [*_java(settings, paths, classpath), "kafka.Kafka", str(paths.config)],
            stdout=console,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    paths.pid.write_text(str(proc.pid))
    _wait_ready(settings, paths, proc.pid, timeout_s)
    return status(settings)


def _wait_ready(settings: Settings, paths: BrokerPaths, pid: int | None, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if pid is not None and not pid_alive(pid):
            raise BrokerError(
                f"the broker exited during start-up; see {paths.console}:\n{_tail(paths)}"
            )
        if _port_in_use(settings.broker_host, settings.broker_port) and broker_reachable(settings):
            return
        time.sleep(0.5)
    raise BrokerError(f"the broker did not answer within {timeout_s:.0f}s; see {paths.logs}")


def _tail(paths: BrokerPaths, n: int = 30) -> str:
    try:
        return "\n".join(paths.console.read_text(errors="replace").splitlines()[-n:])
    except OSError:
        return "(no console log)"


def stop(settings: Settings, timeout_s: float = 30.0) -> bool:
    """Stop the broker started from this data directory; True when one was running."""
    paths = BrokerPaths.of(settings)
    pid = _read_pid(paths)
    if pid is None:
        paths.pid.unlink(missing_ok=True)
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout_s
    while pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    if pid_alive(pid):
        os.kill(pid, signal.SIGKILL)
    paths.pid.unlink(missing_ok=True)
    return True
