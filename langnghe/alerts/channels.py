"""The delivery channels of ``config/alerts.yaml``, and names that must refer to them."""

from __future__ import annotations

from langnghe.delivery.config import Channels, load_channels
from langnghe.errors import ConfigError
from langnghe.settings import Settings


def configured_channels(settings: Settings) -> Channels:
    return load_channels(settings.config_dir)


def check_channel_names(names: list[str], channels: Channels, where: str) -> None:
    unknown = [n for n in names if n not in channels]
    if unknown:
        known = ", ".join(sorted(channels)) or "none defined in alerts.yaml"
        raise ConfigError(f"{where}: unknown channel(s) {', '.join(unknown)} (channels: {known})")
