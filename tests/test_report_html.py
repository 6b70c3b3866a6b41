"""The HTML report: self-contained, escaped, and usable (filters, keyboard) in a real browser."""
from __future__ import annotations

import re

import pytest
import yaml

from zhenqa.corpora.model import Bitext, Segment
from zhenqa.eval.qa import run_qa
from zhenqa.eval.report_html import render_html, write_html

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EVIL = '<script>window.__pwned = 1;</script><img src=x onerror="window.__pwned=2">'


@pytest.fixture(scope="module")
def report(data_dir) -> dict:
    """A real report: the SDG indicators (with their known version mismatches) plus a few
    targets carrying known errors, and one segment whose text is an injection attempt."""
    d = data_dir / "sdg_goals_targets_indicators_zh_en"
    zh = yaml.safe_load((d / "global_indicators.zh-Hans.yml").read_text(encoding="utf-8"))
    en = yaml.safe_load((d / "global_indicators.en.yml").read_text(encoding="utf-8"))
    segs = [Segment(i, " ".join(zh[k].split()), " ".join(en[k].split())) for i, k in enumerate(zh)]
    segs[3].en = segs[3].en + " 比例"                       # untranslated (error)
    segs[4].en = segs[4].en.replace(" ", "  ", 1)           # whitespace (warning)
    segs[6].en = EVIL + " " + segs[6].en
    segs[6].zh = EVIL + segs[6].zh
    return run_qa(Bitext(segs, source="SDG indicators <b>test</b>")).to_json()


def test_report_is_self_contained_and_escaped(report):
    html = render_html(report)
    assert "<script>window.__pwned" not in html
    assert "&lt;script&gt;window.__pwned" in html
    assert "<b>test</b>" not in html and "&lt;b&gt;test&lt;/b&gt;" in html
    # nothing is fetched: no external URL in src/href, no @import
    assert not re.search(r'(src|href)\s*=\s*["\']?(https?:)?//', html)
    assert "@import" not in html
    # only the report's own script may run (CSP nonce)
    nonce = re.search(r"script-src 'nonce-([^']+)'", html).group(1)
    assert html.count(f'<script nonce="{nonce}">') == 1
    assert len(re.findall(r"<script\b", html)) == 1


def test_counts_and_signature_are_in_the_report(report):
    html = render_html(report)
    assert report["config"]["signature"] in html
    for cid, counts in report["counts"].items():
        assert f'data-testid="check-{cid}"' in html


def test_every_finding_shows_the_evidence_that_decided_it(report):
    html = render_html(report)
    assert report["findings"] and all(f["evidence"] for f in report["findings"])
    omission = [f for f in report["findings"] if f["check"] == "omission"]
    assert omission and all("lexical LLR" in f["evidence"] for f in omission)
    shown = re.findall(r'<span class="evidence"[^>]*>\[([^\]]*)\]</span>', html)
    assert len(shown) == len(report["findings"])


@pytest.mark.browser
def test_filters_keyboard_and_no_script_execution_in_chromium(report, tmp_path):
    from playwright.sync_api import sync_playwright

    path = tmp_path / "report.html"
    write_html(report, path)
    n_error_rows = len({f["segment"] for f in report["findings"] if f["severity"] == "error"})
    n_rows = len({f["segment"] for f in report["findings"]})
    ws_rows = {f["segment"] for f in report["findings"] if f["check"] == "whitespace"}
    first_two = sorted({f["segment"] for f in report["findings"]})[:2]
    assert n_error_rows and n_rows > n_error_rows
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(path.as_uri())
            assert page.evaluate("window.__pwned") is None            # injected code never ran
            assert errors == []
            visible = page.locator("tr.seg:not(.hidden)")
            assert visible.count() == n_rows                          # segments with findings
            # severity filter: only errors
            page.get_by_test_id("sev-warning").uncheck()
            page.get_by_test_id("sev-info").uncheck()
            assert visible.count() == n_error_rows
            for row in visible.all():
                assert "error" in row.get_attribute("data-severities").split()
            assert page.locator(".finding.sev-warning:not(.hidden)").count() == 0
            # check filter: whitespace only (a warning), with warnings back on
            page.get_by_test_id("sev-warning").check()
            page.locator("#no-checks").click()
            page.get_by_test_id("check-whitespace").check()
            shown = {int(r.get_attribute("data-seg")) for r in visible.all()}
            assert shown == ws_rows
            # back to everything; keyboard: j twice, k once
            page.locator("#all-checks").click()
            page.get_by_test_id("sev-info").check()
            page.keyboard.press("j")
            assert page.locator("tr.seg.current").get_attribute("data-seg") == str(first_two[0])
            page.keyboard.press("j")
            assert page.locator("tr.seg.current").get_attribute("data-seg") == str(first_two[1])
            page.keyboard.press("k")
            assert page.locator("tr.seg.current").get_attribute("data-seg") == str(first_two[0])
            # the injected markup is shown as text
            assert EVIL in page.locator("#seg-6 td.en").inner_text()
        finally:
            browser.close()
