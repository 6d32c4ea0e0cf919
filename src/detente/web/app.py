"""The FastAPI application: the JSON API under /api, the pages, static files and the safety nets.

``create_app`` opens the database (see ``database`` for how reads and the one writer share it) and
wires everything together. Around every request:

- Host checking (``TrustedHostMiddleware``): the server answers only to the names it is bound to,
  so a web page elsewhere cannot reach it through DNS rebinding;
- ``Guard``: POST bodies are size-limited as they stream in, cross-site POSTs are refused (a page
  elsewhere must not be able to submit uploads to a local server), and empty query parameters
  (what an HTML form sends for an untouched field) count as absent;
- security headers, including a Content-Security-Policy that allows only the server's own scripts:
  every page renders through autoescaping templates, and the policy stops inline script should
  escaping ever be bypassed;
- the response cache (``cache``): a repeated GET is answered from memory until the data changes;
- exception handlers: a bad request gets a 4xx with a one-line message, as JSON under /api and as
  an error page elsewhere; anything unexpected is logged and answered with a bare 500.
"""

from __future__ import annotations

import gc
import json
import logging
import os
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass, field
from importlib import metadata, resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import anyio
import duckdb
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from detente.analysis.groups import default_registry
from detente.schemas import EVENT_TYPES, FACT_MEASURES, STATUSES
from detente.web.cache import ResponseCache
from detente.web.charts import human
from detente.web.database import Database
from detente.web.fragments import actor_codes, actor_refs, quad_badge
from detente.web.jobs import IngestJobs, PipelineFactory, default_pipeline
from detente.web.links import document_url, is_web_address, page_url
from detente.web.uploads import UploadError, UploadLimits

log = logging.getLogger(__name__)

try:
    VERSION = metadata.version("detente")
except metadata.PackageNotFoundError:  # running from a source tree that was never installed
    VERSION = "0+unknown"

LOOPBACK_HOSTS = ("127.0.0.1", "localhost")
SETTINGS_ENV = "DETENTE_SERVE_SETTINGS"  # how ``detente serve --workers N`` hands its settings to the workers
REQUEST_THREADS = min(32, 4 * (os.cpu_count() or 1))
GC_THRESHOLD = 50_000  # allocations between young-generation collections while serving
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
    " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# Swagger UI sets inline styles on its own elements; its page alone allows them.
DOCS_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
HINTS = {
    "string_pattern_mismatch": "expected an actor code such as RUS (letters, digits, _ . -)",
    "dyad": "expected two actor codes separated by a comma, such as RUS,SGP",
    "job_id": "expected a job id (16 hexadecimal digits)",
    "b": "expected a code, a group (ASEAN) or a region (Asia)",
    "partner": "expected a code, a group (ASEAN) or a region (Asia)",
}


@dataclass(slots=True, frozen=True)
class Settings:
    """How one server runs: which database, whether it takes uploads and fetches URLs, its limits."""

    db: Path
    writable: bool = True
    allow_fetch: bool = False
    data_dir: Path | None = None  # uploads are saved here; default: a folder beside the database
    limits: UploadLimits = field(default_factory=UploadLimits)
    allowed_hosts: Sequence[str] = LOOPBACK_HOSTS

    @property
    def uploads(self) -> Path:
        """The data folder (uploaded files are saved inside it and nowhere else)."""
        return self.data_dir or self.db.with_name(f"{self.db.stem}-uploads")

    def to_json(self) -> str:
        """The settings as JSON, for the worker processes of a server (``app_from_environment``)."""
        data = asdict(self)
        data.update(db=str(self.db), data_dir=self.data_dir and str(self.data_dir))
        return json.dumps(data)

    @classmethod
    def from_json(cls, text: str) -> Settings:
        """The settings ``to_json`` wrote."""
        data = json.loads(text)
        return cls(
            db=Path(data["db"]),
            writable=data["writable"],
            allow_fetch=data["allow_fetch"],
            data_dir=Path(data["data_dir"]) if data["data_dir"] else None,
            limits=UploadLimits(**data["limits"]),
            allowed_hosts=tuple(data["allowed_hosts"]),
        )


def wants_json(request: Request) -> bool:
    """API paths answer errors in JSON; pages answer with an error page."""
    return request.url.path.startswith("/api") or request.url.path == "/openapi.json"


def _field(loc: Sequence[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("query", "path", "body")]
    return ".".join(parts) or "request"


def _message(error: dict[str, Any]) -> str:
    field = _field(error.get("loc", ()))
    hint = HINTS.get(field) or HINTS.get(error.get("type", ""))
    message = hint if hint and error.get("type") == "string_pattern_mismatch" else str(error.get("msg", "invalid"))
    return f"{field}: {message}"


def error_response(request: Request, status: int, detail: str, errors: list[dict[str, str]] | None = None) -> Response:
    """The 4xx/5xx answer: ``{"detail", "errors"}`` for the API, the error page otherwise."""
    if wants_json(request):
        return JSONResponse({"detail": detail, "errors": errors or []}, status_code=status)
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "detail": detail, "errors": errors or []}, status_code=status
    )


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = [{"field": _field(e.get("loc", ())), "message": _message(e).split(": ", 1)[1]} for e in exc.errors()]
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors) or "invalid request"
    return error_response(request, 422, detail, errors)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    response = error_response(request, exc.status_code, detail)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


async def _upload_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, UploadError)
    return error_response(request, exc.status, str(exc))


async def _database_error(request: Request, exc: Exception) -> Response:
    log.error("database error on %s: %s", request.url.path, exc)
    return error_response(request, 500, "the database could not answer this request")


async def _unexpected(request: Request, exc: Exception) -> Response:
    # The traceback goes to the server log, never to the client.
    log.error("unexpected error on %s", request.url.path, exc_info=exc)
    return error_response(request, 500, "internal error")


class Guard:
    """ASGI middleware: empty query parameters dropped; POSTs checked for origin and body size."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope.get("query_string"):
            pairs = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
            scope = {**scope, "query_string": urlencode([(k, v) for k, v in pairs if v.strip()]).encode("latin-1")}
        if scope["method"] in ("POST", "PUT", "PATCH", "DELETE"):
            refusal = self._refusal(Headers(scope=scope))
            if refusal:
                status, detail = refusal
                await JSONResponse({"detail": detail, "errors": []}, status_code=status)(scope, receive, send)
                return
            receive = self._limited(receive)
        await self.app(scope, receive, send)

    def _refusal(self, headers: Headers) -> tuple[int, str] | None:
        # Browsers send Origin with every POST from a page; other clients (curl, httpx) need not.
        origin = headers.get("origin")
        if origin is not None and urlsplit(origin).netloc != headers.get("host"):
            return 403, "cross-site request refused"
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            return 413, f"request body over the limit of {self.max_body:,} bytes"
        return None

    def _limited(self, receive: Receive) -> Receive:
        """``receive`` that stops a body longer than the limit (chunked bodies have no length up front)."""
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise HTTPException(413, f"request body over the limit of {self.max_body:,} bytes")
            return message

        return limited


class SecurityHeaders:
    """ASGI middleware adding the Content-Security-Policy and friends to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = DOCS_CSP if scope["path"] == "/docs" else CSP

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = policy
                headers["X-Content-Type-Options"] = "nosniff"
                headers["X-Frame-Options"] = "DENY"
                headers["Referrer-Policy"] = "no-referrer"
                headers["Cross-Origin-Resource-Policy"] = "same-origin"
            await send(message)

        await self.app(scope, receive, with_headers)


def templates() -> Jinja2Templates:
    """The page templates: autoescaped, and a missing variable is an error, not an empty string."""
    env = Environment(loader=PackageLoader("detente.web", "templates"), autoescape=True, undefined=StrictUndefined)
    env.globals.update(
        document_url=document_url,
        page_url=page_url,
        is_web_address=is_web_address,
        event_types=EVENT_TYPES,
        statuses=STATUSES,
        measures=FACT_MEASURES,
        version=VERSION,
    )
    env.filters.update(human=human, actor_refs=actor_refs, actor_codes=actor_codes, quad_badge=quad_badge)
    return Jinja2Templates(env=env)


def app_from_environment() -> FastAPI:
    """The application of one worker process of ``detente serve --workers N``: uvicorn starts the
    processes and calls this in each, with the settings the command put in ``SETTINGS_ENV``."""
    return create_app(Settings.from_json(os.environ[SETTINGS_ENV]))


def create_app(
    settings: Settings,
    *,
    pipeline_factory: PipelineFactory = default_pipeline,
) -> FastAPI:
    """The web application over ``settings.db``; raises StoreError when the database cannot be opened.

    ``pipeline_factory`` builds the extraction pipeline for uploads (tests pass one without spaCy).
    """
    from detente.web import api, pages

    database = Database(settings.db, writable=settings.writable)
    jobs = IngestJobs(
        database,
        pipeline_factory=pipeline_factory,
        fetch_urls=settings.allow_fetch,
        max_bytes=settings.limits.max_file_bytes,
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Requests that miss the cache run in threads; beyond a few per core they only fight over
        # the GIL and DuckDB's own threads, and answers from the cache never need one.
        anyio.to_thread.current_default_thread_limiter().total_tokens = REQUEST_THREADS
        # The analyses read the actor registry; load it now rather than in someone's first request.
        await anyio.to_thread.run_sync(default_registry)
        # What start-up built lives as long as the server: out of the garbage collector's sight,
        # its full collections (set off by the many small objects of every answer) get cheaper.
        gc.freeze()
        # An answer builds tens of thousands of short-lived objects (rows, records, dicts); with
        # the default threshold of 700 the collector ran dozens of times per answer, a tenth of it.
        thresholds = gc.get_threshold()
        gc.set_threshold(GC_THRESHOLD, *thresholds[1:])
        yield
        gc.set_threshold(*thresholds)
        jobs.shutdown()
        database.close()

    app = FastAPI(
        title="detente",
        version=VERSION,
        summary="International news as dated, sourced events, facts and a knowledge graph.",
        description=(
            "Read-only queries over a detente database (events, facts, actors, documents, analyses) "
            "and uploads of articles, ingested in the background. Every list takes limit and offset "
            "and returns its total; `format=csv` downloads the rows instead. Errors are "
            '`{"detail": "...", "errors": [{"field", "message"}]}` with a 4xx status.'
        ),
        docs_url=None,  # served by pages.docs, with the vendored Swagger UI instead of a CDN
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.database = database
    app.state.jobs = jobs
    app.state.templates = templates()
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(UploadError, _upload_error)
    app.add_exception_handler(duckdb.Error, _database_error)
    app.add_exception_handler(Exception, _unexpected)
    app.include_router(api.router)
    app.include_router(pages.router)
    static = resources.files("detente.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    # Added last = outermost: hosts are checked before anything else runs; the cache sits inside
    # the security headers (a cached answer gets them too) and after Guard has cleaned the query.
    app.add_middleware(ResponseCache, version=lambda: database.version)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(Guard, max_body=settings.limits.max_request_bytes)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(settings.allowed_hosts))
    return app
