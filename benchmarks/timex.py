"""Benchmark of detente.nlp.timex on TempEval-3 platinum (20 TimeML news documents, March 2013).

For each document the plain text of <TEXT> and the document creation time (DCT) are extracted;
``find_dates(text, published=DCT)`` runs on the whole text. Printed:

* detection of DATE timexes, overlap match: recall (share of gold DATEs that some found
  expression overlaps) and precision (share of found expressions that overlap a gold DATE; found
  expressions overlapping only a DURATION/TIME/SET timex are counted apart, since TimeML gives
  "the past two years" a duration where detente gives a span of dates);
* accuracy of normalised values on matched DATE timexes with a comparable value (gold values
  PRESENT_REF/PAST_REF/FUTURE_REF, with X placeholders, or durations are excluded, with counts),
  compared at the precision TimeML gives; overall and for relative expressions (gold text
  without a four-digit year, so the year has to be inferred);
* speed on the same texts, whole and sentence by sentence.

A range found as one value (TimeML "2009-2010" is two timexes) matches a gold value equal to
either end. Usage: ``python benchmarks/timex.py [DATA_DIR] [--errors]`` (``--errors`` also lists
misses, false alarms and wrong values).
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from detente.nlp.timex import find_dates
from detente.schemas import DateValue

DEFAULT_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "tempeval3"
_TOKEN = re.compile(r"<(/?)(\w+)([^>]*)>|&(\w+|#\d+);|[^<&]+")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_SEASON_CODE = {3: "SP", 6: "SU", 9: "FA", 12: "WI"}


@dataclass
class Gold:
    start: int
    end: int
    text: str
    type: str
    value: str


def parse_tml(path: Path) -> tuple[str, str, list[Gold]]:
    """Plain text of <TEXT>, the DCT value and the TIMEX3 spans (offsets into the plain text)."""
    raw = path.read_text(encoding="utf-8")
    dct = re.search(r"<DCT>\s*<TIMEX3[^>]*value=\"([^\"]+)\"", raw)
    body = raw[raw.index("<TEXT>") + len("<TEXT>") : raw.index("</TEXT>")]
    out: list[str] = []
    pos = 0
    golds: list[Gold] = []
    open_timex: tuple[int, dict[str, str]] | None = None
    for m in _TOKEN.finditer(body):
        if m[2]:  # a tag
            if m[2] == "TIMEX3" and not m[1]:
                open_timex = (pos, dict(_ATTR.findall(m[3])))
            elif m[2] == "TIMEX3" and m[1] and open_timex:
                s, attrs = open_timex
                golds.append(Gold(s, pos, "".join(out)[s:pos], attrs.get("type", ""), attrs.get("value", "")))
                open_timex = None
            continue
        piece = html.unescape(m[0])
        out.append(piece)
        pos += len(piece)
    return "".join(out), dct[1] if dct else "", golds


def timeml_forms(dv: DateValue) -> set[str]:
    """TimeML spellings of a found value (both ends of a range)."""
    forms: set[str] = set()
    ends = [date.fromisoformat(dv.start), date.fromisoformat(dv.end)]
    parts = dv.value.split("/")
    for i, d in enumerate(ends):
        if dv.precision == "day":
            forms.add(d.isoformat() if len(parts) == 2 else parts[0])
        elif dv.precision == "week":
            y, w, _ = d.isocalendar()
            forms.add(f"{y}-W{w:02d}")
        elif dv.precision == "month":
            forms.add(f"{d.year:04d}-{d.month:02d}")
        elif dv.precision == "quarter":
            forms.add(f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}")
        elif dv.precision == "half":
            forms.add(f"{d.year:04d}-H{(d.month - 1) // 6 + 1}")
        elif dv.precision == "season" and i == 0:
            forms.add(f"{d.year:04d}-{_SEASON_CODE.get(d.month, '')}")
            forms.add(f"{ends[1].year:04d}-{_SEASON_CODE.get(d.month, '')}")
        elif dv.precision == "year":
            forms.add(f"{d.year:04d}")
        elif dv.precision == "decade":
            forms.add(f"{d.year // 10:03d}")
        elif dv.precision == "century":
            forms.add(f"{d.year // 100:02d}")
    if dv.precision == "day" and len(parts) == 1:
        forms.add(dv.value)
    return forms


def comparable(value: str) -> str | None:
    """Why a gold value is left out of value accuracy, or None when it is compared."""
    if value.endswith("_REF"):
        return "PRESENT/PAST/FUTURE_REF"
    if "X" in value:
        return "underspecified (X)"
    if value.startswith("P"):
        return "duration value"
    return None


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--errors", action="store_true", help="also list misses, false alarms, wrong values")
    args = parser.parse_args(argv)
    files = sorted(args.data_dir.glob("*.tml"))
    if not files:
        print(f"no .tml files in {args.data_dir}", file=sys.stderr)
        return 2

    n_gold = n_found_gold = n_pred = n_pred_ok = n_pred_other = n_ref = n_ref_found = 0
    n_cmp = n_cmp_ok = n_rel = n_rel_ok = 0
    excluded: dict[str, int] = {}
    errors: list[str] = []
    docs: list[tuple[str, str]] = []
    for path in files:
        text, dct, golds = parse_tml(path)
        docs.append((text, dct))
        preds = find_dates(text, published=dct)
        dates = [g for g in golds if g.type == "DATE"]
        others = [g for g in golds if g.type != "DATE"]
        n_gold += len(dates)
        n_pred += len(preds)
        for p in preds:
            if any(overlaps(p.char_start, p.char_end, g.start, g.end) for g in dates):
                n_pred_ok += 1
            elif any(overlaps(p.char_start, p.char_end, g.start, g.end) for g in others):
                n_pred_other += 1
            else:
                errors.append(f"false alarm  {path.stem}: {p.text!r} -> {p.value}")
        for g in dates:
            match = [p for p in preds if overlaps(p.char_start, p.char_end, g.start, g.end)]
            if g.value.endswith("_REF"):
                n_ref += 1
                n_ref_found += bool(match)
            if not match:
                errors.append(f"miss         {path.stem}: {g.text!r} ({g.value})")
                continue
            n_found_gold += 1
            why = comparable(g.value)
            if why:
                excluded[why] = excluded.get(why, 0) + 1
                continue
            ok = any(g.value in timeml_forms(p) for p in match)
            relative = re.search(r"\b\d{4}\b", g.text) is None
            n_cmp += 1
            n_cmp_ok += ok
            n_rel += relative
            n_rel_ok += ok and relative
            if not ok:
                found = ", ".join(f"{p.text!r} -> {p.value} ({p.precision})" for p in match)
                errors.append(f"wrong value  {path.stem}: {g.text!r} gold {g.value}; found {found}")

    reps = 20
    t0 = time.perf_counter()
    for _ in range(reps):
        for text, dct in docs:
            find_dates(text, published=dct)
    elapsed = time.perf_counter() - t0
    chars = sum(len(t) for t, _ in docs) * reps
    # The pipeline calls find_dates sentence by sentence; a rough split is enough to time that.
    sentences = [(s, dct) for text, dct in docs for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]
    t0 = time.perf_counter()
    for _ in range(reps):
        for sentence, dct in sentences:
            find_dates(sentence, published=dct)
    per_sentence = (time.perf_counter() - t0) / (reps * len(sentences))

    def ratio(a: int, b: int) -> str:
        return f"{a / b:.3f} ({a}/{b})" if b else "n/a"

    print(f"TempEval-3 platinum: {len(files)} documents, {n_gold} DATE timexes (DCT excluded)")
    print(f"DATE detection recall (overlap):             {ratio(n_found_gold, n_gold)}")
    print(f"  recall without PRESENT/PAST/FUTURE_REF:    {ratio(n_found_gold - n_ref_found, n_gold - n_ref)}")
    print(f"DATE detection precision (overlap):          {ratio(n_pred_ok, n_pred - n_pred_other)}")
    print(f"  found expressions on DURATION/TIME/SET:    {n_pred_other} (left out of precision)")
    print(f"  precision counting those as wrong:         {ratio(n_pred_ok, n_pred)}")
    print(f"value accuracy, matched DATEs:               {ratio(n_cmp_ok, n_cmp)}")
    print(f"value accuracy, relative (no year in text):  {ratio(n_rel_ok, n_rel)}")
    print(f"value accuracy, explicit year in text:       {ratio(n_cmp_ok - n_rel_ok, n_cmp - n_rel)}")
    for why, count in sorted(excluded.items()):
        print(f"  matched, value not compared: {why}: {count}")
    docs_per_s = len(docs) * reps / elapsed
    print(f"speed, whole documents: {chars / elapsed / 1e6:.2f} M characters/s ({docs_per_s:.0f} documents/s)")
    print(f"speed, sentence by sentence: {per_sentence * 1e6:.0f} µs/sentence ({len(sentences)} sentences)")
    if args.errors:
        print("\n".join(errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
