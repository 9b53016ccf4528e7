"""A small fictional Vietnamese web for ``make demo`` and the crawl tests.

Five invented news outlets and one XenForo-style forum, fourteen days of items with a
daily rhythm, one planted local issue and one planted false claim with its correction.
Build with :func:`build_site`, serve on loopback with :func:`serve_site`, or write the
static files with :func:`write_site`; :func:`planted_events` gives the ground truth.
"""

from langnghe.demo.model import DemoItem, DemoSite, Outlet
from langnghe.demo.planted import PlantedEvent, planted_events
from langnghe.demo.render import render_site, write_site
from langnghe.demo.server import ServedSite, serve_site
from langnghe.demo.site import build_site

__all__ = [
    "DemoItem",
    "DemoSite",
    "Outlet",
    "PlantedEvent",
    "ServedSite",
    "build_site",
    "planted_events",
    "render_site",
    "serve_site",
    "write_site",
]
