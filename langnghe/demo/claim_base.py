"""The demo's claim base: the debunk of the planted false claim, and a few unrelated ones.

``langnghe demo`` writes these entries to ``demo-config/claims.yaml`` so that the
enrich stage matches the planted rumour (forum, days 9-11) to its debunk and marks the
outlets' corrections (days 12-13) as refuting it. The planted entry takes its date,
source and URL from the demo article that quotes the Anti-Fake News Center
(``banks/claim.yaml``, correction story ``trung-tam-tin-gia``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import Any

from langnghe.demo import banks
from langnghe.demo.model import VN_TZ, DemoItem, DemoSite
from langnghe.demo.planted import CORRECTION_TAG

PLANTED_CLAIM_ID = "demo-can-tho-nuoc-may"


def claim_base(site: DemoSite, url_of: Callable[[DemoItem], str]) -> list[dict[str, Any]]:
    """Claim-base entries (the shape of ``config/claims.yaml``) for ``site``, URLs by ``url_of``."""
    bank = banks.load_yaml("claim_base.yaml")
    return [_planted(site, bank["planted"], url_of), *(_other(site, raw) for raw in bank["others"])]


def _planted(site: DemoSite, raw: dict[str, Any], url_of: Callable[[DemoItem], str]) -> dict[str, Any]:
    context = {key: str(value) for key, value in banks.planted_bank("claim")["context"].items()}
    story = f"story:{raw['correction_story']}"
    article = min((i for i in site.tagged(CORRECTION_TAG) if story in i.tags), key=lambda i: i.published)
    outlet = site.outlet(article.outlet)
    return {
        "id": raw["id"], "claim": raw["claim"].format(**context), "verdict": raw["verdict"],
        "published": article.published.isoformat(), "source": f"{outlet.name}, {raw['source_suffix']}",
        "url": url_of(article),
    }  # fmt: skip


def _other(site: DemoSite, raw: dict[str, Any]) -> dict[str, Any]:
    day = site.end_date - timedelta(days=int(raw["days_before_end"]))
    published = datetime.combine(day, time(9, 0), VN_TZ)
    return {"id": raw["id"], "claim": raw["claim"], "verdict": raw["verdict"], "published": published.isoformat(),
            "source": raw["source"]}  # fmt: skip
