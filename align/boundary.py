"""Boundary evidence: whether a cut between units falls inside or outside a quotation.

In dialogue-heavy fiction the wrong beads are mostly cut at the wrong sentence: the
search pairs a Chinese sentence with one English sentence too few or too many, and the
lexical evidence cannot tell because the neighbouring sentences are short ("At you!",
"'Is that right?' protested Trinket."). Both sides of a translation, however, close a
quoted speech at the same place: a Chinese sentence that ends the speech (…。”) pairs
with English text that closes it too, whether the attribution comes before the speech
(小玄子道：“很好！”) or after it ('Is that right?' protested Trinket.). So the quotation
state after each unit (inside an open quotation or not) is computed on each side, and a
bead whose end leaves the two sides in different states is cut at the wrong place more
often than not: on the gold beads of MAC-Dev's chapter 002 the states agree at 97% of
the bead ends (229 of 236), against 74% one English sentence off.

The state is a running flag, not a count: Chinese text uses distinct opening and closing
marks (“” 「」), English novels often straight quotes, where an apostrophe (don't), a
plural possessive (the boys' room) and a closing quote share one character; the rules in
`en_quote_states` tell them apart from the neighbouring characters. A document side with
no quotation at all gives no evidence (the feature is 0 everywhere).
"""
from __future__ import annotations

import re
from typing import Sequence

import numpy as np

_ZH_OPEN = "“「"
_ZH_CLOSE = "”」"
_EN_QUOTE = re.compile(r"[\"“”‘’']")
_OPEN_AFTER = "([{—–-"


def zh_quote_states(units: Sequence[str]) -> np.ndarray:
    """Quotation state at every lattice row: out[i] is 1 when the text of units 0..i-1
    leaves a quotation open (out[0] = 0). Nested quotes (『』 and ‘’) do not change it."""
    state = 0
    out = np.zeros(len(units) + 1, dtype=np.int8)
    for k, text in enumerate(units):
        for ch in text:
            if ch in _ZH_OPEN:
                state = 1
            elif ch in _ZH_CLOSE:
                state = 0
        out[k + 1] = state
    return out


def en_quote_states(units: Sequence[str]) -> np.ndarray:
    """Quotation state at every lattice column (see `zh_quote_states`).

    Curly double quotes say which way they go. A straight or single quote opens when it
    follows a space or an opening bracket/dash and precedes a non-space; between two
    letters or digits it is an apostrophe; after a letter "s" outside a quotation it is a
    plural possessive; any other quote closes."""
    state = 0
    out = np.zeros(len(units) + 1, dtype=np.int8)
    for k, text in enumerate(units):
        n = len(text)
        for m in _EN_QUOTE.finditer(text):
            p = m.start()
            ch = text[p]
            if ch == "“":
                state = 1
                continue
            if ch == "”":
                state = 0
                continue
            prev = text[p - 1] if p > 0 else " "
            nxt = text[p + 1] if p + 1 < n else " "
            if prev.isalnum() and nxt.isalnum():
                continue
            if (prev.isspace() or prev in _OPEN_AFTER) and not nxt.isspace():
                state = 1
            elif ch != '"' and prev in "sS" and state == 0:
                continue
            else:
                state = 0
        out[k + 1] = state
    return out


def quote_states(zh: Sequence[str], en: Sequence[str]) -> tuple[np.ndarray, np.ndarray] | None:
    """Both sides' lattice states, or None when either side never opens a quotation (no
    evidence: a text without dialogue, or quotation marks the rules do not know)."""
    zq = zh_quote_states(zh)
    eq = en_quote_states(en)
    if not zq.any() or not eq.any():
        return None
    return zq, eq


def quote_agreement(states: tuple[np.ndarray, np.ndarray] | None, i_end: np.ndarray,
                    j_end: np.ndarray) -> np.ndarray:
    """+1 where a bead ending at lattice point (i_end, j_end) leaves both sides in the
    same quotation state, -1 where not, 0 without evidence (any broadcastable shapes)."""
    if states is None:
        return np.zeros(np.broadcast_shapes(np.shape(i_end), np.shape(j_end)))
    zq, eq = _at_ends(states, i_end, j_end)
    return np.where(zq == eq, 1.0, -1.0)


# --------------------------------------------------------------------------- end marks

#: Classes of the mark a unit ends with (closing quotes stripped): 0 a full stop or
#: anything else, 1 a question mark, 2 an exclamation mark.
_END_STRIP = "\"“”‘’'「」『』 \t"

#: Agreement of the end marks of a bead's last units (rows: Chinese class, columns:
#: English class). On MAC-Dev's gold bead ends against ends one English sentence off,
#: ?/? is gold three times in four and !/! about twice in three (a third at random);
#: a question on one side only, or an exclamation against a full stop in English, are
#: gold about one time in eight. An English "!" after a Chinese full stop is common
#: (translators add emphasis) and says nothing.
_END_TABLE = np.array([[0.0, -1.0, 0.0, 0.0],
                       [-1.0, 1.0, -1.0, -1.0],
                       [-1.0, -1.0, 1.0, -1.0],
                       [0.0, -1.0, -1.0, 1.0]])


#: Marks of speech broken off or trailing away (class 3): ellipses and dashes.
_BROKEN_OFF = ("…", "...", "—", "--", "-", "－", "．．．")


def end_class(text: str) -> int:
    t = text.rstrip(_END_STRIP)
    if not t:
        return 0
    if t.endswith(_BROKEN_OFF):
        return 3
    c = t[-1]
    if c in "?？":
        return 1
    if c in "!！":
        return 2
    return 0


def end_marks(zh: Sequence[str], en: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The end-mark class of the last unit before every lattice row and column (0 at the
    origin, where no unit precedes)."""
    zc = np.zeros(len(zh) + 1, dtype=np.int8)
    ec = np.zeros(len(en) + 1, dtype=np.int8)
    zc[1:] = [end_class(t) for t in zh]
    ec[1:] = [end_class(t) for t in en]
    return zc, ec


def end_agreement(marks: tuple[np.ndarray, np.ndarray] | None, i_end: np.ndarray,
                  j_end: np.ndarray) -> np.ndarray:
    """`_END_TABLE` for beads ending at lattice points (i_end, j_end)."""
    if marks is None:
        return np.zeros(np.broadcast_shapes(np.shape(i_end), np.shape(j_end)))
    zc, ec = _at_ends(marks, i_end, j_end)
    agreement: np.ndarray = _END_TABLE[zc, ec]
    return agreement


def _at_ends(per_unit: tuple[np.ndarray, np.ndarray], i_end: np.ndarray,
             j_end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The per-unit values of each side at the bead ends (i_end, j_end), broadcast to one
    shape, with ends clipped into the sides' ranges."""
    shape = np.broadcast_shapes(np.shape(i_end), np.shape(j_end))
    zv, ev = per_unit
    i = np.clip(np.broadcast_to(i_end, shape), 0, len(zv) - 1)
    j = np.clip(np.broadcast_to(j_end, shape), 0, len(ev) - 1)
    return zv[i], ev[j]
