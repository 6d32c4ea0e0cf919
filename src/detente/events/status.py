"""An event's status (occurred, future, hoped, negated, hypothetical) from the words around its
trigger: negation, modal and future auxiliaries, governing verbs of hope, plan or refusal, and a
date after the publication date."""

from __future__ import annotations

from spacy.tokens import Token

from detente.schemas import DateValue

# Subordinate clauses (advcl, relcl, acl) have their own status: in "hopes to meet Kim after he met
# Moon", the meeting with Moon happened.
_GOVERNING_DEPS = {"xcomp", "ccomp", "pcomp", "pobj", "prep", "dobj", "conj", "nsubj", "attr"}


def _chain(trigger: Token, light: frozenset[str] = frozenset(), hops: int = 4) -> list[Token]:
    """The trigger and the words that govern it, up to the clause's main verb.

    A noun event only takes the status of a light verb that reports it ("did not hold talks");
    "would not lift the sanctions" says nothing of whether the sanctions exist.
    """
    out = [trigger]
    tok = trigger
    while tok.head != tok and len(out) <= hops and tok.dep_ in _GOVERNING_DEPS:
        tok = tok.head
        if trigger.pos_ in ("NOUN", "PROPN") and tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() not in light:
            break
        out.append(tok)
    return out


def _is(tok: Token, words: frozenset[str]) -> bool:
    """The word's lemma or its form is in the list (the tagger's lemmas slip: "hopes" -> "hop")."""
    return tok.lemma_.lower() in words or tok.lower_ in words


def _asked_for(trigger: Token, asked: frozenset[str]) -> bool:
    """Whether a noun event is what a verb of asking asks for: "demanded a truce", "called for
    sanctions", "urged talks" (the truce, sanctions and talks have not happened)."""
    if trigger.pos_ not in ("NOUN", "PROPN"):
        return False
    head = trigger.head
    if trigger.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ == "for":
        head = head.head  # "called for sanctions", "appealed for talks"
    elif trigger.dep_ not in ("dobj", "obj"):
        return False
    return head.pos_ == "VERB" and _is(head, asked)


def tense_of(trigger: Token, words: dict[str, frozenset[str]]) -> str:
    """'future' when the trigger is governed by a future auxiliary, plan or hope; else 'past'."""
    future = words.get("future", frozenset()) | words.get("hoped", frozenset())
    for tok in _chain(trigger):
        for child in tok.children:
            if child.dep_ in ("aux", "amod", "advmod") and _is(child, future):
                return "future"
        if tok != trigger and _is(tok, future):
            return "future"
    return "past"


def event_status(
    trigger: Token,
    words: dict[str, frozenset[str]],
    date: DateValue | None,
    published: str | None,
    light: frozenset[str] = frozenset(),
) -> tuple[str, bool]:
    """(status, refused): refused is True when the clause reports a refusal ("would not lift")."""
    modal_future = False
    status = "occurred"
    chain = _chain(trigger, light)
    negated = any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for tok in chain for c in tok.children)
    empty: frozenset[str] = frozenset()
    for pos, tok in enumerate(chain):
        for child in tok.children:
            clemma = child.lemma_.lower()
            if child.dep_ == "neg" or (child.dep_ == "det" and clemma == "no"):
                continue
            elif child.dep_ == "aux" and clemma in words.get("future", ()):
                modal_future = True
                if status == "occurred":
                    status = "future"
            elif child.dep_ in ("aux", "advmod", "mark") and clemma in words.get("hypothetical", ()):
                if clemma in ("would", "could") and negated:
                    modal_future = True
                elif status in ("occurred", "future"):
                    status = "hypothetical"
            elif child.dep_ == "amod" and clemma in words.get("future", ()):
                status = "future"
        if pos == 0:
            continue
        clause = chain[pos - 1].dep_ in ("xcomp", "ccomp")
        if clause and _is(tok, words.get("undertaken", empty)) and status == "occurred":
            status = "future"
        elif clause and _is(tok, words.get("asked", empty)) and status in ("occurred", "future"):
            status = "hypothetical"
        elif chain[pos - 1].dep_ == "prep" and _is(tok, words.get("alleged", empty)) and status == "occurred":
            status = "hypothetical"  # "accused Russia of massing troops": alleged, not reported
        if _is(tok, words.get("refusal", empty)):
            return "occurred", True
        if _is(tok, words.get("failure", empty)):
            return "negated", False
        if _is(tok, words.get("hoped", empty)):
            status = "hoped"
        elif _is(tok, words.get("hypothetical", empty)) and tok.pos_ in ("NOUN", "VERB"):
            status = "hypothetical"  # "the idea of a free trade agreement", "is considering sending aid"
        elif _is(tok, words.get("future", empty)) and status == "occurred":
            status = "future"
    if status == "occurred" and _asked_for(trigger, words.get("asked", empty)):
        status = "hypothetical"
    if negated:
        return ("occurred", True) if modal_future else ("negated", False)
    if status == "occurred" and date is not None and published and len(published) >= 10 and date.start > published[:10]:
        status = "future"
    return status, False
