"""The analysts' web app and HTTP API (``langnghe serve``): FastAPI pages rendered with Jinja2
and htmx, JSON under ``/api/v1`` (OpenAPI at ``/api/docs``), accounts with roles, API keys and an
audit log. It reads through the query service (:mod:`langnghe.service`) and never opens a store
itself. See README "Web app" and :mod:`langnghe.web.app`.
"""
