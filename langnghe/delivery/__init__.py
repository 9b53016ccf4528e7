"""Delivery: the digest, alerts and reports sent to named channels (mail, webhook, Telegram, files).

Channels are configured under ``channels:`` in ``config/alerts.yaml``
(:mod:`langnghe.delivery.config`); credentials stay in environment variables named
there and are read only at send time. Each send is retried a few times on transient
failures (connection refused, timeouts, SMTP 4xx, HTTP 429/5xx with Retry-After);
what still fails waits in the outbox (``data_dir/outbox.sqlite3``) for
:func:`retry_outbox` on later runs, until it goes through or runs out of tries or
time. Permanent failures (SMTP 5xx, HTTP 4xx, an unknown channel, a missing
credential) are reported at once and kept as failed. A message key already sent on
a channel is not sent twice::

    channels = load_channels(settings.config_dir)
    message = Message("digest:2026-11-20", "Bản tin ngày 20/11", text, html=html, images=charts)
    for result in deliver(message, ["mail", "disk"], channels, data_dir=settings.data_dir):
        print(result.line())       # mail: đã gửi: đã gửi thư tới 2 người nhận qua smtp.example.org:587
    retry_outbox(channels, settings.data_dir)       # on later runs: what failed for now
    outbox_summary(settings.data_dir).line()        # hộp thư đi: 0 chờ gửi, 0 lỗi, 12 đã gửi
"""

from langnghe.delivery.config import (
    Channel,
    Channels,
    ChannelsFile,
    EmailChannel,
    FileChannel,
    TelegramChannel,
    WebhookChannel,
    load_channels,
)
from langnghe.delivery.message import Attachment, Image, Message
from langnghe.delivery.outbox import OutboxEntry, OutboxSummary, outbox_summary
from langnghe.delivery.retry import DEFAULT_POLICY, RetryPolicy
from langnghe.delivery.send import DeliveryResult, deliver, retry_outbox

__all__ = [
    "DEFAULT_POLICY",
    "Attachment",
    "Channel",
    "Channels",
    "ChannelsFile",
    "DeliveryResult",
    "EmailChannel",
    "FileChannel",
    "Image",
    "Message",
    "OutboxEntry",
    "OutboxSummary",
    "RetryPolicy",
    "TelegramChannel",
    "WebhookChannel",
    "deliver",
    "load_channels",
    "outbox_summary",
    "retry_outbox",
]
