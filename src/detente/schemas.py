"""Record types that flow from stage to stage: the contract between ingest, NLP, actors, events,
facts, store, analysis and export.

Every record is a plain dataclass. Character offsets (``start``/``end``) are always offsets into
``Document.text`` (end exclusive), so any record can be traced back to the exact characters that
support it. Dates are ISO strings: ``YYYY-MM-DD`` with day precision, ``YYYY-MM`` with month
precision, ``YYYY`` with year precision.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from functools import cache
from typing import Any

# PLOVER event types (GUIDELINES.md), in codebook order.
EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
STATUSES = ("occurred", "future", "hoped", "negated", "hypothetical")
FACT_MEASURES = (
    "trade", "exports", "imports", "investment", "deal", "fund", "military_personnel",
    "distance", "count", "energy", "other",
)  # fmt: skip
FACT_KINDS = ("level", "change", "forecast", "share")
ACTOR_KINDS = ("state", "org", "person", "unresolved")


def quad_class_of(cameo_root: str | int | None) -> int | None:
    """QuadClass from a CAMEO root code, with the grouping ICEWS and GUIDELINES.md use.

    01-05 verbal cooperation (1), 06-08 material cooperation (2), 09-13 verbal conflict (3),
    14-20 material conflict (4).
    """
    if cameo_root in (None, ""):
        return None
    root = int(str(cameo_root)[:2])
    if 1 <= root <= 5:
        return 1
    if 6 <= root <= 8:
        return 2
    if 9 <= root <= 13:
        return 3
    if 14 <= root <= 20:
        return 4
    return None


@dataclass(slots=True)
class Document:
    """One article after ingest: clean text plus the metadata found for it."""

    doc_id: str
    text: str
    title: str | None = None
    published: str | None = None  # ISO date, as precise as known
    source: str | None = None  # outlet, e.g. "China Daily"
    author: str | None = None
    url: str | None = None
    path: str | None = None  # where it was read from (file, file:line, URL)
    content_hash: str = ""  # sha256 of the clean text: the document's identity in the store
    captions: list[tuple[int, int]] = field(default_factory=list)  # char ranges of photo captions
    lang: str | None = "en"


@dataclass(slots=True)
class Skipped:
    """An input that could not be turned into a Document, with a one-line reason."""

    input: str  # path, path:line or URL
    reason: str


@dataclass(slots=True)
class Sentence:
    doc_id: str
    index: int
    start: int
    end: int
    text: str
    is_caption: bool = False


@dataclass(slots=True)
class ActorMention:
    """A place in a document where an actor is named or referred to.

    ``code`` is the registry code of the state or organisation the mention resolves to in the
    document's period (``RUS``, ``ASEAN``); ``None`` for named people and organisations the
    registry lacks (kept with their text, never dropped).
    """

    doc_id: str
    sentence: int
    start: int
    end: int
    text: str
    code: str | None
    kind: str  # one of ACTOR_KINDS
    sector: str | None = None  # CAMEO/PLOVER sector: GOV, MIL, DIP, BUS, ...
    person: str | None = None  # registry id of a person, when the mention names one
    role: str | None = None  # the role that made a person resolve, e.g. "president"
    how: str = "name"  # name, alias, surname, title, demonym, capital, adjective, context
    actor_id: str | None = None  # registry id (state/org code or person id); None when unresolved

    def ref(self) -> dict[str, Any]:
        """The compact form used inside event and fact records."""
        return {
            "code": self.code,
            "text": self.text,
            "span": [self.start, self.end],
            "sector": self.sector,
            "person": self.person,
        }


@dataclass(slots=True)
class DateValue:
    """A resolved temporal expression: a value with its precision and the interval it covers."""

    value: str  # '2018-11-13', '2018-11', '2018'
    precision: str  # day, month, year, or the unit the text named: week, quarter, half, season, decade, century
    start: str  # first day, ISO
    end: str  # last day, ISO
    text: str = ""
    char_start: int = -1
    char_end: int = -1
    relative: bool = False  # resolved against the publication date
    direction: str | None = None  # past/future when the expression itself says so


@dataclass(slots=True)
class Event:
    """One political event, coded in PLOVER with its CAMEO root, QuadClass and provenance."""

    event_id: str
    doc_id: str
    event_type: str  # PLOVER type
    mode: str | None
    cameo_root: str  # two digits
    quad_class: int
    intensity: float  # Goldstein-style, -10..10
    source: list[ActorMention]
    target: list[ActorMention]
    symmetric: bool
    status: str  # one of STATUSES
    confidence: float
    sentences: list[int]  # indexes of the provenance sentences (first is the main one)
    sentence_text: str
    trigger: str
    trigger_start: int
    trigger_end: int
    date: DateValue | None = None
    place: str | None = None
    place_code: str | None = None


@dataclass(slots=True)
class Fact:
    """A quantitative statement: a normalised figure with its measure, actors and period."""

    fact_id: str
    doc_id: str
    measure: str  # one of FACT_MEASURES
    kind: str  # one of FACT_KINDS
    value: float  # normalised value in ``unit``
    unit: str  # USD, percent, persons, miles, km, count, bcm, barrels, tonnes, or an ISO currency
    amount: float  # the figure as written (after scale words): 26e9 for "$26 billion"
    currency: str | None  # ISO code of the written currency, if any
    subject: list[ActorMention]
    partner: list[ActorMention]
    sentence: int
    sentence_text: str
    start: int  # span of the figure
    end: int
    text: str
    usd_value: float | None = None
    usd_rate_source: str | None = None  # which table and year converted it, or "text"
    approx: str | None = None  # about, more than, at least, up to, nearly, ...
    value_max: float | None = None  # upper end of a range
    period: DateValue | None = None


@dataclass(slots=True)
class DocResult:
    """Everything the pipeline extracts from one document."""

    document: Document
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[ActorMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)


def to_dict(record: Any) -> dict[str, Any]:
    """A record as plain JSON-ready data: what ``dataclasses.asdict`` gives, without its deep copy
    of every value (which was 40 % of the time of the API's answer for a long document)."""
    return {name: _plain(getattr(record, name)) for name in _field_names(type(record))}


_SCALARS = frozenset({str, int, float, bool, type(None)})


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(kind))


def _plain(value: Any) -> Any:
    if type(value) in _SCALARS:
        return value
    if isinstance(value, list | tuple):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return to_dict(value) if is_dataclass(value) else value
