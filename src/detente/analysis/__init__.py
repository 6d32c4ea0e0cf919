"""Analyses over the store: dyad series, partner mix, the actor network, timelines, figures, sources.

Each analysis is a function of a ``Store`` (or a DuckDB connection to a detente database) and
explicit parameters, returning plain rows (dicts), small dataclasses or a networkx graph. The
counting is done in DuckDB SQL. Charts of the results are in ``detente.report.charts``.
"""

from detente.analysis.common import period_span
from detente.analysis.dyads import dyad_series, quad_table
from detente.analysis.facts import fact_conflicts, fact_groups, fact_series, group_rows, stored_facts
from detente.analysis.groups import expand, memberships
from detente.analysis.network import centrality, communities, ego_network, network
from detente.analysis.partners import partner_mix
from detente.analysis.sources import Sources, sources
from detente.analysis.timeline import event_clusters, timeline

__all__ = [
    "Sources",
    "centrality",
    "communities",
    "dyad_series",
    "ego_network",
    "event_clusters",
    "expand",
    "fact_conflicts",
    "fact_groups",
    "fact_series",
    "group_rows",
    "memberships",
    "network",
    "partner_mix",
    "period_span",
    "quad_table",
    "sources",
    "stored_facts",
    "timeline",
]
