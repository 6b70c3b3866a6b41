"""`zhenqa inspect FILE`: show what the tool sees in one document.

A readable table by default (kind, label, outline path, text excerpt, anchors); with
`--json` the shape ../shared/CLI_CONTRACT.md fixes:
`{"lang", "units": [{"kind", "label", "text", "sentences", "anchors": [{"type", "value",
"text"}]}]}` plus a few extra keys (path, symbol, format, anchor offsets). Without `--lang`
the language is detected. Readers are imported inside the command so that `zhenqa --help`
stays fast.
"""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import typer

if TYPE_CHECKING:
    from zhenqa.corpora.model import Document


class LangChoice(str, Enum):
    zh = "zh"
    en = "en"


def inspect(
    file: Path = typer.Argument(..., help="Document to read (.txt, .docx, .pdf, .html, .xml)."),
    lang: Optional[LangChoice] = typer.Option(None, "--lang", help="The document's language "
                                              "(zh or en); detected when omitted, checked when given."),
    as_json: bool = typer.Option(False, "--json", help="Print the units as JSON (the contract shape)."),
    presplit: bool = typer.Option(False, "--presplit", help="One unit a line, as is."),
) -> None:
    """Show a document's structural units (kind, label, text, sentences) and anchors."""
    from zhenqa.corpora.readers import read_document

    doc = read_document(file, lang.value if lang else None, presplit=presplit)
    if as_json:
        json.dump(document_json(doc), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    _print_table(doc)


def document_json(doc: Document) -> dict[str, Any]:
    """The contract's JSON object for a Document (extra keys: path, symbol, format, title)."""
    return {
        "lang": doc.lang,
        "path": doc.path,
        "format": doc.source_format,
        "symbol": doc.symbol,
        "title": doc.title,
        "units": [
            {
                "kind": u.kind,
                "label": u.label,
                "text": u.text,
                "sentences": list(u.sentences),
                "anchors": [{"type": a.type, "value": a.value, "text": a.text,
                             "start": a.start, "end": a.end} for a in u.anchors],
                "path": list(u.path),
            }
            for u in doc.units
        ],
    }


def _print_table(doc: Document) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    counts: dict[str, int] = {}
    for u in doc.units:
        counts[u.kind] = counts.get(u.kind, 0) + 1
    summary = ", ".join(f"{n} {k}" for k, n in counts.items())
    head = f"{doc.path}  lang={doc.lang}  format={doc.source_format}"
    if doc.symbol:
        head += f"  symbol={doc.symbol}"
    table = Table(title=head, caption=f"{len(doc.units)} units: {summary}", show_lines=False,
                  expand=False)
    table.add_column("#", justify="right", style="dim")
    table.add_column("kind")
    table.add_column("label", style="bold")
    table.add_column("path", style="dim")
    table.add_column("text", overflow="fold", ratio=3)
    table.add_column("sent.", justify="right")
    table.add_column("anchors", overflow="fold", ratio=2)
    for i, u in enumerate(doc.units):
        excerpt = u.text if len(u.text) <= 80 else u.text[:77] + "…"
        anchors = "; ".join(f"{a.type}={a.value}" for a in u.anchors)
        table.add_row(str(i), u.kind, u.label or "", "/".join(u.path), excerpt,
                      str(len(u.sentences)), anchors)
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add the `inspect` command to the app."""
    app.command("inspect")(inspect)
