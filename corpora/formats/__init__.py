"""One reader per input format; each turns a file's bytes into text blocks.

Readers know their format only: what a docx heading style, an HTML <li> or a UDHR
<article> means. Everything after that — layout undoing for text, language check, kinds,
labels, sentences, anchors — is shared and lives in `corpora.readers`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from zhenqa.corpora.structure import Block
from zhenqa.corpora.textnorm import is_cjk_wide


@dataclass(slots=True)
class Extracted:
    """What a format reader got out of a file.

    Either `blocks` (formats that mark their paragraphs: docx, HTML, XML) or `text` whose
    layout is still to be undone (plain text, PDF), with `layout` "auto"/"wrapped"/"lines".
    """

    format: str
    blocks: list[Block] | None = None
    text: str | None = None
    layout: str = "auto"
    title: str | None = None
    symbol: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def plain_text(self) -> str:
        """All the text, for language detection."""
        if self.text is not None:
            return self.text
        return "\n".join(b.text for b in self.blocks or ())


_WS_RUN = re.compile(r"\s+")


def collapse_whitespace(text: str) -> str:
    """Markup whitespace to running text: runs become one space, except that a run holding a
    line break between two CJK characters disappears (source line breaks inside Chinese
    text are not spaces), and the ends are trimmed."""
    def repl(m: re.Match[str]) -> str:
        run = m.group(0)
        if "\n" in run or "\r" in run:
            start, end = m.start(), m.end()
            if start > 0 and end < len(text) and is_cjk_wide(text[start - 1]) and is_cjk_wide(text[end]):
                return ""
        return " "
    return _WS_RUN.sub(repl, text).strip()


#: A UN document symbol standing alone (A/72/123, CAC/COSP/2017/14, E/CN.15/2017/3).
SYMBOL_LINE = re.compile(r"^[A-Z][A-Z0-9]*(?:\.\d+)?(?:/[A-Z0-9](?:[A-Za-z0-9.\-()]*[A-Za-z0-9)])?){2,}$")


def symbol_in(blocks: list[Block], first: int = 6) -> str | None:
    """The document symbol when one of the first blocks is a bare UN symbol."""
    for block in blocks[:first]:
        s = block.text.strip()
        if SYMBOL_LINE.match(s):
            return s
    return None
