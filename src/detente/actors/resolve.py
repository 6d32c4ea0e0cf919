"""Resolving matched names to actors in context.

Works on the whole document, in reading order, so that later mentions can lean on earlier ones:
a surname resolves to the person named in full before it, "the vice president" to the vice
president already mentioned. Titles combine with the state next to them ("Singapore's Prime
Minister", "the Russian leader", "US Vice President Mike Pence") into one mention whose code is
the state and whose person is the holder of that role on the article's date.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token

from detente.actors.matcher import Match
from detente.actors.registry import Actor, Registry
from detente.schemas import ActorMention, Sentence

_POSSESSIVE = {"'s", "’s", "'", "’"}
_HONORIFICS = {"Mr.", "Mrs.", "Ms.", "Mr", "Mrs", "Ms", "Dr.", "Messrs.", "Gen.", "General", "Sir", "Madame"}
_CALENDAR = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    "Saturday", "Sunday",
}  # fmt: skip
# Words that name months and weekdays or are common words are never taken as a bare surname.
_NOT_SURNAMES = _CALENDAR | {"Will", "Key", "Rice", "Brown", "Young", "King", "Long", "Little"}


def anchor_date(published: str | None) -> dt.date | None:
    """The day an article's roles are read on: its publication date, mid-period when partial."""
    if not published:
        return None
    parts = published[:10].split("-")
    try:
        if len(parts) == 1:
            return dt.date(int(parts[0]), 7, 1)
        if len(parts) == 2:
            return dt.date(int(parts[0]), int(parts[1]), 15)
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None


@dataclass(slots=True)
class _Piece:
    start: int  # tokens
    end: int
    kind: str  # state (state or org), person, surname, title, place
    candidates: list[tuple[Actor | None, str]]
    roles: list[str] = field(default_factory=list)  # for titles: every role the words can name


class MentionResolver:
    """Turns PhraseMatcher matches into ActorMentions for one document."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._named: set[str] = set()
        self._others: set[str] = set()
        self._opening: dict[int, Actor] = {}  # token offset -> the person a sentence-opening surname may be
        self.sentence_initial: dict[int, ActorMention] = {}
        self._title_sector = {t.role: t.sector for t in registry.titles}
        # Given names of the people the registry knows: "Michael" opening a sentence before
        # "Howard" is a first name, not a word such as "Yesterday".
        self._given_names = {
            name.split()[0] for p in registry.by_kind("person") for name in (p.name, *p.aliases) if " " in name
        }

    def resolve(
        self, tokens: Doc, matches: list[Match], sentences: list[Sentence], doc_id: str, published: str | None
    ) -> list[ActorMention]:
        """All resolved mentions of a document, in text order.

        A bare surname that opens a sentence ("Putin met ...", "Bush fires ...") stays unresolved
        here: only the parse can tell a name from a common word. ``sentence_initial`` then holds,
        by character offset, the mention it would be as the person (``confirm_sentence_initial``).
        """
        day = anchor_date(published)
        self.sentence_initial, self._opening = {}, {}
        starts = [s.start for s in sentences]
        pieces = [p for p in (self._piece(m, _after_honorific(tokens, m.start)) for m in matches) if p is not None]
        # A state's name inside a company's ("Air France", "China Mobile", "Royal Bank of Scotland")
        # names no actor: the company is not its home state.
        covered = {i: p.kind for p in pieces for i in range(p.start, p.end)}
        words = self.registry.name_words
        pieces = [p for p in pieces if p.kind != "place" and not _in_company_name(tokens, p, covered, words)]
        # People named in full anywhere in the article: a bare surname before the full name (a
        # headline's "Putin signs ...") still means them.
        self._named = {a.id for p in pieces if p.kind == "person" for a, _ in p.candidates if a is not None}
        # Surnames the article also gives to someone the registry does not know ("Michael Howard"):
        # bare, they mean that person, unless the registry's own is named in full.
        known_ends = {p.end for p in pieces}  # "President Obama": a title the registry knows
        self._others = {
            tokens[p.start : p.end].text
            for p in pieces
            if p.kind == "surname"
            and p.start not in known_ends
            and self._after_unknown_name(tokens, p.start, [a for a, _ in p.candidates if a])
        }
        text = tokens.text  # Doc.text joins every token on each access: once per document
        out: list[ActorMention] = []
        seen_people: list[tuple[Actor, str | None]] = []  # (person, role) in order of mention
        i = 0
        while i < len(pieces):
            group, i = self._group(tokens, pieces, i)
            mention = self._mention(tokens, group, day, seen_people)
            if mention is None:
                continue
            actor, code, role, sector, how, person = mention
            first, last = group[0], group[-1]
            cs = tokens[first.start].idx
            ce = tokens[last.end - 1].idx + len(tokens[last.end - 1])
            sent = max(0, bisect.bisect_right(starts, cs) - 1)
            if person is not None:
                seen_people.append((person, role))
            found = ActorMention(
                doc_id=doc_id,
                sentence=sent,
                start=cs,
                end=ce,
                text=text[cs:ce],
                code=code,
                kind="person" if (person is not None or role) else (actor.kind if actor else "unresolved"),
                sector=sector,
                person=person.id if person else None,
                role=role,
                how=how,
                actor_id=person.id if person else (actor.id if actor else None),
            )
            out.append(found)
            opening = self._opening.pop(first.start, None)
            if opening is not None and (held := opening.role_on(day)) is not None:
                self.sentence_initial[cs] = replace(
                    found, code=held.code, kind="person", sector=held.sector or "GOV", person=opening.id,
                    role=held.role, actor_id=opening.id,
                )  # fmt: skip
        return out

    def _piece(self, m: Match, after_honorific: bool = False) -> _Piece | None:
        cands: list[tuple[Actor | None, str]] = []
        roles: list[str] = []
        kinds = set()
        for actor_id, how in m.candidates:
            if actor_id == "-":
                kinds.add("place")
            elif actor_id.startswith("title:"):
                roles.append(actor_id[6:])
                kinds.add("title")
            else:
                actor = self.registry.get(actor_id)
                if actor is None:
                    continue
                cands.append((actor, how))
                kinds.add("surname" if how == "surname" else "person" if actor.kind == "person" else "state")
        # After "Mr" or "Mrs" the words are a name: "Mr Hague" is no city, "Mr Howard" no title.
        order = ("person", "surname") if after_honorific else ("place", "state", "person", "title", "surname")
        for kind in order:
            if kind in kinds:
                chosen = [c for c in cands if _kind_of(c) == kind] if kind in ("state", "person", "surname") else cands
                return _Piece(m.start, m.end, kind, chosen, roles)
        return None

    def _group(self, tokens: Doc, pieces: list[_Piece], i: int) -> tuple[list[_Piece], int]:
        """Join [state]['s] [title] [name] sequences into one group."""
        group = [pieces[i]]
        j = i + 1
        while j < len(pieces):
            prev, nxt = group[-1], pieces[j]
            gap = tokens[prev.end : nxt.start]
            adjacent = len(gap) == 0 or (prev.kind == "state" and len(gap) == 1 and gap[0].text in _POSSESSIVE)
            if prev.kind == "title" and nxt.kind in ("person", "surname") and len(gap) == 1 and gap[0].text == ",":
                adjacent = True  # "his Vietnamese counterpart, Truong Tan Sang"
            allowed = (
                (prev.kind == "state" and nxt.kind == "title")
                or (prev.kind == "title" and nxt.kind in ("person", "surname", "title"))
                # "Pakistan's Foreign Office": a body named after the possessive is that state's
                or (prev.kind == "state" and nxt.kind == "state" and all(h == "metonym" for _, h in nxt.candidates))
            )
            if not (adjacent and allowed):
                break
            group.append(nxt)
            j += 1
        return group, j

    def _mention(self, tokens: Doc, group: list[_Piece], day: dt.date | None, seen: list[tuple[Actor, str | None]]):
        state = next((p for p in group if p.kind == "state"), None)
        titles = [p for p in group if p.kind == "title"]
        named = next((p for p in group if p.kind in ("person", "surname")), None)
        roles = titles[-1].roles if titles else []
        person: Actor | None = None
        state_actor = _best_state(state.candidates, day) if state else None
        code = state_actor.code if state_actor else None
        role = self._pick_role(roles, state_actor, named, day)
        if named is not None:
            person = self._person(tokens, named, role, state_actor, day, seen, bool(titles))
            if person is None and named.kind == "surname" and not titles and state is None:
                return None, None, None, None, "surname", None  # ambiguous: kept, unresolved
        if person is None and role and state_actor is None and named is None:
            # A bare title ("the vice president") refers to the last person seen in that role.
            person = next((p for p, r in reversed(seen) if r in roles), None)
            if person is None:
                return None
        if person is None and role and state_actor is not None and state_actor.kind == "state":
            holders = self.registry.holders(state_actor.id, role, day) if day else []
            person = holders[0] if len(holders) == 1 else None
        if person is not None:
            held = person.role_on(day)
            if role is None and held is not None:
                role = held.role
            if code is None and held is not None:
                code = held.code
            sector = held.sector if held is not None and held.code == code else self._title_sector.get(role or "")
            how = "surname" if named is not None and named.kind == "surname" else "name" if named else "title"
            return state_actor, code, role, sector or "GOV", how, person
        if state_actor is None:
            return None
        if role:
            return state_actor, code, role, self._title_sector.get(role) or "GOV", "title", None
        how = state.candidates[0][1] if state else "name"
        sector = "GOV" if how in ("capital", "metonym") else state_actor.sector if state_actor.kind == "org" else None
        return state_actor, code, None, sector, how, None

    def _pick_role(
        self, roles: list[str], state: Actor | None, named: _Piece | None, day: dt.date | None
    ) -> str | None:
        """Which of the roles a title can name is meant: the one the named person held, else the
        one that fits the kind of actor beside it (a state's president, an organisation's)."""
        if not roles:
            return None
        if named is not None:
            held = {r.role for a, _ in named.candidates if a is not None for r in a.roles}
            for role in roles:
                if role in held:
                    return role
        wants_igo = state is not None and state.kind == "org"
        fitting = [r for r in roles if (self._title_sector.get(r) == "IGO") == wants_igo]
        return (fitting or roles)[0]

    def _after_unknown_name(self, tokens: Doc, start: int, people: list[Actor]) -> bool:
        """After a capitalised word the registry does not know, a surname ends someone else's name
        ("Scott Sullivan", "the Mini Cooper"), unless that word is one of the person's own names."""
        if start == 0 or _opens_sentence(tokens, start):
            return False
        previous = tokens[start - 1]
        before = previous.text
        return (
            before[:1].isupper()
            and before.isalpha()
            and not previous.is_stop  # "During Putin's visit"
            and before not in _CALENDAR  # "On Monday Putin said"
            and before not in _HONORIFICS
            and (before in self._given_names or not _opens_sentence(tokens, start - 1))  # "Yesterday Putin said"
            and not any(before in p.name.split() for p in people)  # "George Bush"
        )

    def _person(
        self,
        tokens: Doc,
        named: _Piece,
        role: str | None,
        state: Actor | None,
        day: dt.date | None,
        seen: list[tuple[Actor, str | None]],
        titled: bool,
    ) -> Actor | None:
        people = [a for a, _ in named.candidates if a is not None]
        if named.kind == "person":
            return _best_person(people, role, state, day)
        # A bare surname: the person already named in this document, else a titled or unique one.
        earlier = [p for p, _ in reversed(seen) if p in people]
        if earlier:
            return earlier[0]
        named_here = [p for p in people if p.id in self._named]
        if len(named_here) == 1:
            return named_here[0]
        word = tokens[named.start : named.end].text
        if word in self._others:
            return None
        if titled or _after_honorific(tokens, named.start):
            return _best_person(people, role, state, day, require_role=titled)
        at_sentence_start = _opens_sentence(tokens, named.start)
        someone_else = self._after_unknown_name(tokens, named.start, people)
        if len(people) == 1 and word not in _NOT_SURNAMES and not someone_else:
            person = people[0]
            held = person.role_on(day)
            if held is not None and (day is None or held.distance(day) < 3 * 365):
                if not at_sentence_start:
                    return person
                self._opening[named.start] = person
        return None


def _capitalised(token: Token) -> bool:
    return token.text[:1].isupper() and any(c.isalpha() for c in token.text)


def _in_company_name(tokens: Doc, piece: _Piece, covered: dict[int, str], words: dict[str, frozenset[str]]) -> bool:
    """Whether a state's name, demonym or capital is part of a longer proper name of a company,
    bank, newspaper or school that the registry does not know ("China Mobile", "Swiss Re", "Air
    India", "the Korea Herald", "the Royal Bank of Scotland", "London Stock Exchange"); ``words``
    are the registry's name_words (name_words.yaml says what each list is for)."""
    empty: frozenset[str] = frozenset()
    company, central = words.get("company", empty), words.get("central_bank", empty)
    if piece.kind != "state" or not piece.candidates:
        return False
    if any(a is None or a.kind != "state" or how == "metonym" for a, how in piece.candidates):
        return False
    # The words after: a run of capitalised words, through other state names ("British American
    # Tobacco") but not into a title or a person ("Japanese Finance Minister", "US President Bush").
    j, run, titled = piece.end, [], False
    while j < len(tokens) and len(run) < 5:
        if tokens[j].text in ("'", "’") and run and tokens[j - 1].text.endswith("s"):
            j += 1  # "the British Bankers' Association"
            continue
        if not _capitalised(tokens[j]):
            break
        if covered.get(j) in ("title", "person", "surname"):
            titled = True
            break
        run.append(j)
        j += 1
    if all(how == "place" for _actor, how in piece.candidates) and _team_or_company(tokens, piece, run, covered, words):
        return True
    if run:
        head = tokens[run[-1]].text
        if head in ("Bank", "Banks"):
            return tokens[run[-1] - 1].text not in central
        if any(tokens[k].text in words.get("public", empty) for k in run):
            return False  # "the East Delhi Municipal Corporation"
        if head in ("Chamber", "Chambers") and j + 1 < len(tokens) and tokens[j].text == "of":
            return tokens[j + 1].text in ("Commerce", "Industry")  # not "the Italian Chamber of Deputies"
        if head in company or (not titled and head in words.get("company_end", empty)):
            return True
        if any(tokens[k].text in company for k in run):
            return True
    if piece.start == 0:
        return False
    before = tokens[piece.start - 1]
    if before.text in words.get("company_start", empty):
        return True
    # "the Royal Bank of Scotland", "Commonwealth Bank of Australia"; not "the Bank of Japan" or
    # "the Reserve Bank of India"
    if before.text == "of" and piece.start >= 2:
        name = tokens[piece.start - 2]
        if name.text in words.get("of_state", empty):
            return True
        if name.text in ("Bank", "Banks") and piece.start >= 3:
            mod = tokens[piece.start - 3]
            return _capitalised(mod) and not mod.is_stop and mod.text not in central | _CALENDAR
    return False


def _team_or_company(
    tokens: Doc, piece: _Piece, run: list[int], covered: dict[int, str], words: dict[str, frozenset[str]]
) -> bool:
    """Whether a city's or region's name opens or closes another proper name: a team's or a
    company's ("Manchester United", "Texas Instruments", "AC Milan", "Bayern Munich"), unless
    the words around it are geographic ("Kharkiv Oblast", "Greater Manchester")."""
    empty: frozenset[str] = frozenset()
    if run and covered.get(run[0]) is None and tokens[run[0]].text not in words.get("place_parts", empty):
        return True
    if piece.start == 0 or _opens_sentence(tokens, piece.start):
        return False
    before = tokens[piece.start - 1]
    return (
        _capitalised(before)
        and not before.is_stop
        and covered.get(piece.start - 1) is None
        and before.text not in words.get("place_start", empty)
    )


def _after_honorific(tokens: Doc, start: int) -> bool:
    return start > 0 and tokens[start - 1].text in _HONORIFICS


def _opens_sentence(tokens: Doc, start: int) -> bool:
    before = tokens[start - 1].text if start > 0 else ""
    return start == 0 or tokens[start - 1].is_space or before in {".", "\n", '"', "“"}


def _kind_of(cand: tuple[Actor | None, str]) -> str:
    actor, how = cand
    if how == "surname":
        return "surname"
    return "person" if actor is not None and actor.kind == "person" else "state"


def _best_state(cands: list[tuple[Actor | None, str]], day: dt.date | None) -> Actor | None:
    actors = [a for a, _ in cands if a is not None]
    if not actors:
        return None

    def score(a: Actor) -> tuple[int, int]:
        valid = day is None or (
            (a.valid_from is None or a.valid_from <= day) and (a.valid_to is None or day <= a.valid_to)
        )
        return (0 if valid else 1, 0 if a.kind == "state" else 1)

    return min(actors, key=score)


def _best_person(
    people: list[Actor], role: str | None, state: Actor | None, day: dt.date | None, require_role: bool = False
) -> Actor | None:
    def fits(p: Actor) -> bool:
        return any((role is None or r.role == role) and (state is None or r.code == state.id) for r in p.roles)

    fitting = [p for p in people if fits(p)]
    if require_role and not fitting:
        return None
    pool = fitting or people
    if not pool:
        return None

    def score(p: Actor) -> int:
        held = [r for r in p.roles if (role is None or r.role == role)] or p.roles
        if not held:
            return 10**6
        return min(r.distance(day) for r in held) if day else 0

    return min(pool, key=score)


def confirm_sentence_initial(
    mentions: list[ActorMention],
    candidates: dict[int, ActorMention],
    sentences: list[Sentence],
    parses: dict[int, Doc],
) -> list[ActorMention]:
    """``mentions`` with each sentence-opening bare surname that the parse reads as a proper noun
    of its own ("Putin met ...", "Trump's visit") replaced by its person (``candidates``, from
    ``MentionResolver.resolve``). A common word stays unresolved: the tagger reads "Rice prices"
    and "Ban on imports" as nouns, "Bush fires" and "Park rangers" as a name inside a compound.
    Sentences that were not parsed cannot hold events, and keep theirs unresolved."""
    if not candidates:
        return mentions
    out = []
    for m in mentions:
        person, parse = candidates.get(m.start), parses.get(m.sentence)
        if person is not None and parse is not None and m.code is None:
            offset = sentences[m.sentence].start
            span = parse.char_span(m.start - offset, m.end - offset)
            if span is not None and span.root.tag_ == "NNP" and span.root.dep_ != "compound":
                m = person
        out.append(m)
    return out
