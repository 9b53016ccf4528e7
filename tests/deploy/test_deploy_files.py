"""The shipped deployment files, checked statically (no Docker here; issue 14, point 14): the image
owns its data folder before it drops root, and the compose file, the documented production path,
runs Elasticsearch and Kibana with security on: TLS with certificates an init service makes with
elasticsearch-certutil, passwords only from the environment, ports on loopback only."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from langnghe.settings import Settings
from .strict import load_yaml

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
NEEDED = re.compile(r"^\$\{[A-Z_]+:\?[^}]+\}$")  # a value compose refuses to start without


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return load_yaml((DEPLOY / "docker-compose.yml").read_text(encoding="utf-8"))


def _env(service: dict[str, Any]) -> dict[str, str]:
    given = service.get("environment", {})
    if isinstance(given, list):
        return dict(entry.split("=", 1) for entry in given)
    return {key: str(value) for key, value in given.items()}


def _instructions(text: str) -> list[tuple[str, str]]:
    joined = re.sub(r"\\\n", " ", text)
    lines = [line.strip() for line in joined.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "") for line in lines]


def test_the_image_creates_and_owns_its_data_folder_before_dropping_root() -> None:
    steps = _instructions((DEPLOY / "Dockerfile").read_text(encoding="utf-8"))
    user_at = steps.index(("USER", "langnghe"))
    data_dir = dict((name, value) for name, value in steps if name == "ENV")["ENV"]
    assert "LANGNGHE_DATA_DIR=/var/lib/langnghe" in data_dir
    assert "LANGNGHE_AUTHOR_KEY_FILE=/etc/langnghe/author.key" in data_dir  # the key never in the data volume
    runs = " ".join(value for name, value in steps[:user_at] if name == "RUN")
    assert "useradd" in runs
    made = re.search(r"install -d -m 0?700 -o langnghe -g langnghe [^&;]*/var/lib/langnghe", runs)
    assert made, "the data folder must be created, owned by langnghe and private (0700) before USER"


def test_elasticsearch_runs_with_security_and_tls(compose: dict[str, Any]) -> None:
    env = _env(compose["services"]["elasticsearch"])
    assert env["xpack.security.enabled"] == "true"
    assert env["xpack.security.http.ssl.enabled"] == "true" and env["xpack.security.transport.ssl.enabled"] == "true"
    for key in ("xpack.security.http.ssl.key", "xpack.security.http.ssl.certificate",
                "xpack.security.http.ssl.certificate_authorities"):  # fmt: skip
        assert env[key].startswith("certs/")
    assert NEEDED.match(env["ELASTIC_PASSWORD"])


def test_certificates_come_from_an_init_service_using_certutil(compose: dict[str, Any]) -> None:
    services = compose["services"]
    script = "\n".join(services["certs"]["command"])
    assert "elasticsearch-certutil ca" in script and "elasticsearch-certutil cert" in script
    assert services["elasticsearch"]["depends_on"]["certs"]["condition"] == "service_completed_successfully"
    for client in ("kibana", "langnghe"):  # they start once their users exist
        assert services[client]["depends_on"]["users"]["condition"] == "service_completed_successfully"
    assert "_security/user/langnghe" in "\n".join(services["users"]["command"])


def test_kibana_and_langnghe_connect_over_tls_with_passwords_from_the_environment(compose: dict[str, Any]) -> None:
    kibana = _env(compose["services"]["kibana"])
    assert kibana["ELASTICSEARCH_HOSTS"].startswith("https://")
    assert kibana["ELASTICSEARCH_USERNAME"] == "kibana_system" and NEEDED.match(kibana["ELASTICSEARCH_PASSWORD"])
    assert kibana["ELASTICSEARCH_SSL_CERTIFICATEAUTHORITIES"].endswith("ca.crt")
    langnghe = _env(compose["services"]["langnghe"])
    assert langnghe["LANGNGHE_ES_URL"].startswith("https://") and NEEDED.match(langnghe["LANGNGHE_ES_PASSWORD"])
    assert langnghe["LANGNGHE_ES_CA_CERTS"].endswith("ca.crt") and langnghe["LANGNGHE_ES_USERNAME"]


def test_every_langnghe_variable_of_the_compose_file_is_a_setting(compose: dict[str, Any]) -> None:
    known = {f"LANGNGHE_{name.upper()}" for name in Settings.model_fields}
    given = {key for service in compose["services"].values() for key in _env(service) if key.startswith("LANGNGHE_")}
    assert given and given <= known, given - known


def test_no_security_switch_is_off_and_ports_stay_on_loopback(compose: dict[str, Any]) -> None:
    text = (DEPLOY / "docker-compose.yml").read_text(encoding="utf-8")
    assert "xpack.security.enabled=false" not in text and "security.enabled: false" not in text
    for service in compose["services"].values():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), port


def test_the_example_environment_file_names_every_required_password(compose: dict[str, Any]) -> None:
    text = (DEPLOY / "docker-compose.yml").read_text(encoding="utf-8")
    required = set(re.findall(r"\$\{([A-Z_]+):\?", text))
    example = (DEPLOY / "env.example").read_text(encoding="utf-8")
    assert required and all(re.search(rf"^{name}=", example, re.MULTILINE) for name in required)
