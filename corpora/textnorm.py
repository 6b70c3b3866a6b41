"""Look-alike folding and CJK helpers, for MATCHING only.

Chinese and English UN texts write the same characters in different code points: full-width
digits and brackets (``１２``, ``（a）``), the ideographic space U+3000, no-break and thin
spaces inside numbers, U+2010 HYPHEN (the UDHR English file uses it for every hyphen), en
dashes in ranges (``2018–2019``), curly quotes. Regexes and comparisons must see one form,
but users must always see the text as written, so `fold` is *length-preserving*: one
character in, one character out. An offset found in ``fold(text)`` is therefore an offset in
``text``, and anchors keep the original span without any offset mapping.

Decisions (documented here because other modules match against them):

- Full-width ASCII U+FF01..U+FF5E becomes ASCII (``１２，（）％Ｆ`` -> ``12,()%F``).
- Every space-like character (U+3000, NBSP, U+2000..U+200A, U+202F, U+205F) becomes ``' '``.
  Zero-width characters (U+200B, U+FEFF, ...) are *kept*: mapping them to a space would split
  words, and deleting them would break length preservation.
- Hyphen and range-dash look-alikes become ``'-'``: U+2010 HYPHEN, U+2011 NON-BREAKING
  HYPHEN, U+2012 FIGURE DASH, U+2013 EN DASH, U+2212 MINUS SIGN, U+FE63, U+FF0D (via the
  full-width rule). The EM DASH U+2014 and HORIZONTAL BAR U+2015 are *not* folded: they are
  sentence punctuation (an English parenthetical dash, the Chinese ``——``), never a hyphen
  or a range sign, and folding them would let ``2018—2019 ...`` prose look like a range.
- Curly quotes become straight (``‘’‚‛′`` -> ``'``, ``“”„‟″`` -> ``"``). The corner brackets
  ``「」『』`` and the Chinese book-title marks ``《》`` are kept: they are not look-alikes.
- The wave dash U+301C (``〜``) becomes ``~`` like the full-width tilde (both mark ranges).
- The ideographic full stop ``。`` and enumeration comma ``、`` are kept: they have no ASCII
  look-alike and Chinese-specific rules depend on them.
"""
from __future__ import annotations

import unicodedata

from zhenqa.corpora.lang.cjk import HAN_CHAR, is_ideograph


def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0xFF01, 0xFF5F):           # full-width ASCII block
        table[cp] = chr(cp - 0xFEE0)
    for cp in (0x3000, 0x00A0, 0x202F, 0x205F, 0x1680, *range(0x2000, 0x200B)):
        table[cp] = " "
    for cp in (0x2010, 0x2011, 0x2012, 0x2013, 0x2212, 0xFE63):
        table[cp] = "-"
    for cp in (0x2018, 0x2019, 0x201A, 0x201B, 0x2032):
        table[cp] = "'"
    for cp in (0x201C, 0x201D, 0x201E, 0x201F, 0x2033):
        table[cp] = '"'
    table[0x301C] = "~"
    table[0xFE50] = ","                           # small comma
    table[0xFE52] = "."                           # small full stop
    return table


_FOLD_TABLE = _build_fold_table()


def fold(text: str) -> str:
    """Return `text` with look-alike characters replaced, one character for one.

    For matching only (never show the result to users): ``len(fold(t)) == len(t)`` always
    holds, so spans found in the folded text are spans in the original.
    """
    return text.translate(_FOLD_TABLE)


def is_cjk(ch: str) -> bool:
    """True for a single CJK ideograph (including 〇); False for CJK punctuation.

    The ranges are `corpora.lang.cjk`'s (the one place they are written)."""
    return is_ideograph(ch)


def is_cjk_wide(ch: str) -> bool:
    """True for a character of CJK typography: ideographs, CJK punctuation and symbols,
    compatibility forms and full-width forms (wider than `is_cjk`, which counts ideographs).

    Text joins two such characters without a space: a line break between them (PDF
    wrapping, markup source lines) is no word break.
    """
    cp = ord(ch)
    return (0x2E80 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0xFE30 <= cp <= 0xFE4F
            or 0xFF00 <= cp <= 0xFFEF or 0x20000 <= cp <= 0x2FA1F)


def letter_counts(text: str) -> tuple[int, int]:
    """(alphabetic characters, Chinese letters) of `text`: the Chinese letters are the
    alphabetic Han ideographs plus 〇, which is not alphabetic but is a Chinese digit zero
    (so it counts in neither total of `str.isalpha`, and in both of `cjk_ratio`).

    C-speed counting (str.isalpha mapped, one regex pass): this runs on every document
    read, up to 60,000 characters each; a Python loop over characters cost 35 ms a chapter.
    """
    zero = text.count("\u3007")
    return sum(map(str.isalpha, text)), sum(map(str.isalpha, "".join(HAN_CHAR.findall(text)))) + zero


def cjk_ratio(text: str, counts: tuple[int, int] | None = None) -> float:
    """Share of CJK ideographs among the letters and ideographs of `text` (0.0 if none);
    `counts`: `letter_counts(text)` when the caller has them already.

    Digits, punctuation and spaces do not count either way, so a Chinese paragraph full of
    numbers and ASCII commas (the SDG zh files) still scores near 1.0, and an English one
    citing a Chinese title scores near 0.0. Language detection builds on this.
    """
    alpha, cjk = counts if counts is not None else letter_counts(text)
    letters = alpha + text.count("\u3007")
    return cjk / letters if letters else 0.0


def nfkc_casefold(text: str) -> str:
    """Aggressive comparison key (NFKC + casefold); NOT length-preserving.

    For comparing short strings (terms, labels) where offsets do not matter.
    """
    return unicodedata.normalize("NFKC", fold(text)).casefold()
