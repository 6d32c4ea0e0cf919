"""Uploads: checked, saved inside the data folder, ingested in the background by the one writer,
with progress polled from /api/jobs/{id}."""

from __future__ import annotations

from pathlib import Path

import pytest

ARTICLE = "Russia and China held talks in Beijing on Monday.\nRussia signed a trade deal.\n"


def test_an_uploaded_file_is_ingested_and_readable(make_client, wait_for_job, tmp_path: Path) -> None:
    client = make_client()
    response = client.post("/api/uploads", files={"files": ("talks.txt", ARTICLE.encode(), "text/plain")})
    assert response.status_code == 202
    job = response.json()
    assert job["state"] in ("queued", "reading", "loading", "extracting", "done")
    done = wait_for_job(client, job["id"])
    assert done["state"] == "done" and (done["total"], done["processed"], done["new"]) == (1, 1, 1)
    (doc_id,) = done["documents"]
    assert doc_id.startswith("talks_")  # the saved name carries a digest: same names never collide
    document = client.get(f"/api/documents/{doc_id}").json()
    assert [m["code"] for m in document["mentions"]] == ["RUS", "RUS"]
    saved = Path(document["document"]["path"])
    assert saved.is_relative_to((tmp_path / "uploads").resolve()) and saved.read_text() == ARTICLE
    assert client.get("/api/jobs").json()[0]["id"] == job["id"]


def test_pasted_text_keeps_its_title_date_and_outlet(make_client, wait_for_job) -> None:
    client = make_client()
    form = {"text": ARTICLE, "title": "Talks", "published": "14 November 2018", "source": "Test Wire"}
    done = wait_for_job(client, client.post("/api/uploads", data=form).json()["id"])
    document = client.get(f"/api/documents/{done['documents'][0]}").json()["document"]
    assert (document["title"], document["published"], document["source"]) == ("Talks", "2018-11-14", "Test Wire")


def test_uploading_the_same_text_again_is_known_not_new(make_client, wait_for_job) -> None:
    client = make_client()
    first = wait_for_job(client, client.post("/api/uploads", data={"text": ARTICLE}).json()["id"])
    again = wait_for_job(client, client.post("/api/uploads", data={"text": ARTICLE}).json()["id"])
    assert (first["new"], again["new"], again["known"]) == (1, 0, 1)


def test_records_files_are_read_record_by_record(make_client, wait_for_job) -> None:
    client = make_client()
    lines = b'{"id": "a1", "text": "Russia spoke."}\n{"id": "a2", "text": ""}\n'
    done = wait_for_job(client, client.post("/api/uploads", files={"files": ("feed.jsonl", lines)}).json()["id"])
    assert done["documents"] == ["a1"] and done["problems"][0]["problem"] == "skipped"
    assert "empty text" in done["problems"][0]["reason"]


@pytest.mark.parametrize(
    ("files", "status", "words"),
    [
        ([("files", ("virus.exe", b"MZ...", "application/octet-stream"))], 415, "unsupported file type .exe"),
        ([("files", ("noext", b"text", "text/plain"))], 415, "unsupported file type (none)"),
        ([("files", ("page.txt", b"Russia\x00\x01\x02", "text/plain"))], 415, "binary file"),
        ([("files", ("empty.txt", b"   ", "text/plain"))], 400, "empty file"),
        ([("files", ("big.txt", b"x" * 2_001, "text/plain"))], 413, "over the size limit of 2,000 bytes"),
        ([("files", (f"f{i}.txt", b"Russia", "text/plain")) for i in range(3)], 413, "too many files"),
    ],
)
def test_bad_files_are_refused_before_anything_is_saved(
    make_client, small_limits, tmp_path: Path, files: list, status: int, words: str
) -> None:
    client = make_client(limits=small_limits)
    response = client.post("/api/uploads", files=files)
    assert response.status_code == status and words in response.json()["detail"]
    assert not (tmp_path / "uploads").exists()
    assert client.get("/api/jobs").json() == []


def test_a_body_over_the_limit_is_refused_even_without_a_length(make_client, small_limits) -> None:
    client = make_client(limits=small_limits)
    declared = client.post("/api/uploads", files={"files": ("a.txt", b"x" * 20_000)})
    assert declared.status_code == 413 and "request body over the limit" in declared.json()["detail"]
    streamed = client.post(
        "/api/uploads",
        content=iter([b"--b\r\n", b"x" * 6_000, b"x" * 6_000]),
        headers={"content-type": "multipart/form-data; boundary=b"},
    )
    assert streamed.status_code == 413


def test_file_names_cannot_escape_the_data_folder(make_client, wait_for_job, tmp_path: Path) -> None:
    client = make_client()
    names = ["../../escape.txt", "..\\..\\escape.txt", "/etc/escape.txt", "....//escape.txt"]
    files = [("files", (name, f"Russia {i}".encode(), "text/plain")) for i, name in enumerate(names)]
    done = wait_for_job(client, client.post("/api/uploads", files=files).json()["id"])
    assert done["new"] == 4
    uploads = (tmp_path / "uploads").resolve()
    assert all(Path(path).resolve().is_relative_to(uploads) for path in done["inputs"])
    saved = list(tmp_path.parent.rglob("escape*"))  # everywhere beside and below the test folder
    assert len(saved) == 4 and all(path.resolve().is_relative_to(uploads) for path in saved)


@pytest.mark.parametrize(
    ("form", "status", "words"),
    [
        ({}, 422, "nothing to ingest"),
        ({"text": "   "}, 422, "nothing to ingest"),
        ({"text": ARTICLE, "published": "the day after"}, 422, "published: cannot read"),
        ({"text": "Der Bundestag hat heute über den Haushalt beraten und abgestimmt. " * 6}, 422, "not English"),
        ({"url": "https://example.com/article"}, 403, "--allow-fetch"),
    ],
)
def test_bad_forms_are_refused(make_client, form: dict, status: int, words: str) -> None:
    response = make_client().post("/api/uploads", data=form)
    assert response.status_code == status and words in response.json()["detail"]


def test_urls_are_fetched_only_with_fetching_on_and_never_from_loopback(make_client, wait_for_job) -> None:
    client = make_client(allow_fetch=True)
    assert client.post("/api/uploads", data={"url": "ftp://example.com/x"}).status_code == 422
    job = client.post("/api/uploads", data={"url": "http://127.0.0.1:9/secret"}).json()
    done = wait_for_job(client, job["id"])
    assert done["new"] == 0 and "refusing a loopback or private address" in done["problems"][0]["reason"]


def test_a_read_only_server_takes_no_uploads(make_client) -> None:
    client = make_client(writable=False)
    response = client.post("/api/uploads", data={"text": ARTICLE})
    assert response.status_code == 403 and "read-only" in response.json()["detail"]
    assert client.get("/api/summary").json()["documents"] == 4


def test_cross_site_posts_are_refused(make_client) -> None:
    client = make_client()
    response = client.post("/api/uploads", data={"text": ARTICLE}, headers={"origin": "https://evil.example"})
    assert response.status_code == 403 and response.json()["detail"] == "cross-site request refused"
    same_site = client.post("/api/uploads", data={"text": ARTICLE}, headers={"origin": "http://testserver"})
    assert same_site.status_code == 202


def test_a_malformed_multipart_body_is_a_400(make_client) -> None:
    response = make_client().post(
        "/api/uploads", content=b"--nope\r\nbroken", headers={"content-type": "multipart/form-data; boundary=b"}
    )
    assert response.status_code in (400, 422) and "Traceback" not in response.text


def test_a_job_that_fails_says_why(make_client, wait_for_job, monkeypatch: pytest.MonkeyPatch) -> None:
    client = make_client()

    def broken() -> None:
        raise RuntimeError("no spaCy model here")

    monkeypatch.setattr(client.app.state.jobs, "_pipeline_factory", broken)
    done = wait_for_job(client, client.post("/api/uploads", data={"text": ARTICLE}).json()["id"])
    assert done["state"] == "failed" and done["message"] == "no spaCy model here"


def test_reads_go_on_while_a_job_writes(make_client, wait_for_job) -> None:
    client = make_client()
    job = client.post("/api/uploads", data={"text": ARTICLE}).json()
    counts = [client.get("/api/summary").json()["documents"] for _ in range(5)]
    wait_for_job(client, job["id"])
    assert set(counts) <= {4, 5} and client.get("/api/summary").json()["documents"] == 5
