"""Sentence splitting for Chinese and English paragraphs.

The aligner splits every paragraph of both documents, so this must be fast: one compiled
regular expression finds the candidate boundaries (linear, no backtracking over long spans),
and a few cheap checks decide each one.

Chinese: a sentence ends at 。！？ (or ASCII ! ?), together with the closing quotes and
brackets that follow it (“……。” stays whole). A paragraph that is a list of items —
「…包括：(a) …；(b) …；以及 (c) …。」 — is also split before each list marker that follows
a ；/;/：/:, because translators render such items as separate English clauses
"…: (a) …; (b) …; and (c) …" and both sides then split the same way. A ；with no list
marker after it does not split: Chinese uses ；inside sentences where English keeps a
semicolon or a comma.

English: a sentence ends at . ! ? (or an ellipsis) with its closing quotes and brackets,
followed by whitespace and then something that can start a sentence (a capital, a digit,
a quote or bracket, a list marker). A full stop does not end a sentence after an
abbreviation that is never final in UN usage (e.g., i.e., Mr., No., para., art., vol.,
pp., cf., Jan. ...), after a single initial ("J. Smith"), or inside a dotted abbreviation
(U.S., U.N.). "etc." does end a sentence when a capital follows. Numbers (3.5, 1.25) and
symbols (A/70/L.1) never split because no whitespace follows their points. The same list
rule as in Chinese applies ("…; and" | "(b) …").
"""
from __future__ import annotations

import re

from zhenqa.corpora.model import Lang

# Markers that open a list item: (a) （a） (iv) (1) （1） ㈠ (一) （一） (子) a) 1) ①.
_LIST_MARKER = (r"(?:[(（]\s*(?:[A-Za-z]{1,2}|[ivxlcIVXLC]{1,6}|\d{1,2}|[一二三四五六七八九十]{1,3}"
                r"|[子丑寅卯辰巳午未申酉戌亥])\s*[)）]|[\u3220-\u3229]|[\u2460-\u2473]|(?:[a-z]|\d{1,2})\))")

_ZH_END = re.compile(r"(?:[。！？!?]+|…{2,}(?=[”’」』]))[”’\"'」』）)》〉】\]]*")
_LIST_SPLIT = re.compile(r"[;；:：]\s*(?:(?:and|or|以及|和|或)\s*)?(?=" + _LIST_MARKER + ")")
_EN_END = re.compile(r"(?:\.{2,}|…|[.!?])+[\"'”’)\]]*(?=\s+(\S))")

_OPENERS = "\"'“‘([（【《「『"
#: Abbreviations that never end a sentence in UN texts (compared lower-cased, without the
#: final point). "No." and "Nos." come before numbers; titles come before names.
NON_FINAL_ABBREVIATIONS = frozenset("""
    e.g i.e mr mrs ms messrs dr prof st no nos para paras art arts vol vols p pp cf approx
    inc ltd co corp fig figs ch chap sect sec op cit ibid al rev gen hon sr jr viz vs lt col
    capt sgt amb excellency h.e jan feb mar apr jun jul aug sep sept oct nov dec
    ann annex suppl add corr amend ref dept govt mt ft nr sq km kg
""".split())


def split_sentences(text: str, lang: Lang) -> list[str]:
    """Split a paragraph into sentences (stripped, in order, none empty).

    Joining the result with spaces (English) or nothing (Chinese) gives back `text` up to
    whitespace. A text without a sentence boundary comes back as one sentence.
    """
    text = text.strip()
    if not text:
        return []
    cuts = _zh_cuts(text) if lang == "zh" else _en_cuts(text)
    cuts.extend(m.end() for m in _LIST_SPLIT.finditer(text))
    if not cuts:
        return [text]
    out: list[str] = []
    start = 0
    for cut in sorted(set(cuts)):
        piece = text[start:cut].strip()
        if piece:
            out.append(piece)
        start = cut
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


def _zh_cuts(text: str) -> list[int]:
    cuts = []
    n = len(text)
    for m in _ZH_END.finditer(text):
        end = m.end()
        if end < n:
            cuts.append(end)
    return cuts


def _en_cuts(text: str) -> list[int]:
    cuts = []
    for m in _EN_END.finditer(text):
        nxt = m.group(1)[0]
        if not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS or ord(nxt) >= 0x2E80):
            continue  # a lower-case word follows: "e.g. the", "approx. five", "p. iv"
        run = m.group(0)
        start = m.start()
        if run[0] in ".…" and start > 0 and text[start - 1] == "[":
            continue  # "[...]" / "[…]" placeholder inside a sentence
        if run == ".":  # a bare point, no closing quote: maybe an abbreviation's
            word = _word_before(text, start)
            if word.lower() in _BEFORE_NUMBERS and not nxt.isdigit():
                pass  # "… the answer was no. Then …"
            elif _non_final(word) and not (len(word) == 1 and _designator_before(text, start - 1)):
                continue
        cuts.append(m.end())
    return cuts


def _word_before(text: str, end: int) -> str:
    begin = max(text.rfind(" ", 0, end), text.rfind("\u00a0", 0, end)) + 1
    return text[begin:end].lstrip(_OPENERS)


#: Abbreviations that are non-final only before a number ("No. 5", "Nos. 3-4").
_BEFORE_NUMBERS = frozenset({"no", "nos"})

#: Words that a single capital letter or Roman numeral follows as a designation, so that
#: "in chapter V." or "annex I." ends a sentence rather than being an initial.
_DESIGNATORS = frozenset("""chapter chapters annex annexes section sections part parts table
    figure category group appendix volume title article class phase type list schedule
    plan option item box model""".split())


def _designator_before(text: str, end: int) -> bool:
    word = _word_before(text, end).rstrip(" ")
    if not word:
        prev_end = end - 1
        while prev_end >= 0 and text[prev_end] in " \u00a0":
            prev_end -= 1
        word = _word_before(text, prev_end + 1)
    return word.lower().strip(",;:") in _DESIGNATORS


def _non_final(word: str) -> bool:
    """True when the full stop after `word` is an abbreviation's, not a sentence end."""
    if not word:
        return False
    low = word.lower()
    if low in NON_FINAL_ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isalpha() and word.isupper():
        return True  # an initial: "J. Smith", "United States v. A. B."
    if "." in word and "/" not in word and all(len(part) <= 2 and part.isalpha()
                                               for part in word.split(".")):
        return True  # U.S, U.N, a.m, p.m
    return False
