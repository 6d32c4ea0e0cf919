"""The shipped registry data: valid, complete for ISO 3166 and the GUIDELINES codes, and right
about the states and people the sample articles name."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from pathlib import Path

import pycountry
import pytest
import yaml

from detente.actors.registry import DATA_DIR, Registry, load_registry
from detente.actors.validate import validate_registry

# The organisation codes GUIDELINES.md scores by (shared/eval/GUIDELINES.md, "Codes").
GUIDELINES_ORGS = [
    "ASEAN", "EAS", "APEC", "EAEU", "SCO", "CSTO", "BRICS", "NDB", "IMF", "WB", "G20", "EU", "NATO", "UN", "CPTPP",
    "AUKUS", "QUAD", "ARF", "ADMM", "ASEANAPOL", "RDIF",
]  # fmt: skip
PEOPLE_FILES = sorted(DATA_DIR.glob("people*.yaml"))
needs_people = pytest.mark.skipif(not PEOPLE_FILES, reason="no people files in the shipped registry yet")


@pytest.fixture(autouse=True)
def no_user_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DETENTE_REGISTRY", raising=False)


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry()


def test_the_validator_finds_no_errors_in_the_shipped_data() -> None:
    errors = [line for line in validate_registry() if line.startswith("error:")]
    assert errors == []


def test_every_iso_3166_state_is_a_registry_state(registry: Registry) -> None:
    not_states = []
    for country in pycountry.countries:
        actor = registry.get(country.alpha_3)
        if actor is None or actor.kind != "state":
            not_states.append(f"{country.alpha_3} ({country.name}): {actor.kind if actor else 'missing'}")
    assert not_states == []


@pytest.mark.parametrize("code", GUIDELINES_ORGS)
def test_the_guidelines_organisation_codes_exist(registry: Registry, code: str) -> None:
    actor = registry.get(code)
    assert actor is not None and actor.kind == "org"


def test_the_soviet_union_is_a_state_that_ended(registry: Registry) -> None:
    soviet = registry.get("SUN")
    assert soviet is not None and soviet.kind == "state"
    assert soviet.valid_to is not None and soviet.valid_to.year == 1991


@pytest.mark.parametrize(
    ("code", "capital"),
    [
        ("RUS", "Moscow"), ("CHN", "Beijing"), ("JPN", "Tokyo"), ("KOR", "Seoul"), ("PRK", "Pyongyang"),
        ("VNM", "Hanoi"), ("SGP", "Singapore"), ("IND", "New Delhi"), ("IDN", "Jakarta"), ("THA", "Bangkok"),
        ("PHL", "Manila"), ("MYS", "Kuala Lumpur"), ("KHM", "Phnom Penh"), ("LAO", "Vientiane"),
        ("BRN", "Bandar Seri Begawan"), ("MNG", "Ulaanbaatar"), ("KAZ", "Astana"), ("PAK", "Islamabad"),
    ],
)  # fmt: skip
def test_capitals_of_the_main_asian_states(registry: Registry, code: str, capital: str) -> None:
    state = registry.get(code)
    assert state is not None and capital in state.capitals


@pytest.mark.parametrize(
    ("demonym", "code"),
    [("Russian", "RUS"), ("Chinese", "CHN"), ("American", "USA"), ("South Korean", "KOR"), ("Vietnamese", "VNM")],
)
def test_demonyms_resolve_to_one_current_state(registry: Registry, demonym: str, code: str) -> None:
    today = dt.date.today()
    named: dict[str, set[str]] = defaultdict(set)
    for actor in registry.actors.values():
        if actor.valid_to is None or actor.valid_to >= today:
            for phrase in (actor.name, *actor.aliases, *actor.demonyms):
                named[phrase.casefold()].add(actor.id)
    state = registry.get(code)
    assert state is not None and demonym in state.demonyms
    assert named[demonym.casefold()] == {code}


def _readme_person(ident: str) -> dict:
    """A person's entry as the README's examples give it."""
    text = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    for block in re.findall(r"```yaml\n(.*?)```", text, re.S):
        for entry in yaml.safe_load(block) or []:
            if isinstance(entry, dict) and entry.get("id") == ident:
                return entry
    raise AssertionError(f"{ident} is not among the README's examples")


@needs_people
@pytest.mark.parametrize("ident", ["vladimir_putin", "dmitry_medvedev"])
def test_people_hold_the_roles_the_readme_gives_them(registry: Registry, ident: str) -> None:
    person = registry.get(ident)
    assert person is not None and person.kind == "person"
    held = {(r.code, r.role, r.start, r.end) for r in person.roles}
    for role in _readme_person(ident)["roles"]:
        assert (role["code"], role["role"], role["start"], role["end"]) in held


@needs_people
def test_putin_is_head_of_government_on_new_year_2010(registry: Registry) -> None:
    putin = registry.get("vladimir_putin")
    assert putin is not None
    role = putin.role_on(dt.date(2010, 1, 1))
    assert role is not None and (role.role, role.code) == ("head_of_government", "RUS")


# ------------------------------------------------------------------- the validator on hand-made files

BROKEN = """\
people:
  - id: fake_putin
    name: Vladimir Putin
    aliases: [Kremlin, "", 12, NO]
    surnames: [Putin]
    alias: [typo]
    roles:
      - {code: RUS, role: head_of_state, start: 2010-01-01, end: 2009-01-01}
      - {code: XXX, role: king_of_pop, start: "2010-13-01", cameo: RUSGOV}
      - {role: head_of_state}
  - id: fake_putin
    name: "  "
  - name: nobody
states:
  - {code: ru, name: Lowercase}
  - {code: ARN, name: Arnor, valid_from: 1990-01-01, valid_to: 1980-01-01}
organisations:
  - {code: Foo, name: Foo, kind: club, members: [RUS, XYZ], country: ZZZ, joined: {RUS: someday}}
  - {code: RUS, name: Russian Union}
titles:
  - {role: chief, words: [], exclusive: maybe}
peeple: []
"""


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    folder = tmp_path_factory.mktemp("broken")
    (folder / "mine.yaml").write_text(BROKEN, encoding="utf-8")
    (folder / "people_bad.yaml").write_text("people: [\n", encoding="utf-8")
    return validate_registry([folder])


@pytest.mark.parametrize(
    "expected",
    [
        "error: people_bad.yaml: YAML does not parse: ",
        "error: mine.yaml: unknown section 'peeple'",
        "error: mine.yaml: fake_putin: duplicate id in this file (also people entry 1)",
        "error: mine.yaml: people entry 3: has no 'id'",
        "error: mine.yaml: fake_putin: aliases: empty phrase",
        "error: mine.yaml: fake_putin: aliases: 12 is not text (quote it)",
        "error: mine.yaml: fake_putin: aliases: False is not text (quote it)",
        "error: mine.yaml: fake_putin: role 1 ends before it starts",
        "error: mine.yaml: fake_putin: role 2: code 'XXX' is not a registry state or organisation",
        "error: mine.yaml: fake_putin: role 2: 'king_of_pop' is not a role in titles.yaml",
        "error: mine.yaml: fake_putin: role 2 start: malformed date '2010-13-01' (want YYYY-MM-DD)",
        "error: mine.yaml: fake_putin: role 3 needs 'code' and 'role'",
        "error: mine.yaml: fake_putin: empty name",
        "error: mine.yaml: ru: state code is not 3 capital letters (ISO 3166-1 alpha-3)",
        "error: mine.yaml: ARN: valid_to is before valid_from",
        "error: mine.yaml: Foo: organisation code is not in capitals",
        "error: mine.yaml: Foo: member 'XYZ' is not a registry state or organisation",
        "error: mine.yaml: Foo: country 'ZZZ' is not a registry state or organisation",
        "error: mine.yaml: Foo: joined RUS: malformed date 'someday' (want YYYY-MM-DD)",
        "error: mine.yaml: RUS: also the code of a state in states.yaml, which this entry replaces",
        "error: mine.yaml: chief: needs a list of words",
        "error: mine.yaml: chief: exclusive must be true or false",
        "warning: mine.yaml: fake_putin: unknown key 'alias': not used in people",
        "warning: mine.yaml: Foo: kind 'club' is not one of ",
        "warning: mine.yaml: fake_putin: alias 'Kremlin' also names RUS (states.yaml), SUN (states.yaml): ambiguous",
    ],
)
def test_the_validator_reports_each_problem(broken: list[str], expected: str) -> None:
    assert any(line.startswith(expected) for line in broken), "\n".join(broken)


def test_the_validator_reports_only_the_files_it_checks(broken: list[str]) -> None:
    # the shipped files are context: their own problems are not repeated for a user file
    assert all(line.split(": ")[1] in ("mine.yaml", "people_bad.yaml") for line in broken), "\n".join(broken)
    assert validate_registry([DATA_DIR]) == validate_registry()


def test_the_validator_warns_about_overlapping_exclusive_roles(tmp_path: Path) -> None:
    (tmp_path / "people.yaml").write_text(
        "- id: a\n  name: Person A\n  roles: [{code: ARN, role: ruler, start: 2000-01-01, end: 2005-06-30}]\n"
        "- id: b\n  name: Person B\n  roles: [{code: ARN, role: ruler, start: 2005-06-30, end: 2010-01-01}]\n"
        "- id: c\n  name: Person C\n  roles: [{code: ARN, role: ruler, start: 2009-01-01}]\n"
        "- id: d\n  name: Person D\n  roles: [{code: ARN, role: adviser, start: 2000-01-01}]\n"
        "- id: e\n  name: Person E\n  roles: [{code: ARN, role: adviser, start: 2000-01-01}]\n",
        encoding="utf-8",
    )
    (tmp_path / "states.yaml").write_text("- {code: ARN, name: Arnor}\n", encoding="utf-8")
    (tmp_path / "titles.yaml").write_text(
        "- {role: ruler, exclusive: true, words: [ruler]}\n- {role: adviser, words: [adviser]}\n", encoding="utf-8"
    )
    # a and b share only the handover day; d and e share a role that is not exclusive
    assert validate_registry([tmp_path], shipped=False) == [
        "warning: people.yaml: c: ruler of ARN overlaps b's tenure (2009-01-01 to 2010-01-01)"
    ]


def test_the_validator_lets_successive_states_and_people_share_phrases(tmp_path: Path) -> None:
    (tmp_path / "states.yaml").write_text(
        "- {code: OLD, name: Old Land, capitals: [Capital City], valid_to: 1990-01-01}\n"
        "- {code: NEW, name: New Land, capitals: [Capital City], valid_from: 1990-01-01}\n",
        encoding="utf-8",
    )
    (tmp_path / "people.yaml").write_text(
        "- {id: kim_a, name: Kim A, surnames: [Kim]}\n- {id: kim_b, name: Kim B, surnames: [Kim], aliases: [Kim A]}\n",
        encoding="utf-8",
    )
    assert validate_registry([tmp_path], shipped=False) == [
        "warning: people.yaml: kim_a: name 'Kim A' also names kim_b (people.yaml): ambiguous"
    ]


def test_a_missing_path_is_an_error_and_checks_nothing_else(tmp_path: Path) -> None:
    assert validate_registry([tmp_path / "nope.yaml"]) == [
        f"error: {tmp_path / 'nope.yaml'}: no such registry file or folder"
    ]


def test_the_validator_checks_name_words(tmp_path: Path) -> None:
    (tmp_path / "words.yaml").write_text("name_words:\n  company: Konzern\n", encoding="utf-8")
    assert validate_registry([tmp_path], shipped=False) == [
        "error: words.yaml: name_words company: expected a list of words"
    ]
