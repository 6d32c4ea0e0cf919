"""Attaching temporal expressions to event triggers.

A trigger takes the date nearest to it in the dependency tree: first one inside its own phrase
("visited Russia in March"), then one attached to the verb that governs it, then a date of the
sentence no other trigger claims. "on November 14 and 15 respectively" spreads its dates over the
coordinated triggers in order.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from detente.events.status import tense_of
from detente.nlp.timex import find_dates
from detente.schemas import DateValue, Sentence


def _depth(tok: Token, ancestor: Token) -> int | None:
    hops = 0
    while tok != ancestor:
        if tok.head == tok:
            return None
        tok = tok.head
        hops += 1
    return hops


class DateResolver:
    """Finds and attaches dates for the triggers of one sentence."""

    def __init__(self, status_words: dict[str, frozenset[str]] | None = None) -> None:
        self.words = status_words or {}

    def assign(self, parse: Doc, sentence: Sentence, triggers: list, published: str | None) -> dict[int, DateValue]:
        if not triggers:
            return {}
        by_tense: dict[str, list[tuple[DateValue, Token]]] = {}
        out: dict[int, DateValue] = {}
        claimed: dict[int, set[int]] = {}
        for trig in triggers:
            tense = tense_of(trig.head, self.words)
            if tense not in by_tense:
                by_tense[tense] = self._dates(parse, sentence, published, tense)
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
            free = [(d, h) for d, h in dates if not any(_depth(h, t.head) is not None for t in triggers)]
            if free:
                out[trig.head.i] = min(free, key=lambda dh: abs(dh[1].i - trig.head.i))[0]
        return out

    @staticmethod
    def _dates(parse: Doc, sentence: Sentence, published: str | None, tense: str) -> list[tuple[DateValue, Token]]:
        found = []
        for d in find_dates(sentence.text, published, tense=tense):
            toks = [t for t in parse if t.idx < d.char_end and d.char_start < t.idx + len(t)]
            if not toks:
                continue
            ids = {t.i for t in toks}
            head = next((t for t in toks if t.head.i not in ids or t.head == t), toks[-1])
            d.char_start += sentence.start
            d.char_end += sentence.start
            found.append((d, head))
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
        dates = sorted({id(d): d for ds in by_tense.values() for d, _ in ds}.values(), key=lambda d: d.char_start)
        coordinated = [t for t in triggers if t.head.pos_ in ("NOUN", "PROPN")]
        if len(dates) >= 2 and len(coordinated) == len(dates):
            for trig, d in zip(coordinated, dates, strict=True):
                out[trig.head.i] = d
