"""A worker reachable beyond loopback must have an API token."""

from __future__ import annotations

import ssl

import faust
import pytest
from pydantic import ValidationError

from streams.auth import auth_headers, is_loopback
from streams.kafka_security import faust_credentials, kafka_python_options
from streams.settings import Settings


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.3.4.5", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("10.0.0.7", False),
        ("::", False),
        ("example.org", False),
    ],
)
def test_loopback_addresses(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_binding_beyond_loopback_needs_a_token() -> None:
    with pytest.raises(ValidationError, match="set TIMEWIRE_API_TOKEN"):
        Settings(web_host="0.0.0.0")
    with pytest.raises(ValidationError, match="at least 16 characters"):
        Settings(web_host="0.0.0.0", api_token="short")
    s = Settings(web_host="0.0.0.0", api_token="s3cret-s3cret-s3cret")
    assert s.web_url == "http://127.0.0.1:6066"
    assert auth_headers(s.api_token) == {"Authorization": "Bearer s3cret-s3cret-s3cret"}
    assert auth_headers(Settings().api_token) == {}


def test_kafka_security_for_both_clients() -> None:
    plain = Settings()
    assert faust_credentials(plain) is None
    assert kafka_python_options(plain) == {"security_protocol": "PLAINTEXT"}
    sasl = Settings(
        kafka_security_protocol="SASL_SSL", kafka_sasl_mechanism="SCRAM-SHA-512",
        kafka_username="timewire", kafka_password="pw",
    )  # fmt: skip
    creds = faust_credentials(sasl)
    assert isinstance(creds, faust.SASLCredentials)
    assert (creds.username, creds.password, creds.mechanism.value) == (
        "timewire",
        "pw",
        "SCRAM-SHA-512",
    )
    assert creds.protocol.value == "SASL_SSL"
    options = kafka_python_options(sasl)
    assert isinstance(options.pop("ssl_context"), ssl.SSLContext)
    assert options == {
        "security_protocol": "SASL_SSL", "sasl_mechanism": "SCRAM-SHA-512",
        "sasl_plain_username": "timewire", "sasl_plain_password": "pw",
    }  # fmt: skip
    with pytest.raises(ValidationError, match="SASL needs"):
        Settings(kafka_security_protocol="SASL_PLAINTEXT")
