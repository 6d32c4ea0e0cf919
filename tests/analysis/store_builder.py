"""Hand-made documents for the analysis tests: every event and figure is written out, so every
count a test expects can be checked by reading the test."""

from __future__ import annotations

import calendar
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from detente.schemas import ActorMention, DateValue, DocResult, Document, Event, Fact, Sentence

QUAD = {"CONSULT": 1, "AGREE": 1, "SUPPORT": 1, "COOPERATE": 2, "AID": 2, "ACCUSE": 3, "THREATEN": 3,
        "REJECT": 3, "SANCTION": 4, "ASSAULT": 4, "COERCE": 4}  # fmt: skip
ROOT = {1: "04", 2: "06", 3: "11", 4: "19"}
INTENSITY = {1: 1.0, 2: 6.0, 3: -2.0, 4: -10.0}


@dataclass
class Ev:
    """One event to write: ``src`` and ``tgt`` are codes, or "text:Name" for an unresolved actor."""

    type: str
    src: str
    tgt: str
    date: str | None = None  # ISO day or month; None: the document's date counts
    symmetric: bool = False
    status: str = "occurred"


@dataclass
class Fig:
    """One figure to write."""

    measure: str
    value: float
    subject: str
    partner: str
    period: str | None = "2017"
    text: str = ""


def _mention(doc_id: str, sentence: int, start: int, who: str) -> ActorMention:
    if who.startswith("text:"):
        name = who[5:]
        return ActorMention(doc_id, sentence, start, start + len(name), name, None, "unresolved")
    return ActorMention(doc_id, sentence, start, start + len(who), who, who, "state", actor_id=who)


def _date(value: str | None) -> DateValue | None:
    if value is None:
        return None
    if len(value) == 7:
        y, m = map(int, value.split("-"))
        last = calendar.monthrange(y, m)[1]
        return DateValue(value, "month", f"{value}-01", f"{value}-{last:02d}")
    return DateValue(value, "day", value, value)


def build(
    doc_id: str,
    events: Sequence[Ev] = (),
    facts: Sequence[Fig] = (),
    *,
    published: str | None = "2018-01-15",
    source: str | None = "Outlet A",
    url: str | None = None,
) -> DocResult:
    """A document with one sentence per event ("RUS CONSULT CHN.") and per figure."""
    lines, sentences, mentions, records, figures = [], [], [], [], []
    pos = 0
    for i, ev in enumerate(events):
        src, tgt = (w[5:] if w.startswith("text:") else w for w in (ev.src, ev.tgt))
        line = f"{src} {ev.type.lower()} {tgt}."
        s = Sentence(doc_id, i, pos, pos + len(line), line)
        a = _mention(doc_id, i, pos, ev.src)
        b = _mention(doc_id, i, pos + len(src) + len(ev.type) + 2, ev.tgt)
        quad = QUAD[ev.type]
        t0 = pos + len(src) + 1
        records.append(
            Event(
                event_id=f"{doc_id}-e{i}", doc_id=doc_id, event_type=ev.type, mode=None, cameo_root=ROOT[quad],
                quad_class=quad, intensity=INTENSITY[quad], source=[a], target=[b], symmetric=ev.symmetric,
                status=ev.status, confidence=0.9, sentences=[i], sentence_text=line, trigger=ev.type.lower(),
                trigger_start=t0, trigger_end=t0 + len(ev.type), date=_date(ev.date),
            )
        )  # fmt: skip
        lines.append(line)
        sentences.append(s)
        mentions += [a, b]
        pos += len(line) + 1
    for j, fig in enumerate(facts):
        i = len(events) + j
        written = fig.text or f"${fig.value / 1e9:g} billion"
        line = f"{fig.subject} and {fig.partner} {fig.measure} was {written} in {fig.period or 'some year'}."
        s = Sentence(doc_id, i, pos, pos + len(line), line)
        a = _mention(doc_id, i, pos, fig.subject)
        b = _mention(doc_id, i, pos + len(fig.subject) + 5, fig.partner)
        start = pos + line.index(written)
        period = DateValue(fig.period, "year", f"{fig.period}-01-01", f"{fig.period}-12-31") if fig.period else None
        figures.append(
            Fact(
                fact_id=f"{doc_id}-f{j}", doc_id=doc_id, measure=fig.measure, kind="level", value=fig.value,
                unit="USD", amount=fig.value, currency="USD", subject=[a], partner=[b], sentence=i,
                sentence_text=line, start=start, end=start + len(written), text=written, period=period,
            )
        )  # fmt: skip
        lines.append(line)
        sentences.append(s)
        mentions += [a, b]
        pos += len(line) + 1
    text = "\n".join(lines) + f"\n[{doc_id}]"
    document = Document(
        doc_id=doc_id, text=text, title=f"Title of {doc_id}", published=published, source=source, url=url,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
    )  # fmt: skip
    return DocResult(document, sentences, mentions, records, figures)
