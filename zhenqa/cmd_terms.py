"""`zhenqa terms`: the term-consistency report of a corpus of aligned segments.

    zhenqa terms INPUT... [--termbase FILE]... [--countries] [--min-count N]
                 [--json OUT] [--html OUT] [--csv OUT] [--xlsx OUT] [--tbx OUT]

Options only; the work is `zhenqa.eval.terms` (see docs/terms.md). Exit 0 when the report
was made, 2 on bad input (one line on stderr naming the file). Every output is checked
before any work and written atomically.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from zhenqa.corpora.errors import InputError


def register(app: typer.Typer) -> None:
    """Add `terms` to the app."""

    @app.command("terms")
    def terms(
        inputs: List[Path] = typer.Argument(..., metavar="INPUT", help="Aligned bitexts (.tsv zh<TAB>en, .tmx, .xlf, "
                                                      ".jsonl) or `zhenqa batch` output folders."),
        termbase: List[str] = typer.Option(
            [], "--termbase", metavar="FILE", help="Termbase .csv/.tsv (zh,en[,status,note,id]) or "
                                                   ".tbx, or 'unterm:countries'. Repeatable."),
        countries: bool = typer.Option(False, "--countries", help="Also report UNTERM country names."),
        min_count: int = typer.Option(3, "--min-count", help="Occurrences a candidate term needs."),
        json_out: Optional[Path] = typer.Option(None, "--json", help="Write the JSON report."),
        html_out: Optional[Path] = typer.Option(None, "--html", help="Write the HTML report."),
        csv_out: Optional[Path] = typer.Option(None, "--csv", help="Write the renderings as CSV."),
        xlsx_out: Optional[Path] = typer.Option(None, "--xlsx", help="Write the XLSX report."),
        tbx_out: Optional[Path] = typer.Option(None, "--tbx", help="Write terms and candidates as TBX."),
    ) -> None:
        """Report how each term is rendered across the corpus, variants and candidate terms."""
        from zhenqa.corpora.fileio import check_output_path

        if min_count < 1:
            raise InputError(None, f"--min-count must be at least 1, not {min_count}")
        outs = [json_out, html_out, csv_out, xlsx_out, tbx_out]
        sources = [*inputs, *(Path(t) for t in termbase)]
        for out in outs:
            if out is not None:
                check_output_path(out, sources)
        from zhenqa.eval.terms.report import to_json, write_json
        from zhenqa.eval.terms.run import TermsRequest, run_terms

        request = TermsRequest(tuple(str(p) for p in inputs), tuple(termbase), countries, min_count)
        result = run_terms(request)
        # the other writers list a few references per rendering; the JSON lists them all
        report = to_json(result, max_refs=50)
        if json_out is not None:
            write_json(result, json_out)
        if html_out is not None:
            from zhenqa.eval.terms.report_html import write_html

            write_html(report, html_out)
        if csv_out is not None or xlsx_out is not None or tbx_out is not None:
            from zhenqa.eval.terms import export

            if csv_out is not None:
                export.write_csv(report, csv_out)
            if xlsx_out is not None:
                export.write_xlsx(report, xlsx_out)
            if tbx_out is not None:
                export.write_tbx(report, tbx_out)
        s = report["summary"]
        line = (f"{s['segments']} segments, {s['termbase_terms']} termbase terms "
                f"({', '.join(f'{v} {k}' for k, v in s['by_status'].items() if v) or 'none'}), "
                f"{s['candidates']} candidates, {len(report['variants'])} variants")
        if not any(outs):
            for t in report["terms"]:
                typer.echo(f"{t['status']:<12} {t['source']:<9} {t['occurrences']:>6}  "
                           f"{t['zh']}  {t['en'] or ''}")
        print(line, file=sys.stderr)
