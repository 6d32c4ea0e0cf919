"""Sources: which outlets report which events and figures, and where they disagree."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from itertools import combinations
from typing import TYPE_CHECKING

from detente.analysis.common import Db, Row, cursor, rows
from detente.analysis.facts import stored_facts
from detente.analysis.timeline import event_clusters
from detente.store.queries import Where, document_filters

if TYPE_CHECKING:
    from detente.facts.reconcile import FactGroup

UNKNOWN_OUTLET = "(unknown outlet)"


@dataclass(slots=True)
class Sources:
    """What ``sources`` finds; every list holds plain rows."""

    outlets: list[Row] = field(default_factory=list)  # outlet, documents, events, facts, first, last
    event_types: list[Row] = field(default_factory=list)  # outlet, event_type, events
    shared_events: list[Row] = field(default_factory=list)  # event clusters reported by several outlets
    fact_conflicts: list[Row] = field(default_factory=list)  # one row per outlet and value of a conflict
    agreement: list[Row] = field(default_factory=list)  # outlet_a, outlet_b, groups, agree, disagree

    def to_dict(self) -> dict[str, list[Row]]:
        """Plain data, JSON-ready."""
        return asdict(self)


def sources(
    db: Db,
    *,
    since: str | None = None,
    until: str | None = None,
    status: str | None = None,
    shared_limit: int | None = 100,
) -> Sources:
    """Outlets and what they report, in the documents published between ``since`` and ``until``.

    ``outlets``: documents, events and facts per outlet, first and last publication date.
    ``event_types``: events per outlet and PLOVER type (all statuses, or ``status``).
    ``shared_events``: event clusters (``event_clusters``, whose since/until filter the events'
    own dates) reported by two outlets or more, most mentioned first, at most ``shared_limit``.
    ``fact_conflicts``: for each group of comparable figures whose values disagree
    (``reconcile``), one row per value and outlet: value (of the variant), values and texts (the
    outlet's own figures in it), doc_ids, sentences. ``agreement``: per
    pair of outlets, the groups both give a figure for, and in how many they agree.
    """
    where = Where()
    document_filters(where, source=None, doc_id=None, since=since, until=until)
    docs, params = f"SELECT * FROM documents d {where.sql()}", where.params
    event_status = " AND e.status = ?" if status else ""
    with cursor(db) as con:
        outlets = rows(
            con,
            f"""
            WITH d AS ({docs})
            SELECT coalesce(d.source, '{UNKNOWN_OUTLET}') AS outlet, count(*) AS documents,
                sum((SELECT count(*) FROM events e WHERE e.doc_id = d.doc_id{event_status})) AS events,
                sum((SELECT count(*) FROM facts f WHERE f.doc_id = d.doc_id)) AS facts,
                min(d.published_start) AS first, max(d.published_end) AS last
            FROM d GROUP BY outlet ORDER BY documents DESC, outlet
            """,
            [*params, *([status] if status else [])],
        )
        types = rows(
            con,
            f"""
            WITH d AS ({docs})
            SELECT coalesce(d.source, '{UNKNOWN_OUTLET}') AS outlet, e.event_type, count(*) AS events
            FROM events e JOIN d ON d.doc_id = e.doc_id WHERE TRUE{event_status}
            GROUP BY ALL ORDER BY outlet, events DESC, e.event_type
            """,
            [*params, *([status] if status else [])],
        )
        doc_ids = {r["doc_id"] for r in rows(con, f"SELECT doc_id FROM ({docs})", params)}
    for row in outlets:
        row["events"], row["facts"] = int(row["events"] or 0), int(row["facts"] or 0)
        row["first"] = row["first"].isoformat() if row["first"] else None
        row["last"] = row["last"].isoformat() if row["last"] else None
    # Several outlets are needed for anything to be shared or disputed.
    shared: list[Row] = []
    groups: list[FactGroup] = []
    if len(outlets) > 1:
        shared = event_clusters(
            db, since=since, until=until, status=status, min_outlets=2, sort="mentions", limit=shared_limit
        )
        from detente.facts.reconcile import reconcile  # loads spaCy: only when figures are compared

        groups = reconcile(f for f in stored_facts(db) if f["doc_id"] in doc_ids)
    return Sources(outlets, types, shared, _conflict_rows(groups), _agreement(groups))


def _outlet(fact: Row) -> str:
    return str(fact.get("source") or UNKNOWN_OUTLET)


def _conflict_rows(groups: list[FactGroup]) -> list[Row]:
    out = []
    for group in groups:
        if not group.discrepancy:
            continue
        for variant in group.variants:
            by_outlet: dict[str, list[Row]] = {}
            for fact in variant.facts:
                by_outlet.setdefault(_outlet(fact), []).append(fact)
            for outlet, facts in sorted(by_outlet.items()):
                out.append(
                    {
                        "measure": group.measure,
                        "dyad": list(group.dyad),
                        "kind": group.kind,
                        "unit": group.unit,
                        "period": group.period,
                        "outlet": outlet,
                        "value": variant.value,
                        "values": [f.get("value") for f in facts],
                        "texts": [f.get("text") for f in facts],
                        "doc_ids": [f.get("doc_id") for f in facts],
                        "sentences": [f.get("sentence_text") for f in facts],
                    }
                )
    return out


def _agreement(groups: list[FactGroup]) -> list[Row]:
    pairs: dict[tuple[str, str], Row] = {}
    for group in groups:
        said: dict[str, set[int]] = {}  # outlet -> the variants it gives
        for i, variant in enumerate(group.variants):
            for fact in variant.facts:
                said.setdefault(_outlet(fact), set()).add(i)
        for a, b in combinations(sorted(said), 2):
            row = pairs.setdefault((a, b), {"outlet_a": a, "outlet_b": b, "groups": 0, "agree": 0, "disagree": 0})
            row["groups"] += 1
            row["agree" if said[a] & said[b] else "disagree"] += 1
    return sorted(pairs.values(), key=lambda r: (-r["groups"], r["outlet_a"], r["outlet_b"]))
