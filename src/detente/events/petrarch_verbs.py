"""PETRARCH-2's CAMEO verb dictionary as an optional extra event lexicon.

PETRARCH-2 (openeventdata/petrarch2, MIT licence) codes events with ``CAMEO.2.0.txt``, a
dictionary of verb synonym blocks, each with CAMEO-coded patterns::

    ---  RETREAT   [---]  ---              a block: its name and primary code ([---]: none)
    RETREAT                                the block's verbs, one a line; irregular forms in {...},
    WITHDRAW {WITHDRAWS WITHDREW ...}      a verb's own code in [...] after it
    +PULL_OUT                              a multi-word verb: '+' marks the word that inflects
    - * (FROM +)           [0874]          a pattern: words before '*' precede the verb, words
    - &MILITARY * BACK     [0874]          after it follow; (...) is a prepositional phrase,
                                           {...} a noun phrase (its last word the head), &NAME a
                                           synonym set defined at the top of the file, + $ % ^
                                           mark the target, the source and other slots

The importer turns each verb into a detente lexicon entry (``events/data/lexicon.yaml`` explains
the format):

- the verb's own code, else its block's code, codes the verb on its own;
- a block coded ``[---]`` codes the bare verb with the most frequent code of its simple patterns,
  those that require no word at all besides the verb (``- * [042]``);
- failing that, a verb whose patterns need a particular direct object (``- * AID [070]``,
  ``- * &CEASEFIRE [0256]``) is an event only with those objects: the entry takes the PLOVER type
  most of those patterns code, its most frequent code, and their object words as ``objects``.
  Patterns that need a preposition, a subject or several words cannot be said in the lexicon's
  format and are left out;
- multi-word verbs (``+CALL_OFF``) become phrases, coded in the same way except that a phrase
  cannot require objects.

CAMEO codes map to PLOVER types and modes with the table below: CAMEO2PLOVER-2021's crosswalk with
detente's conventions (``lexicon.yaml`` lists them). CAMEO 01 (statements) is dropped, as PLOVER
drops it, and so is 02 (appeals: the dictionary files many plain verbs of speech there, while the
shipped lexicon codes the appeal verbs themselves), and so is every lemma the shipped lexicon already has (as a verb, a
phrase or a light verb): the generated file is layered over it with ``--lexicon``, where an entry
replaces the shipped one of the same key, and the hand-written senses must stay.

Generate ``events/data/petrarch_verbs.yaml`` with::

    .venv/bin/python -m detente.events.petrarch_verbs ../shared/data/petrarch2/dictionaries/CAMEO.2.0.txt
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from detente.events.lexicon import DATA_DIR, Lexicon, inflections, load_lexicon

__all__ = [
    "OUTPUT",
    "Block",
    "Pattern",
    "Verb",
    "import_petrarch_verbs",
    "plover_of",
    "read_verb_dictionary",
    "write_petrarch_verbs",
]

OUTPUT = DATA_DIR / "petrarch_verbs.yaml"

# PLOVER type of each CAMEO root (the PLOVER manual's table "PLOVER equivalents to CAMEO cue
# categories"); 01 and 02 are dropped. 08 is CONCEDE for 080-083 and RETREAT for 084-087.
_TYPE_OF_ROOT = {
    "03": "AGREE", "04": "CONSULT", "05": "SUPPORT", "06": "COOPERATE", "07": "AID", "08": "CONCEDE",
    "09": "ACCUSE", "10": "REQUEST", "11": "ACCUSE", "12": "REJECT", "13": "THREATEN", "14": "PROTEST",
    "15": "MOBILIZE", "16": "SANCTION", "17": "COERCE", "18": "ASSAULT", "19": "ASSAULT", "20": "ASSAULT",
}  # fmt: skip
# Codes whose type is not their root's: CAMEO2PLOVER-2021 (084-087 RETREAT, 1712 and 175 ASSAULT,
# 191 and 192 COERCE) and detente's conventions (057 AGREE, 116 SANCTION).
_TYPE_OF_CODE = {
    "057": "AGREE", "084": "RETREAT", "085": "RETREAT", "086": "RETREAT", "087": "RETREAT",
    "116": "SANCTION", "1712": "ASSAULT", "175": "ASSAULT", "191": "COERCE", "192": "COERCE",
}  # fmt: skip
# PLOVER modes of CAMEO codes (CAMEO2PLOVER-2021's mode column, with the PLOVER manual's names:
# 195 'aerial', 1712 'destroy', 163 'discontinue'); a four-digit code falls back to its three digits.
_MODE_OF_CODE = {
    "041": "phone", "042": "visit", "043": "visit", "044": "third-party",
    "0841": "release", "0842": "return", "085": "ease", "086": "access", "087": "disarm", "0871": "ceasefire",
    "0872": "withdraw", "090": "investigate", "091": "investigate", "092": "investigate", "093": "investigate",
    "094": "investigate", "101": "assist", "102": "assist", "103": "assist", "104": "change", "105": "yield",
    "106": "meet", "107": "meet", "108": "meet", "110": "disapprove", "111": "disapprove", "112": "disapprove",
    "1121": "allege", "1122": "allege", "1123": "allege", "1124": "allege", "1125": "allege", "113": "disapprove",
    "114": "allege", "115": "allege", "116": "convict", "121": "assist", "122": "assist", "123": "change",
    "124": "change", "1243": "yield", "1244": "yield", "1245": "yield", "1246": "yield", "125": "meet",
    "126": "meet", "127": "meet", "128": "yield", "129": "yield", "1311": "relations", "1312": "restrict",
    "1313": "relations", "132": "ban", "1323": "restrict", "1324": "restrict", "133": "relations",
    "134": "relations", "135": "relations", "136": "expel", "137": "violence", "138": "violence",
    "1381": "restrict", "1382": "territory", "139": "relations", "141": "demo", "142": "hunger", "143": "boycott",
    "144": "obstruct", "145": "riot", "151": "police", "152": "troops", "153": "police", "154": "troops",
    "161": "withdraw", "162": "discontinue", "163": "discontinue", "164": "withdraw", "165": "withdraw",
    "166": "expel", "171": "seize", "1712": "destroy", "172": "restrict", "1722": "ban", "1723": "curfew",
    "1724": "martial-law", "173": "arrest", "174": "deport", "181": "abduct", "182": "beat", "1821": "sexual",
    "1822": "torture", "183": "suicide-attack", "1832": "explosives", "1833": "explosives", "184": "abduct",
    "185": "assassinate", "186": "assassinate", "191": "restrict", "192": "seize", "193": "firearms",
    "194": "heavy-weapons", "195": "aerial", "200": "massacre", "201": "cleansing", "202": "massacre",
    "203": "cleansing", "204": "unconventional",
}  # fmt: skip
# Words in object position that are not objects: leftovers of TABARI's word-sequence patterns.
_NOT_OBJECTS = frozenset(
    {
        "a", "an", "the", "of", "to", "not", "no", "will", "would", "be", "is", "are", "was", "were", "have",
        "has", "had", "it", "its", "that", "this", "their", "his", "her", "as", "and", "or", "for", "on", "in",
        "at", "with", "by", "from", "up", "out", "off", "back", "down", "into", "onto", "over", "under",
        "through", "across", "against", "about", "himself", "herself", "itself", "themselves", "deep",
    }
)  # fmt: skip
# Forms of "be" and "have" in multi-word verbs ("+IS_DETERMINED"), as the lemmas phrases match.
_LEMMA_OF_FORM = {"is": "be", "are": "be", "was": "be", "were": "be", "am": "be", "has": "have", "had": "have"}
_HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s*---")
_CODE = re.compile(r"\[([^\]]*)\]\s*$")
_MARKERS = frozenset("+$%^*")
_NULL = "---"
# The licence of CAMEO.2.0.txt, which the generated file carries.
_LICENCE = """\
The MIT License (MIT)

Copyright (c) 2015 Open Event Data Alliance

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of
the Software, and to permit persons to whom the Software is furnished to do so,
subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS
FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""


@dataclass(frozen=True, slots=True)
class Pattern:
    """One coded pattern of a block: its CAMEO code (None for the null code ``---``), whether it
    needs any word besides the verb, and the direct objects it needs (empty when it needs other
    words, or more than one object)."""

    code: str | None
    simple: bool
    objects: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Verb:
    """A verb of a block: its words (lemmas, lower case; several for a multi-word verb), its own
    code (None when it has none, ``---`` when it is marked as coding nothing: ``BACKLASH [---]``)
    and the irregular forms listed with it."""

    words: tuple[str, ...]
    code: str | None
    forms: tuple[str, ...] = ()


@dataclass
class Block:
    """A verb synonym block: its name, primary code, verbs and patterns."""

    name: str
    code: str | None
    verbs: list[Verb] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)


def plover_of(code: str) -> tuple[str, str | None] | None:
    """The PLOVER type and mode of a CAMEO code, or None when PLOVER drops it (01, 02) or it is
    not a CAMEO event code."""
    event_type = next((_TYPE_OF_CODE[c] for c in (code, code[:3]) if c in _TYPE_OF_CODE), None)
    event_type = event_type or _TYPE_OF_ROOT.get(code[:2])
    if event_type is None or not code.isdigit():
        return None
    mode = next((_MODE_OF_CODE[c] for c in (code, code[:3]) if c in _MODE_OF_CODE), None)
    return event_type, mode


def read_verb_dictionary(path: str | Path) -> list[Block]:
    """The verb blocks of a PETRARCH-2 verb dictionary, in file order, with synonym sets expanded."""
    synsets: dict[str, list[str]] = {}
    blocks: list[Block] = []
    current: str | None = None  # the synonym set being read, before the verb patterns
    in_patterns = False
    for raw in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
        if raw.startswith("####### VERB PATTERNS"):
            in_patterns = True
            continue
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if not in_patterns:
            if line.startswith("&"):
                current = line.strip()
                synsets[current] = []
            elif line.startswith("+") and current is not None:
                synsets[current].append(line[1:].strip().rstrip("_").replace("_", " ").lower())
            continue
        if line.startswith("~"):  # verb transformations ("a (b . ATTACK) SAY = a b 112"): not vocabulary
            continue
        header = _HEADER.match(line)
        if header:
            blocks.append(Block(header.group(1), _code(header.group(2))))
        elif blocks and line.startswith("-"):
            blocks[-1].patterns.append(_pattern(line[1:], synsets))
        elif blocks:
            verb = _verb(line)
            if verb is not None:
                blocks[-1].verbs.append(verb)
    return blocks


def import_petrarch_verbs(path: str | Path, shipped: Lexicon | None = None) -> dict:
    """Lexicon entries (``{"verbs": {...}, "phrases": {...}}``) from a PETRARCH-2 verb dictionary,
    leaving out the lemmas and phrases of ``shipped`` (default: the shipped lexicon)."""
    shipped = shipped if shipped is not None else load_lexicon()
    blocks = read_verb_dictionary(path)
    # inflected forms listed as verbs of their own ("FORGIVEN") are never a parse's lemma
    singles = {verb.words[0] for block in blocks for verb in block.verbs if len(verb.words) == 1}
    forms = {form for block in blocks for verb in block.verbs for form in verb.forms}
    forms |= {form for lemma in singles for form in inflections(lemma) if form != lemma}
    taken = set(shipped.verbs) | set(shipped.light_verbs) | forms
    verbs: dict[str, dict] = {}
    phrases: dict[str, dict] = {}
    for block in blocks:
        for verb in block.verbs:
            key = " ".join(verb.words)
            if len(verb.words) == 1 and (key in taken or key in verbs):
                continue
            if len(verb.words) > 1 and (verb.words in shipped.phrases or key in phrases):
                continue
            sense = _sense(verb.code, block, phrase=len(verb.words) > 1)
            if sense is not None:
                (phrases if len(verb.words) > 1 else verbs)[key] = sense
    return {"verbs": dict(sorted(verbs.items())), "phrases": dict(sorted(phrases.items()))}


def write_petrarch_verbs(source: str | Path, dest: str | Path = OUTPUT) -> dict:
    """Import ``source`` and write it to ``dest`` as a lexicon file, headed by where it comes from."""
    entries = import_petrarch_verbs(source)
    lines = [
        "# Generated from PETRARCH-2's verb dictionary CAMEO.2.0.txt (openeventdata/petrarch2, MIT licence,",
        "# below) by detente.events.petrarch_verbs:",
        "#   .venv/bin/python -m detente.events.petrarch_verbs ../shared/data/petrarch2/dictionaries/CAMEO.2.0.txt",
        "# Do not edit: rerun the command. Not loaded by default; use it with --lexicon. It leaves out every",
        "# lemma the shipped lexicon.yaml has, so it adds senses and never replaces hand-written ones.",
        f"# {len(entries['verbs'])} verbs, {len(entries['phrases'])} phrases.",
        "#",
        *(f"# {line}".rstrip() for line in _LICENCE.splitlines()),
    ]
    for section in ("verbs", "phrases"):
        lines.append(f"{section}:")
        lines.extend(f"  {_scalar(key)}: {_flow(sense)}" for key, sense in entries[section].items())
    Path(dest).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return entries


def main(argv: list[str] | None = None) -> int:
    """Command line: import a CAMEO.2.0.txt and write the lexicon file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dictionary", type=Path, help="PETRARCH-2's CAMEO.2.0.txt")
    parser.add_argument("--out", type=Path, default=OUTPUT, help=f"the lexicon file to write (default {OUTPUT})")
    args = parser.parse_args(argv)
    entries = write_petrarch_verbs(args.dictionary, args.out)
    print(f"{args.out}: {len(entries['verbs'])} verbs, {len(entries['phrases'])} phrases", file=sys.stderr)
    return 0


# -- reading -------------------------------------------------------------------------------------
def _code(text: str) -> str | None:
    """The CAMEO code of a ``[...]`` field: the first of a pair (``042:043``, the event and its
    reverse), None for the null code."""
    code = text.split(":", 1)[0].strip()
    return None if not code or code.startswith("-") else code


def _verb(line: str) -> Verb | None:
    """A block's verb line, or None when no lemma or lemma sequence of a parse can match it."""
    own = _CODE.search(line)
    text = line[: own.start()] if own else line
    braces = re.search(r"\{([^}]*)\}?", text)
    forms = tuple(f.lower() for f in braces.group(1).replace(",", " ").split() if "_" not in f) if braces else ()
    tokens = (text[: braces.start()] if braces else text).split()
    if not tokens:
        return None
    word = tokens[0]
    if "_" in word and not word.startswith("+"):
        # the inflecting word is not the first ("RE_+ARREST"): the tagger sees another token
        # sequence ("re-arrest"), which a lemma phrase cannot follow
        return None
    words = tuple(_LEMMA_OF_FORM.get(w, w) for w in word.lstrip("+").lower().split("_") if w)
    # hyphenated words are several tokens to the tagger; "KILLED_AND" is a coordination helper
    if not words or not all(re.fullmatch(r"[a-z][a-z']*", w) for w in words) or {"and", "or"} & set(words):
        return None
    code = None if own is None else _code(own.group(1)) or _NULL
    return Verb(words, code, forms)


def _pattern(body: str, synsets: dict[str, list[str]]) -> Pattern:
    """Read a pattern line (without its leading '-')."""
    found = _CODE.search(body)
    code = _code(found.group(1)) if found else None
    tokens = (body[: found.start()] if found else body).split()
    star = tokens.index("*") if "*" in tokens else len(tokens)
    before, after = tokens[:star], tokens[star + 1 :]
    if not any(t not in _MARKERS for t in (*before, *after)):
        return Pattern(code, simple=True)
    if any(t not in _MARKERS for t in before):
        return Pattern(code, simple=False)
    return Pattern(code, simple=False, objects=_objects(after, synsets))


def _objects(after: list[str], synsets: dict[str, list[str]]) -> tuple[str, ...]:
    """The direct objects a pattern needs: one noun (a word, a synonym set, or a {...} phrase's
    head) right after the verb, with nothing but prepositional phrases and slot markers after it."""
    groups: list[list[str]] = []
    depth_paren = depth_brace = 0
    for token in after:
        opened_paren = token.startswith("(")
        if token in _MARKERS:
            continue
        if depth_paren or opened_paren:
            depth_paren += token.count("(") - token.count(")")
            continue
        if depth_brace:
            groups[-1].append(token.strip("{}"))
        else:
            groups.append([token.strip("{}")])
        depth_brace += token.count("{") - token.count("}")
    if len(groups) != 1:
        return ()
    head = groups[0][-1]
    words = synsets.get(head, [head.replace("_", " ").lower()]) if head.startswith("&") else [head.lower()]
    # a synonym set's phrases ("cease fire") have heads that would loosen the constraint too much
    return tuple(sorted({_singular(w) for w in words if " " not in w and w not in _NOT_OBJECTS and w.isalpha()}))


def _singular(word: str) -> str:
    """The lemma an object noun has in a parse: PETRARCH writes some in the plural ("TALKS")."""
    # "initiatives" is commoner than "knives": -ves plurals only lose their s
    for plural, singular in (("ies", "y"), ("sses", "ss"), ("xes", "x"), ("ches", "ch"), ("shes", "sh"),
                             ("men", "man")):  # fmt: skip
        if word.endswith(plural) and len(word) > len(plural) + 1:
            return word[: -len(plural)] + singular
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


# -- choosing a sense ----------------------------------------------------------------------------
def _sense(own: str | None, block: Block, phrase: bool) -> dict | None:
    """The lexicon sense of one of a block's verbs, or None when it codes no PLOVER event."""
    if own == _NULL:
        return None
    for code in (own, block.code):
        if code is not None:
            return _entry(code)
    simple = Counter(p.code for p in block.patterns if p.simple and p.code and plover_of(p.code))
    if simple:
        return _entry(_most_common(simple))
    if phrase:  # phrases cannot require objects
        return None
    by_type: dict[str, list[Pattern]] = {}
    for p in block.patterns:
        plover = plover_of(p.code) if p.code else None
        if p.objects and plover is not None:
            by_type.setdefault(plover[0], []).append(p)
    if not by_type:
        return None
    chosen = max(by_type.values(), key=len)  # ties: the type met first in the block
    entry = _entry(_most_common(Counter(p.code for p in chosen)))
    if entry is not None:
        entry["objects"] = sorted({o for p in chosen for o in p.objects})
    return entry


def _most_common(counts: Counter) -> str:
    """The most frequent code; ties go to the one met first."""
    return counts.most_common(1)[0][0]


def _entry(code: str) -> dict | None:
    plover = plover_of(code)
    if plover is None:
        return None
    event_type, mode = plover
    return {"type": event_type, **({"mode": mode} if mode else {}), "cameo": code}


# -- writing -------------------------------------------------------------------------------------
def _scalar(value: str) -> str:
    """A YAML scalar: bare when YAML reads it back as the same string, quoted otherwise."""
    bare = yaml.safe_load(value) == value and re.fullmatch(r"[A-Za-z][\w' -]*", value) is not None
    return value if bare else json.dumps(value)


def _flow(sense: dict) -> str:
    parts = []
    for key, value in sense.items():
        if isinstance(value, list):
            text = "[" + ", ".join(_scalar(v) for v in value) + "]"
        elif key == "cameo":
            text = json.dumps(value)  # always quoted: "057" would read as an octal number
        else:
            text = _scalar(value)
        parts.append(f"{key}: {text}")
    return "{" + ", ".join(parts) + "}"


if __name__ == "__main__":
    sys.exit(main())
