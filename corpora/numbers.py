"""Numbers as both language versions write them, reduced to one canonical form.

A Chinese UN text writes ``1,676,000 美元``, ``56 万``, ``百分之七``, ``第五十二条``, ``㈠``; the
English one ``$1,676,000``, ``560,000``, ``7 per cent``, ``article 52``, ``(i)``. Alignment
evidence and the QA number check compare *values*, so this module turns every written form
into a `Decimal` (`parse_number`), an `int` (`zh_numeral_to_int`, `roman_to_int`) or a label
key (`label_key`), and `format_number` gives the one string form used in anchor values.

Chinese numerals are converted by a small native parser (standard and digit-by-digit
readings, 〇/零, 两, 万/亿 sections, financial forms 壹贰叁). ``cn2an`` is the reference
the property tests check it against (every numeral cn2an writes reads back to its value),
not a runtime fallback: importing it costs 0.2-0.4 s, and on random strings of numeral
characters the only forms cn2an's strict mode accepts beyond the native parser are
malformed ones (九万零百, 一亿零拾), while the strings real text sent it (一二十 in a novel)
it rejected too; a fallback was one more import per process for no value.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from zhenqa.corpora.lazyre import lazy_compile
from zhenqa.corpora.textnorm import fold

__all__ = [
    "parse_number", "format_number", "zh_numeral_to_int", "int_to_zh_numeral",
    "roman_to_int", "int_to_roman", "label_key", "int_to_letters", "list_marker", "en_words_to_int", "ordinal_word_to_int",
    "ZH_DIGITS", "ZH_NUMERAL_CHARS", "EARTHLY_BRANCHES", "HEAVENLY_STEMS",
    "time_of_day", "ZH_DAY_PERIODS", "loose_values", "english_word_values", "en_ordinal_values",
    "EN_NUMBER_WORDS", "EN_COUNT_WORDS", "ZH_NUMERAL_RUN", "ZH_COUNT_CHARS", "EN_MONTHS",
]

# --------------------------------------------------------------------------- Chinese numerals

ZH_DIGITS: dict[str, int] = {
    "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
    "六": 6, "七": 7, "八": 8, "九": 9,
    # financial (大写) forms, as on cheques and in budget tables
    "壹": 1, "贰": 2, "貳": 2, "叁": 3, "參": 3, "肆": 4, "伍": 5, "陆": 6, "陸": 6,
    "柒": 7, "捌": 8, "玖": 9,
}
_ZH_SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_ZH_BIG_UNITS: dict[str, int] = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
ZH_NUMERAL_CHARS = "".join(ZH_DIGITS) + "".join(_ZH_SMALL_UNITS) + "".join(_ZH_BIG_UNITS)


def _zh_native(s: str) -> int | None:
    """Standard reading (一百一十一, 三万五千, 一万亿, colloquial 一百五 = 150) or None."""
    if all(ch in ZH_DIGITS for ch in s):
        # Digit-by-digit reading: 一九四八 = 1948, 二〇三〇 = 2030; a single digit is itself.
        return int("".join(str(ZH_DIGITS[ch]) for ch in s))
    result = 0          # completed big-unit sections
    section = 0         # current part below the next big unit
    number: int | None = None
    last_small = 10**5  # small units must descend inside a section (千 > 百 > 十)
    max_big = 0
    prev_unit = 0       # value of the unit right before the trailing digit (colloquial forms)
    after_zero = False
    for ch in s:
        if ch in ZH_DIGITS:
            if number is not None and number != 0 and not after_zero:
                return None                           # two digits in a row: 一二十
            d = ZH_DIGITS[ch]
            if d == 0:
                after_zero = True
                number = 0
                continue
            number = d
        elif ch in _ZH_SMALL_UNITS:
            u = _ZH_SMALL_UNITS[ch]
            if u >= last_small:
                return None                           # 十百, 百百
            if number is None or (number == 0 and after_zero):
                if u != 10:
                    return None                       # 百 / 千 need a digit: 百五 is not a number
                number = 1                            # 十二 = 12, 一百十 = 110
            section += number * u
            last_small = u
            number = None
            after_zero = False
            prev_unit = u
        elif ch in _ZH_BIG_UNITS:
            u = _ZH_BIG_UNITS[ch]
            part = section + (number or 0)
            if part == 0 and result == 0:
                return None                           # 万 alone is not a numeral here
            if u > max_big:
                result = (result + part) * u          # 一万亿: the 亿 scales everything before
                max_big = u
            else:
                if part == 0:
                    return None
                result += part * u
            section = 0
            number = None
            last_small = 10**5
            after_zero = False
            prev_unit = u
        else:
            return None
    if number:
        if prev_unit >= 100 and not after_zero:
            number *= prev_unit // 10                 # 一百五 = 150, 三万五 = 35000
        section += number
    return result + section


def zh_numeral_to_int(s: str) -> int | None:
    """Value of a Chinese numeral (五 = 5, 十二 = 12, 一百一十一 = 111, 二〇三〇 = 2030), or None.

    Accepts 〇/零, 两, financial forms and 万/亿 scaling; rejects anything that is not wholly
    a numeral (so 一些 or 统一 give None), and malformed sequences (一二十).
    """
    s = s.strip()
    if not s:
        return None
    return _zh_native(s)


def int_to_zh_numeral(n: int) -> str:
    """Standard Chinese numeral for a non-negative integer (uses cn2an; for tests and display)."""
    import cn2an

    numeral: str = cn2an.an2cn(n)  # cn2an is untyped
    return numeral


# --------------------------------------------------------------------------- Roman numerals

_ROMAN_RE = lazy_compile(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})", re.IGNORECASE)
_ROMAN_VALUES = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)
_ROMAN_DIGIT = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_to_int(s: str) -> int | None:
    """Value of a well-formed Roman numeral (either case, 1..3999), else None (IIII, VX, '')."""
    s = s.strip()
    if not s or not _ROMAN_RE.fullmatch(s):
        return None
    total = 0
    prev = 0
    for ch in reversed(s.upper()):
        v = _ROMAN_DIGIT[ch]
        total += -v if v < prev else v
        prev = max(prev, v)
    return total


def int_to_roman(n: int) -> str:
    """Upper-case Roman numeral of 1..3999."""
    if not 1 <= n <= 3999:
        raise ValueError(f"no Roman numeral for {n}")
    out = []
    for value, sym in _ROMAN_VALUES:
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


# --------------------------------------------------------------------------- list markers

LIST_STYLES = ("decimal", "lower-alpha", "upper-alpha", "lower-roman", "upper-roman")


def int_to_letters(n: int) -> str:
    """Letter numbering as word processors and browsers print it: 1 = "a", 26 = "z",
    27 = "aa", 28 = "ab" (bijective base 26, lower case)."""
    if n < 1:
        raise ValueError(f"no letter numbering for {n}")
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(ord("a") + r) + out
    return out


def list_marker(n: int, style: str) -> str:
    """How item `n` of a list of `style` (CSS list-style-type names: decimal, lower-alpha,
    upper-alpha, lower-roman, upper-roman) is numbered: "3", "c", "C", "iii", "III".

    The docx, HTML and XML readers label list items whose number is implied by the markup
    this way, so that an English "(c)" meets the Chinese "(c)" / "㈢" through `label_key`.
    Roman numbering beyond 3999 falls back to decimal.
    """
    if style in ("lower-alpha", "upper-alpha"):
        s = int_to_letters(n)
        return s.upper() if style == "upper-alpha" else s
    if style in ("lower-roman", "upper-roman"):
        s = int_to_roman(n) if 1 <= n <= 3999 else str(n)
        return s.lower() if style == "lower-roman" else s
    return str(n)


# --------------------------------------------------------------------------- English words

_EN_ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_EN_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
EN_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}

_EN_ORD_ONES = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17,
    "eighteenth": 18, "nineteenth": 19,
}
_EN_ORD_TENS = {
    "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60,
    "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100,
}


def en_words_to_int(s: str) -> int | None:
    """Value of English number words ("twenty-five", "two million", "five hundred and six")."""
    tokens = [t for t in re.split(r"[\s\-]+", s.strip().lower()) if t and t != "and"]
    if not tokens:
        return None
    total = 0
    current = 0
    seen = False
    for tok in tokens:
        if tok in _EN_ONES:
            current += _EN_ONES[tok]
        elif tok in _EN_TENS:
            current += _EN_TENS[tok]
        elif tok == "hundred":
            current = (current or 1) * 100
        elif tok in EN_SCALES:
            total += (current or 1) * EN_SCALES[tok]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def ordinal_word_to_int(s: str) -> int | None:
    """Value of an English ordinal: "seventh" = 7, "seventy-second" = 72, "7th" = 7."""
    s = s.strip().lower()
    m = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", s)
    if m:
        return int(m.group(1))
    if s in _EN_ORD_ONES:
        return _EN_ORD_ONES[s]
    if s in _EN_ORD_TENS:
        return _EN_ORD_TENS[s]
    m = re.fullmatch(r"([a-z]+)[\s\-]([a-z]+)", s)
    if m and m.group(1) in _EN_TENS and m.group(2) in _EN_ORD_ONES and _EN_ORD_ONES[m.group(2)] < 10:
        return _EN_TENS[m.group(1)] + _EN_ORD_ONES[m.group(2)]
    return None


# --------------------------------------------------------------------------- parse / format

#: Scale words after a number: 56 万 = 560000, 2.5 亿, 1.676 million.
SCALES: dict[str, int] = {
    "万亿": 10**12, "亿": 10**8, "千万": 10**7, "百万": 10**6, "万": 10**4, "千": 10**3,
    "萬億": 10**12, "億": 10**8, "萬": 10**4,
    **EN_SCALES,
}

_ARABIC = (
    r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?"      # 1,676,000 / 1,676,000.50
    r"|\d{1,3}(?: \d{3})+(?:\.\d+)?"        # 1 676 000 (spaces: after fold, NBSP/thin too)
    r"|\d+(?:\.\d+)?|\.\d+)"                # 3.5 / 1676000 / .5
)
_ARABIC_RE = lazy_compile(
    rf"([-+]?)({_ARABIC})\s*(万亿|萬億|千万|百万|亿|億|万|萬|千|thousand|million|billion|trillion)?",
    re.IGNORECASE,
)
_ZH_DECIMAL_RE = lazy_compile(f"([{ZH_NUMERAL_CHARS}]+)(?:点([{''.join(ZH_DIGITS)}]+))?")


def parse_number(text: str) -> Decimal | None:
    """Value of a number written in any of the forms the two languages use, or None.

    "1,676,000", "1 676 000", "１２３", "3.5", "56万" (560000), "2.5亿", "1.676 million",
    "一百一十一", "两千", "五十二", "三点五", "two million". Not numbers: "1.676.000"
    (continental grouping is not English, and dotted sequences are section numbers such as
    SDG indicator 1.1.1), "1,67" (malformed grouping), fractions ("三分之一": an anchor gives
    these the value "1/3", but they have no finite Decimal), words that merely contain
    numeral characters ("一些", "统一").
    """
    s = fold(text).strip()
    if not s:
        return None
    m = _ARABIC_RE.fullmatch(s)
    if m:
        sign, digits, scale = m.groups()
        try:
            value = Decimal(digits.replace(",", "").replace(" ", ""))
        except InvalidOperation:  # pragma: no cover - the regex only admits valid digits
            return None
        if scale:
            value *= SCALES[scale.lower()]
        return -value if sign == "-" else value
    m = _ZH_DECIMAL_RE.fullmatch(s)
    if m:
        whole, frac = m.groups()
        n = zh_numeral_to_int(whole)
        if n is None:
            return None
        if frac:
            return Decimal(f"{n}.{''.join(str(ZH_DIGITS[c]) for c in frac)}")
        return Decimal(n)
    if re.fullmatch(r"[A-Za-z][A-Za-z\s\-]*", s):
        n = en_words_to_int(s)
        return None if n is None else Decimal(n)
    return None


def format_number(value: Decimal | int) -> str:
    """Canonical string of a number: "1676000", "3.5", "0.25"; no exponent, no trailing zeros.

    This is the `value` of number, amount and percent anchors, so it must be equal for equal
    numbers however they were written (Decimal("1.676E+6") and Decimal("1676000.00") agree).
    """
    d = Decimal(value)
    if not d.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    d = d.normalize()
    s = format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    if s in ("-0", ""):
        s = "0"
    return s


# --------------------------------------------------------------------------- labels

EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_LETTERS = "abcdefghijklmnopqrstuvwxyz"

_LABEL_TRIM = " \t.、:)"
_PARENS_RE = lazy_compile(r"\(\s*([^()]{1,8}?)\s*\)|([^()]{1,8}?)\s*\)")
_DOTTED_RE = lazy_compile(r"[0-9]+(?:\.(?:[0-9]+|[a-z]))+")
_ASCII_DIGITS_RE = lazy_compile(r"[0-9]+")


def _paren_key(inner: str, previous: str | None) -> str | None:
    inner = inner.strip()
    if not inner:
        return None
    if _ASCII_DIGITS_RE.fullmatch(inner):
        return f"({int(inner)})"
    if len(inner) == 1 and inner in EARTHLY_BRANCHES:
        return f"({_LETTERS[EARTHLY_BRANCHES.index(inner)]})"
    if len(inner) == 1 and inner in HEAVENLY_STEMS:
        return f"({_LETTERS[HEAVENLY_STEMS.index(inner)]})"
    if inner.isascii() and inner.isalpha():
        low = inner.lower()
        # only i, v and x: (c), (d), (l), (m) are always letters
        roman = roman_to_int(low) if inner.islower() and set(low) <= set("ivx") else None
        if roman is not None and (len(low) > 1 or not _follows_letter(low, previous)):
            # Lower-case Roman numerals number the third list level in UN texts: (i), (ii)...
            # The Chinese versions print that level as ㈠ ㈡, so both keys are "(1)", "(2)".
            return f"({roman})"
        if len(inner) == 1:
            return f"({inner})"
        return None
    n = zh_numeral_to_int(inner)
    if n is not None:
        return f"({n})"
    return None


def _follows_letter(letter: str, previous: str | None) -> bool:
    """True when `letter` continues a letter series: (i) right after (h) is the letter i."""
    if previous is None or len(letter) != 1:
        return False
    prev = previous.strip("()").lower()
    return len(prev) == 1 and prev.isalpha() and ord(prev) + 1 == ord(letter.lower())


def label_key(label: str, previous: str | None = None) -> str | None:
    """Canonical comparable key of a printed unit label, equal across languages, or None.

    - Numbers in any script: "五" / "V" / "5" / "１２" / "5." / "五、" -> "5", "12".
    - Capital letters: "A" / "A." -> "A"; but "I", "V", "X" are Roman numerals (1, 5, 10)
      unless `previous` (the key of the preceding sibling label) makes them letters:
      label_key("I", previous="H") == "I". C, D, L and M are always letters (section C).
    - Parenthesized items: "(a)" / "（a）" / "a)" / "(子)" (earthly branches 子丑寅卯... = a b c d,
      heavenly stems 甲乙丙... likewise) / "⒜" -> "(a)"; "(1)" / "㈠" / "(一)" / "⑴" / "①" -> "(1)".
    - The (i) ambiguity: a parenthesized lower-case Roman numeral is a number, because UN
      texts number their third list level (i), (ii), (iii) and the Chinese versions print it
      ㈠ ㈡ ㈢: label_key("(ii)") == label_key("㈡") == "(2)". A single "(i)", "(v)" or "(x)"
      is the letter only when `previous` is the letter before it ("(h)", "(u)", "(w)").
    - Dotted section numbers: "1.1" / "1.a" / "1.1.1" -> themselves (SDG targets).
    - Words are not labels: "第三章", "Chapter III", "Article 1" -> None.
    """
    s = fold(label).strip()
    if not s:
        return None
    # Single enclosed characters first: ㈠..㈩, ⑴..⒇, ①..⑳, ⒜..⒵, ⒈..⒛.
    if len(s) == 1:
        cp = ord(s)
        if 0x3220 <= cp <= 0x3229:
            return f"({cp - 0x3220 + 1})"
        if 0x2474 <= cp <= 0x2487:
            return f"({cp - 0x2474 + 1})"
        if 0x2460 <= cp <= 0x2473:
            return f"({cp - 0x2460 + 1})"
        if 0x249C <= cp <= 0x24B5:
            return f"({chr(ord('a') + cp - 0x249C)})"
        if 0x2488 <= cp <= 0x249B:
            return str(cp - 0x2488 + 1)
    m = _PARENS_RE.fullmatch(s)
    if m:
        return _paren_key(m.group(1) if m.group(1) is not None else m.group(2), previous)
    s = s.rstrip(_LABEL_TRIM).strip()
    if not s:
        return None
    if _ASCII_DIGITS_RE.fullmatch(s):
        return str(int(s))
    if _DOTTED_RE.fullmatch(s):
        return ".".join(p if p.isalpha() else str(int(p)) for p in s.split("."))
    if s.isascii() and s.isalpha():
        if len(s) == 1:
            if s.isupper() and s in "IVX" and not _follows_letter(s, previous):
                return str(roman_to_int(s))
            return s if s.isupper() else f"({s})"
        if s.isupper():
            roman = roman_to_int(s)
            return None if roman is None else str(roman)
        return None
    n = zh_numeral_to_int(s)
    if n is not None:
        return str(n)
    return None


# --------------------------------------------------------------------------- times of day

#: Chinese words for the part of the day before a clock time, and whether they move a
#: 12-hour figure to the afternoon (下午3时 = 15:00) or to the small hours (凌晨12时 = 0:00).
ZH_DAY_PERIODS: dict[str, str] = {
    "上午": "am", "早上": "am", "早晨": "am", "清晨": "am", "凌晨": "am", "中午": "midday",
    "下午": "pm", "晚上": "pm", "傍晚": "pm", "夜间": "pm", "夜里": "pm", "晚": "pm",
}


def time_of_day(hour: int, minute: int = 0, period: str | None = None) -> str | None:
    """A clock time as "HH:MM" (24-hour), the form both languages share.

    `period` is "am", "pm" or "noon" (from "a.m."/"p.m."/"12 noon", 上午/下午 ...), "midday"
    (中午: 11 and 12 as they are, 1 to 5 in the afternoon) or None for a 24-hour figure
    (15:30, 15时30分). 12 a.m. is midnight (00:MM), 12 p.m. and 12 noon are
    noon; a 12-hour figure above 12 with a period is refused (None), as is any impossible
    time: a reader cannot tell which one was meant."""
    if not (0 <= minute <= 59):
        return None
    if period is None:
        if not 0 <= hour <= 24 or (hour == 24 and minute):
            return None
        return f"{hour % 24:02d}:{minute:02d}"
    if not 1 <= hour <= 12:
        return None
    if period == "am":
        h = 0 if hour == 12 else hour
    elif period == "pm":
        h = 12 if hour == 12 else hour + 12
    elif period == "noon":
        if hour != 12:
            return None
        h = 12
    elif period == "midday":
        if 6 <= hour <= 10:
            return None
        h = hour + 12 if hour <= 5 else hour
    else:
        raise ValueError(f"unknown period {period!r}")
    return f"{h:02d}:{minute:02d}"


# --------------------------------------------------------------------------- loose values
#
# Every value a text states in any form, used by the QA number check only to *excuse* an
# unmatched anchor ("两个" states 2, "three" 3, "a resolution" 1), never to raise a finding.

_EN_WORD = lazy_compile(r"[A-Za-z]+(?:[-'’][A-Za-z]+)*")
EN_NUMBER_WORDS = set("""zero one two three four five six seven eight nine ten eleven twelve
thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty
seventy eighty ninety hundred thousand million billion trillion and""".split())
#: Words that stand for a count without being numerals ("a resolution" = 一项决议).
EN_COUNT_WORDS: dict[str, int | Decimal] = {
    "a": 1, "an": 1, "single": 1, "once": 1, "each": 1, "alone": 1, "sole": 1, "both": 2,
    "twice": 2, "double": 2, "pair": 2, "couple": 2, "twofold": 2, "thrice": 3, "triple": 3,
    "threefold": 3, "dozen": 12, "half": Decimal("0.5"), "quarter": Decimal("0.25"),
    "hundreds": 100, "thousands": 1000, "millions": 1000000, "billions": 1000000000,
    "decade": 10, "century": 100, "biennium": 2, "bilateral": 2, "trilateral": 3,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10,
}
ZH_NUMERAL_RUN = lazy_compile(r"[零〇一二三四五六七八九十百千万亿两兩壹贰叁肆伍陆柒捌玖拾佰仟]+")
ZH_COUNT_CHARS: dict[str, int | Decimal] = {
    "双": 2, "半": Decimal("0.5"), "首": 1, "单": 1, "俩": 2, "两": 2, "独": 1,
    "唯": 1, "仅": 1, "每": 1, "各": 1, "双边": 2}
_DIGIT_RUN = lazy_compile(r"\d+(?:[.,]\d+)*")
EN_MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december"
    .split(), start=1)}


EN_ORDINAL_WORD = lazy_compile(
    r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    r"thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth)\b",
    re.I)
EN_ORDINALS = {w: i + 1 for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split())}




def en_ordinal_values(text: str) -> set[Decimal]:
    """Values of the ordinal words of an English text ("sixth preambular paragraph" -> 6)."""
    return {Decimal(EN_ORDINALS[m.group(1).lower()]) for m in EN_ORDINAL_WORD.finditer(text)}


def english_word_values(text: str) -> set[Decimal]:
    """Values English writes in words: "three", "twenty-five", "a", "both", "first" ..."""
    values: set[Decimal] = set()
    words = list(_EN_WORD.finditer(fold(text)))
    run: list[str] = []

    def flush() -> None:
        while run and run[-1] == "and":
            run.pop()
        if run:
            v = parse_number(" ".join(run))
            if v is not None:
                values.add(v)
            for w in run:                 # "one hundred" also says "one" and "hundred"
                v = parse_number(w) if w != "and" else None
                if v is not None:
                    values.add(v)
        run.clear()

    for m in words:
        w = m.group(0).lower()
        parts = w.split("-")
        if all(p in EN_NUMBER_WORDS for p in parts) and not (w == "and" and not run):
            run.append(w)
            continue
        flush()
        if w in EN_COUNT_WORDS:
            values.add(Decimal(EN_COUNT_WORDS[w]))
        o = ordinal_word_to_int(w)
        if o is not None:
            values.add(Decimal(o))
    flush()
    return values


def loose_values(text: str, lang: str) -> set[Decimal]:
    """Every number value a text states in any form (digits, numerals, words).

    Used only to excuse an unmatched anchor, never to raise a finding: if the other side
    states the value somehow ("两个" for 2, "three" for 3), the pair is consistent."""
    t = fold(text)
    values: set[Decimal] = set()
    for m in _DIGIT_RUN.finditer(t):
        v = parse_number(m.group(0))
        if v is not None:
            values.add(v)
        for part in re.split(r"[.,]", m.group(0)):   # 1.1.1 states 1; 3/1 states 3 and 1
            if part.isdigit():
                values.add(Decimal(int(part)))
    if lang == "zh":
        for m in ZH_NUMERAL_RUN.finditer(t):
            run = m.group(0)
            v = parse_number(run)
            if v is not None:
                values.add(v)
            for ch in run:
                v = parse_number(ch)
                if v is not None:
                    values.add(v)
        for word, count in ZH_COUNT_CHARS.items():
            if word in t:
                values.add(Decimal(count))
    else:
        values |= english_word_values(text)
        for m in _EN_WORD.finditer(t):
            mon = EN_MONTHS.get(m.group(0).lower())
            if mon:
                values.add(Decimal(mon))
    return values
