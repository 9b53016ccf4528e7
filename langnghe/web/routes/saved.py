"""Saved searches (watch-lists): ``/tim-kiem-da-luu`` and ``/api/v1/saved-searches``.

A saved search is a watch topic beside ``config/topics.yaml``'s (:mod:`langnghe.stores.saved_searches`):
a shared one tags the items enriched from then on and is counted by the alerts and the digest; a
private one is its owner's bookmark of a query. Each user sees the shared ones and their own; the
owner and admins may change or delete one. Every change is written to the audit log.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field

from langnghe.errors import InputError
from langnghe.stores.saved_searches import SavedDraft, SavedSearch, check_draft
from langnghe.web.audit import record
from langnghe.web.auth import ADMIN, SAVED, Principal
from langnghe.web.deps import api_user, csrf_ok, get_app, get_queries, page_user
from langnghe.web.render import page

router = APIRouter()
PATH = "/tim-kiem-da-luu"


class SavedSearchView(BaseModel):
    """A saved search as a user sees it."""

    id: int
    topic_id: str = Field(description="its id among the watch topics (item.watch_topics, the watch_topic facet)")
    name: str
    query: str = Field(description="in the query language of `langnghe search`")
    description: str
    shared: bool = Field(description="a watch topic of everyone (tags items, alerts, digest) or the owner's own")
    owner_id: int
    owner_name: str
    created_at: datetime
    updated_at: datetime
    editable: bool = Field(description="whether the asking user may change or delete it (its owner, an admin)")
    items: int | None = Field(None, description="indexed items tagged with it (shared ones)")


class SavedSearchInput(BaseModel):
    name: str = Field(max_length=1000)
    query: str = Field(max_length=10_000)
    description: str = Field("", max_length=10_000)
    shared: bool = False


def _may_edit(principal: Principal, saved: SavedSearch) -> bool:
    return saved.owner_id == principal.user_id or principal.can(ADMIN)


def _owner_names(request: Request, found: list[SavedSearch]) -> dict[int, str]:
    accounts = get_app(request).accounts
    names = {}
    for owner_id in {saved.owner_id for saved in found}:
        user = accounts.user(owner_id)
        names[owner_id] = user.display_name if user is not None else "(tài khoản đã xóa)"
    return names


def _views(request: Request, principal: Principal, found: list[SavedSearch]) -> list[SavedSearchView]:
    names = _owner_names(request, found)
    counts: dict[str, int] = {}
    if any(saved.shared for saved in found):
        facet = get_queries(request).facets(["watch_topic"], size=10_000).facets["watch_topic"]
        counts = {value.value: value.count for value in facet}
    return [SavedSearchView(id=s.id, topic_id=s.topic_id, name=s.name, query=s.query, description=s.description,
                            shared=s.shared, owner_id=s.owner_id, owner_name=names[s.owner_id],
                            created_at=s.created_at, updated_at=s.updated_at, editable=_may_edit(principal, s),
                            items=counts.get(s.topic_id, 0) if s.shared else None)
            for s in found]  # fmt: skip


def _visible(request: Request, principal: Principal) -> list[SavedSearch]:
    return get_app(request).saved_searches.visible(principal.user_id)


def _editable(request: Request, principal: Principal, search_id: int) -> SavedSearch:
    """The saved search ``search_id`` if ``principal`` may change it: 404 when they cannot see it,
    403 when they see it but may not change it."""
    found = get_app(request).saved_searches.get(search_id)
    if found is None or not found.visible_to(principal.user_id) and not principal.can(ADMIN):
        raise HTTPException(404, "Không có tìm kiếm đã lưu này.")
    if not _may_edit(principal, found):
        raise HTTPException(403, "Chỉ người tạo hoặc quản trị viên được sửa, xóa tìm kiếm đã lưu này.")
    return found


def _audit_detail(saved: SavedSearch) -> str:
    scope = "dùng chung" if saved.shared else "riêng"
    return f"#{saved.id} {saved.name!r} ({scope}): {saved.query}"[:500]


def _create(request: Request, principal: Principal, draft: SavedDraft) -> SavedSearch:
    made = get_app(request).saved_searches.create(draft, principal.user_id)
    record(request, principal, "saved_search_create", _audit_detail(made))
    return made


def _update(request: Request, principal: Principal, search_id: int, draft: SavedDraft) -> SavedSearch:
    _editable(request, principal, search_id)
    changed = get_app(request).saved_searches.update(search_id, draft)
    if changed is None:
        raise HTTPException(404, "Không có tìm kiếm đã lưu này.")
    record(request, principal, "saved_search_update", _audit_detail(changed))
    return changed


def _delete(request: Request, principal: Principal, search_id: int) -> None:
    found = _editable(request, principal, search_id)
    get_app(request).saved_searches.delete(search_id)
    record(request, principal, "saved_search_delete", _audit_detail(found))


# -- pages ---------------------------------------------------------------------------------


def _list_page(request: Request, principal: Principal, *, status_code: int = 200, error: str | None = None,
               typed: SavedSearchInput | None = None, done: str | None = None) -> Response:  # fmt: skip
    return page(request, "saved.html", principal, status_code=status_code, searches=_views(request, principal,
                _visible(request, principal)), error=error, typed=typed or SavedSearchInput(name="", query=""),
                done=done)  # fmt: skip


@router.get(PATH, include_in_schema=False)
def saved_page(request: Request, principal: Principal = page_user(SAVED), xong: str | None = None,
               q: str | None = None) -> Response:  # fmt: skip
    """The list and the form; ``q`` fills the form's query (the search page's "save this search")."""
    done = {"tao": "Đã lưu tìm kiếm.", "sua": "Đã cập nhật tìm kiếm.", "xoa": "Đã xóa tìm kiếm."}.get(xong or "")
    typed = SavedSearchInput(name="", query=(q or "")[:2000])
    return _list_page(request, principal, done=done, typed=typed)


Typed = Annotated[str, Form()]


def _typed(name: str, query: str, description: str, shared: str | None) -> SavedSearchInput:
    return SavedSearchInput(name=name[:1000], query=query[:10_000], description=description[:10_000],
                            shared=shared is not None)  # fmt: skip


@router.post(PATH, include_in_schema=False, dependencies=[Depends(csrf_ok)])
def create_from_form(request: Request, principal: Principal = page_user(SAVED), name: Typed = "", query: Typed = "",
                     description: Typed = "", shared: Annotated[str | None, Form()] = None) -> Response:  # fmt: skip
    typed = _typed(name, query, description, shared)
    try:
        draft = check_draft(typed.name, typed.query, typed.description, typed.shared)
    except InputError as exc:  # the form again, with what was typed
        return _list_page(request, principal, status_code=400, error=str(exc), typed=typed)
    _create(request, principal, draft)
    return RedirectResponse(f"{PATH}?xong=tao", status_code=303)


@router.get(PATH + "/{search_id}/sua", include_in_schema=False)
def edit_page(request: Request, search_id: int, principal: Principal = page_user(SAVED)) -> Response:
    found = _editable(request, principal, search_id)
    typed = SavedSearchInput(name=found.name, query=found.query, description=found.description, shared=found.shared)
    return page(request, "saved_edit.html", principal, saved=found, typed=typed, error=None)


@router.post(PATH + "/{search_id}", include_in_schema=False, dependencies=[Depends(csrf_ok)])
def update_from_form(request: Request, search_id: int, principal: Principal = page_user(SAVED), name: Typed = "",
                     query: Typed = "", description: Typed = "",
                     shared: Annotated[str | None, Form()] = None) -> Response:  # fmt: skip
    found = _editable(request, principal, search_id)
    typed = _typed(name, query, description, shared)
    try:
        draft = check_draft(typed.name, typed.query, typed.description, typed.shared)
    except InputError as exc:
        return page(request, "saved_edit.html", principal, status_code=400, saved=found, typed=typed, error=str(exc))
    _update(request, principal, search_id, draft)
    return RedirectResponse(f"{PATH}?xong=sua", status_code=303)


@router.post(PATH + "/{search_id}/xoa", include_in_schema=False, dependencies=[Depends(csrf_ok)])
def delete_from_form(request: Request, search_id: int, principal: Principal = page_user(SAVED)) -> Response:
    _delete(request, principal, search_id)
    return RedirectResponse(f"{PATH}?xong=xoa", status_code=303)


# -- API -----------------------------------------------------------------------------------

API = "/api/v1/saved-searches"


@router.get(API, response_model=list[SavedSearchView], tags=["saved searches"])
def list_saved(request: Request, principal: Principal = api_user(SAVED)) -> list[SavedSearchView]:
    """The shared saved searches and the caller's own, oldest first."""
    return _views(request, principal, _visible(request, principal))


@router.get(API + "/{search_id}", response_model=SavedSearchView, tags=["saved searches"])
def get_saved(request: Request, search_id: int, principal: Principal = api_user(SAVED)) -> SavedSearchView:
    found = get_app(request).saved_searches.get(search_id)
    if found is None or not found.visible_to(principal.user_id) and not principal.can(ADMIN):
        raise HTTPException(404, "Không có tìm kiếm đã lưu này.")
    return _views(request, principal, [found])[0]


def _draft(body: SavedSearchInput) -> SavedDraft:
    return check_draft(body.name, body.query, body.description, body.shared)  # InputError: 400, Vietnamese


@router.post(API, response_model=SavedSearchView, status_code=201, tags=["saved searches"])
def create_saved(request: Request, body: SavedSearchInput, principal: Principal = api_user(SAVED)) -> SavedSearchView:
    """Save a search; its query is checked by the parser the watch topics use (400 with the place)."""
    return _views(request, principal, [_create(request, principal, _draft(body))])[0]


@router.put(API + "/{search_id}", response_model=SavedSearchView, tags=["saved searches"])
def update_saved(request: Request, search_id: int, body: SavedSearchInput,
                 principal: Principal = api_user(SAVED)) -> SavedSearchView:  # fmt: skip
    draft = _draft(body)
    return _views(request, principal, [_update(request, principal, search_id, draft)])[0]


@router.delete(API + "/{search_id}", status_code=204, tags=["saved searches"])
def delete_saved(request: Request, search_id: int, principal: Principal = api_user(SAVED)) -> Response:
    _delete(request, principal, search_id)
    return Response(status_code=204)
