"""The records every pipeline stage produces and consumes.

These dataclasses are the contract between stages (see DESIGN.md, "Event record"):
ingest yields :class:`Article` (or :class:`ReadProblem`), the coder yields :class:`Event`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

# Prefixes of actor codes that name an organisation rather than a country: intergovernmental
# (IGO), non-governmental (NGO) and international militarized groups (IMG, CAMEO's code for
# transnational armed movements such as al-Qaeda).
ORG_PREFIXES = ("IGO", "NGO", "IMG")

CODER_VERSION = "communique-0.1.0"


def stable_hash(*parts: str, length: int = 16) -> str:
    """Return a short hex digest of ``parts`` that is stable across runs and machines."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()[:length]


@dataclass(frozen=True, slots=True)
class Article:
    """One document to code.

    ``text`` is the body the parser sees (a recognised dateline is removed and kept in
    ``dateline``); all character offsets of events refer to ``text``.
    """

    id: str
    text: str
    source: str = ""
    url: str | None = None
    title: str | None = None
    date: dt.date | None = None
    dateline: str | None = None
    origin: str = ""  # where it was read from ("file.jsonl:12"), for messages

    @staticmethod
    def make_id(source: str, text: str) -> str:
        """Stable article id: a hash of source and text, so re-ingesting is a no-op."""
        return stable_hash(source, text)


@dataclass(frozen=True, slots=True)
class ReadProblem:
    """An input that could not be read (or only partly): reported, never fatal."""

    origin: str  # file path, or "<stdin>"
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.origin if self.line is None else f"{self.origin}:{self.line}"
        return f"{where}: {self.message}"


@dataclass(slots=True)
class Actor:
    """A resolved participant of an event.

    ``code`` is CAMEO-style (country or IGO code followed by sector codes, e.g. ``CUBGOV``,
    ``RUSLEG``, ``IGOUNO``); ``country`` is the ISO3 code (or IGO code) alone.
    """

    code: str
    country: str | None
    sector: str | None
    name: str
    text: str
    wikidata: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form for JSON and storage."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Actor | None:
        """Inverse of :meth:`to_dict`; ``None`` stays ``None``."""
        if not data:
            return None
        return cls(**{k: data.get(k) for k in ("code", "country", "sector", "name", "text", "wikidata")})


def event_key(date: dt.date | None, article_id: str, source_code: str | None, target_code: str | None,
              cameo: str, modality: str) -> str:
    """The deduplication key of :attr:`Event.key` (also computed in SQL by the store's migration)."""
    when = date.isoformat() if date else f"article:{article_id}"
    return "|".join((when, source_code or "", target_code or "", cameo, modality or "asserted"))


@dataclass(slots=True)
class Event:
    """One coded event with the evidence that supports it (DESIGN.md's event record)."""

    article_id: str
    sentence_index: int
    evidence: str
    evidence_span: tuple[int, int]
    source: Actor | None
    target: Actor | None
    cameo: str
    cameo_root: str
    goldstein: float
    quad_class: int
    plover: str
    plover_mode: str = ""
    plover_context: str = ""
    modality: str = "asserted"
    date: dt.date | None = None
    date_precision: str = "none"
    date_text: str | None = None
    quantity: dict[str, Any] | None = None
    place: dict[str, Any] | None = None
    trigger: str = ""
    confidence: float = 0.5
    coder_version: str = CODER_VERSION
    id: str = field(default="")

    def __post_init__(self) -> None:
        if not self.id:
            self.id = stable_hash(
                self.article_id,
                str(self.sentence_index),
                self.source.code if self.source else "",
                self.target.code if self.target else "",
                self.cameo,
            )

    @property
    def key(self) -> str:
        """Deduplication key: the same key across articles means the same real-world event.

        ``date|source code|target code|CAMEO code|modality``; an undated event cannot be
        matched across articles, so its key starts with ``article:<id>`` instead of a date.
        Modality is part of the key so that "will visit" never merges with "visited".
        """
        return event_key(self.date, self.article_id, self.source.code if self.source else None,
                         self.target.code if self.target else None, self.cameo, self.modality)

    @property
    def dyad(self) -> tuple[str | None, str | None]:
        """(source country, target country)."""
        return (self.source.country if self.source else None, self.target.country if self.target else None)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (dates as ISO strings, span as a list)."""
        d = {
            "id": self.id,
            "article_id": self.article_id,
            "sentence_index": self.sentence_index,
            "evidence": self.evidence,
            "evidence_span": list(self.evidence_span),
            "date": self.date.isoformat() if self.date else None,
            "date_precision": self.date_precision,
            "date_text": self.date_text,
            "source": self.source.to_dict() if self.source else None,
            "target": self.target.to_dict() if self.target else None,
            "cameo": self.cameo,
            "cameo_root": self.cameo_root,
            "goldstein": self.goldstein,
            "quad_class": self.quad_class,
            "plover": self.plover,
            "plover_mode": self.plover_mode,
            "plover_context": self.plover_context,
            "modality": self.modality,
            "quantity": self.quantity,
            "place": self.place,
            "trigger": self.trigger,
            "confidence": self.confidence,
            "coder_version": self.coder_version,
        }
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        """Inverse of :meth:`to_dict`."""
        date = d.get("date")
        if isinstance(date, str):
            date = dt.date.fromisoformat(date)
        return cls(
            id=d.get("id", ""),
            article_id=d["article_id"],
            sentence_index=int(d["sentence_index"]),
            evidence=d["evidence"],
            evidence_span=tuple(d["evidence_span"]),  # type: ignore[arg-type]
            source=Actor.from_dict(d.get("source")),
            target=Actor.from_dict(d.get("target")),
            cameo=d["cameo"],
            cameo_root=d["cameo_root"],
            goldstein=float(d["goldstein"]),
            quad_class=int(d["quad_class"]),
            plover=d["plover"],
            plover_mode=d.get("plover_mode") or "",
            plover_context=d.get("plover_context") or "",
            modality=d.get("modality") or "asserted",
            date=date,
            date_precision=d.get("date_precision") or "none",
            date_text=d.get("date_text"),
            quantity=d.get("quantity"),
            place=d.get("place"),
            trigger=d.get("trigger") or "",
            confidence=float(d.get("confidence", 0.5)),
            coder_version=d.get("coder_version") or CODER_VERSION,
        )


@dataclass(slots=True)
class MentionRecord:
    """An actor mention in an article, resolved or not (unresolved ones are kept, not dropped).

    ``start``/``end`` are character offsets in the article text; ``why`` says how it was
    resolved (gazetteer row, office-holder term, title in the text, user file).
    """

    article_id: str
    start: int
    end: int
    text: str
    kind: str
    resolved: bool
    code: str | None = None
    country: str | None = None
    sector: str | None = None
    name: str | None = None
    why: str = ""
