"""The event lexicon: every entry well formed, and sentences of each PLOVER type coded as that type.

The data checks read the YAML files as written (so a misspelt option or a boolean where a word was
meant shows); the sentence checks run the whole pipeline and are marked slow.
"""

from __future__ import annotations

import csv

import pytest

from detente.actors.registry import read_yaml
from detente.events.lexicon import DATA_DIR, LexiconError, inflections, load_lexicon
from detente.schemas import EVENT_TYPES

LEXICON = DATA_DIR / "lexicon.yaml"
with (DATA_DIR / "cameo.csv").open(encoding="utf-8") as _fh:
    CAMEO_CODES = frozenset(row["code"] for row in csv.DictReader(_fh))

# PLOVER types a CAMEO root may code (the PLOVER manual's CAMEO table), and the codes that may also
# code another type (CAMEO2PLOVER-2021 and the conventions in lexicon.yaml's header).
TYPES_OF_ROOT = {
    "02": {"REQUEST"}, "03": {"AGREE"}, "04": {"CONSULT"}, "05": {"SUPPORT"}, "06": {"COOPERATE"}, "07": {"AID"},
    "08": {"CONCEDE", "RETREAT"}, "09": {"ACCUSE"}, "10": {"REQUEST"}, "11": {"ACCUSE"}, "12": {"REJECT"},
    "13": {"THREATEN"}, "14": {"PROTEST"}, "15": {"MOBILIZE"}, "16": {"SANCTION"}, "17": {"COERCE"},
    "18": {"ASSAULT"}, "19": {"ASSAULT"}, "20": {"ASSAULT"},
}  # fmt: skip
OTHER_TYPE = {"057": "AGREE", "116": "SANCTION", "1712": "ASSAULT", "175": "ASSAULT", "191": "COERCE", "192": "COERCE"}
# PLOVER modes per type: the manual's mode tables, the structured codebook's and the crosswalk's
# names; COOPERATE 'military' and AGREE 'economic' are contexts the lexicon keeps as modes.
MODES = {
    "AGREE": {"economic"},
    "CONSULT": {"visit", "third-party", "multilateral", "phone"},
    "SUPPORT": set(),
    "CONCEDE": set(),
    "COOPERATE": {"military"},
    "AID": set(),
    "RETREAT": {"withdraw", "release", "return", "disarm", "ceasefire", "access", "resign", "ease"},
    "REQUEST": {"assist", "change", "yield", "meet"},
    "ACCUSE": {"disapprove", "investigate", "allege"},
    "REJECT": {"assist", "change", "yield", "meet"},
    "THREATEN": {"restrict", "ban", "arrest", "relations", "rights", "expel", "territory", "violence"},
    "PROTEST": {"demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"},
    "SANCTION": {"convict", "expel", "withdraw", "discontinue"},
    "MOBILIZE": {"troops", "weapons", "police", "militia"},
    "COERCE": {"seize", "restrict", "ban", "censor", "curfew", "martial-law", "arrest", "deport", "withhold",
               "misinformation", "cyber"},
    "ASSAULT": {"abduct", "beat", "torture", "execute", "sexual", "targeted", "destroy", "primitive", "firearms",
                "explosives", "suicide-attack", "aerial", "drone", "heavy-weapons", "crowd-control", "unconventional",
                "assassinate", "massacre", "cleansing"},
}  # fmt: skip
FLAGS = {"symmetric", "light", "objects_are_actors", "topic_object", "source_only", "no_object", "needs_proper",
         "only_as_object", "adjectival"}  # fmt: skip
WORD_LISTS = {"objects", "not_objects", "preps", "needs_modifier", "needs_verb"}
OPTIONS = {
    "verbs": FLAGS | {"objects", "not_objects", "preps", "particle"},
    "nouns": FLAGS | {"preps", "needs_modifier"},
    "phrases": FLAGS | {"preps", "needs_verb"},
}


def codes_type(cameo: str, event_type: object) -> bool:
    """Whether a CAMEO code may code a PLOVER type."""
    return event_type in TYPES_OF_ROOT.get(cameo[:2], set()) or event_type in (
        OTHER_TYPE.get(cameo),
        OTHER_TYPE.get(cameo[:3]),
    )


def entries(data: dict) -> list[tuple[str, str, dict]]:
    """(section, key, sense) for every entry of a lexicon file's sections."""
    return [(section, str(key), spec) for section in OPTIONS for key, spec in (data.get(section) or {}).items()]


def problems(section: str, key: str, spec: object) -> list[str]:
    """What is wrong with one lexicon entry, as messages (none when it is well formed)."""
    if not isinstance(spec, dict):
        return [f"{section}/{key}: not a mapping"]
    found = []
    event_type, cameo, mode = spec.get("type"), spec.get("cameo"), spec.get("mode")
    if event_type not in EVENT_TYPES:
        found.append(f"{section}/{key}: unknown type {event_type!r}")
    if not isinstance(cameo, str) or cameo not in CAMEO_CODES:
        found.append(f"{section}/{key}: CAMEO code {cameo!r} not in cameo.csv")
    elif not codes_type(cameo, event_type):
        found.append(f"{section}/{key}: CAMEO {cameo} does not code {event_type}")
    if mode is not None and mode not in MODES.get(event_type, set()):
        found.append(f"{section}/{key}: mode {mode!r} is not a {event_type} mode")
    for option, value in spec.items():
        if option in ("type", "cameo", "mode"):
            continue
        if option not in OPTIONS[section]:
            found.append(f"{section}/{key}: option {option!r} is not one for {section}")
        elif option in FLAGS and value is not True:
            found.append(f"{section}/{key}: {option} should be true, not {value!r}")
        elif option in WORD_LISTS and not (
            isinstance(value, list) and value and all(isinstance(v, str) and v for v in value)
        ):
            found.append(f"{section}/{key}: {option} should be a list of words, not {value!r}")
        elif option == "particle" and not isinstance(value, str):
            found.append(f"{section}/{key}: particle should be a word, not {value!r}")
    if spec.get("objects") and spec.get("objects_are_actors"):
        found.append(f"{section}/{key}: objects and objects_are_actors exclude each other")
    return found


def test_every_entry_is_well_formed():
    data = read_yaml(LEXICON)
    found = [message for section, key, spec in entries(data) for message in problems(section, key, spec)]
    assert not found, "\n".join(found)


def test_every_light_verb_is_a_word():
    light = read_yaml(LEXICON)["light_verbs"]
    assert light and all(isinstance(v, str) and v.isalpha() for v in light)
    assert len(light) == len(set(light))


def test_the_types_needing_a_recipient_are_the_plover_manuals(tmp_path):
    # PLOVER manual: "Requires recipient: Yes" for COOPERATE, AID and SANCTION; CONSULT's partner by convention
    assert load_lexicon().needs_recipient == {"COOPERATE", "AID", "SANCTION"}
    assert load_lexicon().needs_partner == {"CONSULT"}
    files = {}
    for name, text in {"own": "[agree, CONSULT]", "unknown": "[AGREE, PARLEY]", "word": "AGREE"}.items():
        files[name] = tmp_path / f"{name}.yaml"  # one file each: loaded lexicons are cached by path
        files[name].write_text(f"needs_recipient: {text}\n", encoding="utf-8")
    assert load_lexicon([files["own"]]).needs_recipient == {"AGREE", "CONSULT"}
    with pytest.raises(LexiconError, match="unknown PLOVER types PARLEY"):
        load_lexicon([files["unknown"]])
    with pytest.raises(LexiconError, match="expected a list"):
        load_lexicon([files["word"]])


def test_announced_acts_map_to_intent_and_threat_codes(tmp_path):
    lex = load_lexicon()
    assert lex.intents["AID"] == "033" and lex.threats["ASSAULT"] == "138"
    assert all(c.startswith("03") for c in lex.intents.values()) and all(c[:2] == "13" for c in lex.threats.values())
    assert {c for c in [*lex.intents.values(), *lex.threats.values()]} <= CAMEO_CODES
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text('intents: {AID: "070"}\n', encoding="utf-8")
    with pytest.raises(LexiconError, match="CAMEO 03x codes, not 070"):
        load_lexicon([wrong])


def test_a_phrase_comes_before_the_shorter_phrases_it_starts_with():
    # the coder takes the first phrase that matches, so "pull out" listed first would hide "pull out of deal"
    keys = [tuple(str(k).split()) for k in read_yaml(LEXICON)["phrases"]]
    hidden = [
        (" ".join(longer), " ".join(shorter))
        for i, shorter in enumerate(keys)
        for longer in keys[i + 1 :]
        if len(longer) > len(shorter) and longer[: len(shorter)] == shorter
    ]
    assert not hidden, hidden


def test_objects_are_lemmas():
    # the tagger lemmatizes "talks" to "talk": a plural in an objects list never matches
    plurals = {
        (key, word)
        for section, key, spec in entries(read_yaml(LEXICON))
        for word in spec.get("objects") or ()
        if word.endswith("s") and not word.endswith(("ss", "us", "is", "ics")) and word != "gas"
    }
    assert not plurals


def test_the_loaded_lexicon_covers_every_plover_type_and_prefilters_its_words():
    lex = load_lexicon()
    senses = [*lex.verbs.values(), *lex.nouns.values(), *lex.phrases.values()]
    assert {s.event_type for s in senses} == set(EVENT_TYPES)
    assert lex.phrases[("impose", "sanction")].preps == ("on", "against")  # "on" read as a word, not true
    assert {"demolished", "tortured", "capturing", "blockaded"} <= lex.trigger_forms
    assert inflections("demolish") <= lex.trigger_forms


# -- coding sentences of each type ---------------------------------------------------------------
# (sentence, type, source, target or None when the event names no target)
SENTENCES = [
    ("Russian President Vladimir Putin greeted Chinese President Xi Jinping at the Kremlin.", "CONSULT", "RUS", "CHN"),
    ("US Secretary of State Antony Blinken traveled to China on Sunday.", "CONSULT", "USA", "CHN"),
    ("India and Pakistan exchanged views on the border dispute.", "CONSULT", "IND", "PAK"),
    ("Japan offered aid to the Philippines after the typhoon.", "AGREE", "JPN", "PHL"),
    ("Turkey invited Sweden to resume negotiations.", "AGREE", "TUR", "SWE"),
    ("France and Germany forged a new alliance.", "AGREE", "FRA", "DEU"),
    ("Germany expressed support for Ukraine's bid to join the European Union.", "SUPPORT", "DEU", "UKR"),
    ("The United States hailed India's decision.", "SUPPORT", "USA", "IND"),
    ("The Afghan government declared a ceasefire.", "CONCEDE", "AFG", None),
    ("Ethiopia lifted the curfew in Tigray.", "CONCEDE", "ETH", None),
    ("The United States and Japan shared intelligence on North Korea.", "COOPERATE", "USA", "JPN"),
    ("Russia and China held joint military exercises in the Sea of Japan.", "COOPERATE", "RUS", "CHN"),
    ("Pakistan handed over the suspects to India.", "COOPERATE", "PAK", "IND"),
    ("Germany sent humanitarian aid to Turkey.", "AID", "DEU", "TUR"),
    ("Canada granted asylum to the Saudi woman.", "AID", "CAN", "SAU"),
    ("Israel freed 50 Palestinian prisoners.", "RETREAT", "ISR", "PSE"),
    ("Russia pulled back its troops from the Ukrainian border.", "RETREAT", "RUS", "UKR"),
    ("China urged Japan to stop provocations.", "REQUEST", "CHN", "JPN"),
    ("Ukraine sought military assistance from NATO.", "REQUEST", "UKR", "NATO"),
    ("China summoned the US ambassador over the arms sale.", "ACCUSE", "CHN", "USA"),
    ("Russia lodged a protest with Norway.", "ACCUSE", "RUS", "NOR"),
    ("The UN launched an investigation into Syria's use of chemical weapons.", "ACCUSE", "UN", "SYR"),
    ("Russia vetoed the UN resolution on Syria.", "REJECT", "RUS", "UN"),
    ("North Korea turned down the invitation.", "REJECT", "PRK", None),
    ("North Korea vowed revenge against the United States.", "THREATEN", "PRK", "USA"),
    ("Thousands of Palestinians marched against Israel in Gaza.", "PROTEST", "PSE", "ISR"),
    ("Armenian protesters blocked roads in Yerevan.", "PROTEST", "ARM", None),
    ("Greek workers went on strike on Thursday.", "PROTEST", "GRC", None),
    ("The United States imposed new sanctions on Iran.", "SANCTION", "USA", "IRN"),
    ("Russia closed its border with Georgia.", "SANCTION", "RUS", "GEO"),
    ("Saudi Arabia cut off oil supplies to Qatar.", "SANCTION", "SAU", "QAT"),
    ("Russia massed troops on the Ukrainian border.", "MOBILIZE", "RUS", "UKR"),
    ("Iran test-fired a new missile.", "MOBILIZE", "IRN", None),
    ("China put its forces on high alert.", "MOBILIZE", "CHN", None),
    ("Russian forces captured the town of Bakhmut.", "COERCE", "RUS", None),
    ("Thailand declared a state of emergency in Bangkok.", "COERCE", "THA", None),
    ("The Iraqi government imposed a curfew on Baghdad.", "COERCE", "IRQ", None),
    ("Israeli troops demolished Palestinian homes in the West Bank.", "ASSAULT", "ISR", "PSE"),
    ("Iraqi security forces tortured detainees.", "ASSAULT", "IRQ", None),
    ("Palestinian militants fired rockets at Israel.", "ASSAULT", "PSE", "ISR"),
    ("Indian and Pakistani troops exchanged fire along the border.", "ASSAULT", "IND", "PAK"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "event_type", "source", "target"), SENTENCES, ids=[s[0][:40] for s in SENTENCES])
def test_sentence_is_coded_with_its_type(code, text, event_type, source, target):
    found = [
        (tuple(m.code for m in e.source), tuple(m.code for m in e.target))
        for e in code(text)
        if e.event_type == event_type
    ]
    assert ((source,), (target,) if target else ()) in found, found


def test_sentences_cover_every_type():
    assert {s[1] for s in SENTENCES} == set(EVENT_TYPES)


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Putin and Xi met amid clashes in Ukraine.",
        "Qatar Airways cancelled flights to Beijing.",
        "Japan attacked the OECD's growth forecasts.",
        "Russia said it would study the proposal.",
    ],
)
def test_no_event_where_none_happens(code, text):
    assert [e.event_type for e in code(text) if e.event_type != "CONSULT"] == []
