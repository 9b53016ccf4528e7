"""The Telegram channel: ``POST {api_url}/bot<token>/sendMessage`` (Telegram's Bot API, or a compatible one).

The Markdown form is sent with ``parse_mode: Markdown``, the plain text without a
parse mode when the message has no Markdown. Telegram refuses a message over 4,096
characters, so a long one goes as several, cut at paragraph, then line, then word
boundaries (:func:`split_text`). A chunk whose Markdown Telegram cannot parse (HTTP
400) is sent again as plain text rather than lost.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from langnghe.delivery.config import TelegramChannel
from langnghe.delivery.errors import PermanentError, read_secret
from langnghe.delivery.httppost import post_json
from langnghe.delivery.message import Message

TELEGRAM_LIMIT = 4096
_SEPARATORS = ("\n\n", "\n", " ")


def _length(text: str) -> int:
    # Telegram counts UTF-16 code units: an emoji outside the BMP counts twice.
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """``text`` in pieces of at most ``limit`` UTF-16 units, cut at the widest boundary that fits.

    >>> split_text("Một đoạn.\\n\\nĐoạn hai.", limit=12)
    ['Một đoạn.', 'Đoạn hai.']
    """
    pieces: list[str] = []
    rest = text.strip()
    while _length(rest) > limit:
        head = _cut(rest, limit)
        pieces.append(head.rstrip())
        rest = rest[len(head):].lstrip()
    if rest or not pieces:
        pieces.append(rest)
    return pieces


def _cut(text: str, limit: int) -> str:
    """The longest head of ``text`` within ``limit`` that ends at a separator (a hard cut if none)."""
    window = text[:limit]
    while _length(window) > limit:
        window = window[:-1]
    for separator in _SEPARATORS:
        at = window.rfind(separator)
        if at > 0:
            return text[: at + len(separator)]
    return window or text[:1]  # never an empty cut: the loop must advance


def telegram_requests(message: Message, chat_id: str) -> list[dict[str, Any]]:
    """The ``sendMessage`` bodies for ``message``, in order."""
    text, mode = (message.markdown, "Markdown") if message.markdown else (message.text, None)
    requests = []
    for piece in split_text(text):
        body: dict[str, Any] = {"chat_id": chat_id, "text": piece, "disable_web_page_preview": True}
        if mode:
            body["parse_mode"] = mode
        requests.append(body)
    return requests


class TelegramSender:
    def __init__(self, name: str, channel: TelegramChannel) -> None:
        self.name = name
        self.channel = channel
        self._posted: dict[str, int] = {}  # message key -> pieces already sent, so a retry goes on from there

    def send(self, message: Message) -> str:
        token = read_secret(self.name, self.channel.token_env)
        url = f"{self.channel.api_url.rstrip('/')}/bot{quote(token, safe=':')}/sendMessage"
        bodies = telegram_requests(message, self.channel.chat_id)
        for number in range(self._posted.get(message.key, 0), len(bodies)):
            self._post(url, bodies[number])
            self._posted[message.key] = number + 1
        return f"đã gửi {len(bodies)} tin Telegram tới cuộc trò chuyện {self.channel.chat_id}"

    def _post(self, url: str, body: dict[str, Any]) -> None:
        timeout = self.channel.timeout.total_seconds()
        try:
            post_json(url, body, headers={}, timeout=timeout)
        except PermanentError as exc:
            if exc.status != 400 or "parse_mode" not in body:
                raise
            plain = {key: value for key, value in body.items() if key != "parse_mode"}
            post_json(url, plain, headers={}, timeout=timeout)
