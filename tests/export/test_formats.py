"""CSV, Parquet, GraphML, GEXF and GDELT exports, each read back by the tool that reads the format."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import duckdb
import networkx as nx
import pyarrow.parquet as pq
import pytest

from detente.export.csv_parquet import TABLES, export_tables
from detente.export.gdelt import GDELT_FIELDS, write_gdelt
from detente.export.graph import export_graph, spells, write_gexf
from detente.store import Store
from detente.store import columns as C

GDELT_FIELDS_CSV = Path(__file__).parents[3] / "shared" / "data" / "cameo" / "gdelt2_fields.csv"


@pytest.fixture
def store(tmp_path: Path, make_result) -> Iterator[Store]:
    """d1 (CGTN, 2018-11-15) and d2 (Reuters, 2019-01-10): both report Putin meeting Lee on
    2018-11-14 in Singapore, and Russia-China trade of $87 billion in 2017."""
    with Store(tmp_path / "x.duckdb") as store:
        store.write([make_result("d1"), make_result("d2", source="Reuters", published="2019-01-10")])
        yield store


def _counts(store: Store) -> dict[str, int]:
    return {t: store._value(f"SELECT count(*) FROM {t}") for t in TABLES}


def test_parquet_tables_read_back_with_pyarrow(store: Store, tmp_path: Path) -> None:
    written = export_tables(store, tmp_path / "pq", "parquet")
    assert {t: rows for t, (_, rows) in written.items()} == _counts(store)
    for table in TABLES:
        data = pq.read_table(tmp_path / "pq" / f"{table}.parquet")
        assert data.column_names == list(C.TABLES[table]) and data.num_rows == written[table][1]
    events = pq.read_table(tmp_path / "pq" / "events.parquet").to_pylist()
    assert events[0]["sentences"] == [0] and str(events[0]["date_start"]) == "2018-11-14"


def test_csv_tables_read_back_with_duckdb(store: Store, tmp_path: Path) -> None:
    export_tables(store, tmp_path / "csv", "csv")
    for table, count in _counts(store).items():
        path = str(tmp_path / "csv" / f"{table}.csv")
        assert duckdb.sql(f"SELECT count(*) FROM read_csv('{path}')").fetchall() == [(count,)]
    docs = duckdb.sql(f"SELECT doc_id, source, text FROM read_csv('{tmp_path / 'csv' / 'documents.csv'}')").fetchall()
    assert [(d, s) for d, s, _ in docs] == [("d1", "CGTN"), ("d2", "Reuters")]
    assert docs[0][2] == store.document("d1").document.text  # newlines and quotes survive


def test_table_filters_choose_documents(store: Store, tmp_path: Path) -> None:
    assert export_tables(store, tmp_path / "a", "csv", since="2019")["documents"][1] == 1
    assert export_tables(store, tmp_path / "b", "csv", source="cgtn")["events"][1] == 1
    assert export_tables(store, tmp_path / "c", "csv", actor="USA")["documents"][1] == 0
    assert export_tables(store, tmp_path / "d", "parquet", doc_id="d2", tables=["facts"]) == {
        "facts": (tmp_path / "d" / "facts.parquet", 1)
    }
    with pytest.raises(ValueError):
        export_tables(store, tmp_path / "e", "xlsx")


def test_graphml_reads_back_with_networkx(store: Store, tmp_path: Path) -> None:
    export_graph(store, tmp_path / "g.graphml")
    g = nx.read_graphml(tmp_path / "g.graphml")
    assert set(g.edges) == {("RUS", "SGP"), ("SGP", "RUS")}  # a symmetric meeting, reported twice
    assert g["RUS"]["SGP"]["weight"] == 2 and g["RUS"]["SGP"]["start"] == "2018-11-14"
    assert g.nodes["SGP"]["name"] == "Singapore" and g.nodes["SGP"]["region"] == "Asia"


def test_gexf_is_dynamic_and_reads_back_with_networkx(store: Store, tmp_path: Path) -> None:
    export_graph(store, tmp_path / "g.gexf")
    g = nx.read_gexf(tmp_path / "g.gexf")
    assert g.graph["mode"] == "dynamic"
    assert g["RUS"]["SGP"]["spells"] == [("2018-11-14", "2018-11-14")]
    assert (g.nodes["RUS"]["start"], g.nodes["RUS"]["end"]) == ("2018-11-14", "2018-11-14")
    text = (tmp_path / "g.gexf").read_text(encoding="utf-8")
    assert 'timeformat="date"' in text and "<spell " in text


def test_gexf_spells_are_runs_of_days(tmp_path: Path) -> None:
    assert spells(["2018-01-03", "2018-01-01", "2018-01-02", "2018-01-07"]) == [
        ("2018-01-01", "2018-01-03"), ("2018-01-07", "2018-01-07"),
    ]  # fmt: skip
    g = nx.DiGraph()
    g.add_node("A", start="2018-01-01", end="2018-01-07")
    g.add_node("B", start="2018-01-01", end="2018-01-07")
    g.add_edge(
        "A", "B", weight=3, start="2018-01-01", end="2018-01-07", days=["2018-01-01", "2018-01-02", "2018-01-07"]
    )
    write_gexf(g, tmp_path / "s.gexf")
    assert nx.read_gexf(tmp_path / "s.gexf")["A"]["B"]["spells"] == [
        ("2018-01-01", "2018-01-02"),
        ("2018-01-07", "2018-01-07"),
    ]


def test_a_graph_format_is_needed(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="graph format"):
        export_graph(store, tmp_path / "g.txt")


def _gdelt(path: Path) -> list[dict]:
    rel = duckdb.sql(f"SELECT * FROM read_csv('{path}', delim='\t', header=true, quote='', all_varchar=true)")
    return [dict(zip(rel.columns, row, strict=True)) for row in rel.fetchall()]


def test_gdelt_has_the_61_fields_in_order(store: Store, tmp_path: Path) -> None:
    write_gdelt(store, tmp_path / "e.tsv")
    header = (tmp_path / "e.tsv").read_text(encoding="utf-8").splitlines()[0].split("\t")
    assert header == list(GDELT_FIELDS) and len(header) == 61
    if GDELT_FIELDS_CSV.exists():
        with GDELT_FIELDS_CSV.open(encoding="utf-8") as fh:
            assert header == [r["field"] for r in csv.DictReader(fh) if r["table"] == "events_export"]


def test_gdelt_one_row_per_event_with_its_mentions(store: Store, tmp_path: Path) -> None:
    assert write_gdelt(store, tmp_path / "e.tsv") == 1
    [row] = _gdelt(tmp_path / "e.tsv")
    assert (row["GLOBALEVENTID"], row["SQLDATE"], row["MonthYear"], row["Year"]) == ("1", "20181114", "201811", "2018")
    assert float(row["FractionDate"]) == pytest.approx(2018 + 318 / 365, abs=1e-4)
    assert (row["Actor1Code"], row["Actor1Name"], row["Actor1CountryCode"]) == ("RUS", "RUSSIA", "RUS")
    assert (row["Actor2Code"], row["Actor2Name"], row["Actor2CountryCode"]) == ("SGP", "SINGAPORE", "SGP")
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"], row["QuadClass"]) == ("040", "040", "04", "1")
    assert (row["GoldsteinScale"], row["IsRootEvent"]) == ("1.0", "1")
    assert (row["NumMentions"], row["NumSources"], row["NumArticles"]) == ("2", "2", "2")
    assert row["AvgTone"] is None and row["Actor1Geo_Type"] is None
    assert (row["ActionGeo_Type"], row["ActionGeo_FullName"], row["ActionGeo_CountryCode"]) == ("1", "Singapore", "SGP")
    assert len(row["DATEADDED"]) == 14 and row["SOURCEURL"] == "d1.txt"


def test_gdelt_filters(store: Store, tmp_path: Path) -> None:
    assert write_gdelt(store, tmp_path / "a.tsv", actor="USA") == 0
    assert write_gdelt(store, tmp_path / "b.tsv", source="reuters") == 1
    assert _gdelt(tmp_path / "b.tsv")[0]["NumMentions"] == "1"
    assert write_gdelt(store, tmp_path / "c.tsv", since="2019") == 0
    assert write_gdelt(store, tmp_path / "d.tsv", types=["AGREE"]) == 0
