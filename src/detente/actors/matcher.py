"""Finding registry names in tokenized text with spaCy's PhraseMatcher.

Matching works on the tokenizer's output alone, so it does not depend on the statistical NER
(which mislabels some names) and costs almost nothing. Names written with capitals inside them
(``US``, ``ASEAN``, ``McDonald``) and short names match case-sensitively; other names match in
any case. Surnames always match case-sensitively, as they are often common words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from detente.actors.registry import Registry

# What a phrase names: an actor id (or ``title:<role>``, or ``-`` for a non-actor place) and how.
Candidate = tuple[str, str]

KIND_ORDER = {"state": 0, "org": 1, "person": 2}


@dataclass(slots=True)
class Match:
    """A phrase found in the text, with every registry entry it may name."""

    start: int  # token offsets
    end: int
    candidates: list[Candidate]

    @property
    def hows(self) -> set[str]:
        return {how for _, how in self.candidates}


def _case_sensitive(phrase: str) -> bool:
    if sum(c.isalpha() for c in phrase) <= 3:
        return True
    return any(any(c.isupper() for c in word[1:]) for word in phrase.split())


def _strip_article(phrase: str) -> str:
    return phrase[4:] if phrase.lower().startswith("the ") else phrase


class ActorMatcher:
    """Finds names, aliases, demonyms, capitals, metonyms, places, surnames and role titles."""

    def __init__(self, registry: Registry, nlp: Language) -> None:
        self.registry = registry
        self._tokenizer = nlp.tokenizer
        self._exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._phrases: dict[tuple[str, bool], list[Candidate]] = {}
        for actor in sorted(registry.actors.values(), key=lambda a: KIND_ORDER[a.kind]):
            for phrase in (actor.name, *actor.aliases):
                self._add(phrase, actor.id, "name" if phrase == actor.name else "alias")
            for phrase in actor.demonyms:
                self._add(phrase, actor.id, "demonym")
            for phrase in actor.capitals:
                self._add(phrase, actor.id, "capital")
            for phrase in actor.metonyms:
                self._add(phrase, actor.id, "metonym")
            for phrase in actor.places:
                # as written only: a place name may be a common word in lower case ("cologne")
                self._add(phrase, actor.id, "place", exact=True)
            for phrase in actor.surnames:
                self._add(phrase, actor.id, "surname", exact=True)
        for title in registry.titles:
            for phrase in title.words:
                self._add(phrase, f"title:{title.role}", "title", exact=False)
        states = {
            phrase: actor.id
            for actor in registry.actors.values()
            if actor.kind == "state"
            for phrase in (actor.name, *actor.aliases)
        }
        for phrase in registry.non_actors:
            self._add(phrase, "-", "place")
            # A commercial "Bank of China" is no actor, but the state's central bank, named with a
            # word before it, is a state body: "the People's Bank of China", "the Central Bank of
            # Ireland" (a non-actor of the same words, "State Bank of India", still wins).
            if phrase.startswith("Bank of ") and phrase[8:] in states:
                for word in registry.name_words.get("central_bank", ()):
                    self._add(f"{word} {phrase}", states[phrase[8:]], "metonym")
            last = phrase.rsplit(" ", 1)[-1]
            if last.isalpha() and last.islower() and not last.endswith("s"):
                self._add(phrase + "s", "-", "place")  # "Swiss francs" as "Swiss franc"
        self._compile()

    def _add(self, phrase: str, actor_id: str, how: str, exact: bool | None = None) -> None:
        phrase = _strip_article(phrase.strip())
        if not phrase:
            return
        if exact is None:
            exact = _case_sensitive(phrase)
        cands = self._phrases.setdefault((phrase if exact else phrase.lower(), exact), [])
        if (actor_id, how) not in cands:
            cands.append((actor_id, how))

    def _compile(self) -> None:
        self._keys: list[list[Candidate]] = []
        exact: dict[str, list[Doc]] = {}
        folded: dict[str, list[Doc]] = {}
        items = list(self._phrases.items())
        docs = self._tokenizer.pipe(phrase for (phrase, _), _ in items)
        for ((_, is_exact), cands), doc in zip(items, docs, strict=True):
            key = str(len(self._keys))
            self._keys.append(cands)
            (exact if is_exact else folded).setdefault(key, []).append(doc)
        for key, docs_ in exact.items():
            self._exact.add(key, docs_)
        for key, docs_ in folded.items():
            self._folded.add(key, docs_)

    def find(self, doc: Doc) -> list[Match]:
        """Non-overlapping matches, longest first, in text order."""
        raw: list[tuple[int, int, list[Candidate]]] = []
        for matcher in (self._exact, self._folded):
            for key, start, end in matcher(doc):
                raw.append((start, end, self._keys[int(doc.vocab.strings[key])]))
        return _longest(raw)


def _longest(raw: Iterable[tuple[int, int, list[Candidate]]]) -> list[Match]:
    merged: dict[tuple[int, int], list[Candidate]] = {}
    for start, end, cands in raw:
        merged.setdefault((start, end), []).extend(c for c in cands if c not in merged.get((start, end), []))
    taken: set[int] = set()
    out = []
    for (start, end), cands in sorted(merged.items(), key=lambda kv: (kv[0][0] - kv[0][1], kv[0][0])):
        if taken.isdisjoint(range(start, end)):
            taken.update(range(start, end))
            out.append(Match(start, end, cands))
    return sorted(out, key=lambda m: m.start)
