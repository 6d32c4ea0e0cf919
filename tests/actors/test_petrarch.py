"""Importing PETRARCH actor and agent dictionaries into the registry format."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from detente.actors.petrarch import (
    DateError,
    display_name,
    dump_yaml,
    import_petrarch_actors,
    import_petrarch_agents,
    parse_date,
    read_entries,
    write_yaml,
)
from detente.actors.registry import Actor, Registry, load_registry
from detente.actors.validate import validate_registry

D = dt.date
PETRARCH = Path(__file__).resolve().parents[3] / "shared" / "data" / "petrarch2"
PHOENIX = PETRARCH / "dictionaries" / "Phoenix.Countries.actors.txt"
VALIDATE = PETRARCH / "validate" / "PETR_Validate_actors_2_02.txt"
AGENTS = PETRARCH / "validate" / "PETR_Validate_agents_2_02.txt"
RECORDS = PETRARCH / "validate" / "PETR_Validate_records_2_02.flat.jsonl"
needs_petrarch = pytest.mark.skipif(not PHOENIX.exists(), reason="../shared/data/petrarch2 is not beside the project")


@pytest.fixture(autouse=True)
def no_user_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DETENTE_REGISTRY", raising=False)


def dictionary(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "test.actors.txt"
    path.write_text(text, encoding="utf-8")
    return path


def role_codes(person: Actor, day: dt.date) -> str:
    """The person's CAMEO code on ``day``, as PETRARCH would write it."""
    role = person.role_on(day)
    assert role is not None
    return role.code + (role.sector or "")


# -------------------------------------------------------------------------------------- reading


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("991231", D(1999, 12, 31)),
        ("080507", D(2008, 5, 7)),
        ("300101", D(2030, 1, 1)),  # 00-30: this century
        ("310101", D(1931, 1, 1)),
        ("19950601", D(1995, 6, 1)),
        ("201005011", D(2010, 5, 11)),  # longer strings: YYYYMM and the rest is the day, as PETRARCH reads them
    ],
)
def test_petrarch_dates(text: str, day: dt.date) -> None:
    assert parse_date(text) == day


@pytest.mark.parametrize("text", ["9912", "991332", "1920030320", "9008223", "99-12-31", ""])
def test_bad_petrarch_dates(text: str) -> None:
    with pytest.raises(DateError):
        parse_date(text)


def test_codes_and_date_restrictions(tmp_path: Path) -> None:
    path = dictionary(
        tmp_path,
        "<!-- a comment\n   over lines -->\n"
        "GOLLUM  # pas 27 Apr 03\n+SMEAGOL\n\t[HOB < 950601]\n\t[HOBGOV 19950601 - 19990815]\n"
        "#\t[950601-990815]  commented out\n\t[HOBREB > 990816]\n"
        "LORIEN  [ELR/GAL]\n"
        "ZIMBABWE\n\t[RHO <790606]\n\t[zbw]#jw\n"
        "ISILDUR  [+++]\n"
        "CAMERON [GBRGOV 20121204]\n"
        "BAD [RUSGOV 991231-990101]\n",
    )
    problems: list[str] = []
    entries = {e.phrases[0]: e for e in read_entries(path, problems)}
    gollum = entries["GOLLUM"]
    assert gollum.phrases == ["GOLLUM", "SMEAGOL"]
    assert [(c.code, c.start, c.end) for c in gollum.codes] == [
        ("HOB", None, D(1995, 6, 1)),
        ("HOBGOV", D(1995, 6, 1), D(1999, 8, 15)),
        ("HOBREB", D(1999, 8, 16), None),
    ]
    assert [c.code for c in entries["LORIEN"].codes] == ["ELR", "GAL"]
    assert [c.code for c in entries["ZIMBABWE"].codes] == ["RHO", "ZBW"]
    assert entries["ISILDUR"].codes == []
    assert [(c.code, c.start, c.end) for c in entries["CAMERON"].codes] == [("GBRGOV", D(2012, 12, 4), None)]
    assert entries["BAD"].codes == []
    assert any("'+++'" in p for p in problems)
    assert any("read as a start" in p for p in problems)
    assert any("ends before it starts" in p for p in problems)


def test_a_headword_right_after_an_uncoded_one_is_its_synonym(tmp_path: Path) -> None:
    # Phoenix drops the + in places: LEONID_ILYICH_BREZHNEV would otherwise be the coded entry
    path = dictionary(
        tmp_path,
        "LEONID_BREZHNEV_  # CountryInfo.txt\nLEONID_ILYICH_BREZHNEV\n\t[RUSGOV 641014-821110]\n"
        "UNCODED_THING_\n\nNEXT_ENTRY [USA]\n",
    )
    problems: list[str] = []
    entries = read_entries(path, problems)
    assert [e.phrases for e in entries] == [
        ["LEONID_BREZHNEV_", "LEONID_ILYICH_BREZHNEV"],
        ["UNCODED_THING_"],
        ["NEXT_ENTRY"],
    ]
    assert entries[0].person_marker and [c.code for c in entries[0].codes] == ["RUSGOV"]
    assert any("taken as its synonym" in p for p in problems)


@pytest.mark.parametrize(
    ("phrase", "name"),
    [
        ("VLADIMIR_V._PUTIN_", "Vladimir V. Putin"),
        ("UNITED_NATIONS_", "United Nations"),
        ("NATO_SECRETARY_GENERAL", "NATO Secretary General"),
        ("RSFSR", "RSFSR"),  # no vowel: an acronym
        ("KREMLIN", "Kremlin"),
        ("ABU_ABDUL_'AZIZ_AL-QATARI", "Abu Abdul 'Aziz Al-Qatari"),
        ("NATIONAL_PEOPLE'S_CONGRESS", "National People's Congress"),
    ],
)
def test_display_names(phrase: str, name: str) -> None:
    assert display_name(phrase, {"NATO"}) == name


# ------------------------------------------------------------------------------------------ YAML


def test_dump_yaml_round_trips_awkward_values() -> None:
    awkward = [
        "Yes", "NO", "null", "~", "O'Brien", "a: b", "#x", "-x", "Côte d'Ivoire", "СССР", "123", "2020-01-01",
        "[x]", "{x}", "*x", "&x", "!x", '"q"', "Kim Jong-un", "U.S.", "", " lead", "x #y",
    ]  # fmt: skip
    entries: list[object] = [
        {
            "id": f"p{i}",
            "name": text,
            "aliases": [text],
            "roles": [{"code": "RUS", "start": D(2000, 1, 1), "end": None}],
        }
        for i, text in enumerate(awkward)
    ]
    entries += ["Indian Ocean", "Yes"]
    assert yaml.safe_load(dump_yaml(entries)) == entries
    assert dump_yaml([]) == "[]\n"


# --------------------------------------------------------------------------- converting: small cases


def test_an_undated_code_fills_the_days_no_dated_code_covers(tmp_path: Path) -> None:
    # PETRARCH's default: Hamfast is HOB except while in government
    path = dictionary(tmp_path, "HAMFAST GAMGEE [HOB]\n\t[HOBGOV 20121109-20130119]\n")
    (person,) = import_petrarch_actors(path)["people"]
    assert [(r["code"], r.get("sector"), r["start"], r["end"]) for r in person["roles"]] == [
        ("HOB", "GOV", D(2012, 11, 9), D(2013, 1, 19)),
        ("HOB", None, None, D(2012, 11, 8)),
        ("HOB", None, D(2013, 1, 20), None),
    ]


def test_what_each_kind_of_entry_becomes(tmp_path: Path) -> None:
    path = dictionary(
        tmp_path,
        "ARNOR_  [ARN]\n+ARNORIAN\n"
        "ONODOHER\n\t[ONO <911226]\n"
        "AMERICAN_SAMOA_ [USAASM]\n"
        "PEOPLES_LIBERATION_ARMY [CHNMIL]\n"
        "THE_UNITED_NATIONS_ [IGOUNO]\n+UN_SECRETARIAT\n"
        "AMNESTY_INTERNATIONAL [NGM]\n"
        "RED_CRESCENT_OF_ARNOR [NGO]\n"
        "U.S.S.R\n+USSR\n\t[USR <911226]\n"
        "INDIAN_OCEAN [---]\n"
        "XI_JINPING [CHNGOV >121115]\n",
    )
    result = import_petrarch_actors(path)
    states = {s["code"]: s for s in result["states"]}
    orgs = {o["code"]: o for o in result["organisations"]}
    people = {p["id"]: p for p in result["people"]}
    assert states["ARN"]["name"] == "Arnor" and states["ARN"]["aliases"] == ["Arnorian"]  # a state of its own
    assert states["ONO"]["valid_to"] == D(1991, 12, 26)  # its dated code is its lifetime
    assert states["ASM"]["name"] == "American Samoa"  # a territory: USA + ASM
    assert "Peoples Liberation Army" in states["CHN"]["metonyms"]  # a body of the state
    assert orgs["UN"]["name"] == "United Nations" and "aliases" not in orgs["UN"]  # the registry has both
    assert orgs["NGO"] == {"code": "NGO", "name": "Red Crescent Of Arnor", "kind": "ngo", "sector": "NGO"}
    assert "NGM" not in orgs and orgs["AMNESTY"]["name"] == "Amnesty International"  # the registry's, by name
    assert {"U.S.S.R", "USSR"} <= {states["SUN"]["name"], *states["SUN"].get("aliases", [])}  # CAMEO's USR
    assert result["non_actors"] == ["Indian Ocean"]
    assert [(r["code"], r.get("sector"), r["start"]) for r in people["xi_jinping"]["roles"] if "cameo" in r] == [
        ("CHN", "GOV", D(2012, 11, 15))
    ]
    assert result["problems"] == [
        f"{path.name}:9: 'Amnesty International': NGM read as AMNESTY, the registry's by name"
    ]


def test_registry_entries_keep_their_lists_when_the_import_is_layered(tmp_path: Path) -> None:
    path = dictionary(tmp_path, "RUSSIA_ [RUS]\n+ROSSIYA_\n+RUSSIAN_\nTHE_KREMLIN_WALLS [RUSGOV]\n")
    result = import_petrarch_actors(path)
    (russia,) = result["states"]
    shipped = load_registry().get("RUS")
    assert shipped is not None
    assert russia["aliases"] == [*shipped.aliases, "Rossiya"]  # Russia and Russian it has already
    assert russia["metonyms"] == [*shipped.metonyms, "The Kremlin Walls"]
    assert "demonyms" not in russia and "capitals" not in russia  # untouched keys are left to the registry
    folder = tmp_path / "out"
    write_yaml(result, folder)
    layered = load_registry([folder]).get("RUS")
    assert layered is not None and layered.demonyms == shipped.demonyms and "Rossiya" in layered.aliases


# ---------------------------------------------------------------------------------- real dictionaries


@pytest.fixture(scope="module")
def phoenix() -> dict:
    return import_petrarch_actors(PHOENIX)


@needs_petrarch
def test_putins_dated_roles_from_phoenix(phoenix: dict) -> None:
    putin = next(p for p in phoenix["people"] if p["id"] == "vladimir_putin")
    imported = [(r["cameo"], r["code"], r.get("sector"), r["start"], r["end"]) for r in putin["roles"] if "cameo" in r]
    assert imported == [
        ("RUSELI", "RUS", "ELI", D(1970, 1, 1), D(1999, 8, 9)),
        ("RUSGOV", "RUS", "GOV", D(1999, 12, 31), D(2008, 5, 7)),
        ("RUSGOV", "RUS", "GOV", D(1999, 8, 9), D(2000, 5, 7)),
        ("RUSGOV", "RUS", "GOV", D(2008, 5, 8), None),
        ("RUSELI", "RUS", "ELI", None, D(1969, 12, 31)),  # the undated default, before any dated code
    ]
    assert {r["role"] for r in putin["roles"] if "cameo" in r} == {"official"}
    assert "Prime Minister Putin" in putin["aliases"] and "Putin" in putin["surnames"]


@needs_petrarch
def test_phoenix_people_split_over_entries_are_joined(phoenix: dict) -> None:
    people = {p["id"]: p for p in phoenix["people"]}
    medvedev = people["dmitry_medvedev"]  # DMITRY_MEDVEDEV_ has no code: DMITR_MEDVEDEV_ below has them
    assert "Dimitri Medvedev" in medvedev["aliases"]
    assert ("RUSGOV", D(2008, 5, 7), None) in [(r.get("cameo"), r["start"], r["end"]) for r in medvedev["roles"]]
    cameron = people["david_cameron"]  # [GBRGOV >201005011]
    assert ("GBRGOV", D(2010, 5, 11)) in [(r.get("cameo"), r["start"]) for r in cameron["roles"]]
    assert "chan_sarun_2" not in people  # CHAN_SARUN and CHAN_SARUN_: one minister


@needs_petrarch
def test_a_phoenix_import_round_trips_through_the_loader(phoenix: dict, tmp_path: Path) -> None:
    # All states and organisations, and a sample of the 18,000 people (the full file takes seconds to parse).
    sample = [p for i, p in enumerate(phoenix["people"]) if i % 100 == 0 or p["id"] == "vladimir_putin"]
    result = {**phoenix, "people": sample}
    written = write_yaml(result, tmp_path)
    assert {p.name for p in written} == {
        "states.yaml",
        "organisations.yaml",
        "people.yaml",
        "titles.yaml",
        "non_actors.yaml",
    }
    alone = load_registry([tmp_path], shipped=False)
    layered = load_registry([tmp_path])
    for registry in (alone, layered):
        putin = registry.get("vladimir_putin")
        assert putin is not None
        assert role_codes(putin, D(1985, 1, 1)) == "RUSELI"
        assert role_codes(putin, D(1965, 1, 1)) == "RUSELI"
        assert putin.role_on(D(2005, 1, 1)) is not None and putin.role_on(D(2005, 1, 1)).code == "RUS"
        for entry in sample:
            person = registry.get(entry["id"])
            assert person is not None and person.name == entry["name"]
            assert len(person.roles) == len(entry["roles"])
    assert [line for line in validate_registry([tmp_path], shipped=False) if line.startswith("error:")] == []


@pytest.fixture(scope="module")
def validation(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    result = import_petrarch_actors(VALIDATE, agents=AGENTS)
    folder = tmp_path_factory.mktemp("validation")
    write_yaml(result, folder)
    return result, folder


@needs_petrarch
@pytest.mark.parametrize("shipped", [False, True])
def test_the_validation_dictionary_keeps_its_fictional_states(validation: tuple[dict, Path], shipped: bool) -> None:
    _, folder = validation
    registry = load_registry([folder], shipped=shipped)
    for code, name in [("ARN", "Arnor"), ("GON", "Gondor"), ("MOR", "Mordor"), ("HOB", "Bilbo")]:
        state = registry.get(code)
        assert state is not None and state.kind == "state" and state.name == name
    assert "Boromir" in registry.non_actors  # BOROMIR [---]
    assert [line for line in validate_registry([folder], shipped=shipped) if line.startswith("error:")] == []


@needs_petrarch
@pytest.mark.parametrize("shipped", [False, True])
def test_dated_roles_code_the_validation_records_as_expected(validation: tuple[dict, Path], shipped: bool) -> None:
    """The DATE records of the PETRARCH validation suite whose source is a person of the dictionary."""
    _, folder = validation
    registry = load_registry([folder], shipped=shipped)
    people = {"Sam Gamgee": "sam_gamgee", "Hamfast Gamgee": "hamfast_gamgee", "Smeagol": "gollum", "Stinker": "gollum"}
    checked = 0
    for line in RECORDS.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        who = next((p for p in people if record["text"].startswith(p)), None)
        if record["category"] != "DATE" or who is None:
            continue
        person = registry.get(people[who])
        assert person is not None
        day = parse_date(record["date"])
        assert role_codes(person, day) == record["expected_events"][0]["sourcecode"], record["id"]
        checked += 1
    assert checked == 16


@needs_petrarch
def test_zimbabwe_is_rhodesia_before_1979_in_the_validation_dictionary(validation: tuple[dict, Path]) -> None:
    _, folder = validation

    def state_named(registry: Registry, phrase: str, day: dt.date) -> set[str]:
        return {
            a.id
            for a in registry.by_kind("state")
            if phrase in (a.name, *a.aliases)
            and (a.valid_from is None or a.valid_from <= day)
            and (a.valid_to is None or day <= a.valid_to)
        }

    for registry in (load_registry([folder], shipped=False), load_registry([folder])):
        assert state_named(registry, "Zimbabwe", D(1978, 12, 23)) >= {"RHO"}
        assert "RHO" not in state_named(registry, "Zimbabwe", D(2001, 1, 1))


@needs_petrarch
def test_agents_become_titles(validation: tuple[dict, Path]) -> None:
    result, _ = validation
    titles = {t["role"]: t for t in result["titles"]}
    assert titles["official"]["sector"] == "GOV"  # the role every imported person holds
    government = titles["agent_gov"]
    assert government["sector"] == "GOV" and {"president", "presidents", "attorneys general"} <= set(
        government["words"]
    )
    assert "parliamentary oppositions" not in titles["agent_opp"]["words"]  # {} : no plural
    assert {"congressman", "congresswomen"} <= set(titles["agent_leg"]["words"])  # !PERSON! expanded
    assert import_petrarch_agents(AGENTS)["titles"][0]["role"] == "agent_opp"
