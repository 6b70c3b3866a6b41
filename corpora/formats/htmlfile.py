"""HTML: headings, paragraphs and list items in document order; scripts, styles and the
head (except <title>) dropped.

The standard library's tokenizing parser is used (no tree, no network, no entity
resolution beyond HTML's own named characters), so reading is linear and safe. Ordered
list items get implied labels the way the UDHR reader writes them, parenthesized —
"(1)", "(a)", "(i)" for type 1/a/i — so that `label_key` equates them with a Chinese
list's ㈠/(a); unordered items get none. Elements whose id or class names a footnote
(Word's HTML export uses id="ftn1", many sites class="footnote") become footnotes.
"""
from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from typing import Any

from zhenqa.corpora.encoding import decode_bytes
from zhenqa.corpora.formats import Extracted, collapse_whitespace, symbol_in
from zhenqa.corpora.numbers import list_marker
from zhenqa.corpora.structure import Block

_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "td", "th",
               "blockquote", "pre", "caption", "figcaption", "div", "section", "article",
               "aside", "header", "footer", "main", "nav", "table", "tr", "ul", "ol", "dl",
               "body", "address", "center", "form", "fieldset", "legend"}
_SKIP_TAGS = {"script", "style", "noscript", "template", "head", "svg", "math", "object",
              "iframe", "canvas", "select", "button"}
_VOID = {"br", "hr", "img", "meta", "link", "input", "col", "area", "base", "embed",
         "source", "track", "wbr", "param"}
_FOOTNOTE_RE = re.compile(r"(?:^|[\s_-])(?:foot-?note|ftn\d*|fn\d+|endnote)", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)


def read(data: bytes, path: str | os.PathLike[str] | None) -> Extracted:
    m = _META_CHARSET.search(data[:4096])
    decoded = decode_bytes(data, path, hint=m.group(1).decode("ascii") if m else None)
    parser = _BlockParser()
    parser.feed(decoded.text)
    parser.close()
    parser.flush()
    title = parser.title.strip() or None
    return Extracted("html", blocks=parser.blocks, title=title and collapse_whitespace(title),
                     symbol=symbol_in(parser.blocks), meta={"encoding": decoded.encoding})


_HTML_STYLES = {"a": "lower-alpha", "A": "upper-alpha", "i": "lower-roman", "I": "upper-roman"}


def _implied(n: int, kind: str) -> str:
    """The label of item `n` of an <ol type=kind>, parenthesized as UN texts print it."""
    return f"({list_marker(n, _HTML_STYLES.get(kind, 'decimal'))})"


class _BlockParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.title = ""
        self._buf: list[str] = []
        self._skip = 0
        self._in_title = False
        self._stack: list[tuple[str, bool]] = []      # (tag, opened a footnote)
        self._footnote = 0
        self._lists: list[list[Any]] = []                # [ordered, type, counter]
        self._current: tuple[str, int | None, str | None] | None = None  # (hint, level, label)

    def flush(self) -> None:
        text = collapse_whitespace("".join(self._buf))
        self._buf.clear()
        if text:
            hint, level, label = self._current or (None, None, None)
            if self._footnote and hint is None:
                hint = "footnote"
            self.blocks.append(Block(text, hint=hint, level=level, label=label))
            self._current = None  # an <li>'s label belongs to its first block only

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
            return
        if tag == "title":
            self._in_title = True
            return
        if self._skip:
            return
        a = dict(attrs)
        marks_note = bool(_FOOTNOTE_RE.search(" ".join(filter(None, (a.get("id"), a.get("class"))))))
        if tag not in _VOID:
            self._stack.append((tag, marks_note))
            if marks_note:
                self._footnote += 1
        if tag == "br":
            self._buf.append("\n")
            return
        if tag in _BLOCK_TAGS:
            self.flush()
        if tag in ("ol", "ul"):
            start = a.get("start")
            self._lists.append([tag == "ol", a.get("type") or "1",
                                int(start) - 1 if start and start.lstrip("-").isdigit() else 0])
        elif tag == "li":
            label = None
            if self._lists and self._lists[-1][0]:
                lst = self._lists[-1]
                value = a.get("value")
                lst[2] = int(value) if value and value.isdigit() else lst[2] + 1
                label = _implied(lst[2], lst[1])
            self._current = ("subparagraph", None, label)
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._current = ("heading", int(tag[1]), None)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
            return
        if tag == "title":
            self._in_title = False
            return
        if self._skip:
            return
        if tag in _BLOCK_TAGS:
            self.flush()
        if tag in ("li", "h1", "h2", "h3", "h4", "h5", "h6"):
            self._current = None
        if tag in ("ol", "ul") and self._lists:
            self._lists.pop()
        # Close the matching element (HTML lets authors omit end tags; be forgiving).
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                for _, note in self._stack[i:]:
                    if note:
                        self._footnote -= 1
                del self._stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skip:
            self._buf.append(data)
