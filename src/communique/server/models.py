"""Pydantic response models of the JSON API (they make ``/openapi.json`` describe real shapes)."""

from __future__ import annotations

import datetime as dt
from pydantic import BaseModel, Field

__all__ = [
    "ArticleOut",
    "CountryOut",
    "DyadSummaryOut",
    "ErrorOut",
    "EventOut",
    "EventPage",
    "NetworkOut",
    "PartnerOut",
    "TimelinePoint",
    "TimelineOut",
    "UniqueEventOut",
]


class ErrorOut(BaseModel):
    """Every error response: a message saying what is wrong."""

    detail: str


class EventOut(BaseModel):
    """One coded event (one mention in one article) with its evidence sentence."""

    id: str
    article_id: str
    sentence_index: int
    evidence: str | None
    evidence_start: int
    evidence_end: int
    date: dt.date | None
    date_precision: str | None
    source_code: str | None
    source_country: str | None
    source_name: str | None
    target_code: str | None
    target_country: str | None
    target_name: str | None
    cameo: str
    cameo_root: str
    goldstein: float
    quad_class: int
    plover: str | None
    plover_mode: str | None
    modality: str | None
    confidence: float | None
    event_key: str | None


class UniqueEventOut(BaseModel):
    """One real-world event (deduplicated across mentions) with its first mention's evidence."""

    event_key: str
    first_event_id: str
    date: dt.date | None
    source_code: str | None
    source_country: str | None
    target_code: str | None
    target_country: str | None
    cameo: str
    cameo_root: str
    goldstein: float
    quad_class: int
    plover: str | None
    modality: str | None
    num_mentions: int
    num_articles: int
    article_id: str | None
    sentence_index: int | None
    evidence: str | None


class EventPage(BaseModel):
    """One page of ``/api/events``."""

    total: int = Field(description="events matching the filters, over all pages")
    page: int
    page_size: int
    pages: int
    unique: bool
    events: list[EventOut] = Field(default_factory=list, description="when unique=false")
    unique_events: list[UniqueEventOut] = Field(default_factory=list, description="when unique=true")


class TimelinePoint(BaseModel):
    """Unique events of one period of a dyad timeline."""

    period: dt.date = Field(description="first day of the period")
    events: int
    quad: dict[str, int] = Field(description="events per quad class '1'..'4'")
    plover: dict[str, int] = Field(description="events per PLOVER type")
    goldstein_sum: float
    goldstein_mean: float | None


class TimelineOut(BaseModel):
    """A dyad's events per period."""

    dyad: str
    freq: str
    directed: bool
    points: list[TimelinePoint]


class TypeCount(BaseModel):
    """How many unique events of one type."""

    plover: str | None
    cameo_root: str
    n: int


class TrendPoint(BaseModel):
    """Mean Goldstein score of one recent period."""

    period: dt.date
    goldstein_mean: float | None
    events: int


class KeyEventOut(BaseModel):
    """An important event of a dyad, with its evidence and article."""

    event_key: str
    date: dt.date | None
    source: str | None
    target: str | None
    source_country: str | None
    target_country: str | None
    cameo: str
    cameo_root: str
    plover: str | None
    quad_class: int
    goldstein: float
    modality: str | None
    num_mentions: int
    num_articles: int
    article_id: str
    evidence: str | None
    article_title: str | None
    article_url: str | None


class DyadSummaryOut(BaseModel):
    """Relationship summary of a dyad (unique events, both directions)."""

    dyad: str
    events: int
    undated: int
    first_date: dt.date | None
    last_date: dt.date | None
    top_types: list[TypeCount]
    cooperation: int = Field(description="events of quad classes 1 and 2")
    conflict: int = Field(description="events of quad classes 3 and 4")
    balance: float = Field(description="(cooperation - conflict) / (cooperation + conflict)")
    goldstein_mean: float | None
    trend_freq: str
    trend: list[TrendPoint]
    trend_direction: str = Field(description="improving, worsening, stable or insufficient data")
    key_events: list[KeyEventOut]


class PartnerOut(BaseModel):
    """One partner of a country."""

    country: str
    name: str
    events: int
    cooperation: int
    conflict: int
    goldstein_mean: float | None
    cooperation_score: float


class PartnersOut(BaseModel):
    """A country's partners, ranked."""

    country: str
    order: str
    partners: list[PartnerOut]


class NetworkNode(BaseModel):
    """A country in the relations network."""

    id: str
    name: str
    events: int
    community: int


class NetworkEdge(BaseModel):
    """Relations between two countries (undirected): volume and mean Goldstein score."""

    source: str
    target: str
    events: int
    goldstein_mean: float | None


class NetworkOut(BaseModel):
    """The relations network of a period."""

    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


class EvidenceSpan(BaseModel):
    """Where one event's evidence lies in the article text (character offsets)."""

    event_id: str
    start: int
    end: int
    sentence_index: int
    cameo: str
    plover: str | None
    quad_class: int
    goldstein: float
    source_code: str | None
    target_code: str | None
    date: dt.date | None


class TextSegment(BaseModel):
    """A piece of the article text and the events whose evidence covers it."""

    text: str
    event_ids: list[str]


class ArticleOut(BaseModel):
    """An article with its events' evidence spans and the text cut at those spans."""

    id: str
    source: str | None
    url: str | None
    title: str | None
    date: dt.date | None
    dateline: str | None
    text: str
    events: list[EvidenceSpan]
    segments: list[TextSegment]


class CountryOut(BaseModel):
    """A country present in the store's events."""

    code: str
    name: str
    events: int


class StatusOut(BaseModel):
    """Which snapshot of the store is served."""

    store: str
    generation: int
    taken_at: dt.datetime
    events: int
    articles: int
    last_refresh_error: str | None
