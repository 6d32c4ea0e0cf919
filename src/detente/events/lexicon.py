"""The event lexicon (verbs, nouns, phrases -> PLOVER type, mode, CAMEO code) and the CAMEO table.

Both are data files in ``events/data``; users layer their own lexicon files on top.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Token

from detente.actors.registry import read_yaml
from detente.schemas import EVENT_TYPES, quad_class_of

DATA_DIR = Path(__file__).parent / "data"


class LexiconError(ValueError):
    """A lexicon file is malformed."""


@dataclass(frozen=True, slots=True)
class Sense:
    """What a trigger word means: the event it reports and how its arguments are read."""

    lemma: str
    pos: str  # verb, noun, phrase
    event_type: str
    cameo: str
    mode: str | None = None
    symmetric: bool = False
    light: bool = False
    objects: tuple[str, ...] | None = None  # the verb is an event only with these objects
    objects_are_actors: bool = False  # the verb is an event only when its object is an actor
    not_objects: tuple[str, ...] = ()  # the verb is no event with these objects ("denied the allegations")
    topic_object: bool = False  # the direct object is a topic, not a partner
    preps: tuple[str, ...] = ()
    particle: str | None = None
    source_only: bool = False
    no_object: bool = False  # the verb is an event only when used without a direct object
    needs_modifier: tuple[str, ...] = ()
    needs_verb: tuple[str, ...] = ()
    only_as_object: bool = False
    needs_proper: bool = False  # the noun is an event only as part of a name ("the Eastern Economic Forum")
    adjectival: bool = False  # "is opposed to X": the participle states its subject's stance towards X

    @property
    def cameo_root(self) -> str:
        return self.cameo[:2]

    @property
    def quad_class(self) -> int:
        return quad_class_of(self.cameo_root) or 0


@dataclass
class Lexicon:
    """All senses, indexed for matching."""

    verbs: dict[str, Sense] = field(default_factory=dict)
    nouns: dict[str, Sense] = field(default_factory=dict)
    phrases: dict[tuple[str, ...], Sense] = field(default_factory=dict)
    light_verbs: frozenset[str] = frozenset()
    needs_recipient: frozenset[str] = frozenset()  # PLOVER types that are no event without a recipient
    needs_partner: frozenset[str] = frozenset()  # types that are no event without a known actor as target
    intents: dict[str, str] = field(default_factory=dict)  # type of an announced cooperative act -> 03x code
    threats: dict[str, str] = field(default_factory=dict)  # type of an announced conflictual act -> 13x code
    judgements: dict[str, Sense] = field(default_factory=dict)  # predicate adjectives that accuse or praise
    obligations: dict[str, Sense] = field(default_factory=dict)  # modals that make reported speech a demand
    speech_verbs: frozenset[str] = frozenset()
    status: dict[str, frozenset[str]] = field(default_factory=dict)
    goldstein: dict[str, float] = field(default_factory=dict)

    @property
    def trigger_forms(self) -> frozenset[str]:
        """Lower-case first words of every trigger, for cheap pre-filtering before parsing."""
        return self._forms

    def intensity(self, cameo: str) -> float:
        """Goldstein score of a CAMEO code, falling back to its root."""
        for code in (cameo, cameo[:3], cameo[:2]):
            if code in self.goldstein:
                return self.goldstein[code]
        return 0.0

    def verb_sense(self, lemma: str, form: str) -> Sense | None:
        """The verb sense of a token, by its lemma or, when the tagger's lemma slips ("staged" ->
        "stag"), by its inflected form."""
        return self.verbs.get(lemma) or self.verbs.get(self._verb_forms.get(form, ""))

    def is_light(self, tok: Token) -> bool:
        """Whether a word is a light verb, by lemma or inflected form (the tagger's lemmas slip)."""
        return tok.lemma_.lower() in self.light_verbs or tok.lower_ in self._light_forms

    def finish(self) -> Lexicon:
        """Build the indexes used while matching."""
        self._light_forms = {form for lemma in self.light_verbs for form in inflections(lemma)}
        self._verb_forms = {form: lemma for lemma in self.verbs for form in inflections(lemma) if form != lemma}
        self.phrases_by_first: dict[str, list[tuple[tuple[str, ...], Sense]]] = {}
        for words, sense in self.phrases.items():
            self.phrases_by_first.setdefault(words[0], []).append((words, sense))
        forms: set[str] = set()
        for lemma in (*self.verbs, *self.nouns, *(p[0] for p in self.phrases), *self.judgements, *self.obligations):
            forms.update(inflections(lemma))
        self._forms = frozenset(forms)
        return self


_IRREGULAR = {
    "meet": ["met"], "hold": ["held"], "make": ["made"], "take": ["took", "taken"], "seek": ["sought"],
    "fight": ["fought"], "shoot": ["shot"], "strike": ["struck"], "lead": ["led"], "give": ["gave", "given"],
    "send": ["sent"], "withdraw": ["withdrew", "withdrawn"], "sell": ["sold"], "speak": ["spoke", "spoken"],
    "break": ["broke", "broken"], "freeze": ["froze", "frozen"], "begin": ["began", "begun"],
    "have": ["had", "has"], "lend": ["lent"], "forgive": ["forgave", "forgiven"], "cut": ["cut"], "pay": ["paid"],
    "shake": ["shook", "shaken"], "ink": ["inked"], "sign": ["signed"], "game": ["games"],
    "blow": ["blew", "blown"], "buy": ["bought"], "go": ["went", "gone"], "lay": ["laid"], "leave": ["left"],
    "overrun": ["overran"], "tear": ["tore", "torn"], "draw": ["drew", "drawn"], "withhold": ["withheld"],
    "write": ["wrote", "written"], "stand": ["stood"], "bring": ["brought"], "come": ["came"], "beat": ["beaten"],
    "hit": ["hit"], "put": ["put"], "set": ["set"], "shut": ["shut"], "let": ["let"], "bear": ["bore", "borne"],
    "bind": ["bound"], "catch": ["caught"], "choose": ["chose", "chosen"], "deal": ["dealt"],
    "drive": ["drove", "driven"], "fall": ["fell", "fallen"], "feel": ["felt"], "find": ["found"], "flee": ["fled"],
    "fly": ["flew", "flown"], "forbid": ["forbade", "forbidden"], "get": ["got", "gotten"],
    "grow": ["grew", "grown"], "hang": ["hung"], "hide": ["hid", "hidden"], "keep": ["kept"],
    "know": ["knew", "known"], "lose": ["lost"], "mean": ["meant"], "ride": ["rode"], "rise": ["rose", "risen"],
    "run": ["ran"], "say": ["said"], "see": ["saw", "seen"], "sink": ["sank", "sunk"], "slay": ["slew", "slain"],
    "spend": ["spent"], "spread": ["spread"], "steal": ["stole", "stolen"], "swear": ["swore", "sworn"],
    "teach": ["taught"], "tell": ["told"], "think": ["thought"], "throw": ["threw", "thrown"],
    "undertake": ["undertook", "undertaken"], "uphold": ["upheld"], "wage": ["waged"], "win": ["won"],
    "wind": ["wound"], "overthrow": ["overthrew", "overthrown"], "override": ["overrode", "overridden"],
    "oversee": ["oversaw", "overseen"], "rebuild": ["rebuilt"], "build": ["built"], "shed": ["shed"],
    "split": ["split"], "quit": ["quit"], "forsake": ["forsook", "forsaken"],
}  # fmt: skip


def inflections(lemma: str) -> set[str]:
    """Likely surface forms of an English lemma (enough to pre-filter sentences; not a lemmatizer)."""
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        forms.add(lemma[:-1] + "ing")
    if lemma.endswith("y"):
        forms.update({lemma[:-1] + "ies", lemma[:-1] + "ied"})
    if len(lemma) > 2 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou" and lemma[-3] not in "aeiou":
        forms.update({lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"})
    forms.update(_IRREGULAR.get(lemma, []))
    return forms


def _sense(lemma: str, pos: str, spec: dict, where: str) -> Sense:
    if not isinstance(spec, dict) or "type" not in spec or "cameo" not in spec:
        raise LexiconError(f"{where}: {lemma!r} needs 'type' and 'cameo'")
    event_type = str(spec["type"]).upper()
    if event_type not in EVENT_TYPES:
        raise LexiconError(f"{where}: {lemma!r} has unknown PLOVER type {event_type!r}")
    objects = spec.get("objects")
    return Sense(
        lemma=lemma,
        pos=pos,
        event_type=event_type,
        cameo=str(spec["cameo"]),
        mode=spec.get("mode"),
        symmetric=bool(spec.get("symmetric", False)),
        light=bool(spec.get("light", False)),
        objects=tuple(objects) if objects else None,
        objects_are_actors=bool(spec.get("objects_are_actors", False)),
        not_objects=tuple(spec.get("not_objects") or ()),
        topic_object=bool(spec.get("topic_object", False)),
        preps=tuple(spec.get("preps") or ()),
        particle=spec.get("particle"),
        source_only=bool(spec.get("source_only", False)),
        no_object=bool(spec.get("no_object", False)),
        needs_modifier=tuple(spec.get("needs_modifier") or ()),
        needs_verb=tuple(spec.get("needs_verb") or ()),
        only_as_object=bool(spec.get("only_as_object", False)),
        needs_proper=bool(spec.get("needs_proper", False)),
        adjectival=bool(spec.get("adjectival", False)),
    )


def _event_types(value: object, where: str) -> frozenset[str]:
    if not isinstance(value, list):
        raise LexiconError(f"{where}: expected a list of PLOVER types")
    types = frozenset(str(t).upper() for t in value)
    if unknown := sorted(types - set(EVENT_TYPES)):
        raise LexiconError(f"{where}: unknown PLOVER types {', '.join(unknown)}")
    return types


def _announced(value: object, root: str, where: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise LexiconError(f"{where}: expected a mapping of PLOVER type to CAMEO code")
    codes = {str(t).upper(): str(c) for t, c in value.items()}
    _event_types(list(codes), where)
    if wrong := sorted(c for c in codes.values() if not c.startswith(root)):
        raise LexiconError(f"{where}: codes must be CAMEO {root}x codes, not {', '.join(wrong)}")
    return codes


def load_lexicon(extra: Iterable[str | Path] = ()) -> Lexicon:
    """The shipped lexicon with user files layered on top (same keys replace shipped ones)."""
    return _load(tuple(str(p) for p in extra))


@functools.cache
def _load(extra: tuple[str, ...]) -> Lexicon:
    lex = Lexicon()
    light: set[str] = set()
    for path in (DATA_DIR / "lexicon.yaml", *map(Path, extra)):
        data = read_yaml(path) or {}
        if not isinstance(data, dict):
            raise LexiconError(f"{path}: expected a mapping with verbs, nouns, phrases")
        for lemma, spec in (data.get("verbs") or {}).items():
            lex.verbs[lemma] = _sense(lemma, "verb", spec, str(path))
        for lemma, spec in (data.get("nouns") or {}).items():
            lex.nouns[lemma] = _sense(lemma, "noun", spec, str(path))
        for phrase, spec in (data.get("phrases") or {}).items():
            words = tuple(phrase.lower().split())
            lex.phrases[words] = _sense(phrase, "phrase", spec, str(path))
        light.update(data.get("light_verbs") or ())
        for key in ("needs_recipient", "needs_partner"):
            if key in data:
                setattr(lex, key, _event_types(data[key], f"{path}: {key}"))
        for key, root in (("intents", "03"), ("threats", "13")):
            if key in data:
                setattr(lex, key, _announced(data[key], root, f"{path}: {key}"))
    lex.light_verbs = frozenset(light)
    judged = read_yaml(DATA_DIR / "judgements.yaml") or {}
    for section, senses in (("judgements", lex.judgements), ("obligations", lex.obligations)):
        for event_type, spec in (judged.get(section) or {}).items():
            for word in spec.get("words") or ():
                senses[word] = _sense(word, "judgement", {"type": event_type, "cameo": spec["cameo"]}, section)
    lex.speech_verbs = frozenset(judged.get("speech_verbs") or ())
    status = read_yaml(DATA_DIR / "status.yaml") or {}
    # the tagger's lemmas slip ("hopes" -> "hop"): match status words in any inflected form too
    lex.status = {k: frozenset(f for w in v for f in inflections(str(w))) for k, v in status.items()}
    with (DATA_DIR / "cameo.csv").open(encoding="utf-8") as fh:
        lex.goldstein = {row["code"]: float(row["goldstein"]) for row in csv.DictReader(fh) if row["goldstein"]}
    return lex.finish()
