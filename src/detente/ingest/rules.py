"""Cleaning rules as data: the packaged pattern files plus any files a user adds.

Each file holds one Python regular expression per line, matched against a whole line of text
(``re.fullmatch``) after whitespace normalisation, case-insensitively (``(?-i:...)`` makes a part
case-sensitive). Blank lines and lines starting with ``#`` are ignored.

- ``boilerplate.txt``: lines removed from the text (share widgets, disclaimers, editor's notes).
- ``captions.txt``: photo captions and credits, kept in the text and recorded in
  ``Document.captions``.
- ``footers.txt``: markers such as "Recent Posts" after which the rest of the page is navigation;
  the text is cut there when the marker lies in the second half of the article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

KINDS = ("boilerplate", "captions", "footers")


def load_patterns(text: str, *, origin: str) -> list[re.Pattern[str]]:
    """Compile the patterns of one rule file; ``origin`` names it in error messages."""
    patterns = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            patterns.append(re.compile(line, re.IGNORECASE))
        except re.error as err:
            raise ValueError(f"{origin}:{number}: bad regular expression: {err}") from err
    return patterns


def _matches(patterns: Sequence[re.Pattern[str]], line: str) -> bool:
    return any(p.fullmatch(line) for p in patterns)


@dataclass(frozen=True, slots=True)
class CleaningRules:
    """The line patterns the cleaner uses (see the module docstring for the file format)."""

    boilerplate: tuple[re.Pattern[str], ...]
    captions: tuple[re.Pattern[str], ...]
    footers: tuple[re.Pattern[str], ...]

    def is_boilerplate(self, line: str) -> bool:
        """True when the line is page furniture to remove."""
        return _matches(self.boilerplate, line)

    def is_caption(self, line: str) -> bool:
        """True when the line is a photo caption or credit."""
        return _matches(self.captions, line)

    def is_footer(self, line: str) -> bool:
        """True when the line marks the start of the page footer."""
        return _matches(self.footers, line)

    @classmethod
    def load(
        cls,
        *,
        boilerplate: Iterable[str | Path] = (),
        captions: Iterable[str | Path] = (),
        footers: Iterable[str | Path] = (),
    ) -> CleaningRules:
        """The packaged rules extended with the patterns in the given user files."""
        default = default_rules()
        extra = {}
        for kind, paths in zip(KINDS, (boilerplate, captions, footers), strict=True):
            found: list[re.Pattern[str]] = []
            for path in paths:
                found += load_patterns(Path(path).read_text(encoding="utf-8"), origin=str(path))
            extra[kind] = tuple(found)
        return cls(
            boilerplate=default.boilerplate + extra["boilerplate"],
            captions=default.captions + extra["captions"],
            footers=default.footers + extra["footers"],
        )


@cache
def default_rules() -> CleaningRules:
    """The rules shipped in this package's ``boilerplate.txt``, ``captions.txt``, ``footers.txt``."""
    folder = resources.files("detente.ingest")
    loaded = {
        kind: tuple(load_patterns((folder / f"{kind}.txt").read_text(encoding="utf-8"), origin=f"{kind}.txt"))
        for kind in KINDS
    }
    return CleaningRules(**loaded)
