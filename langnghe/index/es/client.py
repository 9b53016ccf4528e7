"""The Elasticsearch client of a deployment, built from its settings (docs: docs/deploy.md).

A secured cluster (the production path, ``deploy/docker-compose.yml``) is reached over HTTPS,
its certificate checked against ``LANGNGHE_ES_CA_CERTS`` (else the system's CAs), with the user
and password ``LANGNGHE_ES_USERNAME``/``LANGNGHE_ES_PASSWORD`` or the API key
``LANGNGHE_ES_API_KEY``. Credentials stay in the client: errors and ``status`` name the cluster
by its node addresses, which never hold them.
"""

from __future__ import annotations

from typing import Any

from elasticsearch import Elasticsearch

from langnghe.errors import ConfigError
from langnghe.settings import Settings

REQUEST_TIMEOUT = 60


def es_client(settings: Settings) -> Elasticsearch:
    """A client on ``settings.es_url`` with the deployment's credentials and CA."""
    if not settings.es_url:
        raise ConfigError("LANGNGHE_INDEX_BACKEND=elasticsearch needs LANGNGHE_ES_URL (e.g. https://127.0.0.1:9200)")
    return Elasticsearch(settings.es_url, request_timeout=REQUEST_TIMEOUT, **_security(settings))


def _security(settings: Settings) -> dict[str, Any]:
    options: dict[str, Any] = {}
    if settings.es_api_key is not None:
        options["api_key"] = settings.es_api_key.get_secret_value()
    elif settings.es_username:
        if settings.es_password is None or not settings.es_password.get_secret_value():
            raise ConfigError("LANGNGHE_ES_USERNAME is set: LANGNGHE_ES_PASSWORD must be set too")
        options["basic_auth"] = (settings.es_username, settings.es_password.get_secret_value())
    if settings.es_ca_certs is not None:
        ca = settings.es_ca_certs.expanduser()
        if not ca.is_file():
            raise ConfigError(f"LANGNGHE_ES_CA_CERTS: {ca}: no such file (the CA certificate of the cluster, PEM)")
        options["ca_certs"] = str(ca)
    return options
