"""The PETRARCH-2 verb dictionary importer: its reading of the format, on a small dictionary written
here and on the real CAMEO.2.0.txt (skipped without the shared data folder), and the generated
lexicon file."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.actors.registry import read_yaml
from detente.events.lexicon import DATA_DIR, load_lexicon
from detente.events.petrarch_verbs import OUTPUT, import_petrarch_verbs, plover_of, read_verb_dictionary

CAMEO_TXT = Path(__file__).resolve().parents[2].parent / "shared/data/petrarch2/dictionaries/CAMEO.2.0.txt"
needs_shared = pytest.mark.skipif(not CAMEO_TXT.exists(), reason="needs ../shared/data/petrarch2")

SMALL = """\
# comments and the licence
&CEASEFIRE
+TRUCE
+CEASEFIRE
+CEASE_FIRE

####### VERB PATTERNS #######

---  DENOUNCE   [111]  ---
PILLORY {PILLORYING PILLORIES PILLORIED }
BERATE [110]   # a verb's own code
BACKLASH [---]
+DRESS_DOWN {+DRESSES_DOWN +DRESSED_DOWN }
- * (FOR SACKING)                                     [112]         # DENOUNCE

---  ACCELERATE   [---]  ---
RUSH
HURRY {HURRIES HURRYING HURRIED }
+KILLED_AND {}
- * (TO)                                              [042:043]     # RUSH
- * AID                                               [070]         # RUSH
- * {RELIEF ASSISTANCE}                               [073]         # RUSH
- * &CEASEFIRE                                        [073]         # RUSH
- &MILITARY *                                         [154]         # RUSH
- * WEAPONS                                           [194]         # RUSH

---  DOCK   [---]  ---
DOCK
- *                                                   [042:043]     # DOCK
- * SALARY                                            [---]         # DOCK

---  EXPLAIN_VERBAL   [010]  ---
EXPLAIN
- * RESTORATION RELATIONS                             [050:050]     # EXPLAIN

~ a (a b ATTACK) SAY = a b 015
"""


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "CAMEO.test.txt"
    path.write_text(SMALL, encoding="utf-8")
    return path


def test_reads_blocks_verbs_and_patterns(small):
    blocks = read_verb_dictionary(small)
    assert [(b.name, b.code) for b in blocks] == [
        ("DENOUNCE", "111"),
        ("ACCELERATE", None),
        ("DOCK", None),
        ("EXPLAIN_VERBAL", "010"),
    ]
    denounce = blocks[0]
    assert [(v.words, v.code) for v in denounce.verbs] == [
        (("pillory",), None),
        (("berate",), "110"),
        (("backlash",), "---"),
        (("dress", "down"), None),
    ]
    assert denounce.verbs[0].forms == ("pillorying", "pillories", "pilloried")
    rush = blocks[1]
    assert [v.words for v in rush.verbs] == [("rush",), ("hurry",)]  # "KILLED_AND" is no verb
    assert [(p.code, p.simple, p.objects) for p in rush.patterns] == [
        ("042", False, ()),  # needs a preposition
        ("070", False, ("aid",)),
        ("073", False, ("assistance",)),  # a {...} phrase's head
        ("073", False, ("ceasefire", "truce")),  # a synonym set's one-word members
        ("154", False, ()),  # needs a subject
        ("194", False, ("weapon",)),
    ]
    assert blocks[2].patterns[0].simple


def test_codes_verbs_by_own_code_block_code_simple_patterns_or_objects(small):
    result = import_petrarch_verbs(small, shipped=load_lexicon())
    verbs = result["verbs"]
    assert verbs["pillory"] == {"type": "ACCUSE", "mode": "disapprove", "cameo": "111"}
    assert "berate" not in verbs  # the shipped lexicon has it
    assert "backlash" not in verbs  # marked as coding nothing
    assert verbs["dock"] == {"type": "CONSULT", "mode": "visit", "cameo": "042"}  # its simple pattern
    # no simple pattern: the type most object patterns code (AID), its most frequent code, their objects
    assert verbs["rush"] == {"type": "AID", "cameo": "073", "objects": ["aid", "assistance", "ceasefire", "truce"]}
    assert "explain" not in verbs  # CAMEO 01: PLOVER drops it
    assert result["phrases"] == {"dress down": {"type": "ACCUSE", "mode": "disapprove", "cameo": "111"}}


def test_plover_types_and_modes_of_cameo_codes():
    assert plover_of("057") == ("AGREE", None)
    assert plover_of("0841") == ("RETREAT", "release")
    assert plover_of("081") == ("CONCEDE", None)
    assert plover_of("163") == ("SANCTION", "discontinue")
    assert plover_of("1712") == ("ASSAULT", "destroy")
    assert plover_of("192") == ("COERCE", "seize")
    assert plover_of("1384") == ("THREATEN", "violence")
    assert plover_of("010") is None and plover_of("0256") is None and plover_of("913") is None


@needs_shared
def test_the_real_dictionary():
    blocks = read_verb_dictionary(CAMEO_TXT)
    assert len(blocks) == 397
    assert sum(len(b.patterns) for b in blocks) == 4668  # as the shared README counts them
    result = import_petrarch_verbs(CAMEO_TXT)
    verbs, phrases = result["verbs"], result["phrases"]
    assert 900 < len(verbs) < 1200 and 40 < len(phrases) < 80
    assert verbs["pillory"] == {"type": "ACCUSE", "mode": "disapprove", "cameo": "111"}
    assert verbs["nationalize"] == {"type": "COERCE", "mode": "seize", "cameo": "171"}
    assert verbs["retaliate"] == {"type": "ASSAULT", "cameo": "190"}
    assert "aid" in verbs["rush"]["objects"]
    assert phrases["call off"] == {"type": "SANCTION", "cameo": "160"}
    shipped = load_lexicon()
    assert not set(verbs) & (set(shipped.verbs) | shipped.light_verbs)
    assert not {tuple(k.split()) for k in phrases} & set(shipped.phrases)


@needs_shared
def test_the_generated_file_is_current():
    data = read_yaml(OUTPUT)
    assert {"verbs": data["verbs"], "phrases": data["phrases"]} == import_petrarch_verbs(CAMEO_TXT)


def test_the_generated_file_is_well_formed_and_layers_over_the_shipped_lexicon():
    data = read_yaml(OUTPUT)
    assert "Generated from PETRARCH-2" in OUTPUT.read_text(encoding="utf-8").splitlines()[0]
    codes = {line.split(",", 1)[0] for line in (DATA_DIR / "cameo.csv").read_text(encoding="utf-8").splitlines()}
    for section in ("verbs", "phrases"):
        for key, spec in data[section].items():
            assert spec["cameo"] in codes, key
            assert (spec["type"], spec.get("mode")) == plover_of(spec["cameo"]), key
            assert set(spec) <= {"type", "mode", "cameo", "objects"}, key
            assert all(isinstance(w, str) and w.isalpha() for w in spec.get("objects", ())), key
    shipped, layered = load_lexicon(), load_lexicon([OUTPUT])
    assert all(layered.verbs[k] == sense for k, sense in shipped.verbs.items())  # no hand sense replaced
    assert all(layered.phrases[k] == sense for k, sense in shipped.phrases.items())
    assert len(layered.verbs) == len(shipped.verbs) + len(data["verbs"])
    assert load_lexicon() is shipped  # not loaded by default
