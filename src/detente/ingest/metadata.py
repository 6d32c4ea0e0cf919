"""Metadata stated in article text: date lines, bylines, 'Published by' and 'Source:' lines, titles.

A line counts as metadata only when all of it is metadata (``Updated: 2013-11-15 01:13``,
``By Zhao Yanrong (China Daily)``, ``Published by SouthFront, Nov 18 2018``, or several such
parts joined by ``|``), so sentences that merely start with "By" or "Published" stay text. Names
and outlets are accepted only when they look like names: a sentence such as "Andrew Hammond is
an Associate at LSE IDEAS" is never taken for an author or an outlet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from detente.ingest.dates import is_date_phrase, normalise_date

# Date labels, best first: a publication date beats an undated line, which beats an update.
_PUBLISHED_LABELS = ("first published", "published", "posted", "date", "released", "issued", "created")
_UPDATED_LABELS = ("last updated", "updated", "last modified", "modified")
RANK_PUBLISHED, RANK_BARE, RANK_UPDATED = 0, 1, 2

_LABELLED = re.compile(
    r"(?P<label>" + "|".join(_PUBLISHED_LABELS + _UPDATED_LABELS) + r")\b"
    r"(?:\s+(?:on|at))?\s*[:：\-–—]?\s*(?P<rest>.+)",
    re.IGNORECASE,
)
_BY_WHO_DATE = re.compile(r"by\s+(?P<who>.+?)(?:\s*,\s*|\s+on\s+|\s+[-–—]\s+)(?P<date>.+)", re.IGNORECASE)
_BY_WHO = re.compile(r"by\s+(?P<who>.+)", re.IGNORECASE)
_DATE_BY_WHO = re.compile(r"(?P<date>.+?)\s+by\s+(?P<who>.+)", re.IGNORECASE)
_BYLINE = re.compile(
    r"(?:by|written by|words by|reporting by|text by)\s+(?P<names>[^()]+?)"
    r"(?:\s+in\s+(?P<place>[^\W\d_][\w .'-]{0,30}))?(?:\s*\((?P<outlet>[^()]+)\))?",
    re.IGNORECASE,
)
_AUTHOR_LABEL = re.compile(
    r"(?:authors?|writers?|reporters?|correspondents?)\s*[:：]\s*(?P<names>.+)", re.IGNORECASE
)
_SOURCE_LABEL = re.compile(r"(?:source|sources|via)\s*[:：]\s*(?P<outlet>.+)", re.IGNORECASE)
# Staff credits are dropped without keeping a value, so any short value will do.
_STAFF_LABEL = re.compile(
    r"(?:(?:editors?|translators?|photographers?)\s*[:：]|(?:edited|translated|proofread) by)"
    r"\s*[^\s:：]\S*(?:\s\S+){0,4}",
    re.IGNORECASE,
)
_SEGMENT_SPLIT = re.compile(r"\s+[|｜•·]\s+")
_NAME_SPLIT = re.compile(r"\s*,\s*|\s+and\s+|\s*&\s*")
_NAME_PARTICLES = frozenset({
    "de", "da", "di", "del", "della", "van", "von", "der", "den", "la", "le", "du", "bin", "binti",
    "al", "el", "ibn", "y",
})  # fmt: skip
_OUTLET_CONNECTORS = frozenset({"of", "the", "and", "for", "on", "de", "la", "du", "&", "-"})
_NAME_TOKEN = re.compile(r"[^\W\d_][^\W\d_.'’-]*(?:[.'’-][^\W\d_]*)*\.?")
_DOMAIN = re.compile(r"[a-z0-9-]+(?:\.[a-z0-9-]+)+", re.IGNORECASE)
_BIO = re.compile(r"(?:[•·*–—-]\s*)?(?P<name>[^,;:()]{3,60}?) (?:is|was) (?:an?|the)\b.*")
_KICKER = re.compile(r"\[[^\]]{1,30}\]\s*")
_ABBREVIATION_END = re.compile(r"(?:\b[A-Z]\.){2,}")

MAX_META_LINE = 200
MAX_BYLINE = 100
MAX_TITLE = 200
MAX_NAMES = 4


@dataclass(slots=True)
class LineMeta:
    """What a metadata line states."""

    published: str | None = None
    rank: int = RANK_UPDATED  # how much to trust ``published`` (lower is better)
    author: str | None = None
    source: str | None = None

    def merge(self, other: LineMeta) -> None:
        """Add ``other``'s values where this one has none (a better-ranked date wins)."""
        if other.published and (not self.published or other.rank < self.rank):
            self.published, self.rank = other.published, other.rank
        self.author = self.author or other.author
        self.source = self.source or other.source


def _name(text: str) -> str | None:
    tokens = text.split()
    if not 1 <= len(tokens) <= 5:
        return None
    for token in tokens:
        if token.lower() in _NAME_PARTICLES:
            continue
        if not _NAME_TOKEN.fullmatch(token) or token[0].islower():
            return None
    return " ".join(tokens)


def names(text: str) -> str | None:
    """The names in a byline ("Zhao Yanrong", "Ann Lee and Bo Chan"), joined by ", "; ``None``
    when any part does not look like a person's name."""
    parts = [p for p in _NAME_SPLIT.split(text.strip()) if p]
    if not 1 <= len(parts) <= MAX_NAMES:
        return None
    found = [_name(p) for p in parts]
    if any(n is None for n in found):
        return None
    return ", ".join(n for n in found if n)


def outlet(text: str) -> str | None:
    """An outlet name ("China Daily", "SouthFront", "chinadaily.com.cn"), or ``None`` when the
    text reads like anything else (a sentence, a description)."""
    text = text.strip().rstrip(".")
    if not text or len(text) > 60:
        return None
    if _DOMAIN.fullmatch(text):
        return text
    tokens = text.split()
    if len(tokens) > 6 or tokens[0].lower() in _OUTLET_CONNECTORS:
        return None
    for token in tokens:
        if token.lower() in _OUTLET_CONNECTORS:
            continue
        if not token[0].isalnum() or token[0].islower():
            return None
    return text


def _date(text: str) -> str | None:
    text = text.strip(" ,;|-–—()")
    return normalise_date(text) if is_date_phrase(text) else None


def _labelled(segment: str) -> LineMeta | None:
    match = _LABELLED.fullmatch(segment)
    if not match:
        return None
    label = match["label"].lower()
    rank = RANK_UPDATED if label in _UPDATED_LABELS else RANK_PUBLISHED
    rest = match["rest"]
    # "Published by X" names the publisher; "Posted by X" names the person who posted it.
    who_field = "source" if label in ("published", "first published") else "author"
    for pattern in (_BY_WHO_DATE, _DATE_BY_WHO, _BY_WHO):
        parts = pattern.fullmatch(rest)
        if not parts:
            continue
        published = _date(parts["date"]) if "date" in parts.groupdict() else None
        if "date" in parts.groupdict() and not published:
            continue
        who = outlet(parts["who"]) if who_field == "source" else names(parts["who"])
        if who is None and published is None:
            continue
        meta = LineMeta(published=published, rank=rank)
        setattr(meta, who_field, who)
        return meta
    published = _date(rest)
    return LineMeta(published=published, rank=rank) if published else None


def _byline(segment: str) -> LineMeta | None:
    if len(segment) > MAX_BYLINE:
        return None
    match = _BYLINE.fullmatch(segment)
    if match:
        who = names(match["names"])
        source = outlet(match["outlet"]) if match["outlet"] else None
        if who and (source or not match["outlet"]):
            return LineMeta(author=who, source=source)
    match = _AUTHOR_LABEL.fullmatch(segment)
    if match and (who := names(match["names"])):
        return LineMeta(author=who)
    return None


def _segment(segment: str, *, edge: bool) -> LineMeta | None:
    if meta := _labelled(segment):
        return meta
    if match := _SOURCE_LABEL.fullmatch(segment):
        return LineMeta(source=found) if (found := outlet(match["outlet"])) else None
    if _STAFF_LABEL.fullmatch(segment):
        return LineMeta()
    if not edge:
        return None
    if meta := _byline(segment):
        return meta
    published = _date(segment)
    # A bare year is too weak: "2000" alone is as likely a kick-off time as a date.
    if published and len(published) > len("YYYY"):
        return LineMeta(published=published, rank=RANK_BARE)
    return None


def parse_meta_line(line: str, *, edge: bool = True) -> LineMeta | None:
    """What a metadata line states, or ``None`` when the line is not (wholly) metadata.

    ``edge`` says the line is near the start or end of the article: only there are bare dates
    and "By ..." bylines trusted; labelled lines ("Published: ...", "Source: ...") count anywhere.
    """
    if len(line) > MAX_META_LINE:
        return None
    meta = LineMeta()
    for segment in _SEGMENT_SPLIT.split(line.strip()):
        found = _segment(segment, edge=edge)
        if found is None:
            return None
        meta.merge(found)
    return meta


def bio_name(line: str) -> str | None:
    """The person an author note such as "Andrew Hammond is an Associate at ..." is about."""
    match = _BIO.fullmatch(line)
    if not match:
        return None
    found = names(match["name"])
    # one person with at least a first and a last name
    return found if found and "," not in found and " " in found else None


def title_from_line(line: str) -> str | None:
    """The line as a title when it reads like a headline: short and not ending like a sentence.

    A leading section tag such as ``[Analytics]`` is left out of the title.
    """
    title = _KICKER.sub("", line, count=1).strip() if line.startswith("[") else line.strip()
    if not title or len(title) > MAX_TITLE:
        return None
    if title[-1] in ".,;:" and not _ABBREVIATION_END.search(title[-6:]):
        return None
    return title
