"""Settings: one place, clear precedence (defaults < environment ``LANGNGHE_*`` < command line).

Every field reads from ``LANGNGHE_<NAME>``; e.g. ``LANGNGHE_DATA_DIR=/srv/langnghe``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from langnghe.addresses import parse_entry
from langnghe.errors import ConfigError
from langnghe.paths import DataPaths
from langnghe.validation import problem

log = logging.getLogger(__name__)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LANGNGHE_", extra="ignore")

    data_dir: Path = Field(Path("langnghe-data"), description="Where the queue, index and outputs live.")
    config_dir: Path = Field(Path("config"), description="Folder with sources.yaml, topics.yaml, alerts.yaml.")
    model_dir: Path | None = Field(None, description="Folder with model artifacts; default: the shipped ones.")
    author_key: SecretStr | None = Field(
        None, description="HMAC key for author pseudonyms (one per deployment); see author_key_file."
    )
    author_key_file: Path | None = Field(
        None,
        description="File holding the deployment's author key, shared by its machines; default: a random key "
        "created once in data_dir/author.key.",
    )
    keep_author_handles: bool = Field(False, description="Store raw author handles (off: pseudonyms only).")
    timezone: str = Field("Asia/Ho_Chi_Minh", description="Zone in which times are shown and days are cut.")
    user_agent: str = Field(
        "langnghe/0.1 (+https://github.com/langnghe/langnghe; social listening, obeys robots.txt)",
        description="User-Agent sent by the crawlers.",
    )
    batch_size: int = Field(256, ge=1, description="Items per enrich batch.")
    enrich_workers: int = Field(
        0, ge=0, description="Processes annotating during `langnghe ingest`; 0: one per core, at most 4."
    )
    index_backend: Literal["sqlite", "elasticsearch"] = Field("sqlite", description="Where items are indexed.")
    es_url: str | None = Field(None, description="Elasticsearch URL, e.g. http://127.0.0.1:9200.")
    es_prefix: str = Field(
        "langnghe", pattern=r"^[a-z0-9][a-z0-9_-]*$", description="Prefix of Elasticsearch index, alias and template names."
    )
    es_username: str | None = Field(None, description="Elasticsearch user of a secured cluster (with es_password).")
    es_password: SecretStr | None = Field(None, description="That user's password; from the environment, never logged.")
    es_api_key: SecretStr | None = Field(None, description="An encoded Elasticsearch API key, instead of a user and password.")
    es_ca_certs: Path | None = Field(
        None, description="CA certificate (PEM) that signed the cluster's HTTPS certificate; default: the system's CAs."
    )
    download_delay: float = Field(1.0, ge=0.0, description="Seconds between requests to one domain.")
    allow_private_hosts: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Internal addresses the crawlers may fetch (all are refused by default): host:port, "
        "an IP address or a CIDR range, comma-separated in the environment; see langnghe.addresses.",
    )

    web_secret: SecretStr | None = Field(
        None, description="Key signing the web app's session cookies, shared by its machines; default: a random "
        "key made once in data_dir/web-secret.key.",
    )
    web_secure_cookies: bool = Field(
        False, description="Send the session cookie over HTTPS only (set it when the app is served behind TLS)."
    )
    web_session_hours: float = Field(12.0, gt=0, description="Hours a web session lasts without a new login.")
    web_key_rate: int = Field(600, ge=1, description="Requests per minute one API key may make.")
    web_login_attempts: int = Field(
        10, ge=1, description="Failed logins from one address within 15 minutes before it must wait."
    )

    @field_validator("allow_private_hosts", mode="before")
    @classmethod
    def _split_hosts(cls, value: object) -> object:
        """``LANGNGHE_ALLOW_PRIVATE_HOSTS=127.0.0.1:8123, 10.0.0.0/8`` as a list; each entry checked."""
        entries = [part.strip() for part in value.replace(",", " ").split()] if isinstance(value, str) else value
        for entry in entries if isinstance(entries, list) else []:
            parse_entry(str(entry))  # ValueError -> a validation error naming the entry
        return entries

    @property
    def paths(self) -> DataPaths:
        """Every store and output file under ``data_dir`` (:mod:`langnghe.paths`)."""
        return DataPaths(self.data_dir)


def load_settings(**overrides: object) -> Settings:
    """Build settings from the environment plus command-line overrides (``None`` means unset).

    When neither names a config folder, the one the data folder names (:func:`linked_config_dir`,
    written by ``langnghe demo``) is used, so that commands run after the demo read the demo's
    sources."""
    return resolve_settings(overrides)


def resolve_settings(overrides: Mapping[str, object], *, follow_link: bool = True) -> Settings:
    """:func:`load_settings`; ``follow_link=False`` keeps the default config folder when none is
    given (``langnghe demo``, which writes its own)."""
    given = {key: value for key, value in overrides.items() if value is not None}
    try:
        settings = Settings(**given)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = "; ".join(
            f"LANGNGHE_{'.'.join(str(p) for p in err['loc']).upper()}: {problem(err)}" for err in exc.errors()
        )
        raise ConfigError(f"cài đặt sai: {problems}") from None
    linked = linked_config_dir(settings.paths) if follow_link and "config_dir" not in settings.model_fields_set else None
    return settings.model_copy(update={"config_dir": linked}) if linked is not None else settings


def linked_config_dir(paths: DataPaths) -> Path | None:
    """The config folder named by the data folder's ``config-dir.txt`` (its first line that is not
    a comment, relative to the data folder unless absolute); ``None`` without one, or when the
    folder it names is gone (logged: the default is used)."""
    try:
        lines = paths.config_link.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return None
    named = next((line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")), None)
    if named is None:
        return None
    folder = paths.root / named  # an absolute path stays itself
    if not folder.is_dir():
        log.warning("%s names %s, which is not a folder: using the default config", paths.config_link, folder)
        return None
    return folder


def link_config_dir(paths: DataPaths, folder: Path, written_by: str) -> None:
    """Record in the data folder that ``folder`` is its config (relative when it lies inside)."""
    try:
        named = folder.resolve().relative_to(paths.root.resolve())
    except ValueError:
        named = folder.resolve()
    paths.config_link.write_text(f"# Written by {written_by}: the config folder of this data.\n{named}\n", encoding="utf-8")


@lru_cache(maxsize=1)
def default_settings() -> Settings:
    return load_settings()
