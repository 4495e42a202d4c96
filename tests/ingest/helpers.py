"""Helpers shared by the ingest tests."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from communique.ingest import read_inputs
from communique.models import Article, ReadProblem


def read_all(*paths, **options) -> tuple[list[Article], list[ReadProblem]]:
    """Everything read_inputs yields for ``paths``, split into articles and problems."""
    items = list(read_inputs([str(p) for p in paths], **options))
    assert all(isinstance(item, (Article, ReadProblem)) for item in items)
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, ReadProblem)]


def write_jsonl(path: Path, records: list, *, compress: bool = False) -> Path:
    """Write ``records`` (dicts, or raw strings written as they are) one per line."""
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path.write_bytes(gzip.compress(data) if compress else data)
    return path

