"""Named delivery channels, as written under ``channels:`` in ``config/alerts.yaml``::

    channels:
      mail: {kind: email, host: smtp.example.org, port: 587, security: starttls,
             sender: langnghe@example.org, to: [a@example.org],
             username_env: LANGNGHE_SMTP_USER, password_env: LANGNGHE_SMTP_PASSWORD, timeout: 30s}
      hook: {kind: webhook, url: https://hooks.example.org/langnghe, headers_env: {Authorization: LANGNGHE_HOOK_AUTH}}
      tg:   {kind: telegram, token_env: LANGNGHE_TELEGRAM_TOKEN, chat_id: "-100123"}
      disk: {kind: file, dir: alerts}

Credentials are never written here: a channel names the environment variables that
hold them (``*_env``), and they are read only when a message is sent, so they stay
out of the config, the outbox, logs and error messages.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BeforeValidator, ConfigDict, Field, StringConstraints, model_validator

from langnghe.config import _ID, Duration, _Strict, load_file

EnvName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")]
ChannelName = Annotated[str, StringConstraints(pattern=_ID)]
_HTTP_URL = r"^https?://[^\s/]+"
_DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


def _as_text(value: object) -> object:
    # A bare YAML number (chat_id: -100123) is an id, not an amount.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class EmailChannel(_Strict):
    """Mail over SMTP: plain text and HTML alternatives, charts inline, files attached."""

    kind: Literal["email"]
    host: str = Field(min_length=1)
    port: int | None = Field(None, ge=1, le=65535, description="default: 587 starttls, 465 ssl, 25 none")
    security: Literal["starttls", "ssl", "none"] = "starttls"
    sender: str = Field(pattern=r"^[^@\s]+@[^@\s]+$")
    to: list[Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+$")]] = Field(min_length=1)
    username_env: EnvName | None = Field(None, description="log in only when set")
    password_env: EnvName | None = None
    timeout: Duration = timedelta(seconds=30)

    @model_validator(mode="after")
    def _login_pair(self) -> EmailChannel:
        if (self.username_env is None) != (self.password_env is None):
            raise ValueError("username_env và password_env đi cùng nhau (đặt cả hai để đăng nhập, hoặc không đặt cái nào)")
        return self

    @property
    def smtp_port(self) -> int:
        return self.port or _DEFAULT_PORTS[self.security]

    def secret_envs(self) -> tuple[str, ...]:
        return tuple(name for name in (self.username_env, self.password_env) if name)


class WebhookChannel(_Strict):
    """A JSON POST of ``{key, subject, text, markdown, html}`` to any URL."""

    kind: Literal["webhook"]
    url: str = Field(pattern=_HTTP_URL)
    format: Literal["json"] = "json"
    headers_env: dict[str, EnvName] = Field(
        default_factory=dict, description="header name -> environment variable holding its value"
    )
    timeout: Duration = timedelta(seconds=30)

    def secret_envs(self) -> tuple[str, ...]:
        return tuple(self.headers_env.values())


class TelegramChannel(_Strict):
    """A Telegram bot (or a compatible API): ``sendMessage`` to one chat."""

    kind: Literal["telegram"]
    token_env: EnvName
    chat_id: Annotated[str, BeforeValidator(_as_text), StringConstraints(min_length=1)]
    api_url: str = Field("https://api.telegram.org", pattern=_HTTP_URL)
    timeout: Duration = timedelta(seconds=30)

    def secret_envs(self) -> tuple[str, ...]:
        return (self.token_env,)


class FileChannel(_Strict):
    """Files under ``dir`` (relative to the data folder): ``<dir>/<YYYY-MM-DD>/<key>.html|.md|.txt``."""

    kind: Literal["file"]
    dir: Path = Path("alerts")

    def secret_envs(self) -> tuple[str, ...]:
        return ()


Channel = Annotated[EmailChannel | WebhookChannel | TelegramChannel | FileChannel, Field(discriminator="kind")]
Channels = dict[ChannelName, Channel]


class ChannelsFile(_Strict):
    """The ``channels:`` mapping on its own (``config/alerts.yaml`` embeds the same field)."""

    channels: Channels = Field(default_factory=dict)


class _ChannelsOfAlerts(ChannelsFile):
    model_config = ConfigDict(extra="ignore", frozen=True)  # the rest of alerts.yaml is not ours to check


def load_channels(config_dir: Path) -> dict[str, Channel]:
    """The channels of ``config_dir/alerts.yaml`` (none when absent); a mistake is one
    :class:`~langnghe.errors.ConfigError` naming the file and the key, e.g.
    ``config/alerts.yaml: channels.mail.email.port: cần từ 1 trở lên, nhận 0``."""
    return dict(load_file(config_dir / "alerts.yaml", _ChannelsOfAlerts, required=False).channels)
