"""The pair of actors a text is talking about, for "the two countries", "both", "bilateral trade"
and figures whose sentence names no actor.

After each sentence the tracker records its pair: the dyad of the first fact that had both a
subject and a partner, else the first two different actors the sentence names, else (when the
sentence itself leant on context) the pair it inherited. A later sentence asks for the most
recent pair within a few sentences.
"""

from __future__ import annotations

from dataclasses import replace

from detente.schemas import ActorMention, Fact

LOOKBACK = 4  # sentences


class DyadContext:
    """Remembers, sentence by sentence, which two actors were last mentioned together."""

    def __init__(self, mentions_by_sentence: dict[int, list[ActorMention]]) -> None:
        self._mentions = mentions_by_sentence
        self._pairs: dict[int, tuple[ActorMention, ActorMention]] = {}

    def record(self, sentence: int, facts: list[Fact], inherited: tuple[ActorMention, ActorMention] | None) -> None:
        """Note the pair sentence ``sentence`` was about, once its facts are known."""
        for fact in facts:
            if fact.subject and fact.partner:
                self._pairs[sentence] = (fact.subject[0], fact.partner[0])
                return
        pair = first_pair(self._mentions.get(sentence, []))
        if pair:
            self._pairs[sentence] = pair
        elif inherited:
            self._pairs[sentence] = inherited

    def pair_before(self, sentence: int) -> tuple[ActorMention, ActorMention] | None:
        """The most recent pair in the few sentences before ``sentence``."""
        for j in range(sentence - 1, max(-1, sentence - 1 - LOOKBACK), -1):
            pair = self._pairs.get(j) or first_pair(self._mentions.get(j, []))
            if pair:
                return pair
        return None


def first_pair(mentions: list[ActorMention]) -> tuple[ActorMention, ActorMention] | None:
    """The first two mentions, in text order, that resolve to different actors."""
    ordered = sorted((m for m in mentions if m.code), key=lambda m: m.start)
    for m in ordered[1:]:
        if m.code != ordered[0].code:
            return ordered[0], m
    return None


def as_context(mention: ActorMention) -> ActorMention:
    """A copy of ``mention`` marking that a later figure took it from context."""
    return replace(mention, how="context")
