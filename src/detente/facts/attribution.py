"""From quantities in parsed sentences to facts: what each figure measures, whose it is, what
kind of figure it is and which period it refers to.

Rules, in order of trust, for the actors of a figure:

1. its own actors: "China's US$685 billion", "3,000 from China", "Russia's $400 billion deal";
2. the subject of its clause, climbing to the governing clause when the subject is a relative or
   personal pronoun ("the two states have signed a $400 billion deal, which will see ...");
3. the noun phrase of its measure keyword ("Russian commodity circulation with the ASEAN states",
   "trade between Russia and China", "Russia's exports to China");
4. the other actors of the sentence (those not claimed by another figure come first);
5. the pair the text was last talking about, for "the two countries", "both", "bilateral",
   "mutual", and for dyadic measures (trade) that name at most one side.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from detente.facts.context import DyadContext, as_context
from detente.facts.lexicon import alternation, lexicon
from detente.facts.quantities import Quantity, find_quantities
from detente.facts.rates import to_usd
from detente.facts.tree import (
    PRONOUN_SUBJECTS,
    clause_ids,
    governing_verb,
    np_ids,
    parent_verb,
    preps_between,
    span_of,
    tree_distance,
)
from detente.nlp.timex import find_dates
from detente.schemas import ActorMention, DateValue, Document, Fact, Sentence

PARTNER_PREPS = frozenset({"with", "to", "toward", "towards", "against", "into"})
MODIFIER_DEPS = frozenset({"poss", "amod", "compound", "nmod", "npadvmod"})


@dataclass(slots=True)
class Figure:
    """A quantity placed in its parse."""

    q: Quantity
    span: Span
    root: Token
    head_noun: Token | None
    own_subject: list[ActorMention] = field(default_factory=list)
    own_partner: list[ActorMention] = field(default_factory=list)


@dataclass(slots=True)
class Roles:
    subject: list[ActorMention] = field(default_factory=list)
    partner: list[ActorMention] = field(default_factory=list)
    dyad: bool = False  # the phrase said "the two countries", "both", "bilateral"...

    def empty(self) -> bool:
        """Neither a subject nor a partner was found."""
        return not (self.subject or self.partner)


# -- keyword tables ------------------------------------------------------------------------------


@functools.cache
def _keywords() -> dict[str, list[tuple[str, frozenset[str]]]]:
    """word -> [(measure, unit classes it may describe)]; phrases are looked up by their last word."""
    table: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for measure, entry in lexicon().measures.items():
        for phrase in entry["words"]:
            table.setdefault(phrase.lower().split()[-1], []).append((measure, frozenset(entry["units"])))
    return table


@functools.cache
def _rule_words(name: str) -> frozenset[str]:
    return frozenset(w.lower() for w in lexicon().measure_rules[name])


@functools.cache
def _dyad_re() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{alternation(lexicon().measure_rules['dyad_phrases'])})(?![\w-])", re.I)


def _words(token: Token) -> set[str]:
    return {token.lower_, token.lemma_.lower()}


# -- placing quantities and mentions in the parse -----------------------------------------------------


def _figure(doc: Doc, q: Quantity) -> Figure | None:
    span = span_of(doc, q.start, q.end)
    if span is None or not len(span):
        return None
    root = span.root
    head_noun = None
    if root.pos_ in ("NOUN", "PROPN") and root.lower_ not in ("%", "percent"):
        head_noun = root
    elif root.dep_ in ("nummod", "compound", "amod", "quantmod", "nmod") and root.head.pos_ in (
        "NOUN",
        "PROPN",
    ):
        head_noun = root.head
    return Figure(q, span, root, head_noun)


def _mention_tokens(doc: Doc, offset: int, mentions: list[ActorMention]) -> dict[int, ActorMention]:
    """Token index -> the resolved mention covering it (the first one in text order)."""
    by_token: dict[int, ActorMention] = {}
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        span = span_of(doc, m.start - offset, m.end - offset)
        if span is None:
            continue
        for token in span:
            by_token.setdefault(token.i, m)
    return by_token


def _dyad_tokens(doc: Doc) -> set[int]:
    ids: set[int] = set()
    for m in _dyad_re().finditer(doc.text):
        span = span_of(doc, m.start(), m.end())
        if span is not None:
            ids.update(t.i for t in span)
    return ids


# -- actors ----------------------------------------------------------------------------------------


def _add(role: list[ActorMention], mention: ActorMention) -> None:
    if all(m.code != mention.code for m in role):
        role.append(mention)


def _np_roles(
    head: Token, exclude: set[int], mentions: dict[int, ActorMention], dyad: set[int], claimed: set[int]
) -> Roles:
    """Subject and partner named inside the noun phrase of ``head``.

    "between A and B" gives A then B; "with/to X" gives a partner; possessives, adjectives and the rest
    fill the subject first, then the partner ("Russian-Singapore circulation").
    """
    roles = Roles()
    seen: set[int] = set()
    between: list[ActorMention] = []
    ordered: list[tuple[ActorMention, list[str]]] = []
    for token in np_ids(head, exclude):
        if token.i in dyad:
            roles.dyad = True
        mention = mentions.get(token.i)
        if mention is None or id(mention) in seen or id(mention) in claimed:
            continue
        seen.add(id(mention))
        preps = preps_between(token, head)
        if "between" in preps or "among" in preps:
            between.append(mention)
        else:
            ordered.append((mention, preps))
    for mention in between[:1]:
        _add(roles.subject, mention)
    for mention in between[1:]:
        _add(roles.partner, mention)
    for mention, preps in ordered:
        if PARTNER_PREPS.intersection(preps) or roles.subject:
            _add(roles.partner, mention)
        else:
            _add(roles.subject, mention)
    roles.partner = [m for m in roles.partner if m.code not in {s.code for s in roles.subject}]
    return roles


def _own_actors(fig: Figure, text: str, mentions: dict[int, ActorMention], doc: Doc) -> None:
    """Actors attached to the figure itself: "X's $5 billion", "3,000 from X", "a Russian $5bn loan"."""
    lead = text[: fig.q.start]
    # Surface possessive right before the figure, robust to parse errors: "China’s US$685 billion".
    m = re.search(r"['’]s?\s+(?:[A-Za-z]+\s+)?$", lead)
    if m and m.start() > 0:
        span = span_of(doc, m.start() - 1, m.start())
        if span is not None and (mention := mentions.get(span[0].i)):
            _add(fig.own_subject, mention)
    surface = bool(fig.own_subject)
    anchors = [fig.root] + ([fig.head_noun] if fig.head_noun is not None and fig.head_noun != fig.root else [])
    for anchor in anchors:
        for child in anchor.children:
            if child.dep_ == "poss" and surface:
                continue  # the possessive written right before the figure is more local than the parse
            if child.dep_ == "poss" or (child.dep_ in ("amod", "compound") and child.i < fig.span.start):
                targets, partner = [child], False
            elif child.dep_ == "prep" and child.lower_ in ("from", "of", "by"):
                targets, partner = list(child.children), False
            elif child.dep_ == "prep" and child.lower_ in PARTNER_PREPS and anchor is fig.head_noun:
                targets, partner = list(child.children), True
            else:
                continue
            for target in targets:
                for token in [target, *target.conjuncts]:
                    if (mention := mentions.get(token.i)) is not None:
                        _add(fig.own_partner if partner or fig.own_subject else fig.own_subject, mention)
    # The figure hangs from an actor's name ("China's US$685 billion" parsed as a child of "China").
    if fig.root.dep_ in ("nummod", "appos") and (mention := mentions.get(fig.root.head.i)) is not None:
        _add(fig.own_subject, mention)


def _clause_roles(
    fig: Figure, mentions: dict[int, ActorMention], dyad: set[int], exclude: set[int], claimed: set[int]
) -> Roles:
    """Subject (and "with X" partner) of the clause that states the figure, skipping pronoun subjects."""
    roles = Roles()
    verb = governing_verb(fig.root)
    while verb is not None:
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in PARTNER_PREPS:
                for target in child.children:
                    if (mention := mentions.get(target.i)) is not None and id(mention) not in claimed:
                        _add(roles.partner, mention)
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        for subject in subjects:
            if subject.lower_ in PRONOUN_SUBJECTS and subject.i not in mentions:
                continue
            found = _np_roles(subject, exclude, mentions, dyad, claimed)
            roles.subject, roles.dyad = found.subject, found.dyad
            for mention in found.partner:
                _add(roles.partner, mention)
            roles.partner = [m for m in roles.partner if m.code not in _codes(roles.subject)]
            return roles
        # Climb: a relative clause leads to its antecedent's clause ("a deal, which will see a pipeline").
        verb = parent_verb(verb)
    return roles


def _measure(fig: Figure, doc: Doc, mentions: dict[int, ActorMention]) -> tuple[str | None, Token | None]:
    """The measure of a figure and the keyword token that says it."""
    dimension = fig.q.dimension
    unit_class = "percent" if dimension == "points" else dimension
    max_distance = int(lexicon().measure_rules["max_tree_distance"])
    best: tuple[int, int, str, Token] | None = None
    for token in doc:
        # Words of names ("the Direct Investment Fund", "ASEAN–Russia Trade Roadmap") are not keywords.
        named = token.pos_ == "PROPN" and token.text[:1].isupper() and token.i != token.sent.start
        if token.i in mentions or named or fig.span.start <= token.i < fig.span.end:
            continue
        for word in (token.lower_, token.lemma_.lower()):
            for measure, units in _keywords().get(word, []):
                if unit_class not in units:
                    continue
                distance = tree_distance(fig.root, token)
                if distance > max_distance:
                    continue
                key = (distance, abs(token.i - fig.root.i), measure, token)
                if best is None or key[:2] < best[:2]:
                    best = key
    unit_measure = fig.q.measure_hint
    # A head count or a distance measures itself unless a keyword sits right next to it.
    if unit_measure and unit_class not in ("money", "percent") and (best is None or best[0] > 2):
        return unit_measure, None
    if best is None:
        return unit_measure, None
    return best[2], best[3]


# -- kind, sign and period -------------------------------------------------------------------------


def _governors(fig: Figure, hops: int = 3) -> list[Token]:
    """The tokens above the figure, nearest first, up to and including the first verb."""
    found = []
    token = fig.root
    for _ in range(hops):
        if token.head.i == token.i:
            break
        token = token.head
        found.append(token)
        if token.pos_ in ("VERB", "AUX"):
            break
    if fig.head_noun is not None and fig.head_noun not in found and fig.head_noun != fig.root:
        found.insert(0, fig.head_noun)
    return found


def _is_forecast(fig: Figure) -> bool:
    forecast, modals = _rule_words("forecast_words"), _rule_words("modals")
    verb = governing_verb(fig.root)
    for _ in range(3):
        if verb is None:
            return False
        if _words(verb) & forecast or any(c.dep_ == "aux" and c.lower_ in modals for c in verb.children):
            return True
        if verb.dep_ not in ("xcomp", "ccomp", "acl", "conj"):
            break
        verb = governing_verb(verb.head)
    head = fig.head_noun
    return head is not None and bool(_words(head) & forecast)


def _kind_and_sign(fig: Figure, measure: str) -> tuple[str, int]:
    """(kind, sign): sign is -1 for a percent change that is a fall."""
    change, falls = _rule_words("change_words"), _rule_words("fall_words")
    q = fig.q
    kind, sign = "level", 1
    governors = _governors(fig)
    if q.kind_hint == "change":
        kind = "change"
    elif q.dimension in ("percent", "points"):
        after = fig.span.doc.text[fig.span.end_char : fig.span.end_char + 4]
        if re.match(r"\s+of\b", after) or any(_words(t) & _rule_words("share_words") for t in governors[:2]):
            kind = "share"
        else:
            for token in governors:
                if token.lower_ in _rule_words("level_preps"):
                    break
                if _words(token) & change:
                    kind, sign = "change", -1 if _words(token) & falls else 1
                    break
    else:
        # Money or counts change only when the figure is the size of the change ("rose by $5 billion").
        first = governors[0] if governors else None
        if first is not None and first.lower_ in _rule_words("change_preps") and _words(first.head) & change:
            kind, sign = "change", -1 if _words(first.head) & falls else 1
    if measure in _rule_words("forecast_measures") and _is_forecast(fig):
        kind = "forecast"
    return kind, sign


def _period(fig: Figure, dates: list[tuple[DateValue, Span]]) -> DateValue | None:
    """The period of the figure's clause, else of the clauses above it, else the sentence's only date."""
    comparison = _rule_words("comparison_words")
    usable = [
        (d, span) for d, span in dates if not any(_words(t) & comparison for t in [span.root, *span.root.ancestors])
    ]
    if not usable:
        return None
    verb = governing_verb(fig.root)
    while verb is not None:
        ids = clause_ids(verb)
        inside = [(abs(span.root.i - fig.root.i), d) for d, span in usable if span.root.i in ids]
        if inside:
            return min(inside, key=lambda pair: pair[0])[1]
        verb = parent_verb(verb)
    return usable[0][0] if len(usable) == 1 else None


# -- facts -----------------------------------------------------------------------------------------


def fact_id(doc_id: str, start: int, end: int, measure: str) -> str:
    """A stable identifier: the same figure read again gets the same id."""
    return hashlib.sha1(f"{doc_id}:{start}:{end}:{measure}".encode()).hexdigest()[:16]


def _year(period: DateValue | None, document: Document) -> int | None:
    for value in (period.value if period else None, document.published):
        if value and re.match(r"\d{4}", value):
            return int(value[:4])
    return None


def _make_fact(
    document: Document,
    sentence: Sentence,
    fig: Figure,
    measure: str,
    kind: str,
    sign: int,
    roles: Roles,
    period: DateValue | None,
) -> Fact:
    q = fig.q
    value, value_max, unit = q.value, q.value_max, q.unit or ""
    usd_value = source = None
    if q.currency:
        unit, value = q.currency, q.amount
        conversion = to_usd(q.amount, q.currency, _year(period, document))
        if conversion is not None:
            unit, value, usd_value, source = "USD", conversion.usd, conversion.usd, conversion.source
            if value_max is not None and q.amount:
                value_max = value_max * conversion.usd / q.amount
    elif q.is_percent and kind == "change":
        value = sign * abs(value)
        value_max = sign * abs(value_max) if value_max is not None else None
    start, end = sentence.start + q.start, sentence.start + q.end
    return Fact(
        fact_id=fact_id(document.doc_id, start, end, measure),
        doc_id=document.doc_id,
        measure=measure,
        kind=kind,
        value=value,
        unit=unit,
        amount=q.amount,
        currency=q.currency,
        subject=roles.subject,
        partner=roles.partner,
        sentence=sentence.index,
        sentence_text=sentence.text,
        start=start,
        end=end,
        text=q.text,
        usd_value=usd_value,
        usd_rate_source=source,
        approx=q.approx,
        value_max=value_max,
        period=period,
    )


def _sentence_facts(
    document: Document, sentence: Sentence, doc: Doc, mentions: list[ActorMention], context: DyadContext
) -> tuple[list[Fact], tuple[ActorMention, ActorMention] | None]:
    figures = [f for q in find_quantities(sentence.text) if q.dimension and (f := _figure(doc, q))]
    if not figures:
        return [], None
    # A name inside a figure ("US" of "US$23 billion") is part of the currency, not an actor.
    spans = [(sentence.start + f.q.start, sentence.start + f.q.end) for f in figures]
    mentions = [m for m in mentions if not any(s < m.end and m.start < e for s, e in spans)]
    by_token = _mention_tokens(doc, sentence.start, mentions)
    dyad = _dyad_tokens(doc)
    for fig in figures:
        _own_actors(fig, sentence.text, by_token, doc)
    # Found in the sentence, the dates' offsets are moved into the document, as events' dates are.
    dates = [
        (replace(d, char_start=d.char_start + sentence.start, char_end=d.char_end + sentence.start), span)
        for d in find_dates(sentence.text, document.published)
        if (span := span_of(doc, d.char_start, d.char_end)) is not None and len(span)
    ]
    facts, used_pair = [], None
    for fig in figures:
        measure, keyword = _measure(fig, doc, by_token)
        others = {i for other in figures if other is not fig for i in _subtree(other.root)}
        claimed = {id(m) for other in figures if other is not fig for m in other.own_subject}
        roles = Roles(list(fig.own_subject), list(fig.own_partner))
        sources = [_clause_roles(fig, by_token, dyad, others, claimed)]
        if keyword is not None:
            head = keyword.head if keyword.dep_ in ("compound", "amod") and keyword.head.pos_ == "NOUN" else keyword
            while head.dep_ == "conj" and head.head.pos_ in ("NOUN", "PROPN"):
                head = head.head  # "agreements and contracts worth $1 billion with X": the first conjunct
            sources.append(_np_roles(head, others, by_token, dyad, claimed))
        for found in sources:
            roles.subject = roles.subject or found.subject
            roles.partner = roles.partner or [m for m in found.partner if m.code not in _codes(roles.subject)]
            roles.dyad = roles.dyad or found.dyad
        _sentence_fallback(roles, by_token, claimed)
        pair = _context_fallback(roles, measure, sentence, doc, dyad, context)
        used_pair = used_pair or pair
        if measure is None or not roles.subject:
            continue
        kind, sign = _kind_and_sign(fig, measure)
        facts.append(_make_fact(document, sentence, fig, measure, kind, sign, roles, _period(fig, dates)))
    return facts, used_pair


def _subtree(token: Token) -> set[int]:
    return {t.i for t in token.subtree}


def _codes(mentions: list[ActorMention]) -> set[str | None]:
    return {m.code for m in mentions}


def _sentence_fallback(roles: Roles, by_token: dict[int, ActorMention], claimed: set[int]) -> None:
    """Fill missing roles from the sentence's other actors, unclaimed ones first for the subject."""
    if roles.dyad and roles.empty():
        return  # "the two states": the pair comes from context, not from stray names in the sentence
    mentions = list({id(m): m for m in by_token.values()}.values())
    if not roles.subject:
        for mention in mentions:
            if id(mention) not in claimed and mention.code not in _codes(roles.partner):
                roles.subject = [mention]
                break
    if roles.subject and not roles.partner:
        for mention in mentions:
            if mention.code not in _codes(roles.subject):
                roles.partner = [mention]
                break


def _context_fallback(
    roles: Roles, measure: str | None, sentence: Sentence, doc: Doc, dyad: set[int], context: DyadContext
) -> tuple[ActorMention, ActorMention] | None:
    """Take the pair the text was last about, for dyad phrases and one-sided dyadic measures."""
    dyadic = measure in _rule_words("dyadic_measures")
    if roles.subject and roles.partner:
        return None
    if not (dyad or roles.dyad or dyadic):
        return None
    pair = context.pair_before(sentence.index)
    if pair is None:
        return None
    codes = {pair[0].code, pair[1].code}
    if not roles.subject:
        roles.subject, roles.partner = [as_context(pair[0])], [as_context(pair[1])]
    elif roles.subject[0].code in codes:
        other = pair[1] if pair[0].code == roles.subject[0].code else pair[0]
        roles.partner = [as_context(other)]
    else:
        return None
    return pair


def extract_facts(
    document: Document, sentences: list[Sentence], parses: dict[int, Doc], mentions: list[ActorMention]
) -> list[Fact]:
    """The facts of one document.

    ``parses[i]`` is the parse of ``sentences[i].text``; sentences without a parse are skipped (the
    pipeline parses every sentence with a number). ``mentions`` are the document's actor mentions;
    only resolved ones (with a code) become subjects and partners. A figure needs a measure and at
    least one resolved actor to become a fact.
    """
    by_sentence: dict[int, list[ActorMention]] = {}
    for mention in mentions:
        if mention.code:
            by_sentence.setdefault(mention.sentence, []).append(mention)
    context = DyadContext(by_sentence)
    facts: list[Fact] = []
    for position, sentence in enumerate(sentences):
        doc = parses.get(position)
        found, pair = ([], None)
        if doc is not None:
            found, pair = _sentence_facts(document, sentence, doc, by_sentence.get(sentence.index, []), context)
        context.record(sentence.index, found, pair)
        facts.extend(found)
    return facts
