"""Importing ICEWS-style quadruples: a small hand-made dataset, and (slow) the whole of ICEWS14."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from detente.actors.registry import load_registry
from detente.analysis import dyad_series, network, timeline
from detente.cli.main import app
from detente.export.gdelt import write_gdelt
from detente.imports import import_icews
from detente.imports.entities import EntityResolver, sector_of, split_sector
from detente.imports.icews import plover_of
from detente.store import Store, StoreError

ICEWS14 = Path(__file__).parents[3] / "shared" / "data" / "icews14"

REGISTRY = """\
states:
  - {code: CHN, name: China, region: Asia, subregion: Eastern Asia}
  - {code: RUS, name: Russia, aliases: [Russian Federation], region: Europe, subregion: Eastern Europe}
  - {code: NGA, name: Nigeria, region: Africa, subregion: Western Africa}
organisations:
  - {code: UNSC, name: United Nations Security Council, aliases: [UN Security Council], sector: IGO}
people:
  - id: xi_jinping
    name: Xi Jinping
    roles: [{code: CHN, role: head_of_state, sector: GOV, start: 2013-03-14}]
"""
ENTITIES = [
    "China", "Russian  Federation", "Citizen  (Nigeria)", "Xi  Jinping", "Militant  (Taliban)",
    "Police  (Holy  See  (Vatican  City  State))", "UN  Security  Council",
]  # fmt: skip
RELATIONS = ["Make_statement", "Consult", "Make_an_appeal_or_request", "Use_conventional_military_force",
             "Meet_at_a_'third'_location"]  # fmt: skip
# relation2cameo.tsv as shipped with ICEWS14: no code for the appeal and the 'third' location.
RELATION2CAMEO = "relation_id\trelation_name\tcameo_code\tgoldstein\n0\tMake_statement\t010\t0.0\n1\tConsult\t04\t1.0\n"
RELATION2CAMEO += "2\tMake_an_appeal_or_request\t\t\n3\tUse_conventional_military_force\t190\t-10.0\n4\tx\t\t\n"
TRAIN = [(3, 1, 1, 1), (0, 0, 1, 1), (1, 2, 0, 1), (4, 3, 2, 2), (3, 4, 6, 2)]  # subject, relation, object, day
TEST = [(5, 1, 0, 3)]


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    folder = tmp_path / "tiny"
    folder.mkdir()
    crlf = "\r\n"
    (folder / "entity2id.txt").write_text(crlf.join(f"{n}\t{i}" for i, n in enumerate(ENTITIES)) + crlf, "utf-8")
    (folder / "relation2id.txt").write_text(crlf.join(f"{n}\t{i}" for i, n in enumerate(RELATIONS)) + crlf, "utf-8")
    (folder / "relation2cameo.tsv").write_text(RELATION2CAMEO, "utf-8")
    for name, quads in (("train", TRAIN), ("test", TEST)):
        (folder / f"{name}.txt").write_text("".join("\t".join(map(str, q)) + crlf for q in quads), "utf-8")
    return folder


@pytest.fixture
def registry(tmp_path: Path):
    path = tmp_path / "registry.yaml"
    path.write_text(REGISTRY, encoding="utf-8")
    return load_registry([path], shipped=False)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "i.duckdb") as store:
        yield store


def test_import_counts(store: Store, dataset: Path, registry) -> None:
    summary = import_icews(store, dataset, registry=registry)
    assert (summary.dataset, summary.quads, summary.events, summary.statements, summary.unmapped) == (
        "tiny", 6, 5, 1, 0,
    )  # fmt: skip
    assert (summary.documents, summary.documents_known, summary.first_day, summary.last_day) == (
        3, 0, "2014-01-01", "2014-01-03",
    )  # fmt: skip
    assert (summary.entities, summary.entities_resolved) == (7, 6)
    counts = store.summary()
    assert (counts["documents"], counts["events"], counts["sentences"], counts["mentions"]) == (3, 5, 5, 10)
    assert store.runs()[0]["documents_new"] == 3


def test_a_day_is_a_document_and_a_quadruple_a_sentence(store: Store, dataset: Path, registry) -> None:
    import_icews(store, dataset, registry=registry)
    day = store.document("tiny:2014-01-01")
    assert day.document.source == "TINY" and day.document.published == "2014-01-01"
    assert day.document.title == "TINY events of 2014-01-01"
    assert (
        day.document.text
        == "Xi Jinping | 04 Consult | Russian Federation\nRussian Federation | 020 Make an appeal or request | China"
    )
    assert [s.text for s in day.sentences] == day.document.text.split("\n")
    text = day.document.text
    for s in day.sentences:
        assert text[s.start : s.end] == s.text
    for m in day.mentions:
        assert text[m.start : m.end] == m.text
    for e in day.events:
        assert text[e.trigger_start : e.trigger_end] == e.trigger
        assert all(text[m.start : m.end] == m.text for m in (*e.source, *e.target))


def test_events_get_plover_quadclass_goldstein_and_their_full_cameo_code(store: Store, dataset: Path, registry) -> None:
    import_icews(store, dataset, registry=registry)
    events = {e["event_id"]: e for e in store.events(limit=None)}
    assert set(events) == {"train:1", "train:3", "train:4", "train:5", "test:1"}  # train:2 is a statement
    consult, appeal, war, third = events["train:1"], events["train:3"], events["train:4"], events["train:5"]
    assert (consult["event_type"], consult["cameo_root"], consult["quad_class"], consult["intensity"]) == (
        "CONSULT", "04", 1, 1.0,
    )  # fmt: skip
    assert (appeal["event_type"], appeal["trigger"], appeal["quad_class"], appeal["intensity"]) == (
        "REQUEST",
        "020",
        1,
        3.0,
    )
    assert (war["event_type"], war["quad_class"], war["intensity"]) == ("ASSAULT", 4, -10.0)
    assert (third["event_type"], third["mode"], third["trigger"]) == ("CONSULT", "third-party", "044")
    assert consult["date"] == "2014-01-01" and consult["status"] == "occurred" and consult["symmetric"] is False


def test_actors_resolve_to_states_sectors_and_people(store: Store, dataset: Path, registry) -> None:
    import_icews(store, dataset, registry=registry)
    events = {e["event_id"]: e for e in store.events(limit=None)}
    xi = events["train:1"]["source"][0]
    assert (xi["code"], xi["person"], xi["text"]) == ("CHN", "xi_jinping", "Xi Jinping")
    assert events["train:1"]["target"][0]["code"] == "RUS"  # an alias
    militant, citizen = events["train:4"]["source"][0], events["train:4"]["target"][0]
    assert (militant["code"], militant["text"]) == (None, "Militant (Taliban)")
    assert (citizen["code"], citizen["sector"]) == ("NGA", "CVL")
    police = events["test:1"]["source"][0]
    assert (police["code"], police["sector"]) == ("VAT", "COP")  # ISO 3166 names through pycountry
    assert events["train:5"]["target"][0]["code"] == "UNSC"


def test_importing_again_changes_nothing(store: Store, dataset: Path, registry) -> None:
    import_icews(store, dataset, registry=registry)
    again = import_icews(store, dataset, registry=registry)
    assert (again.documents, again.documents_known, again.events) == (0, 3, 0)
    assert store.summary()["events"] == 5


def test_a_changed_day_replaces_the_stored_one(store: Store, dataset: Path, registry) -> None:
    import_icews(store, dataset, registry=registry)
    (dataset / "test.txt").write_text("5\t1\t0\t3\n1\t1\t0\t3\n", encoding="utf-8")
    summary = import_icews(store, dataset, registry=registry)
    assert (summary.documents, summary.replaced, summary.documents_known) == (1, 1, 2)
    assert len(store.document("tiny:2014-01-03").events) == 2 and store.summary()["events"] == 6


def test_days_with_the_same_lines_are_two_documents(store: Store, dataset: Path, registry) -> None:
    (dataset / "test.txt").write_text("5\t1\t0\t3\n5\t1\t0\t4\n", encoding="utf-8")
    assert import_icews(store, dataset, splits=["test"], registry=registry).documents == 2


def test_one_split_or_one_file(store: Store, dataset: Path, registry) -> None:
    assert import_icews(store, dataset, splits=["test"], registry=registry).events == 1
    assert import_icews(store, dataset / "train.txt", registry=registry, dataset="other").documents == 2
    assert {d["doc_id"] for d in store.documents()} == {"tiny:2014-01-03", "other:2014-01-01", "other:2014-01-02"}


def test_day_numbers_map_to_dates(store: Store, dataset: Path, registry) -> None:
    summary = import_icews(store, dataset, start="2005-01-01", first_day=0, step=1, registry=registry)
    assert (summary.first_day, summary.last_day) == ("2005-01-02", "2005-01-04")


def test_every_analysis_runs_on_imported_events(store: Store, dataset: Path, registry, tmp_path: Path) -> None:
    import_icews(store, dataset, registry=registry)
    assert [(r["event_type"], r["events"]) for r in dyad_series(store, "CHN", "RUS", registry=registry)] == [
        ("CONSULT", 1), ("REQUEST", 1),
    ]  # fmt: skip
    assert set(network(store, registry=registry).edges) == {
        ("CHN", "RUS"),
        ("RUS", "CHN"),
        ("VAT", "CHN"),
        ("CHN", "UNSC"),
    }
    assert [r["event_type"] for r in timeline(store, "NGA", registry=registry)] == ["ASSAULT"]
    write_gdelt(store, tmp_path / "g.tsv", registry=registry)
    codes = duckdb.sql(f"SELECT EventCode FROM read_csv('{tmp_path / 'g.tsv'}', delim='\t', all_varchar=true)")
    assert sorted(r[0] for r in codes.fetchall()) == ["020", "040", "040", "044", "190"]


def test_errors(store: Store, dataset: Path, tmp_path: Path, registry) -> None:
    with pytest.raises(FileNotFoundError):
        import_icews(store, tmp_path / "nowhere")
    with pytest.raises(FileNotFoundError):
        import_icews(store, dataset, splits=["valid"])
    (dataset / "test.txt").write_text("99\t1\t0\t3\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"test\.txt line 1"):
        import_icews(store, dataset, registry=registry)
    assert store.summary()["events"] == 0  # nothing half-written
    store.read_only = True  # as a store opened read-only is
    with pytest.raises(StoreError):
        import_icews(store, dataset, registry=registry)


def test_entity_names() -> None:
    assert split_sector("Member of Legislative (Govt) (Nigeria)") == ("Member of Legislative (Govt)", "Nigeria")
    assert split_sector("Men (Holy See (Vatican City State))") == ("Men", "Holy See (Vatican City State)")
    assert split_sector("China") is None
    heads = ("Military Police", "Defense / Security Ministry", "Health Ministry", "Armed Gang")
    assert [sector_of(h) for h in heads] == ["COP", "MIL", "GOV", "CRM"]
    assert sector_of("Actor") is None
    resolver = EntityResolver(load_registry([], shipped=False))
    assert resolver.resolve("Children  (Palestinian Territory, Occupied)").code == "PSE"
    assert resolver.resolve("ETA").code is None  # short names are never taken as ISO codes


def test_cameo_to_plover() -> None:
    assert plover_of("042") == ("CONSULT", "visit")
    assert plover_of("0874") == ("RETREAT", "disarm") and plover_of("083") == ("CONCEDE", None)
    assert plover_of("163") == ("COERCE", "restrict") and plover_of("1712") == ("ASSAULT", "seize")
    assert plover_of("0256")[0] == "REQUEST" and plover_of("010") is None


def test_cli_import(tmp_path: Path, dataset: Path) -> None:
    runner = CliRunner(env={"DETENTE_DB": None, "COLUMNS": "200"})
    db = tmp_path / "cli.duckdb"
    result = runner.invoke(app, ["import", "icews", str(dataset), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "tiny: 6 quadruples read, 5 events imported in 3 new days" in result.stdout
    assert "1 statements (CAMEO 01)" in result.stdout
    missing = runner.invoke(app, ["import", "icews", str(tmp_path / "nowhere"), "--db", str(db)])
    assert missing.exit_code == 1 and "error: no such file or directory" in missing.stderr


@pytest.mark.slow
@pytest.mark.skipif(not ICEWS14.exists(), reason="needs ../shared/data/icews14")
def test_the_whole_of_icews14_in_well_under_a_minute(tmp_path: Path) -> None:
    with Store(tmp_path / "icews14.duckdb") as store:
        began = time.perf_counter()
        summary = import_icews(store, ICEWS14)
        seconds = time.perf_counter() - began
        assert (summary.quads, summary.statements, summary.unmapped, summary.events) == (90730, 18259, 0, 72471)
        assert (summary.documents, summary.first_day, summary.last_day) == (365, "2014-01-01", "2014-12-31")
        assert seconds < 30
        assert store.summary()["events"] == 72471
        assert summary.mentions_resolved > 0.75
        assert sum(r["events"] for r in dyad_series(store, "RUS", "UKR", by="year")) > 100
