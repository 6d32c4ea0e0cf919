"""Figures over the store: series of one measure for a dyad, and where the sources disagree.

Thin wrappers that read the stored facts (``Store.facts``), attach each one's outlet and
publication date, and hand them to ``detente.facts.reconcile``. That module is imported when
used: importing ``detente.facts`` loads spaCy, which the other analyses do not need.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from detente.analysis.common import Db, Row, cursor, queries, rows

if TYPE_CHECKING:
    from detente.facts.reconcile import FactGroup


def stored_facts(
    db: Db,
    *,
    measure: str | None = None,
    actor: str | None = None,
    dyad: tuple[str, str] | None = None,
    since: str | None = None,
    until: str | None = None,
    source: str | None = None,
) -> list[Row]:
    """Facts as ``reconcile`` reads them, with ``source`` (the outlet) and ``published`` added.

    The fields are those of ``schemas.Fact`` (``kind`` the kind of figure, ``sentence`` the
    sentence index, ``sentence_text``, ``period`` the period's value) plus the export record's
    others (docs/export-format.md). Filters as in ``Store.facts``: since/until on the period the
    figure refers to.
    """
    records = queries(db).facts(measure=measure, actor=actor, dyad=dyad, since=since, until=until, source=source)
    with cursor(db) as con:
        docs = {r["doc_id"]: r for r in rows(con, "SELECT doc_id, source, published FROM documents")}
    facts = []
    for record in records:
        doc = docs.get(record["doc_id"], {})
        facts.append(
            {
                **record,
                # The export record names these differently from the Fact fields reconcile reads.
                "kind": record["kind_of_fact"],
                "sentence": record["sentence_index"],
                "sentence_text": record["sentence"],
                "period": record["period_value"],
                "source": doc.get("source"),
                "published": doc.get("published"),
            }
        )
    return facts


def fact_series(
    db: Db,
    measure: str,
    dyad: Iterable[str],
    *,
    since: str | None = None,
    until: str | None = None,
    source: str | None = None,
) -> list[Row]:
    """The figures of one measure whose actors include every code of ``dyad``, by period.

    Rows (``reconcile.fact_series``): period, value, value_max, unit, kind, approx, doc_id, source
    (outlet), sentence, text, fact_id.
    """
    codes = [c.upper() for c in dyad]
    from detente.facts.reconcile import fact_series as series_of

    first = codes[0] if codes else None
    facts = stored_facts(db, measure=measure, actor=first, since=since, until=until, source=source)
    return series_of(facts, measure, codes)


def fact_groups(db: Db, *, only_conflicts: bool = False, **filters: Any) -> list[FactGroup]:
    """Comparable figures grouped by ``reconcile`` (only those whose sources disagree with
    ``only_conflicts``); ``filters`` as in ``stored_facts``."""
    from detente.facts.reconcile import conflicts, reconcile

    facts = stored_facts(db, **filters)
    return conflicts(facts) if only_conflicts else reconcile(facts)


def fact_conflicts(db: Db, **filters: Any) -> list[FactGroup]:
    """The groups of comparable figures whose sources disagree; ``filters`` as in ``stored_facts``."""
    return fact_groups(db, only_conflicts=True, **filters)


def group_rows(groups: Sequence[FactGroup]) -> list[Row]:
    """Fact groups as flat rows, one per variant: measure, dyad, kind, unit, period, status, value,
    facts (how many give it), outlets, doc_ids, sentences."""
    out = []
    for group in groups:
        for variant in group.variants:
            out.append(
                {
                    "measure": group.measure,
                    "dyad": list(group.dyad),
                    "kind": group.kind,
                    "unit": group.unit,
                    "period": group.period,
                    "status": group.status,
                    "value": variant.value,
                    "facts": len(variant.facts),
                    "outlets": sorted({str(f.get("source")) for f in variant.facts if f.get("source")}),
                    "doc_ids": [f.get("doc_id") for f in variant.facts],
                    "sentences": [f.get("sentence_text") for f in variant.facts],
                }
            )
    return out
