"""`zhenqa terms`: the term-consistency report of a corpus of aligned segments.

    zhenqa terms INPUT... [--termbase FILE]... [--countries] [--min-count N]
                 [--json OUT] [--html OUT] [--csv OUT] [--xlsx OUT] [--tbx OUT]
                 [--model ID|PATH|auto|none]

Options only: the pipeline (`zhenqa.pipeline.run_terms_request`) runs `zhenqa.eval.terms`
(see docs/terms.md) and writes the reports. Exit 0 when the report was made, 2 on bad
input (one line on stderr naming the file). Every output is checked before any work and
written atomically.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer


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
        model: str = typer.Option(
            "none", "--model", metavar="ID|PATH|auto|none",
            help="MT model for occurrences nothing else renders: a hub id in the local cache, a "
                 "local path, 'auto' (the default model if cached) or 'none'."),
    ) -> None:
        """Report how each term is rendered across the corpus, variants and candidate terms."""
        from zhenqa.pipeline import (
            TermsOutputs,
            TermsRequest,
            check_terms_outputs,
            run_terms_request,
            write_terms_reports,
        )

        request = TermsRequest(tuple(str(p) for p in inputs), tuple(termbase), countries, min_count,
                               model=model)
        outputs = TermsOutputs(json=json_out, html=html_out, csv=csv_out, xlsx=xlsx_out, tbx=tbx_out)
        check_terms_outputs(request, outputs)
        report = write_terms_reports(run_terms_request(request), outputs)
        s = report["summary"]
        line = (f"{s['segments']} segments, {s['termbase_terms']} termbase terms "
                f"({', '.join(f'{v} {k}' for k, v in s['by_status'].items() if v) or 'none'}), "
                f"{s['candidates']} candidates, {len(report['variants'])} variants")
        if not outputs.paths():
            for t in report["terms"]:
                typer.echo(f"{t['status']:<12} {t['source']:<9} {t['occurrences']:>6}  "
                           f"{t['zh']}  {t['en'] or ''}")
        print(line, file=sys.stderr)
