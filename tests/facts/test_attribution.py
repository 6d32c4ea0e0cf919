"""Attribution with the real model: measure, subject and partner, kind, sign and period."""

from __future__ import annotations

import pytest

from detente.schemas import ActorMention, Fact

pytestmark = pytest.mark.slow


def codes(mentions: list[ActorMention]) -> set[str | None]:
    return {m.code for m in mentions}


def only(facts: list[Fact], text: str) -> Fact:
    found = [f for f in facts if f.text == text]
    assert len(found) == 1, [(f.text, f.measure) for f in facts]
    return found[0]


def test_trade_between_with_forecast_and_period(facts_of) -> None:
    facts = facts_of(
        "The volume of mutual trade between Russia and China may reach $100 billion by the end of 2018.",
        "2018-11-18",
    )
    fact = only(facts, "$100 billion")
    assert (fact.measure, fact.kind, fact.value, fact.unit) == ("trade", "forecast", 100e9, "USD")
    assert codes(fact.subject) == {"RUS"} and codes(fact.partner) == {"CHN"}
    assert fact.period is not None and fact.period.value == "2018"


def test_possessive_exports_to_partner_and_relative_half_year(facts_of) -> None:
    text = (
        "Russia’s exports to China totaled $26 billion in the first half of the current year, marking a 43 "
        "percent growth compared to the same period a year ago."
    )
    facts = facts_of(text, "2018-11-18")
    level, change = only(facts, "$26 billion"), only(facts, "43 percent")
    for fact in (level, change):
        assert fact.measure == "exports"
        assert codes(fact.subject) == {"RUS"} and codes(fact.partner) == {"CHN"}
        assert fact.period is not None and fact.period.value.startswith("2018")  # not "a year ago"
    assert (level.kind, change.kind, change.value, change.unit) == ("level", "change", 43, "percent")


def test_growth_and_level_with_the_two_countries_from_context(facts_of) -> None:
    text = (
        "Russia’s exports to China totaled $26 billion. "
        "Bilateral trade between the two countries grew by 31.5 percent, reaching $87 billion in 2017."
    )
    facts = facts_of(text)
    change, level = only(facts, "31.5 percent"), only(facts, "$87 billion")
    for fact in (change, level):
        assert fact.measure == "trade" and fact.period is not None and fact.period.value == "2017"
        assert codes(fact.subject) | codes(fact.partner) == {"RUS", "CHN"}
        assert {m.how for m in fact.subject + fact.partner} == {"context"}
    assert (change.kind, change.value) == ("change", 31.5)
    assert (level.kind, level.value) == ("level", 87e9)


def test_adjective_compounds_give_subject_and_partner(facts_of) -> None:
    facts = facts_of("In particular, Russian-Singapore circulation grew by 94%, Russian-Thailand one grew by 50%.")
    first, second = only(facts, "94%"), only(facts, "50%")
    assert (first.measure, first.kind) == ("trade", "change")
    assert codes(first.subject) == {"RUS"} and codes(first.partner) == {"SGP"}
    assert codes(second.subject) == {"RUS"} and codes(second.partner) == {"THA"}


def test_typo_alias_partner_with(facts_of) -> None:
    facts = facts_of("According to Putin, Russian commodity circulation with the ASEA states grew by 35% in 2017.")
    fact = only(facts, "35%")
    assert (fact.measure, fact.kind, fact.value) == ("trade", "change", 35)
    assert codes(fact.subject) == {"RUS"} and codes(fact.partner) == {"ASEAN"}
    assert fact.period is not None and fact.period.value == "2017"


def test_mutual_investment_takes_the_pair_from_context(facts_of) -> None:
    text = (
        "Russian commodity circulation with the ASEAN states grew by 35%. "
        "Mutual accumulated investment exceeds $25 billion."
    )
    fact = only(facts_of(text), "$25 billion")
    assert (fact.measure, fact.kind, fact.approx) == ("investment", "level", "more than")
    assert codes(fact.subject) | codes(fact.partner) == {"RUS", "ASEAN"}
    assert fact.period is None


def test_troops_including_a_contingent(facts_of) -> None:
    text = (
        "War games are taking place this week in the Transbaikal region in Russia’s Far East involving "
        "300,000 troops, including 3,000 from China."
    )
    facts = facts_of(text)
    total, contingent = only(facts, "300,000 troops"), only(facts, "3,000")
    for fact in (total, contingent):
        assert (fact.measure, fact.unit) == ("military_personnel", "persons")
    assert codes(total.subject) == {"RUS"} and codes(total.partner) == {"CHN"}
    assert codes(contingent.subject) == {"CHN"} and codes(contingent.partner) == {"RUS"}


def test_the_two_states_and_a_relative_clause(facts_of) -> None:
    text = (
        "China and Russia are among the states creating new forums. "
        "Moreover, the two states have signed a $400 billion natural gas supply deal, which will see an "
        "approximately 2,000-mile gas pipeline built to connect eastern Siberia to northeast China."
    )
    facts = facts_of(text)
    deal, pipeline = only(facts, "$400 billion"), only(facts, "2,000-mile")
    assert (deal.measure, deal.value) == ("deal", 400e9)
    assert (pipeline.measure, pipeline.unit, pipeline.approx, pipeline.kind) == (
        "distance",
        "miles",
        "about",
        "level",
    )
    for fact in (deal, pipeline):
        assert codes(fact.subject) | codes(fact.partner) == {"RUS", "CHN"}


def test_fund_of_a_group(facts_of) -> None:
    text = (
        "This will finance infrastructure and other projects in the BRICS states, and a related $100 billion "
        "special currency reserve fund."
    )
    fact = only(facts_of(text), "$100 billion")
    assert fact.measure == "fund" and codes(fact.subject) == {"BRICS"} and fact.partner == []


def test_two_possessive_figures_share_the_partner(facts_of) -> None:
    text = "It cannot be compared with China’s US$685 billion or South Korea’s US$155 billion trade volume with ASEAN."
    facts = facts_of(text)
    china, korea = only(facts, "US$685 billion"), only(facts, "US$155 billion")
    assert codes(china.subject) == {"CHN"} and codes(china.partner) == {"ASEAN"}
    assert codes(korea.subject) == {"KOR"} and codes(korea.partner) == {"ASEAN"}
    assert china.measure == korea.measure == "trade"


def test_dyadic_trade_without_actors_and_two_clause_periods(facts_of) -> None:
    text = (
        "Both partners also signed the ASEAN–Russia Trade and Investment Cooperation Roadmap in 2021. "
        "Trade turnover reached a peak of US$23 billion in 2014 and then plummeted to US$15 billion by 2020."
    )
    facts = facts_of(text)
    peak, low = only(facts, "US$23 billion"), only(facts, "US$15 billion")
    assert peak.period is not None and peak.period.value == "2014"
    assert low.period is not None and low.period.value == "2020"
    for fact in (peak, low):
        assert (fact.measure, fact.kind, fact.unit) == ("trade", "level", "USD")
        assert codes(fact.subject) | codes(fact.partner) == {"RUS", "ASEAN"}
    assert not any(m.code == "USA" for f in facts for m in f.subject + f.partner)  # "US$" is no actor


def test_deal_worth_with_partner_and_no_period_from_publication(facts_of) -> None:
    text = (
        "According to Russian media, the Direct Investment Fund of Russia plans to sign a series of "
        "agreements and contracts worth about 1.1 billion US dollars with Southeast Asian countries."
    )
    fact = only(facts_of(text, "2018-11"), "1.1 billion US dollars")
    assert (fact.measure, fact.value, fact.approx) == ("deal", 1.1e9, "about")
    assert codes(fact.subject) == {"RDIF"} and codes(fact.partner) == {"ASEAN"}
    assert fact.period is None


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("Trade between Russia and China fell 10 percent in 2015.", -10, "change"),
        ("Russia's exports to China posted a 6.7% decline.", -6.7, "change"),
        ("Trade between Russia and China plummeted by 28 percent.", -28, "change"),
        ("Trade between Russia and China rose 12 percent.", 12, "change"),
        ("China accounts for 15% of Russia's exports.", 15, "share"),
        ("Trade between Russia and China nearly doubled.", 100, "change"),
    ],
)
def test_kinds_and_signs(facts_of, text: str, value: float, kind: str) -> None:
    (fact,) = [f for f in facts_of(text) if f.unit == "percent"]
    assert (fact.value, fact.kind) == (value, kind)


def test_count_with_joint_takes_context(facts_of) -> None:
    text = (
        "During the ASEAN summit, Putin praised the Sochi declaration. "
        "According to him the joint business cooperation roadmap containing about 60 joint projects is being "
        "carried out."
    )
    fact = only(facts_of(text), "60 joint projects")
    assert (fact.measure, fact.unit, fact.value) == ("count", "count", 60)
    assert codes(fact.subject) | codes(fact.partner) == {"RUS", "ASEAN"}


def test_figures_without_actor_are_dropped(facts_of) -> None:
    assert facts_of("The bridge cost $5 billion and is 2,000 km long.") == []


def test_provenance_and_stable_ids(facts_of) -> None:
    text = "Intro sentence here. Trade between Russia and China reached $87 billion in 2017."
    (fact,) = facts_of(text, doc_id="doc7")
    assert text[fact.start : fact.end] == "$87 billion" == fact.text
    assert fact.sentence == 1 and fact.sentence_text.startswith("Trade between")
    assert all(text[m.start : m.end] == m.text for m in fact.subject + fact.partner)
    (again,) = facts_of(text, doc_id="doc7")
    assert again.fact_id == fact.fact_id
    (other,) = facts_of(text, doc_id="doc8")
    assert other.fact_id != fact.fact_id
