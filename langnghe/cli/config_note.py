"""The one line a command prints (on stderr, so ``--json`` stays clean) when the configuration it
reads is not the default ``config/`` folder and was not named on its command line: a folder
named by ``LANGNGHE_CONFIG_DIR``, or the one the data folder names (``langnghe demo`` writes
``config-dir.txt``, see :func:`langnghe.settings.linked_config_dir`)."""

from __future__ import annotations

import os

from langnghe.settings import Settings

DEFAULT_CONFIG_DIR = Settings.model_fields["config_dir"].default


def config_note(settings: Settings, *, given: bool) -> str | None:
    """``Cấu hình đang dùng: …`` and where it comes from; ``None`` for the default or a given folder.

    >>> from pathlib import Path
    >>> config_note(Settings(config_dir=Path("config")), given=False) is None
    True
    """
    if given or settings.config_dir == DEFAULT_CONFIG_DIR:
        return None
    if os.environ.get("LANGNGHE_CONFIG_DIR"):
        origin = "theo biến môi trường LANGNGHE_CONFIG_DIR"
    else:
        origin = f"theo {settings.paths.config_link}"
    return f"Cấu hình đang dùng: {settings.config_dir} ({origin}; đọc cấu hình khác bằng --config-dir)"
