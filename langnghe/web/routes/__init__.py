"""The routers of the web app, one module per area; :func:`langnghe.web.app.create_app` includes
each of :data:`ROUTERS`. Each module holds its pages and their ``/api/v1`` endpoints."""

from __future__ import annotations

from fastapi import APIRouter

from langnghe.web.routes import session

ROUTERS: list[APIRouter] = [
    session.router,
]
