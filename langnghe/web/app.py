"""The web app: :func:`create_app` builds a FastAPI application over one :class:`~langnghe.app.App`.

- Pages and ``/api/v1`` endpoints come from the routers of :data:`langnghe.web.routes.ROUTERS`;
  every route carries one guard (:mod:`langnghe.web.deps`).
- Sessions are Starlette's signed cookies (HttpOnly, SameSite=Lax, Secure when
  ``web_secure_cookies``), signed with ``web_secret`` or a key made once in the data folder.
- OpenAPI is served at ``/api/openapi.json`` and its Swagger page at ``/api/docs``, both for
  logged-in users or key holders; Swagger's files are vendored (``scripts/vendor-js.sh``), as
  are htmx and ECharts: nothing is loaded from a CDN.
- Errors are answered in Vietnamese: a page gets the error page, ``/api`` gets ``{"detail": ...}``.
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from langnghe.app import App
from langnghe.errors import BackendUnavailable, InputError
from langnghe.service import QueryService
from langnghe.settings import Settings
from langnghe.web.auth import PERMISSION_VI
from langnghe.web.deps import Denied, LoginRequired, api_user, page_user, session_principal
from langnghe.web.ratelimit import RateLimiter
from langnghe.web.render import make_environment, page

log = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parent / "static"
LOGIN_WINDOW_S = 15 * 60


@dataclass
class WebState:
    """What the routes share: the app's ports, the query service, templates and rate limiters."""

    settings: Settings
    app: App
    queries: QueryService
    templates: Environment
    key_rate: RateLimiter  # requests per API key per minute
    key_audit: RateLimiter  # one audit entry per key per minute
    login_failures: RateLimiter  # failed logins per address


def session_secret(settings: Settings) -> str:
    """``web_secret``, or the key in the data folder, made (private to the owner) on first use."""
    if settings.web_secret is not None:
        return settings.web_secret.get_secret_value()
    path = settings.paths.web_secret
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def create_app(settings: Settings) -> FastAPI:
    """The web app of ``settings``; its App is closed when the server stops."""
    from langnghe.web.routes import ROUTERS

    application = App(settings)
    state = WebState(settings, application, QueryService(application), make_environment(settings.timezone),
                     RateLimiter(settings.web_key_rate, 60), RateLimiter(1, 60),
                     RateLimiter(settings.web_login_attempts, LOGIN_WINDOW_S))  # fmt: skip

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        exports = getattr(_app.state, "langnghe_exports", None)  # started on first use (routes/exports.py)
        if exports is not None:
            exports.close()  # before the stores it reads: a running export stops, marked to redo
        application.close()

    web = FastAPI(title="langnghe", version="1", docs_url=None, redoc_url=None, openapi_url=None,
                  lifespan=lifespan, description="API của langnghe: tìm kiếm, xu hướng, sự kiện, tin sai lệch, xuất dữ liệu.")  # fmt: skip
    web.state.langnghe = state
    web.add_middleware(SessionMiddleware, secret_key=session_secret(settings), session_cookie="langnghe_session",
                       max_age=int(settings.web_session_hours * 3600), same_site="lax",
                       https_only=settings.web_secure_cookies)  # fmt: skip
    web.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in ROUTERS:
        web.include_router(router)
    _add_docs(web)
    _add_error_pages(web)
    return web


def _add_docs(web: FastAPI) -> None:
    @web.get("/api/openapi.json", include_in_schema=False, dependencies=[api_user()])
    def openapi() -> JSONResponse:
        return JSONResponse(web.openapi())

    @web.get("/api/docs", include_in_schema=False, dependencies=[page_user()])
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/api/openapi.json", title="langnghe API",
                                   swagger_js_url="/static/vendor/swagger-ui-bundle.js",
                                   swagger_css_url="/static/vendor/swagger-ui.css",
                                   swagger_favicon_url="/static/favicon.svg")  # fmt: skip


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _add_error_pages(web: FastAPI) -> None:
    @web.exception_handler(LoginRequired)
    def to_login(request: Request, _error: LoginRequired) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if request.headers.get("hx-request"):  # htmx follows HX-Redirect, not a 303 into a fragment
            return Response(status_code=401, headers={"HX-Redirect": "/dang-nhap"})
        return RedirectResponse(f"/dang-nhap?next={quote(target, safe='')}", status_code=303)

    @web.exception_handler(Denied)
    def denied(request: Request, error: Denied) -> Response:
        what = PERMISSION_VI[error.permission] if error.permission else "mở trang này"
        role = error.principal.role_name if error.principal else ""
        return page(request, "error.html", error.principal, status_code=403, title="Không có quyền",
                    message=f"Vai trò {role} không được {what}.")  # fmt: skip

    @web.exception_handler(InputError)
    def bad_input(request: Request, error: InputError) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": str(error)}, status_code=400)
        return page(request, "error.html", session_principal(request), status_code=400, title="Dữ liệu không hợp lệ",
                    message=str(error))  # fmt: skip

    @web.exception_handler(BackendUnavailable)
    def backend_down(request: Request, error: BackendUnavailable) -> Response:
        log.warning("backend unavailable: %s", error)
        message = "Kho dữ liệu tạm thời không phản hồi; hãy thử lại sau ít phút."
        if _wants_json(request):
            return JSONResponse({"detail": message}, status_code=503, headers={"Retry-After": "30"})
        return page(request, "error.html", session_principal(request), status_code=503, title="Tạm thời gián đoạn",
                    message=message)  # fmt: skip

    @web.exception_handler(RequestValidationError)
    def invalid_request(request: Request, error: RequestValidationError) -> Response:
        message = "; ".join(_problem(problem) for problem in error.errors()) or "yêu cầu không hợp lệ"
        if _wants_json(request):
            return JSONResponse({"detail": message}, status_code=422)
        return page(request, "error.html", session_principal(request), status_code=422, title="Dữ liệu không hợp lệ",
                    message=message)  # fmt: skip

    @web.exception_handler(StarletteHTTPException)
    def http_error(request: Request, error: StarletteHTTPException) -> Response:
        if _wants_json(request) or request.headers.get("hx-request"):
            return JSONResponse({"detail": error.detail}, status_code=error.status_code, headers=error.headers)
        title = {403: "Không có quyền", 404: "Không tìm thấy", 429: "Quá nhiều yêu cầu"}.get(error.status_code, "Lỗi")
        message = error.detail if isinstance(error.detail, str) and error.status_code != 404 else "Không có trang này."
        return page(request, "error.html", session_principal(request), status_code=error.status_code, title=title,
                    message=message)  # fmt: skip


def _problem(problem: object) -> str:
    """One validation problem as ``where: what`` (FastAPI's messages are English; the place is named)."""
    if not isinstance(problem, dict):
        return str(problem)
    where = ".".join(str(part) for part in problem.get("loc", ()) if part not in ("query", "body", "path", "form"))
    kind = str(problem.get("type", ""))
    what = {"missing": "thiếu", "int_parsing": "phải là số nguyên", "float_parsing": "phải là số",
            "bool_parsing": "phải là đúng/sai", "literal_error": "giá trị không hợp lệ",
            "string_too_long": "quá dài", "string_too_short": "quá ngắn",
            "greater_than_equal": "quá nhỏ", "less_than_equal": "quá lớn"}.get(kind, "không hợp lệ")  # fmt: skip
    return f"{where or 'yêu cầu'}: {what}"
