"""Channel configuration: the four kinds, strict keys, credentials named and never inlined."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from langnghe.config import load_file
from langnghe.delivery import (
    ChannelsFile,
    EmailChannel,
    FileChannel,
    TelegramChannel,
    WebhookChannel,
    load_channels,
)
from langnghe.errors import ConfigError

YAML = """
channels:
  mail: {kind: email, host: 127.0.0.1, port: 2525, security: none, sender: langnghe@example.org,
         to: [a@example.org], username_env: LANGNGHE_SMTP_USER, password_env: LANGNGHE_SMTP_PASSWORD, timeout: 10s}
  hook: {kind: webhook, url: "https://hooks.example.org/x", headers_env: {Authorization: LANGNGHE_HOOK_AUTH}}
  tg: {kind: telegram, token_env: LANGNGHE_TELEGRAM_TOKEN, chat_id: -100123}
  disk: {kind: file, dir: alerts}
"""


def test_the_four_kinds_parse_with_defaults(tmp_path: Path) -> None:
    path = tmp_path / "alerts.yaml"
    path.write_text(YAML, encoding="utf-8")
    channels = load_file(path, ChannelsFile, required=True).channels
    mail, hook, tg, disk = channels["mail"], channels["hook"], channels["tg"], channels["disk"]
    assert isinstance(mail, EmailChannel) and mail.timeout == timedelta(seconds=10) and mail.smtp_port == 2525
    assert isinstance(hook, WebhookChannel) and hook.secret_envs() == ("LANGNGHE_HOOK_AUTH",)
    assert isinstance(tg, TelegramChannel) and tg.chat_id == "-100123" and tg.api_url == "https://api.telegram.org"
    assert isinstance(disk, FileChannel) and disk.dir == Path("alerts")


def test_default_ports_follow_the_security() -> None:
    base = {"kind": "email", "host": "smtp.example.org", "sender": "a@example.org", "to": ["b@example.org"]}
    assert EmailChannel.model_validate(base).smtp_port == 587
    assert EmailChannel.model_validate({**base, "security": "ssl"}).smtp_port == 465


@pytest.mark.parametrize("change, problem", [
    ({"password": "hunter2"}, "channels.mail.email.password: khóa lạ"),
    ({"username_env": "LANGNGHE_SMTP_USER"}, "username_env và password_env đi cùng nhau"),
    ({"to": []}, "channels.mail.email.to"),
    ({"kind": "pigeon"}, "channels.mail: kind: cần một trong các giá trị 'email', 'webhook', 'telegram', 'file', nhận 'pigeon'"),
])
def test_mistakes_name_the_key(tmp_path: Path, change: dict[str, object], problem: str) -> None:
    import yaml

    mail = {"kind": "email", "host": "h", "sender": "a@example.org", "to": ["b@example.org"], **change}
    path = tmp_path / "alerts.yaml"
    path.write_text(yaml.safe_dump({"channels": {"mail": mail}}), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_file(path, ChannelsFile, required=True)
    assert problem in str(caught.value)


def test_channel_names_follow_the_id_pattern() -> None:
    with pytest.raises(ValidationError):
        ChannelsFile.model_validate({"channels": {"Bad Name": {"kind": "file"}}})


def test_load_channels_reads_them_beside_the_alert_rules(tmp_path: Path) -> None:
    (tmp_path / "alerts.yaml").write_text(YAML + "alerts: []\n", encoding="utf-8")
    assert sorted(load_channels(tmp_path)) == ["disk", "hook", "mail", "tg"]
    assert load_channels(tmp_path / "nowhere") == {}
    (tmp_path / "alerts.yaml").write_text("channels:\n  mail: {kind: email, host: h}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"alerts.yaml: channels.mail.email.sender: thiếu khóa bắt buộc"):
        load_channels(tmp_path)
