"""Fixtures of the server tests: a small hand-made store and API clients over it."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the 'api' extra (fastapi) is not installed")

from fastapi.testclient import TestClient  # noqa: E402
from server_fixtures import make_store  # noqa: E402

from communique.server import create_app  # noqa: E402


@pytest.fixture(scope="session")
def store_path(tmp_path_factory) -> Path:
    return make_store(tmp_path_factory.mktemp("server") / "small.duckdb")


@pytest.fixture(scope="session")
def client(store_path):
    """A loopback client (no token) over the small store."""
    app = create_app(store_path, refresh_seconds=0)
    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as c:
        yield c
