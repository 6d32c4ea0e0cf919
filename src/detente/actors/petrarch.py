"""Import PETRARCH/TABARI actor and agent dictionaries into detente's registry format.

A PETRARCH actor dictionary lists phrases with CAMEO codes, optionally date-restricted::

    VLADIMIR_PUTIN_  # CountryInfo.txt
    +PUTIN_
        [RUSELI 700101-990809]
        [RUSGOV >080508]
        [RUSELI]

The importer turns it into the registry's sections (``actors/data/README.md``). A CAMEO code is
read as a state (``RUS``; a territory such as ``USAASM`` is the state ``ASM``), a state's sector
(``RUSGOV``: code ``RUS``, sector ``GOV``) or an organisation (``IGOUNO`` -> ``UN``). Then:

- an entry marked ``CountryInfo``, or with dated or several codes one of which is a state's
  CAMEO agent sector (``GOV``, ``MIL``, ``REB``, ...), is a person, each code a role (``official``,
  with the sector; the CAMEO code is kept as ``cameo``). The dictionaries mark most people; some
  unmarked entries with dated codes are parties or movements (the SPLM), which the registry can
  only date as people;
- an entry with state codes (``RUSSIA_ [RUS]``, ``ZIMBABWE [RHO <790606] [ZBW]``) gives its
  phrases to each state as aliases. Codes that are not ISO 3166 (the fictional states of the
  validation dictionaries, ``ARN`` for Arnor) become states of their own, dated codes giving their
  lifetime;
- an entry with one state's sector (``PEOPLES_LIBERATION_ARMY [CHNMIL]``) names a body of that
  state: its phrases become the state's metonyms, since ministries and armies resolve to their
  state in detente (the sector is lost);
- an entry with organisation codes (``THE_UNITED_NATIONS_ [IGOUNO]``) names an organisation; every
  phrase with the same code names the same one, as in PETRARCH;
- an entry coded ``[---]`` (PETRARCH's "recognise, do not code": ``INDIAN_OCEAN``) is a non-actor.

Dates follow PETRARCH: ``YYMMDD`` (00-30 -> 20YY, else 19YY) or ``YYYYMMDD``; ``<D`` ends a role,
``>D`` starts one, ``D1-D2`` bounds it, and the days are kept as written (the registry's ``end`` is
the last day, which is how the validation records read them). The first dated code that covers a
day wins, and an undated code is the default for the days no dated code covers, so the importer
keeps the dated roles in dictionary order and gives each undated code the uncovered spans.

The result is meant to be layered on the registry (``--registry``), where a user file replaces a
list key as a whole: entries the registry already has (found by code, id or a shared name) are
written with the registry's names, aliases and roles as well as the dictionary's, and every code a
role uses gets an entry, so the import also loads on its own. Re-run the import after updating
the registry. Lines the reader cannot use, and guesses it made, are listed under ``problems``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pycountry

from detente.actors.registry import Actor, Registry, load_registry

__all__ = ["dump_yaml", "import_petrarch_actors", "import_petrarch_agents", "write_yaml"]

# CAMEO international codes -> registry organisation codes. Longer codes are tried first, so
# IGOUNOREFHCR maps to UNHCR and any other IGOUNO... to UN. Three-letter entries are the legacy
# codes of the PETRARCH validation dictionaries (UNO, EEC, IBR).
ORG_CODES = {
    "IGOUNO": "UN", "UNO": "UN", "IGOUNOREFHCR": "UNHCR", "IGOUNOKID": "UNICEF",
    "IGOUNOHLHWHO": "WHO", "IGOUNOIAE": "IAEA", "IGOUNOAIE": "IAEA", "IGOUNOWFP": "WFP",
    "IGOUNOLABILO": "ILO", "IGOUNOAGRFAO": "FAO", "IGOUNOHRIHCH": "OHCHR", "IGOUNOJUDICJ": "ICJ",
    "IGOUNODEVWBK": "WB", "IGOUNOWBK": "WB", "IBR": "WB", "IGOBUSIMF": "IMF", "IMF": "IMF",
    "IGOBUSWTO": "WTO", "IGOJUDICC": "ICC", "IGOWSTNAT": "NATO", "IGOSEAASN": "ASEAN",
    "IGOEUREEC": "EU", "EEC": "EU", "IGOEEU": "EU", "IGOAFRAFU": "AU", "IGOMEAARL": "LAS",
    "IGOMOSOIC": "OIC", "IGOASADEVADB": "ADB", "IGOEURDEVEBR": "EBRD", "IGOBUSOPC": "OPEC",
    "IGOCASCIS": "CIS", "IGOWAFWAS": "ECOWAS", "IGOOAS": "OAS", "IGOCOPITP": "INTERPOL",
    "IGOGOS": "G7", "G77": "G77",
}  # fmt: skip
# Three-letter prefixes of CAMEO codes that name no state, and the sector each stands for.
NON_STATE_PREFIXES = {"IGO": "IGO", "NGO": "NGO", "NGM": "NGO", "IMG": "IMG", "MNC": "BUS", "UIS": "UIS"}
ORG_KINDS = {"IGO": "igo", "NGO": "ngo", "IMG": "group", "BUS": "company", "UIS": "group"}
# CAMEO state codes that differ from the registry's ISO 3166 and ISO 3166-3 codes.
STATE_CODES = {"USR": "SUN", "KSV": "XKX", "TMP": "TLS", "ROM": "ROU", "FRY": "YUG"}
# CAMEO agent codes: the sector part of a code. One is never read as a territory, although CIV
# and MUS are also ISO codes (FRACIV is French civilians, not Côte d'Ivoire).
AGENTS = frozenset({
    "AGR", "BUS", "CHR", "COP", "CRM", "CVL", "CIV", "DEV", "EDU", "ELI", "ENV", "GOV", "HLH", "HRI", "INS", "JUD",
    "LAB", "LEG", "MED", "MIL", "MOD", "MUS", "OPP", "PTY", "RAD", "REB", "REF", "REL", "SEP", "SPY", "UAF",
})  # fmt: skip
# CAMEO regions and religions, which with the agent codes name no particular state. Dictionaries
# use them as codes of their own (REUTERS [MED]), and so do the validation dictionaries for
# fictional states (INDONESIA [INS]): the importer keeps them as states and says so.
GENERIC = AGENTS | frozenset({
    "AFR", "ASA", "BLK", "CAS", "CAU", "CEU", "CFR", "CRB", "EAF", "EEU", "EIN", "EUR", "LAM", "MDT", "MEA", "NAF",
    "NMR", "PGS", "SAF", "SAM", "SAS", "SCN", "SEA", "WAF", "WEU", "WST", "BAH", "BUD", "HIN", "JEW", "MOS",
})  # fmt: skip
NULL_CODE = "---"  # PETRARCH's "recognise but do not code"
PLACEHOLDERS = {"+++", "###"}  # test markers of the validation dictionaries
ROLE = "official"  # registry role given to every imported role: the sector carries the detail
ONE_DAY = dt.timedelta(days=1)


# ---------------------------------------------------------------------------------------- YAML


_PLAIN = re.compile(r"[^\W\d_](?:[\w.\- ]*[\w.])?")
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def _scalar(value: object) -> str:
    """One value as a YAML flow scalar, quoted only when it has to be."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date | int | float):
        return str(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and text.lower() not in _YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _flow(value: object) -> str:
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return _scalar(value)


def dump_yaml(entries: Iterable[object]) -> str:
    """Registry entries as YAML in the style of the shipped files.

    One block mapping per entry, lists and mappings in flow style, lists of mappings (a person's
    roles) one flow mapping per line; entries that are not mappings (non-actor phrases) as plain
    list items. ``datetime.date`` values are written as plain dates.
    """
    lines: list[str] = []
    for entry in entries:
        if not isinstance(entry, Mapping):
            lines.append(f"- {_flow(entry)}")
            continue
        prefix = "- "
        for key, value in entry.items():
            if isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
                lines.append(f"{prefix}{key}:")
                lines.extend(f"    - {_flow(v)}" for v in value)
            else:
                lines.append(f"{prefix}{key}: {_flow(value)}")
            prefix = "  "
    return "\n".join(lines) + "\n" if lines else "[]\n"


SECTION_FILES = ("states", "organisations", "people", "titles", "non_actors")


def write_yaml(result: Mapping[str, object], folder: str | Path) -> list[Path]:
    """Write an import's sections as ``states.yaml``, ``organisations.yaml``, ``people.yaml``,
    ``titles.yaml`` and ``non_actors.yaml`` in ``folder``; returns the files written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    source = result.get("source", "a PETRARCH dictionary")
    written = []
    for section in SECTION_FILES:
        entries = result.get(section)
        if entries is None:
            continue
        assert isinstance(entries, list)
        path = folder / f"{section}.yaml"
        header = f"# Imported from {source} by detente.actors.petrarch; review before use.\n"
        path.write_text(header + dump_yaml(entries), encoding="utf-8")
        written.append(path)
    return written


# ------------------------------------------------------------------------------------- reading


class DateError(ValueError):
    """A PETRARCH date that cannot be read."""


def parse_date(text: str) -> dt.date:
    """A PETRARCH date: YYMMDD (00-30 -> 20YY, otherwise 19YY) or YYYYMMDD.

    As PETRARCH reads them, longer strings are YYYYMM and a day of any length: Phoenix's
    ``201005011`` (David Cameron's start) is 2010-05-11.
    """
    text = text.strip()
    if not text.isdigit() or len(text) < 6:
        raise DateError(f"bad date {text!r} (want YYMMDD or YYYYMMDD)")
    if len(text) > 6:
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:])
    else:
        yy = int(text[:2])
        year, month, day = (2000 + yy if yy <= 30 else 1900 + yy), int(text[2:4]), int(text[4:6])
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise DateError(f"bad date {text!r}") from exc


@dataclass(slots=True)
class Code:
    """One bracketed code: ``[RUSGOV 991231-080507]``."""

    code: str
    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None


@dataclass(slots=True)
class Entry:
    """One dictionary entry: the headword, its ``+`` synonyms and its codes."""

    line: int
    phrases: list[str]
    codes: list[Code] = field(default_factory=list)
    person_marker: bool = False
    bracketed: bool = False  # any [...] seen, usable or not
    last_line: int = 0


_DATE_SPEC = re.compile(r"^(?:(?P<op>[<>])\s*(?P<d>\d+)|(?P<a>\d+)\s*-\s*(?P<b>\d+)|(?P<bare>\d+))$")


def _parse_codes(bracket: str, where: str, problems: list[str]) -> list[Code]:
    """The codes in one bracket's content: ``RUSGOV 991231-080507``, ``ELR/GAL``, ``HOB < 950601``."""
    parts = bracket.strip().split(None, 1)
    if not parts:
        problems.append(f"{where}: empty code []")
        return []
    names, spec = parts[0].upper(), (parts[1].strip() if len(parts) > 1 else "")
    start = end = None
    if spec:
        m = _DATE_SPEC.match(spec)
        try:
            if m is None:
                raise DateError(f"bad date restriction {spec!r}")
            if m["bare"]:
                # A date without < > or a range: the two in Phoenix (MNEGOV 20121204) mark a start.
                start = parse_date(m["bare"])
                problems.append(f"{where}: date {spec!r} without < or > read as a start (>{spec})")
            elif m["op"]:
                when = parse_date(m["d"])
                start, end = (None, when) if m["op"] == "<" else (when, None)
            else:
                start, end = parse_date(m["a"]), parse_date(m["b"])
                if end < start:
                    raise DateError(f"date range {spec!r} ends before it starts")
        except DateError as exc:
            problems.append(f"{where}: {exc}; code {names} skipped")
            return []
    codes = []
    for name in names.split("/"):
        if name in PLACEHOLDERS:
            problems.append(f"{where}: placeholder code {name!r} skipped")
        elif name != NULL_CODE and not re.fullmatch(r"[A-Z0-9]{3,}", name):
            problems.append(f"{where}: unreadable code {name!r} skipped")
        else:
            codes.append(Code(name, start, end))
    return codes


def _strip_comment(line: str) -> tuple[str, str]:
    """The line without its ``#`` comment (a ``#`` inside brackets is part of a code), and the comment."""
    depth = 0
    for i, ch in enumerate(line):
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth = max(depth - 1, 0)
        elif ch == "#" and depth == 0:
            return line[:i], line[i + 1 :]
    return line, ""


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """Numbered lines without blank lines and comments (``#`` lines, ``<!-- -->`` blocks)."""
    in_comment = False
    with path.open(encoding="utf-8", errors="replace") as fh:
        for number, raw in enumerate(fh, 1):
            line = raw.rstrip("\r\n")
            if in_comment:
                in_comment = "-->" not in line
                continue
            if "<!--" in line:
                head, _, rest = line.partition("<!--")
                if "-->" not in rest:
                    in_comment = True
                line = head + rest.partition("-->")[2]
            stripped = line.strip()
            if not stripped or stripped.startswith(("#", "<")):
                continue
            yield number, line


def read_entries(path: str | Path, problems: list[str]) -> list[Entry]:
    """The entries of a PETRARCH actor dictionary, in file order.

    A headword on the line right after an entry that has no code yet is taken as that entry's
    synonym: the Phoenix dictionaries drop the ``+`` in places (``LEONID_BREZHNEV_`` then
    ``LEONID_ILYICH_BREZHNEV`` then the codes), which would otherwise leave the first phrases
    uncoded.
    """
    path = Path(path)
    entries: list[Entry] = []
    for number, line in _lines(path):
        where = f"{path.name}:{number}"
        text, comment = _strip_comment(line)
        brackets = re.findall(r"\[([^\]]*)\]", text)
        words = re.sub(r"\[[^\]]*\]?", " ", text).strip()
        current = entries[-1] if entries else None
        if words.startswith("+") or (
            words and current is not None and not current.bracketed and number == current.last_line + 1
        ):
            if current is None:
                problems.append(f"{where}: synonym before any entry skipped")
                continue
            if not words.startswith("+"):
                problems.append(
                    f"{where}: {words!r} follows {current.phrases[0]!r}, which has no code: taken as its synonym"
                )
            phrase = words.removeprefix("+").strip()
            if phrase:
                current.phrases.append(phrase)
            current.person_marker |= "countryinfo" in comment.lower()
        elif words:
            current = Entry(number, [words], person_marker="countryinfo" in comment.lower())
            entries.append(current)
        elif not brackets:
            continue
        elif current is None:
            problems.append(f"{where}: code before any entry skipped")
            continue
        current.last_line = number
        for bracket in brackets:
            current.bracketed = True
            current.codes.extend(_parse_codes(bracket, where, problems))
    return entries


# ---------------------------------------------------------------------------------- converting


@dataclass(frozen=True, slots=True)
class Coded:
    """A CAMEO code read for the registry: a state, a state's sector, or an organisation."""

    kind: str  # state, sector, org
    code: str  # the registry code
    sector: str | None = None


def display_name(phrase: str, acronyms: set[str]) -> str:
    """A dictionary phrase as text: ``VLADIMIR_V._PUTIN_`` -> ``Vladimir V. Putin``.

    Words are capitalised so that the matcher compares them case-insensitively; acronyms, initials
    and words without vowels (``RSFSR``) keep their capitals, which makes them case-sensitive.
    """
    words = []
    for word in phrase.replace("_", " ").split():
        letters = word.replace(".", "")
        if (
            word in acronyms
            or "." in word
            or (letters.isalpha() and letters.isupper() and not re.search(r"[AEIOUY]", letters))
        ):
            words.append(word)
        else:
            words.append(_capitalise(word))
    return " ".join(words)


def _capitalise(word: str) -> str:
    """``AL-QATARI`` -> ``Al-Qatari``, ``'AZIZ`` -> ``'Aziz``, ``PEOPLE'S`` -> ``People's``."""
    parts = []
    for part in word.lower().split("-"):
        pieces = part.split("'")
        pieces = [pieces[0][:1].upper() + pieces[0][1:]] + [
            p[:1].upper() + p[1:] if len(p) > 1 else p for p in pieces[1:]
        ]
        parts.append("'".join(pieces))
    return "-".join(parts)


def _norm(phrase: str) -> str:
    """A phrase as the matcher compares it: spaces collapsed, without a leading "the", case folded."""
    phrase = " ".join(phrase.split())
    return (phrase[4:] if phrase.lower().startswith("the ") else phrase).casefold()


def _slug(name: str) -> str:
    folded = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    return folded or "actor"


def _org_code(cameo: str) -> str | None:
    """The registry code of an international CAMEO code, trying the longest known prefix."""
    for end in range(len(cameo), 2, -3):
        if cameo[:end] in ORG_CODES:
            return ORG_CODES[cameo[:end]]
    return None


def _iso_name(code: str) -> str | None:
    country = pycountry.countries.get(alpha_3=code) or pycountry.historic_countries.get(alpha_3=code)
    if country is None:
        return None
    return getattr(country, "common_name", None) or country.name


@dataclass
class _Context:
    """What the conversion needs from the registry it will be layered on."""

    registry: Registry
    states: set[str]  # codes that are states: the registry's and ISO 3166's
    acronyms: set[str]
    people: dict[str, set[str]]  # a person's name or alias -> person ids
    orgs: dict[str, set[str]]  # an organisation's name or alias -> organisation codes

    @classmethod
    def load(cls) -> _Context:
        registry = load_registry()
        states = {a.id for a in registry.by_kind("state")}
        states |= {c.alpha_3 for c in pycountry.countries} | {c.alpha_3 for c in pycountry.historic_countries}
        # Acronyms written in the registry's names (never state codes: AND, CAN, PER are words).
        acronyms = {"US", "USA", "UK", "UN", "EU", "UAE", "NATO", "NGO", "PLO", "IRA", "ANSF", "CIA", "FBI"}
        people: dict[str, set[str]] = {}
        orgs: dict[str, set[str]] = {}
        for actor in registry.actors.values():
            if actor.kind != "state":
                for phrase in (actor.name, *actor.aliases):
                    (people if actor.kind == "person" else orgs).setdefault(_norm(phrase), set()).add(actor.id)
            if actor.kind != "person":
                acronyms.update(
                    w for p in (actor.name, *actor.aliases) for w in p.split() if w.isupper() and len(w) > 1
                )
        return cls(registry, states, acronyms, people, orgs)

    def state(self, code: str) -> str | None:
        """The registry code of a three-letter state code, None when it names no state.

        Codes the registry and ISO 3166 do not know are states of the dictionary's own, unless they
        are CAMEO's international and non-state codes.
        """
        code = STATE_CODES.get(code, code)
        if code in self.states:
            return code
        return None if code in NON_STATE_PREFIXES or code in ORG_CODES else code

    def read(self, cameo: str) -> Coded:
        """``RUS`` -> state RUS; ``RUSGOV`` -> sector GOV of RUS; ``USAASM`` -> state ASM; ``IGOUNO`` -> org UN."""
        state = None if cameo in ORG_CODES else self.state(cameo[:3])
        if state is None:
            return Coded("org", _org_code(cameo) or cameo, NON_STATE_PREFIXES.get(cameo[:3], "IGO"))
        rest = [cameo[i : i + 3] for i in range(3, len(cameo), 3)]
        # A territory: USAASM is American Samoa, SUNRUS Soviet Russia, SUNRUSLEG its legislature.
        # One level only: in ETHERIAUT (autonomous Eritrea) AUT is a sector, not Austria.
        if rest and rest[0] not in AGENTS and STATE_CODES.get(rest[0], rest[0]) in self.states:
            state, rest = STATE_CODES.get(rest[0], rest[0]), rest[1:]
        return Coded("sector", state, rest[0]) if rest else Coded("state", state)


class _Import:
    """The registry sections being built from one dictionary."""

    def __init__(self, ctx: _Context, problems: list[str]) -> None:
        self.ctx = ctx
        self.problems = problems
        self.states: dict[str, dict] = {}
        self.orgs: dict[str, dict] = {}
        self.people: dict[str, dict] = {}
        self.non_actors: list[str] = []
        # Per entry (by id()): every phrase it has, normalised, and the registry's lists it started
        # from, which are written out only for the keys the import adds to.
        self._phrases: dict[int, set[str]] = {}
        self._base: dict[int, Actor] = {}
        self.where = ""  # the dictionary line being read, for problems

    # --- entries, built on the registry's own when it has them

    def _start(self, table: dict[str, dict], ident: str, entry: dict, actor: Actor | None) -> dict:
        if actor is not None:
            entry["name"] = actor.name
            self._base[id(entry)] = actor
            if actor.kind != "person":
                # What the resolver needs of a state or organisation when the import is used alone.
                extra = {"valid_from": actor.valid_from, "valid_to": actor.valid_to}
                if actor.kind == "org":
                    extra.update(kind=actor.org_kind, sector=actor.sector)
                entry.update((k, v) for k, v in extra.items() if v is not None)
        known = [entry["name"], *(actor.aliases + actor.demonyms + actor.capitals + actor.metonyms if actor else [])]
        self._phrases[id(entry)] = {_norm(p) for p in known}
        table[ident] = entry
        return entry

    def _list(self, entry: dict, key: str) -> list:
        """The entry's list under ``key``, starting from the registry's when the entry has one."""
        if key not in entry:
            actor = self._base.get(id(entry))
            if actor is None:
                entry[key] = []
            elif key == "roles":
                entry[key] = [
                    {"code": r.code, "role": r.role, "sector": r.sector, "start": r.start, "end": r.end}
                    for r in actor.roles
                ]
            else:
                entry[key] = list(getattr(actor, key))
        return entry[key]

    def state(self, code: str, headword: str | None = None) -> dict:
        if code not in self.states:
            actor = self.ctx.registry.get(code)
            actor = actor if actor is not None and actor.kind == "state" else None
            if code in GENERIC and code not in self.ctx.states:
                self.problems.append(
                    f"{self.where}: {code} is a CAMEO agent, region or religion code: kept as a state of its own"
                )
            self._start(self.states, code, {"code": code, "name": _iso_name(code) or headword or code}, actor)
        return self.states[code]

    def org(self, coded: Coded, cameo: str, headword: str | None = None) -> dict:
        if coded.code not in self.orgs:
            actor = self.ctx.registry.get(coded.code)
            actor = actor if actor is not None and actor.kind == "org" else None
            entry: dict = {"code": coded.code, "name": headword or coded.code}
            if actor is None:
                entry.update(kind=ORG_KINDS.get(coded.sector or "", "igo"), sector=coded.sector)
                if cameo != coded.code:
                    entry["cameo"] = cameo
            self._start(self.orgs, coded.code, entry, actor)
        return self.orgs[coded.code]

    def add(self, entry: dict, key: str, phrases: Iterable[str]) -> None:
        """Add to ``key`` the phrases the entry does not have yet under any key."""
        known = self._phrases[id(entry)]
        for phrase in phrases:
            if _norm(phrase) not in known:
                known.add(_norm(phrase))
                self._list(entry, key).append(phrase)

    # --- one dictionary entry

    def entry(self, entry: Entry, names: list[str], where: str) -> None:
        self.where = where
        coded = [(self.ctx.read(c.code), c) for c in entry.codes if c.code != NULL_CODE]
        null = any(c.code == NULL_CODE for c in entry.codes)
        if not coded:
            if null:
                self.non_actors.extend(n for n in names if n not in self.non_actors)
            else:
                self.problems.append(f"{where}: {names[0]!r} has no usable code; skipped")
            return
        if null:
            self.problems.append(f"{where}: {names[0]!r}: [---] dropped beside other codes")
        agent = any(r.kind == "sector" and r.sector in AGENTS for r, _ in coded)
        dated = any(c.dated for _, c in coded)
        if entry.person_marker or (agent and (dated or len({c.code for _, c in coded}) > 1)):
            self.person(names, coded)
        elif any(r.kind == "state" for r, _ in coded):
            for read, c in coded:
                if read.kind == "state":
                    self._state_phrases(read.code, c, names)
        elif all(r.kind == "org" for r, _ in coded):
            read, c = coded[0]
            if dated or len({r.code for r, _ in coded}) > 1:
                self.problems.append(f"{where}: {names[0]!r}: organisation {read.code}; other codes and dates dropped")
            named = {code for n in names for code in self.ctx.orgs.get(_norm(n), ())}
            if self.ctx.registry.get(read.code) is None and len(named) == 1:
                # A generic code (RED_CROSS [NGO]) for an organisation the registry has by name.
                read = Coded("org", named.pop(), read.sector)
                self.problems.append(f"{where}: {names[0]!r}: {c.code} read as {read.code}, the registry's by name")
            self.add(self.org(read, c.code, names[0]), "aliases", names)
        else:
            read = next(r for r, _ in coded if r.kind == "sector")
            if dated or len({r.code for r, _ in coded}) > 1:
                self.problems.append(f"{where}: {names[0]!r}: a body of {read.code}; other codes and dates dropped")
            self.add(self.state(read.code), "metonyms", names)

    def _state_phrases(self, code: str, c: Code, names: list[str]) -> None:
        target = self.state(code, names[0])
        if self.ctx.registry.get(code) is None and _iso_name(code) is None:
            if target["name"] == code:
                # Named by its code when a body of it came first (ITHILEN_TELEVISION before ITHILEN).
                target["name"] = names[0]
                self._phrases[id(target)].add(_norm(names[0]))
            # A state known only from this dictionary: its dated code is its lifetime.
            if c.start:
                target.setdefault("valid_from", c.start)
            if c.end:
                target.setdefault("valid_to", c.end)
        self.add(target, "aliases", names)

    def person(self, names: list[str], coded: list[tuple[Coded, Code]]) -> None:
        person, new = self._person_entry(names)
        self.add(person, "aliases", names)
        # The dictionary lists the short forms it matches ("PUTIN_"); without them the loader would
        # fall back to the last word of the name, which PETRARCH never matched on its own.
        single = [n for n in names[1:] if " " not in n] or ([names[0]] if new else [])
        surnames = self._list(person, "surnames") if single else []
        surnames.extend(s for s in single if s not in surnames)
        dated = [(r, c) for r, c in coded if c.dated]
        gaps = _uncovered([(c.start, c.end) for _, c in dated]) if dated else [(None, None)]
        undated = {c.code: (r, c) for r, c in coded if not c.dated}  # a repeated default counts once
        spans = [(r, c, c.start, c.end) for r, c in dated]
        spans += [(r, c, start, end) for r, c in undated.values() for start, end in gaps]
        roles = self._list(person, "roles")
        for read, c, start, end in spans:
            role: dict = {"code": read.code, "role": ROLE}
            if read.sector:
                role["sector"] = read.sector
            role.update(start=start, end=end, cameo=c.code)
            if role not in roles:  # the same person entered twice (HAMMARSKJOLD_ in the IGO file)
                roles.append(role)
            if read.kind == "org":
                self.org(read, c.code)
            else:
                self.state(read.code)

    def _person_entry(self, names: list[str]) -> tuple[dict, bool]:
        """The registry's person when it has this one (same id, or the only one sharing a name),
        else a new one; and whether it is not the registry's.

        Entries repeating a headword are one person (Phoenix splits ``CHAN_SARUN`` and
        ``CHAN_SARUN_`` over two entries with one tenure each).
        """
        base = _slug(names[0])
        if base in self.people:
            return self.people[base], id(self.people[base]) not in self._base
        found = self.ctx.registry.get(base)
        matches = {i for n in names for i in self.ctx.people.get(_norm(n), ())}
        known = (
            base if found is not None and found.kind == "person" else next(iter(matches)) if len(matches) == 1 else None
        )
        if known is not None:
            if known not in self.people:
                actor = self.ctx.registry.actors[known]
                self._start(self.people, known, {"id": known, "name": actor.name}, actor)
            return self.people[known], False
        return self._start(self.people, base, {"id": base, "name": names[0]}, None), True

    def result(self, source: str) -> dict:
        people = list(self.people.values())
        # Codes of the registry's own roles for the people it has (Lagarde at the IMF and the ECB).
        for role in (r for person in people for r in person.get("roles", [])):
            if role["code"] in self.states or role["code"] in self.orgs:
                continue
            actor = self.ctx.registry.get(role["code"])
            if actor is not None and actor.kind == "state":
                self.state(actor.id)
            elif actor is not None and actor.kind == "org":
                self.org(Coded("org", actor.id, actor.sector), actor.id)
        # The titles of the roles the people hold (``official``, and the registry's roles of people
        # it already has), so that the import also validates on its own.
        used = {role["role"] for person in people for role in person.get("roles", [])}
        known = {t.role: t for t in self.ctx.registry.titles}
        titles = [
            {"role": t.role, "sector": t.sector, "words": t.words} for t in self.ctx.registry.titles if t.role in used
        ]
        if ROLE in used and ROLE not in known:
            titles.append({"role": ROLE, "sector": "GOV", "words": [ROLE]})
        return {
            "states": list(self.states.values()),
            "organisations": list(self.orgs.values()),
            "people": people,
            "titles": titles,
            "non_actors": self.non_actors,
            "problems": self.problems,
            "source": source,
        }


def _uncovered(spans: list[tuple[dt.date | None, dt.date | None]]) -> list[tuple[dt.date | None, dt.date | None]]:
    """The days no span covers, as spans (None: open), in order: where an undated code applies."""
    gaps: list[tuple[dt.date, dt.date]] = []
    day: dt.date | None = dt.date.min  # the first day not known to be covered; None past the end
    for start, end in sorted(spans, key=lambda s: s[0] or dt.date.min):
        if day is None:
            break
        start = start or dt.date.min
        if start > day:
            gaps.append((day, start - ONE_DAY))
        if end is None or end == dt.date.max:
            day = None
        elif end >= day:
            day = end + ONE_DAY
    if day is not None:
        gaps.append((day, dt.date.max))
    return [(None if s == dt.date.min else s, None if e == dt.date.max else e) for s, e in gaps]


def import_petrarch_actors(path: str | Path, *, agents: str | Path | None = None) -> dict:
    """Read a PETRARCH actor dictionary (and optionally its agents dictionary) into registry sections.

    Returns ``{"states", "organisations", "people", "titles", "non_actors"}``, lists of registry
    entries ready for :func:`write_yaml`, plus ``"problems"`` (one line each) and ``"source"``.
    ``titles`` holds the role the imported people hold and, with ``agents``, the agent titles of
    :func:`import_petrarch_agents`.
    """
    path = Path(path)
    problems: list[str] = []
    ctx = _Context.load()
    build = _Import(ctx, problems)
    for entry in read_entries(path, problems):
        names: list[str] = []
        for phrase in entry.phrases:
            name = display_name(phrase, ctx.acronyms)
            if name not in names:
                names.append(name)
        build.entry(entry, names, f"{path.name}:{entry.line}")
    result = build.result(path.name)
    if agents is not None:
        imported = import_petrarch_agents(agents)
        result["titles"].extend(imported["titles"])
        problems.extend(imported["problems"])
        result["source"] += f" and {imported['source']}"
    return result


# ---------------------------------------------------------------------------------------- agents


def import_petrarch_agents(path: str | Path) -> dict:
    """Read a PETRARCH agents dictionary (``MINISTER [~GOV]``) as registry titles.

    Words sharing an agent code become one title, ``role: agent_<code>`` with the code's first
    sector; substitution sets (``!PERSON! = MAN, WOMAN``) are expanded and plurals added as
    PETRARCH does (``{PLURAL}`` given, ``{}`` none, otherwise +S/+ES/-Y+IES).
    Returns ``{"titles": [...], "problems": [...], "source": filename}``.
    """
    path = Path(path)
    problems: list[str] = []
    subst: dict[str, list[str]] = {}
    by_code: dict[str, list[str]] = {}
    for number, line in _lines(path):
        where = f"{path.name}:{number}"
        text, _ = _strip_comment(line)
        marker = re.match(r"\s*!(\w+)!\s*=\s*(.+)$", text)
        if marker:
            subst[marker[1]] = [w.strip() for w in marker[2].split(",") if w.strip()]
            continue
        m = re.match(r"\s*([^\[{]+?)\s*(?:\{([^}]*)\})?\s*\[\s*([^\]]*)\]", text)
        if m is None:
            problems.append(f"{where}: no [code]; line skipped")
            continue
        phrase, plural, code = m[1].strip().rstrip("_"), m[2], m[3].replace("~", "").strip().upper()
        if not code:
            problems.append(f"{where}: empty code; line skipped")
            continue
        forms = [phrase]
        if plural is not None:
            if plural.strip():
                forms.append(plural.strip())
        elif "!" not in phrase:
            forms.append(
                phrase[:-1] + "IES" if phrase.endswith("Y") else phrase + ("ES" if phrase.endswith("S") else "S")
            )
        words = by_code.setdefault(code, [])
        for form in forms:
            for expanded in _expand(form, subst, where, problems):
                word = expanded.replace("_", " ").strip().lower()
                if word and word not in words:
                    words.append(word)
    titles = [
        {"role": f"agent_{code.lower()}", "sector": code[:3], "cameo": code, "words": words}
        for code, words in by_code.items()
    ]
    return {"titles": titles, "problems": problems, "source": path.name}


def _expand(phrase: str, subst: dict[str, list[str]], where: str, problems: list[str]) -> list[str]:
    m = re.search(r"!(\w+)!", phrase)
    if m is None:
        return [phrase]
    if m[1] not in subst:
        problems.append(f"{where}: unknown substitution set !{m[1]}!; line skipped")
        return []
    return [
        w for s in subst[m[1]] for w in _expand(phrase[: m.start()] + s + phrase[m.end() :], subst, where, problems)
    ]
