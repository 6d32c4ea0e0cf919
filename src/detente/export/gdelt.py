"""The GDELT 2.0 events table: detente's events in GDELT's 61-column, tab-separated layout.

One row per event cluster (``analysis.timeline.cluster_sql``: the reports of one event, by PLOVER
type, dyad and date), so NumMentions, NumSources and NumArticles mean what they mean in GDELT.
A header line gives GDELT's field names. What detente knows fills the columns:

* dates from the event's date (its first day), else its article's publication date;
* Actor1/Actor2 from the first source and first target of the cluster's first report: Code is
  the state or organisation code followed by the sector (``RUSGOV``), Name the registry's name in
  capitals (the text for an unresolved actor), CountryCode the state code (ISO 3166 alpha-3,
  where GDELT uses CAMEO country codes, the same letters for most states), KnownGroupCode the
  organisation code, Type1Code the sector;
* EventCode the full CAMEO code when the event carries one (events imported from ICEWS keep it
  as their trigger), else the root followed by 0; EventBaseCode its first three digits;
  EventRootCode the root; QuadClass; GoldsteinScale the intensity;
* IsRootEvent 1 when the first report is in the document's first sentence;
* ActionGeo from the event's place (Type 1 and CountryCode when its code is a state);
* DATEADDED the ingest time (YYYYMMDDHHMMSS), SOURCEURL the first report's URL (else its path,
  else its doc_id).

AvgTone, the religion, ethnic and known-group fields of people, Actor geography, ADM codes,
coordinates and feature ids stay empty: detente does not extract them.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa

from detente.actors.registry import Registry
from detente.analysis.common import DEFAULT_STATUS, Db, cursor, event_base
from detente.analysis.groups import default_registry
from detente.analysis.timeline import cluster_sql

# GDELT 2.0 events export, in order (shared/data/cameo/gdelt2_fields.csv, events_export).
GDELT_FIELDS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code",
    "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)  # fmt: skip


def _clean(expr: str) -> str:
    """A text value without tabs or line breaks: the layout has no quoting."""
    return f"regexp_replace({expr}, '[\\t\\r\\n]+', ' ', 'g')"


def _actor(n: int, alias: str) -> dict[str, str]:
    """The Actor<n> columns from an event_actors row ``alias`` joined with its registry row ``{alias}r``."""
    r = f"{alias}r"
    return {
        f"Actor{n}Code": f"CASE WHEN {alias}.code IS NULL THEN NULL"
        f" ELSE {alias}.code || coalesce(CASE WHEN {alias}.sector <> 'IGO' THEN {alias}.sector END, '') END",
        f"Actor{n}Name": _clean(f"coalesce(upper({r}.name), {alias}.text)"),
        f"Actor{n}CountryCode": f"CASE WHEN {r}.kind = 'state' THEN {alias}.code END",
        f"Actor{n}KnownGroupCode": f"CASE WHEN {r}.kind = 'org' THEN {alias}.code END",
        f"Actor{n}Type1Code": f"{alias}.sector",
    }


def gdelt_sql(base: str) -> str:
    """The SELECT of the GDELT table over the events ``base`` selects (needs the gdelt_registry view)."""
    event_code = (
        "CASE WHEN regexp_full_match(e.trigger, '[0-9]{3,4}') AND starts_with(e.trigger, c.cameo_root)"
        " THEN e.trigger ELSE c.cameo_root || '0' END"
    )
    columns = {
        "GLOBALEVENTID": "row_number() OVER (ORDER BY c.date_start, c.event_type, c.source, c.target)",
        "SQLDATE": "CAST(strftime(c.date_start, '%Y%m%d') AS INTEGER)",
        "MonthYear": "CAST(strftime(c.date_start, '%Y%m') AS INTEGER)",
        "Year": "year(c.date_start)",
        "FractionDate": "round(year(c.date_start) + dayofyear(c.date_start) / 365.0, 4)",
        **_actor(1, "a1"),
        **_actor(2, "a2"),
        "IsRootEvent": "CASE WHEN e.sentences[1] = 0 THEN 1 ELSE 0 END",
        "EventCode": event_code,
        "EventBaseCode": f"left({event_code}, 3)",
        "EventRootCode": "c.cameo_root",
        "QuadClass": "c.quad_class",
        "GoldsteinScale": "e.intensity",
        "NumMentions": "c.mentions",
        "NumSources": "c.outlets",
        "NumArticles": "c.articles",
        "ActionGeo_Type": "CASE WHEN pr.kind = 'state' THEN 1 END",
        "ActionGeo_FullName": _clean("e.place"),
        "ActionGeo_CountryCode": "CASE WHEN pr.kind = 'state' THEN e.place_code END",
        "DATEADDED": "CAST(strftime(d.ingested_at, '%Y%m%d%H%M%S') AS BIGINT)",
        "SOURCEURL": _clean("coalesce(d.url, d.path, d.doc_id)"),
    }
    select = ",\n".join(f'{columns.get(name, "NULL")} AS "{name}"' for name in GDELT_FIELDS)
    first_actor = (
        "LEFT JOIN event_actors {a} ON {a}.doc_id = c.doc_id AND {a}.event_id = c.event_id"
        " AND {a}.side = '{side}' AND {a}.position = 0 LEFT JOIN gdelt_registry {a}r ON {a}r.code = {a}.code"
    )
    return f"""
        SELECT {select}
        FROM ({cluster_sql(base)}) c
        JOIN events e ON e.doc_id = c.doc_id AND e.event_id = c.event_id
        JOIN documents d ON d.doc_id = c.doc_id
        {first_actor.format(a="a1", side="source")}
        {first_actor.format(a="a2", side="target")}
        LEFT JOIN gdelt_registry pr ON pr.code = e.place_code
        ORDER BY "GLOBALEVENTID"
    """


def _registry_table(registry: Registry) -> pa.Table:
    actors = [a for a in registry.actors.values() if a.kind != "person"]
    return pa.table(
        {"code": [a.id for a in actors], "name": [a.name for a in actors], "kind": [a.kind for a in actors]}
    )


def write_gdelt(
    db: Db,
    path: str | Path,
    *,
    actor: str | None = None,
    since: str | None = None,
    until: str | None = None,
    status: str | Iterable[str] | None = DEFAULT_STATUS,
    types: Iterable[str] | None = None,
    source: str | None = None,
    registry: Registry | None = None,
) -> int:
    """Write the GDELT 2.0 events table (tab-separated, a header of field names) and return its rows.

    Filters as in ``analysis.dyad_series``; ``actor``: events with that code on either side.
    """
    base, params = event_base(since=since, until=until, status=status, types=types, source=source)
    if actor:
        base = (
            f"SELECT * FROM ({base}) b WHERE EXISTS (SELECT 1 FROM event_actors x"
            " WHERE x.doc_id = b.doc_id AND x.event_id = b.event_id AND x.code = ?)"
        )
        params = [*params, actor.upper()]
    target = "'" + str(path).replace("'", "''") + "'"
    with cursor(db) as con:
        con.register("gdelt_registry", _registry_table(registry or default_registry()))
        sql = f"COPY ({gdelt_sql(base)}) TO {target} (FORMAT csv, DELIMITER '\\t', HEADER, QUOTE '')"
        return int(con.execute(sql, params).fetchone()[0])
