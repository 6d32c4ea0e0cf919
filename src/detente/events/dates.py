"""Attaching temporal expressions to event triggers.

A trigger takes the date nearest to it in the dependency tree: first one inside its own phrase
("visited Russia in March"), then one attached to the verb that governs it, then a date of the
sentence no other trigger claims. "on November 14 and 15 respectively" spreads its dates over the
coordinated triggers in order.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Token

from detente.events.status import tense_of
from detente.nlp.timex import find_dates
from detente.schemas import DateValue, Sentence

_CLAUSES = {"advcl", "relcl", "acl", "ccomp", "parataxis"}
# A "when" clause dates the event it modifies ("issued a statement when Xi visited in March");
# other subordinate clauses ("since Russia joined in 2010") date only themselves.
_DATING_MARKERS = {"when", "as", "while", "during"}
# Dates after these words anchor another event, not this one ("the first visit since 1999").
_ANCHOR_WORDS = {"since", "after", "before", "until", "till", "following", "prior"}


# Expressions that point from the moment of writing ("on Tuesday", "last year"): without a
# publication date they cannot be placed; calendar dates lacking only a year ("November 13",
# "in June") can, in the narrative's year.
_DEICTIC = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|this|last|next|ago|yesterday|today|tomorrow|"
    r"week|current|coming|past|previous|recent)\b",
    re.IGNORECASE,
)


def _depth(tok: Token, ancestor: Token) -> int | None:
    """Hops from a date's head up to the trigger, None when it is elsewhere or in another clause."""
    hops = 0
    while tok != ancestor:
        if tok.head == tok:
            return None
        if tok.dep_ == "prep" and tok.lower_ in _ANCHOR_WORDS:
            return None
        if tok.dep_ in _CLAUSES:
            markers = {c.lower_ for c in tok.children if c.dep_ in ("mark", "advmod")}
            if markers & _ANCHOR_WORDS:
                return None
            # a participle or relative clause inside the phrase describes it ("the agreement ...
            # signed in May 2015", wherever the parser hangs it); other clauses are other events
            if tok.dep_ not in ("acl", "relcl") and not markers & _DATING_MARKERS:
                return None
        tok = tok.head
        hops += 1
    return hops


class DateResolver:
    """Finds and attaches dates for the triggers of one sentence."""

    def __init__(self, status_words: dict[str, frozenset[str]] | None = None) -> None:
        self.words = status_words or {}

    def assign(
        self, parse: Doc, sentence: Sentence, triggers: list, published: str | None, anchor_year: int | None = None
    ) -> dict[int, DateValue]:
        """The date of each trigger (by head token index) that the sentence gives one.

        ``anchor_year`` (for documents without a publication date) is the year the narrative is
        in, from the last explicit date before this sentence: bare months resolve into it.
        """
        if not triggers:
            return {}
        by_tense: dict[str, list[tuple[DateValue, Token]]] = {}
        out: dict[int, DateValue] = {}
        claimed: dict[int, set[int]] = {}
        for trig in triggers:
            tense = tense_of(trig.head, self.words)
            if tense not in by_tense:
                by_tense[tense] = self._dates(parse, sentence, published, tense, anchor_year)
            dates = by_tense[tense]
            if not dates:
                continue
            best = self._nearest(trig.head, dates)
            if best is not None:
                out[trig.head.i] = best
                claimed.setdefault(id(best), set()).add(trig.head.i)
        if "respectively" in sentence.text.lower():
            self._respectively(triggers, by_tense, out)
        for trig in triggers:
            if trig.head.i in out:
                continue
            dates = by_tense.get(tense_of(trig.head, self.words)) or []
            root = trig.head.sent.root if trig.head.doc.has_annotation("DEP") else trig.head
            free = [
                (d, h)
                for d, h in dates
                if _depth(h, root) is not None and not any(_depth(h, t.head) is not None for t in triggers)
            ]
            if free:
                out[trig.head.i] = min(free, key=lambda dh: abs(dh[1].i - trig.head.i))[0]
            elif sentence.is_caption and dates:
                # a caption's closing date ("..., New Delhi, India, October 5, 2018.") dates all of it
                out[trig.head.i] = max(dates, key=lambda dh: dh[0].char_start)[0]
        return out

    @staticmethod
    def _dates(
        parse: Doc, sentence: Sentence, published: str | None, tense: str, anchor_year: int | None = None
    ) -> list[tuple[DateValue, Token]]:
        found = []
        values = find_dates(sentence.text, published, tense=tense)
        if published is None and anchor_year is not None:
            taken = [(d.char_start, d.char_end) for d in values]
            values += [
                d
                for d in find_dates(sentence.text, f"{anchor_year}-12-31", tense="past")
                if d.relative
                and not _DEICTIC.search(d.text)
                and all(d.char_end <= a or b <= d.char_start for a, b in taken)
            ]
        for d in values:
            toks = [t for t in parse if t.idx < d.char_end and d.char_start < t.idx + len(t)]
            if not toks:
                continue
            ids = {t.i for t in toks}
            head = next((t for t in toks if t.head.i not in ids or t.head == t), toks[-1])
            found.append(
                (replace(d, char_start=d.char_start + sentence.start, char_end=d.char_end + sentence.start), head)
            )
        return found

    @staticmethod
    def _nearest(trigger: Token, dates: list[tuple[DateValue, Token]]) -> DateValue | None:
        scopes = [trigger]
        gov = trigger.head
        hops = 0
        while gov != trigger and hops < 4 and gov.head != gov:
            if gov.pos_ in ("VERB", "AUX"):
                scopes.append(gov)
                break
            gov = gov.head
            hops += 1
        else:
            if gov.pos_ in ("VERB", "AUX") and gov != trigger:
                scopes.append(gov)
        for scope in scopes:
            ranked = [(depth, d) for d, head in dates if (depth := _depth(head, scope)) is not None]
            if ranked:
                return min(ranked, key=lambda x: x[0])[1]
        return None

    @staticmethod
    def _respectively(triggers: list, by_tense: dict, out: dict[int, DateValue]) -> None:
        """ "X and Y on November 14 and 15 respectively": coordinated triggers take the dates in order."""
        dates = sorted({id(d): d for ds in by_tense.values() for d, _ in ds}.values(), key=lambda d: d.char_start)
        groups: dict[int, list] = {}
        for trig in triggers:
            tok = trig.head
            while tok.dep_ == "conj" and tok.head != tok:
                tok = tok.head
            groups.setdefault(tok.i, []).append(trig)
        for group in groups.values():
            if len(group) < 2 or len(dates) < len(group):
                continue
            for trig, d in zip(group, dates[-len(group) :], strict=True):
                out[trig.head.i] = d


def report_date(published: str | None, sentences: list[Sentence]) -> str | None:
    """When the article was written, for dating the events it reports without a date: its
    publication date, else (undated articles) the latest full date it states, on the assumption
    that news reports recent events. Only events get this; the document's metadata stays empty."""
    if published:
        return published
    latest = None
    for s in sentences:
        for d in find_dates(s.text, None):
            if not d.relative and d.precision in ("day", "month") and (latest is None or d.start > latest):
                latest = d.start
    return latest[:7] if latest else None
