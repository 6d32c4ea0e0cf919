"""The JSON API: every endpoint, its filters, pages, CSV downloads and errors, on hand-made records."""

from __future__ import annotations

import csv
import io
from urllib.parse import quote

import pytest

from detente.web import models as M

ALL_EVENTS = ["d1-e1", "d3-e1", "d2-e1", "evil-e1<script>"]  # by date, the undated one last


def ids(page: dict, key: str) -> list[str]:
    return [item[key] for item in page["items"]]


def test_summary_counts_everything(client) -> None:
    body = client.get("/api/summary").json()
    assert body["documents"] == 4 and body["events"] == 4 and body["facts"] == 4
    assert body["top_actors"][0]["code"] == "RUS"
    assert client.get("/api/summary?top=1").json()["top_actors"] == body["top_actors"][:1]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ALL_EVENTS),
        ("actor=rus", ALL_EVENTS),
        ("dyad=SGP,RUS", ALL_EVENTS[:3]),
        ("dyad=RUS,CHN", ["evil-e1<script>"]),
        ("type=agree", ["d2-e1"]),
        ("quad_class=1&status=FUTURE", ["d2-e1"]),
        ("since=2018-11-15", ["d2-e1"]),
        ("until=2018-11", ["d1-e1", "d3-e1"]),
        ("source=reut", ["d2-e1"]),
        ("doc_id=d3", ["d3-e1"]),
        ("actor=&type=&quad_class=", ALL_EVENTS),  # an HTML form's untouched fields
    ],
)
def test_event_filters_are_the_cli_filters(client, query: str, expected: list[str]) -> None:
    page = client.get(f"/api/events?{query}").json()
    assert ids(page, "event_id") == expected and page["total"] == len(expected)


def test_pages_carry_the_total_of_all_pages(client) -> None:
    first = client.get("/api/events?limit=2").json()
    second = client.get("/api/events?limit=2&offset=2").json()
    beyond = client.get("/api/events?limit=2&offset=10").json()
    assert ids(first, "event_id") + ids(second, "event_id") == ALL_EVENTS
    assert first["total"] == second["total"] == beyond["total"] == 4
    assert (first["limit"], second["offset"], beyond["items"]) == (2, 2, [])


def test_events_are_export_records(client) -> None:
    event = client.get("/api/events?doc_id=d2").json()["items"][0]
    assert event["kind"] == "event" and event["date"] == "2019" and event["status"] == "future"
    assert [a["code"] for a in event["source"]] == ["SGP"] and event["span"] == [33, 36]


def test_csv_downloads_the_page_as_the_cli_writes_it(client) -> None:
    response = client.get("/api/events?format=csv&actor=RUS&limit=2")
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="events.csv"' in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["event_id"] for r in rows] == ALL_EVENTS[:2]
    assert rows[0]["source"] == "RUS" and rows[0]["span"] == "33:36"


@pytest.mark.parametrize(
    ("path", "model"),
    [
        ("/api/events?doc_id=none", M.EventRecord), ("/api/facts?doc_id=none", M.FactRecord),
        ("/api/actors?actor=NONE", M.ActorRow), ("/api/documents?source=none", M.DocumentMeta),
        ("/api/search?q=zzqx", M.SearchHit), ("/api/timeline?actor=NONE", M.EventCluster),
    ],
)  # fmt: skip
def test_an_empty_csv_download_still_has_its_header(client, path: str, model) -> None:
    assert client.get(f"{path}&format=csv").text.strip().split(",") == list(model.model_fields)


def test_a_timeline_csv_names_each_report_by_document_and_sentence(client) -> None:
    (meeting,) = csv.DictReader(io.StringIO(client.get("/api/timeline?actor=RUS&partner=SGP&format=csv").text))
    reports = client.get("/api/timeline?actor=RUS&partner=SGP").json()["items"][0]["sources"]
    assert meeting["sources"] == ";".join(f"{r['doc_id']}#{r['sentence_index']}" for r in reports)
    assert [r.split("#")[0] for r in meeting["sources"].split(";")] == [r["doc_id"] for r in reports] != []


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ("quad_class=9", "quad_class", "less than or equal to 4"),
        ("type=MEET", "type", "'AGREE'"),
        ("status=maybe", "status", "'occurred'"),
        ("dyad=RUS", "dyad", "two actor codes separated by a comma"),
        ("actor=R%20US", "actor", "an actor code"),
        ("since=2018-13", "since", "not an ISO date"),
        ("since=2019&until=2018", "until", "the period is empty"),
        ("limit=0", "limit", "greater than or equal to 1"),
        ("limit=100000", "limit", "less than or equal to 10000"),
        ("offset=-1", "offset", "greater than or equal to 0"),
        ("format=xml", "format", "'json' or 'csv'"),
    ],
)
def test_a_bad_parameter_is_a_422_naming_it(client, query: str, field: str, words: str) -> None:
    response = client.get(f"/api/events?{query}")
    assert response.status_code == 422
    body = response.json()
    assert body["errors"][0]["field"] == field and words in body["errors"][0]["message"]
    assert body["detail"].startswith(f"{field}: ")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["d1-f1", "d3-f1", "d2-f1", "evil-f1"]),
        ("measure=TRADE", ["d1-f1", "d3-f1", "evil-f1"]),
        ("dyad=CHN,RUS", ["d1-f1", "d3-f1", "d2-f1"]),
        ("since=2018", ["d2-f1"]),
        ("source=TASS", ["d3-f1"]),
    ],
)
def test_fact_filters(client, query: str, expected: list[str]) -> None:
    page = client.get(f"/api/facts?{query}").json()
    assert ids(page, "fact_id") == expected and page["total"] == len(expected)


def test_actors_and_unresolved_names(client) -> None:
    actors = client.get("/api/actors").json()
    assert ids(actors, "code")[0] == "RUS" and set(ids(actors, "code")) == {"RUS", "SGP", "CHN"}
    names = client.get("/api/actors?unresolved=true").json()
    assert "Foo Institute" in [n["names"][0] for n in names["items"]]
    assert client.get("/api/actors?format=csv").text.startswith("code,kind,mentions")


def test_documents_list_and_filters(client) -> None:
    page = client.get("/api/documents").json()
    assert page["total"] == 4 and ids(page, "doc_id")[:2] == ['evil"<b>&x', "d2"]  # newest first
    assert ids(client.get("/api/documents?source=tass").json(), "doc_id") == ["d3"]
    assert client.get("/api/documents?actor=CHN&limit=1").json()["total"] == 4


def test_a_document_with_its_text_records_and_marked_spans(client) -> None:
    body = client.get("/api/documents/d1").json()
    assert body["document"]["doc_id"] == "d1" and body["document"]["events"] == 1
    text = body["text"]
    assert [s["index"] for s in body["sentences"]] == [0, 1, 2, 3]
    assert body["events"][0]["event_id"] == "d1-e1" and body["facts"][0]["text"] == "$87 billion"
    kinds = {(span["kind"], text[span["start"] : span["end"]]) for span in body["spans"]}
    assert {("event", "met"), ("fact", "$87 billion"), ("date", "November 14"), ("actor", "Vladimir Putin")} <= kinds
    assert ("unresolved", "Foo Institute") in kinds


def test_a_document_id_with_odd_characters_round_trips(client, evil) -> None:
    body = client.get(f"/api/documents/{quote(evil.document.doc_id, safe='')}").json()
    assert body["document"]["doc_id"] == evil.document.doc_id and body["text"] == evil.document.text


def test_an_unknown_document_is_a_404(client) -> None:
    response = client.get("/api/documents/nope")
    assert response.status_code == 404 and response.json() == {"detail": "no document 'nope'", "errors": []}


def test_search_finds_sentences_holding_every_term(client) -> None:
    page = client.get("/api/search", params={"q": "putin SINGAPORE"}).json()
    assert page["total"] == 3 and {h["doc_id"] for h in page["items"]} == {"d1", "d2", "d3"}
    hit = page["items"][0]
    assert [hit["text"][a:b] for a, b in hit["matches"]][:2] == ["Putin", "Singapore"]
    phrase = client.get("/api/search", params={"q": '"trade between"', "source": "cgtn"}).json()
    assert [(h["doc_id"], h["sentence"]) for h in phrase["items"]] == [("d1", 1)]


@pytest.mark.parametrize("q", ["100%", "a_b", "'; DROP TABLE documents; --", "\\\\", "%_%", ".*", "[a-z]+", "(?i)x|y"])
def test_search_terms_are_literal(client, q: str) -> None:
    response = client.get("/api/search", params={"q": q})
    assert response.status_code == 200 and response.json()["total"] == 0
    assert client.get("/api/summary").json()["documents"] == 4


def test_search_needs_a_query(client) -> None:
    assert client.get("/api/search").status_code == 422
    assert client.get("/api/search?q=a").json()["errors"][0]["field"] == "q"
    blank = client.get("/api/search", params={"q": '"   "'})  # a phrase of blanks is no term
    assert blank.status_code == 422 and "no search terms" in blank.text
    assert client.get("/search", params={"q": '"  "'}).status_code == 422


def test_search_takes_every_term_or_says_why_not(client) -> None:
    nine = " ".join(f"w{i}" for i in range(9))
    too_many = client.get("/api/search", params={"q": nine})
    assert too_many.status_code == 422 and "at most 8" in too_many.text
    # Repeated terms count once, whatever their case: this is one term.
    once = client.get("/api/search", params={"q": " ".join(["Russia", "russia"] * 5)}).json()
    assert once["total"] == client.get("/api/search", params={"q": "russia"}).json()["total"] > 0


def test_dyad_series_by_quadclass(client) -> None:
    body = client.get("/api/dyads?a=rus&b=SGP&by=year&status=all").json()
    assert body["a"] == "RUS" and body["by"] == "year"
    assert [(p["period"], p["q1"], p["events"]) for p in body["periods"]] == [("2018", 2, 2), ("2019", 1, 1)]
    assert {r["event_type"] for r in body["rows"]} == {"CONSULT", "AGREE"}
    occurred = client.get("/api/dyads?a=RUS&b=SGP&by=year").json()  # analyses count occurred events
    assert [p["period"] for p in occurred["periods"]] == ["2018"]
    assert client.get("/api/dyads?a=RUS&format=csv").text.startswith("period,q1,q2,q3,q4")


def test_dyad_partner_may_be_a_group_or_region(client) -> None:
    body = client.get("/api/dyads", params={"a": "RUS", "b": "South-eastern Asia", "by": "year"}).json()
    assert body["periods"][0]["events"] == 2


def test_dyads_need_an_actor(client) -> None:
    body = client.get("/api/dyads?b=SGP").json()
    assert body["errors"][0]["field"] == "a"
    assert client.get("/api/dyads?a=RUS&by=decade").status_code == 422
    assert client.get("/api/dyads?a=RUS&b=%3Cscript%3E").json()["errors"][0]["field"] == "b"


def test_partner_mix_by_partner_and_region(client) -> None:
    body = client.get("/api/partners?actor=RUS&status=all").json()
    assert {(r["period"], r["group"]) for r in body["rows"]} >= {("2018", "SGP"), ("2019", "SGP")}
    regions = client.get("/api/partners?actor=RUS&level=region").json()
    assert regions["level"] == "region" and {r["group"] for r in regions["rows"]} == {"Asia"}
    assert client.get("/api/partners?actor=RUS&level=planet").status_code == 422


def test_network_nodes_edges_and_communities(client) -> None:
    body = client.get("/api/network?status=all").json()
    assert {n["id"] for n in body["nodes"]} == {"RUS", "SGP", "CHN"}
    edges = {(e["source"], e["target"]): e for e in body["edges"]}
    # Two meetings and an agreement, all symmetric: each counts both ways.
    assert edges["RUS", "SGP"]["weight"] == edges["SGP", "RUS"]["quad1"] == 3
    assert body["communities"] and all(isinstance(n["community"], int) for n in body["nodes"])
    agree = client.get("/api/network?type=AGREE&status=all").json()["edges"]
    assert {(e["source"], e["target"], e["weight"]) for e in agree} == {("SGP", "RUS", 1), ("RUS", "SGP", 1)}
    ego = client.get("/api/network?actor=CHN").json()
    assert {n["id"] for n in ego["nodes"]} == {"CHN", "RUS"}
    assert client.get("/api/network?max_nodes=2&status=all").json()["nodes"][0]["id"] == "RUS"
    assert client.get("/api/network?format=csv").text.startswith("source,target,weight")
    assert client.get("/api/network?max_nodes=1").status_code == 422


def test_timeline_clusters_the_reports_of_one_event(client) -> None:
    body = client.get("/api/timeline?actor=RUS&partner=SGP").json()
    assert body["total"] == 1
    meeting = body["items"][0]
    assert meeting["date"] == "2018-11-14" and meeting["mentions"] == 2 and meeting["outlets"] == 2
    assert {s["doc_id"] for s in meeting["sources"]} == {"d1", "d3"}
    everything = client.get("/api/timeline?actor=RUS&status=all&limit=1&offset=1").json()
    assert everything["total"] == 3 and len(everything["items"]) == 1
    assert client.get("/api/timeline").status_code == 422


def test_fact_series_and_conflicts(client) -> None:
    series = client.get("/api/facts/series?measure=trade&actor=RUS&partner=CHN").json()
    assert [(r["period"], r["value"], r["source"]) for r in series["rows"]] == [
        ("2017", 87e9, "CGTN"),
        ("2017", 90e9, "TASS"),
    ]
    assert client.get("/api/facts/series").json()["errors"][0]["field"] == "measure"
    conflicts = client.get("/api/facts/conflicts?measure=trade").json()
    assert len(conflicts) == 1 and conflicts[0]["dyad"] == ["CHN", "RUS"]
    values = {v["value"]: [r["outlet"] for r in v["reports"]] for v in conflicts[0]["variants"]}
    assert values == {87e9: ["CGTN"], 90e9: ["TASS"]}
    assert client.get("/api/facts/conflicts?measure=exports").json() == []


def test_sources_outlets_shared_events_and_disputes(client) -> None:
    body = client.get("/api/sources").json()
    assert {o["outlet"] for o in body["outlets"]} >= {"CGTN", "TASS", "Reuters"}
    assert body["shared_events"][0]["outlets"] == 2
    assert {r["outlet"] for r in body["fact_conflicts"]} == {"CGTN", "TASS"}
    assert client.get("/api/sources?since=nope").status_code == 422


def test_the_openapi_describes_every_endpoint(client) -> None:
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert paths >= {
        "/api/summary", "/api/sources", "/api/documents", "/api/documents/{doc_id}", "/api/actors", "/api/events",
        "/api/facts", "/api/facts/series", "/api/facts/conflicts", "/api/dyads", "/api/partners", "/api/network",
        "/api/timeline", "/api/search", "/api/uploads", "/api/jobs", "/api/jobs/{job_id}",
    }  # fmt: skip
    assert not any(p.startswith("/events") or p == "/" for p in paths)  # pages stay out of the API
    event = spec["components"]["schemas"]["EventRecord"]["properties"]
    assert {"event_type", "quad_class", "source", "date_start", "span"} <= set(event)
    assert "422" in spec["paths"]["/api/events"]["get"]["responses"]


def test_swagger_ui_is_served_from_the_package(client) -> None:
    page = client.get("/docs").text
    assert "/static/vendor/swagger-ui-bundle.js" in page and "cdn" not in page.lower()
    assert client.get("/static/vendor/swagger-ui-bundle.js").status_code == 200


def test_jobs_endpoints_validate_ids(client) -> None:
    assert client.get("/api/jobs").json() == []
    assert client.get("/api/jobs/0123456789abcdef").status_code == 404
    assert client.get("/api/jobs/../../etc").status_code in (404, 422)
    assert client.get("/api/jobs/XYZ").json()["errors"][0]["field"] == "job_id"
