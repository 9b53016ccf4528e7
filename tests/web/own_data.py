"""A web app over a data folder of its own (not the shared demo one): for tests that add items,
enrich, run alerts or write files the other web tests must not see."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from langnghe.app import App
from langnghe.item import Item
from langnghe.settings import Settings
from langnghe.stores.accounts import Role
from langnghe.web.app import create_app
from langnghe.web.auth import Principal

from .conftest import REPO, log_in, make_user


@contextmanager
def own_client(tmp_path: Path, items: Sequence[Item] = (), *, config_dir: Path = REPO / "config",
               ) -> Iterator[tuple[FastAPI, TestClient]]:  # fmt: skip
    """A web app over ``tmp_path/data`` whose index holds ``items``, and a client of it."""
    settings = Settings(data_dir=tmp_path / "data", config_dir=config_dir)
    with App(settings) as app:
        app.index.upsert(list(items))
    web = create_app(settings)
    try:
        with TestClient(web) as client:
            yield web, client
    finally:
        web.state.langnghe.app.close()


def login(web: FastAPI, client: TestClient, role: Role) -> Principal:
    principal = make_user(web, role)
    log_in(client, principal.username)
    return principal
