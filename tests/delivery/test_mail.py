"""The email channel against a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from langnghe.delivery import Attachment, EmailChannel, Image, Message, deliver
from langnghe.delivery.testing import SmtpSink

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201a5f1e3b70000000049454e44ae426082"
)
SUBJECT = "Bản tin ngày 20/11: ô nhiễm không khí ở Hà Nội tăng mạnh"
USER = "langnghe-bot"


def _message(**overrides: object) -> Message:
    fields: dict[str, object] = {
        "key": "digest:2026-11-20",
        "subject": SUBJECT,
        "text": "Hôm nay có 42 tin về ô nhiễm.",
        "html": '<h1>Bản tin</h1><p>Hôm nay có 42 tin về ô nhiễm.</p><img src="cid:chart1" alt="Biểu đồ">',
        "images": (Image("chart1", PNG, "Biểu đồ"),),
        "attachments": (Attachment("bao-cao.csv", "tỉnh,số tin\nHà Nội,42\n".encode(), "text/csv"),),
    }
    return Message(**{**fields, **overrides})  # type: ignore[arg-type]


def _channel(port: int, **overrides: object) -> EmailChannel:
    return EmailChannel.model_validate({
        "kind": "email", "host": "127.0.0.1", "port": port, "security": "none",
        "sender": "langnghe@example.org", "to": ["an@example.org", "binh@example.org"], **overrides,
    })


def test_html_and_text_with_an_inline_chart_and_a_vietnamese_subject(tmp_path: Path) -> None:
    with SmtpSink() as smtp:
        results = deliver(_message(), ["mail"], {"mail": _channel(smtp.port)}, data_dir=tmp_path, sleep=_no_sleep)
    assert [r.status for r in results] == ["sent"], results
    assert smtp.envelopes == [("langnghe@example.org", ["an@example.org", "binh@example.org"])]
    mail = smtp.messages[0]
    assert mail["Subject"] == SUBJECT and mail["X-Langnghe-Key"] == "digest:2026-11-20"
    assert mail.get_content_type() == "multipart/mixed"
    alternative, attachment = list(mail.iter_parts())
    assert alternative.get_content_type() == "multipart/alternative"
    plain, related = list(alternative.iter_parts())
    assert plain.get_content_type() == "text/plain" and plain.get_content().strip() == "Hôm nay có 42 tin về ô nhiễm."
    assert related.get_content_type() == "multipart/related"
    html, image = list(related.iter_parts())
    assert html.get_content_type() == "text/html" and 'src="cid:chart1"' in html.get_content()
    assert image.get_content_type() == "image/png" and image["Content-ID"] == "<chart1>"
    assert image.get_content() == PNG
    assert attachment.get_filename() == "bao-cao.csv"
    assert attachment.get_payload(decode=True) == "tỉnh,số tin\nHà Nội,42\n".encode()


def test_plain_text_only_is_a_single_part(tmp_path: Path) -> None:
    with SmtpSink() as smtp:
        deliver(_message(html=None, images=(), attachments=()), ["mail"], {"mail": _channel(smtp.port)},
                data_dir=tmp_path, sleep=_no_sleep)
    assert smtp.messages[0].get_content_type() == "text/plain"


@pytest.mark.parametrize("password", ["s3cret-Pa55w0rd", "mật-khẩu-rất-bí-mật-42"])  # smtplib: ASCII only
def test_login_reads_the_environment_and_credentials_never_show(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, password: str
) -> None:
    monkeypatch.setenv("LANGNGHE_TEST_SMTP_USER", USER)
    monkeypatch.setenv("LANGNGHE_TEST_SMTP_PASSWORD", password)
    logins = {"username_env": "LANGNGHE_TEST_SMTP_USER", "password_env": "LANGNGHE_TEST_SMTP_PASSWORD"}
    caplog.set_level(logging.DEBUG, logger="langnghe")
    with SmtpSink(users={USER: password}) as smtp:
        good = deliver(_message(key="a"), ["mail"], {"mail": _channel(smtp.port, **logins)}, data_dir=tmp_path,
                       sleep=_no_sleep)
        monkeypatch.setenv("LANGNGHE_TEST_SMTP_PASSWORD", password + "-wrong")
        bad = deliver(_message(key="b"), ["mail"], {"mail": _channel(smtp.port, **logins)}, data_dir=tmp_path,
                      sleep=_no_sleep)
    assert smtp.logins == [USER] and good[0].status == "sent"
    assert bad[0].status == "failed" and bad[0].error is not None and "535" in bad[0].error  # 5xx: not retried
    shown = caplog.text + repr(good) + repr(bad) + repr(_channel(1, **logins))
    assert password not in shown and USER not in shown


def test_a_missing_credential_names_the_channel_and_the_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LANGNGHE_TEST_SMTP_USER", raising=False)
    channel = _channel(1, username_env="LANGNGHE_TEST_SMTP_USER", password_env="LANGNGHE_TEST_SMTP_PASSWORD")
    [result] = deliver(_message(), ["mail"], {"mail": channel}, data_dir=tmp_path, sleep=_no_sleep)
    assert result.status == "failed" and result.attempts == 1
    assert result.error == "kênh 'mail': biến môi trường LANGNGHE_TEST_SMTP_USER chưa được đặt"


def test_4xx_is_retried_and_5xx_is_not(tmp_path: Path) -> None:
    waits: list[float] = []
    with SmtpSink() as smtp:
        smtp.refusals.append("451 4.3.0 Thử lại sau")
        first = deliver(_message(key="k1"), ["mail"], {"mail": _channel(smtp.port)}, data_dir=tmp_path,
                        sleep=waits.append)
        smtp.refusals.append("554 5.7.1 Rejected")
        second = deliver(_message(key="k2"), ["mail"], {"mail": _channel(smtp.port)}, data_dir=tmp_path,
                         sleep=waits.append)
    assert (first[0].status, first[0].attempts) == ("sent", 2) and waits == [2.0]
    assert (second[0].status, second[0].attempts) == ("failed", 1)
    assert second[0].error is not None and second[0].error.startswith("SMTP 554")
    assert len(smtp.messages) == 1


def _no_sleep(seconds: float) -> None:
    raise AssertionError(f"unexpected wait of {seconds} s")
