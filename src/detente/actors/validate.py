"""Checking actor registry files: every problem in them, one line each.

The loader (:mod:`detente.actors.registry`) stops at the first file it cannot use; the validator
reads the same raw YAML and carries on, so that one run lists everything to fix. Each line reads
``error: FILE: ENTRY: what is wrong`` or ``warning: FILE: ENTRY: ...``. Errors are entries the
loader rejects or that cannot mean what their author intended (a role code that is no state, a role
that ends before it starts, two entries sharing a code); warnings are entries that load but will
probably resolve wrongly (two people holding an exclusive role at once, one phrase naming two
actors, a key nothing reads).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from detente.actors.registry import DATA_DIR, FILE_SECTIONS, OTHER_SECTIONS, SECTIONS, RegistryError, read_yaml

__all__ = ["validate_registry"]

# The key that identifies an entry in each section; later files update entries key by key.
ENTRY_KEY = {"states": "code", "organisations": "code", "people": "id", "titles": "role"}
ALL_SECTIONS = (*SECTIONS, *OTHER_SECTIONS)
# Phrases that resolve to the actor: shared by two actors they are ambiguous. Surnames are left
# out, since people share them as a matter of course and the resolver expects it.
PHRASE_KEYS = ("aliases", "demonyms", "capitals", "metonyms", "places")
SINGULAR = {
    "name": "name",
    "aliases": "alias",
    "demonyms": "demonym",
    "capitals": "capital",
    "metonyms": "metonym",
    "places": "place",
}
KIND_WORD = {"states": "state", "organisations": "organisation", "people": "person"}
_COMMON = {"name", *PHRASE_KEYS, "valid_from", "valid_to"}
KNOWN_KEYS = {
    "states": {"code", *_COMMON, "region", "subregion", "leader_role"},
    # ``cameo`` keeps the original CAMEO code of entries imported from PETRARCH dictionaries.
    "organisations": {"code", *_COMMON, "kind", "members", "joined", "former_members", "country", "sector", "cameo"},
    "people": {"id", *_COMMON, "surnames", "roles"},
    "titles": {"role", "sector", "exclusive", "words", "cameo"},
}
ROLE_KEYS = {"code", "role", "sector", "start", "end", "cameo"}
ORG_KINDS = {"igo", "forum", "alliance", "bank", "fund", "agency", "court", "company", "group", "agreement", "ngo"}
STATE_CODE = re.compile(r"[A-Z]{3}")
ORG_CODE = re.compile(r"[A-Z0-9][A-Z0-9&+.\-]*")
ALWAYS = (dt.date.min, dt.date.max)

Span = tuple[dt.date, dt.date]


@dataclass(slots=True)
class _Entry:
    """One raw entry of one file."""

    path: Path
    section: str
    number: int  # 1-based position in its section, to name entries without a usable key
    ident: str | None
    data: dict


@dataclass
class _Report:
    """Problem lines, kept only for the files being checked (the others are context)."""

    checked: set[Path]
    labels: dict[Path, str] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    def label(self, path: Path) -> str:
        return self.labels.get(path, str(path))

    def add(self, level: str, path: Path, where: str | None, message: str) -> None:
        if path in self.checked:
            prefix = f"{level}: {self.label(path)}: " + (f"{where}: " if where else "")
            self.lines.append(prefix + message)

    def error(self, entry: _Entry, message: str) -> None:
        self.add("error", entry.path, _where(entry), message)

    def warning(self, entry: _Entry, message: str) -> None:
        self.add("warning", entry.path, _where(entry), message)


def _where(entry: _Entry) -> str:
    return entry.ident if entry.ident is not None else f"{entry.section} entry {entry.number}"


def validate_registry(paths: Iterable[str | Path] = (), *, shipped: bool = True) -> list[str]:
    """Problems in registry files, one human-readable line each, prefixed ``error:`` or ``warning:``.

    ``paths`` are the files and folders to check. With ``shipped`` the shipped registry comes first,
    as :func:`~detente.actors.registry.load_registry` layers it, and serves as context: its codes,
    titles and people count, but only problems in ``paths`` are reported. Without ``paths`` the
    shipped registry itself is checked. A problem involving two files (a shared alias, overlapping
    tenures) is reported when either file is checked. ``DETENTE_REGISTRY`` is not read: name the
    files to check.
    """
    lines: list[str] = []
    paths = list(paths)
    given = _expand(paths, lines)
    context = _expand([DATA_DIR], lines) if shipped else []
    files = list(dict.fromkeys([*context, *given]))  # the shipped folder may also be given explicitly
    names = [p.name for p in files]
    report = _Report(
        checked=set(given) if paths else set(files),
        labels={p: p.name if names.count(p.name) == 1 else str(p) for p in files},
        lines=lines,
    )
    entries: list[_Entry] = []
    non_actors: list[tuple[Path, str]] = []
    for path in files:
        try:
            data = read_yaml(path)
        except RegistryError as exc:
            report.add("error", path, None, f"YAML does not parse: {_parse_error(exc, path)}")
            continue
        except ValueError as exc:  # PyYAML builds unquoted dates itself and fails on 2010-13-01
            report.add("error", path, None, f"YAML does not parse: malformed date ({exc})")
            continue
        for section, items in _sections(path, data, report):
            if section == "non_actors":
                non_actors.extend(_non_actors(path, items, report))
            elif section == "name_words":
                _name_words(path, items, report)
            else:
                entries.extend(_entries(path, section, items, report))

    codes = {e.ident for e in entries if e.section in ("states", "organisations") and e.ident}
    roles = {e.ident for e in entries if e.section == "titles" and e.ident}
    for entry in entries:
        _check_entry(entry, codes, roles, report)
    _check_collisions(entries, report)
    merged, origin = _merge(entries)
    _check_names(merged, origin, report)
    _check_exclusive(merged, origin, report)
    _check_phrases(merged, origin, non_actors, report)
    return report.lines


# ----------------------------------------------------------------------------------- reading files


def _expand(paths: Iterable[str | Path], lines: list[str]) -> list[Path]:
    """The registry files ``paths`` name: files as given, folders by their YAML files."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(f.resolve() for f in p.iterdir() if f.suffix in (".yaml", ".yml")))
        elif p.exists():
            files.append(p.resolve())
        else:
            lines.append(f"error: {p}: no such registry file or folder")
    return files


def _parse_error(exc: RegistryError, path: Path) -> str:
    """What went wrong and where: PyYAML's own message keeps the position on a later line."""
    cause = exc.__cause__
    problem, mark = getattr(cause, "problem", None), getattr(cause, "problem_mark", None)
    if problem and mark is not None:
        return f"{problem} (line {mark.line + 1}, column {mark.column + 1})"
    return str(exc).removeprefix(f"{path}: ")


def _sections(path: Path, data: object, report: _Report) -> Iterator[tuple[str, object]]:
    """A file's sections as the loader reads them: a mapping of sections, or a list named by the file."""
    if data is None:
        return
    if isinstance(data, dict):
        for key, items in data.items():
            if key in ALL_SECTIONS:
                yield key, items
            else:
                report.add("error", path, None, f"unknown section {key!r} (want {', '.join(ALL_SECTIONS)})")
    elif isinstance(data, list):
        stem = path.stem.lower()
        section = FILE_SECTIONS.get(path.name.lower(), stem if stem in ALL_SECTIONS else None)
        if section is None:
            report.add(
                "error", path, None,
                "cannot tell what this file holds: name it states, organisations, people, titles or "
                "non_actors.yaml, or make it a mapping with those keys",
            )  # fmt: skip
        else:
            yield section, data
    else:
        report.add("error", path, None, "expected a list of entries or a mapping of sections")


def _as_list(items: object, path: Path, section: str, report: _Report) -> list:
    if isinstance(items, list):
        return items
    report.add("error", path, None, f"section {section!r} is not a list of entries")
    return []


def _non_actors(path: Path, items: object, report: _Report) -> Iterator[tuple[Path, str]]:
    if items is None:
        return
    phrases = [items] if isinstance(items, str) else _as_list(items, path, "non_actors", report)
    for n, phrase in enumerate(phrases, 1):
        if isinstance(phrase, str) and phrase.strip():
            yield path, phrase
        else:
            report.add("error", path, f"non_actors entry {n}", f"{phrase!r} is not a phrase")


def _name_words(path: Path, items: object, report: _Report) -> None:
    """name_words: a mapping of word lists."""
    if items is None:
        return
    if not isinstance(items, dict):
        report.add("error", path, "name_words", "expected a mapping of word lists")
        return
    for use, words in items.items():
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            report.add("error", path, f"name_words {use}", "expected a list of words")


def _entries(path: Path, section: str, items: object, report: _Report) -> Iterator[_Entry]:
    """A section's entries; entries without their key are reported and skipped, repeats reported."""
    if items is None:
        return
    key = ENTRY_KEY[section]
    seen: dict[str, int] = {}
    for n, data in enumerate(_as_list(items, path, section, report), 1):
        entry = _Entry(path, section, n, None, data if isinstance(data, dict) else {})
        ident = entry.data.get(key)
        if ident is None or not str(ident).strip():
            report.error(entry, f"has no {key!r}" if isinstance(data, dict) else "is not a mapping of keys")
            continue
        entry.ident = str(ident)
        if entry.ident in seen:
            report.error(entry, f"duplicate {key} in this file (also {section} entry {seen[entry.ident]})")
        seen.setdefault(entry.ident, n)
        yield entry


# ---------------------------------------------------------------------------------- one entry


def _check_entry(entry: _Entry, codes: set[str], roles: set[str], report: _Report) -> None:
    data, section = entry.data, entry.section
    for key in data:
        if key not in KNOWN_KEYS[section]:
            report.warning(entry, f"unknown key {key!r}: not used in {section}")
    if section == "titles":
        _check_title(entry, report)
        return
    ident = entry.ident or ""
    if section == "states" and not STATE_CODE.fullmatch(ident):
        report.error(entry, "state code is not 3 capital letters (ISO 3166-1 alpha-3)")
    if section == "organisations":
        if not ORG_CODE.fullmatch(ident):
            report.error(entry, "organisation code is not in capitals")
        kind = data.get("kind")
        if kind is not None and (not isinstance(kind, str) or kind not in ORG_KINDS):
            report.warning(entry, f"kind {kind!r} is not one of {', '.join(sorted(ORG_KINDS))}")
    if "name" in data and (not isinstance(data["name"], str) or not data["name"].strip()):
        report.error(entry, "empty name")
    for key in (*PHRASE_KEYS, "surnames"):
        _check_phrase_list(entry, key, report)
    valid_from = _date(entry, "valid_from", data.get("valid_from"), report)
    valid_to = _date(entry, "valid_to", data.get("valid_to"), report)
    if valid_from and valid_to and valid_to < valid_from:
        report.error(entry, "valid_to is before valid_from")
    for code in _codes(entry, "members", data.get("members"), report):
        _check_code(entry, f"member {code!r}", code, codes, report)
    for key in ("joined", "former_members"):
        dates = data.get(key)
        if dates is None:
            continue
        if not isinstance(dates, dict):
            report.error(entry, f"{key} must map member codes to dates")
            continue
        for code, day in dates.items():
            _check_code(entry, f"{key} {code!r}", str(code), codes, report)
            _date(entry, f"{key} {code}", day, report)
    if data.get("country") is not None:
        _check_code(entry, f"country {data['country']!r}", str(data["country"]), codes, report)
    if data.get("leader_role") is not None and str(data["leader_role"]) not in roles:
        report.error(entry, f"leader_role {data['leader_role']!r} is not a role in titles.yaml")
    _check_roles(entry, codes, roles, report)


def _check_title(entry: _Entry, report: _Report) -> None:
    words = entry.data.get("words")
    if not isinstance(words, list) or not words:
        report.error(entry, "needs a list of words")
    else:
        for word in words:
            if not isinstance(word, str) or not word.strip():
                report.error(entry, f"word {word!r} is not a phrase")
    if "exclusive" in entry.data and not isinstance(entry.data["exclusive"], bool):
        report.error(entry, "exclusive must be true or false")


def _check_phrase_list(entry: _Entry, key: str, report: _Report) -> None:
    value = entry.data.get(key)
    if value is None:
        return
    if not isinstance(value, list | str):
        report.error(entry, f"{key} must be a list of phrases")
        return
    for phrase in [value] if isinstance(value, str) else value:
        if not isinstance(phrase, str):
            # YAML reads unquoted yes/no/on/off as booleans and digits as numbers: NO is Norway.
            report.error(entry, f"{key}: {phrase!r} is not text (quote it)")
        elif not phrase.strip():
            report.error(entry, f"{key}: empty phrase")


def _codes(entry: _Entry, key: str, value: object, report: _Report) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        report.error(entry, f"{key} must be a list of codes")
        return []
    return [str(v) for v in value]


def _check_code(entry: _Entry, what: str, code: str, codes: set[str], report: _Report) -> None:
    if code not in codes:
        report.error(entry, f"{what} is not a registry state or organisation")


def _as_date(value: object) -> dt.date | None:
    """A date as the loader reads it: a YAML date or an ISO string; ValueError when malformed."""
    if value is None or value == "":
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _date(entry: _Entry, what: str, value: object, report: _Report) -> dt.date | None:
    try:
        return _as_date(value)
    except ValueError:
        report.error(entry, f"{what}: malformed date {value!r} (want YYYY-MM-DD)")
        return None


def _check_roles(entry: _Entry, codes: set[str], roles: set[str], report: _Report) -> None:
    value = entry.data.get("roles")
    if value is None:
        return
    if not isinstance(value, list):
        report.error(entry, "roles must be a list")
        return
    for n, role in enumerate(value, 1):
        if not isinstance(role, dict) or not role.get("code") or not role.get("role"):
            report.error(entry, f"role {n} needs 'code' and 'role'")
            continue
        for key in role:
            if key not in ROLE_KEYS:
                report.warning(entry, f"role {n}: unknown key {key!r}: not used in roles")
        _check_code(entry, f"role {n}: code {role['code']!r}", str(role["code"]), codes, report)
        if str(role["role"]) not in roles:
            report.error(entry, f"role {n}: {role['role']!r} is not a role in titles.yaml")
        start = _date(entry, f"role {n} start", role.get("start"), report)
        end = _date(entry, f"role {n} end", role.get("end"), report)
        if start and end and end < start:
            report.error(entry, f"role {n} ends before it starts")


# --------------------------------------------------------------------- across entries and files

Merged = dict[str, dict[str, dict]]
Origin = dict[str, dict[str, dict[str, Path]]]


def _check_collisions(entries: list[_Entry], report: _Report) -> None:
    """Codes and ids share one namespace: the loader builds states, then organisations, then people,
    so an organisation with a state's code replaces the state, and a person either."""
    first: dict[tuple[str, str], _Entry] = {}
    for entry in entries:
        if entry.section != "titles" and entry.ident is not None:
            first.setdefault((entry.section, entry.ident), entry)
    order = list(SECTIONS)
    for (section, ident), entry in first.items():
        for earlier in order[: order.index(section)]:
            lost = first.get((earlier, ident))
            if lost is not None:
                report.error(entry, f"also the code of a {KIND_WORD[earlier]} in {report.label(lost.path)}, "
                             "which this entry replaces")  # fmt: skip
                report.error(lost, f"replaced by the {KIND_WORD[section]} with the same code in "
                             f"{report.label(entry.path)}")  # fmt: skip


def _merge(entries: list[_Entry]) -> tuple[Merged, Origin]:
    """The entries layered as the loader layers them, with the file that set each key last
    (key ``""``: the file that introduced the entry)."""
    merged: Merged = defaultdict(dict)
    origin: Origin = defaultdict(lambda: defaultdict(dict))
    for entry in entries:
        assert entry.ident is not None
        merged[entry.section].setdefault(entry.ident, {}).update(entry.data)
        where = origin[entry.section][entry.ident]
        where.setdefault("", entry.path)
        where.update(dict.fromkeys(entry.data, entry.path))
    return merged, origin


def _check_names(merged: Merged, origin: Origin, report: _Report) -> None:
    for section in SECTIONS:
        for ident, data in merged.get(section, {}).items():
            if "name" not in data:
                report.add("warning", origin[section][ident][""], ident, "no name in any file; its code stands in")


def _span(start: object, end: object) -> Span | None:
    """A tenure or lifetime, open ends as date.min and date.max; None when a date is malformed."""
    try:
        return _as_date(start) or dt.date.min, _as_date(end) or dt.date.max
    except ValueError:
        return None  # reported where the date is


def _overlap(a: Span | None, b: Span | None) -> bool:
    """Whether two spans share more than a boundary day: a handover day belongs to both holders."""
    (a_start, a_end), (b_start, b_end) = a or ALWAYS, b or ALWAYS
    return a_start < b_end and b_start < a_end


def _check_exclusive(merged: Merged, origin: Origin, report: _Report) -> None:
    """Two people holding an ``exclusive: true`` role of the same state or organisation at once."""
    exclusive = {role for role, title in merged.get("titles", {}).items() if title.get("exclusive") is True}
    tenures: dict[tuple[str, str], list[tuple[Span, str]]] = defaultdict(list)
    for ident, person in merged.get("people", {}).items():
        roles = person.get("roles")
        for role in roles if isinstance(roles, list) else []:  # other values are reported as errors
            if isinstance(role, dict) and str(role.get("role")) in exclusive and role.get("code"):
                span = _span(role.get("start"), role.get("end"))
                if span is not None and span[0] <= span[1]:
                    tenures[(str(role["code"]), str(role["role"]))].append((span, ident))
    for (code, role), held in tenures.items():
        held.sort()
        active: list[tuple[Span, str]] = []
        reported: set[tuple[str, str]] = set()
        for span, ident in held:
            active = [(s, i) for s, i in active if _overlap(s, span)]
            for other_span, other in active:
                if other == ident or (other, ident) in reported:
                    continue
                reported.add((other, ident))
                first, second = _file(origin, ident), _file(origin, other)
                path, who, whom = (first, ident, other) if first in report.checked else (second, other, ident)
                shared = (max(span[0], other_span[0]), min(span[1], other_span[1]))
                report.add(
                    "warning", path, who,
                    f"{role} of {code} overlaps {whom}'s tenure ({_day(shared[0])} to {_day(shared[1])})",
                )  # fmt: skip
            active.append((span, ident))


def _file(origin: Origin, ident: str) -> Path:
    where = origin["people"][ident]
    return where.get("roles", where[""])


def _day(day: dt.date) -> str:
    return "open" if day in ALWAYS else day.isoformat()


def _norm(phrase: str) -> str:
    """A phrase as the matcher compares it: spaces collapsed, without a leading "the", case folded."""
    phrase = " ".join(phrase.split())
    return (phrase[4:] if phrase.lower().startswith("the ") else phrase).casefold()


def _check_phrases(merged: Merged, origin: Origin, non_actors: list[tuple[Path, str]], report: _Report) -> None:
    """One phrase naming two actors that exist at the same time, or an actor and a non-actor place.

    States that follow one another (the Soviet Union and Russia, both "Moscow") are told apart by
    their ``valid_from`` and ``valid_to``, so they may share phrases.
    """
    named: dict[str, dict[str, tuple[str, str, Path]]] = defaultdict(dict)
    lifetimes: dict[str, Span | None] = {}
    for section in SECTIONS:
        for ident, data in merged.get(section, {}).items():
            where = origin[section][ident]
            lifetimes[ident] = _span(data.get("valid_from"), data.get("valid_to"))
            for key in ("name", *PHRASE_KEYS):
                value = data.get(key)
                for phrase in [value] if isinstance(value, str) else value if isinstance(value, list) else []:
                    if isinstance(phrase, str) and phrase.strip():
                        named[_norm(phrase)].setdefault(ident, (key, phrase, where.get(key, where[""])))
    for actors in named.values():
        if len(actors) < 2:
            continue
        clashing = [i for i in actors if any(j != i and _overlap(lifetimes[i], lifetimes[j]) for j in actors)]
        if not clashing:
            continue
        clashing.sort(key=lambda i: actors[i][2] not in report.checked)  # report in a checked file
        ident, others = clashing[0], clashing[1:]
        key, phrase, path = actors[ident]
        listed = ", ".join(f"{other} ({report.label(actors[other][2])})" for other in others)
        report.add("warning", path, ident, f"{SINGULAR[key]} {phrase!r} also names {listed}: ambiguous")
    for path, phrase in non_actors:
        hidden = named.get(_norm(phrase))
        if hidden:
            report.add(
                "warning", path, "non_actors", f"{phrase!r} is also a name of {', '.join(hidden)}, which it hides"
            )
