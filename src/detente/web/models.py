"""Pydantic models of the API's responses: they make /openapi.json describe every field.

Event and fact records are the export format of docs/export-format.md, field for field.
"""

from __future__ import annotations

import datetime as dt
from typing import Generic, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")

Span = list[int]  # [start, end): character offsets into the document text


class Page(BaseModel, Generic[T]):
    """One page of a filtered list, with the number of rows the filters match."""

    items: list[T]
    total: int = Field(description="Rows matching the filters, on all pages.")
    limit: int
    offset: int


class ActorRef(BaseModel):
    """An actor as it appears in an event or a fact."""

    code: str | None = Field(description="Registry code (RUS, ASEAN); null for a name the registry lacks.")
    text: str
    span: Span
    sector: str | None = None
    person: str | None = None


class EventRecord(BaseModel):
    """A PLOVER event with its CAMEO root, QuadClass, date, status and evidence."""

    kind: str = "event"
    doc_id: str
    event_id: str
    event_type: str
    mode: str | None
    cameo_root: str | None
    quad_class: int | None = Field(
        description="1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict."
    )
    intensity: float | None
    source: list[ActorRef]
    target: list[ActorRef]
    symmetric: bool | None
    date: str | None = Field(description="YYYY-MM-DD, YYYY-MM or YYYY.")
    date_value: str | None
    date_precision: str | None
    date_start: str | None
    date_end: str | None
    date_text: str | None
    date_span: Span | None
    status: str | None
    confidence: float | None
    sentence: str | None = Field(description="The main evidence sentence.")
    sentences: list[int]
    trigger: str | None
    span: Span = Field(description="The trigger's characters.")
    place: str | None
    place_code: str | None


class FactRecord(BaseModel):
    """A quantitative fact: a normalised figure with its measure, actors and period."""

    kind: str = "fact"
    doc_id: str
    fact_id: str
    measure: str
    kind_of_fact: str | None
    value: float | None
    unit: str | None
    amount: float | None
    currency: str | None
    usd_value: float | None
    usd_rate_source: str | None
    approx: str | None
    value_max: float | None
    subject: list[ActorRef]
    partner: list[ActorRef]
    period: str | None = Field(description="The year the figure refers to.")
    period_value: str | None
    period_precision: str | None
    period_start: str | None
    period_end: str | None
    period_text: str | None
    period_span: Span | None
    sentence: str | None
    sentence_index: int | None
    span: Span
    text: str | None


class DocumentMeta(BaseModel):
    """A stored document's metadata and record counts (no text)."""

    doc_id: str
    content_hash: str
    title: str | None
    published: str | None
    published_start: dt.date | None
    published_end: dt.date | None
    source: str | None
    author: str | None
    url: str | None
    path: str | None
    lang: str | None
    ingested_at: dt.datetime
    sentences: int
    mentions: int
    events: int
    facts: int


class SentenceOut(BaseModel):
    index: int
    start: int
    end: int
    text: str
    is_caption: bool


class MentionOut(BaseModel):
    """An actor mention in the text."""

    sentence: int
    start: int
    end: int
    text: str
    code: str | None
    kind: str
    sector: str | None
    person: str | None
    role: str | None
    how: str


class MarkedSpan(BaseModel):
    """A marked stretch of the text and the record it belongs to."""

    start: int
    end: int
    kind: str = Field(description="actor, unresolved, event, date or fact.")
    record: str = Field(description="The record's id: an actor code or name, an event_id or a fact_id.")


class DocumentOut(BaseModel):
    """A document with its text and every record found in it, and the spans of the text they mark."""

    document: DocumentMeta
    text: str
    captions: list[Span]
    sentences: list[SentenceOut]
    mentions: list[MentionOut]
    events: list[EventRecord]
    facts: list[FactRecord]
    spans: list[MarkedSpan]


class ActorRow(BaseModel):
    """An actor (or, for unresolved names, a name) with its counts."""

    code: str | None
    kind: str
    mentions: int
    documents: int
    events: int
    names: list[str]


class TopActor(BaseModel):
    code: str
    mentions: int
    documents: int


class TopDyad(BaseModel):
    actors: list[str]
    events: int


class Summary(BaseModel):
    """Counts of everything stored, top actors and top dyads."""

    documents: int
    sentences: int
    mentions: int
    resolved_mentions: int
    actors: int
    events: int
    facts: int
    top_actors: list[TopActor]
    top_dyads: list[TopDyad]


class SearchHit(BaseModel):
    """A sentence matching a full-text search."""

    doc_id: str
    sentence: int
    start: int
    end: int
    text: str
    matches: list[Span] = Field(description="Where the terms occur, as offsets into the sentence.")
    title: str | None
    published: str | None
    source: str | None


class DyadRow(BaseModel):
    """Events of a dyad in one period, QuadClass and PLOVER type."""

    period: str
    quad_class: int | None
    event_type: str
    events: int
    a_to_b: int = Field(description="Events with A as source (symmetric events count both ways).")
    b_to_a: int
    intensity_mean: float | None
    intensity_sum: float | None


class DyadPeriod(BaseModel):
    """Events of a dyad in one period, by QuadClass (quiet periods are rows of zeros)."""

    period: str
    q1: int
    q2: int
    q3: int
    q4: int
    events: int
    a_to_b: int
    b_to_a: int
    intensity_mean: float | None
    intensity_sum: float | None


class DyadSeries(BaseModel):
    """The events between A and B (a code, a group such as ASEAN, a region such as Asia, or anyone)."""

    a: str
    b: str | None
    by: str
    periods: list[DyadPeriod] = Field(description="Per period, by QuadClass (analysis.quad_table).")
    rows: list[DyadRow] = Field(description="Per period, QuadClass and type (analysis.dyad_series).")


class PartnerRow(BaseModel):
    """An actor's events with one partner group in one period."""

    period: str
    group: str = Field(description="A partner code, a region, a sub-region or a bloc, by level.")
    events: int
    coop: int = Field(description="QuadClass 1-2 events.")
    conflict: int = Field(description="QuadClass 3-4 events.")
    share: float = Field(description="Of the period's events.")
    coop_share: float | None
    conflict_share: float | None
    intensity_mean: float | None


class PartnerMix(BaseModel):
    """With whom an actor has events, per period."""

    actor: str
    by: str
    level: str
    rows: list[PartnerRow]


class NetworkNode(BaseModel):
    """An actor in the network, with its centralities in the graph drawn."""

    id: str
    name: str
    kind: str | None
    region: str | None
    subregion: str | None
    events: int = Field(description="Events on its edges, in and out.")
    out_events: int
    in_events: int
    partners: int
    betweenness: float | None
    eigenvector: float | None
    community: int
    start: str | None
    end: str | None


class NetworkEdge(BaseModel):
    """Events with ``source`` acting on ``target`` (symmetric events count both ways)."""

    source: str
    target: str
    weight: int = Field(description="Events.")
    intensity: float | None
    intensity_sum: float | None
    quad1: int
    quad2: int
    quad3: int
    quad4: int
    start: str
    end: str


class Community(BaseModel):
    community: int
    size: int
    events: int
    members: list[str]


class Network(BaseModel):
    """Who acts on whom, cut to the actors with most events."""

    nodes: list[NetworkNode]
    edges: list[NetworkEdge]
    communities: list[Community]


class ClusterSource(BaseModel):
    """One report of a clustered event."""

    outlet: str | None
    doc_id: str
    event_id: str
    sentence_index: int | None
    sentence: str | None
    title: str | None
    url: str | None
    published: str | None
    trigger: str | None
    span: Span


class EventCluster(BaseModel):
    """The reports of one event (same type, sides and date) counted once, as GDELT clusters mentions."""

    date: str
    date_start: str
    date_end: str
    event_type: str
    quad_class: int | None
    cameo_root: str | None
    source: list[str]
    target: list[str]
    symmetric: bool | None
    intensity: float | None
    mentions: int
    articles: int
    outlets: int
    doc_id: str
    event_id: str
    sources: list[ClusterSource]


class FactSeriesRow(BaseModel):
    """One reported figure of the series."""

    period: str | None
    value: float | None
    value_max: float | None
    unit: str | None
    kind: str | None
    approx: str | None
    doc_id: str
    source: str | None = Field(description="The outlet.")
    sentence: str | None
    text: str | None
    fact_id: str


class FactSeries(BaseModel):
    """The figures of one measure whose actors include every code asked for, by period."""

    measure: str
    actors: list[str]
    rows: list[FactSeriesRow]


class FactReport(BaseModel):
    doc_id: str
    fact_id: str
    outlet: str | None
    published: str | None
    sentence_index: int | None
    sentence: str | None
    text: str | None
    value: float | None


class FactVariant(BaseModel):
    """One value the sources give, with the reports that give it."""

    value: float
    reports: list[FactReport]


class FactConflict(BaseModel):
    """Comparable figures (measure, actors, kind, unit, period) whose sources disagree."""

    measure: str
    dyad: list[str]
    kind: str | None
    unit: str | None
    period: str | None
    variants: list[FactVariant]


class Outlet(BaseModel):
    outlet: str
    documents: int
    events: int
    facts: int
    first: str | None
    last: str | None


class OutletTypes(BaseModel):
    outlet: str
    event_type: str
    events: int


class OutletConflict(BaseModel):
    measure: str
    dyad: list[str]
    kind: str | None
    unit: str | None
    period: str | None
    outlet: str
    value: float
    doc_ids: list[str]
    sentences: list[str | None]


class Agreement(BaseModel):
    outlet_a: str
    outlet_b: str
    groups: int = Field(description="Groups of comparable figures both give.")
    agree: int
    disagree: int


class Sources(BaseModel):
    """Outlets and what they report: event types, events several outlets report, figures they dispute."""

    outlets: list[Outlet]
    event_types: list[OutletTypes]
    shared_events: list[EventCluster]
    fact_conflicts: list[OutletConflict]
    agreement: list[Agreement]


class Job(BaseModel):
    """An upload's background ingest."""

    id: str
    state: str = Field(description="queued, reading, loading, extracting, done, failed or cancelled.")
    inputs: list[str]
    created: dt.datetime
    finished: dt.datetime | None
    total: int | None = Field(description="Documents to extract, once the inputs are read.")
    processed: int = Field(description="Documents extracted, already stored or failed so far.")
    read: int
    new: int
    known: int
    events: int
    facts: int
    problems: list[dict[str, str]]
    documents: list[str] = Field(description="doc_ids stored from this upload (when done).")
    message: str | None


class Problem(BaseModel):
    """The body of every 4xx and 5xx response."""

    detail: str
    errors: list[dict[str, str]] = Field(default_factory=list, description="One entry per invalid field.")
