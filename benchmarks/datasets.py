"""Loaders for the public data sets the accuracy benchmark scores detente against.

Each loader reads the shared data folder (``../shared`` beside the repository, see its README
files) and returns plain frozen records, with the files' quirks resolved here so that
``accuracy.py`` only compares:

- PLOVER gold-standard records (``data/plover/PLOVER_GSR_CAMEO.json``): 322 CAMEO-manual sentences
  coded in PLOVER 0.5; their categories are mapped to the current 16 types by
  ``benchmarks/data/plover_old_to_new.yaml``.
- PETRARCH-2 validation records (``data/petrarch2/validate/PETR_Validate_records_2_02.flat.jsonl``):
  274 stylised sentences with their expected (source, target, CAMEO code) triples; the XML they
  were flattened from supplies what the flattening lost.
- ConfliBERT CAMEO sentences (``data/conflibert/``): 1,349 sentences with a coarse event class, and
  1,153 tokenised sentences with BIO source/target/reciprocal actor tags.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from detente.schemas import EVENT_TYPES

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO.parent / "shared"
PLOVER_MAPPING = Path(__file__).resolve().parent / "data" / "plover_old_to_new.yaml"

# Paths inside the shared folder.
PLOVER_GSR = "data/plover/PLOVER_GSR_CAMEO.json"
PETRARCH_RECORDS = "data/petrarch2/validate/PETR_Validate_records_2_02.flat.jsonl"
PETRARCH_XML = "data/petrarch2/validate/PETR_Validate_records_2_02.xml"  # the flat file's source
PETRARCH_ACTORS = "data/petrarch2/validate/PETR_Validate_actors_2_02.txt"
CONFLIBERT_CLASSES = "data/conflibert/cameo_class_train.tsv"
CONFLIBERT_SPANS = "data/conflibert/cameo_ner_train.txt"


def unique_ids(ids: list[str]) -> list[str]:
    """The ids with later repeats suffixed ``#2``, ``#3``: the data sets reuse a few ids."""
    seen: Counter[str] = Counter()
    out = []
    for id_ in ids:
        seen[id_] += 1
        out.append(id_ if seen[id_] == 1 else f"{id_}#{seen[id_]}")
    return out


# --- PLOVER gold-standard records -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldActor:
    """A source or target actor of a PLOVER record, with where its text occurs in the record."""

    text: str
    code: str | None
    spans: tuple[tuple[int, int], ...]  # character ranges; empty when the text cannot be located


@dataclass(frozen=True, slots=True)
class PloverRecord:
    """One PLOVER example coding: a sentence, its gold event type and its gold actors."""

    id: str
    text: str
    date: str | None
    category: str  # the PLOVER 0.5 category as coded in the file ("event")
    gold_type: str  # the current PLOVER type it maps to
    corrected: bool  # gold_type comes from the mapping file's corrections, not from ``category``
    sources: tuple[GoldActor, ...]
    targets: tuple[GoldActor, ...]


def locate(actor_text: str, text: str) -> tuple[tuple[int, int], ...]:
    """Character ranges of an actor's text in the sentence.

    The coders elided words with ``...`` or ``..`` ("U.S. ... negotiators") and left stray spaces,
    so each elided piece is looked for on its own, with any run of whitespace matching any other.
    Pieces that are not in the text (paraphrases such as "French warships") are left out.
    """
    spans = []
    for piece in re.split(r"\.{2,}", actor_text):
        words = piece.split()
        if not words:
            continue
        match = re.search(r"\s+".join(map(re.escape, words)), text)
        if match:
            spans.append(match.span())
    return tuple(spans)


def _gold_actors(value: object, text: str) -> tuple[GoldActor, ...]:
    """The actors of a record's source or target field, located in its text."""
    # A record without a target has no key, null, or an empty string (one has "diplomatic").
    if not isinstance(value, list):
        return ()
    return tuple(
        GoldActor(a["actorText"], a.get("code"), locate(a["actorText"], text)) for a in value if a.get("actorText")
    )


def load_plover_mapping(path: Path = PLOVER_MAPPING) -> tuple[dict[str, str], dict[str, str]]:
    """The old-category -> current-type map and the per-record corrections, both checked."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    categories, corrections = data["categories"], data.get("corrections") or {}
    wrong = {t for t in [*categories.values(), *corrections.values()] if t not in EVENT_TYPES}
    if wrong:
        raise ValueError(f"{path}: not current PLOVER types: {sorted(wrong)}")
    return categories, corrections


def load_plover(path: Path, mapping: Path = PLOVER_MAPPING) -> list[PloverRecord]:
    """The PLOVER gold-standard records with their current type; the DOCUMENT header is skipped."""
    categories, corrections = load_plover_mapping(mapping)
    raw = [r for r in json.loads(path.read_text(encoding="utf-8")) if r.get("event") != "DOCUMENT"]
    records = []
    for id_, r in zip(unique_ids([r["id"] for r in raw]), raw, strict=True):
        text = r["text"]
        if r["event"] not in categories:
            raise ValueError(f"{path}: {id_}: category {r['event']!r} missing from {mapping}")
        records.append(
            PloverRecord(
                id=id_,
                text=text,
                date=r.get("date"),
                category=r["event"],
                gold_type=corrections.get(id_, categories[r["event"]]),
                corrected=id_ in corrections,
                sources=_gold_actors(r.get("source"), text),
                targets=_gold_actors(r.get("target"), text),
            )
        )
    return records


# --- PETRARCH-2 validation records ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Triple:
    """An expected PETRARCH event: actor codes as PETRARCH writes them (``ARNGOV``) and the code."""

    source: str
    target: str
    code: str  # CAMEO-style code as given, e.g. "050", "1246"; the validation suite's own codes too


@dataclass(frozen=True, slots=True)
class PetrarchRecord:
    """One PETRARCH validation sentence and the set of triples it should be coded with."""

    id: str
    date: str | None  # ISO
    category: str | None
    text: str
    expected: frozenset[Triple]
    blank_entries: int  # empty ``{}`` entries: the XML's error codings (dateline, bad parse, discard)
    evaluate: bool  # False: the suite itself does not score the record (lost in the flat file)


def _iso(yyyymmdd: str | None) -> str | None:
    """PETRARCH's ``19950103`` as ``1995-01-03``."""
    if not yyyymmdd:
        return None
    return f"{yyyymmdd[:4]}-{yyyymmdd[4:6]}-{yyyymmdd[6:8]}"


def petrarch_sentence_tags(xml: Path) -> list[dict[str, str]]:
    """The attributes of each ``<Sentence>`` of the validation XML, in file order.

    The file is not well-formed XML (a comment holds a literal ``<Sentence ... evaluate="false">``),
    so the tags are read with a pattern; tags without an id are such examples and are skipped.
    """
    tags = (
        dict(re.findall(r'(\w+)="([^"]*)"', m))
        for m in re.findall(r"<Sentence\s([^>]*)>", xml.read_text(encoding="utf-8"))
    )
    return [tag for tag in tags if "id" in tag]


def load_petrarch(path: Path, xml: Path | None = None) -> list[PetrarchRecord]:
    """The PETRARCH-2 validation records (flat JSON lines) with their expected triples.

    The flat file lost what its XML source (``xml``) has on the first record (id DEMO-01, date,
    category) and every record's ``evaluate`` flag; they are taken from the XML when it is given.
    """
    raw = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if xml is None:
        tags = [{"id": r["id"] or f"line-{n}", "evaluate": "true"} for n, r in enumerate(raw, 1)]
    else:
        tags = petrarch_sentence_tags(xml)
        if len(tags) != len(raw) or any(r["id"] not in (None, t["id"]) for r, t in zip(raw, tags, strict=True)):
            raise ValueError(f"{path} and {xml} do not hold the same records in the same order")
    ids = unique_ids([tag["id"] for tag in tags])  # DEMO-32 occurs twice
    records = []
    for id_, r, tag in zip(ids, raw, tags, strict=True):
        entries = r["expected_events"]
        records.append(
            PetrarchRecord(
                id=id_,
                date=_iso(r["date"] or tag.get("date")),
                category=r["category"] or tag.get("category"),
                text=r["text"],
                # Codes converted from the XML kept entities: '&quot;THE MINISTRY OF MAGIC&quot;'.
                expected=frozenset(
                    Triple(html.unescape(e["sourcecode"]), html.unescape(e["targetcode"]), e["eventcode"])
                    for e in entries
                    if e
                ),
                blank_entries=sum(not e for e in entries),
                evaluate=tag["evaluate"].lower() == "true",
            )
        )
    return records


# --- ConfliBERT sentences -----------------------------------------------------------------------

CONFLIBERT_CLASS_NAMES = {
    0: "statement",
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


@dataclass(frozen=True, slots=True)
class ClassRow:
    """One ConfliBERT sentence with its coarse event class."""

    text: str
    label: int  # 0 statement, 1-4 the QuadClass


def load_conflibert_classes(path: Path) -> list[ClassRow]:
    """ConfliBERT's sentence-classification rows: ``sentence TAB class``."""
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        text, sep, label = line.rpartition("\t")
        if not sep or label not in ("0", "1", "2", "3", "4"):
            raise ValueError(f"{path}:{n}: expected 'sentence TAB 0-4', got {line[:60]!r}")
        rows.append(ClassRow(text, int(label)))
    return rows


@dataclass(frozen=True, slots=True)
class Span:
    """An actor span in token positions (end exclusive)."""

    role: str  # S source, T target, R reciprocal
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class SpanSentence:
    """One ConfliBERT tokenised sentence with its actor spans."""

    tokens: tuple[str, ...]
    text: str  # the tokens joined back into running text
    offsets: tuple[tuple[int, int], ...]  # each token's character range in ``text``
    spans: tuple[Span, ...]


# Detokenising rules: enough to give the NLP pipeline ordinary running text ("Baghdad’s forces",
# "north-eastern", "(NAF)"); the token offsets stay exact whatever the rules decide.
_ATTACH_LEFT = frozenset({",", ".", ":", ";", "?", "!", ")", "]", "}", "%", "'s", "'", "’", "”", "n't", "-"})
_ATTACH_RIGHT = frozenset({"(", "[", "{", "$", "€", "£", "“", "-"})
_CLITICS = frozenset({"s", "t", "re", "ll", "d", "ve", "m"})  # split off after a curly apostrophe


def detokenize(tokens: list[str] | tuple[str, ...]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Running text for the tokens and each token's character range in it."""
    parts: list[str] = []
    offsets = []
    pos = 0
    previous = None
    for token in tokens:
        glued = (
            previous is None
            or previous in _ATTACH_RIGHT
            or token in _ATTACH_LEFT
            or (previous == "’" and token in _CLITICS)
        )
        if not glued:
            parts.append(" ")
            pos += 1
        offsets.append((pos, pos + len(token)))
        parts.append(token)
        pos += len(token)
        previous = token
    return "".join(parts), tuple(offsets)


def bio_spans(tags: list[str]) -> tuple[Span, ...]:
    """Spans from BIO tags; an ``I-`` that does not continue a span of its role starts one."""
    spans = []
    role, start = None, 0
    for i, tag in enumerate([*tags, "O"]):
        kind, _, tag_role = tag.partition("-")
        if role is not None and (kind != "I" or tag_role != role):
            spans.append(Span(role, start, i))
            role = None
        if kind == "B" or (kind == "I" and role is None):
            role, start = tag_role, i
    return tuple(spans)


def load_conflibert_spans(path: Path) -> list[SpanSentence]:
    """ConfliBERT's actor-span sentences: ``token TAG`` lines, a blank line between sentences."""
    sentences = []
    block: list[tuple[str, str]] = []
    for n, line in enumerate([*path.read_text(encoding="utf-8").splitlines(), ""], 1):
        if line.strip():
            token, sep, tag = line.rpartition(" ")
            if not sep or not re.fullmatch(r"O|[BI]-[STR]", tag):
                raise ValueError(f"{path}:{n}: expected 'token TAG', got {line[:60]!r}")
            block.append((token, tag))
        elif block:
            tokens = tuple(t for t, _ in block)
            text, offsets = detokenize(tokens)
            sentences.append(SpanSentence(tokens, text, offsets, bio_spans([g for _, g in block])))
            block = []
    return sentences
