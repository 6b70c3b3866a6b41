"""Anchor checks on the classes of false alarm official UN translations raised: times of day,
references to the paragraphs of an article, footnote markers glued to figures in text
extracted from PDF. Each class is accepted (or shown as information) while a real change of
the same figure is still an error, with the evidence that decided it."""
from __future__ import annotations

import pytest

from zhenqa.corpora.model import Bitext, Segment
from zhenqa.eval.qa import run_qa

ANCHOR_CHECKS = ["number", "date", "symbol"]


def findings(zh: str, en: str) -> list[tuple[str, str]]:
    r = run_qa(Bitext([Segment(0, zh, en)]), only=ANCHOR_CHECKS)
    return [(f.check, f.severity) for f in r.findings]


def one(zh: str, en: str):
    r = run_qa(Bitext([Segment(0, zh, en)]), only=ANCHOR_CHECKS)
    assert len(r.findings) == 1, r.findings
    return r.findings[0]


# --- times of day (summary records) -------------------------------------------------------

@pytest.mark.parametrize("zh,en", [
    ("上午10时10分宣布开会。", "The meeting was called to order at 10.10 a.m."),
    ("上午11时35分散会。", "The meeting rose at 11.35 a.m."),
    ("下午3时举行会议。", "The meeting was held at 3 p.m."),
    ("会议于15:30结束。", "The meeting ended at 3.30 p.m."),
    ("会议于下午1时至2时在B会议室举行。", "The meeting will be held from 1 to 2 p.m. in Conference Room B."),
])
def test_a_time_of_day_is_not_a_number(zh, en):
    assert findings(zh, en) == []


def test_a_changed_time_is_a_date_error():
    f = one("上午10时10分宣布开会。", "The meeting was called to order at 10.20 a.m.")
    assert (f.check, f.severity) == ("date", "error")
    assert "10时10分" in f.message and "10.20 a.m." in f.message


# --- references inside an article ---------------------------------------------------------

@pytest.mark.parametrize("zh,en", [
    ("本条第一项所述的措施应予执行。", "The measures referred to in paragraph 1 of this Article shall be implemented."),
    ("本条第一项及第二项的规定不适用。", "The provisions of paragraphs 1 and 2 of this Article shall not apply."),
    ("除第三项所规定外，任何人不得被拘禁。", "Except as provided in the provisions of paragraph 3, no one shall be detained."),
    ("第34a章已于2003年2月1日并入《刑法典》。", "Chapter 34 a was incorporated into the Penal Code on 1 February 2003."),
])
def test_a_reference_whose_number_agrees_is_accepted_whatever_the_division_word(zh, en):
    assert findings(zh, en) == []


def test_a_reference_to_another_paragraph_is_an_error():
    f = one("本条第一项所述的措施应予执行。", "The measures referred to in paragraph 2 of this Article shall be implemented.")
    assert (f.check, f.severity) == ("symbol", "error")
    assert "digits" in f.evidence


# --- footnote markers glued to figures (PDF text) -----------------------------------------

@pytest.mark.parametrize("zh,en,marker", [
    ("宣布2001-2010年为十年，作为一项倡议。", "Proclaims the Decade 2001-20107 as an initiative.", "7"),
    ("执行《21世纪议程》。", "Implementation of Agenda 213", "3"),
    ("到2030年，消除贫困。", "By 20304, end poverty.", "4"),
])
def test_a_footnote_marker_glued_to_a_figure_is_information(zh, en, marker):
    f = one(zh, en)
    assert f.severity == "info"
    assert f"footnote marker {marker}" in f.message
    assert "extraction artefact" in f.evidence


def test_a_footnote_number_glued_to_a_chinese_word_is_information():
    f = one("财政政策2的再分配影响", "Redistributive impact of fiscal policy")
    assert f.severity == "info" and "footnote" in f.message


def test_a_range_that_really_differs_is_still_an_error():
    # 2011 is not 2010 plus a footnote 1: without its last digit it does not match either
    assert ("date", "error") in findings("宣布2001-2010年为十年。", "Proclaims the Decade 2001-2012.")


def test_a_full_stop_inside_a_symbol_extracted_from_pdf_is_the_dot():
    zh = "种族或宗教少数群体（见特别报告员的报告（E/CN。 4/1996/95/Add.1））"
    en = "ethnic or religious minorities (see the report of the Special Rapporteur (E/CN.4/1996/95/Add.1))"
    assert findings(zh, en) == []


# --- severity discipline ------------------------------------------------------------------

def test_every_anchor_finding_names_its_evidence_and_artefacts_are_never_errors():
    cases = [("到2030年，消除贫困。", "By 2031, end poverty."),                # hard: error
             ("审议了马尔代夫总统的信，4", "Having considered the letter of the President"),  # marker
             ("委员会将于2001年5月15日开会。", "The committee would meet on 15 May.")]        # style
    got = []
    for zh, en in cases:
        r = run_qa(Bitext([Segment(0, zh, en)]), only=ANCHOR_CHECKS)
        got += [(f.severity, f.extra["decided_by"], f.evidence) for f in r.findings]
    assert [(s, d) for s, d, _ in got] == [("error", "hard"), ("info", "artefact"), ("info", "style")]
    assert all(e for _, _, e in got)
