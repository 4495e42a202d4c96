"""Fixtures for the ingest tests."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).parents[2] / ".." / "shared"  # ../shared beside the repository root


@pytest.fixture
def seeds_dir() -> Path:
    """The seed articles in ../shared/seeds (beside the repository root)."""
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"../shared not present (fresh clone): {seeds.resolve()} is missing")
    return seeds
