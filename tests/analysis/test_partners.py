"""Partner mix on a hand-made store: RUS with CHN (one cooperative, one conflictual event), UKR,
VNM, SGP, USA and the ASEAN secretariat."""

from __future__ import annotations

import pytest
from store_builder import Ev, build

from detente.analysis import partner_mix
from detente.analysis.groups import NO_BLOC
from detente.store import Store


@pytest.fixture
def store(make_store) -> Store:
    return make_store(
        build(
            "d1",
            [
                Ev("CONSULT", "RUS", "CHN", "2018-01-10", symmetric=True),
                Ev("ACCUSE", "CHN", "RUS", "2018-01-12"),
                Ev("ASSAULT", "RUS", "UKR", "2018-02-03"),
                Ev("COOPERATE", "RUS", "VNM", "2018-03-20"),
                Ev("CONSULT", "SGP", "RUS", "2018-03-21"),
                Ev("SANCTION", "USA", "RUS", "2019-03-22"),
            ],
        ),
        build("d2", [Ev("CONSULT", "RUS", "ASEAN", "2019-05-02"), Ev("CONSULT", "RUS", "text:Foo Institute")]),
    )


def _rows(rows):
    return {(r["period"], r["group"]): r for r in rows}


def test_shares_per_partner(store) -> None:
    rows = _rows(partner_mix(store, "RUS", by="year"))
    assert set(rows) == {("2018", c) for c in ("CHN", "UKR", "VNM", "SGP")} | {("2019", "USA"), ("2019", "ASEAN")}
    chn = rows["2018", "CHN"]
    assert (chn["events"], chn["coop"], chn["conflict"]) == (2, 1, 1)
    assert chn["share"] == pytest.approx(2 / 5)
    assert chn["coop_share"] == pytest.approx(1 / 3) and chn["conflict_share"] == pytest.approx(1 / 2)
    assert rows["2019", "USA"]["coop_share"] == 0.0 and rows["2019", "USA"]["conflict_share"] == 1.0


def test_shares_at_the_partner_and_region_levels_sum_to_one(store) -> None:
    for level in ("partner", "region", "subregion"):
        for period in ("2018", "2019"):
            shares = [r["share"] for r in partner_mix(store, "RUS", level=level) if r["period"] == period]
            assert sum(shares) == pytest.approx(1.0)


def test_regions_from_the_registry(store) -> None:
    rows = _rows(partner_mix(store, "RUS", level="region"))
    asia, europe = rows["2018", "Asia"], rows["2018", "Europe"]
    assert (asia["events"], asia["coop"], asia["conflict"]) == (4, 3, 1)
    assert asia["coop_share"] == 1.0 and asia["conflict_share"] == pytest.approx(1 / 2)
    assert (europe["events"], europe["conflict"]) == (1, 1)
    # An organisation whose members all lie in one region counts for that region.
    assert rows["2019", "Asia"]["events"] == 1 and rows["2019", "Americas"]["events"] == 1


def test_subregions(store) -> None:
    rows = _rows(partner_mix(store, "RUS", level="subregion"))
    assert rows["2018", "South-eastern Asia"]["events"] == 2 and rows["2018", "Eastern Asia"]["events"] == 2


def test_blocs_count_a_partner_in_each_of_its_blocs(store) -> None:
    rows = _rows(partner_mix(store, "RUS", level="bloc"))
    assert rows["2018", "ASEAN"]["coop"] == 2 and rows["2018", "ASEAN"]["coop_share"] == pytest.approx(2 / 3)
    assert rows["2018", "SCO"]["events"] == 2 and rows["2018", "BRICS"]["events"] == 2
    assert rows["2018", NO_BLOC]["events"] == 1  # Ukraine
    assert rows["2019", "NATO"]["conflict"] == 1 and rows["2019", "G7"]["conflict"] == 1
    assert rows["2019", "ASEAN"]["events"] == 1  # the organisation itself


def test_chosen_blocs_only(store) -> None:
    groups = {r["group"] for r in partner_mix(store, "RUS", level="bloc", blocs=["EU", "ASEAN"])}
    assert groups == {"ASEAN", NO_BLOC}


def test_chosen_blocs_in_any_case_and_unknown_ones_refused(store) -> None:
    lower = partner_mix(store, "RUS", level="bloc", blocs=["eu", "asean"])
    assert lower == partner_mix(store, "RUS", level="bloc", blocs=["EU", "ASEAN"])
    with pytest.raises(ValueError, match="not a bloc with members in the registry: NOPE, RUS"):
        partner_mix(store, "RUS", level="bloc", blocs=["nope", "RUS"])


def test_filters(store) -> None:
    assert {r["period"] for r in partner_mix(store, "RUS", since="2019")} == {"2019"}
    assert {r["group"] for r in partner_mix(store, "RUS", types=["ASSAULT"])} == {"UKR"}
    assert [r["period"] for r in partner_mix(store, "RUS", by="quarter", until="2018-02")] == ["2018-Q1"] * 2


def test_an_unknown_level_is_an_error(store) -> None:
    with pytest.raises(ValueError, match="unknown level"):
        partner_mix(store, "RUS", level="continent")
