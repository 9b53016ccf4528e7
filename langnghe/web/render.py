"""Pages from the templates in ``langnghe/web/templates`` (Jinja2, autoescaped everywhere).

:func:`page` renders a template with what every page needs: the principal, the navigation
their role allows, the CSRF token (``{{ csrf_field() }}`` in a form) and the filters ``local``
(a UTC time as ``dd/mm/yyyy HH:MM`` in the app's zone) and ``day`` (``dd/mm/yyyy``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from langnghe.web.auth import ADMIN, DASHBOARDS, FIELD_REPORT, REPORTS, SAVED, SEARCH, Permission, Principal
from langnghe.web.deps import csrf_token

TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class NavLink:
    label: str
    path: str
    permission: Permission


NAV: tuple[NavLink, ...] = (
    NavLink("Tìm kiếm", "/tim-kiem", SEARCH),
    NavLink("Xu hướng", "/xu-huong", DASHBOARDS),
    NavLink("Vấn đề nổi lên", "/van-de-noi-len", DASHBOARDS),
    NavLink("Sự kiện", "/su-kien", DASHBOARDS),
    NavLink("Tin sai lệch", "/tin-sai-lech", DASHBOARDS),
    NavLink("Nguồn", "/nguon", DASHBOARDS),
    NavLink("Tìm kiếm đã lưu", "/tim-kiem-da-luu", SAVED),
    NavLink("Bản tin", "/ban-tin", REPORTS),
    NavLink("Báo cáo hiện trường", "/bao-cao-hien-truong", FIELD_REPORT),
    NavLink("Quản trị", "/quan-tri/nguoi-dung", ADMIN),
)


def make_environment(tz: str) -> Environment:
    zone = ZoneInfo(tz)

    def local(value: datetime | None) -> str:
        return "" if value is None else value.astimezone(zone).strftime("%d/%m/%Y %H:%M")

    def day(value: datetime | date | None) -> str:
        if value is None:
            return ""
        return (value.astimezone(zone) if isinstance(value, datetime) else value).strftime("%d/%m/%Y")

    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                              trim_blocks=True, lstrip_blocks=True)  # fmt: skip
    environment.filters["local"] = local
    environment.filters["day"] = day
    environment.filters["number"] = lambda value: f"{value:,}".replace(",", ".")
    return environment


def nav_for(principal: Principal | None) -> list[NavLink]:
    return [] if principal is None else [link for link in NAV if principal.can(link.permission)]


def page(request: Request, template: str, principal: Principal | None, *, status_code: int = 200,
         **context: object) -> HTMLResponse:
    """``template`` rendered for ``principal`` (``None`` on the login page)."""
    token = csrf_token(request)
    environment: Environment = request.app.state.langnghe.templates
    html = environment.get_template(template).render(
        request=request, principal=principal, nav=nav_for(principal), path=request.url.path, csrf_token=token,
        csrf_field=lambda: Markup(f'<input type="hidden" name="csrf_token" value="{escape(token)}">'),
        **context,
    )  # fmt: skip
    return HTMLResponse(html, status_code=status_code)
