"""`zhenqa qa`: translation QA of an aligned bitext or of two documents (aligned first).

    zhenqa qa ZH EN [--termbase FILE]... [--json OUT] [--html OUT] [--xlsx OUT] [--csv OUT]
                    [--config QA.toml] [--ignore FILE] [--accept-all-to FILE] [--model ...]
    zhenqa qa --bitext FILE [same options]

Exit 0 whenever the QA ran, findings or not (finding problems is the tool working); exit 2
for bad input. With no report option a summary table is printed; with report options a
one-line summary goes to stderr and the reports are written atomically.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, List, Optional

import typer


def register(app: typer.Typer) -> None:
    """Add `qa` to the app."""

    @app.command("qa")
    def qa(
        zh: Optional[Path] = typer.Argument(None, help="Chinese document (omit with --bitext)."),
        en: Optional[Path] = typer.Argument(None, help="English document (omit with --bitext)."),
        bitext: Optional[Path] = typer.Option(
            None, "--bitext", help="Already aligned file: .tsv (zh<TAB>en), .tmx, .xlf/.xliff, .jsonl."),
        termbase: List[str] = typer.Option(
            [], "--termbase", metavar="FILE", help="Termbase .csv/.tsv (zh,en[,status,note]) or .tbx, or "
                                   "'unterm:countries'. Repeatable."),
        countries: bool = typer.Option(
            False, "--countries", help="Also check official UN country names (= --termbase unterm:countries)."),
        json_out: Optional[Path] = typer.Option(None, "--json", help="Write the JSON report."),
        html_out: Optional[Path] = typer.Option(None, "--html", help="Write the HTML report."),
        xlsx_out: Optional[Path] = typer.Option(None, "--xlsx", help="Write the XLSX report."),
        csv_out: Optional[Path] = typer.Option(None, "--csv", help="Write findings as CSV."),
        config: Optional[Path] = typer.Option(None, "--config", help="QA settings (TOML) over the defaults."),
        ignore: List[Path] = typer.Option(
            [], "--ignore", metavar="FILE",
            help="Ignore file of accepted findings, keyed by check and segment content: JSON "
                 "as written by --accept-all-to, or TSV with header check, zh, en[, key, note]. "
                 "Repeatable."),
        accept_all_to: Optional[Path] = typer.Option(
            None, "--accept-all-to", metavar="FILE",
            help="Add every finding of this run to this ignore file (created or merged)."),
        model: str = typer.Option(
            "auto", "--model", help="MT model for proposals and chrF/BLEU: a hub ID in the local "
                                    "cache, a local PATH, 'auto' (the default model when it is "
                                    "available offline) or 'none'."),
        unit: str = typer.Option("sentence", "--unit", help="sentence|paragraph (two documents)."),
        presplit: bool = typer.Option(False, "--presplit", help="Inputs are one unit a line."),
        force: bool = typer.Option(False, "--force", help="Align even documents that do not look parallel."),
        only: Optional[str] = typer.Option(None, "--only", help="Comma-separated check ids to run."),
        show: int = typer.Option(20, "--show", help="Findings listed in the summary (0 = counts only)."),
    ) -> None:
        """Check an aligned Chinese-English text: numbers, terms, omissions, consistency..."""
        from zhenqa.pipeline import (
            QARequest,
            ReportOutputs,
            accept_findings,
            check_report_outputs,
            run_qa_request,
            write_reports,
        )

        req = QARequest(zh=zh, en=en, bitext=bitext, termbases=tuple(termbase), countries=countries,
                        config=config, ignore=tuple(ignore), model=model, unit=unit, presplit=presplit,
                        force=force, only=tuple(only.split(",")) if only else None)
        outputs = ReportOutputs(json=json_out, html=html_out, xlsx=xlsx_out, csv=csv_out)
        check_report_outputs(req, outputs, accept_all_to)
        outcome = run_qa_request(req)
        write_reports(outcome, outputs)
        if accept_all_to is not None:
            added = accept_findings(outcome, accept_all_to)
            print(f"zhenqa qa: {added} finding(s) accepted into {accept_all_to}", file=sys.stderr)
        note = outcome.note()
        if note:
            print(note, file=sys.stderr)
        if outputs.paths():
            print(_one_line(outcome.report()), file=sys.stderr)
        else:
            _print_summary(outcome.report(), show)


def _one_line(report: dict[str, Any]) -> str:
    t = report["totals"]
    sup = report["suppressed"]["total"]
    return (f"zhenqa qa: {len(report['segments'])} segments, {t['error']} errors, "
            f"{t['warning']} warnings, {t['info']} info"
            + (f", {sup} suppressed" if sup else "")
            + f" [{report['config']['signature']}]")


def _print_summary(report: dict[str, Any], show: int) -> None:
    """A readable summary on stdout: counts per check and severity, then the first findings."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console(highlight=False, soft_wrap=False)
    segs = {s["id"]: s for s in report["segments"]}
    table = Table(title=escape(f"zhenqa qa — {report.get('source') or ''}"), title_justify="left")
    table.add_column("check")
    for sev in ("error", "warning", "info"):
        table.add_column(sev, justify="right")
    for cid, row in report["counts"].items():
        table.add_row(cid, *(str(row[s]) if row[s] else "·" for s in ("error", "warning", "info")))
    t = report["totals"]
    table.add_row("[b]total[/b]", str(t["error"]), str(t["warning"]), str(t["info"]))
    console.print(table)
    if show and report["findings"]:
        ft = Table(show_lines=False)
        ft.add_column("seg", justify="right")
        ft.add_column("severity")
        ft.add_column("check")
        ft.add_column("message", overflow="fold")
        for f in report["findings"][:show]:
            ft.add_row(str(f["segment"]), f["severity"], f["check"], escape(f["message"]))
        console.print(ft)
        if len(report["findings"]) > show:
            console.print(f"… {len(report['findings']) - show} more findings "
                          "(write a report with --html/--json/--xlsx/--csv)")
    scores = report["scores"]
    console.print(f"segments: {len(segs)}  QA score: {scores['qa']['score']}% without error")
    mt = scores.get("mt") or {}
    if mt.get("available") is False:
        console.print(f"MT proposals unavailable: {escape(str(mt.get('reason', '')))}")
    for name in ("bleu", "chrf"):
        if name in scores:
            console.print(f"{name.upper()} {scores[name]['score']:.2f}  {scores[name]['signature']}")
    sup = report["suppressed"]["total"]
    if sup:
        console.print(f"suppressed by ignore file: {sup}")
    console.print(f"config: {report['config']['signature']}")
