"""Webhook and Telegram channels against a local HTTP server: shape, retries, permanent errors, secrets."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from langnghe.delivery import Message, TelegramChannel, WebhookChannel, deliver
from langnghe.delivery.httppost import http_failure
from langnghe.delivery.telegram import TELEGRAM_LIMIT, split_text
from langnghe.delivery.testing import HookServer, Reply

TOKEN = "123456:AAE-secret_Token-xyz"
MESSAGE = Message(
    key="alert:o-nhiem-spike:Hà Nội", subject="Cảnh báo: tin về ô nhiễm tăng đột biến",
    text="Ô nhiễm: 42 tin trong giờ qua (bình thường 5).", markdown="*Ô nhiễm*: 42 tin trong giờ qua",
    html="<b>Ô nhiễm</b>: 42 tin",
)


def _hook(server: HookServer, **extra: object) -> WebhookChannel:
    return WebhookChannel.model_validate({"kind": "webhook", "url": server.url("/in/secret-path"), **extra})


def _telegram(server: HookServer) -> TelegramChannel:
    return TelegramChannel(kind="telegram", token_env="LANGNGHE_TEST_TG_TOKEN", chat_id="-100123", api_url=server.url())


def test_webhook_posts_generic_json_with_headers_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANGNGHE_TEST_HOOK_AUTH", "Bearer abc-xyz")
    with HookServer() as server:
        channel = _hook(server, headers_env={"Authorization": "LANGNGHE_TEST_HOOK_AUTH"})
        [result] = deliver(MESSAGE, ["hook"], {"hook": channel}, data_dir=tmp_path)
    assert result.status == "sent" and result.detail == f"đã gửi tới 127.0.0.1:{server.port}"
    [seen] = server.requests
    assert seen.path == "/in/secret-path" and seen.headers["Authorization"] == "Bearer abc-xyz"
    assert seen.headers["Content-Type"] == "application/json; charset=utf-8"
    assert seen.json() == {"key": MESSAGE.key, "subject": MESSAGE.subject, "text": MESSAGE.text,
                           "markdown": MESSAGE.markdown, "html": MESSAGE.html}


def test_503_with_retry_after_then_200_is_retried_within_the_call(tmp_path: Path) -> None:
    waits: list[float] = []
    with HookServer() as server:
        server.script(Reply(503, b"busy", {"Retry-After": "7"}), Reply(429, b"slow down"))
        [result] = deliver(MESSAGE, ["hook"], {"hook": _hook(server)}, data_dir=tmp_path, sleep=waits.append)
    assert (result.status, result.attempts) == ("sent", 3)
    assert waits == [7.0, 4.0]  # the server's Retry-After, then the doubled base delay
    assert len(server.requests) == 3


def test_400_is_permanent_and_reported_once(tmp_path: Path) -> None:
    with HookServer() as server:
        server.script(Reply(400, b'{"error": "bad payload"}'))
        [result] = deliver(MESSAGE, ["hook"], {"hook": _hook(server)}, data_dir=tmp_path, sleep=_no_sleep)
    assert (result.status, result.attempts) == ("failed", 1)
    assert result.error == 'HTTP 400: {"error": "bad payload"}'
    assert len(server.requests) == 1


def test_telegram_sends_markdown_to_the_bot_path_and_splits_long_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANGNGHE_TEST_TG_TOKEN", TOKEN)
    paragraph = ("Người dân phản ánh khói bụi từ khu công nghiệp. " * 40).strip()
    long = Message(key="digest:2026-11-20", subject="Bản tin", text="x", markdown="\n\n".join([paragraph] * 5))
    with HookServer() as server:
        results = deliver(MESSAGE, ["tg"], {"tg": _telegram(server)}, data_dir=tmp_path)
        results += deliver(long, ["tg"], {"tg": _telegram(server)}, data_dir=tmp_path)
    assert [r.status for r in results] == ["sent", "sent"]
    first, *pieces = server.requests
    assert first.path == f"/bot{TOKEN}/sendMessage"
    assert first.json() == {"chat_id": "-100123", "text": MESSAGE.markdown, "parse_mode": "Markdown",
                            "disable_web_page_preview": True}
    assert len(pieces) == 3 and all(len(p.json()["text"]) <= TELEGRAM_LIMIT for p in pieces)
    assert "\n\n".join(p.json()["text"] for p in pieces) == long.markdown.strip()  # type: ignore[union-attr]
    assert TOKEN not in repr(results)


def test_telegram_without_markdown_sends_plain_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANGNGHE_TEST_TG_TOKEN", TOKEN)
    plain = Message(key="k", subject="s", text="Chỉ có văn bản thường.")
    with HookServer() as server:
        deliver(plain, ["tg"], {"tg": _telegram(server)}, data_dir=tmp_path)
    assert server.requests[0].json() == {"chat_id": "-100123", "text": "Chỉ có văn bản thường.",
                                         "disable_web_page_preview": True}


def test_the_token_never_reaches_logs_or_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("LANGNGHE_TEST_TG_TOKEN", TOKEN)
    caplog.set_level(logging.DEBUG, logger="langnghe")
    with HookServer() as server:
        # A server that echoes the request path (with the token) in its error body.
        server.script(*[Reply(502, f"upstream failed for /bot{TOKEN}/sendMessage".encode())] * 3)
        [result] = deliver(MESSAGE, ["tg"], {"tg": _telegram(server)}, data_dir=tmp_path, sleep=lambda s: None)
    assert result.status == "queued" and result.error is not None and "/bot***/sendMessage" in result.error
    assert TOKEN not in caplog.text and TOKEN not in repr(result)
    assert "/bot***/sendMessage" in caplog.text
    stored = (tmp_path / "outbox.sqlite3").read_bytes()
    assert TOKEN.encode() not in stored


def test_markdown_telegram_cannot_parse_is_resent_as_plain_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANGNGHE_TEST_TG_TOKEN", TOKEN)
    with HookServer() as server:
        server.script(Reply(400, b'{"ok": false, "description": "Bad Request: can\'t parse entities"}'))
        [result] = deliver(MESSAGE, ["tg"], {"tg": _telegram(server)}, data_dir=tmp_path, sleep=_no_sleep)
    assert result.status == "sent"
    assert [("parse_mode" in seen.json()) for seen in server.requests] == [True, False]


def test_split_text_cuts_at_the_widest_boundary() -> None:
    assert split_text("một hai ba bốn", limit=8) == ["một hai", "ba bốn"]
    assert split_text("dòng một\ndòng hai", limit=12) == ["dòng một", "dòng hai"]
    assert split_text("x" * 10, limit=4) == ["xxxx", "xxxx", "xx"]
    assert split_text("😀😀😀", limit=4) == ["😀😀", "😀"]  # UTF-16 units, as Telegram counts
    assert split_text("") == [""]


def test_http_failures_sort_into_transient_and_permanent() -> None:
    assert http_failure(503, None, b"").transient and http_failure(429, None, b"").transient
    assert http_failure(408, None, b"").transient
    assert not http_failure(404, None, b"").transient and not http_failure(401, None, b"").transient
    telegram = http_failure(429, None, b'{"ok": false, "parameters": {"retry_after": 12}}')
    assert telegram.retry_after == 12.0


def _no_sleep(seconds: float) -> None:
    raise AssertionError(f"unexpected wait of {seconds} s")


def test_a_moved_webhook_fails_rather_than_losing_the_body(tmp_path: Path) -> None:
    with HookServer() as server:
        server.script(Reply(302, b"", {"Location": server.url("/elsewhere")}))
        [result] = deliver(MESSAGE, ["hook"], {"hook": _hook(server)}, data_dir=tmp_path, sleep=_no_sleep)
    assert result.status == "failed" and result.error is not None and "đã chuyển tới" in result.error and "hãy sửa URL của kênh" in result.error
    assert [seen.path for seen in server.requests] == ["/in/secret-path"]
