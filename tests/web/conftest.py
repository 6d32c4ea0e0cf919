"""Web fixtures: a small store of hand-made records (no spaCy), apps over it, a live server and a
headless Chromium for the browser tests."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
import socket
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from detente.schemas import ActorMention, DocResult, Document, Event, Fact, Sentence
from detente.store import Store
from detente.web import Settings, create_app
from detente.web.uploads import UploadLimits

with warnings.catch_warnings():
    # Starlette's TestClient warns that it wraps httpx; that is what these tests want.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

HOSTS = ("testserver", "127.0.0.1")
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
SCREENSHOTS = Path(__file__).parents[2] / "docs" / "screenshots"

# An article built to run script wherever text is not escaped: in the text, the title, the outlet,
# an actor's name, the doc_id and a javascript: URL.
EVIL_ID = 'evil"<b>&x'
EVIL_TEXT = (
    'Russia <script>window.__xss = "text";</script> met China in Moscow.\n'
    "<img src=x onerror=\"window.__xss = 'img'\"> said trade reached $5 billion in 2019.\n"
    "<svg onload=\"window.__xss = 'svg'\"></svg> <a href=\"javascript:window.__xss='a'\">read more</a>"
)


def evil_result() -> DocResult:
    """The script-laden article with an event, a fact and an unresolved actor named by an <img> tag."""
    text = EVIL_TEXT

    def mention(words: str, code: str | None, kind: str) -> ActorMention:
        start = text.index(words)
        return ActorMention(EVIL_ID, text.count("\n", 0, start), start, start + len(words), words, code, kind)

    sentences, offset = [], 0
    for i, line in enumerate(text.split("\n")):
        sentences.append(Sentence(EVIL_ID, i, offset, offset + len(line), line))
        offset += len(line) + 1
    russia, china = mention("Russia", "RUS", "state"), mention("China", "CHN", "state")
    img = mention("<img src=x onerror=\"window.__xss = 'img'\">", None, "unresolved")
    script = text.index("<script>")
    event = Event(
        event_id="evil-e1<script>", doc_id=EVIL_ID, event_type="CONSULT", mode=None, cameo_root="04", quad_class=1,
        intensity=1.0, source=[russia], target=[china], symmetric=True, status="occurred", confidence=0.9,
        sentences=[0], sentence_text=sentences[0].text, trigger="<script>", trigger_start=script,
        trigger_end=script + len("<script>"),
    )  # fmt: skip
    figure = text.index("$5 billion")
    fact = Fact(
        fact_id="evil-f1", doc_id=EVIL_ID, measure="trade", kind="level", value=5e9, unit="USD", amount=5e9,
        currency="USD", subject=[img], partner=[china], sentence=1, sentence_text=sentences[1].text,
        start=figure, end=figure + len("$5 billion"), text="$5 billion",
    )  # fmt: skip
    document = Document(
        doc_id=EVIL_ID, text=text, title="<script>window.__xss = 'title'</script>Evil", published="2019-03-01",
        source="<i onmouseover=\"window.__xss='outlet'\">Evil Times</i>", author="<b>x</b>",
        url="javascript:window.__xss='url'", path="evil.txt", content_hash=hashlib.sha256(text.encode()).hexdigest(),
    )  # fmt: skip
    return DocResult(document, sentences, [russia, china, img], [event], [fact])


def build_store(path: Path, make_result: Callable[..., DocResult]) -> Path:
    """d1 (CGTN, 2018-11-15) and d2 (Reuters, 2019) as in the store tests, d3 (TASS) repeating d1's
    meeting with another trade figure for 2017, and the evil article."""
    d1, d2 = make_result("d1"), make_result("d2", source="Reuters", published="2019")
    event = d2.events[0]
    event.source, event.target = event.target, event.source
    event.event_type, event.cameo_root, event.quad_class, event.status = "AGREE", "05", 1, "future"
    event.date = dataclasses.replace(event.date, value="2019", precision="year", start="2019-01-01", end="2019-12-31")
    d2.facts[0].measure = "exports"
    d2.facts[0].period = dataclasses.replace(d2.facts[0].period, value="2019", start="2019-01-01", end="2019-12-31")
    d3 = make_result("d3", source="TASS", published="2018-11-16")
    d3.facts[0].value = d3.facts[0].amount = d3.facts[0].usd_value = 90e9
    with Store(path) as store:
        store.write([d1, d2, d3, evil_result()])
    return path


@pytest.fixture(scope="session")
def store_file(tmp_path_factory: pytest.TempPathFactory, make_result) -> Path:
    """The test database, built once; tests that write use a copy (``fresh_db``)."""
    return build_store(tmp_path_factory.mktemp("web") / "web.duckdb", make_result)


class WordPipeline:
    """Stands in for the spaCy pipeline in uploads: one sentence per line, every "Russia" a RUS mention."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def _one(self, document: Document) -> DocResult:
        self.seen.append(document.doc_id)
        text, sentences, offset = document.text, [], 0
        for i, line in enumerate(text.split("\n")):
            sentences.append(Sentence(document.doc_id, i, offset, offset + len(line), line))
            offset += len(line) + 1
        mentions = []
        for s in sentences:
            start = s.text.find("Russia")
            if start >= 0:
                at = s.start + start
                mentions.append(ActorMention(document.doc_id, s.index, at, at + 6, "Russia", "RUS", "state"))
        return DocResult(document, sentences, mentions)

    def process(self, documents: Iterable[Document], batch_size: int = 16, workers: int = 1) -> Iterator[DocResult]:
        for document in documents:
            yield self._one(document)

    def process_one(self, document: Document) -> DocResult:
        return self._one(document)


@pytest.fixture(scope="module")
def client(store_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A client of the app over a copy of the test database (module-wide: read-only tests)."""
    folder = tmp_path_factory.mktemp("client")
    db = Path(shutil.copy(store_file, folder / "web.duckdb"))
    app = create_app(Settings(db=db, allowed_hosts=HOSTS, data_dir=folder / "uploads"), pipeline_factory=WordPipeline)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def make_client(store_file: Path, tmp_path: Path) -> Iterator[Callable[..., TestClient]]:
    """A factory of clients over their own copy of the database: ``make_client(writable=..., ...)``
    with any Settings field; ``raise_server_exceptions`` as TestClient's."""
    opened: list[TestClient] = []

    def make(raise_server_exceptions: bool = True, **settings: Any) -> TestClient:
        db = tmp_path / f"web{len(opened)}.duckdb"
        shutil.copy(store_file, db)
        options: dict[str, Any] = {"allowed_hosts": HOSTS, "data_dir": tmp_path / "uploads", **settings}
        app = create_app(Settings(db=db, **options), pipeline_factory=WordPipeline)
        test_client = TestClient(app, raise_server_exceptions=raise_server_exceptions)
        test_client.__enter__()
        opened.append(test_client)
        return test_client

    yield make
    for test_client in opened:
        test_client.__exit__(None, None, None)


@pytest.fixture
def small_limits() -> UploadLimits:
    """Upload limits small enough to hit: 2,000 bytes a file, 10,000 a request, 2 files."""
    return UploadLimits(max_file_bytes=2_000, max_request_bytes=10_000, max_files=2)


def _wait_for_job(client: TestClient, job_id: str, timeout: float = 20) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["state"] in ("done", "failed", "cancelled"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not end: {job}")


@pytest.fixture
def wait_for_job() -> Callable[..., dict[str, Any]]:
    """``wait_for_job(client, job_id)``: poll /api/jobs/{id} until the job ends; its last state."""
    return _wait_for_job


class LiveServer:
    """The app served by uvicorn on a free loopback port, in a thread."""

    def __init__(self, settings: Settings) -> None:
        import uvicorn

        self.app = create_app(settings, pipeline_factory=WordPipeline)
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._socket.getsockname()[1]}"
        self._server = uvicorn.Server(uvicorn.Config(self.app, log_level="warning"))
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True)

    def __enter__(self) -> LiveServer:
        self._thread.start()
        deadline = time.monotonic() + 20
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=20)
        self._socket.close()


@pytest.fixture(scope="module")
def live_server(store_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("live")
    db = Path(shutil.copy(store_file, folder / "web.duckdb"))
    with LiveServer(Settings(db=db, data_dir=folder / "uploads")) as server:
        yield server


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium through Playwright; the browser tests skip without it."""
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium (apt-get install chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _console_problem(problems: list[str], message: Any) -> None:
    # A 4xx answer is logged as a console error too; the tests ask for those on purpose.
    if message.type == "error" and not message.text.startswith("Failed to load resource"):
        problems.append(f"console: {message.text}")


@pytest.fixture
def open_page(browser: Any) -> Iterator[Callable[..., Any]]:
    """``open_page(bypass_csp=False)``: a fresh page whose ``problems`` list JavaScript errors,
    console errors (CSP violations among them) and dialogs (alert, confirm); a test ends by
    checking it is empty. ``bypass_csp`` ignores the server's Content-Security-Policy, to test
    that escaping alone stops an injection."""
    contexts: list[Any] = []

    def open_one(bypass_csp: bool = False) -> Any:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=bypass_csp)
        contexts.append(context)
        new_page = context.new_page()
        problems: list[str] = []
        new_page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
        new_page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
        new_page.on("console", lambda message: _console_problem(problems, message))
        new_page.problems = problems
        return new_page

    yield open_one
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page: Callable[..., Any]) -> Any:
    """A fresh page under the server's Content-Security-Policy (see ``open_page``)."""
    return open_page()


@pytest.fixture
def shot(tmp_path: Path) -> Callable[[Any, str], None]:
    """``shot(page, name)``: save a screenshot of the page as NAME.png: into docs/screenshots when
    DETENTE_SCREENSHOTS=1 (to refresh the documentation's pictures), else into a temporary folder,
    so that a test run leaves the work tree as it was."""
    folder = SCREENSHOTS if os.environ.get("DETENTE_SCREENSHOTS") == "1" else tmp_path

    def save(page: Any, name: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"{name}.png"))

    return save


@pytest.fixture
def serve() -> Callable[[Settings], LiveServer]:
    """``with serve(settings) as server``: a live server of its own (for tests that write)."""
    return LiveServer


@pytest.fixture(scope="session")
def evil() -> DocResult:
    """The script-laden article of the test database."""
    return evil_result()
