"""What every delivery channel sends: one message with plain text, and HTML and Markdown when there are.

The digest, the alerts and the monthly report build a :class:`Message`; a channel
picks the forms it can carry (mail: HTML + plain text with the images inline;
chat: Markdown; files: all of them).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Image:
    """A chart: referenced from the HTML as ``cid:<cid>`` (mail) and written as ``<cid>.png`` (files)."""

    cid: str
    png: bytes
    alt: str = ""


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mime: str = "application/octet-stream"


@dataclass(frozen=True)
class Message:
    """``key`` names what the message is about (``digest:2026-11-20``, ``alert:<rule>:<subject>``):
    channels use it for file names and to tell a retried delivery from a new one."""

    key: str
    subject: str
    text: str
    html: str | None = None
    markdown: str | None = None
    images: tuple[Image, ...] = field(default_factory=tuple)
    attachments: tuple[Attachment, ...] = field(default_factory=tuple)
