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
import time
from pathlib import Path
from typing import List, Optional

import typer

from zhenqa.corpora.errors import InputError


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
        from zhenqa.eval import checks as C
        from zhenqa.eval.config import QAConfig
        from zhenqa.eval.qa import accept_all, run_qa
        from zhenqa.eval.suppress import SuppressionSet, merge_into_file

        t0 = time.perf_counter()
        if bitext is not None and (zh is not None or en is not None):
            raise InputError(None, "give either ZH EN or --bitext FILE, not both")
        if bitext is None and (zh is None or en is None):
            raise InputError(None, "give two documents ZH EN, or --bitext FILE")
        if unit not in ("sentence", "paragraph"):
            raise InputError(None, f"--unit must be sentence or paragraph, not {unit!r}")
        from zhenqa.corpora.fileio import check_output_path

        # Every output path is checked before any work: a bad last one must not leave the
        # first ones written by a run that then fails.
        inputs = [bitext, zh, en, config, *ignore, *(Path(t) for t in termbase)]
        for out_path in (json_out, html_out, xlsx_out, csv_out):
            if out_path is not None:
                check_output_path(out_path, inputs)
        if accept_all_to is not None:           # may be one of the --ignore files: merged
            check_output_path(accept_all_to, [bitext, zh, en, config])
        cfg = QAConfig.load(config)
        wanted = None
        if only:
            wanted = [c.strip() for c in only.split(",") if c.strip()]
            unknown = [c for c in wanted if c not in C.CHECKS]
            if unknown:
                raise InputError(None, f"--only: unknown check id(s) {', '.join(unknown)} "
                                       f"(known: {', '.join(C.CHECKS)})")
        sups = SuppressionSet()
        for path in ignore:
            for entry in SuppressionSet.load(path, C.CHECKS).entries:
                sups.add(entry)
        specs = list(termbase) + (["unterm:countries"] if countries else [])
        termindex = _load_termindex(specs) if specs else None

        from zhenqa.pipeline import resolve_translator

        translator, mt_reason = resolve_translator(model)

        if bitext is not None:
            from zhenqa.corpora.bitext import read_bitext

            bt = read_bitext(bitext)
        else:
            terms = ([(z, e) for c in termindex.concepts for z in c.zh for e in c.accepted]
                     if termindex is not None else None)
            bt = _align(zh, en, unit=unit, presplit=presplit, model=translator, force=force,
                        terms=terms)

        result = run_qa(bt, cfg, termindex=termindex, suppressions=sups if len(sups) else None,
                        translator=translator, only=wanted, mt_reason=mt_reason)
        result.meta["input"] = ({"bitext": str(bitext)} if bitext is not None
                                else {"zh": str(zh), "en": str(en), "unit": unit})
        result.meta["total_seconds"] = round(time.perf_counter() - t0, 3)
        report = result.to_json()
        if json_out is not None:
            import json

            from zhenqa.corpora.fileio import write_text

            write_text(json_out, json.dumps(report, ensure_ascii=False, indent=1) + "\n")
        if html_out is not None:
            from zhenqa.eval.report_html import write_html

            write_html(report, html_out)
        if xlsx_out is not None:
            from zhenqa.eval.report_xlsx import write_xlsx

            write_xlsx(report, xlsx_out)
        if csv_out is not None:
            from zhenqa.eval.report_csv import write_csv

            write_csv(report, csv_out)
        if accept_all_to is not None:
            added = merge_into_file(accept_all_to, accept_all(result), C.CHECKS)
            print(f"zhenqa qa: {added} finding(s) accepted into {accept_all_to}", file=sys.stderr)
        if translator is None and model.strip().lower() == "auto":
            from zhenqa.models.translator import note_mt_unavailable

            note_mt_unavailable(mt_reason or "no MT model available offline")
        outputs = [p for p in (json_out, html_out, xlsx_out, csv_out) if p is not None]
        if outputs:
            print(_one_line(report), file=sys.stderr)
        else:
            _print_summary(report, show)


def _load_termindex(specs: list[str]):
    from zhenqa.corpora.termbase import load_termbases

    def segmenter(text: str):
        from zhenqa.align.lexicon import segment

        return segment(text)

    return load_termbases(specs, segmenter=segmenter)


def _align(zh: Path, en: Path, *, unit: str, presplit: bool, model, force: bool, terms=None):
    """Read and align the two documents (the termbase helps the aligner's lexicon)."""
    from zhenqa.align.aligner import to_bitext
    from zhenqa.pipeline import align_paths

    alignment = align_paths(zh, en, unit=unit, presplit=presplit, model=model, force=force,
                            terms=terms or None)
    bt = to_bitext(alignment)
    if not bt.source:
        bt.source = f"{zh} ↔ {en}"
    return bt


def _one_line(report: dict) -> str:
    t = report["totals"]
    sup = report["suppressed"]["total"]
    return (f"zhenqa qa: {len(report['segments'])} segments, {t['error']} errors, "
            f"{t['warning']} warnings, {t['info']} info"
            + (f", {sup} suppressed" if sup else "")
            + f" [{report['config']['signature']}]")


def _print_summary(report: dict, show: int) -> None:
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
