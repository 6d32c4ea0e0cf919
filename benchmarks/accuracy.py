#!/usr/bin/env python3
"""Accuracy benchmark: how well detente codes events and actors on public gold data.

Prints figures only (no pass/fail). Run from the repository root:

    .venv/bin/python benchmarks/accuracy.py [--only seeds,plover,petrarch,conflibert] [--limit N]
        [--shared ../shared] [--write docs/accuracy.md]

Parts: the five seed articles scored by the shared ``score.py``; PLOVER's 322 example codings
(event type); PETRARCH-2's validation records with their own actor dictionary (source, target,
code triples); ConfliBERT's sentences (QuadClass, actor spans). ``benchmarks/README.md`` says what
each figure means.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rich import box
from rich.console import Console
from rich.progress import track
from rich.table import Table

from datasets import (
    CONFLIBERT_CLASS_NAMES,
    CONFLIBERT_CLASSES,
    CONFLIBERT_SPANS,
    DEFAULT_SHARED,
    PETRARCH_ACTORS,
    PETRARCH_RECORDS,
    PETRARCH_XML,
    PLOVER_GSR,
    PLOVER_MAPPING,
    REPO,
    ClassRow,
    Span,
    SpanSentence,
    load_conflibert_classes,
    load_conflibert_spans,
    load_petrarch,
    load_plover,
)
from detente.pipeline import Pipeline, extract_text
from detente.schemas import EVENT_TYPES, ActorMention, Event, quad_class_of

# Piped output gets the width of a wide terminal rather than rich's 80 columns, so tables stay whole.
console = Console(width=None if sys.stdout.isatty() else 110)
progress_console = Console(stderr=True)  # progress bars on stderr, so piped figures stay clean


# --- output: sections of notes and tables, for the terminal and for Markdown --------------------


@dataclass
class Section:
    """One part's figures: notes and tables, printed to the terminal and written as Markdown."""

    title: str
    blocks: list[str | Table] = field(default_factory=list)
    records: int = 0  # documents run through the pipeline, for the time per record
    seconds: float = 0.0

    def note(self, text: str) -> None:
        """A paragraph of explanation."""
        self.blocks.append(text)

    def table(self, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
        """A table whose first column is a label and the others right-aligned figures."""
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        for i, column in enumerate(columns):
            table.add_column(column, justify="left" if i == 0 else "right")
        for row in rows:
            table.add_row(*(str(cell) for cell in row))
        self.blocks.append(table)

    def timing(self) -> str:
        """How long the part took, in all and per document."""
        text = f"time: {self.seconds:.1f} s"
        if self.records:
            text += f" ({1000 * self.seconds / self.records:.1f} ms per document, {self.records} documents)"
        return text


def print_section(section: Section) -> None:
    """The section on the terminal: a rule with its title, then its notes and tables."""
    console.rule(section.title, align="left")
    for block in section.blocks:
        if isinstance(block, str):
            console.print(block, markup=False, highlight=False)
        else:
            console.print(block)
    console.print(section.timing(), style="dim", highlight=False)
    console.print()


def markdown(sections: list[Section], header: list[str]) -> str:
    """The sections as a Markdown document; rich renders the tables as pipe tables."""
    out = io.StringIO()
    out.write("# detente accuracy\n\n")
    out.write("Figures from `benchmarks/accuracy.py`; `benchmarks/README.md` explains them.\n\n")
    out.write("\n".join(header) + "\n\n")
    for section in sections:
        out.write(f"## {section.title}\n\n")
        for block in section.blocks:
            if isinstance(block, str):
                out.write(block + "\n\n")
                continue
            block.box = box.MARKDOWN
            rendered = io.StringIO()
            Console(file=rendered, width=250, color_system=None, force_terminal=False).print(block)
            lines = [line.rstrip() for line in rendered.getvalue().splitlines()]
            out.write("\n".join(line for line in lines if line) + "\n\n")
        out.write(f"_{section.timing()}_\n\n")
    return out.getvalue()


# --- figures ---------------------------------------------------------------------------------------


def fmt(value: float | None) -> str:
    """A score as a table cell: three decimals, or a dash when undefined."""
    return "—" if value is None else f"{value:.3f}"


def scores(hits: int, gold: int, predicted: int) -> tuple[float | None, float | None, float | None]:
    """Precision, recall and F1; None where a denominator is zero.

    F1 is 2·hits / (gold + predicted), which is 0 rather than undefined when nothing was predicted.
    """
    p = hits / predicted if predicted else None
    r = hits / gold if gold else None
    f = 2 * hits / (gold + predicted) if gold + predicted else None
    return p, r, f


def prf(hits: int, gold: int, predicted: int) -> list[str]:
    """Precision, recall and F1 as table cells."""
    return [fmt(x) for x in scores(hits, gold, predicted)]


def share(part: int, whole: int) -> str:
    """'part/whole (percent)', or a dash when there is no whole."""
    return f"{part}/{whole} ({part / whole:.1%})" if whole else "—"


def top_event(events: list[Event]) -> Event | None:
    """The highest-confidence event (the first of equals), the one a sentence-level label scores."""
    return max(events, key=lambda e: e.confidence) if events else None


class Runner:
    """``extract_text`` over many records, counting failures instead of stopping at the first.

    A record that raises counts as one where nothing was found; the section says how many did.
    """

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline
        self.failures = 0
        self.first_failure = ""

    def events(self, text: str, doc_id: str, published: str | None = None) -> list[Event]:
        """The events detente extracts from one text; none when the pipeline raises."""
        try:
            result = extract_text(text, doc_id=doc_id, published=published, pipeline=self.pipeline)
        except Exception as exc:  # a benchmark reports a broken record and goes on
            self.failures += 1
            self.first_failure = self.first_failure or f"{doc_id}: {type(exc).__name__}: {exc}"
            return []
        return result.events

    def report(self, section: Section) -> None:
        """Add a note on failed documents to the section, if any failed."""
        if self.failures:
            section.note(
                f"{self.failures} documents raised and count as predicting nothing; the first: {self.first_failure}"
            )


def progress(items: Sequence, description: str) -> Iterable:
    """Items with a progress bar that vanishes when done and stays away from non-terminals."""
    quiet = not progress_console.is_terminal
    return track(items, description, console=progress_console, transient=True, disable=quiet)


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two half-open ranges share a position."""
    return a[0] < b[1] and b[0] < a[1]


# --- 1. seed articles ------------------------------------------------------------------------------


def seeds(shared: Path, limit: int | None) -> Section:
    """``detente extract examples/articles`` through the CLI, scored by the shared score.py."""
    section = Section("Seed articles: detente extract + eval/score.py")
    articles = REPO / "examples" / "articles"
    gold = shared / "eval" / "seeds.gold.json"
    # The CLI is the documented path; the one beside this interpreter belongs to this environment.
    detente = Path(sys.executable).with_name("detente")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "seeds.jsonl"
        extract = [str(detente), "extract", str(articles), "--out", str(out)]
        run = subprocess.run(extract, cwd=REPO, capture_output=True, text=True, check=False)
        problems = run.stderr.strip().splitlines() or ["no message"]
        # Exit 2 means some input was skipped; the export of the others is still written and scored.
        if run.returncode not in (0, 2) or not out.exists():
            section.note(f"not scored: `detente extract` exited with {run.returncode}: {problems[-1]}")
            return section
        if run.returncode == 2:
            section.note(f"`detente extract` skipped some input (exit 2): {'; '.join(problems[:5])}")
        scorer = [sys.executable, str(shared / "eval" / "score.py"), "--gold", str(gold), "--pred", str(out)]
        score = subprocess.run([*scorer, "--json"], capture_output=True, text=True, check=True)
    totals = json.loads(score.stdout.strip().splitlines()[-1])
    section.records = len(list(articles.glob("*.txt")))
    section.table(
        ["", "precision", "recall", "F1", "hits", "gold", "predicted"],
        [
            [kind, fmt(t["precision"]), fmt(t["recall"]), fmt(t["f1"]), t["hits"], t["gold"], t["predicted"]]
            for kind, t in totals.items()
        ],
    )
    section.note(
        f"`detente extract examples/articles --out FILE`, then `score.py --gold {gold.name} --pred FILE` "
        "(matching rules: eval/GUIDELINES.md). Time includes the CLI's start-up and model loading."
        + (" --limit does not apply to the five seed articles." if limit else "")
    )
    return section


# --- 2. PLOVER gold-standard records ------------------------------------------------------------


def plover(shared: Path, limit: int | None) -> Section:
    """Event type per record: the gold type against the set and the top of the predicted types."""
    section = Section("PLOVER example codings (PLOVER_GSR_CAMEO.json): event type")
    records = load_plover(shared / PLOVER_GSR)[:limit]
    section.records = len(records)
    runner = Runner(Pipeline())
    gold_n: Counter[str] = Counter()
    predicted_n: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    exact = no_event = 0
    actors = {"source": [0, 0], "target": [0, 0]}  # [overlapping, records with a locatable gold actor]
    for record in progress(records, "PLOVER"):
        events = runner.events(record.text, record.id, record.date)
        types = {e.event_type for e in events}
        gold_n[record.gold_type] += 1
        predicted_n.update(types)
        hits[record.gold_type] += record.gold_type in types
        top = top_event(events)
        no_event += top is None
        exact += top is not None and top.event_type == record.gold_type
        # Actor spans count only on events of the gold type: an actor of another event is no hit.
        matching = [e for e in events if e.event_type == record.gold_type]
        for role, gold_actors, mentions in (
            ("source", record.sources, [m for e in matching for m in e.source]),
            ("target", record.targets, [m for e in matching for m in e.target]),
        ):
            spans = [s for actor in gold_actors for s in actor.spans]
            if spans:
                actors[role][1] += 1
                actors[role][0] += any(overlaps((m.start, m.end), s) for m in mentions for s in spans)
    runner.report(section)

    counts = {t: (hits[t], gold_n[t], predicted_n[t]) for t in EVENT_TYPES}
    counts["micro"] = (hits.total(), gold_n.total(), predicted_n.total())
    section.table(
        ["type", "gold", "predicted", "hits", "precision", "recall", "F1"],
        [[t, g, p, h, *prf(h, g, p)] for t, (h, g, p) in counts.items()],
    )
    n = len(records)
    section.table(
        ["record level", "records"],
        [
            ["gold type among the predicted types", share(hits.total(), n)],
            ["exact: top predicted type == gold type", share(exact, n)],
            ["no event predicted", share(no_event, n)],
            ["source actor span overlaps the gold source", share(*actors["source"])],
            ["target actor span overlaps the gold target", share(*actors["target"])],
        ],
    )
    corrected = [r.id for r in records if r.corrected]
    section.note(
        "Each record is one sentence with one gold event. Per type: 'predicted' counts the records in "
        "which the type was predicted at all, 'hits' those whose gold type it is; so precision is hurt by "
        "extra events a sentence may legitimately hold (the gold codes only one). "
        f"Gold types: the records' PLOVER 0.5 categories mapped by {PLOVER_MAPPING.relative_to(REPO)} "
        "(DEMAND -> REQUEST, DISAPPROVE and INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT)"
        + (f"; corrected there: {', '.join(corrected)}." if corrected else ".")
        + " Actor overlap: among records whose gold actor text can be found in the sentence, those where "
        "an event of the gold type has a mention overlapping it (character spans)."
    )
    return section


# --- 3. PETRARCH-2 validation records ----------------------------------------------------------


def state(code: str | None) -> str:
    """An actor code cut to its state: PETRARCH's ``ARNGOV`` -> ``ARN``; no code -> ``---``."""
    return (code or "---")[:3].upper()


def keyed(triples: Iterable[tuple[str, str, str]]) -> dict[str, set]:
    """(source, target, CAMEO root) triples at each level of comparison."""
    triples = list(triples)
    return {
        "CAMEO root": set(triples),
        "QuadClass": {(s, t, quad_class_of(root)) for s, t, root in triples},
        "CAMEO root, no actors": {root for _, _, root in triples},
    }


def predicted_triples(events: list[Event]) -> Iterable[tuple[str, str, str]]:
    """(source state, target state, CAMEO root) for every source-target pair of every event."""

    def codes(mentions: list[ActorMention]) -> list[str]:
        return [state(m.code) for m in mentions] or ["---"]

    for e in events:
        for s in codes(e.source):
            for t in codes(e.target):
                yield s, t, e.cameo_root[:2]
                if e.symmetric:
                    yield t, s, e.cameo_root[:2]


def petrarch_registry(actors: Path, folder: Path) -> tuple[list[Path], str]:
    """The validation suite's own actor dictionary, imported into ``folder`` as detente YAML."""
    try:
        from detente.actors.petrarch import import_petrarch_actors, write_yaml
    except ImportError as exc:
        return [], f"NOT loaded ({exc}), so the toy actors (Arnor, Gondor...) cannot be recognised"
    write_yaml(import_petrarch_actors(actors), folder)
    return [folder], f"{actors.name}, imported and passed as Pipeline(registry=[...])"


def petrarch(shared: Path, limit: int | None) -> Section:
    """Set of coded (source, target, code) triples per record against the expected set."""
    section = Section("PETRARCH-2 validation records: (source, target, code) triples")
    loaded = load_petrarch(shared / PETRARCH_RECORDS, shared / PETRARCH_XML)
    # The suite's own runs skip the records it marks evaluate="false"; so does this one.
    records = [r for r in loaded if r.evaluate][:limit]
    section.records = len(records)
    levels = list(keyed([]))
    passed: Counter[str] = Counter()
    tp: Counter[str] = Counter()
    gold_n: Counter[str] = Counter()
    predicted_n: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        registry, registry_note = petrarch_registry(shared / PETRARCH_ACTORS, Path(tmp))
        runner = Runner(Pipeline(registry=registry))
        for record in progress(records, "PETRARCH"):
            events = runner.events(record.text, record.id, record.date)
            gold = keyed((state(t.source), state(t.target), t.code[:2]) for t in record.expected)
            predicted = keyed(predicted_triples(events))
            for level in levels:
                passed[level] += gold[level] == predicted[level]
                tp[level] += len(gold[level] & predicted[level])
                gold_n[level] += len(gold[level])
                predicted_n[level] += len(predicted[level])
    runner.report(section)

    n = len(records)
    section.table(
        ["triples at", "records passing", "precision", "recall", "F1", "hits", "gold", "predicted"],
        [
            [level, share(passed[level], n), *prf(h, g, p), h, g, p]
            for level in levels
            for h, g, p in [(tp[level], gold_n[level], predicted_n[level])]
        ],
    )
    expected = [t for r in records for t in r.expected]
    roots = Counter(t.code[:2] for t in expected)
    foreign = sorted(r for r in roots if quad_class_of(r) is None)
    empty = sum(not r.expected for r in records)
    section.note(
        f'{len(records)} records: those of the {len(loaded)} the suite marks evaluate="true". '
        "A record passes when its set of coded triples equals the expected set (the PETRARCH projects' "
        "rule). Actor codes are compared at their first three letters, the state (PETRARCH's ARNGOV -> "
        "ARN), since detente codes states and keeps the sector apart; an actor without a code counts as "
        "'---', PETRARCH's own mark for one. Triples are counted after that cut, so expected triples that "
        "differ only in sector or in the code's third digit count once. Symmetric detente events count in "
        "both directions. "
        "Dates: each record's date is the document's publication date."
    )
    section.note(
        f"Baseline: {share(empty, n)} records expect no event, so coding nothing passes that many at "
        f"every level. Of {len(expected)} expected triples, {roots['01']} have root 01 (comments), which "
        "PLOVER drops and detente does not code"
        + (
            f", and {sum(roots[r] for r in foreign)} carry codes outside CAMEO's 01-20 roots (roots "
            f"{', '.join(foreign)}): the suite's verb dictionary is largely WEIS-based, its header says. "
            "Neither kind can be matched."
            if foreign
            else "."
        )
    )
    section.note(f"Actor dictionary: {registry_note}.")
    return section


# --- 4. ConfliBERT sentences ---------------------------------------------------------------------


def token_span(mention: ActorMention, role: str, sentence: SpanSentence) -> Span | None:
    """A mention's character range as the range of the tokens it touches."""
    touched = [i for i, span in enumerate(sentence.offsets) if overlaps((mention.start, mention.end), span)]
    return Span(role, touched[0], touched[-1] + 1) if touched else None


def compatible(gold: Span, predicted: Span) -> bool:
    """Same role, or a reciprocal gold actor, which may be predicted as either."""
    return gold.role in (predicted.role, "R")


def same_tokens(gold: Span, predicted: Span) -> bool:
    """Exact match: the same first and last token."""
    return (gold.start, gold.end) == (predicted.start, predicted.end)


def shared_token(gold: Span, predicted: Span) -> bool:
    """Lenient match: at least one token in common."""
    return overlaps((gold.start, gold.end), (predicted.start, predicted.end))


def matched(gold: list[Span], predicted: list[Span], same: Callable[[Span, Span], bool]) -> int:
    """Greedy one-to-one matches between gold and predicted spans."""
    free = list(predicted)
    hits = 0
    for g in gold:
        for p in free:
            if compatible(g, p) and same(g, p):
                free.remove(p)
                hits += 1
                break
    return hits


def conflibert(shared: Path, limit: int | None) -> Section:
    """QuadClass of the top event per sentence; its source and target spans against S/T/R spans."""
    section = Section("ConfliBERT sentences: QuadClass and actor spans")
    rows = load_conflibert_classes(shared / CONFLIBERT_CLASSES)[:limit]
    sentences = load_conflibert_spans(shared / CONFLIBERT_SPANS)[:limit]
    section.records = len(rows) + len(sentences)
    runner = Runner(Pipeline())
    quad_classes(rows, runner, section)
    actor_spans(sentences, runner, section)
    runner.report(section)
    return section


def quad_classes(rows: list[ClassRow], runner: Runner, section: Section) -> None:
    """Confusion matrix of the gold class against the QuadClass of the top event (0: no event)."""
    confusion: Counter[tuple[int, int]] = Counter()
    sanctions = 0  # verbal-conflict sentences whose top event is a SANCTION (QuadClass 4 by its CAMEO root)
    for i, row in enumerate(progress(rows, "ConfliBERT classes"), 1):
        top = top_event(runner.events(row.text, f"class-{i}"))
        confusion[row.label, top.quad_class if top else 0] += 1
        sanctions += row.label == 3 and top is not None and top.event_type == "SANCTION"
    classes = list(CONFLIBERT_CLASS_NAMES)
    gold = {c: sum(confusion[c, p] for p in classes) for c in classes}
    predicted = {p: sum(confusion[g, p] for g in classes) for p in classes}
    per_class = {c: scores(confusion[c, c], gold[c], predicted[c]) for c in classes}
    table = [
        [f"{c} {name}", *(confusion[c, p] for p in classes), gold[c], *map(fmt, per_class[c][1:])]
        for c, name in CONFLIBERT_CLASS_NAMES.items()
    ]
    table.append(["predicted", *predicted.values(), len(rows), "", ""])
    table.append(["precision", *(fmt(per_class[c][0]) for c in classes), "", "", ""])
    section.table(["gold \\ predicted", *map(str, classes), "gold", "recall", "F1"], table)
    f1s = [f for _, _, f in per_class.values() if f is not None]
    section.note(
        f"{len(rows)} sentences (cameo_class_train.tsv). QuadClass accuracy: "
        f"{share(sum(confusion[c, c] for c in classes), len(rows))}; macro-F1 over the classes: "
        f"{fmt(sum(f1s) / len(f1s) if f1s else None)}. Predicted class: the QuadClass of the "
        "highest-confidence event, 0 when there is none (class 0 'statement' is CAMEO 01-02: PLOVER drops "
        "statements, 01, and detente codes none; it codes appeals, 02, as REQUEST in verbal cooperation, "
        "which count as errors here). "
        "The classes follow PLOVER's quad categories, which put SANCTION in verbal conflict; "
        "eval/GUIDELINES.md groups by CAMEO root, so detente's sanctions (16) are material conflict: "
        f"{sanctions} of the class-3 sentences count as 4 for that alone."
    )


def actor_spans(sentences: list[SpanSentence], runner: Runner, section: Section) -> None:
    """The top event's source and target mentions against the gold S, T and R spans."""
    counts: Counter[tuple[str, str]] = Counter()  # (row, measure) -> count
    roles = {"source": {"S"}, "target": {"T"}, "all": {"S", "T"}}
    for i, sentence in enumerate(progress(sentences, "ConfliBERT spans"), 1):
        top = top_event(runner.events(sentence.text, f"span-{i}"))
        predicted = set()
        if top:
            for role, mentions in (("S", top.source), ("T", top.target)):
                predicted.update(s for m in mentions if (s := token_span(m, role, sentence)))
        for row, wanted in roles.items():
            gold = [g for g in sentence.spans if g.role in wanted or g.role == "R"]
            pred = sorted((p for p in predicted if p.role in wanted), key=lambda s: (s.start, s.end, s.role))
            counts[row, "gold"] += len(gold)
            counts[row, "predicted"] += len(pred)
            counts[row, "exact"] += matched(gold, pred, same_tokens)
            counts[row, "overlap"] += matched(gold, pred, shared_token)
    table = []
    for row in roles:
        gold, predicted = counts[row, "gold"], counts[row, "predicted"]
        exact, overlap = counts[row, "exact"], counts[row, "overlap"]
        table.append([row, gold, predicted, *prf(exact, gold, predicted), *prf(overlap, gold, predicted)])
    section.table(["actor spans", "gold", "predicted", "exact P", "R", "F1", "overlap P", "R", "F1"], table)
    section.note(
        f"{len(sentences)} tokenised sentences (cameo_ner_train.txt), joined back into running text. "
        "Predicted spans: the source and target mentions of the highest-confidence event, as the tokens "
        "they touch; matched one-to-one, exactly or by any token overlap. The gold spans are whole noun "
        "phrases ('a Swiss court') where detente marks the name ('Swiss'), so exact matches are rare by "
        "design and overlap is the figure to watch. Reciprocal (R) gold spans may be matched by a source "
        "or a target, so they count on both the source and the target row."
    )


# --- driver ----------------------------------------------------------------------------------------

PARTS: dict[str, Callable[[Path, int | None], Section]] = {
    "seeds": seeds,
    "plover": plover,
    "petrarch": petrarch,
    "conflibert": conflibert,
}


def git_commit() -> str:
    """The checked-out commit, flagged when the working tree differs from it."""

    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True).stdout.strip()

    commit = git("rev-parse", "HEAD") or "unknown"
    return commit + (" (with uncommitted changes)" if git("status", "--porcelain") else "")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command-line options, checked."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only", default=",".join(PARTS), help=f"comma-separated parts to run (default: {','.join(PARTS)})"
    )
    parser.add_argument("--limit", type=int, help="score only the first N records of each data set")
    parser.add_argument(
        "--shared", type=Path, default=DEFAULT_SHARED, help="the shared data folder (default: ../shared)"
    )
    parser.add_argument("--write", type=Path, metavar="FILE", help="also write the figures there, in Markdown")
    args = parser.parse_args(argv)
    args.only = [part.strip() for part in args.only.split(",") if part.strip()]
    unknown = [part for part in args.only if part not in PARTS]
    if unknown:
        parser.error(f"unknown part(s) {', '.join(unknown)}; choose from {', '.join(PARTS)}")
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the chosen parts, print their figures and optionally write them; 1 if a part crashed."""
    args = parse_args(argv)
    python = Path(sys.executable)
    if python.is_relative_to(REPO):
        python = python.relative_to(REPO)
    command = shlex.join([str(python), "benchmarks/accuracy.py", *(sys.argv[1:] if argv is None else argv)])
    header = [
        f"- command (from the repository root): `{command}`",
        f"- date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        f"- commit: {git_commit()}",
        f"- shared data: {os.path.relpath(args.shared, REPO)}",
    ]
    console.print("\n".join(line.removeprefix("- ").replace("`", "") for line in header), highlight=False)
    console.print()

    sections = []
    failed = False
    for name in args.only:
        start = time.perf_counter()
        try:
            section = PARTS[name](args.shared, args.limit)
        except Exception as exc:  # one broken part should not hide the others' figures
            console.print_exception()
            section = Section(name, [f"failed: {type(exc).__name__}: {exc}"])
            failed = True
        section.seconds = time.perf_counter() - start
        print_section(section)
        sections.append(section)

    if args.write:
        args.write.parent.mkdir(parents=True, exist_ok=True)
        args.write.write_text(markdown(sections, header), encoding="utf-8")
        console.print(f"written to {args.write}", highlight=False)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
