"""The email channel: a multipart message over SMTP (STARTTLS, SSL or plain), standard library only.

Shape of the mail (:func:`build_mail`)::

    multipart/mixed                      (only when there are attachments)
      multipart/alternative
        text/plain; charset=utf-8
        multipart/related                (only when there are images)
          text/html; charset=utf-8       (<img src="cid:chart1">)
          image/png; Content-ID: <chart1>
      application/pdf; attachment ...

The Vietnamese subject is written as RFC 2047 encoded words, so every server carries it; it is
folded onto one line first (a line break in a header is refused, and would let text forge headers).
"""

from __future__ import annotations

import base64
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from langnghe.delivery.config import EmailChannel
from langnghe.delivery.errors import DeliveryError, PermanentError, TransientError, read_secret
from langnghe.delivery.httppost import network_failure
from langnghe.delivery.message import Message
from langnghe.item import one_line


def build_mail(message: Message, channel: EmailChannel) -> EmailMessage:
    """The MIME message for ``message``, from ``channel.sender`` to ``channel.to``."""
    mail = EmailMessage()
    # A header cannot carry a line break: whatever built the subject, it goes out on one line.
    mail["Subject"] = one_line(message.subject)
    mail["From"] = channel.sender
    mail["To"] = ", ".join(channel.to)
    mail["Date"] = formatdate(localtime=True)
    mail["Message-ID"] = make_msgid(domain=channel.sender.rpartition("@")[2])
    mail["X-Langnghe-Key"] = one_line(message.key)  # to trace a mail back to the job and the outbox row
    mail.set_content(message.text, subtype="plain", charset="utf-8")
    if message.html is not None:
        mail.add_alternative(message.html, subtype="html", charset="utf-8")
        html_part = list(mail.iter_parts())[-1]  # alternatives: plain text, then HTML
        for image in message.images:
            html_part.add_related(image.png, "image", "png", cid=f"<{image.cid}>", filename=f"{image.cid}.png")
    else:  # no HTML to show the charts in: they travel as attachments
        for image in message.images:
            mail.add_attachment(image.png, "image", "png", filename=f"{image.cid}.png")
    for attachment in message.attachments:
        maintype, _, subtype = attachment.mime.partition("/")
        mail.add_attachment(attachment.content, maintype, subtype or "octet-stream", filename=attachment.filename)
    return mail


class MailSender:
    def __init__(self, name: str, channel: EmailChannel) -> None:
        self.name = name
        self.channel = channel

    def send(self, message: Message) -> str:
        mail = build_mail(message, self.channel)
        login = self._login()
        try:
            with self._connect() as smtp:
                if login is not None:
                    smtp_login(smtp, *login)
                refused = smtp.send_message(mail, from_addr=self.channel.sender, to_addrs=self.channel.to)
        except (smtplib.SMTPException, OSError) as exc:
            raise smtp_failure(exc) from None
        sent = len(self.channel.to) - len(refused)
        detail = f"đã gửi thư tới {sent} người nhận qua {self.channel.host}:{self.channel.smtp_port}"
        return detail + (f"; bị từ chối: {', '.join(sorted(refused))}" if refused else "")

    def _login(self) -> tuple[str, str] | None:
        username_env, password_env = self.channel.username_env, self.channel.password_env
        if username_env is None or password_env is None:
            return None
        return read_secret(self.name, username_env), read_secret(self.name, password_env)

    def _connect(self) -> smtplib.SMTP:
        channel, timeout = self.channel, self.channel.timeout.total_seconds()
        if channel.security == "ssl":
            return smtplib.SMTP_SSL(channel.host, channel.smtp_port, timeout=timeout, context=ssl.create_default_context())
        smtp = smtplib.SMTP(channel.host, channel.smtp_port, timeout=timeout)
        if channel.security == "starttls":
            try:
                smtp.starttls(context=ssl.create_default_context())
            except BaseException:
                smtp.close()
                raise
        return smtp


def smtp_login(smtp: smtplib.SMTP, user: str, password: str) -> None:
    """smtplib sends credentials as ASCII only: a password with Vietnamese letters goes as
    UTF-8 in ``AUTH PLAIN`` (RFC 4616) instead of failing with a UnicodeEncodeError."""
    if user.isascii() and password.isascii():
        smtp.login(user, password)
        return
    smtp.ehlo_or_helo_if_needed()
    if not smtp.has_extn("auth"):
        raise smtplib.SMTPNotSupportedError("SMTP AUTH extension not supported by server.")
    token = base64.b64encode(b"\0" + user.encode("utf-8") + b"\0" + password.encode("utf-8")).decode("ascii")
    code, reply = smtp.docmd("AUTH", f"PLAIN {token}")
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, reply)


def smtp_failure(exc: BaseException) -> DeliveryError:
    """4xx replies and dropped connections are transient; 5xx replies, a server without
    STARTTLS and every recipient refused for good are permanent."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        text = "; ".join(f"{to}: {code} {_text(reply)}" for to, (code, reply) in exc.recipients.items())
        kind = TransientError if codes and all(400 <= code < 500 for code in codes) else PermanentError
        return kind(f"máy chủ SMTP từ chối người nhận: {text}")
    if isinstance(exc, smtplib.SMTPResponseException):
        kind = TransientError if 400 <= exc.smtp_code < 500 else PermanentError
        return kind(f"SMTP {exc.smtp_code}: {_text(exc.smtp_error)}")
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return PermanentError(f"máy chủ SMTP không hỗ trợ ({exc})")
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return TransientError(f"máy chủ SMTP ngắt kết nối ({exc})")
    if isinstance(exc, smtplib.SMTPException):
        return PermanentError(f"SMTP: {exc}")
    return network_failure(exc)


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
