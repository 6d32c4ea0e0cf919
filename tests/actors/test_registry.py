"""The registry loader: layering files, DETENTE_REGISTRY, errors that name the file, dated roles."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from detente.actors.registry import Registry, RegistryError, Role, load_registry

D = dt.date

STATES = """\
- code: RUS
  name: Russia
  aliases: [Russian Federation]
  demonyms: [Russian, Russians]
  capitals: [Moscow]
- code: USA
  name: United States
"""
TITLES = """\
- role: head_of_state
  sector: GOV
  exclusive: true
  words: [president]
- role: head_of_government
  sector: GOV
  words: [prime minister]
- role: foreign_minister
  sector: GOV
  words: [foreign minister]
"""
PEOPLE = """\
people:
  - id: vladimir_putin
    name: Vladimir Putin
    roles:
      - {code: RUS, role: head_of_government, sector: GOV, start: 1999-08-16, end: 2000-05-07}
      - {code: RUS, role: head_of_state, sector: GOV, start: 2000-05-07, end: 2008-05-07}
      - {code: RUS, role: head_of_government, sector: GOV, start: 2008-05-08, end: 2012-05-07}
      - {code: RUS, role: head_of_state, sector: GOV, start: 2012-05-07, end: null}
  - id: dmitry_medvedev
    name: Dmitry Medvedev
    roles:
      - {code: RUS, role: head_of_state, sector: GOV, start: 2008-05-07, end: 2012-05-07}
      - {code: RUS, role: head_of_government, sector: GOV, start: 2012-05-08, end: 2020-01-16}
  - id: sergey_lavrov
    name: Sergey Lavrov
    roles:
      - {code: RUS, role: foreign_minister, start: 2004-03-09, end: null}
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def no_user_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see the shipped registry and their own files only."""
    monkeypatch.delenv("DETENTE_REGISTRY", raising=False)


@pytest.fixture
def small(tmp_path: Path) -> Registry:
    """A registry of two states, three titles and three people, without the shipped files."""
    folder = tmp_path / "small"
    folder.mkdir()
    write(folder, "states.yaml", STATES)
    write(folder, "titles.yaml", TITLES)
    write(folder, "people_russia.yaml", PEOPLE)
    return load_registry([folder], shipped=False)


# ------------------------------------------------------------------------------------------ layering


def test_a_user_file_updates_a_shipped_entry_key_by_key(tmp_path: Path) -> None:
    shipped = load_registry()
    user = write(tmp_path, "states.yaml", "- code: RUS\n  capitals: [Moskva]\n")
    layered = load_registry([user])
    russia, before = layered.get("RUS"), shipped.get("RUS")
    assert russia is not None and before is not None
    assert russia.capitals == ["Moskva"]  # the key given replaces the shipped list
    assert russia.name == before.name and russia.demonyms == before.demonyms  # the others stay
    assert russia.valid_from == before.valid_from
    assert len(layered.actors) == len(shipped.actors)


def test_user_files_add_entries_and_later_files_win(tmp_path: Path) -> None:
    first = write(tmp_path, "organisations.yaml", "- {code: FOO, name: Foo Forum, kind: forum}\n")
    second = tmp_path / "more"
    second.mkdir()
    write(second, "extra.yaml", "organisations:\n  - {code: FOO, name: Foo Forum of Asia}\n")
    registry = load_registry([first, second])
    foo = registry.get("FOO")
    assert foo is not None and foo.kind == "org"
    assert foo.name == "Foo Forum of Asia" and foo.org_kind == "forum"


def test_a_mapping_file_holds_several_sections(small: Registry) -> None:
    # people_russia.yaml is a mapping with a people: key, whatever its name
    assert {a.id for a in small.by_kind("person")} == {"vladimir_putin", "dmitry_medvedev", "sergey_lavrov"}
    assert [t.role for t in small.titles] == ["head_of_state", "head_of_government", "foreign_minister"]


def test_shipped_false_loads_only_the_files_given(small: Registry) -> None:
    assert {a.id for a in small.by_kind("state")} == {"RUS", "USA"}
    assert small.non_actors == []


def test_a_person_without_surnames_gets_the_last_word_of_the_name(small: Registry) -> None:
    putin = small.get("vladimir_putin")
    assert putin is not None and putin.surnames == ["Putin"]


# ------------------------------------------------------------------------------------ DETENTE_REGISTRY


def test_detente_registry_adds_files_like_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a = write(tmp_path, "states.yaml", "- {code: ARN, name: Arnor}\n")
    folder = tmp_path / "orgs"
    folder.mkdir()
    write(folder, "organisations.yaml", "- {code: FOO, name: Foo Forum}\n")
    monkeypatch.setenv("DETENTE_REGISTRY", os.pathsep.join([str(a), "", str(folder)]))
    registry = load_registry()
    arnor, foo = registry.get("ARN"), registry.get("FOO")
    assert arnor is not None and arnor.kind == "state"
    assert foo is not None and foo.kind == "org"
    assert registry.get("RUS") is not None  # on top of the shipped registry


def test_extra_files_come_after_detente_registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = write(tmp_path, "states.yaml", "- {code: ARN, name: Arnor}\n")
    extra = tmp_path / "extra"
    extra.mkdir()
    write(extra, "states.yaml", "- {code: ARN, name: North Kingdom}\n")
    monkeypatch.setenv("DETENTE_REGISTRY", str(env))
    arnor = load_registry([extra], shipped=False).get("ARN")
    assert arnor is not None and arnor.name == "North Kingdom"


# ------------------------------------------------------------------------------------------ bad files

BAD_FILES = {
    "syntax": ("states.yaml", "- code: RUS\n  name: [Russia\n"),
    "unknown_section": ("mine.yaml", "states:\n  - {code: RUS, name: Russia}\npeeple: []\n"),
    "no_code": ("states.yaml", "- name: Russia\n"),
    "no_id": ("people.yaml", "- name: Vladimir Putin\n"),
    "unnamed_list": ("mine.yaml", "- {code: RUS, name: Russia}\n"),
    "scalar": ("states.yaml", "just words\n"),
    "role_without_code": ("people.yaml", "- id: x\n  roles:\n    - {role: head_of_state}\n"),
    "quoted_bad_date": ("people.yaml", "- id: x\n  roles:\n    - {code: RUS, role: official, start: '2010-1-1'}\n"),
    "impossible_date": ("people.yaml", "- id: x\n  roles:\n    - {code: RUS, role: official, start: 2010-13-01}\n"),
    "bad_valid_to": ("states.yaml", "- {code: SUN, name: Soviet Union, valid_to: 26 December 1991}\n"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_file_gives_a_registry_error_naming_it(tmp_path: Path, case: str) -> None:
    name, text = BAD_FILES[case]
    path = write(tmp_path, name, text)
    with pytest.raises(RegistryError, match=name.replace(".", r"\.")):
        load_registry([path], shipped=False)


def test_a_missing_path_gives_a_registry_error(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match=r"no_such\.yaml"):
        load_registry([tmp_path / "no_such.yaml"], shipped=False)


# --------------------------------------------------------------------------------------- dated roles


@pytest.mark.parametrize(
    ("day", "covered"),
    [
        (D(2000, 5, 7), True),  # the first day
        (D(2004, 1, 1), True),
        (D(2008, 5, 7), True),  # the last day
        (D(2000, 5, 6), False),
        (D(2008, 5, 8), False),
    ],
)
def test_role_covers_its_days_ends_included(day: dt.date, covered: bool) -> None:
    role = Role("RUS", "head_of_state", "GOV", D(2000, 5, 7), D(2008, 5, 7))
    assert role.covers(day) is covered


def test_open_ended_roles_cover_every_day_on_their_open_side() -> None:
    assert Role("RUS", "head_of_state", start=D(2012, 5, 7)).covers(D(2100, 1, 1))
    assert not Role("RUS", "head_of_state", start=D(2012, 5, 7)).covers(D(2012, 5, 6))
    assert Role("RUS", "official", end=D(1969, 12, 31)).covers(D(1900, 1, 1))
    assert Role("RUS", "official").covers(D(2000, 1, 1))


def test_role_distance_counts_days_outside_the_tenure() -> None:
    role = Role("RUS", "head_of_state", start=D(2008, 5, 7), end=D(2012, 5, 7))
    assert role.distance(D(2010, 1, 1)) == 0
    assert role.distance(D(2008, 5, 1)) == 6
    assert role.distance(D(2012, 5, 17)) == 10


@pytest.mark.parametrize(
    ("person", "day", "role"),
    [
        ("vladimir_putin", D(1999, 12, 31), "head_of_government"),
        ("vladimir_putin", D(2005, 1, 1), "head_of_state"),
        ("vladimir_putin", D(2010, 1, 1), "head_of_government"),
        ("vladimir_putin", D(2024, 1, 1), "head_of_state"),
        ("dmitry_medvedev", D(2010, 1, 1), "head_of_state"),
        ("dmitry_medvedev", D(2015, 1, 1), "head_of_government"),
    ],
)
def test_role_on_gives_the_role_held_that_day(small: Registry, person: str, day: dt.date, role: str) -> None:
    actor = small.get(person)
    assert actor is not None
    held = actor.role_on(day)
    assert held is not None and (held.code, held.role) == ("RUS", role)


def test_on_a_handover_day_the_higher_ranked_role_names_the_person(small: Registry) -> None:
    putin = small.get("vladimir_putin")
    assert putin is not None
    # 2000-05-07: the last day as prime minister and the first as president
    held = putin.role_on(D(2000, 5, 7))
    assert held is not None and held.role == "head_of_state"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(1990, 1, 1), ("head_of_state", D(2008, 5, 7))),  # before every role: the first
        (D(2025, 1, 1), ("head_of_government", D(2012, 5, 8))),  # after every role: the last
    ],
)
def test_outside_every_role_the_nearest_one_counts(small: Registry, day: dt.date, expected: tuple) -> None:
    medvedev = small.get("dmitry_medvedev")
    assert medvedev is not None
    held = medvedev.role_on(day)
    assert held is not None and held.code == "RUS"  # a former president is still Russian
    assert (held.role, held.start) == expected


def test_without_a_date_the_most_recent_role_counts(small: Registry) -> None:
    medvedev = small.get("dmitry_medvedev")
    assert medvedev is not None
    held = medvedev.role_on(None)
    assert held is not None and held.role == "head_of_government"


def test_a_state_has_no_role(small: Registry) -> None:
    russia = small.get("RUS")
    assert russia is not None and russia.role_on(D(2010, 1, 1)) is None


def test_holders_of_a_role_on_a_day(small: Registry) -> None:
    def ids(day: dt.date | None, role: str = "head_of_state", code: str = "RUS") -> set[str]:
        return {p.id for p in small.holders(code, role, day)}

    assert ids(D(2005, 1, 1)) == {"vladimir_putin"}
    assert ids(D(2010, 1, 1)) == {"dmitry_medvedev"}
    assert ids(D(2008, 5, 7)) == {"vladimir_putin", "dmitry_medvedev"}  # the handover day
    assert ids(D(1995, 1, 1)) == set()
    assert ids(None) == {"vladimir_putin", "dmitry_medvedev"}  # any time
    assert ids(D(2010, 1, 1), "foreign_minister") == {"sergey_lavrov"}
    assert ids(D(2010, 1, 1), code="USA") == set()


def test_title_of_finds_a_role_by_any_of_its_words(small: Registry) -> None:
    title = small.title_of("Prime Minister")
    assert title is not None and title.role == "head_of_government" and title.sector == "GOV"
    assert small.title_of("emperor") is None


def test_name_words_are_word_lists_a_user_file_adds_to(tmp_path: Path) -> None:
    registry = load_registry([write(tmp_path, "mine.yaml", "name_words:\n  company: [Konzern]\n")])
    assert {"Airlines", "Konzern"} <= registry.name_words["company"]
    assert "Reserve" in registry.name_words["central_bank"]
    with pytest.raises(RegistryError, match="name_words: expected a mapping"):
        load_registry([write(tmp_path, "bad.yaml", "name_words: [Konzern]\n")])
