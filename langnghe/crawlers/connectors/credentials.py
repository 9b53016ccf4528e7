"""Keyed JSON APIs (``kind: youtube``, ``kind: facebook``): the key never leaves the request.

The APIs take their credential in the query string (``key=``, ``access_token=``), so every
URL the crawler handles carries it. :class:`KeyedApiConnector` keeps it out of what the
crawl writes down:

- every event the connector emits (``url``, ``reason``) goes through :func:`scrub`;
- the crawl log's records are scrubbed too (:func:`hide_in_logs`): scrapy's own lines
  ("Gave up retrying <GET ...>", "Error downloading ...") quote request URLs whole;
- API requests are conditional (If-None-Match), their validators stored under the URL with
  the key hidden (``meta["state_key"]``).

Error answers (4xx) reach the connector's handler (``handle_httpstatus_list``), so the API's
own error body can be reported. API requests do not consult robots.txt: an authenticated API
is governed by its terms and quota, not by a crawler's exclusion file.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

import scrapy

from langnghe.crawlers.connectors.base import Connector, Handler
from langnghe.crawlers.middlewares import STATE_KEY_META

SECRET_PARAMS = ("key", "access_token")
HIDDEN = "***"
API_ERROR_STATUSES = [400, 401, 403, 404, 429]  # answered to the handler, which reads the API's error body

# Values are what keys and tokens are made of (URL-encoded or not): a ':' or ')' after one is prose.
_SECRET_PARAM = re.compile(r"(?i)([?&;](?:%s)=)(?:\*\*\*|[A-Za-z0-9_.~%%|+/=-]*)" % "|".join(SECRET_PARAMS))


def scrub(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with the values of ``key=``/``access_token=`` query parameters, and each secret, hidden.

    >>> scrub("cannot fetch https://x.test/v3/commentThreads?videoId=a&key=AIzaBiMat: HTTP 500")
    'cannot fetch https://x.test/v3/commentThreads?videoId=a&key=***: HTTP 500'
    """
    text = _SECRET_PARAM.sub(lambda m: m.group(1) + HIDDEN, text)
    for secret in secrets:
        if secret:
            text = text.replace(secret, HIDDEN).replace(quote(secret, safe=""), HIDDEN)
    return text


class SecretFilter(logging.Filter):
    """Scrubs log records (message and traceback) before any handler writes them."""

    def __init__(self) -> None:
        super().__init__()
        self.secrets: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed log call: the handler reports it, not this filter
            return True
        clean = scrub(message, self.secrets)
        if clean != message:
            record.msg, record.args = clean, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text, self.secrets)
        return True


_FILTER = SecretFilter()


def hide_in_logs(secret: str) -> None:
    """Scrub ``secret`` from every record the process's log handlers write (scrapy's included)."""
    _FILTER.secrets.add(secret)
    for handler in logging.getLogger().handlers:
        if _FILTER not in handler.filters:
            handler.addFilter(_FILTER)


class KeyedApiConnector(Connector):
    """A connector whose requests carry a credential: scrubbed events, error bodies to the handler."""

    _secrets: tuple[str, ...] = ()

    def api_secret(self, env_name: str, what: str) -> str:
        """The credential (:meth:`Connector.secret`), hidden from this crawl's events and logs from now on."""
        value = self.secret(env_name, what)
        self._secrets = (*self._secrets, value)
        hide_in_logs(value)
        return value

    def api_request(self, url: str, handler: Handler, **cb_kwargs: Any) -> scrapy.Request:
        """Conditional, with the validators kept under the URL less its key (both APIs send ETags)."""
        meta = {"handle_httpstatus_list": API_ERROR_STATUSES, "dont_obey_robotstxt": True, STATE_KEY_META: scrub(url)}
        return self.request(
            url, handler, conditional=True, cb_kwargs=cb_kwargs, meta=meta, headers={"Accept": "application/json"}
        )

    def emit(self, kind: Any, **fields: Any) -> None:
        clean = {name: scrub(value, self._secrets) if isinstance(value, str) else value for name, value in fields.items()}
        super().emit(kind, **clean)

    def hide(self, text: str) -> str:
        return scrub(text, self._secrets)
