"""Groups of actors from the registry: organisations' members, UN regions, blocs."""

from __future__ import annotations

from detente.analysis.groups import (
    NO_BLOC,
    ORGANISATIONS,
    OTHER,
    actor_info,
    codes_of,
    default_registry,
    expand,
    memberships,
)


def test_expand_an_organisation_a_region_and_a_code() -> None:
    registry = default_registry()
    asean = expand("ASEAN", registry)
    assert {"ASEAN", "SGP", "VNM", "IDN"} <= set(asean) and "CHN" not in asean
    asia = expand("Asia", registry)
    assert {"CHN", "SGP", "IND"} <= set(asia) and "RUS" not in asia
    assert set(expand("south-eastern asia", registry)) >= {"SGP", "VNM"} and "CHN" not in expand(
        "South-eastern Asia", registry
    )
    assert expand("chn", registry) == ["CHN"] and expand("XYZ", registry) == ["XYZ"]
    assert codes_of(["CHN", "RUS"], registry) == ["CHN", "RUS"]


def test_memberships_by_level() -> None:
    registry = default_registry()
    assert memberships(["RUS"], "partner", registry) == [("RUS", "RUS")]
    regions = dict(memberships(["RUS", "ASEAN", "NATO", "XYZ"], "region", registry))
    assert regions == {"RUS": "Europe", "ASEAN": "Asia", "NATO": ORGANISATIONS, "XYZ": OTHER}
    assert dict(memberships(["SGP"], "subregion", registry)) == {"SGP": "South-eastern Asia"}
    blocs = memberships(["CHN", "UKR"], "bloc", registry)
    assert ("CHN", "SCO") in blocs and ("CHN", "BRICS") in blocs and ("UKR", NO_BLOC) in blocs
    assert memberships(["CHN"], "bloc", registry, blocs=["EU"]) == [("CHN", NO_BLOC)]


def test_actor_info() -> None:
    registry = default_registry()
    assert actor_info("RUS", registry) == {"name": "Russia", "kind": "state", "region": "Europe",
                                           "subregion": "Eastern Europe"}  # fmt: skip
    assert actor_info("ASEAN", registry)["region"] == "Asia"
    assert actor_info("XYZ", registry) == {"name": "XYZ", "kind": "unknown"}
