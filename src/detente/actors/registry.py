"""Loading the actor registry: states, organisations, people with dated roles, role titles.

The registry is data (``actors/data/*.yaml``, format in that folder's README). User files and
folders are layered on top: an entry with the same code or id updates the shipped one key by key.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

try:  # libyaml is several times faster on the shipped files
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

DATA_DIR = Path(__file__).parent / "data"
SECTIONS = {"states": "state", "organisations": "org", "people": "person"}
FILE_SECTIONS = {"states.yaml": "states", "organisations.yaml": "organisations", "people.yaml": "people"}
# Sections that are not actors: role titles, and place names that contain a state's name
# ("South China Sea", "Indian Ocean") so that they never resolve to the state.
OTHER_SECTIONS = ("titles", "non_actors", "name_words")


class RegistryError(ValueError):
    """A registry file cannot be read."""


@dataclass(slots=True)
class Role:
    """A role a person held: the state or organisation, its sector, and the dates."""

    code: str
    role: str
    sector: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None

    def covers(self, day: dt.date) -> bool:
        """True when the role was held on ``day``."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def distance(self, day: dt.date) -> int:
        """Days between ``day`` and the role's tenure (0 inside it)."""
        if self.covers(day):
            return 0
        if self.start is not None and day < self.start:
            return (self.start - day).days
        assert self.end is not None
        return (day - self.end).days


@dataclass(slots=True)
class Actor:
    """One registry entry: a state, an organisation or a person."""

    id: str  # the code for states and organisations, the person id for people
    kind: str  # state, org, person
    name: str
    code: str | None = None  # states and organisations
    aliases: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    capitals: list[str] = field(default_factory=list)
    metonyms: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)  # cities and regions of a state (not its capital)
    surnames: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    country: str | None = None  # home state of a national organisation
    sector: str | None = None
    region: str | None = None
    subregion: str | None = None
    org_kind: str | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def role_on(self, day: dt.date | None) -> Role | None:
        """The role held on ``day`` (the highest-ranked when several), else the nearest one.

        With no date, the most recent role: articles without a date are usually recent.
        """
        if not self.roles:
            return None
        if day is None:
            return max(self.roles, key=lambda r: r.start or dt.date.min)
        holding = [r for r in self.roles if r.covers(day)]
        if holding:
            return min(holding, key=lambda r: ROLE_RANK.get(r.role, 99))
        return min(self.roles, key=lambda r: r.distance(day))


# When a person holds several roles at once, the most senior one names them.
ROLE_RANK = {
    "head_of_state": 0, "party_leader": 1, "head_of_government": 2, "vice_president": 3,
    "foreign_minister": 4, "defense_minister": 5,
}  # fmt: skip


@dataclass(slots=True)
class Title:
    """Words naming a role ("president"), with the sector the role belongs to."""

    role: str
    sector: str | None
    words: list[str]


@dataclass
class Registry:
    """All actors, indexed by id and by code, plus the role titles."""

    actors: dict[str, Actor] = field(default_factory=dict)
    titles: list[Title] = field(default_factory=list)
    non_actors: list[str] = field(default_factory=list)
    # name_words.yaml: word lists by use ("company", "central_bank", ...) for names that hold a state's
    name_words: dict[str, frozenset[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._holders: dict[tuple[str, str], list[Actor]] | None = None

    def get(self, actor_id: str) -> Actor | None:
        return self.actors.get(actor_id)

    def by_kind(self, kind: str) -> Iterator[Actor]:
        return (a for a in self.actors.values() if a.kind == kind)

    def holders(self, code: str, role: str, day: dt.date | None) -> list[Actor]:
        """People who held ``role`` for ``code`` on ``day`` (any time when ``day`` is None)."""
        if self._holders is None:
            index: dict[tuple[str, str], list[Actor]] = {}
            for person in self.by_kind("person"):
                for key in dict.fromkeys((r.code, r.role) for r in person.roles):
                    index.setdefault(key, []).append(person)
            self._holders = index
        people = self._holders.get((code, role), [])
        if day is None:
            return people
        return [p for p in people if any(r.code == code and r.role == role and r.covers(day) for r in p.roles)]

    def title_of(self, word: str) -> Title | None:
        """The title whose words include ``word`` (case-insensitive)."""
        word = word.lower()
        for title in self.titles:
            if word in (w.lower() for w in title.words):
                return title
        return None


def _date(value: object, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise RegistryError(f"{where}: bad date {value!r} (want YYYY-MM-DD)") from exc


def _strings(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]  # type: ignore[union-attr]


def read_yaml(path: Path) -> object:
    """Parse one YAML file, with a one-line error naming it."""
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_Loader)
    except (OSError, yaml.YAMLError, UnicodeDecodeError, ValueError) as exc:  # ValueError: "2010-13-01"
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise RegistryError(f"{path}: {reason}") from exc


def _merge(entries: dict[str, dict], new: dict, key: str, path: Path) -> None:
    ident = str(new[key])
    if ident in entries:
        entries[ident].update(new)
    else:
        entries[ident] = dict(new)
    entries[ident]["_file"] = str(path)  # for error messages: the last file that touched the entry


def _files(paths: Iterable[str | Path]) -> Iterator[Path]:
    for p in paths:
        p = Path(p)
        if p.is_dir():
            yield from sorted(f for f in p.iterdir() if f.suffix in (".yaml", ".yml"))
        elif p.exists():
            yield p
        else:
            raise RegistryError(f"{p}: no such registry file or folder")


def _section(path: Path, data: object) -> Iterator[tuple[str, object]]:
    """Which sections a file holds: a mapping of sections, or a list named by the file."""
    if isinstance(data, dict) and any(k in data for k in (*SECTIONS, *OTHER_SECTIONS)):
        yield from data.items()
    elif isinstance(data, list):
        stem = path.stem.lower()
        name = FILE_SECTIONS.get(path.name.lower(), stem if stem in (*SECTIONS, *OTHER_SECTIONS) else None)
        if name is None:
            raise RegistryError(
                f"{path}: cannot tell what this file holds; name it states, organisations, people, titles "
                "or non_actors.yaml "
                "or use a mapping with those keys"
            )
        yield name, data
    elif data is not None:
        raise RegistryError(f"{path}: expected a list of entries or a mapping of sections")


def load_registry(extra: Iterable[str | Path] = (), *, shipped: bool = True) -> Registry:
    """Load the shipped registry, then each extra file or folder on top of it.

    ``DETENTE_REGISTRY`` (paths separated by ``os.pathsep``) adds files as ``extra`` does.
    """
    paths: list[str | Path] = [DATA_DIR] if shipped else []
    env = os.environ.get("DETENTE_REGISTRY")
    if env:
        paths.extend(p for p in env.split(os.pathsep) if p)
    paths.extend(extra)
    raw: dict[str, dict[str, dict]] = {name: {} for name in (*SECTIONS, "titles")}
    non_actors: list[str] = []
    name_words: dict[str, frozenset[str]] = {}
    for path in _files(paths):
        for section, entries in _section(path, read_yaml(path)):
            if section == "non_actors":
                non_actors.extend(_strings(entries))
                continue
            if section == "name_words":
                if not isinstance(entries, dict):
                    raise RegistryError(f"{path}: name_words: expected a mapping of word lists")
                for use, words in entries.items():
                    name_words[str(use)] = name_words.get(str(use), frozenset()) | set(_strings(words))
                continue
            if section not in raw:
                raise RegistryError(f"{path}: unknown section {section!r}")
            key = "id" if section == "people" else "role" if section == "titles" else "code"
            for n, entry in enumerate(entries or [], 1):
                if not isinstance(entry, dict) or not entry.get(key):
                    raise RegistryError(f"{path}: {section} entry {n} has no {key!r}")
                _merge(raw[section], entry, key, path)
    registry = Registry(non_actors=non_actors, name_words=name_words)
    for section, kind in SECTIONS.items():
        for ident, entry in raw[section].items():
            registry.actors[ident] = _actor(kind, ident, entry, f"{entry.pop('_file')}: {section} {ident}")
    registry.titles = [
        Title(role=str(t["role"]), sector=t.get("sector"), words=_strings(t.get("words")))
        for t in raw["titles"].values()
    ]
    return registry


def _actor(kind: str, ident: str, e: dict, where: str) -> Actor:
    roles = []
    for i, r in enumerate(e.get("roles") or [], 1):
        if not isinstance(r, dict) or not r.get("code") or not r.get("role"):
            raise RegistryError(f"{where}: role {i} needs 'code' and 'role'")
        roles.append(
            Role(
                code=str(r["code"]),
                role=str(r["role"]),
                sector=r.get("sector"),
                start=_date(r.get("start"), f"{where} role {i}"),
                end=_date(r.get("end"), f"{where} role {i}"),
            )
        )
    name = str(e.get("name") or ident)
    surnames = _strings(e.get("surnames"))
    if kind == "person" and not surnames and " " in name:
        surnames = [name.split()[-1]]
    return Actor(
        id=ident,
        kind=kind,
        name=name,
        code=None if kind == "person" else ident,
        aliases=_strings(e.get("aliases")),
        demonyms=_strings(e.get("demonyms")),
        capitals=_strings(e.get("capitals")),
        metonyms=_strings(e.get("metonyms")),
        places=_strings(e.get("places")),
        surnames=surnames,
        roles=roles,
        members=_strings(e.get("members")),
        country=e.get("country"),
        sector=e.get("sector"),
        region=e.get("region"),
        subregion=e.get("subregion"),
        org_kind=e.get("kind"),
        valid_from=_date(e.get("valid_from"), where),
        valid_to=_date(e.get("valid_to"), where),
    )
