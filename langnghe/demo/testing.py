"""A data folder holding the demo's fourteen days, for report tests (and a REPL), in seconds.

:func:`ingest_demo` skips the demo's HTTP serving and crawling: it turns the demo site's
items into Items as the crawler would (same source ids, URLs and claim base as
``langnghe demo``), writes the demo config folder with the demo's own writer, and
replays them through ``langnghe ingest`` (enrich with the shipped models, stories,
roll-ups, and the detection jobs over the fourteen days).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from langnghe.app import App
from langnghe.demo import build_site
from langnghe.demo.claim_base import claim_base
from langnghe.demo.model import DemoSite
from langnghe.demo.server import ServedSite
from langnghe.item import Item, make_item_id
from langnghe.demo.run import DEMO_PORT, write_demo_config
from langnghe.jobs.core import run_ingest
from langnghe.pseudonym import author_value
from langnghe.settings import Settings

DEMO_END = date(2026, 11, 20)


def demo_items(served: ServedSite, settings: Settings) -> list[Item]:
    """One Item per article or forum thread of the demo site, as the crawler makes them."""
    site = served.site
    items = []
    for demo in site.items:
        outlet = site.outlet(demo.outlet)
        url = served.url(demo)
        items.append(Item(
            id=make_item_id(outlet.platform, canonical_url=url), source=f"demo-{outlet.id}-{demo.feed}",
            platform=outlet.platform, kind="post" if outlet.platform == "forum" else "article", url=url,
            canonical_url=url, title=demo.title, text=demo.text, published_at=demo.published,
            fetched_at=demo.published + timedelta(minutes=5), author=author_value(demo.author, settings),
        ))  # fmt: skip
    return items


def ingest_demo(data_dir: Path, shipped_config: Path, end: date = DEMO_END) -> Settings:
    """Fill ``data_dir`` with the demo site ending on ``end``; returns settings pointing at it
    (config: the demo's folder, with the shipped ``topics.yaml`` of ``shipped_config``)."""
    site: DemoSite = build_site(end)
    served = ServedSite(site, {outlet.id: f"http://{outlet.address}:{DEMO_PORT}" for outlet in site.outlets})
    settings = Settings(data_dir=data_dir, config_dir=shipped_config)
    data_dir.mkdir(parents=True, exist_ok=True)
    config_dir = write_demo_config(settings, served.sources(), claim_base(site, served.url))
    settings = settings.model_copy(update={"config_dir": config_dir})
    stream = data_dir / "demo-items.jsonl"
    stream.write_text("".join(item.to_json() + "\n" for item in demo_items(served, settings)), encoding="utf-8")
    with App(settings) as app:
        run_ingest(app, stream)
    return settings
