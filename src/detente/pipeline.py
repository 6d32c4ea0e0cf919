"""The ordered stages and the run loop: Document -> DocResult.

1. tokenize the whole text (cheap) and split it into sentences with rules;
2. find registry actors with the PhraseMatcher and resolve them in context (dates, titles, surnames);
3. parse only the sentences that can hold an event or a fact (an actor and a trigger word or a
   number): the statistical parser is most of spaCy's cost;
4. keep named people and organisations the registry lacks as unresolved actors (NER of parsed
   sentences);
5. code events, merge their mentions, extract facts.
Each stage is a function of its inputs; nothing here touches the store.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from detente.actors.matcher import ActorMatcher
from detente.actors.registry import Registry, load_registry
from detente.actors.resolve import MentionResolver, confirm_sentence_initial
from detente.events.coder import EventCoder
from detente.events.dates import report_date
from detente.events.lexicon import Lexicon, load_lexicon
from detente.events.merge import merge_events
from detente.facts import extract_facts
from detente.ingest import content_hash
from detente.nlp.model import load_model
from detente.nlp.sentences import split_sentences
from detente.parallel import PipelineSpec, process_parallel
from detente.schemas import ActorMention, DocResult, Document, Sentence

_DIGIT = re.compile(r"\d")
_UNRESOLVED_LABELS = {"PERSON", "ORG"}
_CONTEXT_WORDS = {"he", "she", "they", "both", "two", "it", "his", "her", "their", "its"}


@dataclass(slots=True)
class _Prepared:
    document: Document
    sentences: list[Sentence]
    mentions: list[ActorMention]
    to_parse: list[int]
    sentence_initial: dict[int, ActorMention]  # surnames opening a sentence, as their person


class Pipeline:
    """Runs every extraction stage over documents.

    ``registry`` adds user actor files or folders to the shipped registry, ``lexicon`` user
    event-lexicon files to the shipped lexicon; ``model`` names a spaCy pipeline.
    """

    def __init__(
        self, registry: Iterable[str | Path] = (), model: str | None = None, lexicon: Iterable[str | Path] = ()
    ) -> None:
        registry, lexicon = tuple(registry), tuple(lexicon)
        self.spec = PipelineSpec(registry, model, lexicon)  # how worker processes build the same pipeline
        self.registry: Registry = load_registry(registry)
        self.lexicon: Lexicon = load_lexicon(lexicon)
        self.nlp = load_model(model)
        self.matcher = ActorMatcher(self.registry, self.nlp)
        self.resolver = MentionResolver(self.registry)
        self.coder = EventCoder(self.lexicon)
        self._forms = self.lexicon.trigger_forms

    # -- stages --------------------------------------------------------------------------------
    def prepare(self, document: Document) -> _Prepared:
        """Tokenize, split, match and resolve actors, and choose the sentences to parse."""
        tokens = self.nlp.make_doc(document.text)
        sentences = split_sentences(tokens, document.doc_id, document.captions)
        matches = self.matcher.find(tokens)
        mentions = self.resolver.resolve(tokens, matches, sentences, document.doc_id, document.published)
        with_actor = {m.sentence for m in mentions}
        to_parse = []
        for s in sentences:
            words = {w.lower() for w in re.findall(r"[\w'’-]+", s.text)}
            # Every figure can be a fact (its actors may come from context); an event needs a trigger
            # word and an actor, named or referred to.
            has_trigger = not self._forms.isdisjoint(words)
            if _DIGIT.search(s.text) or (
                has_trigger and (s.index in with_actor or not _CONTEXT_WORDS.isdisjoint(words))
            ):
                to_parse.append(s.index)
        return _Prepared(document, sentences, mentions, to_parse, self.resolver.sentence_initial)

    def finish(self, prepared: _Prepared, parses: dict[int, Doc]) -> DocResult:
        """Unresolved actors, events and facts from the parsed sentences."""
        document, sentences = prepared.document, prepared.sentences
        mentions = confirm_sentence_initial(prepared.mentions, prepared.sentence_initial, sentences, parses)
        mentions = mentions + _unresolved(document.doc_id, sentences, parses, mentions)
        mentions.sort(key=lambda m: (m.start, m.end))
        events = self.coder.code(document, sentences, parses, mentions)
        events = merge_events(events, report_date(document.published, sentences))
        facts = extract_facts(document, sentences, parses, mentions)
        return DocResult(document=document, sentences=sentences, mentions=mentions, events=events, facts=facts)

    # -- running -------------------------------------------------------------------------------
    def process_one(self, document: Document) -> DocResult:
        """Extract everything from one document."""
        return next(self.process([document]))

    def process(self, documents: Iterable[Document], batch_size: int = 16, workers: int = 1) -> Iterator[DocResult]:
        """Extract everything from each document, in input order, streaming batch by batch.

        ``workers`` > 1 runs whole documents in that many processes (``detente.parallel``), with
        the same results in the same order.
        """
        if workers > 1:
            yield from process_parallel(self, documents, batch_size, workers)
            return
        batch: list[_Prepared] = []
        for document in documents:
            batch.append(self.prepare(document))
            if len(batch) >= batch_size:
                yield from self._run(batch)
                batch = []
        if batch:
            yield from self._run(batch)

    def _run(self, batch: list[_Prepared]) -> Iterator[DocResult]:
        texts = [(p.sentences[i].text, (n, i)) for n, p in enumerate(batch) for i in p.to_parse]
        parses: list[dict[int, Doc]] = [{} for _ in batch]
        pipe = self.nlp.pipe(texts, as_tuples=True, batch_size=64)
        for parse, (n, i) in pipe:
            parses[n][i] = parse
        for prepared, parsed in zip(batch, parses, strict=True):
            yield self.finish(prepared, parsed)


def _unresolved(
    doc_id: str, sentences: list[Sentence], parses: dict[int, Doc], known: list[ActorMention]
) -> list[ActorMention]:
    """Named people and organisations the registry lacks, kept with their text."""
    out = []
    for index, parse in parses.items():
        base = sentences[index].start
        for ent in parse.ents:
            if ent.label_ not in _UNRESOLVED_LABELS:
                continue
            start, end = base + ent.start_char, base + ent.end_char
            if any(m.start < end and start < m.end for m in known):
                continue
            out.append(
                ActorMention(
                    doc_id=doc_id,
                    sentence=index,
                    start=start,
                    end=end,
                    text=ent.text,
                    code=None,
                    kind="unresolved",
                    how="ner",
                    sector="PER" if ent.label_ == "PERSON" else None,
                )
            )
    return out


def extract_text(
    text: str,
    *,
    doc_id: str = "doc",
    published: str | None = None,
    title: str | None = None,
    pipeline: Pipeline | None = None,
) -> DocResult:
    """Run the pipeline on one piece of text (convenience for notebooks, tests and benchmarks)."""
    document = Document(doc_id=doc_id, text=text, title=title, published=published, content_hash=content_hash(text))
    return (pipeline or default_pipeline()).process_one(document)


_DEFAULT: Pipeline | None = None


def default_pipeline() -> Pipeline:
    """A process-wide pipeline with the shipped registry and lexicon (built on first use)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Pipeline()
    return _DEFAULT
