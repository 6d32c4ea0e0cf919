"""Language identification of clean text with py3langid."""

from __future__ import annotations

from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

ENGLISH = "en"
# Below this many characters the identifier guesses too often to reject a document on its word.
MIN_CHARS = 200
# Only a confident verdict for another language counts: terse English (tables of figures,
# wire-service shorthand) often comes out as 'zxx' (no linguistic content) or 'pcm' (Nigerian
# Pidgin, English-based) with a low probability.
MIN_PROBABILITY = 0.9
_NOT_EVIDENCE = frozenset({"zxx", "pcm"})


@cache
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float] | None:
    """ISO 639 code and probability of the text's most likely language; ``None`` when the text
    is shorter than ``MIN_CHARS`` and cannot be judged."""
    if len(text) < MIN_CHARS:
        return None
    lang, prob = _identifier().classify(text)
    return str(lang), float(prob)


def document_language(text: str) -> str:
    """The text's language code: another language only when py3langid is confident of it,
    otherwise English (the language detente reads)."""
    found = detect_language(text)
    if found is None:
        return ENGLISH
    lang, prob = found
    if lang in _NOT_EVIDENCE or prob < MIN_PROBABILITY:
        return ENGLISH
    return lang
