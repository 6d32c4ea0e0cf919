"""The response cache: repeated GETs from memory, never across a write, never for job state."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from detente.web.cache import ResponseCache


def test_a_repeated_get_is_answered_from_memory(make_client) -> None:
    client = make_client()
    first, second = client.get("/api/summary?top=3"), client.get("/api/summary?top=3")
    assert (first.headers["x-cache"], second.headers["x-cache"]) == ("miss", "hit")
    assert first.content == second.content
    assert "script-src 'self'" in second.headers["content-security-policy"]  # headers still added
    assert client.get("/api/summary?top=4").headers["x-cache"] == "miss"  # another query, another entry
    assert client.get("/api/summary?top=3&source=").headers["x-cache"] == "hit"  # empty parameters dropped


def test_errors_and_job_state_are_not_cached(make_client) -> None:
    client = make_client()
    for _ in range(2):
        assert client.get("/api/documents/nope").headers["x-cache"] == "miss"
        assert "x-cache" not in client.get("/api/jobs").headers
        assert "x-cache" not in client.get("/upload").headers


def test_a_write_makes_every_cached_answer_stale(make_client, wait_for_job) -> None:
    client = make_client()
    client.get("/api/summary")
    assert client.get("/api/summary").headers["x-cache"] == "hit"
    job = client.post("/api/uploads", data={"text": "Russia spoke to China.\n"}).json()
    wait_for_job(client, job["id"])
    after = client.get("/api/summary")
    assert after.headers["x-cache"] == "miss" and after.json()["documents"] == 5


@pytest.mark.anyio
async def test_the_least_recently_used_answers_go_first_within_the_budget() -> None:
    import httpx

    app = Starlette(routes=[Route("/{n}", lambda request: PlainTextResponse("x" * 100))])
    cached = ResponseCache(app, version=lambda: 0, max_entry_bytes=150, max_total_bytes=250)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=cached), base_url="http://t") as client:
        for path in ("/1", "/2", "/1", "/3"):  # /2 is the least recently used when /3 arrives
            await client.get(path)
        assert [(await client.get(p)).headers["x-cache"] for p in ("/1", "/3", "/2")] == ["hit", "hit", "miss"]


@pytest.mark.anyio
async def test_concurrent_requests_for_one_answer_compute_it_once() -> None:
    import asyncio

    import httpx

    calls: list[str] = []

    async def slow(request):
        calls.append(request.url.path)
        number = len(calls)
        await asyncio.sleep(0.05)
        status = 500 if request.url.path == "/fails" else 200
        return PlainTextResponse(f"answer {number}", status_code=status)

    app = Starlette(routes=[Route("/{n}", slow)])
    cached = ResponseCache(app, version=lambda: 0)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=cached), base_url="http://t") as client:
        answers = await asyncio.gather(*(client.get("/a") for _ in range(5)), client.get("/b"))
        assert calls == ["/a", "/b"]
        assert {r.text for r in answers[:5]} == {"answer 1"}
        assert sorted(r.headers["x-cache"] for r in answers[:5]) == ["hit"] * 4 + ["miss"]
        failed = await asyncio.gather(*(client.get("/fails") for _ in range(3)))
        assert all(r.status_code == 500 for r in failed) and calls.count("/fails") >= 2  # errors are not shared


@pytest.mark.anyio
async def test_an_answer_begun_before_a_write_never_replaces_one_from_after_it() -> None:
    import asyncio

    import httpx

    version, calls, first_may_finish = [1], [], asyncio.Event()

    async def answer(request):
        calls.append(version[0])
        computed_at = version[0]
        if len(calls) == 1:  # the first request is slow
            await first_may_finish.wait()
        return PlainTextResponse(f"version {computed_at}")

    app = Starlette(routes=[Route("/a", answer)])
    cached = ResponseCache(app, version=lambda: version[0])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=cached), base_url="http://t") as client:
        first = asyncio.create_task(client.get("/a"))
        while not calls:
            await asyncio.sleep(0.001)
        version[0] = 2  # the worker wrote while the first answer was being computed
        assert (await client.get("/a")).text == "version 2"
        first_may_finish.set()
        assert (await first).text == "version 1"
        again = await client.get("/a")
        assert (again.headers["x-cache"], again.text, calls) == ("hit", "version 2", [1, 2])
