"""Actors as members of groups: organisations' members, UN geoscheme regions and sub-regions, blocs.

The registry (``detente.actors.registry``) gives each state its UN region and sub-region and each
organisation its current members (membership dates are not used: a member is counted for the
whole period). Pure functions over a ``Registry``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from detente.actors.registry import Actor, Registry, load_registry

LEVELS = ("partner", "region", "subregion", "bloc")
# The blocs of "partner mix by bloc", when the caller names none: alliances, unions and forums whose
# members the registry lists (those it lacks are left out).
DEFAULT_BLOCS = (
    "ASEAN", "EU", "NATO", "SCO", "BRICS", "G7", "EAEU", "CSTO", "GCC", "OPEC", "SAARC", "MERCOSUR", "AU",
)  # fmt: skip
ORGANISATIONS = "(organisations)"  # an organisation whose members span several regions
OTHER = "(other)"  # a code the registry does not know
NO_BLOC = "(no bloc)"


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    """The shipped registry (plus DETENTE_REGISTRY), loaded once per process."""
    return load_registry()


def _regions(registry: Registry, actor: Actor, attr: str) -> set[str]:
    """The regions (``attr``: region or subregion) of a state, or of all members of an organisation."""
    if actor.kind == "state":
        value = getattr(actor, attr)
        return {value} if value else set()
    found = set()
    for code in actor.members:
        member = registry.get(code)
        if member is not None and member.kind == "state" and getattr(member, attr):
            found.add(getattr(member, attr))
    return found


def expand(name: str, registry: Registry) -> list[str]:
    """The codes a name stands for, sorted: an organisation with members is itself plus its members
    ("ASEAN"), a UN region or sub-region is its states ("Asia", "South-eastern Asia"), anything else
    is the code itself ("CHN"). Region names match case-insensitively."""
    actor = registry.get(name.upper()) or registry.get(name)
    if actor is not None and actor.kind != "person":
        return sorted({actor.id, *actor.members})
    wanted = name.strip().lower()
    states = [
        a.id for a in registry.by_kind("state") if wanted in ((a.region or "").lower(), (a.subregion or "").lower())
    ]
    return sorted(states) if states else [name.upper()]


def codes_of(names: str | Iterable[str], registry: Registry) -> list[str]:
    """Every code the names stand for (``expand`` of each), sorted."""
    names = [names] if isinstance(names, str) else list(names)
    return sorted({code for name in names for code in expand(name, registry)})


def memberships(
    codes: Iterable[str], level: str, registry: Registry, blocs: Sequence[str] | None = None
) -> list[tuple[str, str]]:
    """(code, group) pairs putting each code in its groups at ``level`` (LEVELS).

    partner: the code itself. region/subregion: a state's region; an organisation whose members all
    lie in one region gets that region (ASEAN -> Asia), other organisations ORGANISATIONS; unknown
    codes OTHER. bloc: every bloc (``blocs``, any case, default DEFAULT_BLOCS) the code is, or is a
    member of, so a code can be in several blocs; codes in none are NO_BLOC. Raises ValueError for
    a given bloc the registry does not know as an organisation with members.
    """
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}: use one of {', '.join(LEVELS)}")
    pairs: list[tuple[str, str]] = []
    if level == "bloc":
        chosen = [b.upper() for b in blocs] if blocs else list(DEFAULT_BLOCS)
        unknown = [b for b in chosen if b not in registry.actors or not registry.actors[b].members]
        if unknown and blocs:
            raise ValueError(f"not a bloc with members in the registry: {', '.join(unknown)}")
        members = {b: {b, *registry.actors[b].members} for b in chosen if b not in unknown}
        for code in codes:
            groups = [bloc for bloc, codes_in in members.items() if code in codes_in]
            pairs += [(code, g) for g in groups] or [(code, NO_BLOC)]
        return pairs
    for code in codes:
        actor = registry.get(code)
        if level == "partner":
            pairs.append((code, code))
        elif actor is None or actor.kind == "person":
            pairs.append((code, OTHER))
        else:
            regions = _regions(registry, actor, level)
            pairs.append((code, regions.pop() if len(regions) == 1 else ORGANISATIONS))
    return pairs


def actor_info(code: str, registry: Registry) -> dict[str, str]:
    """Display attributes of a code: name, kind (state, org or unknown), region, subregion (non-empty only)."""
    actor = registry.get(code)
    if actor is None or actor.kind == "person":
        return {"name": code, "kind": "unknown"}
    info = {"name": actor.name, "kind": actor.kind}
    for attr in ("region", "subregion"):
        regions = _regions(registry, actor, attr)
        if len(regions) == 1:
            info[attr] = regions.pop()
    return info
