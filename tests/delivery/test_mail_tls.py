"""STARTTLS and SSL against the loopback SMTP server with a throw-away CA: the certificate is checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from langnghe.delivery import EmailChannel, Message, deliver
from langnghe.delivery.testing import SmtpSink, loopback_tls

MESSAGE = Message(key="digest:2026-11-20", subject="Bản tin ngày 20/11", text="42 tin về ô nhiễm.")


def _channel(port: int, security: str) -> EmailChannel:
    return EmailChannel.model_validate({"kind": "email", "host": "127.0.0.1", "port": port, "security": security,
                                        "sender": "a@example.org", "to": ["b@example.org"],
                                        "username_env": "LANGNGHE_TEST_SMTP_USER",
                                        "password_env": "LANGNGHE_TEST_SMTP_PASSWORD"})


@pytest.fixture
def logins(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.setenv("LANGNGHE_TEST_SMTP_USER", "bot")
    monkeypatch.setenv("LANGNGHE_TEST_SMTP_PASSWORD", "s3cret")
    return {"bot": "s3cret"}


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_mail_goes_over_tls_to_a_trusted_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, logins: dict[str, str], security: str
) -> None:
    ca_file, server_tls = loopback_tls(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))  # trust the throw-away CA only in this test
    with SmtpSink(users=logins, tls=server_tls, implicit_tls=security == "ssl") as smtp:
        [result] = deliver(MESSAGE, ["mail"], {"mail": _channel(smtp.port, security)}, data_dir=tmp_path)
    assert result.status == "sent", result.error
    assert smtp.logins == ["bot"] and smtp.messages[0]["Subject"] == "Bản tin ngày 20/11"


def test_an_untrusted_certificate_is_a_permanent_failure(tmp_path: Path, logins: dict[str, str]) -> None:
    _, server_tls = loopback_tls(tmp_path)
    with SmtpSink(users=logins, tls=server_tls) as smtp:
        [result] = deliver(MESSAGE, ["mail"], {"mail": _channel(smtp.port, "starttls")}, data_dir=tmp_path,
                           sleep=lambda s: None)
    assert (result.status, result.attempts) == ("failed", 1)
    assert result.error is not None and result.error.startswith("chứng chỉ TLS không được chấp nhận")
    assert smtp.messages == []
