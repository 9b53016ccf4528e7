"""Writing the audit log from a request: who (the principal, or the name typed at a failed
login), what, when (now, UTC) and from where (the client's address)."""

from __future__ import annotations

from fastapi import Request

from langnghe.web.auth import Principal
from langnghe.web.deps import client_address, get_app


def record(request: Request, principal: Principal | None, action: str, detail: str = "", *,
           username: str | None = None) -> None:
    """Append one entry; ``username`` names an actor without an account (a failed login)."""
    name = principal.username if principal is not None else (username or "?")
    get_app(request).accounts.audit(action, detail, username=name,
                                    user_id=principal.user_id if principal else None,
                                    address=client_address(request))  # fmt: skip
