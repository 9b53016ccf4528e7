"""Loopback stand-ins for delivery tests: a webhook/Telegram endpoint and an SMTP server.

    with HookServer() as hook:
        hook.script(Reply(503, headers={"Retry-After": "1"}))   # then 200 {"ok": true}
        deliver(message, ["hook"], {"hook": WebhookChannel(kind="webhook", url=hook.url("/in"))}, ...)
        hook.requests[-1].json()["subject"]

    with SmtpSink(users={"bot": "s3cret"}) as smtp:               # needs aiosmtpd (dev extra)
        ... EmailChannel(kind="email", host="127.0.0.1", port=smtp.port, security="none", ...)
        smtp.messages[0]["Subject"]

Both listen on 127.0.0.1 only and stop on leaving the ``with`` block; ``port`` may be
given to start a server where a client already failed to connect (the outbox tests).
"""

from __future__ import annotations

import email
import email.policy
import json
import socket
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from ipaddress import IPv4Address
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now (so connecting to it is refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = b'{"ok": true}'
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SeenPost:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class HookServer:
    """Records every POST and answers with the scripted replies in turn, then ``200 {"ok": true}``."""

    def __init__(self, port: int = 0) -> None:
        self._port = port
        self._lock = threading.Lock()
        self._script: list[Reply] = []
        self.requests: list[SeenPost] = []
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def script(self, *replies: Reply) -> None:
        with self._lock:
            self._script.extend(replies)

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("start the HookServer first (use it in a with block)")
        return int(self._server.server_address[1])

    def url(self, path: str = "/") -> str:
        return f"http://{HOST}:{self.port}{path}"

    def _answer(self, seen: SeenPost) -> Reply:
        with self._lock:
            self.requests.append(seen)
            return self._script.pop(0) if self._script else Reply()

    def __enter__(self) -> HookServer:
        server = ThreadingHTTPServer((HOST, self._port), _HookHandler)
        server.daemon_threads = True
        server.hook = self  # type: ignore[attr-defined]
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="hook-server", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)


class _HookHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:  # noqa: N802 (the stdlib's name)
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        seen = SeenPost(self.path, {name: value for name, value in self.headers.items()}, body)
        reply: Reply = self.server.hook._answer(seen)  # type: ignore[attr-defined]
        self.send_response(reply.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply.body)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(reply.body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # recorded in HookServer.requests instead


class _SinkHandler:
    """aiosmtpd's hook: keep each mail, or answer with the next scripted refusal."""

    def __init__(self, sink: SmtpSink) -> None:
        self.sink = sink

    async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:  # noqa: N802
        return self.sink._received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content)


class SmtpSink:
    """A real SMTP server (aiosmtpd) on 127.0.0.1; ``users`` enables AUTH LOGIN/PLAIN without TLS."""

    def __init__(
        self, port: int | None = None, *, users: dict[str, str] | None = None,
        tls: ssl.SSLContext | None = None, implicit_tls: bool = False,
    ) -> None:
        self.port = port or free_port()
        self.users = users
        self.tls = tls  # with it: STARTTLS required, or TLS from the first byte when implicit_tls
        self.implicit_tls = implicit_tls
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.logins: list[str] = []
        self.refusals: list[str] = []  # e.g. "451 4.3.0 try again later": answered to the next DATA commands
        self._lock = threading.Lock()
        self._controller: Any = None

    def _received(self, sender: str, recipients: list[str], content: bytes) -> str:
        with self._lock:
            if self.refusals:
                return self.refusals.pop(0)
            self.envelopes.append((sender, recipients))
            parsed = email.message_from_bytes(content, policy=email.policy.default)
            assert isinstance(parsed, EmailMessage)
            self.messages.append(parsed)
        return "250 OK"

    def _authenticator(self) -> Callable[..., Any]:
        from aiosmtpd.smtp import AuthResult, LoginPassword

        def check(server: object, session: object, envelope: object, mechanism: str, data: object) -> Any:
            ok = isinstance(data, LoginPassword) and self.users is not None and \
                self.users.get(data.login.decode()) == data.password.decode()
            if ok and isinstance(data, LoginPassword):
                self.logins.append(data.login.decode())
            return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535 itself

        return check

    def __enter__(self) -> SmtpSink:
        from aiosmtpd.controller import Controller  # a dev dependency: imported only when a test needs it

        options: dict[str, Any] = {}
        if self.users is not None:
            options = {"authenticator": self._authenticator(), "auth_require_tls": False}
        if self.tls is not None and self.implicit_tls:
            options["ssl_context"] = self.tls
        elif self.tls is not None:
            options.update(tls_context=self.tls, require_starttls=True)
        self._controller = Controller(_SinkHandler(self), hostname=HOST, port=self.port, **options)
        self._controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._controller is not None:
            self._controller.stop()


def loopback_tls(folder: Path) -> tuple[Path, ssl.SSLContext]:
    """A throw-away CA and a certificate for 127.0.0.1 signed by it: the CA's PEM file (point
    ``SSL_CERT_FILE`` at it to trust it) and a server context. Needs ``cryptography``."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    def name(text: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, text)])

    now = datetime.now(timezone.utc)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = (x509.CertificateBuilder().subject_name(name("langnghe test CA")).issuer_name(name("langnghe test CA"))
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - timedelta(hours=1)).not_valid_after(now + timedelta(days=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    leaf = (x509.CertificateBuilder().subject_name(name(HOST)).issuer_name(ca.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(hours=1)).not_valid_after(now + timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(IPv4Address(HOST))]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    pem = serialization.Encoding.PEM
    ca_file, cert_file, key_file = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    ca_file.write_bytes(ca.public_bytes(pem))
    cert_file.write_bytes(leaf.public_bytes(pem))
    key_file.write_bytes(key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    return ca_file, context
