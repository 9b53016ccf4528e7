"""Render the demo site to pages: article HTML, RSS/Atom feeds, robots.txt, per host.

Pages depend on each host's base URL (feeds and canonical links are absolute), so they
are rendered once the servers know their ports; with the same bases the bytes are the
same. Templates live in ``langnghe/demo/templates/``.
"""

from __future__ import annotations

import functools
import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from html import escape
from pathlib import Path

import jinja2
from markupsafe import Markup

from langnghe.demo import banks
from langnghe.demo.model import SECTIONS, VN_TZ, DemoItem, DemoSite, Outlet, Reply
from langnghe.labels import WEEKDAY_VI
HTML, CSS, TEXT = "text/html; charset=utf-8", "text/css; charset=utf-8", "text/plain; charset=utf-8"
FEED_TYPES = {"rss": "application/rss+xml; charset=utf-8", "atom": "application/atom+xml; charset=utf-8"}


@dataclass(frozen=True)
class Page:
    body: bytes
    content_type: str
    last_modified: datetime

    @property
    def etag(self) -> str:
        return '"' + hashlib.blake2b(self.body, digest_size=12).hexdigest() + '"'


def default_bases(site: DemoSite) -> dict[str, str]:
    return {o.id: f"http://{o.address}" for o in site.outlets}


def render_site(site: DemoSite, bases: dict[str, str]) -> dict[str, dict[str, Page]]:
    """Host id -> path -> page, for every host of ``site``."""
    return {o.id: render_host(site, o, bases[o.id].rstrip("/")) for o in site.outlets}


def write_site(site: DemoSite, out_dir: Path, bases: dict[str, str] | None = None) -> int:
    """Write every page under ``out_dir/<host id>/``; returns the number of files."""
    count = 0
    for host, pages in render_site(site, bases or default_bases(site)).items():
        for path, page in pages.items():
            target = out_dir / host / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(page.body)
            count += 1
    return count


def render_host(site: DemoSite, outlet: Outlet, base: str) -> dict[str, Page]:
    items = site.items_of(outlet.id)
    newest = max((i.published for i in items), default=datetime.combine(site.end_date, datetime.min.time(), VN_TZ))
    ctx = {"outlet": outlet, "base": base, "site": site, "newest": newest, "sections": SECTIONS}
    if outlet.platform == "forum":
        ctx["nodes"] = banks.forum_bank()["nodes"]
    pages = {
        "/robots.txt": Page(_robots(outlet).encode(), TEXT, newest),
        "/static/style.css": Page(_static("style.css"), CSS, newest),
        "/static/thumb.svg": Page(_static("thumb.svg"), "image/svg+xml", newest),
    }
    pages.update(_feeds(outlet, items, newest, ctx))
    if outlet.platform == "forum":
        pages.update(_forum_pages(items, newest, ctx))
    else:
        pages.update(_news_pages(outlet, items, newest, ctx))
    return pages


def _robots(outlet: Outlet) -> str:
    return "\n".join(["User-agent: *", *(f"Disallow: {p}" for p in outlet.robots_disallow)]) + "\n"


def _feeds(outlet: Outlet, items: list[DemoItem], newest: datetime, ctx: dict[str, object]) -> dict[str, Page]:
    pages = {}
    for feed in outlet.feeds:
        entries = sorted((i for i in items if i.feed == feed.slug), key=lambda i: i.published, reverse=True)
        if outlet.platform == "forum":
            name = "forum_rss.xml.j2"
        else:
            name = "atom.xml.j2" if feed.format == "atom" else "rss.xml.j2"
        # One outlet puts a linked thumbnail in its descriptions, as VnExpress does.
        text = _render(name, feed=feed, entries=entries, thumb_html=outlet.id == "songhong", **ctx)
        modified = entries[0].published if entries else newest
        pages[feed.path] = Page(text.encode(), FEED_TYPES[feed.format], modified)
    return pages


def _news_pages(outlet: Outlet, items: list[DemoItem], newest: datetime, ctx: dict[str, object]) -> dict[str, Page]:
    by_section: dict[str, list[DemoItem]] = defaultdict(list)
    for item in items:
        by_section[item.section].append(item)
    latest = sorted(items, key=lambda i: i.published, reverse=True)
    most_read = sorted(items, key=lambda i: hashlib.blake2b(i.id.encode()).hexdigest())[:5]
    shared = {**ctx, "nav": [s for s in SECTIONS if s in by_section], "most_read": most_read, "ticker": latest[:3]}
    pages = {"/": _page("news_list.html.j2", newest, entries=latest[:40], heading=None, **shared)}
    for section, members in by_section.items():
        newest_first = sorted(members, key=lambda i: i.published, reverse=True)
        pages[f"/{section}/"] = _page("news_list.html.j2", newest_first[0].published, entries=newest_first,
                                      heading=SECTIONS[section], **shared)
    for item in items:
        related = _related(item, by_section[item.section])
        pages[item.path] = _page(f"article_{outlet.layout}.html.j2", item.published, item=item,
                                 related=related, **shared)
    return pages


def _related(item: DemoItem, same_section: list[DemoItem], count: int = 4) -> list[DemoItem]:
    """The section's items nearest in time, as a news site's "Tin liên quan" box."""
    others = [i for i in same_section if i.id != item.id]
    return sorted(others, key=lambda i: (abs((i.published - item.published).total_seconds()), i.id))[:count]


def _forum_pages(items: list[DemoItem], newest: datetime, ctx: dict[str, object]) -> dict[str, Page]:
    nodes = banks.forum_bank()["nodes"]
    latest = sorted(items, key=lambda i: i.published, reverse=True)
    shared = dict(ctx)
    pages = {"/": _page("forum_list.html.j2", newest, entries=latest[:30], node=None, **shared)}
    for key, node in nodes.items():
        members = [i for i in latest if i.forum_node == key]
        modified = members[0].published if members else newest
        pages[f"/forums/{key}.{node['id']}/"] = _page("forum_list.html.j2", modified, entries=members,
                                                      node=(key, node), **shared)
    for item in items:
        last = max([item.published, *(r.published for r in item.replies)])
        pages[item.path] = _page("forum_thread.html.j2", last, item=item, node=nodes[item.forum_node], **shared)
    return pages


def _page(template: str, modified: datetime, **context: object) -> Page:
    return Page(_render(template, **context).encode(), HTML, modified)


def _render(template: str, **context: object) -> str:
    return _environment().get_template(template).render(**context)


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("langnghe.demo", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(
        rfc822=lambda d: format_datetime(d.astimezone(VN_TZ)),
        iso=lambda d: d.astimezone(VN_TZ).isoformat(),
        xf_iso=lambda d: d.astimezone(VN_TZ).strftime("%Y-%m-%dT%H:%M:%S%z"),
        dateline=dateline,
        cdata=_cdata,
    )
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    env.globals.update(thumb_description=_thumb_description, bb_html=bb_html, reply_html=reply_html)
    return env


@functools.lru_cache(maxsize=None)
def _static(name: str) -> bytes:
    return (Path(__file__).parent / "templates" / "static" / name).read_bytes()


def dateline(moment: datetime, style: str) -> str:
    """The date line under an article's title, in the outlet's own format."""
    local = moment.astimezone(VN_TZ)
    weekday = WEEKDAY_VI[local.weekday()]
    day, clock = local.strftime("%d/%m/%Y"), local.strftime("%H:%M")
    formats = {
        "weekday_gmt": f"{weekday}, {day}, {clock} (GMT+7)",
        "short_gmt": f"{day} {clock} GMT+7",
        "weekday_dash": f"{weekday.title()}, {day} - {clock}",
        "time_pipe": f"{clock} | {weekday.title()}, {day}",
        "date_pipe": f"{weekday}, {day} | {clock} GMT+7",
        "xf": local.strftime("%d/%m/%y"),
    }
    return formats[style]


def _cdata(text: str) -> Markup:
    return Markup("<![CDATA[" + str(text).replace("]]>", "]]]]><![CDATA[>") + "]]>")


def _thumb_description(item: DemoItem, base: str) -> str:
    """VnExpress-style feed description: a linked thumbnail, then the summary."""
    url = escape(base + item.path, quote=True)
    return f'<a href="{url}"><img src="{base}/static/thumb.svg" alt="" ></a></br>{escape(item.summary)}'


def bb_html(text_or_item: DemoItem | str) -> str:
    """A forum post as XenForo renders it: escaped text, line breaks as ``<br />``."""
    parts = text_or_item.paragraphs if isinstance(text_or_item, DemoItem) else (text_or_item,)
    return '<div class="bbWrapper">' + "<br />\n<br />\n".join(escape(p, quote=False) for p in parts) + "</div>"


def reply_html(reply: Reply, first_post_id: int) -> str:
    """A reply's body; a quote of the first post comes as XenForo's quote block."""
    body = bb_html(reply.text)
    if not reply.quote_author or not reply.quote_text:
        return body
    who = escape(reply.quote_author)
    quote = (
        f'<blockquote data-attributes="" data-quote="{who}" data-source="post: {first_post_id}" '
        'class="bbCodeBlock bbCodeBlock--expandable bbCodeBlock--quote js-expandWatch">'
        f'<div class="bbCodeBlock-title"><a href="/goto/post?id={first_post_id}" class="bbCodeBlock-sourceJump" '
        f'rel="nofollow">{who} đã viết:</a></div>'
        f'<div class="bbCodeBlock-content"><div class="bbCodeBlock-expandContent js-expandContent ">'
        f"{escape(reply.quote_text, quote=False)}</div></div></blockquote>"
    )
    return body.replace('<div class="bbWrapper">', '<div class="bbWrapper">' + quote, 1)
