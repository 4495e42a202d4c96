"""Shared fixtures: the ``../shared`` folder beside the project (absent in a fresh clone)."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared``; tests that need it skip with a reason when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"../shared not present (fresh clone): {SHARED} holds the gold sets and seed articles")
    return SHARED
