"""Plain-text cleaning: normalised paragraphs, page furniture removed, metadata lines read.

The clean text has one paragraph per line, lines joined by ``"\\n"``, no blank lines and single
spaces inside lines. Cleaning is idempotent: cleaning clean text returns it unchanged, because the
line filters run until none of them removes anything more.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from detente.ingest.metadata import LineMeta, bio_name, parse_meta_line, title_from_line
from detente.ingest.rules import CleaningRules

# Characters with no visible text: control characters that are not whitespace, format
# characters (zero-width spaces and joiners, soft hyphens, bidi marks, BOMs), surrogates and
# private-use code points (icon fonts in scraped pages).
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u180e"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\ud800-\udfff\ue000-\uf8ff\U000e0001\U000e0020-\U000e007f\U000f0000-\U0010ffff]"
)
HEAD_LINES = 10  # bylines and bare date lines are trusted only this near the start ...
TAIL_LINES = 3  # ... or the end of the article
MIN_DUPLICATE = 20  # a line repeated exactly is dropped from this length on
MIN_PULL_QUOTE = 40  # a line contained in a longer one (a pull quote) from this length on
PULL_QUOTE_WINDOW = 30  # ... when the longer line is at most this many lines away
_QUOTE_END = " .,;:!?…\"'“”‘’»«"


@dataclass(slots=True)
class CleanText:
    """The result of cleaning: text, caption ranges, and what the text said about itself."""

    text: str
    captions: list[tuple[int, int]] = field(default_factory=list)
    title: str | None = None
    meta: LineMeta = field(default_factory=LineMeta)


def normalise_lines(text: str) -> list[str]:
    """Non-empty lines of ``text`` with invisible characters removed, Unicode in NFC and
    whitespace collapsed to single spaces."""
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", text))
    lines = (" ".join(raw.split()) for raw in text.splitlines())
    return [line for line in lines if line]


def _cut_footer(lines: list[str], rules: CleaningRules) -> list[str]:
    total = sum(len(line) + 1 for line in lines)
    position = 0
    for i, line in enumerate(lines):
        # A marker in the first half is more likely a share bar above the article.
        if 2 * position >= total and rules.is_footer(line):
            return lines[:i]
        position += len(line) + 1
    return lines


def _take_meta_lines(lines: list[str], meta: LineMeta) -> list[str]:
    # A line holding only a name is a byline when an author note at the end is about that
    # person ("Andrew Hammond" ... "Andrew Hammond is an Associate at ..."); the note stays.
    authors = {name for line in lines[-TAIL_LINES:] if (name := bio_name(line))}
    kept = []
    for i, line in enumerate(lines):
        if line in authors:
            meta.merge(LineMeta(author=line))
            continue
        edge = i < HEAD_LINES or i >= len(lines) - TAIL_LINES
        found = parse_meta_line(line, edge=edge)
        if found is None:
            kept.append(line)
        else:
            meta.merge(found)
    return kept


def _core(line: str) -> str:
    return line.strip(_QUOTE_END)


def _drop_repeats(lines: list[str]) -> list[str]:
    """Drop exact repeats of earlier lines and pull quotes (lines contained in a longer line
    nearby; pull quotes sit close to the paragraph they quote, and the window keeps this linear).

    The first line (the headline, when there is one) is never dropped as a repeat.
    """
    seen: set[str] = set()
    kept = []
    for i, line in enumerate(lines):
        if i and len(line) >= MIN_DUPLICATE and line in seen:
            continue
        core = _core(line)
        if i and len(core) >= MIN_PULL_QUOTE:
            nearby = lines[max(0, i - PULL_QUOTE_WINDOW) : i + PULL_QUOTE_WINDOW + 1]
            if any(len(other) > len(line) and core in other for other in nearby):
                continue
        seen.add(line)
        kept.append(line)
    return kept


def _headline(lines: list[str], rules: CleaningRules) -> str | None:
    for line in lines:
        if not rules.is_caption(line):
            return title_from_line(line)
    return None


def _drop_repeated_title(lines: list[str], title: str | None) -> list[str]:
    if not title:
        return lines
    wanted = title.casefold()

    def is_title(line: str) -> bool:
        return line.casefold() == wanted or (title_from_line(line) or "").casefold() == wanted

    return lines[:1] + [line for line in lines[1:] if not is_title(line)]


def clean_text(text: str, *, rules: CleaningRules, title: str | None = None) -> CleanText:
    """Clean article text: normalise it, cut the page footer, take out metadata lines (keeping
    their values), remove boilerplate, repeated lines and repeated titles, and mark captions.

    ``title`` is the title when the input states it apart from the text; otherwise the first
    line is the title when it reads like one.
    """
    meta = LineMeta()
    lines = normalise_lines(text)
    headline = title
    while True:
        before = len(lines)
        lines = _cut_footer(lines, rules)
        lines = _take_meta_lines(lines, meta)
        lines = [line for line in lines if not rules.is_boilerplate(line)]
        lines = _drop_repeats(lines)
        headline = title or _headline(lines, rules)
        lines = _drop_repeated_title(lines, headline)
        if len(lines) == before:
            break
    captions = []
    start = 0
    for line in lines:
        if rules.is_caption(line):
            captions.append((start, start + len(line)))
        start += len(line) + 1
    return CleanText(text="\n".join(lines), captions=captions, title=headline, meta=meta)
