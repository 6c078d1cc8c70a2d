"""docker-compose.yml, the Dockerfile and the Kubernetes example agree with the settings.

There is no Docker engine or cluster here, so these files are checked as data: every TIMEWIRE_*
variable they set must be a setting, their values must validate, ports and names must line up.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from streams.processes import settings_from_env
from streams.settings import Settings

REPO = Path(__file__).resolve().parents[2]
SETTING_NAMES = {f"TIMEWIRE_{name.upper()}" for name in Settings.model_fields}


def _compose() -> dict[str, Any]:
    return dict(yaml.safe_load((REPO / "docker-compose.yml").read_text()))


def _resolve(env: dict[str, str]) -> dict[str, str]:
    """Substitute ${VAR:?message} as compose would with the variable set."""
    return {
        k: re.sub(r"\$\{TIMEWIRE_API_TOKEN:\?[^}]*\}", "a-token-of-32-characters-000000000", str(v))
        for k, v in env.items()
    }


def test_compose_services_ports_volumes_and_health() -> None:
    compose = _compose()
    services = compose["services"]
    assert sorted(services) == ["kafka", "worker", "worker-2"]
    assert services["kafka"]["image"] == "apache/kafka:3.9.1"
    assert services["worker-2"]["profiles"] == ["scale"]
    for name in ("kafka", "worker", "worker-2"):
        assert "healthcheck" in services[name]
        for port in services[name]["ports"]:
            assert port.startswith("127.0.0.1:"), f"{name} publishes {port} beyond loopback"
    assert services["worker"]["build"]["dockerfile"] == "deploy/Dockerfile"
    assert services["worker"]["depends_on"] == {"kafka": {"condition": "service_healthy"}}
    assert sorted(compose["volumes"]) == ["kafka-data", "worker-2-state", "worker-state"]
    kafka_env = services["kafka"]["environment"]
    assert kafka_env["KAFKA_PROCESS_ROLES"] == "broker,controller"
    assert "PLAINTEXT://kafka:9092" in kafka_env["KAFKA_ADVERTISED_LISTENERS"]


def test_compose_worker_environment_is_valid_settings() -> None:
    services = _compose()["services"]
    for name in ("worker", "worker-2"):
        env = _resolve(services[name]["environment"])
        assert set(env) <= SETTING_NAMES, set(env) - SETTING_NAMES
        settings = settings_from_env(env)
        assert settings.bootstrap_servers == ["kafka:9092"]
        assert settings.web_url == f"http://{name}:6066"
        container_port = services[name]["ports"][0].rsplit(":", 1)[1]
        assert int(container_port) == settings.web_port
        assert f"state:{settings.data_dir}" in services[name]["volumes"][0]
    assert (
        services["kafka"]["environment"]["KAFKA_NUM_PARTITIONS"]
        == services["worker"]["environment"]["TIMEWIRE_PARTITIONS"]
    )


def test_dockerfile_runs_the_worker_on_the_settings_port() -> None:
    text = (REPO / "deploy" / "Dockerfile").read_text()
    env = dict(re.findall(r"(TIMEWIRE_[A-Z_]+)=(\S+)", text))
    assert set(env) <= SETTING_NAMES
    assert "EXPOSE 6066" in text and env["TIMEWIRE_WEB_PORT"] == "6066"
    assert 'CMD ["timewire", "worker"]' in text
    assert "USER timewire" in text
    for package in ("models", "temporal", "timeline", "streams"):
        assert f"COPY {package} ./{package}" in text
    # the compiled engine is built in a stage of its own, whose sources the image installs
    assert "python -m streams.native build /app/native" in text
    assert "COPY --from=native /app ./" in text
    assert env["TIMEWIRE_NATIVE_DIR"] == "/app/native"


def test_kubernetes_statefulset_keeps_state_per_worker() -> None:
    docs = list(yaml.safe_load_all((REPO / "deploy" / "kubernetes" / "timewire.yaml").read_text()))
    kinds = {d["kind"]: d for d in docs if d["kind"] != "Service"}
    config = kinds["ConfigMap"]["data"]
    assert set(config) <= SETTING_NAMES
    sts = kinds["StatefulSet"]["spec"]
    container = sts["template"]["spec"]["containers"][0]
    env_names = {e["name"] for e in container["env"]} - {"POD_NAME"}
    assert env_names <= SETTING_NAMES
    settings = settings_from_env(
        {
            **config,
            "TIMEWIRE_API_TOKEN": "x" * 32,
            "TIMEWIRE_WEB_ADVERTISED_URL": "http://timewire-0.timewire-workers:6066",
        }
    )
    assert container["ports"][0]["containerPort"] == settings.web_port
    assert container["volumeMounts"][0]["mountPath"] == str(settings.data_dir)
    # a core for the event loop and one for each extraction process
    assert container["resources"]["requests"]["cpu"] == str(1 + settings.extract_processes) == "2"
    assert (
        sts["volumeClaimTemplates"][0]["metadata"]["name"] == container["volumeMounts"][0]["name"]
    )
    assert sts["serviceName"] == "timewire-workers"
    services = {d["metadata"]["name"]: d for d in docs if d["kind"] == "Service"}
    assert services["timewire-workers"]["spec"]["clusterIP"] == "None"
    assert sts["replicas"] <= int(config["TIMEWIRE_PARTITIONS"])
