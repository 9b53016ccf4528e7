"""The table of the web app's routes and their guards, read from the routes themselves.

Each guard of :mod:`langnghe.web.deps` carries ``(kind, permission)`` in its
``GUARD_ATTRIBUTE``; a route's dependencies (its own and its parameters', at any depth) are
walked to find them, so a route added without a guard shows up here with none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from starlette.routing import Mount

from langnghe.web.auth import Permission
from langnghe.web.deps import GUARD_ATTRIBUTE, SAFE_METHODS, csrf_ok

PUBLIC = {("GET", "/dang-nhap"), ("POST", "/dang-nhap"), ("GET", "/api/v1/health")}
"""The only routes anyone may open: the login form, logging in, and the health check."""


@dataclass(frozen=True)
class Guard:
    kind: str  # "page", "api" or "public"
    permission: Permission | None


@dataclass(frozen=True)
class RouteEntry:
    method: str
    path: str  # the template, e.g. /tin/{item_id}
    guards: tuple[Guard, ...]
    csrf: bool  # csrf_ok among its dependencies

    @property
    def api(self) -> bool:
        """A JSON route (``/api/v1`` and the OpenAPI document); ``/api/docs`` is a page."""
        return self.path.startswith("/api/v1/") or self.path == "/api/openapi.json"

    @property
    def safe(self) -> bool:
        return self.method in SAFE_METHODS

    @property
    def guard(self) -> Guard:
        assert len(self.guards) == 1, f"{self}: {len(self.guards)} guards"
        return self.guards[0]

    def url(self, values: dict[str, str] | None = None) -> str:
        """The path with each ``{parameter}`` filled from ``values`` (``1`` when not given)."""
        return re.sub(r"\{(\w+)(?::\w+)?\}", lambda found: (values or {}).get(found.group(1), "1"), self.path)

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def _walk(dependant: Dependant) -> list[object]:
    calls: list[object] = []
    for dependency in dependant.dependencies:
        calls.append(dependency.call)
        calls.extend(_walk(dependency))
    return calls


def route_table(web: FastAPI) -> list[RouteEntry]:
    """One entry per method of every FastAPI route the app answers (HEAD left out: it is GET's),
    included routers flattened (FastAPI keeps them as ``_IncludedRouter`` entries in ``routes``)."""
    entries = []
    for context in iter_route_contexts(web.routes):
        if not isinstance(context.original_route, APIRoute):
            continue  # see other_routes
        calls = _walk(context.dependant)
        guards = tuple(Guard(*getattr(call, GUARD_ATTRIBUTE)) for call in calls if hasattr(call, GUARD_ATTRIBUTE))
        for method in sorted(set(context.methods or ()) - {"HEAD"}):
            entries.append(RouteEntry(method, str(context.path), guards, csrf_ok in calls))
    return entries


def other_routes(web: FastAPI) -> list[str]:
    """Routes that are not FastAPI's (a Starlette ``add_route``, a mount) and so carry no guard,
    apart from the static files."""
    return [f"{type(context.original_route).__name__} {context.path}" for context in iter_route_contexts(web.routes)
            if not isinstance(context.original_route, APIRoute)
            and not (isinstance(context.original_route, Mount) and context.path == "/static")]  # fmt: skip
