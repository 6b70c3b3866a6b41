"""Form checks: `brackets`, `punctuation`, `whitespace`, `repeated-word`,
`paragraph-number`, `placeholder`."""
from __future__ import annotations

import re
from typing import Iterable

from zhenqa.corpora.textnorm import fold

from .registry import Finding, Span, check
from .view import CheckContext, SegView

# --------------------------------------------------------------------------- brackets

_OPEN = {"(": ")", "[": "]", "{": "}"}
_CLOSE = {v: k for k, v in _OPEN.items()}
_SQUARE_FOLD: dict[str, str | int | None] = {
    "【": "[", "】": "]", "〔": "[", "〕": "]", "［": "[", "］": "]"}
#: CJK lenticular/tortoise-shell and full-width square brackets onto ASCII "[" "]".
_SQUARE_BRACKETS = str.maketrans(_SQUARE_FOLD)
_LIST_LABEL = re.compile(r"^\s*(?:[A-Za-z]|\d{1,3}|[ivxlcIVXLC]{1,6})\)")
_INLINE_LIST_LABEL = re.compile(r"(?:[:;]\s*|\s(?:and|or)\s+)((?:\d{1,2}|[a-z]|[ivx]{1,4})\))")


def _bracket_problems(text: str, lang: str) -> tuple[list[tuple[int, str]], dict[str, int]]:
    """Unmatched bracket positions and a per-kind balance summary for one side.

    Full-width and CJK brackets are folded onto ASCII first (（）→(), 【】〔〕→[]); a leading
    list label "a)" / "1)" is not a bracket. Quotes: curly double quotes must pair; an odd
    number of straight double quotes is unbalanced.
    """
    t = fold(text)
    t = t.translate(_SQUARE_BRACKETS)
    skip = set()
    m = _LIST_LABEL.match(t)
    if m:
        skip.add(m.end() - 1)
    # labels of a list run into the text ("their aim to: 1) remind ...; 2) award ..."):
    # their ")" is not a bracket when no "(" is open
    inline = {m.end(1) - 1 for m in _INLINE_LIST_LABEL.finditer(t)} if lang == "en" else set()
    problems: list[tuple[int, str]] = []
    stack: list[tuple[int, str]] = []
    for i, ch in enumerate(t):
        if i in skip or (i in inline and not any(c == "(" for _, c in stack)):
            continue
        if ch in _OPEN:
            stack.append((i, ch))
        elif ch in _CLOSE:
            if stack and stack[-1][1] == _CLOSE[ch]:
                stack.pop()
            else:
                problems.append((i, ch))
    problems.extend(stack)
    balance: dict[str, int] = {}
    for i, ch in problems:
        kind = ch if ch in _OPEN else _CLOSE[ch]
        balance[kind] = balance.get(kind, 0) + (1 if ch in _OPEN else -1)
    # quotes (from the raw text: fold makes curly quotes straight)
    opens = [i for i, ch in enumerate(text) if ch in "“「『"]
    closes = [i for i, ch in enumerate(text) if ch in "”」』"]
    if len(opens) != len(closes):
        diff = len(opens) - len(closes)
        where = opens[-1] if diff > 0 else closes[-1]
        problems.append((where, text[where]))
        balance['"'] = balance.get('"', 0) + diff
    straight = [i for i, ch in enumerate(text) if ch == '"']
    if len(straight) % 2 == 1:
        problems.append((straight[-1], '"'))
        balance['"'] = balance.get('"', 0) + 1
    return sorted(problems), balance


@check("brackets", "error", needs="en")
def brackets(v: SegView, ctx: CheckContext) -> Iterable[Finding]:
    """Unbalanced brackets or quotes in the English. When the Chinese is unbalanced the same
    way (a segment cut inside a parenthesis) the finding is only informational."""
    en_probs, en_bal = _bracket_problems(v.en, "en")
    if not en_probs:
        return
    zh_probs, zh_bal = _bracket_problems(v.zh, "zh")
    def same_way(kind: str, n: int) -> bool:
        z = zh_bal.get(kind, 0)
        if kind == '"' and '"' in v.en and not any(ch in v.en for ch in "“”"):
            return z != 0            # straight quotes have no direction: any quote imbalance
        return z != 0 and (z > 0) == (n > 0)

    mirrored = bool(zh_probs) and all(same_way(k, n) for k, n in en_bal.items())
    chars = "".join(ch for _, ch in en_probs)
    msg = f"unbalanced {chars} in the English"
    if mirrored:
        msg += " (the Chinese is unbalanced the same way)"
    elif not zh_probs:
        msg += " (balanced in the Chinese)"
    yield ctx.finding(v, msg, spans=[Span("en", i, i + 1) for i, _ in en_probs],
                      key=chars, severity=ctx.cfg["mirrored_severity"] if mirrored else None)


# --------------------------------------------------------------------------- punctuation

_FULLWIDTH = re.compile(r"[\u3001-\u3003\u3008-\u3011\u3014-\u301f\uff01-\uff5e\uff5f-\uff65"
                        r"\ufe10-\ufe19\ufe30-\ufe4f]")
_END_CLASS = {
    ".": "period", "。": "period", "．": "period", "｡": "period", "…": "period",
    "?": "question", "？": "question", "!": "exclamation", "！": "exclamation",
    ":": "colon", "：": "colon", ";": "semicolon", "；": "semicolon",
    ",": "comma", "，": "comma", "、": "comma",
}
_TRAILING_CLOSERS = " \t\n\"'”’」』）)]】〕》〉*"
_SPACE_BEFORE = re.compile(r"(?<=\w)[ \t]+([,;](?=\s|$)|\.(?=\s|$)(?<!\.\.\.))")
_DOUBLED = re.compile(r"(?<![.,;:!?])([,;:!?])\1(?![.,;:!?])|(?<!\.)\.\.(?!\.)")


def end_class(text: str) -> str:
    t = text.rstrip(_TRAILING_CLOSERS)
    if not t:
        return "none"
    return _END_CLASS.get(t[-1], "none")


@check("punctuation", "warning", needs="en")
def punctuation(v: SegView, ctx: CheckContext) -> Iterable[Finding]:
    """Full-width punctuation in the English; end punctuation that does not correspond
    (。/. ？/? ！/! ：/:), tolerating pairs real documents use (a Chinese full stop against
    an English semicolon in lists) and ASCII punctuation in the Chinese; a space before a
    comma or full stop; doubled punctuation."""
    fw = list(_FULLWIDTH.finditer(v.en))
    if fw:
        shown = " ".join(dict.fromkeys(m.group(0) for m in fw))
        yield ctx.finding(v, f"full-width punctuation in the English: {shown}",
                          spans=[Span("en", m.start(), m.start() + 1) for m in fw],
                          key="fullwidth:" + shown, severity=ctx.cfg["fullwidth_severity"])
    if v.has_zh:
        zc, ec = end_class(v.zh), end_class(v.en)
        tolerated = set(ctx.cfg["tolerated_end_pairs"])
        if zc != ec and f"{zc}:{ec}" not in tolerated:
            zt = v.zh.rstrip(_TRAILING_CLOSERS)
            et = v.en.rstrip(_TRAILING_CLOSERS)
            spans = []
            if zt and zc != "none":
                spans.append(Span("zh", len(zt) - 1, len(zt)))
            if et and ec != "none":
                spans.append(Span("en", len(et) - 1, len(et)))
            zch = zt[-1] if zt and zc != "none" else "no punctuation"
            ech = et[-1] if et and ec != "none" else "no punctuation"
            yield ctx.finding(v, f"end punctuation differs: Chinese {zch}, English {ech}",
                              spans=spans, key=f"end:{zc}:{ec}")
    for m in _SPACE_BEFORE.finditer(v.en):
        yield ctx.finding(v, f"space before \"{m.group(1)}\"",
                          spans=[Span("en", m.start(), m.end())], key="space-before")
        break
    for m in _DOUBLED.finditer(v.en):
        yield ctx.finding(v, f"doubled punctuation \"{m.group(0)}\"",
                          spans=[Span("en", m.start(), m.end())], key="doubled:" + m.group(0))
        break


@check("whitespace", "warning", needs="en")
def whitespace(v: SegView, ctx: CheckContext) -> Iterable[Finding]:
    """Double spaces (or tabs) between words, ideographic spaces in the English, and
    leading/trailing whitespace."""
    doubles = [m for m in re.finditer(r"(?<=\S)(?: {2,}|\t+| *\u3000[ \u3000]*)(?=\S)", v.en)]
    if doubles:
        yield ctx.finding(v, f"{len(doubles)} double space{'s' if len(doubles) > 1 else ''}"
                             " in the English",
                          spans=[Span("en", m.start(), m.end()) for m in doubles], key="double")
    if v.en != v.en.strip():
        spans = []
        lead = len(v.en) - len(v.en.lstrip())
        if lead:
            spans.append(Span("en", 0, lead))
        trail = len(v.en.rstrip())
        if trail < len(v.en):
            spans.append(Span("en", trail, len(v.en)))
        yield ctx.finding(v, "leading or trailing whitespace in the English", spans=spans,
                          key="edge", severity=ctx.cfg["edge_severity"])


_REPEAT = re.compile(r"\b([^\W\d_]+)(\s+)(\1)\b", re.IGNORECASE)


@check("repeated-word", "warning", needs="en")
def repeated_word(v: SegView, ctx: CheckContext) -> Iterable[Finding]:
    """The same word twice in a row ("the the"); grammatical doublings ("had had", "that
    that") are allowed by configuration."""
    allowed = {w.lower() for w in ctx.cfg["allowed"]}
    for m in _REPEAT.finditer(v.en):
        word = m.group(1)
        if word.lower() in allowed or len(word) == 1 and word.lower() not in ("a",):
            continue
        if word[0].isupper() and m.group(3) == word:
            continue          # a reduplicated name (芳芳 = Fang Fang), not a typo
        yield ctx.finding(v, f"repeated word \"{word} {m.group(3)}\"",
                          spans=[Span("en", m.start(3), m.end(3))], key=word.lower())




@check("paragraph-number", "error")
def paragraph_number(v: SegView, ctx: CheckContext) -> Iterable[Finding]:
    """Paragraph labels that disagree: the labels the readers recorded (x-zh-label /
    x-en-label), or else leading paragraph numbers in both texts (五. = V. = 5., ㈠ = (i))."""
    from zhenqa.corpora.numbers import label_key

    zl, el = v.seg.props.get("x-zh-label"), v.seg.props.get("x-en-label")
    spans: list[Span] = []
    if not (zl and el):
        zm, em = v.zh_label, v.en_label
        if not (zm and em):
            # a label printed on one side only (and none recorded for the other): the
            # number checks leave it alone, this says so once, quietly
            one = zm or em
            side = "zh" if zm else "en"
            other = el if side == "zh" else zl
            if one and not other and v.has_zh and v.has_en:
                yield ctx.finding(
                    v, f"paragraph label {one[0]} only in the "
                       f"{'Chinese' if side == 'zh' else 'English'}",
                    spans=[Span(side, one[1], one[2])], key=f"{side}:{one[0]}",
                    severity=ctx.cfg["one_sided_severity"])
            return
        zl, el = zm[0], em[0]
        spans = [Span("zh", zm[1], zm[2]), Span("en", em[1], em[2])]
    zk, ek = label_key(zl), label_key(el)
    if zk is None or ek is None or zk == ek:
        return
    # (i) may be a letter or a Roman numeral: accept either reading.
    if ek.startswith("(") and label_key(el, previous="(h)") == zk:
        return
    yield ctx.finding(v, f"paragraph label differs: Chinese {zl}, English {el}",
                      spans=spans, key=f"{zk}:{ek}")


# --------------------------------------------------------------------------- placeholders

_EN_PLACEHOLDERS = [
    (re.compile(r"\[\s*(?:…|\.\s?\.\s?\.)\s*\]"), "ellipsis"),
    (re.compile(r"\bX{3,}\b|\bx{3,}\b"), "hard"),
    (re.compile(r"\b(?:TBD|TBC|TBA|FIXME|TODO)\b"), "hard"),
    (re.compile(r"\?{3,}"), "hard"),
    (re.compile(r"\[\s*\]"), "hard"),
]
_ZH_PLACEHOLDER = re.compile(r"[\[［【]\s*(?:…+|\.{3,}|。{3,})\s*[\]］】]|X{3,}|x{3,}|待定|待补|[?？]{3,}")


@check("placeholder", "error", needs="en")
def placeholder(v: SegView, ctx: CheckContext) -> Iterable[Finding]:
    """Placeholders left in the English: […], [...], XXX, TBD, ???. A placeholder the
    Chinese has too (text not yet available in either) is only informational."""
    zh_count = len(_ZH_PLACEHOLDER.findall(fold(v.zh)))
    found = []
    for rx, kind in _EN_PLACEHOLDERS:
        for m in rx.finditer(v.en):
            found.append((m, kind))
    if not found:
        return
    found.sort(key=lambda x: x[0].start())
    mirrored = zh_count >= len(found)
    kinds = {k for _, k in found}
    severity = (ctx.cfg["mirrored_severity"] if mirrored
                else ctx.cfg["ellipsis_severity"] if kinds == {"ellipsis"} else None)
    shown = ", ".join(dict.fromkeys(m.group(0) for m, _ in found))
    msg = f"placeholder left in the English: {shown}"
    if mirrored:
        msg += " (the Chinese has it too)"
    yield ctx.finding(v, msg, spans=[Span("en", m.start(), m.end()) for m, _ in found],
                      key=shown, severity=severity)
