"""The JSON API under /api: the CLI's queries, the analyses, full-text search, uploads and jobs.

Every list is a page (``items``, ``total``, ``limit``, ``offset``); ``format=csv`` returns the
same rows as a CSV download instead. Queries run on read-only cursors (``read_store``); only the
upload job writes, on the worker thread.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable, Iterator, Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Path, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel

from detente import analysis
from detente.cli.render import cell
from detente.export.jsonl import event_record, fact_record
from detente.ingest import document_from_text, normalise_date
from detente.ingest.language import ENGLISH
from detente.ingest.web import is_url
from detente.schemas import DocResult, Document, to_dict
from detente.web import analytics
from detente.web import models as M
from detente.web.database import CursorStore
from detente.web.jobs import IngestJobs, Submission
from detente.web.marking import marks
from detente.web.params import (
    ActorFilters,
    ActorParam,
    AnalysisFilters,
    ByParam,
    Code,
    DocParam,
    DocumentFilters,
    DyadParam,
    EventFilters,
    FactFilters,
    FormatParam,
    GroupParam,
    LevelParam,
    MeasureParam,
    OptionalCode,
    Paging,
    RequiredMeasure,
    SinceParam,
    SourceParam,
    StatusParam,
    UntilParam,
    check_dates,
    invalid,
    split_dyad,
)
from detente.web.uploads import UploadError, allowed_types, check_content, save_file, split_name

ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": M.Problem, "description": description}
    for status, description in (
        (400, "Malformed request"),
        (404, "Not found"),
        (422, "Invalid parameter"),
        (500, "Internal error (no details are sent)"),
    )
}
router = APIRouter(prefix="/api", responses=ERRORS)


def read_store(request: Request) -> Iterator[CursorStore]:
    """A read-only store for one request (dependency)."""
    with request.app.state.database.reader() as store:
        yield store


ReadStore = Annotated[CursorStore, Depends(read_store)]
Pages = Annotated[Paging, Depends()]


def csv_download(rows: Sequence[dict[str, Any]], name: str, model: type[BaseModel]) -> Response:
    """Rows as a CSV attachment, cells flattened as `detente ... --format csv` writes them; with
    no rows, the header of ``model``'s fields (the rows' type), so an empty answer still says
    what its columns are."""
    out = io.StringIO()
    fields = list(dict.fromkeys(key for row in rows for key in row)) or list(model.model_fields)
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows({key: cell(row.get(key), key) for key in fields} for row in rows)
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


def rows_and_total(
    store: CursorStore, query: Callable[..., list[Any]], args: dict[str, Any], paging: Paging
) -> tuple[list[Any], int]:
    """One page of a store list method and the total on all pages (counted only when the page
    cannot tell it: a page that is neither full nor past the end is the last one)."""
    items = query(**args, limit=paging.limit, offset=paging.offset)
    if 0 < len(items) < paging.limit or (not items and paging.offset == 0):
        return items, paging.offset + len(items)
    return items, store.count(query, **args)


def page(
    store: CursorStore,
    query: Callable[..., list[Any]],
    args: dict[str, Any],
    paging: Paging,
    fmt: str,
    name: str,
    model: type[BaseModel],
) -> dict[str, Any] | Response:
    """The API answer for a list: a page with its total, or the page's rows (``model``s) as CSV."""
    if fmt == "csv":
        return csv_download(query(**args, limit=paging.limit, offset=paging.offset), name, model)
    items, total = rows_and_total(store, query, args, paging)
    return {"items": items, "total": total, "limit": paging.limit, "offset": paging.offset}


@router.get("/summary", response_model=M.Summary, tags=["corpus"])
def summary(
    store: ReadStore, top: Annotated[int, Query(ge=1, le=100, description="Top actors and dyads.")] = 10
) -> Any:
    """Counts of documents, sentences, mentions, actors, events and facts; top actors and dyads."""
    return store.summary(top=top)


@router.get("/documents", response_model=M.Page[M.DocumentMeta], tags=["corpus"])
def documents(
    store: ReadStore, filters: Annotated[DocumentFilters, Depends()], paging: Pages, format: FormatParam = "json"
) -> Any:
    """Documents (metadata and record counts), newest publication first."""
    return page(store, store.documents, filters.store_args(), paging, format, "documents", M.DocumentMeta)


def document_payload(store: CursorStore, doc_id: str) -> tuple[dict[str, Any], DocResult]:
    """A document's metadata (as ``Store.documents`` gives it) and its records; 404 when it is not stored."""
    # One row by its key, counts from the records: Store.documents counts every document's rows first.
    rows = store.rows("SELECT * EXCLUDE (text, captions) FROM documents WHERE doc_id = ?", [doc_id])
    result = store.document(doc_id) if rows else None
    if result is None:
        raise HTTPException(404, f"no document {doc_id!r}")
    counts = {
        "sentences": len(result.sentences),
        "mentions": len(result.mentions),
        "events": len(result.events),
        "facts": len(result.facts),
    }
    return {**rows[0], **counts}, result


@router.get("/documents/{doc_id:path}", response_model=M.DocumentOut, tags=["corpus"])
def document(store: ReadStore, doc_id: Annotated[str, Path(max_length=500)]) -> Any:
    """One document: its text, sentences, actor mentions, events and facts, and the spans they mark."""
    meta, result = document_payload(store, doc_id)
    return {
        "document": meta,
        "text": result.document.text,
        "captions": [list(c) for c in result.document.captions],
        # The response models keep the fields they declare (doc_id, repeated everywhere, goes).
        "sentences": [to_dict(s) for s in result.sentences],
        "mentions": [to_dict(m) for m in result.mentions],
        "events": [event_record(e) for e in result.events],
        "facts": [fact_record(f) for f in result.facts],
        "spans": [{"start": m.start, "end": m.end, "kind": m.kind, "record": m.record} for m in marks(result)],
    }


@router.get("/actors", response_model=M.Page[M.ActorRow], tags=["records"])
def actors(
    store: ReadStore, filters: Annotated[ActorFilters, Depends()], paging: Pages, format: FormatParam = "json"
) -> Any:
    """Actors with their mentions, documents and events, most mentioned first (or unresolved names)."""
    return page(store, store.actors, filters.store_args(), paging, format, "actors", M.ActorRow)


@router.get("/events", response_model=M.Page[M.EventRecord], tags=["records"])
def events(
    store: ReadStore, filters: Annotated[EventFilters, Depends()], paging: Pages, format: FormatParam = "json"
) -> Any:
    """Events by date, with every field of the export format; filters as `detente events`."""
    return page(store, store.events, filters.store_args(), paging, format, "events", M.EventRecord)


@router.get("/facts", response_model=M.Page[M.FactRecord], tags=["records"])
def facts(
    store: ReadStore, filters: Annotated[FactFilters, Depends()], paging: Pages, format: FormatParam = "json"
) -> Any:
    """Quantitative facts by period; filters as `detente facts`."""
    return page(store, store.facts, filters.store_args(), paging, format, "facts", M.FactRecord)


@router.get("/facts/series", response_model=M.FactSeries, tags=["analysis"])
def fact_series(
    store: ReadStore,
    measure: RequiredMeasure,
    actor: OptionalCode = None,
    partner: OptionalCode = None,
    since: SinceParam = None,
    until: UntilParam = None,
    source: SourceParam = None,
    format: FormatParam = "json",
) -> Any:
    """The figures of one measure whose actors include the actor (and the partner), by period.

    since/until filter on the period the figure refers to.
    """
    check_dates(since, until)
    actors = [code for code in (actor, partner) if code]
    rows = analysis.fact_series(store, str(measure), actors, since=since, until=until, source=source)
    if format == "csv":
        return csv_download(rows, "fact-series", M.FactSeriesRow)
    return {"measure": measure, "actors": actors, "rows": rows}


@router.get("/facts/conflicts", response_model=list[M.FactConflict], tags=["analysis"])
def fact_conflicts(
    store: ReadStore,
    actor: ActorParam = None,
    dyad: DyadParam = None,
    measure: MeasureParam = None,
    since: SinceParam = None,
    until: UntilParam = None,
    source: SourceParam = None,
) -> Any:
    """Comparable figures (same measure, actors, kind, unit and period) whose sources disagree,
    each value with the reports that give it. Filters as /api/facts."""
    check_dates(since, until)
    groups = analysis.fact_conflicts(
        store, measure=str(measure) if measure else None, actor=actor, dyad=split_dyad(dyad), since=since, until=until,
        source=source,
    )  # fmt: skip
    return analytics.conflict_rows(groups)


@router.get("/dyads", response_model=M.DyadSeries, tags=["analysis"])
def dyads(
    store: ReadStore,
    a: Code,
    filters: Annotated[AnalysisFilters, Depends()],
    b: GroupParam = None,
    by: ByParam = "month",
    format: FormatParam = "json",
) -> Any:
    """Events between A and B (either direction) per period, by QuadClass and type; B may be a code,
    a group (ASEAN: itself and its members), a UN region (Asia) or empty for anyone."""
    args = filters.args()
    rows = analysis.dyad_series(store, a, b, by=by, **args)
    periods = analysis.quad_table(rows, span=analysis.period_span(args["since"], args["until"], by))
    if format == "csv":
        return csv_download(periods, "dyad-series", M.DyadPeriod)
    return {"a": a, "b": b, "by": by, "periods": periods, "rows": rows}


@router.get("/partners", response_model=M.PartnerMix, tags=["analysis"])
def partners(
    store: ReadStore,
    actor: Code,
    filters: Annotated[AnalysisFilters, Depends()],
    by: ByParam = "year",
    level: LevelParam = "partner",
    format: FormatParam = "json",
) -> Any:
    """With whom an actor has events, per period: by partner, UN region or sub-region, or bloc, with
    each group's share of the period's events and of its cooperative and conflictual events."""
    rows = analysis.partner_mix(store, actor, by=by, level=level, **filters.args())
    if format == "csv":
        return csv_download(rows, "partner-mix", M.PartnerRow)
    return {"actor": actor, "by": by, "level": level, "rows": rows}


@router.get("/network", response_model=M.Network, tags=["analysis"])
def network(
    store: ReadStore,
    filters: Annotated[AnalysisFilters, Depends()],
    actor: Annotated[OptionalCode, Query(description="Only this actor's neighbourhood (ego network).")] = None,
    radius: Annotated[int, Query(ge=1, le=3, description="Steps from the actor.")] = 1,
    min_events: Annotated[int, Query(ge=1, le=10**6, description="Leave out edges with fewer events.")] = 1,
    max_nodes: Annotated[int, Query(ge=2, le=1000, description="Keep the actors with most events.")] = 150,
    max_edges: Annotated[int, Query(ge=1, le=20_000, description="Draw the edges with most events.")] = 2000,
    format: FormatParam = "json",
) -> Any:
    """The actor network: an edge from source to target with its events per QuadClass; each actor's
    events, betweenness and eigenvector centrality and Louvain community among the actors kept."""
    graph = analysis.network(store, min_events=min_events, **filters.args())
    if actor:
        graph = analysis.ego_network(graph, actor, radius)
    data = analytics.network_data(graph, max_nodes, max_edges)
    return csv_download(data["edges"], "network-edges", M.NetworkEdge) if format == "csv" else data


@router.get("/timeline", response_model=M.Page[M.EventCluster], tags=["analysis"])
def timeline(
    store: ReadStore,
    actor: Code,
    paging: Pages,
    filters: Annotated[AnalysisFilters, Depends()],
    partner: GroupParam = None,
    min_outlets: Annotated[int, Query(ge=1, description="Events reported by at least this many outlets.")] = 1,
    format: FormatParam = "json",
) -> Any:
    """An actor's events (with a partner: a code, group or region), oldest first, each reported
    event once with its mentions, articles, outlets and every report."""
    clusters = analysis.timeline(store, actor, partner, min_outlets=min_outlets, **filters.args())
    items = clusters[paging.offset : paging.offset + paging.limit]
    if format == "csv":
        return csv_download(items, "timeline", M.EventCluster)
    return {"items": items, "total": len(clusters), "limit": paging.limit, "offset": paging.offset}


@router.get("/sources", response_model=M.Sources, tags=["corpus"])
def sources(
    store: ReadStore,
    since: SinceParam = None,
    until: UntilParam = None,
    status: StatusParam = None,
    shared: Annotated[int, Query(ge=0, le=1000, description="At most this many shared events.")] = 100,
) -> Any:
    """Outlets and what they report: events by type, events several outlets report, figures they
    dispute and how often each pair of outlets agrees."""
    check_dates(since, until)
    found = analysis.sources(
        store, since=since, until=until, status=str(status) if status else None, shared_limit=shared
    )
    return found.to_dict()


def search_hits(store: CursorStore, q: str, **filters: Any) -> tuple[list[dict[str, Any]], int]:
    """``analytics.search``, with a query of no terms or of too many a 422 naming ``q``."""
    try:
        return analytics.search(store, q, **filters)
    except ValueError as exc:
        raise invalid("q", str(exc)) from None


@router.get("/search", response_model=M.Page[M.SearchHit], tags=["corpus"])
def search(
    store: ReadStore,
    q: Annotated[str, Query(min_length=2, max_length=200, description='Words or "a phrase"; every term must occur.')],
    paging: Pages,
    source: SourceParam = None,
    since: SinceParam = None,
    until: UntilParam = None,
    doc_id: DocParam = None,
    format: FormatParam = "json",
) -> Any:
    """Full-text search over sentences (case-insensitive substring match of every term)."""
    check_dates(since, until)
    hits, total = search_hits(
        store, q, source=source, since=since, until=until, doc_id=doc_id, limit=paging.limit, offset=paging.offset
    )
    if format == "csv":
        return csv_download(hits, "search", M.SearchHit)
    return {"items": hits, "total": total, "limit": paging.limit, "offset": paging.offset}


# Uploads and jobs


def _jobs(request: Request) -> IngestJobs:
    """The server's upload jobs."""
    return request.app.state.jobs


UPLOAD_ERRORS: dict[int | str, dict[str, Any]] = {
    403: {"model": M.Problem, "description": "Read-only server, URL fetching off, or a cross-site request"},
    413: {"model": M.Problem, "description": "Too large or too many files"},
    415: {"model": M.Problem, "description": "Unsupported file type or a binary file"},
}


@router.post("/uploads", response_model=M.Job, status_code=202, tags=["uploads"], responses=UPLOAD_ERRORS)
def upload(
    request: Request,
    files: Annotated[
        list[UploadFile] | None, File(description="Article files: .txt, .html, .jsonl, .json, .csv.")
    ] = None,
    text: Annotated[str, Form(description="Pasted article text.")] = "",
    title: Annotated[str, Form(max_length=500)] = "",
    published: Annotated[str, Form(max_length=100, description="Publication date of the pasted text.")] = "",
    source: Annotated[str, Form(max_length=200, description="Outlet of the pasted text.")] = "",
    url: Annotated[str, Form(max_length=2000, description="A page to fetch (only with --allow-fetch).")] = "",
) -> Any:
    """Queue articles for ingest; poll /api/jobs/{id} for progress.

    Files are checked (type, size, not binary) and saved in the server's data folder; pasted text
    becomes one document with the given title, date and outlet.
    """
    settings = request.app.state.settings
    if not settings.writable:
        raise HTTPException(403, "this server is read-only (started with --read-only)")
    files = [f for f in files or [] if f.filename]  # a form's empty file input sends a nameless part
    if not files and not text.strip() and not url.strip():
        raise UploadError(422, "nothing to ingest: add files, paste text or give a URL")
    if len(files) > settings.limits.max_files:
        raise UploadError(413, f"too many files: at most {settings.limits.max_files} per upload")
    if url.strip() and not settings.allow_fetch:
        raise HTTPException(403, "fetching URLs is off (start the server with --allow-fetch)")
    if url.strip() and not is_url(url):
        raise UploadError(422, "url: not an http(s) URL")
    types = allowed_types(settings.allow_fetch)
    checked = []
    for file in files:
        stem, ext = split_name(file.filename, types)
        data = file.file.read(settings.limits.max_file_bytes + 1)
        check_content(file.filename or stem, data, settings.limits)
        checked.append((stem, ext, data))
    submission = Submission(urls=[url.strip()] if url.strip() else [])
    if text.strip():
        submission.pasted.append(_pasted(text, title=title, published=published, source=source))
    job_id = IngestJobs.new_id()
    submission.files = [save_file(settings.uploads, job_id, stem, ext, data) for stem, ext, data in checked]
    if submission.pasted:  # kept as pasted, so the stored document's path points at what was sent
        submission.pasted[0].path = str(save_file(settings.uploads, job_id, "pasted", ".txt", text.encode("utf-8")))
    return _jobs(request).submit(job_id, submission)


def _pasted(text: str, *, title: str, published: str, source: str) -> Document:
    """The Document of pasted text; UploadError when it is unusable."""
    if published.strip() and normalise_date(published) is None:
        raise UploadError(422, f"published: cannot read {published!r} as a date")
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    document = document_from_text(
        text, doc_id=f"pasted-{digest}", title=title or None, published=published or None, source=source or None
    )
    if not document.text:
        raise UploadError(422, "text: nothing left after removing boilerplate")
    if document.lang != ENGLISH:
        raise UploadError(422, f"text: not English (detected language: {document.lang})")
    return document


@router.get("/jobs", response_model=list[M.Job], tags=["uploads"])
def jobs(request: Request) -> Any:
    """Upload jobs this server remembers, newest first."""
    return _jobs(request).snapshots()


@router.get("/jobs/{job_id}", response_model=M.Job, tags=["uploads"])
def job(request: Request, job_id: Annotated[str, Path(pattern=r"^[0-9a-f]{16}$")]) -> Any:
    """One upload job: its state and counts (poll until state is done, failed or cancelled)."""
    snapshot = _jobs(request).snapshot(job_id)
    if snapshot is None:
        raise HTTPException(404, f"no job {job_id}")
    return snapshot
