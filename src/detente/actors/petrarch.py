"""Import PETRARCH/TABARI actor and agent dictionaries into detente's registry format.

A PETRARCH actor dictionary lists phrases with CAMEO codes, optionally date-restricted::

    VLADIMIR_PUTIN_  # CountryInfo.txt
    +PUTIN_
        [RUSELI 700101-990809]
        [RUSGOV >080508]
        [RUSELI]

The importer turns it into the registry's sections (``actors/data/README.md``):

- an entry carrying a bare state code (``RUSSIA_ [RUS]``) gives the state its phrases as aliases;
  codes that are not ISO 3166 (the fictional states of the validation dictionaries, ``ARN`` for
  Arnor) become states of their own;
- an entry with dated codes, several codes or a ``CountryInfo`` marker is a person, each code a
  role: ``RUSGOV`` is code ``RUS`` with sector ``GOV`` (the full CAMEO code is kept as ``cameo``);
- any other entry (``AFGHAN_NATIONAL_ARMY [AFGMIL]``, ``THE_UNITED_NATIONS_ [IGOUNO]``) names an
  organisation; every phrase with the same CAMEO code names the same one, as in PETRARCH. Known
  international codes map to the registry's codes (``IGOUNO`` -> ``UN``).

Dates follow PETRARCH: ``YYMMDD`` (00-30 -> 20YY, else 19YY) or ``YYYYMMDD``; ``<D`` ends a role,
``>D`` starts one, ``D1-D2`` bounds it. Lines the reader cannot use are listed under ``problems``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pycountry
import yaml

__all__ = ["dump_yaml", "import_petrarch_actors", "import_petrarch_agents", "write_yaml"]

DATA_DIR = Path(__file__).parent / "data"

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
# Three-letter prefixes of CAMEO codes that are not states, and the sector each stands for.
NON_STATE_PREFIXES = {"IGO": "IGO", "NGO": "NGO", "NGM": "NGO", "IMG": "IMG", "MNC": "BUS", "UIS": "UIS"}
# Placeholder codes: PETRARCH's "do not code" and test markers.
NULL_CODES = {"---", "+++", "###"}
ROLE = "official"  # registry role given to every imported role: the sector carries the detail
DATE_KEYS = ("start", "end", "valid_from", "valid_to")


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


def dump_yaml(entries: Iterable[Mapping[str, object]]) -> str:
    """Registry entries as YAML in the style of the shipped files.

    One block mapping per entry, lists and mappings in flow style, lists of mappings (a person's
    roles) one flow mapping per line. ``datetime.date`` values are written as plain dates.
    """
    lines: list[str] = []
    for entry in entries:
        prefix = "- "
        for key, value in entry.items():
            if isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
                lines.append(f"{prefix}{key}:")
                lines.extend(f"    - {_flow(v)}" for v in value)
            else:
                lines.append(f"{prefix}{key}: {_flow(value)}")
            prefix = "  "
    return "\n".join(lines) + "\n" if lines else "[]\n"


def write_yaml(result: Mapping[str, object], folder: str | Path) -> list[Path]:
    """Write an import's sections as ``states.yaml``, ``organisations.yaml``, ``people.yaml``
    (and ``titles.yaml`` for agents) in ``folder``; returns the files written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    source = result.get("source", "a PETRARCH dictionary")
    written = []
    for section in ("states", "organisations", "people", "titles"):
        if section not in result:
            continue
        path = folder / f"{section}.yaml"
        entries = result[section]
        assert isinstance(entries, list)
        header = f"# Imported from {source} by detente.actors.petrarch; review before use.\n"
        path.write_text(header + dump_yaml(entries), encoding="utf-8")
        written.append(path)
    return written


# ------------------------------------------------------------------------------------- reading


class DateError(ValueError):
    """A PETRARCH date that cannot be read."""


def parse_date(text: str) -> dt.date:
    """A PETRARCH date: YYMMDD (00-30 -> 20YY, otherwise 19YY) or YYYYMMDD.

    As in PETRARCH, up to seven characters are read as YYMMDD and longer strings by their first
    eight characters.
    """
    text = text.strip()
    if not text.isdigit() or len(text) < 6:
        raise DateError(f"bad date {text!r}")
    if len(text) > 7:
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
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


_DATE_SPEC = re.compile(r"^(?:(?P<op>[<>])\s*(?P<d>\d+)|(?P<a>\d+)\s*-\s*(?P<b>\d+))$")


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
            if m["op"]:
                when = parse_date(m["d"])
                start, end = (None, when) if m["op"] == "<" else (when, None)
            else:
                start, end = parse_date(m["a"]), parse_date(m["b"])
                if end < start:
                    raise DateError(f"date range {spec!r} ends before it starts")
        except DateError as exc:
            problems.append(f"{where}: {exc}; code skipped, as PETRARCH does")
            return []
    codes = []
    for name in names.split("/"):
        if name in NULL_CODES:
            problems.append(f"{where}: placeholder code {name!r} skipped")
        elif not re.fullmatch(r"[A-Z0-9]{3,}", name):
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
    """The entries of a PETRARCH actor dictionary, in file order."""
    path = Path(path)
    entries: list[Entry] = []
    for number, line in _lines(path):
        where = f"{path.name}:{number}"
        text, comment = _strip_comment(line)
        brackets = re.findall(r"\[([^\]]*)\]", text)
        words = re.sub(r"\[[^\]]*\]?", " ", text).strip()
        if words.startswith("+"):
            if not entries:
                problems.append(f"{where}: synonym before any entry skipped")
                continue
            phrase = words[1:].strip()
            if phrase:
                entries[-1].phrases.append(phrase)
        elif words:
            entries.append(Entry(number, [words], person_marker="countryinfo" in comment.lower()))
        elif not brackets:
            continue
        elif not entries:
            problems.append(f"{where}: code before any entry skipped")
            continue
        for bracket in brackets:
            entries[-1].codes.extend(_parse_codes(bracket, where, problems))
    return entries


# ---------------------------------------------------------------------------------- converting


def _shipped(section: str) -> list[dict]:
    path = DATA_DIR / f"{section}.yaml"
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or []


@dataclass
class _Context:
    """What the conversion needs from the shipped registry: names and acronyms."""

    state_names: dict[str, str]
    org_names: dict[str, str]
    acronyms: set[str]

    @classmethod
    def load(cls) -> _Context:
        states, orgs = _shipped("states"), _shipped("organisations")
        # Acronyms written in the registry's names (never state codes: AND, CAN, PER are words).
        acronyms = {"US", "USA", "UK", "UN", "EU", "UAE", "NATO", "NGO", "PLO", "IRA", "ANSF", "CIA", "FBI"}
        acronyms.update(e["code"] for e in orgs if isinstance(e.get("code"), str))
        for entry in (*states, *orgs):
            for phrase in (entry.get("name"), *(entry.get("aliases") or [])):
                if isinstance(phrase, str):
                    acronyms.update(w for w in phrase.split() if w.isupper() and len(w) > 1)
        return cls(
            state_names={e["code"]: e["name"] for e in states if "code" in e and "name" in e},
            org_names={e["code"]: e["name"] for e in orgs if "code" in e and "name" in e},
            acronyms=acronyms,
        )


def display_name(phrase: str, acronyms: set[str]) -> str:
    """A dictionary phrase as text: ``VLADIMIR_V._PUTIN_`` -> ``Vladimir V. Putin``.

    Words are capitalised so that the matcher compares them case-insensitively; acronyms, initials
    and words without vowels (``USSR``) keep their capitals, which makes them case-sensitive.
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
            words.append(word[:1].upper() + word[1:].lower())
    return " ".join(words)


def _slug(name: str) -> str:
    folded = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    return folded or "actor"


def _is_state_code(code: str) -> bool:
    return len(code) == 3 and code not in NON_STATE_PREFIXES and code not in ORG_CODES


def _org_code(cameo: str) -> str | None:
    """The registry code of an international CAMEO code, trying the longest known prefix."""
    for end in range(len(cameo), 2, -3):
        if cameo[:end] in ORG_CODES:
            return ORG_CODES[cameo[:end]]
    return None


def _split(cameo: str) -> tuple[str, str | None, str]:
    """A CAMEO code as (actor code, sector, kind): kind is state, org or agency (a national body)."""
    if _is_state_code(cameo):
        return cameo, None, "state"
    prefix = cameo[:3]
    if prefix in NON_STATE_PREFIXES or cameo in ORG_CODES:
        return _org_code(cameo) or cameo, NON_STATE_PREFIXES.get(prefix, "IGO"), "org"
    return prefix, cameo[3:6] or None, "agency"


def _iso_name(code: str) -> str | None:
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return None
    return getattr(country, "common_name", None) or country.name


def _add(values: list[str], *phrases: str) -> None:
    for phrase in phrases:
        if phrase and phrase not in values:
            values.append(phrase)


def import_petrarch_actors(path: str | Path) -> dict:
    """Read a PETRARCH actor dictionary into registry sections.

    Returns ``{"states": [...], "organisations": [...], "people": [...], "problems": [...],
    "source": filename}``; the first three are lists of registry entries ready for
    :func:`write_yaml`.
    """
    path = Path(path)
    problems: list[str] = []
    ctx = _Context.load()
    states: dict[str, dict] = {}
    orgs: dict[str, dict] = {}
    people: list[dict] = []
    ids: set[str] = set()

    def state(code: str, headword: str) -> dict:
        if code not in states:
            name = ctx.state_names.get(code) or _iso_name(code) or headword
            states[code] = {"code": code, "name": name, "aliases": []}
        return states[code]

    def org(code: str, cameo: str, headword: str, kind: str, sector: str | None) -> dict:
        if code not in orgs:
            entry: dict = {"code": code, "name": ctx.org_names.get(code) or headword, "aliases": []}
            if kind == "agency":
                entry.update(kind="agency", country=cameo[:3], sector=sector)
            else:
                entry.update(kind="ngo" if sector == "NGO" else "igo", sector=sector)
            if code != cameo:
                entry["cameo"] = cameo
            orgs[code] = entry
        return orgs[code]

    for entry in read_entries(path, problems):
        where = f"{path.name}:{entry.line}"
        names = []
        for phrase in entry.phrases:
            _add(names, display_name(phrase, ctx.acronyms))
        if not entry.codes:
            problems.append(f"{where}: {names[0]!r} has no usable code; skipped")
            continue
        bare = [c for c in entry.codes if _split(c.code)[2] == "state"]
        distinct = {c.code for c in entry.codes}
        if bare:
            for c in bare:
                target = state(c.code, names[0])
                _add(target["aliases"], *(n for n in names if n != target["name"]))
                if c.code not in ctx.state_names and pycountry.countries.get(alpha_3=c.code) is None:
                    # A state known only from this dictionary: its dated code is its lifetime.
                    if c.start:
                        target.setdefault("valid_from", c.start)
                    if c.end:
                        target.setdefault("valid_to", c.end)
        elif entry.person_marker or len(distinct) > 1 or any(c.dated for c in entry.codes):
            person = _person(names, entry.codes, ids)
            people.append(person)
        else:
            cameo = entry.codes[0].code
            code, sector, kind = _split(cameo)
            target = org(code if kind == "org" else cameo, cameo, names[0], kind, sector)
            _add(target["aliases"], *(n for n in names if n != target["name"]))
    # Codes used by roles and national bodies that no state entry defines (QUIBBLER [HGWGOVMED])
    # get a bare state, so that the import is complete on its own.
    used = {r["code"] for p in people for r in p["roles"]} | {
        o["country"] for o in orgs.values() if "country" in o
    }
    for code in sorted(used):
        if _is_state_code(code) and code not in ctx.state_names and _iso_name(code) is None:
            state(code, code)
    for entry_ in (*states.values(), *orgs.values()):
        if not entry_["aliases"]:
            del entry_["aliases"]
    return {
        "states": list(states.values()),
        "organisations": list(orgs.values()),
        "people": people,
        "problems": problems,
        "source": path.name,
    }


def _person(names: list[str], codes: list[Code], ids: set[str]) -> dict:
    """A person entry: one role per code, in dictionary order (undated defaults last)."""
    base = _slug(names[0])
    ident, n = base, 2
    while ident in ids:
        ident, n = f"{base}_{n}", n + 1
    ids.add(ident)
    roles = []
    for c in sorted(codes, key=lambda c: not c.dated):  # stable: dated roles keep their order
        code, sector, _ = _split(c.code)
        role: dict = {"code": code, "role": ROLE, "sector": sector, "start": c.start, "end": c.end}
        role["cameo"] = c.code
        roles.append(role)
    # The dictionary lists the short forms it matches ("PUTIN_"); without them the loader would
    # fall back to the last word of the name, which PETRARCH never matched on its own.
    single = [n for n in names[1:] if " " not in n]
    person: dict = {"id": ident, "name": names[0]}
    if len(names) > 1:
        person["aliases"] = names[1:]
    person["surnames"] = single or [names[0]]
    person["roles"] = roles
    return person


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
                phrase[:-1] + "IES"
                if phrase.endswith("Y")
                else phrase + ("ES" if phrase.endswith("S") else "S")
            )
        words = by_code.setdefault(code, [])
        for form in forms:
            for expanded in _expand(form, subst, where, problems):
                _add(words, expanded.replace("_", " ").strip().lower())
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
        w
        for s in subst[m[1]]
        for w in _expand(phrase[: m.start()] + s + phrase[m.end() :], subst, where, problems)
    ]
