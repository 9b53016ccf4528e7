"""Loading and validating ``config/sources.yaml``, ``topics.yaml`` and ``alerts.yaml``.

A mistake gives one :class:`~langnghe.errors.ConfigError` naming the file, the key
and what was expected, e.g.::

    config/sources.yaml: sources[2].interval: cần một khoảng thời gian như '30m', '2h' hoặc '1d', nhận 'often'

The messages are Vietnamese (users read them); pydantic's own are worded by :mod:`langnghe.validation`.

``${VAR}`` in a string value is replaced by the environment variable ``VAR`` (for
credentials and for the demo's port); an unset variable is an error.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import timedelta
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import yaml
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from langnghe.errors import ConfigError
from langnghe.labels import DIMENSION_VI
from langnghe.validation import describe

_DURATION = re.compile(r"^\s*(\d+)\s*([smhd])\s*$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_ID = r"^[a-z0-9][a-z0-9_.-]*$"


def parse_duration(value: object) -> timedelta:
    """``'30m'`` -> 30 minutes. Accepts s, m, h, d units, or a number of seconds."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return timedelta(seconds=value)
    match = _DURATION.match(str(value)) if isinstance(value, str) else None
    if not match or int(match.group(1)) == 0:
        raise ValueError(f"cần một khoảng thời gian như '30m', '2h' hoặc '1d', nhận {value!r}")
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


Duration = Annotated[timedelta, BeforeValidator(parse_duration)]


def unique_ids(what: str) -> AfterValidator:
    """A list validator rejecting two entries with one ``id``; ``what`` names them in Vietnamese
    ("nguồn", "chủ đề")."""

    def check(entries: list[Any]) -> list[Any]:
        seen: set[str] = set()
        for entry in entries:
            if entry.id in seen:
                raise ValueError(f"mã {what} {entry.id!r} bị trùng")
            seen.add(entry.id)
        return entries

    return AfterValidator(check)


SAVED_TOPIC_PREFIX = "saved-"  # the watch-topic ids of shared saved searches (langnghe.stores.saved_searches)


def not_saved_ids(entries: list[Any]) -> list[Any]:
    """Refuse a topics.yaml id that a saved search's topic could take (``saved-<n>``)."""
    for entry in entries:
        if entry.id.startswith(SAVED_TOPIC_PREFIX):
            raise ValueError(f"mã chủ đề {entry.id!r}: mã bắt đầu bằng {SAVED_TOPIC_PREFIX!r} dành cho tìm kiếm đã lưu, hãy đổi mã khác")
    return entries


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


SourceKind = Literal[
    "rss", "sitemap", "html", "xenforo", "reddit", "youtube", "mastodon", "telegram", "facebook", "collaborator"
]
PLATFORM_OF_KIND = {
    "xenforo": "forum", "reddit": "reddit", "youtube": "youtube", "mastodon": "mastodon",
    "telegram": "telegram", "facebook": "facebook", "collaborator": "collaborator",
}


class SourceConfig(_Strict):
    """One public source to crawl (kinds and their options: README, "Sources")."""

    id: str = Field(pattern=_ID)
    kind: SourceKind
    name: str = ""
    url: str = Field(min_length=1, description="http(s) URL; for collaborator: the drop folder")
    urls: list[str] = Field(default_factory=list, description="more start URLs of the same kind")
    platform: str = Field("news", pattern=r"^[a-z][a-z0-9_]*$")
    interval: Duration = timedelta(hours=1)
    enabled: bool = True
    follow_links: bool = Field(True, description="Fetch each entry's page for the full text.")
    example: bool = Field(False, description="Shipped as an example: edit before relying on it.")
    options: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _platform_of_kind(cls, data: Any) -> Any:
        """A source that names no platform gets its kind's (reddit -> reddit, xenforo -> forum)."""
        if isinstance(data, dict) and "platform" not in data and data.get("kind") in PLATFORM_OF_KIND:
            return {**data, "platform": PLATFORM_OF_KIND[data["kind"]]}
        return data

    @model_validator(mode="after")
    def _web_urls(self) -> SourceConfig:
        if self.kind == "collaborator":
            return self
        for url in self.start_urls:
            if not re.match(r"^https?://", url):
                raise ValueError(f"url {url!r}: cần bắt đầu bằng http:// hoặc https://")
        return self

    @property
    def start_urls(self) -> list[str]:
        return [self.url, *self.urls]


class SourcesFile(_Strict):
    sources: Annotated[list[SourceConfig], unique_ids(DIMENSION_VI["source"].lower())]


class TopicConfig(_Strict):
    """An analyst's watch-list: a boolean query over the text."""

    id: str = Field(pattern=_ID)
    name: str
    query: str = Field(min_length=1)
    description: str = ""


class TopicsFile(_Strict):
    topics: Annotated[list[TopicConfig], unique_ids(DIMENSION_VI["watch_topic"].lower()), AfterValidator(not_saved_ids)] = Field(
        default_factory=list)
    # None: the shipped default concerns (langnghe/data/concerns.yaml).
    concerns: Annotated[list[TopicConfig], unique_ids(DIMENSION_VI["concern"].lower())] | None = None


AlertKind = Literal["spike", "emerging_issue", "sentiment_surge", "claim_spread", "source_health"]
AlertDimension = Literal["any", "concern", "watch_topic", "province", "section", "story"]


class AlertRule(_Strict):
    """When to tell analysts something happened, and how often at most.

    ``threshold`` reads per kind: spike: items in the spiking bucket; emerging_issue: the
    issue's score (0-1); sentiment_surge: negative or angry items in ``window``;
    claim_spread: items spreading one claim in ``window``; source_health: failed crawls
    in a row (a source is also reported when it brought nothing new for ``window``).
    """

    id: str = Field(pattern=_ID)
    kind: AlertKind
    dimension: AlertDimension = Field("any", description="what a spike or surge is counted over")
    target: str | None = Field(None, description="one watch topic, concern, province, claim or source; none: all")
    threshold: float = Field(3.0, gt=0)
    ratio: float = Field(2.0, ge=1.0, description="sentiment_surge: times the share of the days before")
    window: Duration = timedelta(hours=1)
    cooldown: Duration = timedelta(hours=6)
    channels: list[str] = Field(default_factory=list, description="names from channels:; data_dir/alerts always")


class AlertsFile(_Strict):
    # Channel settings are validated by langnghe.delivery.config when alerts are sent and by check-config.
    channels: dict[str, dict[str, Any]] = Field(default_factory=dict)
    alerts: Annotated[list[AlertRule], unique_ids("quy tắc cảnh báo")] = Field(default_factory=list)

    @model_validator(mode="after")
    def _known_channels(self) -> AlertsFile:
        for rule in self.alerts:
            for name in rule.channels:
                if name not in self.channels:
                    known = ", ".join(sorted(self.channels)) or "chưa khai báo kênh nào"
                    raise ValueError(f"cảnh báo {rule.id!r}: không có kênh {name!r} (các kênh: {known})")
        return self


@dataclass(frozen=True)
class Config:
    sources: list[SourceConfig]
    topics: list[TopicConfig]
    alerts: list[AlertRule]

    def source(self, source_id: str) -> SourceConfig:
        for source in self.sources:
            if source.id == source_id:
                return source
        known = ", ".join(s.id for s in self.sources) or "chưa có nguồn nào"
        raise ConfigError(f"không có nguồn nào mang mã {source_id!r}; các nguồn đã khai báo: {known}")


Model = TypeVar("Model", bound=BaseModel)


def load_config(config_dir: Path) -> Config:
    """Load and validate the three files of ``config_dir``; topics and alerts may be absent."""
    return Config(
        sources=load_file(config_dir / "sources.yaml", SourcesFile, required=True).sources,
        topics=load_file(config_dir / "topics.yaml", TopicsFile, required=False).topics,
        alerts=load_file(config_dir / "alerts.yaml", AlertsFile, required=False).alerts,
    )


def check_source_options(sources: list[SourceConfig], path: Path) -> None:
    """Every source's ``options`` checked against its kind (:mod:`langnghe.crawlers.options`, which
    loads no scrapy). ``langnghe check-config`` does it: loading alone does not, since a crawl
    reports a source with bad options as that source's error and goes on with the others."""
    from langnghe.crawlers.options import source_options  # it imports this module

    problems = []
    for source in sources:
        try:
            source_options(source)
        except ConfigError as exc:
            problems.append(str(exc))
    if problems:
        more = f" (và {len(problems) - 1} nguồn khác có tùy chọn sai)" if len(problems) > 1 else ""
        raise ConfigError(f"{path}: {problems[0]}{more}")


def load_alerts(config_dir: Path) -> AlertsFile:
    """Alert rules and delivery channels; an absent file means none."""
    return load_file(config_dir / "alerts.yaml", AlertsFile, required=False)


def load_topics(config_dir: Path) -> list[TopicConfig]:
    """Only the watch-lists (the enrich stage needs no sources); an absent file means none."""
    return load_file(config_dir / "topics.yaml", TopicsFile, required=False).topics


DEFAULT_CONCERNS = "concerns.yaml"


def default_concerns() -> list[TopicConfig]:
    """The concerns shipped with the package (``langnghe/data/concerns.yaml``)."""
    with resources.as_file(resources.files("langnghe.data").joinpath(DEFAULT_CONCERNS)) as path:
        return load_file(path, TopicsFile, required=True).concerns or []


def load_concerns(config_dir: Path) -> list[TopicConfig]:
    """The ``concerns:`` of ``config_dir/topics.yaml``, or the shipped defaults when it has none."""
    concerns = load_file(config_dir / "topics.yaml", TopicsFile, required=False).concerns
    return default_concerns() if concerns is None else concerns


def load_file(path: Path, model: type[Model], *, required: bool) -> Model:
    """``path`` validated as ``model`` (the empty model when absent and not ``required``);
    a mistake raises :class:`ConfigError` naming the file, the key and the expectation."""
    if not path.exists():
        if required:
            raise ConfigError(f"{path}: không có tệp này")
        return model()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (dòng {mark.line + 1}, cột {mark.column + 1})" if mark else ""
        raise ConfigError(f"{path}: YAML sai cú pháp{where}: {yaml_problem(exc)}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: không phải văn bản UTF-8 (byte {exc.start}); hãy lưu tệp dạng UTF-8") from None
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        kind = _KIND_VI.get(type(raw).__name__, type(raw).__name__)
        raise ConfigError(f"{path}: cấp ngoài cùng cần là một bảng khóa: giá trị, nhận {kind}")
    try:
        return model.model_validate(_expand_env(raw, path, ""))
    except ValidationError as exc:
        raise ConfigError(f"{path}: {describe(exc)}") from None


def _expand_env(value: Any, path: Path, where: str) -> Any:
    if isinstance(value, dict):
        return {k: _expand_env(v, path, f"{where}.{k}" if where else str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_expand_env(v, path, f"{where}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, str):
        return _ENV_REF.sub(lambda m: _env_value(m.group(1), path, where), value)
    return value


def _env_value(name: str, path: Path, where: str) -> str:
    if name not in os.environ:
        raise ConfigError(f"{path}: {where}: biến môi trường {name} chưa được đặt")
    return os.environ[name]


_KIND_VI = {"list": "một danh sách", "str": "một chuỗi văn bản", "int": "một số", "float": "một số", "bool": "true/false"}
# PyYAML's common problems, in Vietnamese; another is kept as PyYAML words it.
_YAML_PROBLEMS = {
    "mapping values are not allowed here": "dấu ':' không đúng chỗ (thiếu dấu cách hoặc cần đặt giá trị trong ngoặc kép?)",
    "found character '\\t' that cannot start any token": "có ký tự tab: YAML chỉ thụt lề bằng dấu cách",
    "could not find expected ':'": "thiếu dấu ':' sau khóa",
    "found undefined alias": "tham chiếu (*alias) chưa được định nghĩa",
    "expected <block end>": "thụt lề không đều",
    "expected ',' or ']'": "thiếu dấu ',' hoặc dấu ']' đóng danh sách",
    "expected ',' or '}'": "thiếu dấu ',' hoặc dấu '}' đóng bảng",
    "found unexpected end of stream": "tệp kết thúc giữa chừng (thiếu dấu ngoặc hoặc ngoặc kép đóng?)",
    "found duplicate anchor": "neo (&anchor) bị trùng",
}


def yaml_problem(exc: yaml.YAMLError) -> str:
    """PyYAML's problem in Vietnamese where it is a common one."""
    said = str(getattr(exc, "problem", None) or exc)
    for english, vietnamese in _YAML_PROBLEMS.items():
        if said.startswith(english):
            return vietnamese
    return said
