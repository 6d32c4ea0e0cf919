"""The facts stage: quantities stated in news text, normalised and attributed to actors and periods.

- ``find_quantities(text)``: money, percentages, head counts, counted things, distances and energy
  volumes in plain text (no model needed);
- ``extract_facts(document, sentences, parses, mentions)``: the ``Fact`` records of one document;
- ``reconcile(facts)``, ``conflicts(facts)`` and ``fact_series(facts, measure, dyad)``: comparing figures
  across documents (for ``detente facts --conflicts`` and ``detente facts --series``).
"""

from detente.facts.attribution import extract_facts
from detente.facts.quantities import Quantity, find_quantities
from detente.facts.reconcile import FactGroup, conflicts, fact_series, reconcile

__all__ = ["FactGroup", "Quantity", "conflicts", "extract_facts", "fact_series", "find_quantities", "reconcile"]
