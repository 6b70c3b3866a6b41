"""The terms HTML report: self-contained, escaped, sortable and filterable in a real
browser, each term expanding to its contexts with the term highlighted on both sides."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from test_terms import TERMBASE, sdg_pairs

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EVIL = '<script>window.__pwned = 1;</script><img src=x onerror="window.__pwned=2">'


@pytest.fixture(scope="module")
def report(data_dir, tmp_path_factory) -> dict:
    """SDG targets with one hostile segment that also holds a termbase term."""
    from zhenqa.eval.terms.report import to_json
    from zhenqa.eval.terms.run import TermsRequest, run_terms

    tmp = tmp_path_factory.mktemp("terms_html")
    pairs = sdg_pairs(data_dir)
    k = next(i for i, (z, e) in enumerate(pairs) if "最不发达国家" in z)
    z, e = pairs[k]
    pairs[k] = (EVIL + z, EVIL + e.replace("least developed countries", "poorest countries", 1))
    (tmp / "t.tsv").write_text("".join(f"{a}\t{b}\n" for a, b in pairs), encoding="utf-8")
    (tmp / "tb.csv").write_text(TERMBASE, encoding="utf-8")
    return to_json(run_terms(TermsRequest((str(tmp / "t.tsv"),), (str(tmp / "tb.csv"),))))


def test_html_is_self_contained_and_escaped(report):
    from zhenqa.eval.terms.report_html import render_html

    html = render_html(report)
    assert "<script>window.__pwned" not in html and "&lt;script&gt;window.__pwned" in html
    assert not re.search(r'(src|href)\s*=\s*["\']?(https?:)?//', html)
    nonce = re.search(r"script-src 'nonce-([^']+)'", html).group(1)
    assert len(re.findall(r"<script\b", html)) == 1 and f'<script nonce="{nonce}">' in html


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")
def test_sort_filter_expand_in_chromium(report, tmp_path):
    from playwright.sync_api import sync_playwright

    from zhenqa.eval.terms.report_html import write_html

    path = tmp_path / "terms.html"
    write_html(report, path)
    terms = report["terms"]
    ldc_index = next(i for i, t in enumerate(terms) if t["zh"] == "最不发达国家")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(path.as_uri())
            assert page.evaluate("window.__pwned") is None and errors == []
            visible = page.locator("tbody.term:not(.hidden)")
            assert visible.count() == len(terms)
            # filter by status: only inconsistent termbase terms are left
            for s in ("forbidden", "unverified", "consistent"):
                page.get_by_test_id(f"status-{s}").uncheck()
            assert visible.count() == sum(t["status"] == "inconsistent" for t in terms) >= 1
            for s in ("forbidden", "unverified", "consistent"):
                page.get_by_test_id(f"status-{s}").check()
            # text filter
            page.get_by_test_id("filter").fill("infrastructure")
            assert [r.get_attribute("data-zh") for r in visible.all()] == \
                [t["zh"] for t in terms if "infrastructure" in (t["en"] or "").lower()]
            page.get_by_test_id("filter").fill("")
            # sort by occurrences, descending (second click)
            header = page.locator("#terms th[data-key=occurrences]")
            header.click()
            header.click()
            counts = [int(r.get_attribute("data-occurrences")) for r in visible.all()]
            assert counts == sorted(counts, reverse=True)
            # expand a term: contexts side by side, the term and its rendering highlighted
            body = page.locator(f"#term-{ldc_index}")
            assert body.locator("tr.detail").is_hidden()
            body.locator("tr.head").click()
            assert body.locator("tr.detail").is_visible()
            marks_zh = body.locator("table.ctx td.zh mark.hl").all_inner_texts()
            marks_en = body.locator("table.ctx td.en mark.hl").all_inner_texts()
            assert set(marks_zh) == {"最不发达国家"}
            assert "least developed countries" in marks_en and "poorest countries" in marks_en
            # the hostile text is shown as text
            assert EVIL in body.locator("tr.detail").inner_text()
        finally:
            browser.close()
