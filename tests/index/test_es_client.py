"""The Elasticsearch connection of a secured cluster (``langnghe/index/es/client.py``): HTTPS checked
against the deployment's CA, a user and password (or an API key) from the settings. Against a real
HTTPS server on loopback with a certificate signed by a CA made here (openssl), which records the
credentials it was sent."""

from __future__ import annotations

import base64
import json
import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pydantic import SecretStr

from langnghe.cli.boundary import Where, explain
from langnghe.errors import BackendUnavailable, ConfigError
from langnghe.index import open_index
from langnghe.index.es.client import es_client
from langnghe.settings import Settings


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


def _certificates(folder: Path) -> tuple[Path, Path, Path]:
    """A CA, and a server certificate for 127.0.0.1 signed by it: (ca.crt, server.crt, server.key)."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make a test CA")
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2",
             "-subj", "/CN=langnghe test CA", cwd=folder)  # fmt: skip
    _openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
             "-subj", "/CN=127.0.0.1", cwd=folder)  # fmt: skip
    (folder / "san.ext").write_text("subjectAltName=IP:127.0.0.1\n", encoding="ascii")
    _openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
             "-out", "server.crt", "-days", "2", "-extfile", "san.ext", cwd=folder)  # fmt: skip
    return folder / "ca.crt", folder / "server.crt", folder / "server.key"


class _Cluster(BaseHTTPRequestHandler):
    """Answers GET / as an Elasticsearch node does and keeps the Authorization headers it saw."""

    seen: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        given = self.headers.get("Authorization", "")
        type(self).seen.append(given)
        if not given:  # a secured cluster refuses an anonymous client
            body = json.dumps({"error": {"type": "security_exception", "reason": "missing authentication"},
                               "status": 401}).encode()  # fmt: skip
            self.send_response(401)
        else:
            body = json.dumps({"name": "n1", "version": {"number": "8.19.21"}, "tagline": "You Know, for Search"}).encode()
            self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def secured(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    ca, cert, key = _certificates(tmp_path)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Cluster)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Cluster.seen = []
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}", ca
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_a_user_and_password_over_https_checked_against_the_ca(secured: tuple[str, Path], tmp_path: Path) -> None:
    url, ca = secured
    settings = Settings(data_dir=tmp_path, index_backend="elasticsearch", es_url=url, es_username="langnghe",
                        es_password=SecretStr("mat-khau-dai"), es_ca_certs=ca)  # fmt: skip
    with es_client(settings) as client:
        assert client.info()["version"]["number"] == "8.19.21"
    assert _Cluster.seen == ["Basic " + base64.b64encode(b"langnghe:mat-khau-dai").decode()]


def test_an_api_key_instead_of_a_password(secured: tuple[str, Path], tmp_path: Path) -> None:
    url, ca = secured
    settings = Settings(data_dir=tmp_path, es_url=url, es_api_key=SecretStr("a2V5OnNlY3JldA=="), es_ca_certs=ca)
    with es_client(settings) as client:
        client.info()
    assert _Cluster.seen == ["ApiKey a2V5OnNlY3JldA=="]


def test_a_user_without_a_password_or_a_missing_ca_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="LANGNGHE_ES_PASSWORD"):
        es_client(Settings(data_dir=tmp_path, es_url="https://127.0.0.1:9200", es_username="langnghe"))
    with pytest.raises(ConfigError, match=r"LANGNGHE_ES_CA_CERTS: .*khong-co\.crt: no such file"):
        es_client(Settings(data_dir=tmp_path, es_url="https://127.0.0.1:9200", es_ca_certs=tmp_path / "khong-co.crt"))


def test_an_untrusted_certificate_or_no_credentials_is_one_line_naming_the_cluster(
    secured: tuple[str, Path], tmp_path: Path
) -> None:
    url, ca = secured
    without_ca = Settings(data_dir=tmp_path, index_backend="elasticsearch", es_url=url, es_username="langnghe",
                          es_password=SecretStr("mat-khau-dai"))  # fmt: skip
    with pytest.raises(BackendUnavailable) as untrusted:
        open_index(without_ca)
    assert untrusted.value.problem == "tls"
    line = explain(untrusted.value, Where(es_url=url))
    assert line is not None and line.line == f"lỗi: Elasticsearch: chứng chỉ TLS không được tin (kiểm tra LANGNGHE_ES_CA_CERTS) ({url})"
    anonymous = Settings(data_dir=tmp_path, index_backend="elasticsearch", es_url=url, es_ca_certs=ca)
    with es_client(anonymous) as client, pytest.raises(Exception) as refused:
        client.info()
    denied = explain(refused.value, Where(es_url=url))
    assert denied is not None and denied.line.startswith("lỗi: Elasticsearch: từ chối đăng nhập (kiểm tra LANGNGHE_ES_USERNAME")
    assert "mat-khau-dai" not in line.line + denied.line
