"""Helpers shared by the scale tests (parallel and distributed coding)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from communique.store import Store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def write_corpus(path: Path, n: int) -> Path:
    """``n`` JSON Lines articles made from the bundled examples (distinct ids and dates)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            record = {"id": f"art-{i:04d}", "date": f"2021-{1 + i % 12:02d}-{1 + i % 28:02d}",
                      "text": texts[i % len(texts)], "source": "examples"}
            fh.write(json.dumps(record) + "\n")
    return path


def run_code(corpus: Path, db: Path, *extra: str, **kwargs) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "communique.cli", "code", str(corpus), "--db", str(db), "--quiet", *extra]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kwargs)


def stored(db: Path) -> tuple[list[str], list[tuple]]:
    """Article ids and events (id, article, sentence, code, source, target, date) of a store."""
    with Store(db, read_only=True) as store:
        ids = sorted(a["id"] for a in store.articles())
        events = sorted((e.id, e.article_id, e.sentence_index, e.cameo, e.source.code if e.source else None,
                         e.target.code if e.target else None, str(e.date)) for e in store.events())
    return ids, events
