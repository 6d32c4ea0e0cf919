"""Rule-based sentence splitting over the tokenizer's output.

The statistical parser is the expensive part of spaCy; splitting with rules lets detente parse
only the sentences that can hold an event or a fact. Paragraph breaks (newlines) always end a
sentence; '.', '!' and '?' end one when the next word can start a sentence.
"""

from __future__ import annotations

from spacy.tokens import Doc

from detente.schemas import Sentence

_ENDS = {".", "!", "?", "…", "...", "?!", "!?"}
_CLOSERS = {'"', "'", "”", "’", ")", "]", "»"}


def split_sentences(tokens: Doc, doc_id: str, captions: list[tuple[int, int]] = ()) -> list[Sentence]:
    """Sentences of a tokenized text, with character spans into the text.

    ``captions`` are the character ranges of photo captions: a sentence inside one is marked.
    """
    text = tokens.text
    spans: list[tuple[int, int]] = []
    start_tok: int | None = None
    n = len(tokens)
    i = 0
    while i < n:
        tok = tokens[i]
        if tok.is_space:
            if "\n" in tok.text and start_tok is not None:
                spans.append((start_tok, i))
                start_tok = None
            i += 1
            continue
        if start_tok is None:
            start_tok = i
        if tok.text in _ENDS or (tok.text.endswith((".", "!", "?")) and len(tok.text) > 1 and tok.is_punct):
            j = i + 1
            while j < n and tokens[j].text in _CLOSERS:
                j += 1
            nxt = next((t for t in tokens[j:] if not t.is_space), None)
            if (
                nxt is None
                or _can_start(nxt.text)
                or "\n" in tokens[j - 1].whitespace_ + (tokens[j].text if j < n else "")
            ):
                spans.append((start_tok, j))
                start_tok = None
                i = j
                continue
        i += 1
    if start_tok is not None:
        spans.append((start_tok, n))
    sentences = []
    for s, e in spans:
        while e > s and tokens[e - 1].is_space:
            e -= 1
        if e <= s:
            continue
        cs, ce = tokens[s].idx, tokens[e - 1].idx + len(tokens[e - 1])
        is_caption = any(a <= cs and ce <= b for a, b in captions)
        sentences.append(Sentence(doc_id, len(sentences), cs, ce, text[cs:ce], is_caption))
    return sentences


def _can_start(word: str) -> bool:
    first = word[0]
    return first.isupper() or first.isdigit() or first in "\"'“‘([«"
