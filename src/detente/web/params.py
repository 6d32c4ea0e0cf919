"""Query parameters shared by the API and the pages: the CLI's filters, pagination and format.

Every parameter is validated before a query runs, so a bad value is a 422 naming the parameter
(``exceptions`` turns it into a one-line message), never a database error. Codes are upper-cased
and types, statuses and measures accepted in any case, as the CLI does.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Annotated, Any, Literal

from fastapi import Query
from fastapi.exceptions import RequestValidationError
from pydantic import BeforeValidator

from detente.analysis.common import PERIODS
from detente.analysis.groups import LEVELS
from detente.schemas import EVENT_TYPES, FACT_MEASURES, STATUSES
from detente.store.queries import date_bounds

MAX_LIMIT = 10_000  # rows per page; CSV downloads page the same way
DEFAULT_LIMIT = 50
CODE_PATTERN = r"^[A-Za-z0-9_.\-]{1,64}$"

EventType = StrEnum("EventType", {t: t for t in EVENT_TYPES})  # type: ignore[misc]
Status = StrEnum("Status", {s: s for s in STATUSES})  # type: ignore[misc]
Measure = StrEnum("Measure", {m: m for m in FACT_MEASURES})  # type: ignore[misc]
Period = Literal[PERIODS]  # type: ignore[valid-type]
Level = Literal[LEVELS]  # type: ignore[valid-type]
AnalysisStatus = Literal[(*STATUSES, "all")]  # type: ignore[valid-type]


def _case(change: str) -> BeforeValidator:
    return BeforeValidator(lambda value: getattr(value, change)() if isinstance(value, str) else value)


Code = Annotated[str, _case("upper"), Query(pattern=CODE_PATTERN, description="An actor code, e.g. RUS or ASEAN.")]
OptionalCode = Annotated[
    str | None, _case("upper"), Query(pattern=CODE_PATTERN, description="An actor code, e.g. RUS or ASEAN.")
]
ActorParam = Annotated[
    str | None, _case("upper"), Query(pattern=CODE_PATTERN, description="Only records with this actor code.")
]
DyadParam = Annotated[
    str | None,
    _case("upper"),
    Query(
        pattern=r"^[A-Za-z0-9_.\-]{1,64},[A-Za-z0-9_.\-]{1,64}$",
        description="Two codes, comma-separated (RUS,SGP): records between them, either direction.",
    ),
]
TypeParam = Annotated[EventType | None, _case("upper"), Query(description="A PLOVER event type.")]
QuadParam = Annotated[
    int | None,
    Query(
        ge=1, le=4, description="1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict."
    ),
]
StatusParam = Annotated[Status | None, _case("lower"), Query(description="The event's status.")]
MeasureParam = Annotated[Measure | None, _case("lower"), Query(description="The fact's measure.")]
RequiredMeasure = Annotated[Measure, _case("lower"), Query(description="The measure, e.g. trade.")]
SinceParam = Annotated[str | None, Query(description="From this date on: YYYY, YYYY-MM or YYYY-MM-DD.", max_length=10)]
UntilParam = Annotated[str | None, Query(description="Up to this date: YYYY, YYYY-MM or YYYY-MM-DD.", max_length=10)]
SourceParam = Annotated[
    str | None, Query(description="Only documents from this outlet (any part of its name).", max_length=200)
]
DocParam = Annotated[str | None, Query(description="Only this document.", max_length=500)]
LimitParam = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Rows per page.")]
OffsetParam = Annotated[int, Query(ge=0, le=10**9, description="Rows to skip.")]
FormatParam = Annotated[
    Literal["json", "csv"], Query(description="json (a page with its total) or csv (a download of the page's rows).")
]
ByParam = Annotated[Period, Query(description="The period of each bucket.")]
GroupParam = Annotated[
    str | None,
    Query(
        pattern=r"^[A-Za-z0-9_.\- ,'()&]{1,80}$",
        description="A code (CHN), a group with members (ASEAN, EU: itself and its members) or a UN region"
        " or sub-region (Asia, South-eastern Asia); empty for anyone.",
    ),
]
LevelParam = Annotated[Level, Query(description="Partners by code, UN region or sub-region, or bloc.")]


def invalid(field: str, message: str) -> RequestValidationError:
    """The 422 error of one bad query parameter, in the shape FastAPI gives its own."""
    return RequestValidationError([{"loc": ("query", field), "msg": message, "type": "value_error"}])


def check_dates(since: str | None, until: str | None) -> None:
    """422 for a since/until that is not an ISO date, or an empty period."""
    for field, value in (("since", since), ("until", until)):
        try:
            date_bounds(value, None)
        except ValueError as exc:
            raise invalid(field, str(exc)) from None
    start, end = date_bounds(since, until)
    if start and end and start > end:
        raise invalid("until", f"the period is empty: {until} is before {since}")


def split_dyad(dyad: str | None) -> tuple[str, str] | None:
    """``RUS,SGP`` as a pair of codes."""
    if not dyad:
        return None
    a, b = dyad.split(",")
    return a, b


def _text(value: StrEnum | None) -> str | None:
    """An enum parameter as the plain string the store binds."""
    return None if value is None else str(value)


class _StoreFilters:
    """What the filters of the record lists share: the period check, and their fields as the
    keyword arguments of the store's list method of the same name."""

    __slots__ = ()
    since: str | None
    until: str | None

    def __post_init__(self) -> None:
        check_dates(self.since, self.until)

    def store_args(self) -> dict[str, Any]:
        """The fields as keyword arguments of the store: a dyad as a pair, enums as their text."""
        args = {f.name: getattr(self, f.name) for f in fields(self)}  # type: ignore[arg-type]
        if "dyad" in args:
            args["dyad"] = split_dyad(args["dyad"])
        return {name: _text(v) if isinstance(v, StrEnum) else v for name, v in args.items()}


@dataclass(slots=True)
class EventFilters(_StoreFilters):
    """The filters of ``detente events`` as query parameters (``Store.events``)."""

    actor: ActorParam = None
    dyad: DyadParam = None
    type: TypeParam = None
    quad_class: QuadParam = None
    status: StatusParam = None
    since: SinceParam = None
    until: UntilParam = None
    source: SourceParam = None
    doc_id: DocParam = None


@dataclass(slots=True)
class FactFilters(_StoreFilters):
    """The filters of ``detente facts`` as query parameters (``Store.facts``)."""

    actor: ActorParam = None
    dyad: DyadParam = None
    measure: MeasureParam = None
    since: SinceParam = None
    until: UntilParam = None
    source: SourceParam = None
    doc_id: DocParam = None


@dataclass(slots=True)
class DocumentFilters(_StoreFilters):
    """The filters of the documents list (``Store.documents``)."""

    actor: ActorParam = None
    since: SinceParam = None
    until: UntilParam = None
    source: SourceParam = None


@dataclass(slots=True)
class ActorFilters(_StoreFilters):
    """The filters of ``detente actors`` (``Store.actors``, which takes ``resolved`` instead)."""

    actor: ActorParam = None
    since: SinceParam = None
    until: UntilParam = None
    source: SourceParam = None
    doc_id: DocParam = None
    unresolved: Annotated[bool, Query(description="List the names no registry entry resolved, instead of codes.")] = (
        False
    )

    def store_args(self) -> dict[str, Any]:
        """Keyword arguments of ``Store.actors``."""
        args = _StoreFilters.store_args(self)
        args["resolved"] = not args.pop("unresolved")
        return args


@dataclass(slots=True)
class AnalysisFilters:
    """The filters every analysis takes (``detente.analysis``): period, status, types, outlet.

    Unlike the record lists, analyses count occurred events unless ``status`` says otherwise, and
    an event without a date of its own counts on its article's publication day.
    """

    since: SinceParam = None
    until: UntilParam = None
    status: Annotated[
        AnalysisStatus, _case("lower"), Query(description="Events with this status; all for every status.")
    ] = "occurred"
    type: Annotated[
        list[Annotated[EventType, _case("upper")]] | None, Query(description="PLOVER types (repeat for several).")
    ] = None
    source: SourceParam = None

    def __post_init__(self) -> None:
        check_dates(self.since, self.until)

    def args(self) -> dict[str, Any]:
        """Keyword arguments of the analysis functions."""
        types = [str(t) for t in self.type] if self.type else None
        return {"since": self.since, "until": self.until, "status": self.status, "types": types, "source": self.source}


@dataclass(slots=True)
class Paging:
    """limit and offset."""

    limit: LimitParam = DEFAULT_LIMIT
    offset: OffsetParam = 0
