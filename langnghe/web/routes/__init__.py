"""The routers of the web app, one module per area; :func:`langnghe.web.app.create_app` includes
each of :data:`ROUTERS`. Each module holds its pages and their ``/api/v1`` endpoints."""

from __future__ import annotations

from fastapi import APIRouter

from langnghe.web.routes import (
    admin,
    admin_ops,
    claims,
    dashboards,
    events,
    exports,
    field,
    reports,
    saved,
    search,
    session,
    sources,
)

ROUTERS: list[APIRouter] = [
    session.router,
    search.router,
    dashboards.router,
    events.router,
    claims.router,
    sources.router,
    saved.router,
    exports.router,
    reports.router,
    field.router,
    admin.router,
    admin_ops.router,
]
