"""``kill -9`` an ingest at random moments, restart it, and compare with a clean run.

Used by ``tests/jobs/test_kill_ingest.py`` (735 items, 8 kills) and ``bench/bench_kill.py``
(4,992 items, 20 kills: the issue's figure). The stream is the demo's synthetic one
(:mod:`langnghe.demo.stream`: background news and forum threads with comments, bursts, a
slow issue, a false claim), with a config folder whose claim base holds the planted claim,
so claim spread rows exist. Kill moments are drawn over the clean run's wall time and found
again in each killed run by its progress (:func:`kill_moments`).

What must be equal between the two data folders (:func:`differences`): every indexed
document (text, NLP signals, story id, claim matches, false-information flag), each item's
story in the story store and every story record, every hourly roll-up row, every claim
spread row, the detection store (spikes, emerging rankings), and what an analyst reads:
``stories --json``, ``emerging --at DAY --json`` and ``trends --at TIME --json`` for a few
chosen moments. Story ids are derived from the founding item's id, so equal clusterings give
equal ids: no renaming is allowed.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import yaml

from langnghe.claims.store import ClaimStore, MatchRecord
from langnghe.demo import banks
from langnghe.demo.claim_base import PLANTED_CLAIM_ID
from langnghe.demo.stream import build_stream
from langnghe.index.sqlite import SQLiteIndex
from langnghe.index.trends import ROLLUP_DIMENSIONS, TOTAL
from langnghe.index import open_trend_store
from langnghe.paths import DataPaths
from langnghe.settings import Settings
from langnghe.stores.detections import DetectionStore
from langnghe.stores.stories import StoryStore

REPO_CONFIG = Path(__file__).resolve().parents[1] / "config"
END = date(2026, 10, 31)


def write_stream(path: Path, *, days: int, volume: float, seed: int = 11) -> int:
    """The demo stream of ``days`` days (a slow issue and the false claim from day 0, a few
    bursts) as Item JSON lines in ``path``; returns how many items."""
    bursts = tuple((day, size) for day, size in ((3, 8), (6, 20), (9, 12), (12, 30), (20, 15)) if day < days)
    stream = build_stream(days, end=END, volume=volume, seed=seed, bursts=bursts,
                          slow_issues=(0,) if days >= 14 else (), claims=(0,) if days >= 14 else ())
    path.write_text("".join(item.to_json() + "\n" for item in stream.items), encoding="utf-8")
    return len(stream.items)


def write_config(folder: Path) -> Path:
    """The repository's config folder with the planted false claim added to the claim base."""
    shutil.copytree(REPO_CONFIG, folder, dirs_exist_ok=True)
    raw = banks.load_yaml("claim_base.yaml")["planted"]
    context = {key: str(value) for key, value in banks.planted_bank("claim")["context"].items()}
    base = yaml.safe_load((folder / "claims.yaml").read_text(encoding="utf-8"))
    base["claims"].append({"id": PLANTED_CLAIM_ID, "claim": raw["claim"].format(**context),
                           "verdict": raw["verdict"], "published": "2026-10-20"})
    (folder / "claims.yaml").write_text(yaml.safe_dump(base, allow_unicode=True), encoding="utf-8")
    return folder


def _command(stream: Path, data_dir: Path, config_dir: Path) -> list[str]:
    return [sys.executable, "-m", "langnghe.cli", "ingest", str(stream), "--data-dir", str(data_dir),
            "--config-dir", str(config_dir)]


def _env() -> dict[str, str]:
    root = str(Path(__file__).resolve().parents[1])
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}


@dataclass(frozen=True)
class Progress:
    """How far an ingest was, seen from outside: items in the index, items in stories."""

    seconds: float
    indexed: int
    clustered: int

    def reached(self, other: Progress) -> bool:
        return self.indexed >= other.indexed and self.clustered >= other.clustered


def progress(data_dir: Path, seconds: float = 0.0) -> Progress:
    """Counts read through read-only connections (a WAL reader never blocks the ingest)."""
    paths = DataPaths(data_dir)
    return Progress(seconds, _count(paths.index, "items"), _count(paths.stories, "members"))


def _count(path: Path, table: str) -> int:
    if not path.exists():
        return 0
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)) as db:
            return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    except sqlite3.Error:  # being created
        return 0


def clean_ingest(stream: Path, data_dir: Path, config_dir: Path, *, timeout: float = 1800) -> list[Progress]:
    """One uninterrupted ``langnghe ingest``, its progress polled; the last point is its end."""
    started, timeline = time.monotonic(), [Progress(0.0, 0, 0)]
    process = subprocess.Popen(_command(stream, data_dir, config_dir), env=_env(), stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    while process.poll() is None and time.monotonic() - started < timeout:
        timeline.append(progress(data_dir, time.monotonic() - started))
        time.sleep(0.25)
    _, stderr = process.communicate(timeout=max(1.0, timeout - (time.monotonic() - started)))
    if process.returncode != 0:
        raise AssertionError(f"ingest exited {process.returncode}: {stderr[-2000:]}")
    timeline.append(progress(data_dir, time.monotonic() - started))
    return timeline


@dataclass
class KillReport:
    kills: int = 0
    runs: int = 0
    finished_early: int = 0  # runs that ended before their kill moment came
    seconds: float = 0.0
    at_kill: list[Progress] = field(default_factory=list)  # seconds into the killed run and its counts

    def phases(self, total: int) -> str:
        enrich = sum(p.indexed < total for p in self.at_kill)
        stories = sum(p.indexed == total and p.clustered < total for p in self.at_kill)
        return f"{enrich} while enriching, {stories} while clustering, {self.kills - enrich - stories} later"


def kill_moments(timeline: list[Progress], kills: int, seed: int) -> list[tuple[Progress, float]]:
    """``kills`` moments drawn over the clean run, as (progress to reach, seconds to wait then):
    the clean run's progress at that moment, and how long it had been there."""
    rng = random.Random(seed)
    moments = sorted(rng.uniform(0.0, timeline[-1].seconds) for _ in range(kills))
    chosen = []
    for moment in moments:
        state = max((p for p in timeline if p.seconds <= moment), key=lambda p: p.seconds)
        first = min((p for p in timeline if p.indexed == state.indexed and p.clustered == state.clustered),
                    key=lambda p: p.seconds)
        chosen.append((state, moment - first.seconds))
    return chosen


def killed_ingest(
    stream: Path, data_dir: Path, config_dir: Path, *, timeline: list[Progress], kills: int, seed: int = 7,
    timeout: float = 1800,
) -> KillReport:
    """Run ``langnghe ingest`` again and again, each run SIGKILLed at the next of the moments
    :func:`kill_moments` drew over the clean run's ``timeline``: once the run has the progress
    the clean run had then, after the time the clean run spent past it. A run that ends
    first is started again for the same moment. After the last kill one run goes to its end."""
    report, started = KillReport(), time.monotonic()
    for target, wait in kill_moments(timeline, kills, seed):
        while not _kill_at(stream, data_dir, config_dir, target, wait, report):
            if report.runs > 4 * kills + 10 or time.monotonic() - started > timeout:
                raise AssertionError(f"{report.kills} of {kills} kills after {report.runs} runs")
    clean_ingest(stream, data_dir, config_dir, timeout=timeout)
    report.runs += 1
    report.seconds = time.monotonic() - started
    return report


def _kill_at(stream: Path, data_dir: Path, config_dir: Path, target: Progress, wait: float, report: KillReport) -> bool:
    """One run, killed once it reached ``target`` and ``wait`` seconds passed; False if it ended first."""
    process = subprocess.Popen(_command(stream, data_dir, config_dir), env=_env(),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    report.runs += 1
    begun, reached = time.monotonic(), None
    while process.poll() is None:
        now = time.monotonic()
        if reached is None and progress(data_dir).reached(target):
            reached = now
        if reached is not None and now - reached >= wait:
            process.send_signal(signal.SIGKILL)
            process.wait()
            report.kills += 1
            report.at_kill.append(progress(data_dir, round(now - begun, 2)))
            return True
        time.sleep(0.05)
    report.finished_early += 1
    return False


@dataclass
class Snapshot:
    """What the comparison reads of one data folder (see module docs)."""

    documents: dict[str, dict[str, object]]
    story_of: dict[str, str]
    stories: list[dict[str, object]]
    rollups: dict[tuple[str, str, str], int]
    spread: list[MatchRecord]
    detections: list[object]
    commands: dict[str, object]


def analyst_moments(days: int) -> tuple[list[str], list[str]]:
    """(``emerging --at`` days, ``trends --at`` times): the stream's middle and last evenings."""
    first = END - timedelta(days=days - 1)
    chosen = sorted({first + timedelta(days=days // 2), first + timedelta(days=days - 2), END})
    emerging = [f"{day.isoformat()}T23:00" for day in chosen]
    trends = [f"{day.isoformat()}T{hour}" for day in chosen for hour in ("11:00",)]
    return emerging, trends


def snapshot(data_dir: Path, config_dir: Path, *, emerging_at: list[str], trends_at: list[str]) -> Snapshot:
    paths = DataPaths(data_dir)
    with SQLiteIndex(paths.index) as index:
        documents = {item.id: json.loads(item.to_json()) for item in index.scan()}
    with StoryStore(paths.stories) as store:
        story_of = store.story_of(sorted(documents))
        stories = [story.to_json(max_items=1_000_000) for story in store.stories()]
    with ClaimStore(paths.claims) as claims:
        spread = claims.matches()
    rollups = _rollups(data_dir, config_dir)
    detections = _detections(paths, documents)
    commands = {" ".join(args): _json_command(args, data_dir, config_dir) for args in (
        ["stories", "--limit", "1000", "--json"],
        *(["emerging", "--at", at, "--json"] for at in emerging_at),
        *(["trends", "--at", at, "--json"] for at in trends_at),
        *(["trends", "--at", at, "--granularity", "day", "--json"] for at in trends_at[-1:]),
    )}
    return Snapshot(documents, story_of, stories, rollups, spread, detections, commands)


def _rollups(data_dir: Path, config_dir: Path) -> dict[tuple[str, str, str], int]:
    since, until = datetime(2000, 1, 1, tzinfo=timezone.utc), datetime(2100, 1, 1, tzinfo=timezone.utc)
    store = open_trend_store(Settings(data_dir=data_dir, config_dir=config_dir))
    try:
        rows: dict[tuple[str, str, str], int] = {}
        for dimension in (TOTAL[0], *ROLLUP_DIMENSIONS):
            values = [TOTAL[1]] if dimension == TOTAL[0] else [v for v, _ in store.values(dimension, since, until)]
            for value in values:
                rows.update(((dimension, value, hour.isoformat()), n) for hour, n in store.series(dimension, value, since, until) if n)
        return rows
    finally:
        store.close()


def _detections(paths: DataPaths, documents: dict[str, dict[str, object]]) -> list[object]:
    """Every stored spike, and the emerging ranking stored at each hour the stream covers."""
    times = sorted(str(doc["published_at"]) for doc in documents.values() if doc.get("published_at"))
    if not times:
        return []
    hour = datetime.fromisoformat(times[0]).replace(minute=0, second=0, microsecond=0)
    last = datetime.fromisoformat(times[-1]) + timedelta(days=2)
    store = DetectionStore(paths.detections)
    try:
        found: list[object] = list(store.spikes(hour - timedelta(days=1), last))
        while hour <= last:
            found += [(hour.isoformat(), ranking) for ranking in [store.emerging(hour)] if ranking]
            hour += timedelta(hours=1)
        return found
    finally:
        store.close()


def _json_command(args: list[str], data_dir: Path, config_dir: Path) -> object:
    from typer.testing import CliRunner

    from langnghe.cli import app

    options = ["--data-dir", str(data_dir)] + ([] if args[0] == "stories" else ["--config-dir", str(config_dir)])
    result = CliRunner().invoke(app, [*args, *options])
    if result.exit_code != 0:
        raise AssertionError(f"langnghe {' '.join(args)} exited {result.exit_code}: {result.output[-2000:]}")
    return json.loads(result.stdout)


def differences(clean: Snapshot, killed: Snapshot, *, limit: int = 5) -> list[str]:
    """What differs between the two folders, one line per kind of difference (empty: equal)."""
    found: list[str] = []
    missing, extra = clean.documents.keys() - killed.documents.keys(), killed.documents.keys() - clean.documents.keys()
    if missing or extra:
        found.append(f"index: {len(missing)} items missing, {len(extra)} extra (e.g. {sorted(missing | extra)[:limit]})")
    changed: dict[str, list[str]] = {}
    for item_id in sorted(clean.documents.keys() & killed.documents.keys()):
        a, b = clean.documents[item_id], killed.documents[item_id]
        for name in sorted(a.keys() | b.keys()):
            if a.get(name) != b.get(name):
                changed.setdefault(name, []).append(item_id)
    found += [f"index: field {name} differs on {len(ids)} items (e.g. {ids[:limit]})" for name, ids in changed.items()]
    moved = sorted(i for i in clean.story_of.keys() | killed.story_of.keys() if clean.story_of.get(i) != killed.story_of.get(i))
    if moved:
        found.append(f"story store: {len(moved)} items in another story or none (e.g. {moved[:limit]})")
    if clean.stories != killed.stories:
        found.append(f"story store: story records differ ({len(clean.stories)} clean, {len(killed.stories)} killed)")
    rows = sorted(k for k in clean.rollups.keys() | killed.rollups.keys() if clean.rollups.get(k) != killed.rollups.get(k))
    if rows:
        found.append(f"roll-ups: {len(rows)} rows differ (e.g. {rows[:limit]})")
    if clean.detections != killed.detections:
        found.append("detection store: stored spikes or emerging rankings differ")
    if clean.spread != killed.spread:
        found.append(f"claim spread: {len(clean.spread)} rows clean, {len(killed.spread)} killed, not the same rows")
    found += [f"`langnghe {name}` differs" for name in clean.commands if clean.commands[name] != killed.commands.get(name)]
    return found
