"""Lexicon coverage: phrases and senses added from the PLOVER example codings, each checked on a
sentence of its own (not a benchmark sentence) for its type, source and target.

They share the model pipeline of conftest.py (marked slow)."""

import pytest
from tests.events.conftest import dyads

pytestmark = pytest.mark.slow


# (sentence, type, source, target or None when the event names no target)
CASES = [
    # refuge, returns of cultural property, releases, lawsuits, discussions, truces, contributions, operations
    ("Jordan opened its borders to Iraqi refugees.", "AID", "JOR", "IRQ"),
    ("Italy returned stolen antiquities to Greece.", "RETREAT", "ITA", "GRC"),
    ("Iran let free two British sailors.", "RETREAT", "IRN", "GBR"),
    ("Hungary launched legal action against the European Commission.", "ACCUSE", "HUN", "EU"),
    ("Kenya held discussions with Somalia on Monday.", "CONSULT", "KEN", "SOM"),
    ("Sudan declared a cease-fire on Monday.", "CONCEDE", "SDN", None),
    ("Norway contributed 20 million dollars to Yemen.", "AID", "NOR", "YEM"),
    ("Ethiopia launched a military operation against Eritrea.", "ASSAULT", "ETH", "ERI"),
    # CONCEDE: easing curfews, emergency measures and administrative restrictions; acceding to demands
    ("Sudan shortened the nightly curfew in Khartoum.", "CONCEDE", "SDN", None),
    ("Serbia eased emergency measures in Kosovo.", "CONCEDE", "SRB", "XKX"),
    ("Egypt lifted restrictions on the media.", "CONCEDE", "EGY", None),
    ("Zimbabwe met the demands of the IMF.", "CONCEDE", "ZWE", "IMF"),
    ("Kenya accepted demands from the IMF.", "CONCEDE", "KEN", "IMF"),
    ("Ukraine commuted the death sentence of a Russian soldier.", "CONCEDE", "UKR", "RUS"),
    ("Iran bowed to pressure from the United States.", "CONCEDE", "IRN", "USA"),
    # AGREE: offers of troops, acceptance of what a partner offers, agreeing to a partner's proposal
    ("Turkey offered troops to Azerbaijan.", "AGREE", "TUR", "AZE"),
    ("Iran accepted an invitation from Russia.", "AGREE", "IRN", "RUS"),
    ("Syria agreed to Russian mediation.", "AGREE", "SYR", "RUS"),
    # CONSULT: mediation efforts between two sides
    ("Qatar launched a mediation effort between Sudan and Chad.", "CONSULT", "QAT", "SDN"),
    # REQUEST: demands "from" the target, pressure, asylum
    ("Russia demanded an apology from Japan.", "REQUEST", "RUS", "JPN"),
    ("The United States has been pressuring Egypt to release the activists.", "REQUEST", "USA", "EGY"),
    ("Hundreds of Afghans sought asylum in Germany.", "REQUEST", "AFG", "DEU"),
    # REJECT: rejecting what the target offered
    ("China rejected an offer from Japan.", "REJECT", "CHN", "JPN"),
    # SANCTION: expelling observers, reducing supplies, halting mediation, prohibiting aid
    ("Belarus expelled OSCE observers.", "SANCTION", "BLR", "OSCE"),
    ("The World Food Programme reduced food supplies to Somalia.", "SANCTION", "WFP", "SOM"),
    ("Egypt halted its mediation between Israel and Hamas.", "SANCTION", "EGY", "ISR"),
    ("Germany prohibited all aid to Syria.", "SANCTION", "DEU", "SYR"),
    ("Russia introduced sanctions against Ukraine.", "SANCTION", "RUS", "UKR"),
    # PROTEST: obstruction, strikes
    ("Greek farmers blocked a bridge near the Bulgarian border.", "PROTEST", "GRC", None),
    ("Kenyan teachers began a hunger strike.", "PROTEST", "KEN", None),
    ("Chinese workers stopped work at the factory.", "PROTEST", "CHN", None),
    # COERCE: preventing protests, forcing people out
    ("Belarusian police prevented a demonstration in Minsk.", "COERCE", "BLR", "BLR"),
    ("Israeli troops forced out Palestinian residents.", "COERCE", "ISR", "PSE"),
    # RETREAT: evacuating positions and settlements
    ("Israel evacuated its settlements in Gaza.", "RETREAT", "ISR", None),
]


@pytest.mark.parametrize(("text", "event_type", "source", "target"), CASES, ids=[c[0][:40] for c in CASES])
def test_sentence_is_coded_with_its_type(code, text, event_type, source, target):
    found = dyads(code(text))
    assert (event_type, (source,), (target,) if target else ()) in found, found


def test_an_action_someone_threatens_is_future(code):
    events = code("Russia threatened to impose sanctions on Georgia.")
    assert ("THREATEN", ("RUS",), ("GEO",)) in dyads(events)
    (sanction,) = [e for e in events if e.event_type == "SANCTION"]
    assert sanction.status == "future"


def test_a_protest_is_not_coded_for_whoever_acts_during_it(code):
    events = code("Kenyan police fired tear gas during a protest in Nairobi.")
    assert not [e for e in events if e.event_type == "PROTEST"]


def test_meeting_demands_is_no_meeting(code):
    events = code("Zimbabwe met the demands of the IMF.")
    assert not [e for e in events if e.event_type == "CONSULT"]
