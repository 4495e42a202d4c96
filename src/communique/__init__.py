"""communique: offline event coder for news about international relations.

Public API::

    from communique import code_text, code_articles, read_inputs, Store
"""

from communique.models import Actor, Article, Event, ReadProblem

__all__ = ["Actor", "Article", "Event", "ReadProblem", "code_text", "code_articles", "read_inputs", "Store"]
__version__ = "0.1.0"


def __getattr__(name: str):
    # Heavy imports (spaCy, DuckDB) only when used.
    if name in ("code_text", "code_articles"):
        from communique import pipeline

        return getattr(pipeline, name)
    if name == "read_inputs":
        from communique.ingest import read_inputs

        return read_inputs
    if name == "Store":
        from communique.store import Store

        return Store
    raise AttributeError(f"module 'communique' has no attribute {name!r}")
