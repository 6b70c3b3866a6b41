"""Undoing the layout of text extracted from PDFs (and telling it from one-paragraph-a-line text).

Text that comes out of a PDF (pdftotext, pdfminer, copy-paste) keeps the page: lines wrapped
at a fixed width, page footers (`http://undocs.org/ch/CAC/COSP/2017/5`, one per symbol cited
on the page), page headers (the document symbol alone, a running title), job numbers
(`V.17-08295`, `17-08295 (C)`), barcodes (`*1708295*`), page numbers, and paragraphs that run
on across a page break. `undo_layout` turns such text into blocks — one per heading,
paragraph, list item, footnote — with the layout noise dropped and the lines joined.

How lines are joined (`join_lines`):
- Chinese characters and CJK punctuation join with no space.
- Between a Chinese character and a Latin letter or digit the document's own convention
  decides: UN Chinese text prints "在 2017 年" with spaces, and when the document does so
  in at least 80 % of such places inside its lines, a line break there becomes one space
  ("缔约国会议第" + "3/1 号决议" → "缔约国会议第 3/1 号决议"); otherwise nothing.
  Spaces inside a line are always kept as printed.
- English words join with one space. An end-of-line hyphen between letters is a
  hyphenation and is removed ("implemen-" + "tation" → "implementation") unless it is a real
  compound hyphen, which is kept when: the next part starts with a capital ("Asia-" +
  "Pacific"), the first part already holds a hyphen ("non-self-" + "governing"), the first
  part is a prefix UN style hyphenates (anti-, non-, self-, ex-, vice-, cross-, well-,
  quasi-, semi-, multi-? no: only those listed in KEEP_HYPHEN_PREFIXES), or the document
  itself writes the hyphenated form elsewhere and never the closed one. A closed form
  written elsewhere in the document wins over the prefix rule. Soft hyphens (U+00AD) at
  line ends are always removed. Digit ranges ("2018-" + "2019") and symbols broken after a
  slash ("CAC/COSP/" + "2017/5") join with no space.

Where blocks begin (wrapped text): at a line that starts with a structural marker the
context accepts (a numbered paragraph after a line that ends a sentence, a heading, a list
item after ":" ";" or "and"), after a placeholder line or a heading that does not fill its
line, and after a short line that ends a sentence (a paragraph's last line). In
single-spaced text a blank line also ends a block; in double-spaced text (a blank line
after every line, as in the seed report) blank lines mean nothing. Page breaks (form
feeds, runs of footer/header lines) never end a block by themselves, so a paragraph that
runs on to the next page comes out whole.

Text whose lines are whole paragraphs (most lines end a sentence, or lines are long) is
read one block a line and nothing is dropped.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from zhenqa.corpora.lazyre import lazy_compile
from zhenqa.corpora.model import Lang
from zhenqa.corpora.structure import Block, Marker, classify
from zhenqa.corpora.textnorm import is_cjk, is_cjk_wide

Mode = Literal["auto", "wrapped", "lines"]

#: Prefixes after which an end-of-line hyphen is kept (UN English writes these hyphenated).
KEEP_HYPHEN_PREFIXES = frozenset({"anti", "non", "self", "vice", "cross", "well", "quasi",
                                  "semi", "half"})

# --- noise lines ---------------------------------------------------------------------------
_URL_FOOTER = lazy_compile(r"^(?:https?://)?(?:www\.)?(?:undocs\.org|documents(?:-dds-ny)?\.un\.org|"
                           r"daccess-ods\.un\.org|digitallibrary\.un\.org)/\S*$", re.I)
_JOB = lazy_compile(r"^(?:[A-Z]{1,3}\.)?\d{2}-\d{5}(?:\s?\([A-Z]\))?$")
_LANG_TAG = lazy_compile(r"^\([A-Z]\)$")
_BARCODE = lazy_compile(r"^\*\d{7,10}\*$")
_SYMBOL = lazy_compile(r"^[A-Z][A-Z0-9]*(?:\.\d+)?(?:/[A-Z0-9](?:[A-Za-z0-9.\-()]*[A-Za-z0-9)])?){2,}$")
_PAGE_NUM = lazy_compile(r"^(?:[-–—]\s*)?\d{1,4}(?:\s*[-–—])?$|^(?:Page|page)\s+\d{1,4}(?:\s+of\s+\d{1,4})?$"
                         r"|^第\s*\d{1,4}\s*页(?:\s*共\s*\d{1,4}\s*页)?$|^\d{1,4}\s*/\s*\d{1,4}$")
_MASTHEAD = lazy_compile(r"^(?:Distr\.?:?\s*(?:General|Limited|Restricted)|Original:\s*\w+)$", re.I)
_RULE = lazy_compile(r"^[_\-–—─━=]{5,}$")
_FOOTNOTE_START = lazy_compile(r"^(\d{1,3}|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3}|\*{1,3})[\s\u3000]+(\S.*)$")
_SUPERSCRIPT_START = lazy_compile(r"^([¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3})[\s\u3000]*(\S.*)$")
_MAYBE_MARKER = lazy_compile(
    r"^(?:\d|[(（\[…•·▪◦●○■□–—\-*‣⁃]|第|[一二三四五六七八九十]|[A-Z][.．]|[IVXLC]{1,7}[.．]|"
    r"Chapter|CHAPTER|Part|PART|Article|ARTICLE|Art\.|[\u3220-\u3229\u2460-\u2473\u2776-\u277f]|[a-z]\))")

_CJK_SPACED = lazy_compile(r"[\u4e00-\u9fff] [A-Za-z0-9]|[A-Za-z0-9] [\u4e00-\u9fff]")
_CJK_TIGHT = lazy_compile(r"[\u4e00-\u9fff][A-Za-z0-9]|[A-Za-z0-9][\u4e00-\u9fff]")
_WORDS = lazy_compile(r"[A-Za-z]+(?:[-\u2010][A-Za-z]+)*")

_SENTENCE_END = tuple("。！？.!?")
_CLOSERS = "”’\"')）】》」』]"
_LIST_LEAD_END = tuple("：:；;，,。.")


@dataclass(slots=True)
class Line:
    """One text line that survived noise removal, with what preceded it."""

    text: str
    number: int            # 1-based line number in the input
    page: int              # 1-based page (counting form feeds and footer groups)
    blank_before: int = 0  # blank lines between it and the previous kept line
    page_before: bool = False  # a page break (form feed or noise) since the previous kept line
    width: float = 0.0


@dataclass(slots=True)
class LayoutResult:
    """Blocks in reading order, plus what was learnt and dropped on the way."""

    blocks: list[Block]
    mode: str                                  # "wrapped" | "lines"
    symbol: str | None = None                  # the document symbol seen in page headers
    dropped: list[tuple[int, str, str]] = field(default_factory=list)  # (line, text, why)
    pages: int = 1


def display_width(s: str) -> float:
    """Approximate printed width: 1 for ASCII, 2 for CJK (from the UTF-8 length, fast)."""
    return (len(s.encode("utf-8")) + len(s)) / 2


def _noise_kind(s: str) -> str | None:
    """Why line `s` (stripped) is page furniture, or None. "page?" and "symbol?" are only
    candidates: they count as noise when their context agrees (see `undo_layout`)."""
    if _URL_FOOTER.match(s):
        return "footer"
    if _MASTHEAD.match(s):
        return "masthead"
    if _PAGE_NUM.match(s):
        return "page?"
    tokens = s.split()
    if len(tokens) > 6:
        return None
    strong = symbol = False
    for tok in tokens:
        if _JOB.match(tok) or _BARCODE.match(tok):
            strong = True
        elif _SYMBOL.match(tok):
            symbol = True
        elif _LANG_TAG.match(tok) or tok.isdigit() and len(tok) <= 4:
            continue
        else:
            return None
    if strong:
        return "job number"
    if symbol:
        return "symbol?"
    return None


def join_lines(prev: str, nxt: str, *, spaced_cjk: bool, vocab: "_Vocab | None" = None) -> str:
    """Join a block's text so far with its next line, undoing the line break (module doc)."""
    if not prev:
        return nxt
    if not nxt:
        return prev
    drop, sep = _joint(prev[-80:], nxt, spaced_cjk, vocab)
    return prev[: len(prev) - drop] + sep + nxt


def _joint(prev: str, nxt: str, spaced_cjk: bool, vocab: "_Vocab | None") -> tuple[int, str]:
    """How to join line `nxt` to text ending in `prev`: (characters to drop from the end of
    the text, separator). Only the end of the text is looked at, so that joining the lines
    of a paragraph costs time linear in its length."""
    a, b = prev[-1], nxt[0]
    if a == "\u00ad":
        return 1, ""
    if a in "-\u2010" and len(prev) > 1:
        before = prev[-2]
        if before.isalpha() and b.isalpha() and not is_cjk_wide(before):
            return (0, "") if _keep_hyphen(prev[:-1], nxt, vocab) else (1, "")
        if before.isdigit() and b.isdigit():
            return 0, ""
    if a in "–—" and len(prev) > 1 and prev[-2] != " ":
        return 0, ""
    if a == "/":
        return 0, ""
    a_cjk, b_cjk = is_cjk_wide(a), is_cjk_wide(b)
    if a_cjk and b_cjk:
        return 0, ""
    if a_cjk or b_cjk:
        # CJK punctuation never takes a space; an ideograph next to Latin/digits follows
        # the document's convention.
        if (a_cjk and not is_cjk(a)) or (b_cjk and not is_cjk(b)):
            return 0, ""
        other = b if a_cjk else a
        if other.isascii() and other.isalnum():
            return 0, " " if spaced_cjk else ""
        return 0, ""
    return 0, " "


class _Vocab:
    """Closed and hyphenated word forms the document uses, to decide end-of-line hyphens.

    Built on first use: most documents never ask."""

    def __init__(self, text: str):
        self._text: str | None = text
        self._closed: set[str] = set()
        self._hyphenated: set[str] = set()

    def _build(self) -> None:
        if self._text is None:
            return
        for w in _WORDS.findall(self._text):
            low = w.lower().replace("\u2010", "-")
            (self._hyphenated if "-" in low else self._closed).add(low)
        self._text = None

    def closed(self, word: str) -> bool:
        self._build()
        return word in self._closed

    def hyphenated(self, word: str) -> bool:
        self._build()
        return word in self._hyphenated


_LAST_WORD = lazy_compile(r"[A-Za-z\-\u2010]+$")
_FIRST_WORD = lazy_compile(r"[A-Za-z]+")


def _keep_hyphen(left: str, right: str, vocab: _Vocab | None) -> bool:
    m = _LAST_WORD.search(left[-40:])
    first = m.group(0) if m else ""
    second = _FIRST_WORD.match(right)
    second_part = second.group(0) if second else ""
    if vocab is not None and first and second_part:
        closed = (first + second_part).lower()
        hyph = (first + "-" + second_part).lower().replace("\u2010", "-")
        if vocab.closed(closed):
            return False
        if vocab.hyphenated(hyph):
            return True
    if right[:1].isupper():
        return True
    if "-" in first or "\u2010" in first:
        return True
    return first.lower() in KEEP_HYPHEN_PREFIXES


def detect_spaced_cjk(text: str) -> bool:
    """True when the document puts spaces between Chinese characters and Latin/digits."""
    spaced = len(_CJK_SPACED.findall(text))
    tight = len(_CJK_TIGHT.findall(text))
    return spaced >= 3 and spaced >= 0.8 * (spaced + tight)


def _ends_sentence(s: str) -> bool:
    return s.rstrip(_CLOSERS).endswith(_SENTENCE_END)


def _ends_lead(s: str) -> bool:
    """Ends in a way that lets a list item or paragraph follow on the next line."""
    t = s.rstrip(_CLOSERS)
    return t.endswith(_LIST_LEAD_END) or t.endswith(_SENTENCE_END) or t.endswith((" and", " or", "以及", "和", "或"))


def _split_pages(text: str) -> list[tuple[int, str | None]]:
    """(line number, line) pairs, with None for a form feed (page break)."""
    out: list[tuple[int, str | None]] = []
    for number, line in enumerate(text.split("\n"), 1):
        if "\f" in line:
            parts = line.split("\f")
            for i, part in enumerate(parts):
                if i:
                    out.append((number, None))
                out.append((number, part))
        else:
            out.append((number, line))
    return out


def undo_layout(text: str, lang: Lang, mode: Mode = "auto") -> LayoutResult:
    """Blocks of `text` with PDF layout undone (`mode` "wrapped"), or one block a line
    ("lines"); "auto" decides from the text (see `looks_wrapped`)."""
    raw = _split_pages(text)
    stripped = [(n, None if line is None else line.strip()) for n, line in raw]
    kinds: list[str | None] = []
    for _, s in stripped:
        kinds.append(None if not s else _noise_kind(s))

    if mode == "auto":
        mode = "wrapped" if looks_wrapped([s for (_, s), k in zip(stripped, kinds) if s and k is None]) else "lines"
    if mode == "lines":
        blocks = [Block(s, meta={"line": n}) for n, s in stripped if s]
        return LayoutResult(blocks, "lines")

    noise = _resolve_noise(stripped, kinds)
    dropped = [(stripped[i][0], stripped[i][1] or "", why) for i, why in noise.items()]
    symbols = Counter(stripped[i][1] for i, why in noise.items() if why == "page header (symbol)")
    symbol = symbols.most_common(1)[0][0] if symbols else None

    lines: list[Line] = []
    page = 1
    blank = 0
    page_break = False     # a break since the last kept line
    bumped = False         # the page count already moved for this break (form feed)
    for i, (n, s) in enumerate(stripped):
        if s is None:
            if lines:
                page += 1
            page_break = bumped = True
            continue
        if not s:
            blank += 1
            continue
        if i in noise:
            page_break = True
            continue
        if page_break and not bumped and lines:
            page += 1  # a run of footers/headers between two pages' text
        lines.append(Line(s, n, page, blank, page_break and bool(lines), display_width(s)))
        blank = 0
        page_break = bumped = False
    if not lines:
        return LayoutResult([], "wrapped", symbol, dropped, page)

    spaced = detect_spaced_cjk(text)
    widths = sorted(line.width for line in lines)
    typical = widths[min(len(widths) - 1, int(0.9 * len(widths)))]
    followed = sum(1 for line in lines[1:] if line.blank_before and not line.page_before)
    double_spaced = len(lines) > 2 and followed >= 0.7 * (len(lines) - 1)
    vocab = _Vocab(text)
    blocks = _build_blocks(lines, lang, typical, double_spaced, spaced, vocab)
    return LayoutResult(blocks, "wrapped", symbol, dropped, page)


def looks_wrapped(lines: list[str]) -> bool:
    """True when `lines` look like a wrapped page (PDF text) rather than one paragraph a line.

    Wrapped text has many lines that stop mid-sentence and a bounded line width; text with
    one paragraph a line ends most lines with a full stop or has long lines.
    """
    if len(lines) < 3:
        return False
    widths = sorted(display_width(s) for s in lines)
    p90 = widths[min(len(widths) - 1, int(0.9 * len(widths)))]
    candidates = 0
    open_ended = 0
    for s, nxt in zip(lines, lines[1:]):
        if _MAYBE_MARKER.match(s) and classify(s, "en").kind != "paragraph":
            continue  # headings and list items end without punctuation anyway
        if _MAYBE_MARKER.match(nxt) and classify(nxt, "en").kind != "paragraph":
            continue
        candidates += 1
        if not _ends_lead(s):
            open_ended += 1
    return open_ended >= 2 and open_ended >= 0.35 * candidates and p90 <= 140


def _resolve_noise(stripped: list[tuple[int, str | None]], kinds: list[str | None]) -> dict[int, str]:
    """Decide which candidate lines are page furniture, using their neighbourhood.

    Footers, mastheads, job numbers and barcodes always are. A bare page number or a bare
    document symbol is when it stands next to a page break (a form feed or other noise,
    with only blank lines between), at the very start or end, or when the same line recurs.
    A short line recurring next to page breaks is a running header.
    """
    noise: dict[int, str] = {}
    for i, kind in enumerate(kinds):
        if kind in ("footer", "masthead", "job number"):
            noise[i] = kind
    text_idx = [i for i, (_, s) in enumerate(stripped) if s]
    counts = Counter(stripped[i][1] for i in text_idx)

    def beside_break(i: int) -> bool:
        return near_break_dir(i, -1) or near_break_dir(i, 1)

    def near_break_dir(i: int, step: int) -> bool:
        j = i + step
        while 0 <= j < len(stripped):
            s = stripped[j][1]
            if s is None or j in noise:
                return True
            if s:
                return False
            j += step
        return True

    # Two passes so that a page number next to a symbol header next to a footer is found.
    for _ in range(2):
        for i in text_idx:
            if i in noise:
                continue
            kind = kinds[i]
            s = stripped[i][1] or ""
            if kind == "page?" and (beside_break(i)):
                noise[i] = "page number"
            elif kind == "symbol?" and (beside_break(i) or counts[s] >= 2):
                noise[i] = "page header (symbol)"
    has_breaks = any(s is None for _, s in stripped) or bool(noise)
    if has_breaks:
        positions: dict[str, list[int]] = {}
        for i in text_idx:
            s = stripped[i][1] or ""
            if (i in noise or len(s) > 80 or kinds[i] is not None or _ends_sentence(s)
                    or counts[s] < 3):
                continue
            positions.setdefault(s, []).append(i)
        for s, occurrences in positions.items():
            if _MAYBE_MARKER.match(s) and classify(s, "en").kind != "paragraph":
                continue
            if sum(beside_break(j) for j in occurrences) >= 0.8 * len(occurrences):
                for j in occurrences:
                    noise[j] = "running header"
    return noise


def _build_blocks(lines: list[Line], lang: Lang, typical: float, double_spaced: bool,
                  spaced: bool, vocab: _Vocab | None) -> list[Block]:
    blocks: list[Block] = []
    parts: list[str] = []        # the current block's pieces (lines and separators)
    tail = ""                    # the last characters of the current block, for joining
    first: Line | None = None
    kind: str = "paragraph"      # kind of the current block (from its first line)
    last_number: int | None = None
    footnote_zone = False
    fn_label: str | None = None

    def flush() -> None:
        nonlocal parts, tail, first
        if first is not None and parts:
            meta = {"line": first.number, "page": first.page}
            hint = "footnote" if kind == "footnote" else None
            blocks.append(Block("".join(parts), hint=hint, label=fn_label if hint else None, meta=meta))
        parts, tail, first = [], "", None

    def start(line: Line, text: str) -> None:
        nonlocal parts, tail, first
        first, parts, tail = line, [text], text[-80:]

    prev: Line | None = None
    for line in lines:
        s = line.text
        if line.page_before:
            footnote_zone = False
        if _RULE.match(s):
            flush()
            footnote_zone = True
            prev = None
            continue
        fm = (_FOOTNOTE_START.match(s) if footnote_zone else None) or _SUPERSCRIPT_START.match(s)
        if fm:
            flush()
            kind, fn_label = "footnote", fm.group(1)
            start(line, fm.group(2))
            prev = line
            continue
        marker = classify(s, lang) if _MAYBE_MARKER.match(s) else None
        if first is None or _starts_block(line, prev, marker, kind, last_number, typical, double_spaced):
            flush()
            start(line, s)
            kind = marker.kind if marker is not None else "paragraph"
            if marker is not None and marker.kind == "paragraph" and marker.label and marker.label.isdigit():
                last_number = int(marker.label)
        else:
            drop, sep = _joint(tail, s, spaced, vocab)
            if drop:
                parts[-1] = parts[-1][:-drop]
            parts.append(sep)
            parts.append(s)
            tail = (tail[: len(tail) - drop] + sep + s)[-80:]
        prev = line
    flush()
    return blocks


def _starts_block(line: Line, prev: Line | None, marker: Marker | None, kind: str, last_number: int | None,
                  typical: float, double_spaced: bool) -> bool:
    """Does `line` open a new block, given the previous line of the current block?"""
    if prev is None:
        return True
    p = prev.text
    full = prev.width >= 0.85 * typical
    if kind in ("placeholder",):
        return True
    if kind == "heading" and not (full and not _ends_sentence(p)):
        return True
    if kind == "footnote" and line.page_before:
        return True
    if marker is not None and marker.kind != "paragraph" or marker is not None and marker.label:
        mk = marker.kind
        if mk == "placeholder":
            return True
        if mk == "heading":
            if _ends_lead(p) or not full or kind in ("heading", "placeholder"):
                return True
        elif mk == "paragraph":  # numbered paragraph
            number = int(marker.label) if marker.label and marker.label.isdigit() else None
            if _ends_lead(p) or (number is not None and last_number is not None and number == last_number + 1):
                return True
        elif mk == "subparagraph":
            if _ends_lead(p) or not full:
                return True
    if not double_spaced and line.blank_before and not line.page_before:
        return True
    if _ends_sentence(p) and not full:
        return True
    if line.page_before and _ends_sentence(p) and line.blank_before and not double_spaced:
        return True
    return False
