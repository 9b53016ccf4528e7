"""The webhook channel: one JSON POST per message, for chat bridges, ticket systems, n8n and the like.

The body is ``{"key", "subject", "text", "markdown"}``, plus ``"html"`` when the message has
one; images and attachments stay out (they belong to mail and files). Header values
such as ``Authorization`` come from the environment variables of ``headers_env``.
"""

from __future__ import annotations

from typing import Any

from langnghe.delivery.config import WebhookChannel
from langnghe.delivery.errors import read_secret
from langnghe.delivery.httppost import post_json
from langnghe.delivery.message import Message


def webhook_payload(message: Message) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "key": message.key,
        "subject": message.subject,
        "text": message.text,
        "markdown": message.markdown,
    }
    if message.html is not None:
        payload["html"] = message.html
    return payload


class WebhookSender:
    def __init__(self, name: str, channel: WebhookChannel) -> None:
        self.name = name
        self.channel = channel

    def send(self, message: Message) -> str:
        headers = {header: read_secret(self.name, variable) for header, variable in self.channel.headers_env.items()}
        post_json(self.channel.url, webhook_payload(message), headers=headers,
                  timeout=self.channel.timeout.total_seconds())
        return f"đã gửi tới {_host(self.channel.url)}"


def _host(url: str) -> str:
    # The path of a webhook URL is often its secret (Slack, Discord): name the host only.
    return url.split("://", 1)[-1].split("/", 1)[0]
