"""Resolving the actor names of coded event data ("China", "Xi Jinping", "Police (India)") to detente actors.

States and organisations resolve through the registry's names and aliases, then ISO 3166 names
(pycountry); people through the registry's people, to the state of the role they held on the
given day; "Sector (Country)" forms to the country, with the CAMEO sector of the part before the
parentheses (``data/icews_sectors.yaml``). Anything else stays unresolved, with its text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycountry
import yaml

from detente.actors.registry import Actor, Registry

DATA_DIR = Path(__file__).parent / "data"
SHORTEST_ISO_NAME = 4  # shorter names ("UN", "ETA") are never looked up as countries


@dataclass(slots=True, frozen=True)
class Resolved:
    """What a name resolves to, in the fields of ``schemas.ActorMention``."""

    code: str | None
    kind: str  # state, org, person, unresolved
    sector: str | None = None
    person: str | None = None
    role: str | None = None
    how: str = "name"  # name, alias, or sector (a "Sector (Country)" form)
    actor_id: str | None = None


UNRESOLVED = Resolved(None, "unresolved")


def clean_name(name: str) -> str:
    """Whitespace collapsed: ICEWS files write "Citizen  (Nigeria)" with double spaces."""
    return " ".join(name.replace("_", " ").split())


@lru_cache(maxsize=1)
def sector_phrases() -> list[tuple[str, re.Pattern[str]]]:
    """(sector, pattern) pairs in the data file's order; a pattern matches any of its phrases."""
    data = yaml.safe_load((DATA_DIR / "icews_sectors.yaml").read_text(encoding="utf-8"))
    out = []
    for sector, phrases in data.items():
        alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
        out.append((sector, re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)))
    return out


def split_sector(name: str) -> tuple[str, str] | None:
    """("Member of Legislative (Govt)", "Nigeria") from "Member of Legislative (Govt) (Nigeria)":
    the last parenthesised group, which may hold parentheses itself ("Holy See (Vatican City State)")."""
    if not name.endswith(")"):
        return None
    depth = 0
    for i in range(len(name) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(name[i], 0)
        if depth == 0:
            head, inner = name[:i].strip(), name[i + 1 : -1].strip()
            return (head, inner) if head and inner else None
    return None


@lru_cache(maxsize=1)
def extra_names() -> dict[str, str]:
    """Names the registry and ISO 3166 spell otherwise (``data/icews_names.tsv``), lowercased."""
    out = {}
    for line in (DATA_DIR / "icews_names.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, code = line.split("\t")[:2]
            out[name.strip().lower()] = code.strip()
    return out


def sector_of(head: str) -> str | None:
    """The CAMEO sector a sector name ("Military Personnel - Special") stands for, or None."""
    for sector, pattern in sector_phrases():
        if pattern.search(head):
            return sector
    return None


class EntityResolver:
    """Resolves names to actors with one registry; ``day`` picks people's roles."""

    def __init__(self, registry: Registry, day: dt.date | None = None) -> None:
        self.day = day
        self.names: dict[str, tuple[Actor, str]] = {}
        self.people: dict[str, tuple[Actor, str]] = {}
        for actor in registry.actors.values():
            index = self.people if actor.kind == "person" else self.names
            for how, names in (("name", [actor.name]), ("alias", actor.aliases)):
                for name in names:
                    index.setdefault(clean_name(name).lower(), (actor, how))
        self.iso: dict[str, str] = dict(extra_names())
        for country in pycountry.countries:
            for attr in ("name", "official_name", "common_name"):
                value = getattr(country, attr, None)
                if value:
                    self.iso.setdefault(value.lower(), country.alpha_3)

    def resolve(self, name: str) -> Resolved:
        """The actor a name stands for (UNRESOLVED when none)."""
        name = clean_name(name)
        found = self._direct(name)
        if found is not None:
            return found
        parts = split_sector(name)
        if parts:
            inner = self._direct(parts[1])
            if inner is not None and inner.code is not None and inner.kind != "person":
                return Resolved(inner.code, inner.kind, sector_of(parts[0]), how="sector", actor_id=inner.actor_id)
        return UNRESOLVED

    def _direct(self, name: str) -> Resolved | None:
        key = name.lower()
        if key in self.names:
            actor, how = self.names[key]
            return Resolved(actor.id, actor.kind, actor.sector, how=how, actor_id=actor.id)
        if key in self.people:
            person, how = self.people[key]
            role = person.role_on(self.day)
            return Resolved(
                role.code if role else None,
                "person",
                role.sector if role else None,
                person=person.id,
                role=role.role if role else None,
                how=how,
                actor_id=person.id,
            )
        if len(name) >= SHORTEST_ISO_NAME and key in self.iso:
            code = self.iso[key]
            return Resolved(code, "state", how="name", actor_id=code)
        return None
