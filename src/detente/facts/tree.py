"""Small helpers over spaCy dependency trees used by the attribution rules."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

# Children that open a clause of their own: a date or an actor inside them belongs to that clause.
CLAUSE_DEPS = frozenset({"conj", "advcl", "ccomp", "relcl", "parataxis", "acl", "csubj"})
VERB_POS = frozenset({"VERB", "AUX"})
PRONOUN_SUBJECTS = frozenset({"which", "that", "who", "it", "this", "these", "those", "they", "he", "she", "what"})


def span_of(doc: Doc, start: int, end: int) -> Span | None:
    """The tokens covering the characters [start, end) of ``doc`` (expanded to whole tokens)."""
    return doc.char_span(max(0, start), min(len(doc.text), end), alignment_mode="expand")


def tree_distance(a: Token, b: Token) -> int:
    """Number of dependency arcs between two tokens of one sentence."""
    depth_a: dict[int, int] = {}
    token, steps = a, 0
    while True:
        depth_a[token.i] = steps
        if token.head.i == token.i:
            break
        token, steps = token.head, steps + 1
    token, steps = b, 0
    while token.i not in depth_a:
        if token.head.i == token.i:
            return steps + len(depth_a) + 1  # different roots (a parse split in two)
        token, steps = token.head, steps + 1
    return steps + depth_a[token.i]


def governing_verb(token: Token) -> Token | None:
    """The nearest verb above ``token`` (itself when it is a verb)."""
    while token.pos_ not in VERB_POS:
        if token.head.i == token.i:
            return None
        token = token.head
    return token


def parent_verb(verb: Token) -> Token | None:
    """The verb that governs ``verb``'s clause, if any."""
    return None if verb.head.i == verb.i else governing_verb(verb.head)


def clause_ids(verb: Token) -> set[int]:
    """Token indexes of ``verb``'s own clause: its subtree without the clauses nested in it."""
    ids: set[int] = set()
    stack = [verb]
    while stack:
        token = stack.pop()
        ids.add(token.i)
        stack.extend(c for c in token.children if c.dep_ not in CLAUSE_DEPS or c.pos_ not in VERB_POS)
    return ids


def np_ids(head: Token, exclude: set[int]) -> list[Token]:
    """Tokens of the noun phrase headed by ``head``, without relative clauses or excluded tokens."""
    found = []
    stack = [head]
    while stack:
        token = stack.pop()
        if token.i in exclude and token.i != head.i:
            continue
        found.append(token)
        stack.extend(c for c in token.children if c.dep_ not in CLAUSE_DEPS)
    return sorted(found, key=lambda t: t.i)


def preps_between(token: Token, head: Token) -> list[str]:
    """Lower-cased prepositions on the path from ``token`` up to ``head`` (empty if not below it)."""
    preps = []
    while token.i != head.i:
        if token.dep_ in ("prep", "agent") or token.pos_ == "ADP":
            preps.append(token.lower_)
        if token.head.i == token.i:
            return []
        token = token.head
    return preps
