"""The HTML pages: server-rendered templates over the same queries as the API.

Pages take the API's parameters (so a page's URL and its download link carry the same filters) and
render them through autoescaping templates; the network and upload pages add a small script each.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from detente import analysis
from detente.export.jsonl import event_record, fact_record
from detente.web import analytics
from detente.web.api import Pages, ReadStore, document_payload, rows_and_total, search_hits
from detente.web.charts import HALF_WIDTH, quad_chart, range_chart, share_chart
from detente.web.marking import actor_rows, blocks
from detente.web.params import (
    ActorParam,
    AnalysisFilters,
    DocumentFilters,
    EventFilters,
    FactFilters,
    GroupParam,
    LevelParam,
    OptionalCode,
    Paging,
    Period,
    SinceParam,
    SourceParam,
    UntilParam,
    check_dates,
)
from detente.web.uploads import allowed_types

T = TypeVar("T")
router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
AUTO_MONTHS = 60  # a monthly chart with more bars than this is drawn by year
NETWORK_NODES, NETWORK_EDGES = 60, 250  # drawn by default: more is a hairball
TOP_PARTNERS = 8  # partner groups named in the partner chart; the rest are "other"


def render(request: Request, template: str, **context: Any) -> Response:
    """The template rendered with ``context`` (and the request, which the templates use)."""
    return request.app.state.templates.TemplateResponse(request, template, context)


def _fields(filters: Any) -> dict[str, Any]:
    """A filters dataclass as a dict (they have slots, so no ``vars``)."""
    return {name: getattr(filters, name) for name in filters.__dataclass_fields__}


def _params(*filters: Any, **extra: Any) -> dict[str, Any]:
    """The query parameters of a page (filters and extras) that are set, for its pager and download links."""
    params: dict[str, Any] = {}
    for source in filters:
        params.update(_fields(source))
    params.update(extra)
    return {k: v for k, v in params.items() if v not in (None, "", False)}


def _paging(total: int, paging: Paging) -> dict[str, Any]:
    """The pager's part of a page's context."""
    return {"total": total, "limit": paging.limit, "offset": paging.offset}


@router.get("/")
def overview(request: Request, store: ReadStore) -> Response:
    """The corpus at a glance: counts, top actors and dyads, outlets, latest documents."""
    settings = request.app.state.settings
    return render(
        request,
        "overview.html",
        summary=store.summary(top=10),
        outlets=analysis.sources(store, shared_limit=0).outlets,
        documents=store.documents(limit=8),
        writable=settings.writable,
        db=str(settings.db),
    )


@router.get("/events")
def events(request: Request, store: ReadStore, filters: Annotated[EventFilters, Depends()], paging: Pages) -> Response:
    """Event search with the CLI's filters; each result links to its sentence."""
    rows, total = rows_and_total(store, store.events, filters.store_args(), paging)
    return render(
        request, "events.html", f=_fields(filters), rows=rows, params=_params(filters), **_paging(total, paging)
    )


def _pieces(text: str, matches: list[list[int]]) -> list[tuple[str, bool]]:
    """A sentence cut into (text, matched) runs for highlighting."""
    out, position = [], 0
    for start, end in sorted(matches):
        if start < position:
            continue
        out += [(text[position:start], False), (text[start:end], True)]
        position = end
    out.append((text[position:], False))
    return [(t, m) for t, m in out if t]


@router.get("/search")
def search(
    request: Request,
    store: ReadStore,
    paging: Pages,
    q: Annotated[str | None, Query(max_length=200)] = None,
    source: SourceParam = None,
    since: SinceParam = None,
    until: UntilParam = None,
) -> Response:
    """Full-text search of sentences, the terms highlighted."""
    check_dates(since, until)
    hits, total = [], 0
    if q and q.strip():
        hits, total = search_hits(
            store, q, source=source, since=since, until=until, limit=paging.limit, offset=paging.offset
        )
        for hit in hits:
            hit["pieces"] = _pieces(hit["text"], hit["matches"])
    params = _params(q=q, source=source, since=since, until=until)
    return render(request, "search.html", q=q, hits=hits, params=params, **_paging(total, paging))


def _by_period(table_of: Callable[[str], T], by: str | None, size: Callable[[T], int] = len) -> tuple[T, str]:
    """A chart's data by ``by``; when not given, by month unless that makes too many bars, then by year."""
    table = table_of(by or "month")
    if by is None and size(table) > AUTO_MONTHS:
        return table_of("year"), "year"
    return table, by or "month"


def _quad_table(store: Any, a: str, b: str | None, filters: dict[str, Any]) -> Callable[[str], list[dict]]:
    """The function giving a dyad's events per period by QuadClass, for ``_by_period``."""
    def table(by: str) -> list[dict]:
        span = analysis.period_span(filters["since"], filters["until"], by)
        return analysis.quad_table(analysis.dyad_series(store, a, b, by=by, **filters), span=span)

    return table


@router.get("/timeline")
def timeline(
    request: Request,
    store: ReadStore,
    paging: Pages,
    filters: Annotated[AnalysisFilters, Depends()],
    actor: ActorParam = None,
    partner: GroupParam = None,
) -> Response:
    """An actor's (or a dyad's) events per period by QuadClass, then each clustered event."""
    context: dict[str, Any] = {"actor": actor, "partner": partner, "items": [], "total": 0}
    if actor:
        clusters = analysis.timeline(store, actor, partner, **filters.args())
        table, by = _by_period(_quad_table(store, actor, partner, filters.args()), None)
        who = f"{actor} and {partner}" if partner else f"{actor} with anyone"
        context.update(
            items=clusters[paging.offset : paging.offset + paging.limit],
            total=len(clusters),
            chart=quad_chart(f"Events of {who} per {by}, by QuadClass", table),
        )
    else:
        context["top_actors"] = store.summary(top=12)["top_actors"]
    params = _params(filters, actor=actor, partner=partner)
    context.update(limit=paging.limit, offset=paging.offset, params=params, f=_fields(filters))
    return render(request, "timeline.html", **context)


@router.get("/dyads")
def dyads(
    request: Request,
    store: ReadStore,
    filters: Annotated[AnalysisFilters, Depends()],
    a: ActorParam = None,
    b: GroupParam = None,
    by: Annotated[Period | None, Query()] = None,
    level: LevelParam = "partner",
) -> Response:
    """The dyad chart by QuadClass and the partner mix chart of its first actor."""
    context: dict[str, Any] = {"a": a, "b": b, "by": by, "level": level, "f": _fields(filters)}
    if a:
        table, chosen = _by_period(_quad_table(store, a, b, filters.args()), by)
        # The partner mix spans all of A's events, often far longer than the dyad's: its own period.
        (groups, mix), mix_by = _by_period(
            lambda period: analytics.partner_table(
                analysis.partner_mix(store, a, by=period, level=level, **filters.args()), TOP_PARTNERS
            ),
            by,
            size=lambda found: len(found[1]),
        )
        who = f"{a} and {b}" if b else f"{a} with anyone"
        context.update(
            by=chosen,
            dyad_chart=quad_chart(f"Events of {who} per {chosen}, by QuadClass", table, HALF_WIDTH),
            mix_chart=share_chart(f"Events of {a} per {mix_by}, by {level}", groups, mix, HALF_WIDTH),
            mix_params=_params(filters, actor=a, by=mix_by, level=level),
        )
    else:
        context["top_dyads"] = store.summary(top=12)["top_dyads"]
    context["params"] = _params(filters, a=a, b=b, by=context["by"], level=level)
    return render(request, "dyads.html", **context)


@router.get("/network")
def network(
    request: Request,
    filters: Annotated[AnalysisFilters, Depends()],
    actor: OptionalCode = None,
    min_events: Annotated[int | None, Query(ge=1)] = None,
    max_nodes: Annotated[int, Query(ge=2, le=1000)] = NETWORK_NODES,
    max_edges: Annotated[int, Query(ge=1, le=20_000)] = NETWORK_EDGES,
) -> Response:
    """The network page; network.js fetches /api/network with the form's filters and draws it."""
    context = {"actor": actor, "min_events": min_events, "max_nodes": max_nodes, "max_edges": max_edges}
    return render(request, "network.html", f=_fields(filters), **context)


@router.get("/facts")
def facts(
    request: Request,
    store: ReadStore,
    filters: Annotated[FactFilters, Depends()],
    paging: Pages,
    unit: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    """Facts with filters; with a measure, the chart of its reported figures; conflicts."""
    args = filters.store_args()
    rows, total = rows_and_total(store, store.facts, args, paging)
    actors = list(args["dyad"] or ([filters.actor] if filters.actor else []))
    context: dict[str, Any] = {"series": None}
    if filters.measure:
        series = analysis.fact_series(
            store, args["measure"], actors, since=filters.since, until=filters.until, source=filters.source
        )
        kind, chosen, units = analytics.chart_choice(series, unit)
        points = analytics.chart_points(series, kind, chosen)
        # Without a dyad the figures are about many different pairs: dots only, no median line.
        who = f" of {' and '.join(actors)}" if actors else " (all actors)"
        title = f"{filters.measure}{who}: {kind or ''} figures in {chosen or 'no unit'}, as reported"
        chart = range_chart(title, analytics.period_ranges(points), points, chosen, line=len(actors) > 1)
        context.update(series=series, series_actors=actors, unit=chosen, units=units, series_chart=chart)
    conflict_args = {k: v for k, v in args.items() if k != "doc_id"}
    conflicts = analytics.conflict_rows(analysis.fact_conflicts(store, **conflict_args))
    return render(
        request,
        "facts.html",
        f=_fields(filters),
        rows=rows,
        conflicts=conflicts,
        params=_params(filters, unit=unit),
        **context,
        **_paging(total, paging),
    )


@router.get("/documents")
def documents(
    request: Request, store: ReadStore, filters: Annotated[DocumentFilters, Depends()], paging: Pages
) -> Response:
    """The document list."""
    rows, total = rows_and_total(store, store.documents, filters.store_args(), paging)
    return render(
        request, "documents.html", f=_fields(filters), rows=rows, params=_params(filters), **_paging(total, paging)
    )


@router.get("/documents/{doc_id:path}")
def document(request: Request, store: ReadStore, doc_id: str) -> Response:
    """The reader: the article with its marks, then its actors, events and facts."""
    meta, result = document_payload(store, doc_id)
    return render(
        request,
        "document.html",
        doc=meta,
        blocks=blocks(result),
        actors=actor_rows(result),
        events=[event_record(e) for e in result.events],
        facts=[fact_record(f) for f in result.facts],
    )


@router.get("/upload")
def upload(request: Request) -> Response:
    """The upload form (upload.js posts it and polls the job) and the jobs so far."""
    settings = request.app.state.settings
    return render(
        request,
        "upload.html",
        writable=settings.writable,
        allow_fetch=settings.allow_fetch,
        types=allowed_types(settings.allow_fetch),
        max_files=settings.limits.max_files,
        max_file_mb=round(settings.limits.max_file_bytes / 1e6, 1),
        jobs=request.app.state.jobs.snapshots(),
    )


@router.get("/docs")
def docs(request: Request) -> Response:
    """The API documentation: Swagger UI from the package (no CDN) over /openapi.json."""
    return render(request, "docs.html")
