"""Han and CJK character classes: the one place where the code point ranges are written.

Every module that looks for Chinese text builds on these, so that "is this Chinese?"
has one answer across the aligner, the QA checks and the termbase:

- `HAN`: the ideographs (CJK Unified Ideographs, extension A, compatibility ideographs,
  extensions B..H), as a regex character-class body (no brackets);
- `HAN_RUN` / `HAN_CHAR`: compiled regexes for a run of / one such ideograph;
- `CJK`: `HAN` plus U+3007 〇 (the Chinese digit zero) and the Japanese kana, which the QA
  treats as "CJK text left in the English" too; `CJK_RUN` is its run regex;
- `is_han(ch)`: one character of `HAN`; `is_ideograph(ch)`: `is_han` or 〇.
"""
from __future__ import annotations

from zhenqa.corpora.lazyre import lazy_compile

#: Regex class body of the Han ideographs (BMP blocks, then the supplementary planes).
HAN = ("\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
       "\U00020000-\U0002fa1f\U00030000-\U000323af")
#: `HAN` plus 〇 (U+3007) and hiragana/katakana (U+3040..U+30FF).
CJK = HAN + "\u3007\u3040-\u30ff"

# compiled on first use: the supplementary-plane ranges make these slow to compile (about
# 4 ms together), and `zhenqa --help` or `inspect` of an English file never needs them
HAN_RUN = lazy_compile(f"[{HAN}]+")
HAN_CHAR = lazy_compile(f"[{HAN}]")
CJK_RUN = lazy_compile(f"[{CJK}]+")

_RANGES = ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0xF900, 0xFAFF),
           (0x20000, 0x2FA1F), (0x30000, 0x323AF))


def is_han(ch: str) -> bool:
    """True for one character of `HAN` (an ideograph; not 〇, not punctuation)."""
    if len(ch) != 1:
        return False
    cp = ord(ch)
    for lo, hi in _RANGES:
        if lo <= cp <= hi:
            return True
    return False


def is_ideograph(ch: str) -> bool:
    """`is_han` or 〇 (U+3007), which Chinese writes as a digit zero: letters that count as
    Chinese when measuring how Chinese a text is."""
    return ch == "\u3007" or is_han(ch)


def has_han(text: str) -> bool:
    """True when `text` contains at least one Han ideograph."""
    return HAN_CHAR.search(text) is not None
