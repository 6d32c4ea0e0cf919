"""Coding events from dependency parses: triggers from the lexicon, actors from the syntax.

For a verb trigger the source is its subject (inherited through "to"-clauses, coordination and
relative clauses; the "by" agent of a passive) and the target its object or prepositional partner.
For a noun trigger ("Putin's visit to Vietnam", "the ASEAN-Russia Summit", "US sanctions on
Russia") the possessor or modifier is the source and "to"/"with"/"between"/"on" partners the
target. Light verbs ("hold talks", "sign a deal", "take part in a summit") take their meaning
from the event noun they govern. Pronouns and phrases such as "the two countries" resolve to the
actors last named before them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token

from detente.events.dates import DateResolver
from detente.events.lexicon import Lexicon, Sense
from detente.events.status import event_status
from detente.nlp.timex import find_dates
from detente.schemas import ActorMention, DateValue, Document, Event, Sentence

_SUBJ = {"nsubj", "csubj", "expl"}
_PASS_SUBJ = {"nsubjpass", "csubjpass"}
_OBJ = {"dobj", "obj", "attr", "oprd"}
_CLAUSE_EDGES = {"relcl", "ccomp", "advcl", "acl", "parataxis", "xcomp", "csubj", "appos_clause"}
_NON_ARG_PREPS = {"in", "at", "near", "during", "for", "since", "after", "before", "until", "by", "from",
                  "amid", "despite", "under", "over", "within", "without", "through", "throughout", "like",
                  "as", "about", "on", "to", "with", "between", "against", "toward", "towards", "into"}  # fmt: skip
_DEFAULT_PREPS = ("with", "to", "against", "on", "between", "toward", "towards")
_VENUE_PREPS = {"at", "during", "in", "on", "after", "before"}
_CIRCUMSTANCE_PREPS = {"amid", "despite", "unlike", "like", "since", "after", "before", "until", "because",
                       "including", "except", "besides", "than", "in", "at", "near", "over", "as", "about"}  # fmt: skip
_RELATION_PARTICIPLES = {"led", "backed", "based", "centred", "centered", "sponsored", "brokered", "dominated"}
_LED_SUFFIXES = tuple("-" + w for w in _RELATION_PARTICIPLES)
# "drills involving 3,000 troops from China": the clause names participants
_PARTICIPATION_VERBS = {"involve", "include", "feature", "gather", "bring", "comprise"}
_DASHES = {"-", "–", "—"}
_MODIFIER_DEPS = {"compound", "amod", "nmod", "npadvmod", "nummod", "appos", "poss"}
_PLACE_PREPS = {"in", "at", "near", "including", "from"}
_NOUN_PARTNER_PREPS = ("to", "against", "toward", "towards", "with", "between", "among", "into")
_QUANTIFIERS = {"series", "number", "package", "set", "range", "couple", "host", "raft", "slew", "pair",
                "round", "string", "batch", "dozen", "handful", "variety", "bunch", "group", "crowd",
                # counts of people: "tens of thousands of students", "scores of protesters"
                "ten", "hundred", "thousand", "score",
                # amounts and units: "25,000 tons of food aid", "5 million dollars of aid", "doses of vaccine"
                "ton", "tonne", "kilogram", "kg", "litre", "liter", "barrel", "dose", "unit", "amount", "quantity",
                "load", "consignment", "cargo", "worth", "dollar", "euro", "pound", "yen", "yuan", "rouble", "ruble",
                "rupee", "shilling", "franc", "peso", "million", "billion"}  # fmt: skip
_STATE_NOUNS = {"country", "state", "nation", "government", "capital", "economy", "neighbour", "neighbor", "power"}
# verbs whose infinitive is their subject's act even after an object: "promised Kyiv to send aid"
_SUBJECT_CONTROL = {"promise", "pledge", "vow", "threaten", "offer"}
_PRONOUNS_PERSON = {"he", "him", "his", "she", "her", "hers"}
_PRONOUNS_THING = {"it", "its"}
_PRONOUNS_GROUP = {"they", "them", "their", "theirs", "we", "us", "our"}
# phrases that say where: "inside Syria", "a base in Saudi Arabia's south"
_LOCATIVE_PREPS = {"in", "inside", "near", "across", "within", "throughout"}
# phrases where an actor is no recipient: places and sources ("in Tokyo", "according to"); not
# occasions ("at the summit with ASEAN", "during talks with Xi"), which may name a partner
_ASIDE_PREPS = _LOCATIVE_PREPS | {"according"}
# "acomp": "Pakistan is willing to withdraw": the infinitive's subject is the copula's
_INHERIT_DEPS = {"xcomp", "conj", "advcl", "ccomp", "pcomp", "acl", "relcl", "prep", "pobj", "dobj", "aux", "acomp"}


@dataclass(slots=True)
class Trigger:
    head: Token
    tokens: list[Token]
    sense: Sense


@dataclass(slots=True)
class _Args:
    source: list[ActorMention] = field(default_factory=list)
    target: list[ActorMention] = field(default_factory=list)
    via: str = "syntax"


class EventCoder:
    """Codes the events of one document from its parsed sentences and actor mentions."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        self.dates = DateResolver(lexicon.status)

    # -- public --------------------------------------------------------------------------------
    def code(
        self, document: Document, sentences: list[Sentence], parses: dict[int, Doc], mentions: list[ActorMention]
    ) -> list[Event]:
        """Every event mention in the document (not yet merged), in text order."""
        events: list[Event] = []
        anchors = _anchor_years(sentences) if document.published is None else {}
        referred: list[ActorMention] = []  # "they", "the two countries", resolved: later ones chain through them
        occasions: dict[str, DateValue] = {}  # meeting noun -> the date the text last gave one ("the summit")
        for index in sorted(parses):
            sentence, parse = sentences[index], parses[index]
            ctx = _Context(
                mentions + referred,
                sentence,
                parse,
                self.lex.status.get("pair_nouns", frozenset()),
                parses,
                sentences,
                speech_verbs=self.lex.speech_verbs,
            )
            triggers = self._triggers(parse, ctx)
            if not triggers:
                continue
            ctx.trigger_heads = {t.head.i for t in triggers}
            dated = self.dates.assign(parse, sentence, triggers, document.published, anchors.get(index))
            habits = self.lex.status.get("habitual", frozenset())
            for trig in triggers:
                date = dated.get(trig.head.i)
                if (date is None or not date.text) and _habitual(trig.head, habits):
                    continue
                if date is None:
                    date = _occasion_date(trig.head, occasions)
                if date is not None and date.text and trig.sense.event_type == "CONSULT" and trig.sense.pos == "noun":
                    occasions[trig.head.lemma_.lower()] = date
                args = self._args(trig, ctx)
                if args is None:
                    continue
                event = self._event(document, sentence, parse, trig, args, date, ctx)
                if event is not None:
                    events.extend(_per_target(event))
            referred.extend(ctx.referred)
        return events

    # -- triggers ------------------------------------------------------------------------------
    def _triggers(self, parse: Doc, ctx: _Context) -> list[Trigger]:
        used: set[int] = set()
        found: list[Trigger] = []
        lemmas = [t.lemma_.lower() for t in parse]
        for i in range(len(parse)):
            for words, sense in self.lex.phrases_by_first.get(lemmas[i], ()):
                span = _match_phrase(parse, lemmas, i, words)
                if span is None or used.intersection(t.i for t in span):
                    continue
                head = span[0] if span[0].pos_ in ("VERB", "AUX") else _span_head(span)
                if sense.needs_verb and not _governed_by(head, sense.needs_verb):
                    continue
                used.update(t.i for t in span)
                found.append(Trigger(head, span, sense))
        for tok in parse:
            if tok.i in used:
                continue
            lemma = lemmas[tok.i]
            sense = None
            if tok.tag_ == "MD" and lemma in self.lex.obligations:
                if _reported(tok.head, self.lex.speech_verbs) and _laid_on_another(tok):
                    sense = self.lex.obligations[lemma]
            elif tok.pos_ in ("VERB", "AUX") or (tok.tag_.startswith("VB") and tok.pos_ != "PROPN"):
                sense = self.lex.verb_sense(lemma, tok.lower_)
                if sense is not None and not self._verb_ok(tok, sense, ctx):
                    sense = None
            elif tok.pos_ in ("NOUN", "PROPN"):
                sense = self.lex.nouns.get(lemma)
                if sense is not None and not _noun_ok(tok, sense):
                    sense = None
            elif tok.pos_ == "ADJ" and lemma in self.lex.judgements and _predicated(tok):
                sense = self.lex.judgements[lemma]
            if sense is not None:
                used.add(tok.i)
                found.append(Trigger(tok, [tok], sense))
        return _drop_subsumed(sorted(found, key=lambda t: t.head.i), self.lex)

    def _verb_ok(self, tok: Token, sense: Sense, ctx: _Context) -> bool:
        if sense.particle and not any(c.dep_ == "prt" and c.lower_ == sense.particle for c in tok.children):
            return False
        obj = _object(tok)
        if obj is None:
            # the passive's subject is what the verb acts on: "the fishermen were freed"
            obj = next((c for c in tok.children if c.dep_ in _PASS_SUBJ), None)
        if sense.objects and (obj is None or not any(w in sense.objects for w in _kind_words(obj))):
            return False
        if sense.objects_are_actors and (obj is None or not ctx.actors_in(obj)):
            return False
        if sense.not_objects and obj is not None and any(w in sense.not_objects for w in _kind_words(obj)):
            return False
        return not (sense.no_object and any(c.dep_ in ("dobj", "obj", "ccomp") for c in tok.children))

    # -- arguments -----------------------------------------------------------------------------
    def _args(self, trig: Trigger, ctx: _Context) -> _Args | None:
        if trig.sense.pos == "judgement":
            return self._judgement_args(trig, ctx)
        if trig.sense.pos == "verb" or (trig.sense.pos == "phrase" and _is_verbal(trig.head)):
            return self._verb_args(trig, ctx)
        return self._noun_args(trig, ctx)

    def _verb_args(self, trig: Trigger, ctx: _Context) -> _Args | None:
        verb, sense = trig.head, trig.sense
        args = _Args()
        subj = _subject(verb)
        passive = next((c for c in verb.children if c.dep_ in _PASS_SUBJ), None)
        if passive is not None:
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            args.source = ctx.resolve(pobj) if pobj is not None else []
            args.target = ctx.resolve(passive)
            sent_away = agent is None and verb.lemma_.lower() in self.lex.status.get("sent_away", frozenset())
            if sent_away and (sender := _partners(verb, ("from",), ctx)):
                # "two inspectors for the UN were expelled from North Korea": the state they are
                # sent away from did it
                sent = self._resolve_subject(passive, ctx)
                args.source = sender
                args.target = sent or _besides(_partners(verb, sense.preps or _DEFAULT_PREPS, ctx), sender)
                return args
            if agent is None and sense.adjectival and (stance := _prep_objects(verb, ("to",))):
                # "Russia is opposed to the US plan": Russia opposes it
                args.source, args.target = args.target, [m for p in stance for m in ctx.resolve(p)]
                return args
            if not args.source and sense.event_type == "MOBILIZE":
                # "Russian soldiers were deployed": the forces moved are the actor's own
                args.source, args.target = args.target, []
        else:
            # a protest's people, and a state's own bodies, are where they act: "blocked streets in
            # Hong Kong", "police arrested dozens of protesters in Moscow"
            where = [verb, *(c for c in verb.children if c.dep_ in ("dobj", "obj"))]
            placed = sense.event_type == "PROTEST" or self._domestic(subj)
            args.source = self._resolve_subject(subj, ctx, where=where if placed else None)
            if not args.source and subj is not None and sense.quad_class == 4:
                # an attack or a weapon does what its user does: "a car bombing by the Islamic State
                # killed ...", "missiles fired by the Israeli military struck ..."
                args.source = _doers(subj, ctx)
        phrase = {t.i for t in trig.tokens}
        # a phrase's object may hang on its later word: "let free two sailors"
        obj = next((o for t in trig.tokens if (o := _object(t, exclude=phrase)) is not None), None)
        venue = obj is not None and obj.dep_ == "pobj" and obj.head.lower_ in ("in", "at") and ctx.at(obj)
        if venue and sense.symmetric and not sense.light:
            obj = None  # "India and Pakistan will meet in Paris": a venue, not a side
        if obj is not None and (sense.light or self.lex.is_light(verb)):
            noun = self.lex.nouns.get(obj.lemma_.lower())
            if noun is not None and _noun_ok(obj, noun, as_object=True):
                return None  # the noun trigger codes the event, with this verb's subject
        if obj is not None:
            between = _between(obj, ctx)
            if len(between) >= 2 and sense.mode == "third-party":
                # "Qatar mediated talks between the US and the Taliban": the mediator meets both sides
                args.target = between
                return args
            if len(between) >= 2:
                # "establishing a mechanism between ASEAN and the EAEU": the two sides are the parties
                args.source, args.target = between[:1], between[1:]
                return args
        if obj is not None and not sense.topic_object and passive is None and self._may_be_target(obj, sense, ctx):
            # a verbal reaction (not a mutual act: "restored ties in a deal brokered by China")
            reaction = sense.quad_class in (1, 3) and not sense.symmetric
            doers = _besides(_doers(obj, ctx), args.source) if reaction else []
            # a verbal reaction aims at the doer of its deed: alone when the object is an event
            # ("condemned Russia's annexation of four Ukrainian regions" is about Russia), else
            # when the object names no one ("condemned the attack by Japanese forces")
            deed = doers and obj.lemma_.lower() in self.lex.nouns
            args.target += (doers if deed else []) or ctx.resolve(obj) or doers
            if not args.target:
                # the parser splits "his counterpart Italian President Sergio Mattarella" into two objects
                others = [c for c in verb.children if c.dep_ in ("dobj", "obj") and c != obj]
                args.target += [m for c in others for m in ctx.resolve(c)]
        if sense.event_type not in ("COERCE", "ASSAULT") and not _besides(args.target, args.source):
            args.target = []  # "lifted the US embargo on arms sales to Vietnam": the partner is further on
        pobjs = _prep_objects(verb, sense.preps or _DEFAULT_PREPS)
        if sense.quad_class in (1, 3) and _besides(args.target, args.source):
            # a verbal reaction's object that names another actor keeps its own phrases: "backed
            # Serbia's position on Kosovo" is about Kosovo, not with it
            pobjs = [p for p in pobjs if p.head.head == verb or p.head.head.dep_ == "prt"]
        args.target += [m for p in pobjs for m in ctx.resolve(p)]
        if not args.target:
            # a partner one phrase deeper: "lifted sanctions on exports to India"
            deeper = [q for p in pobjs for q in _prep_objects(p, (*sense.preps, *_DEFAULT_PREPS))]
            args.target += _besides([m for q in deeper for m in ctx.resolve(q)], args.source)
        if not args.target:
            # "conceded to demands from UNITA": whoever the prepositional object comes from (not
            # a mutual act's broker: "agreed to a ceasefire brokered by Russia")
            from_whom = [m for p in pobjs if p.dep_ == "pobj" for m in _doers(p, ctx, participles=not sense.symmetric)]
            args.target = _besides(from_whom, args.source)
        if passive is None:
            # an indirect object is the recipient: "gave the Ivory Coast 5 million dollars of aid"
            args.target += _recipients(verb, ctx)
        if not args.target and not sense.source_only:
            args.target = _purpose_partners(verb, ctx)
        if not args.target and sense.event_type == "AID":
            args.target = _besides(_helped([verb, *(c for c in verb.children if c.dep_ in _OBJ)], ctx), args.source)
        if not args.target and sense.quad_class in (1, 3) and not sense.symmetric:
            # verbal events aim at whoever their clause is about: "demanded that the US match ...",
            # "warned that China would ..."
            clause = next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp")), None)
            if clause is not None:
                found = ctx.resolve(_subject(clause)) if clause.dep_ == "ccomp" else _acted_on(clause, ctx)
                args.target = _besides(found, args.source)  # "warned that it would retaliate": not itself
            elif sense.event_type == "REQUEST":
                # a request aims at whoever the act it asks for is aimed at: "called for sanctions
                # against Nigeria" (not a condemnation: "condemned the strikes on Syria")
                asked = [p for t in trig.tokens for p in t.children if p.dep_ == "pobj"] + ([obj] if obj else [])
                found = [m for noun in asked for q in _prep_objects(noun, _DEFAULT_PREPS) for m in ctx.resolve(q)]
                args.target = _besides(found, args.source)
        if not args.target and not sense.symmetric:
            # an act offered, threatened or refused on a condition aims at whoever the condition is
            # about: "threatened to stop talks if the United States goes ahead", "will not lift
            # the embargo until Cuba undertakes reforms"
            args.target = _besides(_condition_subjects(verb, ctx), args.source)
        if not args.target and trig.sense.pos == "phrase":
            # the phrase's own object may be modified by its recipient: "accepted Syrian refugees"
            own = [t for t in trig.tokens[1:] if t.head == verb and t.dep_ in ("dobj", "obj")]
            args.target = _besides([m for t in own for m in ctx.resolve(t)], args.source)
        if not args.target and sense.quad_class >= 3:
            args.target = _besides(_aimed_at(verb, ctx), args.source)
        if not args.target and sense.quad_class == 4:
            # violence where no actor is named hits the state it happens in ("struck positions inside
            # Syria"); in the actor's own state it stays without a target
            args.target = _besides(_states_where([t for t in (obj, verb) if t is not None], ctx), args.source)
        members = _dedupe(args.source)
        if not args.target and len(members) > 1 and obj is not None and _their_mutual_event(obj, self.lex):
            # "Russia and Japan postponed their meeting": each side does it to the other
            args.source, args.target = members[:1], members[1:]
        if sense.symmetric and len(members) > 1 and {m.code for m in args.target} <= {m.code for m in members}:
            # "Russia and Kazakhstan agreed ...", "Russia and China held talks in Beijing": a mutual
            # event between the subject's members (a venue of one of them adds no other side)
            args.source, args.target = members[:1], members[1:]
        return args

    def _resolve_subject(
        self, subj: Token | None, ctx: _Context, where: list[Token] | None = None
    ) -> list[ActorMention]:
        """The actors a subject names; people and bodies of a place stand for its state
        ("demonstrators in Baghdad", "thousands of students throughout Indonesia", "militants
        from Pakistan"), and so do people who act in a place ``where`` says (the words of a
        protest: "prisoners rioted at a jail in East Timor")."""
        if subj is None:
            return []
        found = ctx.resolve(subj)
        people = _counted(subj)
        if not found and people.lemma_.lower() in self.lex.status.get("physical_targets", frozenset()):
            found = _partners(people, ("in", "from"), ctx) or _states_where([people], ctx)
            if not found and where is not None:
                found = _states_where(where, ctx)
        return found or _affiliation(people, ctx)

    def _domestic(self, subj: Token | None) -> bool:
        """Whether a subject is a body that acts only in its own state (status.yaml: domestic_bodies)."""
        return subj is not None and subj.lemma_.lower() in self.lex.status.get("domestic_bodies", frozenset())

    def _judgement_args(self, trig: Trigger, ctx: _Context) -> _Args | None:
        """ "X's conduct is illegal": the target is X, the source whoever says so."""
        adj = trig.head
        while adj.dep_ == "conj" and adj.head != adj:
            adj = adj.head
        clause = adj.head
        args = _Args(target=ctx.resolve(_subject(clause)))
        speech = clause
        while speech.head != speech and speech.dep_ in ("ccomp", "conj", "parataxis"):
            speech = speech.head
            if speech.lemma_.lower() in self.lex.speech_verbs:
                args.source = ctx.resolve(_subject(speech))
                return args
        # a quotation continued from an earlier sentence: its speaker
        args.source, args.via = ctx.speaker(), "context"
        return args

    def _may_be_target(self, obj: Token, sense: Sense, ctx: _Context) -> bool:
        """Violence acts on an actor or on its people, forces and places, not on things an actor
        merely owns: "attacked OECD forecasts" is no assault (a sanction may: "froze the assets of
        Russian officials")."""
        if sense.event_type != "ASSAULT" or ctx.at(obj) or obj.pos_ == "PRON":
            return True
        return obj.lemma_.lower() in self.lex.status.get("physical_targets", frozenset())

    def _noun_args(self, trig: Trigger, ctx: _Context) -> _Args | None:
        noun, sense = trig.head, trig.sense
        args = _Args()
        agent: list[ActorMention] = []  # "Putin's visit", "the visit of Putin", "talks by"
        mods: list[ActorMention] = []  # "the ASEAN-Russia Summit", "US sanctions"
        partners: list[ActorMention] = []  # "visit to Vietnam", "sanctions on Russia", "talks with Lee"
        between: list[ActorMention] = []  # "a summit between Trump and Kim": exactly the participants
        for child in noun.children:
            if child.dep_ == "poss":
                agent += ctx.resolve(child)
            elif child.dep_ == "prep":
                word = child.lower_
                found = [m for p in child.children if p.dep_ in ("pobj", "pcomp") for m in ctx.resolve(p)]
                if word in ("by",) or (word == "of" and sense.event_type == "CONSULT"):
                    agent += found  # "the visit of the president"
                elif word == "of" and sense.quad_class >= 3:
                    partners += found  # "the invasion of Lebanon", "criticism of China"
                elif word in ("between", "among") and sense.symmetric:
                    between += found
                elif word in (sense.preps or _NOUN_PARTNER_PREPS) or (word == "on" and sense.quad_class >= 3):
                    partners += found  # "sanctions on Russia", not "a meeting on the sidelines"

        for tok in _left_modifiers(noun) + _dash_joined(noun, ctx):
            mods += [m for m in ctx.at(tok) if m not in mods and m not in ctx.at(noun)]
        governor = _governing_verb(noun)
        # "retaliated with tariffs": the verb's "with" phrase names the act it does
        acts_with = governor is not None and governor.lemma_.lower() in self.lex.status.get("acts_with", ())
        link = _attachment(noun, governor, acts_with) if governor is not None else None
        if link is None and governor is not None and _is_purpose(noun, governor, self.lex.status):
            link = "venue"
        # The trigger word may be part of an organisation's name ("the East Asia Summit"): a
        # participant when attended, a venue when something happens at it.
        inside = [m for m in ctx.at(noun) if m.kind != "person"] if link != "venue" else []
        subject: list[ActorMention] = []
        lends = link == "venue" or acts_with or (governor is not None and self.lex.is_light(governor))
        if link is not None and not _is_passive(governor) and lends:
            placed = sense.event_type == "PROTEST" or self._domestic(_subject(governor))
            subject = self._resolve_subject(_subject(governor), ctx, where=[noun, governor] if placed else None)
        if sense.symmetric and len(_dedupe(between)) >= 2:
            args.source, args.target = between[:1], between[1:]
            return args
        role = noun.head  # "as human shields"
        if governor is not None and role.dep_ == "prep" and role.lower_ == "as" and role.head == governor:
            # "held 20,000 civilians as human shields": the verb's subject does it to its object
            obj = _object(governor)
            used = ctx.resolve(obj) or _states_where([obj, governor, noun], ctx) if obj is not None else []
            args.source, args.target = self._resolve_subject(_subject(governor), ctx), used
            if args.source and args.target:
                return args
        partners += between
        if sense.symmetric:
            # "Russia signed agreements with Vietnam and Singapore", "Putin attended the
            # ASEAN-Russia summit", "the two sides signed a deal": whoever reports taking part
            # comes first, then the noun's own participants
            own = _dedupe(agent + subject + mods + inside + partners)
            first = own[:1]
            args.source = first
            args.target = [m for m in own if m.code not in {f.code for f in first}]
        else:
            args.source = agent or mods or subject or inside
            args.target = partners
        if args.source and not args.target and link == "arg" and self.lex.is_light(governor):
            # the parser hangs the noun's partner on its light verb: "announced the deployment of
            # troops to Liberia", "launched attacks on Armenian websites"
            preps = sense.preps or (*_NOUN_PARTNER_PREPS, *(("on",) if sense.quad_class >= 3 else ()))
            args.target = _besides(_partners(governor, preps, ctx), args.source)
        pobjs = [p for c in noun.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
        if args.source and not args.target and sense.quad_class in (1, 3):
            # a verbal reaction to a deed aims at its doer: "an investigation into crimes by Croat forces"
            args.target = _besides([m for p in pobjs for m in _doers(p, ctx)], args.source)
        if args.source and not args.target and sense.quad_class >= 3:
            args.target = _besides(_aimed_at(noun, ctx) or (_aimed_at(governor, ctx) if link else []), args.source)
        if args.source and not args.target and sense.quad_class == 4:
            args.target = _besides(_states_where([noun, *pobjs], ctx), args.source)
        if args.source and not args.target and governor is not None:
            args.target = _purpose_partners(governor, ctx)
        if args.source and not args.target and sense.event_type == "AID":
            args.target = _besides(_helped([noun, *([governor] if link else [])], ctx), args.source)
        if args.source and not args.target and link == "arg" and self.lex.is_light(governor):
            # "gave the Ivory Coast aid": the indirect object receives
            args.target = _recipients(governor, ctx)
        if sense.mode == "visit" and args.source and not args.target and link is not None:
            # "arrived in Amman on a visit": the place the visitor came to is the host
            args.target = [m for prep in _preps(governor, ("in", "to")) for p in prep.children for m in ctx.resolve(p)]
        if not args.source or not args.target:
            attended = link is not None and self.lex.is_light(governor)
            self._fallback(
                noun,
                sense,
                governor,
                args,
                ctx,
                named=bool(ctx.at(noun)) and not attended,
                link=link,
                attended=attended,
            )
        return args

    @staticmethod
    def _fallback(
        noun: Token,
        sense: Sense,
        governor: Token | None,
        args: _Args,
        ctx: _Context,
        named: bool,
        link: str | None,
        attended: bool,
    ) -> None:
        """Mutual events with a missing side take the clause's other actors, else (for "joint"
        events that a clause reports) the pair last named. A noun that is part of an institution's
        name ("the ASEAN Regional Forum") is an actor, not an event, unless something attends it."""
        if not sense.symmetric or named:
            return
        known = {m.code for m in args.source}
        skip = ctx.trigger_heads - {noun.i}
        scope = governor if governor is not None and link is not None else noun
        others = [m for m in ctx.clause_actors(scope, skip=skip) if m.code not in known]
        if len(others) + len(known) < 2 and sense.mode == "military":
            # exercises and drills: the host of the place and contingents "from" elsewhere take part
            others = [m for m in ctx.clause_actors(scope, skip=skip, loose=True) if m.code not in known]
        if args.source and others:
            args.target, args.via = others, "clause"
        elif not args.source and len(others) >= 2:
            args.source, args.target, args.via = others[:1], others[1:], "clause"
        elif _is_joint(noun) and (noun.dep_ in ("nsubj", "nsubjpass") or attended):
            pair = [m for m in ctx.pair() if m.code not in known] if args.source else ctx.pair()
            if args.source and pair:
                args.target, args.via = pair, "context"
            elif len(pair) >= 2:
                args.source, args.target, args.via = pair[:1], pair[1:], "context"

    # -- building the record -------------------------------------------------------------------
    def _event(
        self,
        document: Document,
        sentence: Sentence,
        parse: Doc,
        trig: Trigger,
        args: _Args,
        date: DateValue | None,
        ctx: _Context,
    ) -> Event | None:
        sense = trig.sense
        source = _dedupe(args.source)
        src_codes = {m.code for m in source}
        target = [
            m for m in _dedupe(args.target) if m.code not in src_codes or sense.event_type in ("COERCE", "ASSAULT")
        ]
        if not source:
            return None
        status, rejected = event_status(trig.head, self.lex.status, date, document.published, self.lex.light_verbs)
        event_type, cameo, mode = sense.event_type, sense.cameo, sense.mode
        if rejected:
            event_type, cameo, mode, status = "REJECT", "120", None, "occurred"
        elif self._announced(trig, status, ctx):
            # "will provide aid", "is willing to withdraw": an intent expressed; "will attack": a threat made
            if event_type in self.lex.intents:
                event_type, cameo, mode, status = "AGREE", self.lex.intents[event_type], None, "occurred"
            elif event_type in self.lex.threats:
                event_type, cameo, mode, status = "THREATEN", self.lex.threats[event_type], None, "occurred"
        # a refusal needs no recipient where the act refused does ("will not accept refugees");
        # an announced act still needs the one its act does ("will provide aid" to someone)
        needed = "REJECT" if rejected else sense.event_type
        if not target and not sense.source_only and not self._one_sided(trig, needed, source, ctx):
            return None
        base = sentence.start
        t_start = base + trig.tokens[0].idx
        t_end = base + trig.tokens[-1].idx + len(trig.tokens[-1])
        place, place_code = ctx.place(trig.head)
        confidence = {"syntax": 0.9, "context": 0.7, "clause": 0.6}.get(args.via, 0.6)
        if any(m.how == "context" for m in (*source, *target)):
            confidence -= 0.1
        if sentence.is_caption:
            confidence -= 0.1
        digest = hashlib.sha1(f"{document.doc_id}|{t_start}|{event_type}".encode()).hexdigest()[:16]
        return Event(
            event_id=digest,
            doc_id=document.doc_id,
            event_type=event_type,
            mode=mode,
            cameo_root=cameo[:2],
            quad_class=_quad(cameo),
            intensity=self.lex.intensity(cameo),
            source=source,
            target=target,
            symmetric=sense.symmetric and event_type == sense.event_type,
            status=status,
            confidence=round(max(0.1, confidence), 2),
            sentences=[sentence.index],
            sentence_text=sentence.text,
            trigger=document.text[t_start:t_end],
            trigger_start=t_start,
            trigger_end=t_end,
            date=date,
            place=place,
            place_code=place_code,
        )

    def _announced(self, trig: Trigger, status: str, ctx: _Context) -> bool:
        """Whether an act is announced: its own words put it in the future or make it hoped for
        (not a date after the publication), and no other trigger governs it ("threatened to impose
        sanctions", "agreed to provide aid" code the announcement themselves)."""
        if status not in ("future", "hoped"):
            return False
        if any(t.i in ctx.trigger_heads for t in trig.head.ancestors):
            return False
        worded, _ = event_status(trig.head, self.lex.status, None, None, self.lex.light_verbs)
        return worded == status

    def _one_sided(self, trig: Trigger, event_type: str, source: list[ActorMention], ctx: _Context) -> bool:
        """Whether a verb event without a target stands one-sided: its type (a refusal's is REJECT)
        needs no known actor as partner (lexicon.yaml, needs_partner) and, if it needs a recipient
        (needs_recipient), the verb has one, named or not; its source is named in the sentence (a
        one-sided record rests on it alone, not on a pronoun's antecedent) and the sentence names
        no other actor where a recipient could stand."""
        if event_type in self.lex.needs_partner or trig.sense.pos == "judgement":
            return False  # a judgement or obligation is about someone, or is none
        head = trig.head
        if event_type in self.lex.needs_recipient and not _prep_objects(head, trig.sense.preps or _DEFAULT_PREPS):
            return False  # a recipient must be there, named or not: "provided food to 550 households"
        if not (_is_verbal(head) or (head.dep_ in ("dobj", "obj") and self.lex.is_light(head.head))):
            return False  # a noun reports an act only as a light verb's object: "imposed a blockade"
        if any(m.how == "context" for m in source):
            return False
        source_codes = {m.code for m in source}
        others = [m for m in ctx.here if m.code and m.code not in source_codes]
        return all(self._aside(tok, ctx) for m in others for tok in ctx.tokens_of(m))

    def _aside(self, tok: Token, ctx: _Context) -> bool:
        """Whether a word stands where no recipient would: in a place phrase ("in Tokyo"), an
        "according to" phrase, or as the subject of a verb of saying ("..., officials said")."""
        cur = tok
        for _ in range(12):
            if cur.dep_ == "prep" and cur.lower_ in _ASIDE_PREPS:
                return True
            if cur.dep_ in _SUBJ and cur.head.lemma_.lower() in self.lex.speech_verbs:
                return True
            if cur.head == cur:
                return False
            cur = cur.head
        return False


_OCCASION_PREPS = ("at", "during", "from", "on")
_OCCASION_EDGES = ("sideline", "margin", "side")


def _occasion_date(trigger: Token, occasions: dict[str, DateValue]) -> DateValue | None:
    """The date of a meeting an undated event is tied to by "at", "during", "from" or "on the
    sidelines of" and that the text dated before: "the joint statement from the summit", "signed
    at the forum" (a definite mention of a meeting named earlier, as "the summit in October")."""
    heads = [trigger]
    if trigger.pos_ in ("NOUN", "PROPN") and (verb := _governing_verb(trigger)) is not None:
        heads.append(verb)
    for head in heads:
        for prep in head.children:
            if prep.dep_ != "prep" or prep.lower_ not in _OCCASION_PREPS:
                continue
            for noun in (c for c in prep.children if c.dep_ == "pobj"):
                if noun.lemma_.lower() in _OCCASION_EDGES:
                    # "on the sidelines of the summit": the summit
                    inner = [p for of in noun.children if of.lower_ == "of" for p in of.children if p.dep_ == "pobj"]
                    noun = inner[0] if inner else noun
                definite = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in noun.children)
                if definite and (date := occasions.get(noun.lemma_.lower())) is not None:
                    return date
    return None


def _per_target(event: Event) -> list[Event]:
    """One event per target: a visit to Vietnam and South Korea is two visits, and analysts count
    dyads. Actors acting together stay one compound source ("Russia and China issued ...")."""
    if len(event.target) <= 1:
        return [event]
    out = []
    for n, target in enumerate(event.target):
        suffix = hashlib.sha1(f"{event.event_id}|{n}".encode()).hexdigest()[:16] if n else event.event_id
        out.append(replace(event, target=[target], event_id=suffix, sentences=list(event.sentences)))
    return out


def _anchor_years(sentences: list[Sentence]) -> dict[int, int]:
    """For undated documents, the year each sentence's narrative is in: the year of the nearest
    full date before it, else after it ("on November 13" in an article whose caption reads
    "November 14, 2018"). Bare years ("since 2010") are background and anchor only when the
    document has no fuller date."""
    found: list[tuple[int | None, int | None]] = []
    for s in sentences:
        # "the first visit since 1999": a year after since/before/after dates another event
        dates = [
            d
            for d in find_dates(s.text, None)
            if not d.relative
            and s.text[: d.char_start].split()[-1:] not in (["since"], ["before"], ["after"], ["until"])
        ]
        full = [d for d in dates if d.precision in ("day", "month")]
        years = [d for d in dates if d.precision == "year"]
        found.append((int(full[-1].value[:4]) if full else None, int(years[-1].value[:4]) if years else None))
    column = 0 if any(f for f, _ in found) else 1
    years_by_sentence = [pair[column] for pair in found]
    out: dict[int, int] = {}
    last: int | None = None
    for i, s in enumerate(sentences):
        if last is None:
            last = next((y for y in years_by_sentence[i:] if y is not None), None)
        if last is not None:
            out[s.index] = last
        if years_by_sentence[i] is not None:
            last = years_by_sentence[i]
    return out


def _quad(cameo: str) -> int:
    from detente.schemas import quad_class_of

    return quad_class_of(cameo[:2]) or 0


def _dedupe(mentions: list[ActorMention]) -> list[ActorMention]:
    seen: set[str] = set()
    out = []
    for m in mentions:
        if m.code and m.code not in seen:
            seen.add(m.code)
            out.append(m)
    return out


# -- syntax helpers ----------------------------------------------------------------------------
def _drop_subsumed(triggers: list[Trigger], lex: Lexicon) -> list[Trigger]:
    """Leave out noun triggers that another trigger already reports: the object of a verb of the
    same type ("visited the summit"), a modifier of another event noun ("the Sochi Summit
    declaration"), the venue of another event of its type ("met on the sidelines of the summit")."""
    heads = {t.head.i: t for t in triggers}
    keep = []
    for trig in triggers:
        tok = trig.head
        if (trig.sense.pos == "phrase" and tok.pos_ in ("VERB", "AUX")) or tok.pos_ not in ("NOUN", "PROPN"):
            keep.append(trig)
            continue
        other = heads.get(tok.head.i) if tok.head != tok else None
        if other is not None and tok.dep_ in ("compound", "amod", "nmod", "poss"):
            continue
        # A light verb ("attend", "sign", "take part in") hands its event to the noun: keep it.
        # A verb that acts on the event its object names reports it ("cancelled the meeting",
        # "suspended talks", "lifted sanctions"): the noun is no event of its own.
        if (
            other is not None
            and _codes_object(other, lex)
            and tok.dep_ in _OBJ
            and (other.sense.event_type == trig.sense.event_type or tok.lemma_.lower() in (other.sense.objects or ()))
        ):
            continue
        if tok.dep_ == "pobj" and tok.head.head.i in heads and tok.head.head.i != tok.i:
            outer = heads[tok.head.head.i]
            same = outer.sense.event_type == trig.sense.event_type
            if same and (
                tok.head.lower_ in _VENUE_PREPS - {"in"}
                or (_codes_object(outer, lex) and tok.head.lower_ in ("in", "to", "of"))
            ):
                continue
        keep.append(trig)
    return keep


def _their_mutual_event(obj: Token, lex: Lexicon) -> bool:
    """Whether an object is a mutual event of the subject's own members: "their meeting"."""
    noun = lex.nouns.get(obj.lemma_.lower())
    return bool(noun and noun.symmetric) and any(c.dep_ == "poss" and c.lower_ == "their" for c in obj.children)


def _codes_object(trig: Trigger, lex: Lexicon) -> bool:
    """Whether a trigger codes its object's event itself (a light verb leaves it to the noun)."""
    return not (trig.sense.light or lex.is_light(trig.head))


_PHRASE_GAP_POS = ("DET", "ADJ", "NUM", "PRON")
_PHRASE_GAP_DEPS = ("compound", "poss", "case")  # "violated South Sudan's ceasefire"


def _match_phrase(parse: Doc, lemmas: list[str], i: int, words: tuple[str, ...]) -> list[Token] | None:
    """Match a phrase's lemmas from token i, letting determiners, adjectives, numbers, nouns
    modifying the next word and possessors fall between ("lifted a night curfew", "called off a
    four-day strike", "violated South Sudan's ceasefire"), and commas between such modifiers
    ("restore complete, full diplomatic ties")."""
    span = [parse[i]]
    j = i + 1
    for word in words[1:]:
        skipped = 0
        while j < len(parse) and lemmas[j] != word and skipped < 4:  # "called off a four-day strike"
            tok = parse[j]
            if skipped and tok.text == "," and j + 1 < len(parse) and parse[j + 1].pos_ == "ADJ":
                j += 1
                continue
            if not (tok.pos_ in _PHRASE_GAP_POS or tok.dep_ in _PHRASE_GAP_DEPS or tok.tag_ == "HYPH"):
                break
            j += 1
            skipped += 1
        if j >= len(parse) or lemmas[j] != word:
            return None
        span.append(parse[j])
        j += 1
    return span


def _span_head(span: list[Token]) -> Token:
    ids = {t.i for t in span}
    return next((t for t in span if t.head.i not in ids or t.head.i == t.i), span[-1])


def _is_verbal(tok: Token) -> bool:
    """A verb, or a word the tagger took for a noun that has a subject and a particle or object as
    only a verb has ("the EU and UN hand over supplies")."""
    if tok.pos_ in ("VERB", "AUX"):
        return True
    deps = {c.dep_ for c in tok.children}
    return bool(deps & _SUBJ) and bool(deps & {"prt", "dobj"})


def _governed_by(tok: Token, verbs: tuple[str, ...]) -> bool:
    verb = _governing_verb(tok)
    return verb is not None and verb.lemma_.lower() in verbs


def _noun_ok(tok: Token, sense: Sense, as_object: bool = False) -> bool:
    if sense.needs_modifier:
        mods = {c.lemma_.lower() for c in tok.children if c.dep_ in ("amod", "compound", "nmod", "poss", "npadvmod")}
        mods |= {t.lemma_.lower() for t in tok.doc[max(0, tok.i - 3) : tok.i]}
        if not mods.intersection(sense.needs_modifier):
            return False
    if sense.needs_proper and not (tok.pos_ == "PROPN" or tok.text[:1].isupper()):
        return False
    if sense.only_as_object and not as_object:
        return tok.dep_ in _OBJ or (tok.dep_ == "pobj" and _is_quantifier(tok.head.head))
    return True


def _kind_words(obj: Token) -> set[str]:
    """What an object is: its lemma, the nouns that name its kind before a name ("released
    journalist Mesale Tolu", "freed activist pastor Evan Mawarire"), "person" for a person's name,
    and its conjuncts ("released 40 politicians and activists")."""
    words: set[str] = set()
    for noun in (obj, *(c for c in obj.children if c.dep_ == "conj")):
        words.add(noun.lemma_.lower())
        if noun.ent_type_ in ("PERSON", "NORP"):
            words.add("person")  # "will release Odin Sanchez", "released six Americans"
        if noun.pos_ == "PROPN":
            kinds = (c for c in noun.children if c.dep_ in ("compound", "appos") and c.pos_ == "NOUN")
            words.update(c.lemma_.lower() for c in kinds)
    return words


def _is_quantifier(tok: Token) -> bool:
    """A word that counts or measures the noun after its "of" ("tons of aid"); by its form too,
    since the tagger's lemmas slip ("doses" -> "dos")."""
    return tok.lemma_.lower() in _QUANTIFIERS or tok.lower_ in _QUANTIFIERS or tok.lower_.rstrip("s") in _QUANTIFIERS


def _object(verb: Token, exclude: set[int] = frozenset()) -> Token | None:
    """The verb's object: its direct object, else the object of "in"/"at" ("participate in the
    summit"); ``exclude`` holds the words of a phrasal trigger ("take part in")."""
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "obj") and c.i not in exclude), None)
    if obj is None:
        # "participate in the summit", "take part in talks": the prepositional object
        holders = [verb, *(c for c in verb.children if c.i in exclude)]
        prep = next((c for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ in ("in", "at")), None)
        if prep is None:
            return None
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    return _counted(obj) if obj is not None else None


def _counted(noun: Token) -> Token:
    """What a count or measure is of: "tons of aid", "three of the dozens of hostages", "tens
    of thousands of students"; else the noun itself."""
    for _ in range(3):
        if not (_is_quantifier(noun) or noun.pos_ == "NUM"):
            break
        of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        inner = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if inner is None:
            break
        noun = inner
    return noun


def _subject(verb: Token | None) -> Token | None:
    """The subject of a verb, inherited from governing verbs for infinitives, conjuncts, participles."""
    seen = 0
    tok = verb
    while tok is not None and seen < 6:
        subj = next((c for c in tok.children if c.dep_ in _SUBJ or c.dep_ in _PASS_SUBJ), None)
        if subj is not None:
            if subj.lower_ in ("which", "who", "that") and tok.dep_ == "relcl":
                return tok.head
            return subj
        if tok.dep_ == "relcl":
            return tok.head
        if tok.dep_ == "pcomp" and tok.head.lower_ in ("of", "for") and tok.head.head.pos_ == "VERB":
            # the one accused does it: "accused Russia of massing troops", "blamed Iran for attacking"
            accused = next((c for c in tok.head.head.children if c.dep_ in ("dobj", "obj")), None)
            if accused is not None:
                return accused
        if tok.dep_ == "xcomp" and tok.head.lemma_.lower() not in _SUBJECT_CONTROL:
            # the one asked does it: "urged Russia to withdraw", "invited Putin to visit"
            asked = next((c for c in tok.head.children if c.dep_ in ("dobj", "obj") and c.i < tok.i), None)
            if asked is not None:
                return asked
        if tok.dep_ == "acl" and (tok.tag_ in ("VBG", "VBD") or (tok.head.dep_ == "ROOT" and _has_object(tok))):
            # "forces backing the rebels"; a verb the parser hung on a noun it took for the
            # sentence's head ("The Iraqi air force carried out strikes") has it as subject
            return tok.head
        if tok.dep_ not in _INHERIT_DEPS or tok.head == tok:
            return None
        tok = tok.head
        seen += 1
    return None


def _has_object(verb: Token) -> bool:
    """Whether a participle has a direct object and no agent, as only an active verb has."""
    deps = {c.dep_ for c in verb.children}
    return "dobj" in deps and "agent" not in deps


def _preps(verb: Token, allowed: tuple[str, ...]) -> list[Token]:
    out = [c for c in verb.children if c.dep_ in ("prep", "dative") and c.lower_ in allowed]
    # phrasal verbs put the preposition under the particle or object ("shook hands with")
    for c in verb.children:
        if c.dep_ == "prt":
            out += [g for g in c.children if g.dep_ == "prep" and g.lower_ in allowed]
        if c.dep_ == "dobj":
            for noun in _object_nouns(c):
                out += [g for g in noun.children if g.dep_ == "prep" and g.lower_ in allowed]
                # the object's own clause: "lifted sanctions imposed on Iran", "the sanctions it had imposed on Iran"
                clauses = [a for a in noun.children if a.dep_ in ("acl", "relcl")]
                out += [g for a in clauses for g in a.children if g.dep_ == "prep" and g.lower_ in allowed]
    return out


def _object_nouns(obj: Token) -> list[Token]:
    """The nouns of an object phrase that the verb's partner may hang on, as the parser attaches
    a phrase after a long object to its last noun: the object, its conjuncts and the nouns after
    their "of" ("sent vehicles and a team of paratroopers to Lebanon", "returned dozens of
    artifacts to the embassy")."""
    out, stack = [], [(obj, 0)]
    while stack:
        noun, depth = stack.pop()
        out.append(noun)
        if depth < 3:
            for c in noun.children:
                if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN"):
                    stack.append((c, depth + 1))
                elif c.dep_ == "prep" and c.lower_ == "of":
                    stack += [(p, depth + 1) for p in c.children if p.dep_ == "pobj"]
    return out


def _between(noun: Token, ctx: _Context) -> list[ActorMention]:
    """The actors of a "between X and Y" phrase on a noun."""
    return _dedupe(
        [
            m
            for prep in noun.children
            if prep.dep_ == "prep" and prep.lower_ in ("between", "among")
            for p in prep.children
            if p.dep_ == "pobj"
            for m in ctx.resolve(p)
        ]
    )


def _prep_objects(verb: Token, preps: tuple[str, ...]) -> list[Token]:
    """The objects of a verb's prepositional phrases with these prepositions."""
    # "curbs to and from North Korea": the object hangs on the last of the joined prepositions;
    # "on the sidelines of the G20 summit" is an occasion, not a partner
    joined = (q for prep in _preps(verb, preps) for q in (prep, *(c for c in prep.children if c.dep_ == "conj")))
    return [
        p for q in joined for p in q.children if p.dep_ in ("pobj", "pcomp") and p.lemma_.lower() not in _OCCASION_EDGES
    ]


def _partners(verb: Token, preps: tuple[str, ...], ctx: _Context) -> list[ActorMention]:
    """The actors a verb's prepositional phrases with these prepositions name."""
    return [m for p in _prep_objects(verb, preps) for m in ctx.resolve(p)]


def _aimed_at(word: Token | None, ctx: _Context) -> list[ActorMention]:
    """Whom a participle on a word says it aims at: "attacks targeting the Afghan government",
    "a campaign aimed at Iran"."""
    if word is None:
        return []
    for clause in word.children:
        if clause.dep_ in ("acl", "advcl", "xcomp") and clause.lemma_.lower() in ("target", "aim"):
            obj = next((c for c in clause.children if c.dep_ in ("dobj", "obj")), None)
            found = ctx.resolve(obj) if obj is not None else _partners(clause, ("at", "against"), ctx)
            if found:
                return found
    return []


def _states_where(tokens: list[Token], ctx: _Context) -> list[ActorMention]:
    """The states named as where the words' action or object is: "inside Syria", "a base in Saudi
    Arabia's Jizan region", "at a jail in East Timor" (states only: "in a UN compound" names no
    place's owner; "at" only with a place inside it, as "at the Russia-China summit" is no place)."""
    found: list[ActorMention] = []
    stack = [(tok, 0) for tok in tokens]
    while stack:
        tok, depth = stack.pop(0)
        for prep in tok.children:
            if prep.dep_ != "prep" or (prep.lower_ not in _LOCATIVE_PREPS and prep.lower_ != "at"):
                continue
            for p in (c for c in prep.children if c.dep_ == "pobj"):
                if prep.lower_ in _LOCATIVE_PREPS:
                    found += [m for m in ctx.actors_in(p) if m.kind == "state"]
                if depth < 2:
                    stack.append((p, depth + 1))
    return _dedupe(found)


def _besides(found: list[ActorMention], source: list[ActorMention]) -> list[ActorMention]:
    """``found`` without the source's own codes."""
    codes = {m.code for m in source}
    return [m for m in found if m.code not in codes]


def _recipients(verb: Token, ctx: _Context) -> list[ActorMention]:
    """The actors of a verb's indirect object: "gave the Ivory Coast 5 million dollars"."""
    return [m for c in verb.children if c.dep_ == "dative" and c.pos_ != "ADP" for m in ctx.resolve(c)]


def _doers(noun: Token, ctx: _Context, participles: bool = True) -> list[ActorMention]:
    """Who did or sent what a noun names: its possessor, its "by" or "from" phrase ("the attack
    by Japanese forces", "demands from UNITA") or, with ``participles``, the agent of a participle
    on it ("missiles fired by the Israeli military")."""
    # named ones only: "our allies" says nothing of whose deed it is
    found = [m for c in noun.children if c.dep_ == "poss" and c.pos_ != "PRON" for m in ctx.resolve(c)]
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in ("by", "from"):
            found += [m for p in prep.children if p.dep_ == "pobj" for m in ctx.resolve(p)]
    for participle in (c for c in noun.children if participles and c.dep_ == "acl" and c.tag_ == "VBN"):
        # "missiles fired by the Israeli military"
        agents = [a for a in participle.children if a.dep_ == "agent"]
        found += [m for a in agents for p in a.children if p.dep_ == "pobj" for m in ctx.resolve(p)]
    return found


def _acted_on(clause: Token, ctx: _Context) -> list[ActorMention]:
    """Whom the action of an infinitive clause is done to: "threatened to impose restrictions
    against German goods", "promised to send aid to Haiti": its object and its partners."""
    obj = _object(clause)
    found = ctx.resolve(obj) if obj is not None else []
    return found + _partners(clause, ("to", "against", "on", "with", "toward", "towards"), ctx)


_CONDITION_MARKS = ("if", "unless", "until")


def _condition_subjects(verb: Token, ctx: _Context) -> list[ActorMention]:
    """The subjects of the "if", "unless" and "until" clauses of a verb or of its infinitive or
    "that" clause."""
    heads = [verb, *(c for c in verb.children if c.dep_ in ("xcomp", "ccomp"))]
    return [
        m
        for head in heads
        for clause in head.children
        if clause.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _CONDITION_MARKS for c in clause.children)
        for m in ctx.resolve(_subject(clause))
    ]


def _purpose_partners(verb: Token, ctx: _Context) -> list[ActorMention]:
    """Partners named in a purpose clause: "signed documents to enhance cooperation with Hanoi",
    "agreed to open its borders to Somali refugees" (a "to" partner only of the clause's own verb:
    "clash over efforts ... during a visit to Eriador" names a place visited, not a partner; a
    clause on the subject describes it: "militants linked to al-Qaeda attacked ...")."""
    heads = {verb.i, *(c.i for c in verb.children if c.dep_ not in _SUBJ and c.dep_ not in _PASS_SUBJ)}
    for clause in verb.subtree:
        if clause.dep_ in ("xcomp", "advcl", "acl") and clause.head.i in heads:
            for tok in clause.subtree:
                if tok.dep_ == "prep" and (
                    tok.lower_ in ("with", "between") or (tok.lower_ == "to" and tok.head == clause)
                ):
                    found = [m for p in tok.children if p.dep_ == "pobj" for m in ctx.resolve(p)]
                    if found:
                        return found
    return []


_HELP_VERBS = frozenset({"help", "assist", "support", "benefit", "aid", "feed", "relieve", "rebuild"})


def _helped(heads: list[Token], ctx: _Context) -> list[ActorMention]:
    """Whom aid is for, by the purpose clause on it or on its verb: "provided 6 million euros to
    support Palestinian refugees", "announced assistance to help people in Somalia" (people stand
    for the states they are in)."""
    for head in heads:
        for clause in head.children:
            if clause.dep_ in ("xcomp", "advcl", "acl", "relcl") and clause.lemma_.lower() in _HELP_VERBS:
                obj = _object(clause)
                if obj is not None and (found := ctx.resolve(obj) or _states_where([obj, clause], ctx)):
                    return found
    return []


def _governing_verb(tok: Token) -> Token | None:
    cur = tok.head
    hops = 0
    while cur != tok and hops < 6:
        if cur.pos_ in ("VERB", "AUX"):
            return cur
        if cur.head == cur:
            return None
        tok, cur = cur, cur.head
        hops += 1
    return None


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in _PASS_SUBJ or c.dep_ == "auxpass" for c in verb.children)


def _attachment(noun: Token, verb: Token, acts_with: bool = False) -> str | None:
    """How a noun hangs from its verb: "arg" (object, subject, "take part in", and the "with"
    phrase of a verb that ``acts_with``: "retaliated with tariffs"), "venue" ("at the forum",
    "during the visit", "on the sidelines of the summit"), or None (another clause)."""
    tok = noun
    link = "arg"
    while tok.head != tok and tok != verb:
        if tok.dep_ in ("relcl", "acl", "ccomp", "advcl", "appos") or (tok.dep_ == "conj" and tok.pos_ == "VERB"):
            return None
        if tok.dep_ == "prep":
            word = tok.lower_
            if word in _VENUE_PREPS - {"in"}:
                link = "venue"
            elif word not in ("of", "in") and not (word == "with" and acts_with and tok.head == verb):
                return None
        tok = tok.head
    return link if tok == verb else None


def _is_purpose(noun: Token, verb: Token, words: dict[str, frozenset[str]]) -> bool:
    """The noun is what the verb's subject is there for: "arrived in Beijing for talks"."""
    prep = noun.head
    return (
        noun.dep_ == "pobj"
        and prep.lower_ == "for"
        and prep.head == verb
        and verb.lemma_.lower() in words.get("purpose_verbs", frozenset())
    )


def _habitual(trigger: Token, habits: frozenset[str]) -> bool:
    """The trigger reports a habit: "annual meetings", "regularly visits", "meets every year"; not
    one occurrence of it that a past verb reports ("held their annual summit in New Delhi")."""
    heads = [trigger]
    if trigger.pos_ in ("NOUN", "PROPN") and trigger.head.pos_ in ("VERB", "AUX"):
        if trigger.tag_ in ("NN", "NNP") and trigger.head.tag_ == "VBD" and trigger.dep_ in ("dobj", "nsubj"):
            return False
        heads.append(trigger.head)  # "holds annual meetings", "regularly holds meetings"
    for head in heads:
        for child in head.children:
            if child.dep_ in ("amod", "advmod") and child.lower_ in habits:
                return True
            if child.dep_ == "npadvmod" and any(c.lower_ in ("every", "each") for c in child.children):
                return True
    return False


def _laid_on_another(modal: Token) -> bool:
    """An obligation laid on someone else: not the speaker's own ("we should leave it there") and
    not a reproach for the past ("they should have said"), which demands nothing."""
    verb = modal.head
    subject = _subject(verb)
    if subject is not None and subject.lower_ in ("i", "we"):
        return False
    return not any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in verb.children)


def _reported(clause: Token, speech_verbs: frozenset[str]) -> bool:
    """The clause is what a speech verb reports: "Russia says [Israel must end ...]"."""
    while clause.head != clause and clause.dep_ in ("ccomp", "conj", "parataxis"):
        clause = clause.head
        if clause.lemma_.lower() in speech_verbs:
            return True
    return False


def _predicated(adj: Token) -> bool:
    """An adjective said of its clause's subject ("... is illegal", "... is illegal and dangerous")."""
    while adj.dep_ == "conj" and adj.head != adj:
        adj = adj.head
    return adj.dep_ in ("acomp", "attr", "oprd")


def _left_modifiers(noun: Token) -> list[Token]:
    """Words before a noun inside its noun phrase ("the 4th Russia-ASEAN Summit"), including
    those shared with a conjunct ("the ASEAN-Russia Trade and Investment Cooperation Roadmap")."""
    heads = [noun]
    own_det = any(c.dep_ == "det" for c in noun.children)
    if noun.dep_ == "conj" and noun.head.pos_ in ("NOUN", "PROPN") and noun.head.i < noun.i and not own_det:
        heads.append(noun.head)
    out = []
    for head in heads:
        for tok in head.doc[head.left_edge.i : head.i]:
            cur = tok
            while cur not in heads and cur.dep_ in _MODIFIER_DEPS | {"conj", "cc", "punct", "case", "det"}:
                if _is_led(cur):
                    break
                cur = cur.head
            else:
                if cur in heads and tok.dep_ not in ("det", "punct", "cc", "case"):
                    out.append(tok)
    return out


def _dash_joined(noun: Token, ctx: _Context) -> list[Token]:
    """Actors joined by dashes just before a noun ("the Russia–ASEAN Summit"), however the parser
    attached them: the pattern itself says they modify the noun."""
    out = []
    i = noun.left_edge.i - 1 if noun.left_edge.i < noun.i else noun.i - 1
    doc = noun.doc
    while i >= 1 and doc[i].text in _DASHES and ctx.at(doc[i - 1]):
        out.append(doc[i - 1])
        i -= 2
        while i >= 0 and ctx.at(doc[i]) and doc[i].text not in _DASHES and ctx.at(doc[i]) == ctx.at(doc[i + 1]):
            i -= 1  # the rest of a multi-word name
    return out


_AFFILIATIONS = {"loyal", "linked", "tied", "affiliated", "allied", "connected", "aligned"}


def _affiliation(noun: Token, ctx: _Context) -> list[ActorMention]:
    """Whose side unnamed people are on, by a modifier of theirs: "forces loyal to Assad",
    "militants linked to al-Qaeda", "Pakistan-based groups" (their home state), "inspectors for
    the UN"."""
    for mod in noun.children:
        word = mod.lower_
        if mod.dep_ == "prep" and word == "for" and noun.tag_ == "NNS":
            found = [m for p in mod.children if p.dep_ == "pobj" for m in ctx.resolve(p)]
            if found:
                return found
        if mod.dep_ in ("amod", "acl") and word in _AFFILIATIONS:
            found = [m for p in _prep_objects(mod, ("to", "with")) for m in ctx.resolve(p)]
            if found:
                return found
        if mod.dep_ == "amod" and word == "based":
            found = [m for c in mod.children if c.dep_ in ("npadvmod", "compound") for m in ctx.at(c)]
            if found:
                return found
    return []


def _is_led(tok: Token) -> bool:
    """ "the Russia-led union", "ASEAN-centred": a relation to the noun, not a participant."""
    if tok.dep_ not in ("amod", "compound", "npadvmod", "nmod"):
        return False
    words = [t.lower_ for t in tok.subtree]
    return len(words) <= 5 and any(w in _RELATION_PARTICIPLES or w.endswith(_LED_SUFFIXES) for w in words)


def _is_joint(noun: Token) -> bool:
    words = {"joint", "bilateral", "mutual", "combined"}
    return any(c.lower_ in words for c in noun.children) or any(
        t.lower_ in words for t in noun.doc[max(0, noun.i - 3) : noun.i]
    )


# -- context: which mentions a token stands for --------------------------------------------
class _Context:
    """Actor mentions of one sentence mapped to parse tokens, plus the preceding context."""

    def __init__(
        self,
        mentions: list[ActorMention],
        sentence: Sentence,
        parse: Doc,
        pair_nouns: frozenset[str],
        parses: dict[int, Doc] | None = None,
        sentences: list[Sentence] | None = None,
        speech_verbs: frozenset[str] = frozenset(),
    ):
        self.sentence = sentence
        self.parse = parse
        self.parses = parses or {}
        self.sentences = sentences or []
        self.referred: list[ActorMention] = []  # context references resolved in this sentence
        self.pair_nouns = pair_nouns
        self.by_token: dict[int, list[ActorMention]] = {}
        self.trigger_heads: set[int] = set()
        self.speech_verbs = speech_verbs
        self.before = sorted((m for m in mentions if m.end <= sentence.start and m.code), key=lambda m: m.start)
        base = sentence.start
        here = [m for m in mentions if sentence.start <= m.start < sentence.end]
        self.here = here
        for tok in parse:
            s, e = base + tok.idx, base + tok.idx + len(tok)
            found = [m for m in here if m.start < e and s < m.end]
            if found:
                self.by_token[tok.i] = found

    def tokens_of(self, mention: ActorMention) -> list[Token]:
        """The parse tokens a mention covers."""
        return [self.parse[i] for i, found in self.by_token.items() if mention in found]

    def at(self, tok: Token) -> list[ActorMention]:
        return [m for m in self.by_token.get(tok.i, []) if m.code]

    def actors_in(self, tok: Token) -> list[ActorMention]:
        """Resolved mentions in a phrase, not crossing into clauses or adjunct phrases."""
        out: list[ActorMention] = []
        stack = [tok]
        while stack:
            cur = stack.pop()
            for m in self.at(cur):
                if m not in out:
                    out.append(m)
            for child in cur.children:
                if child.dep_ in _CLAUSE_EDGES or _is_led(child):
                    continue
                if child.dep_ == "prep" and child.lower_ in _NON_ARG_PREPS:
                    continue
                stack.append(child)
        return sorted(out, key=lambda m: m.start)

    def resolve(self, tok: Token | None) -> list[ActorMention]:
        """The actors an argument names, with pronouns and "the two countries" resolved."""
        if tok is None:
            return []
        found = self.actors_in(tok)
        if found:
            return found
        lower = tok.lower_
        if lower in ("which", "who", "that", "whom") and tok.head.dep_ == "relcl":
            return self.resolve(tok.head.head)  # "islands which were seized": the islands
        speaker = self._reporter(tok)
        if speaker:
            return speaker
        if lower in _PRONOUNS_PERSON:
            return self._antecedent(tok)
        if lower in _PRONOUNS_THING:
            return self._last(lambda m: m.kind in ("state", "org"), tok)
        if lower in _PRONOUNS_GROUP:
            return self.pair(tok)
        if tok.lemma_.lower() in self.pair_nouns and any(
            c.lower_ in ("two", "both", "three") or c.lower_ == "both" for c in tok.children
        ):
            return self.pair(tok)
        return []

    def _reporter(self, pronoun: Token) -> list[ActorMention]:
        """The speaker a pronoun subject of reported speech stands for: "the Houthis claimed that
        they had attacked ...", "China said it would retaliate", not the actors last named."""
        clause, lower = pronoun.head, pronoun.lower_
        if (
            pronoun.dep_ not in ("nsubj", "nsubjpass")
            or lower not in _PRONOUNS_PERSON | _PRONOUNS_THING | _PRONOUNS_GROUP
            or clause.dep_ != "ccomp"
            or clause.head.lemma_.lower() not in self.speech_verbs
        ):
            return []
        subject = _subject(clause.head)
        if subject is None or subject.pos_ == "PRON":
            return []
        found = self.actors_in(subject)
        if lower in _PRONOUNS_PERSON:
            return [m for m in found if m.kind == "person"]
        if lower in _PRONOUNS_THING:
            return [m for m in found if m.kind != "person"]
        return found

    def _before(self, tok: Token | None) -> list[ActorMention]:
        limit = self.sentence.start + (tok.idx if tok is not None else 0)
        return self.before + [m for m in self.here if m.end <= limit and m.code]

    def _antecedent(self, tok: Token) -> list[ActorMention]:
        """The person "he" or "she" refers to: the latest person who was a subject, else the latest."""
        people = [m for m in self._before(tok) if m.kind == "person" and m.sentence >= self.sentence.index - 3]
        if not people:
            return []
        subjects = [m for m in people if self._is_subject(m)]
        return [self._refer((subjects or people)[-1], tok)]

    def speaker(self) -> list[ActorMention]:
        """Who is being quoted: the last person who was a subject in the four sentences before."""
        people = [
            m
            for m in self.before
            if m.kind == "person" and m.sentence >= self.sentence.index - 4 and self._is_subject(m)
        ]
        return [self._refer(people[-1], None)] if people else []

    def _is_subject(self, m: ActorMention) -> bool:
        parse = self.parses.get(m.sentence)
        if parse is None or m.sentence >= len(self.sentences):
            return False
        base = self.sentences[m.sentence].start
        toks = [t for t in parse if m.start <= base + t.idx < m.end]
        ids = {t.i for t in toks}
        head = next((t for t in toks if t.head.i not in ids or t.head == t), None)
        return head is not None and head.dep_ in ("nsubj", "nsubjpass")

    def _last(self, pred, tok: Token) -> list[ActorMention]:
        for m in reversed(self._before(tok)):
            if pred(m):
                return [self._refer(m, tok)]
        return []

    def pair(self, tok: Token | None = None) -> list[ActorMention]:
        """The actors "the two countries", "both partners" or "they" refer to.

        Candidates are the actors named before in the sentence, else in the nearest sentences
        before it that name two (with the rest of this sentence); the most salient ones (most
        often named in the document so far) win, states only when the phrase says countries.
        """
        want, states_only = 2, False
        if tok is not None:
            want = 3 if "three" in {c.lower_ for c in tok.children} else 2
            states_only = tok.lemma_.lower() in _STATE_NOUNS

        def fits(m: ActorMention) -> bool:
            return bool(m.code) and (not states_only or m.kind in ("state", "person"))

        before = [m for m in self._before(tok) if fits(m)]
        later = [m for m in self.here if fits(m) and m not in before and m.start >= self.sentence.start]
        recent = [m for m in before if m.sentence == self.sentence.index]
        for back in range(1, 6):  # widen the window until two actors are in view
            if len({m.code for m in recent}) >= 2:
                break
            recent = [m for m in before if m.sentence >= self.sentence.index - back] + later
        counts: dict[str, int] = {}
        for m in before:
            counts[m.code] = counts.get(m.code, 0) + 1
        latest: dict[str, ActorMention] = {}
        for m in recent:
            latest[m.code] = m
        ranked = sorted(latest.values(), key=lambda m: (-counts.get(m.code, 0), -m.start))
        if len(ranked) < 2:
            return []
        return [self._refer(m, tok) for m in sorted(ranked[:want], key=lambda m: m.start)]

    def _refer(self, m: ActorMention, tok: Token | None) -> ActorMention:
        """A mention of ``m``'s actor at the referring words ("they", "the two countries"), kept so
        that later references can chain through it."""
        if tok is None:
            return replace(m, how="context")
        words = list(tok.subtree) if tok.pos_ in ("NOUN", "PROPN") else [tok]
        start = self.sentence.start + words[0].idx
        end = self.sentence.start + words[-1].idx + len(words[-1])
        ref = replace(
            m,
            how="context",
            start=start,
            end=end,
            text=self.parse.text[words[0].idx : words[-1].idx + len(words[-1])],
            sentence=self.sentence.index,
        )
        if ref not in self.referred:
            self.referred.append(ref)
        return ref

    def clause_actors(self, head: Token, skip: set[int] = frozenset(), loose: bool = False) -> list[ActorMention]:
        """Actors of a clause, leaving out subordinate clauses, circumstances ("amid US sanctions")
        and the phrases of other triggers (``skip``: their head token indexes)."""
        out: list[ActorMention] = []
        stack = [head]
        while stack:
            cur = stack.pop()
            for m in self.at(cur):
                if m not in out:
                    out.append(m)
            for child in cur.children:
                if child.i in skip:
                    continue
                if child.dep_ in ("advcl", "relcl", "ccomp", "parataxis", "csubj", "acl") and not (
                    loose and child.lemma_.lower() in _PARTICIPATION_VERBS
                ):
                    continue
                if child.dep_ == "prep" and child.lower_ in (
                    _CIRCUMSTANCE_PREPS - _PLACE_PREPS if loose else _CIRCUMSTANCE_PREPS
                ):
                    continue
                stack.append(child)
        return _dedupe(sorted(out, key=lambda m: m.start))

    def place(self, trig: Token) -> tuple[str | None, str | None]:
        """Where the event happened: an "in"/"at" phrase naming a place near the trigger."""
        scopes = [trig]
        if trig.head != trig:
            scopes.append(trig.head)
        for scope in scopes:
            for prep in scope.children:
                if prep.dep_ != "prep" or prep.lower_ not in ("in", "at"):
                    continue
                for pobj in prep.children:
                    if pobj.dep_ != "pobj":
                        continue
                    mentions = [m for m in self.at(pobj) if m.kind == "state" or m.how == "capital"]
                    if mentions:
                        return mentions[0].text, mentions[0].code
                    if pobj.ent_type_ in ("GPE", "LOC", "FAC"):
                        ent = next((e for e in self.parse.ents if e.start <= pobj.i < e.end), None)
                        return (ent.text if ent is not None else pobj.text), None
        return None, None
