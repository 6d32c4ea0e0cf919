"""Importing ICEWS-style event files: (subject, relation, object, day) quadruples, as in ICEWS14.

A dataset folder holds ``train.txt``, ``valid.txt``, ``test.txt`` (subject_id, relation_id,
object_id, day; tab-separated), ``entity2id.txt`` and ``relation2id.txt`` (name, id), and
optionally ``relation2cameo.tsv`` (relation_id, relation_name, cameo_code, goldstein).

How the quadruples become detente records:

* Relations get CAMEO codes from ``relation2cameo.tsv``, else by matching their names to the CAMEO
  codebook; ``data/icews_relations.tsv`` supplies (and overrides) codes by hand. CAMEO codes get
  their PLOVER type and mode from ``data/cameo_plover.csv``, QuadClass from the root, intensity
  from the Goldstein scale of ``events/data/cameo.csv``. Statements (CAMEO root 01), which PLOVER
  does not code, and relations without a code are left out and counted.
* Entity names resolve with ``entities.EntityResolver`` (registry, ISO names, sector forms).
* Each day of the dataset becomes one synthetic document, ``<dataset>:<YYYY-MM-DD>`` (outlet: the
  dataset's name in capitals, published that day), whose text has one line per event:
  ``Barack Obama | 042 Make a visit | China``. Each line is a sentence with the subject and
  object as actor mentions; the event's trigger is its full CAMEO code (the GDELT export reads
  it back as EventCode), its event_id ``<split>:<line>`` (line number in that split's file), its
  date the day, its status ``occurred`` and its confidence 1. The document's content hash is that of
  its doc_id and text (two days may hold the same lines).
* Everything is written in one transaction through DuckDB set operations over Arrow tables (no
  per-row inserts). A day whose text is stored already is left alone; a stored day with another
  text is replaced, so importing again is harmless.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import time
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from detente.actors.registry import Registry
from detente.analysis.common import cursor
from detente.analysis.groups import default_registry
from detente.imports.entities import EntityResolver, clean_name
from detente.schemas import quad_class_of
from detente.store import Store, StoreError
from detente.store import columns as C

DATA_DIR = Path(__file__).parent / "data"
CAMEO_CSV = Path(__file__).parents[1] / "events" / "data" / "cameo.csv"
SPLITS = ("train", "valid", "test")
STATEMENT_ROOT = "01"


@dataclass(slots=True)
class IcewsSummary:
    """What an import did."""

    dataset: str
    files: list[str] = field(default_factory=list)
    quads: int = 0  # read from the files
    events: int = 0  # imported (in new or replaced documents)
    statements: int = 0  # left out: CAMEO 01, which PLOVER does not code
    unmapped: int = 0  # left out: relations without a CAMEO code
    unmapped_relations: list[str] = field(default_factory=list)
    documents: int = 0  # days written
    documents_known: int = 0  # days whose text was stored already
    replaced: int = 0  # days stored before with another text
    entities: int = 0
    entities_resolved: int = 0
    mentions_resolved: float = 0.0  # share of imported actor mentions with a code
    first_day: str | None = None
    last_day: str | None = None
    seconds: float = 0.0


# -- reference tables ------------------------------------------------------------------------


def _norm(name: str) -> str:
    """A relation or CAMEO name for matching: spaces for underscores, lower case, one space."""
    return clean_name(name).lower()


@lru_cache(maxsize=1)
def cameo_codes() -> dict[str, tuple[str, float]]:
    """CAMEO code -> (name, Goldstein score), from the events codebook."""
    with CAMEO_CSV.open(encoding="utf-8") as fh:
        return {r["code"]: (r["name"], float(r["goldstein"])) for r in csv.DictReader(fh)}


@lru_cache(maxsize=1)
def plover_codes() -> dict[str, tuple[str, str | None]]:
    """CAMEO code -> (PLOVER type, mode or None), from ``data/cameo_plover.csv``."""
    lines = (DATA_DIR / "cameo_plover.csv").read_text(encoding="utf-8").splitlines()
    rows = csv.DictReader(line for line in lines if not line.startswith("#"))
    return {r["cameo"]: (r["plover"], r["mode"] or None) for r in rows}


def plover_of(code: str) -> tuple[str, str | None] | None:
    """PLOVER type and mode of a CAMEO code: its own, else its three-digit parent's, else its root's."""
    table = plover_codes()
    for key in (code, code[:3], code[:2]):
        if key in table:
            return table[key]
    return None


def goldstein_of(code: str) -> float | None:
    """The Goldstein score of a CAMEO code (of its parent, then root, when the codebook lacks it)."""
    table = cameo_codes()
    for key in (code, code[:3], code[:2]):
        if key in table:
            return table[key][1]
    return None


@lru_cache(maxsize=1)
def hand_codes() -> dict[str, str]:
    """Relation name (normalised) -> CAMEO code, from ``data/icews_relations.tsv``."""
    out = {}
    for line in (DATA_DIR / "icews_relations.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, code = line.split("\t")[:2]
            out[_norm(name)] = code.strip()
    return out


def _read_ids(path: Path) -> dict[int, str]:
    """``name<TAB>id`` lines (CRLF or LF) -> {id: name}."""
    out = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        name, _, ident = line.rstrip("\r").rpartition("\t")
        if not name or not ident.strip().isdigit():
            raise ValueError(f"{path}:{n}: expected NAME<TAB>ID, got {line[:60]!r}")
        out[int(ident)] = name
    return out


def relation_codes(folder: Path, relations: dict[int, str]) -> dict[int, str | None]:
    """Relation id -> CAMEO code: the hand file, then relation2cameo.tsv, then an exact match of the
    name to a CAMEO description; None when nothing gives one."""
    given: dict[int, str] = {}
    mapping = folder / "relation2cameo.tsv"
    if mapping.exists():
        with mapping.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                if (row.get("cameo_code") or "").strip():
                    given[int(row["relation_id"])] = row["cameo_code"].strip()
    by_name = {_norm(name): code for code, (name, _) in cameo_codes().items()}
    hand = hand_codes()
    return {rid: hand.get(_norm(name)) or given.get(rid) or by_name.get(_norm(name)) for rid, name in relations.items()}


# -- reading ---------------------------------------------------------------------------------


def _quad_files(path: Path, splits: Sequence[str] | None) -> tuple[Path, list[tuple[str, Path]]]:
    """The dataset folder and its (split, file) pairs, in order."""
    if path.is_file():
        return path.parent, [(path.stem, path)]
    if not path.is_dir():
        raise FileNotFoundError(f"no such file or directory: {path}")
    wanted = list(splits or SPLITS)
    files = [(s, path / f"{s}.txt") for s in wanted if (path / f"{s}.txt").exists()]
    missing = [s for s in wanted if not (path / f"{s}.txt").exists()]
    if splits and missing:
        raise FileNotFoundError(f"no {', '.join(f'{s}.txt' for s in missing)} in {path}")
    if not files:
        raise FileNotFoundError(f"no {', '.join(f'{s}.txt' for s in wanted)} in {path}")
    return path, files


def read_quads(files: Sequence[tuple[str, Path]]) -> pa.Table:
    """The quadruples of every file as one Arrow table: split, split_order, line, s, r, o, t, file."""
    names = ["s", "r", "o", "t"]
    types = dict.fromkeys(names, pa.int64())
    tables = []
    for order, (split, path) in enumerate(files):
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(column_names=names),
            parse_options=pacsv.ParseOptions(delimiter="\t"),
            convert_options=pacsv.ConvertOptions(column_types=types),
        )
        n = table.num_rows
        tables.append(
            table.append_column("split", pa.array([split] * n, pa.string()))
            .append_column("split_order", pa.array([order] * n, pa.int32()))
            .append_column("line", pa.array(range(1, n + 1), pa.int32()))
            .append_column("file", pa.array([str(path)] * n, pa.string()))
        )
    return pa.concat_tables(tables)


def _relations_table(relations: dict[int, str], codes: dict[int, str | None]) -> pa.Table:
    rows = []
    for rid, name in relations.items():
        code = codes[rid]
        plover = plover_of(code) if code else None
        rows.append(
            {
                "id": rid,
                "name": clean_name(name),
                "cameo": code,
                "root": code[:2] if code else None,
                "plover": plover[0] if plover else None,
                "mode": plover[1] if plover else None,
                "quad": quad_class_of(code[:2]) if code else None,
                "goldstein": goldstein_of(code) if code else None,
            }
        )
    schema = pa.schema(
        [("id", pa.int64()), ("name", pa.string()), ("cameo", pa.string()), ("root", pa.string()),
         ("plover", pa.string()), ("mode", pa.string()), ("quad", pa.int32()), ("goldstein", pa.float64())]
    )  # fmt: skip
    return pa.Table.from_pylist(rows, schema=schema)


def _entities_table(entities: dict[int, str], resolver: EntityResolver) -> pa.Table:
    rows = []
    for eid, name in entities.items():
        r = resolver.resolve(name)
        rows.append(
            {"id": eid, "name": clean_name(name), "code": r.code, "kind": r.kind, "sector": r.sector,
             "person": r.person, "role": r.role, "how": r.how, "actor_id": r.actor_id}
        )  # fmt: skip
    schema = pa.schema([("id", pa.int64()), *((k, pa.string()) for k in ("name", "code", "kind", "sector", "person",
                                                                          "role", "how", "actor_id"))])  # fmt: skip
    return pa.Table.from_pylist(rows, schema=schema)


def _dataset_name(folder: Path) -> str:
    """The doc_id prefix: the folder's name, lower case, letters, digits, - and _ only."""
    return re.sub(r"[^a-z0-9_-]+", "-", folder.resolve().name.lower()).strip("-") or "icews"


# -- writing ---------------------------------------------------------------------------------

# Each imported line, with its document, index in it, offsets and the fields of both actors.
_LINES_SQL = """
CREATE TEMP TABLE icews_lines AS
WITH q AS (
    SELECT q.*, CAST($start AS DATE) + CAST((q.t - $first) // $step AS INTEGER) AS day,
        r.name AS rel, r.cameo, r.root, r.plover, r.mode, r.quad, r.goldstein,
        s.name AS s_name, s.code AS s_code, s.kind AS s_kind, s.sector AS s_sector, s.person AS s_person,
        s.role AS s_role, s.how AS s_how, s.actor_id AS s_actor,
        o.name AS o_name, o.code AS o_code, o.kind AS o_kind, o.sector AS o_sector, o.person AS o_person,
        o.role AS o_role, o.how AS o_how, o.actor_id AS o_actor
    FROM icews_quads q
    JOIN icews_relations r ON r.id = q.r
    JOIN icews_entities s ON s.id = q.s
    JOIN icews_entities o ON o.id = q.o
    WHERE r.plover IS NOT NULL
),
numbered AS (
    SELECT *, $dataset || ':' || strftime(day, '%Y-%m-%d') AS doc_id, split || ':' || line AS event_id,
        CAST(row_number() OVER (PARTITION BY day ORDER BY split_order, line) - 1 AS INTEGER) AS idx,
        s_name || ' | ' || cameo || ' ' || rel || ' | ' || o_name AS text
    FROM q
)
SELECT *,
    CAST(coalesce(sum(length(text) + 1) OVER (
        PARTITION BY doc_id ORDER BY idx ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS INTEGER) AS pos,
    length(s_name) AS s_len, length(o_name) AS o_len
FROM numbered
"""

_DOCS_SQL = """
CREATE TEMP TABLE icews_docs AS
SELECT doc_id, min(day) AS day, string_agg(text, chr(10) ORDER BY idx) AS text,
    string_agg(DISTINCT file, ';' ORDER BY file) AS path
FROM icews_lines GROUP BY doc_id
"""

# The documents to write: those not stored yet. Their content hash covers the doc_id too: two days
# may hold the very same lines, and the store keeps one document per content hash.
_NEW_SQL = """
CREATE TEMP TABLE icews_new AS
SELECT doc_id, content_hash FROM (SELECT doc_id, sha256(doc_id || chr(10) || text) AS content_hash FROM icews_docs)
WHERE content_hash NOT IN (SELECT content_hash FROM documents)
"""


def _inserts() -> dict[str, str]:
    """SELECTs producing the new rows of each document table, in the table's column order
    (the documents' one takes the parameters $outlet and $now)."""
    new = "doc_id IN (SELECT doc_id FROM icews_new)"
    actor_cols = "code, text, start, end_, sector, person, sentence, kind, role, how, actor_id"
    return {
        "documents": """
            SELECT d.doc_id, n.content_hash, $outlet || ' events of ' || strftime(d.day, '%Y-%m-%d'),
                strftime(d.day, '%Y-%m-%d'), d.day, d.day, $outlet, NULL, NULL, d.path, d.text, '[]', 'en',
                CAST($now AS TIMESTAMP)
            FROM icews_docs d JOIN icews_new n ON n.doc_id = d.doc_id""",
        "sentences": f"SELECT doc_id, idx, pos, pos + length(text), text, false FROM icews_lines WHERE {new}",
        "mentions": f"""
            SELECT doc_id, 2 * idx, idx, pos, pos + s_len, s_name, s_code, s_kind, s_sector, s_person, s_role,
                s_how, s_actor FROM icews_lines WHERE {new}
            UNION ALL
            SELECT doc_id, 2 * idx + 1, idx, pos + length(text) - o_len, pos + length(text), o_name, o_code, o_kind,
                o_sector, o_person, o_role, o_how, o_actor FROM icews_lines WHERE {new}""",
        "events": f"""
            SELECT doc_id, event_id, idx, plover, mode, root, quad, goldstein, false, 'occurred', 1.0, [idx], text,
                cameo, pos + s_len + 3, pos + s_len + 3 + length(cameo),
                strftime(day, '%Y-%m-%d'), 'day', day, day, '', -1, -1, false, NULL, NULL, NULL
            FROM icews_lines WHERE {new}""",
        "event_actors": f"""
            SELECT doc_id, event_id, side, 0, {actor_cols} FROM (
                SELECT doc_id, event_id, 'source' AS side, s_code AS code, s_name AS text, pos AS start,
                    pos + s_len AS end_, s_sector AS sector, s_person AS person, idx AS sentence, s_kind AS kind,
                    s_role AS role, s_how AS how, s_actor AS actor_id FROM icews_lines WHERE {new}
                UNION ALL
                SELECT doc_id, event_id, 'target', o_code, o_name, pos + length(text) - o_len, pos + length(text),
                    o_sector, o_person, idx, o_kind, o_role, o_how, o_actor FROM icews_lines WHERE {new}
            )""",
    }


def import_icews(
    store: Store,
    path: str | Path,
    *,
    splits: Sequence[str] | None = None,
    start: str = "2014-01-01",
    first_day: int = 1,
    step: int = 1,
    dataset: str | None = None,
    registry: Registry | None = None,
) -> IcewsSummary:
    """Import an ICEWS-style dataset (a folder, or one of its quad files) into the store.

    ``splits``: which of train, valid, test to read (default: those present). Day numbers map to
    dates as ``start + (day - first_day) // step`` days (ICEWS14: 1 is 2014-01-01). ``dataset``:
    the doc_id prefix (default: the folder's name). People resolve with the role they held on the
    middle day of the data. Raises FileNotFoundError, ValueError on malformed files, StoreError on a
    read-only store.
    """
    began = time.perf_counter()
    if store.read_only:
        raise StoreError(f"{store.path} is open read-only")
    folder, files = _quad_files(Path(path), splits)
    for needed in ("entity2id.txt", "relation2id.txt"):
        if not (folder / needed).exists():
            raise FileNotFoundError(f"no {needed} in {folder}")
    name = dataset or _dataset_name(folder)
    summary = IcewsSummary(dataset=name, files=[str(f) for _, f in files])
    quads = read_quads(files)
    summary.quads = quads.num_rows
    if not summary.quads:
        return summary
    bounds = pc.min_max(quads.column("t"))
    days = [
        dt.date.fromisoformat(start) + dt.timedelta(days=(bounds[k].as_py() - first_day) // step)
        for k in ("min", "max")
    ]
    summary.first_day, summary.last_day = days[0].isoformat(), days[1].isoformat()
    entities = _read_ids(folder / "entity2id.txt")
    relations = _read_ids(folder / "relation2id.txt")
    codes = relation_codes(folder, relations)
    resolver = EntityResolver(registry or default_registry(), days[0] + (days[1] - days[0]) / 2)
    entity_table = _entities_table(entities, resolver)
    summary.entities = entity_table.num_rows
    summary.entities_resolved = entity_table.num_rows - entity_table.column("code").null_count
    run_id = store.start_run([str(path)])
    params = {"start": start, "first": first_day, "step": step, "dataset": name}
    with closing(cursor(store)) as cur:
        cur.register("icews_quads", quads)
        cur.register("icews_entities", entity_table)
        cur.register("icews_relations", _relations_table(relations, codes))
        cur.begin()
        try:
            _check_ids(cur)
            cur.execute(_LINES_SQL, params)
            cur.execute(_DOCS_SQL)
            cur.execute(_NEW_SQL)
            summary.replaced = cur.execute(
                "SELECT count(*) FROM documents WHERE doc_id IN (SELECT doc_id FROM icews_new)"
            ).fetchone()[0]
            for table in C.DOCUMENT_TABLES:
                cur.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT doc_id FROM icews_new)")
            now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
            for table, select in _inserts().items():
                sql = f"INSERT INTO {table} ({C.quoted(C.TABLES[table])}) {select}"
                cur.execute(sql, {"outlet": name.upper(), "now": now} if table == "documents" else {})
            _count(cur, summary)
            cur.commit()
        except BaseException:
            cur.rollback()
            raise
    store.finish_run(
        run_id,
        {"documents_read": summary.documents + summary.documents_known, "documents_new": summary.documents,
         "documents_known": summary.documents_known, "skipped": 0, "failed": 0},
    )  # fmt: skip
    summary.seconds = time.perf_counter() - began
    return summary


def _check_ids(cur: duckdb.DuckDBPyConnection) -> None:
    """Fail on quadruples naming an entity or relation id the id files lack."""
    bad = cur.execute(
        """
        SELECT split, line FROM icews_quads q
        WHERE q.s NOT IN (SELECT id FROM icews_entities) OR q.o NOT IN (SELECT id FROM icews_entities)
            OR q.r NOT IN (SELECT id FROM icews_relations)
        ORDER BY split_order, line LIMIT 1
        """
    ).fetchone()
    if bad:
        raise ValueError(f"{bad[0]}.txt line {bad[1]}: an entity or relation id missing from the id files")


def _count(cur: duckdb.DuckDBPyConnection, summary: IcewsSummary) -> None:
    """Fill the summary's counts from the staged tables."""
    c = cur.execute
    summary.documents = c("SELECT count(*) FROM icews_new").fetchone()[0]
    summary.documents_known = c("SELECT count(*) FROM icews_docs").fetchone()[0] - summary.documents
    summary.events = c("SELECT count(*) FROM icews_lines WHERE doc_id IN (SELECT doc_id FROM icews_new)").fetchone()[0]
    summary.statements, summary.unmapped = c(
        """
        SELECT count(*) FILTER (WHERE r.root = ?), count(*) FILTER (WHERE r.cameo IS NULL)
        FROM icews_quads q JOIN icews_relations r ON r.id = q.r
        """,
        [STATEMENT_ROOT],
    ).fetchone()
    summary.unmapped_relations = [r[0] for r in c("SELECT name FROM icews_relations WHERE cameo IS NULL").fetchall()]
    resolved, total = c(
        "SELECT count(s_code) + count(o_code), 2 * count(*) FROM icews_lines"
        " WHERE doc_id IN (SELECT doc_id FROM icews_new)"
    ).fetchone()
    summary.mentions_resolved = resolved / total if total else 0.0
