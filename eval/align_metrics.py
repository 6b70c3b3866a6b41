"""Alignment quality: the beads format and strict/lax precision, recall and F1.

The definitions are those of the Vecalign, Bertalign and Bleualign evaluations (Sennrich
& Volk 2010), so that figures compare with their published ones:

- beads are compared as sets; beads empty on both sides are dropped;
- precision is over all predicted beads, 1-0 and 0-1 included: a predicted bead is a
  strict hit if it is identical to a gold bead, a lax hit if it is a strict hit or shares
  at least one Chinese and one English unit with some gold bead;
- recall is over the gold beads with both sides non-empty, with the same rules the other
  way round;
- F1 = 2PR/(P+R); any zero denominator gives 0.

For folders of same-named files the counts are summed over documents before P/R/F1 are
computed (micro-averaging), as the published figures are.

Beads format: one bead a line, ``[i,j,...]:[k,...]``, 0-based unit indices, Chinese (or
source) side first, ``[]`` for an empty side.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Sequence, TypedDict

from zhenqa.corpora.errors import InputError
from zhenqa.corpora.lazyre import lazy_compile

Bead = tuple[tuple[int, ...], tuple[int, ...]]

SIGNATURE = "align-prf|strict+lax|sennrich-volk-2010|micro|v1"

_BEAD_RE = lazy_compile(r"^\s*\[\s*([0-9,\s]*)\]\s*:\s*\[\s*([0-9,\s]*)\]\s*$")


def _ints(part: str, path: str | os.PathLike[str] | None, lineno: int) -> tuple[int, ...]:
    items = [p.strip() for p in part.split(",")]
    if items == [""]:
        return ()
    if any(not p.isdigit() for p in items):
        raise InputError(path, f"bad unit index list [{part}]", line=lineno)
    return tuple(int(p) for p in items)


def parse_beads(text: str, path: str | os.PathLike[str] | None = None) -> list[Bead]:
    """Beads from beads-format text; blank lines are skipped."""
    beads: list[Bead] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        m = _BEAD_RE.match(line)
        if m is None:
            raise InputError(path, f"not a bead line (expected [i,...]:[j,...]): {line.strip()[:60]!r}",
                             line=lineno)
        beads.append((_ints(m.group(1), path, lineno), _ints(m.group(2), path, lineno)))
    return beads


def read_beads(path: str | os.PathLike[str]) -> list[Bead]:
    """Beads of a beads-format file (InputError for a missing or malformed file)."""
    p = Path(path)
    if not p.is_file():
        raise InputError(path, "no such file" if not p.exists() else "not a file")
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(path, "not UTF-8 text") from None
    return parse_beads(text, path)


def format_beads(beads: Iterable[Sequence[Sequence[int]]]) -> str:
    """Beads-format text (with a final newline when there is any bead)."""
    lines = ["[" + ",".join(str(i) for i in zs) + "]:[" + ",".join(str(j) for j in es) + "]"
             for zs, es in beads]
    return "\n".join(lines) + ("\n" if lines else "")


def swap_beads(beads: Iterable[Bead]) -> list[Bead]:
    """Exchange the two sides (for gold files that list the other language first)."""
    return [(es, zs) for zs, es in beads]


@dataclass
class Counts:
    """Hit counts from which strict/lax P/R/F1 follow; they add over documents."""

    pred: int = 0
    strict_pred_hits: int = 0
    lax_pred_hits: int = 0
    gold: int = 0
    strict_gold_hits: int = 0
    lax_gold_hits: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(*(a + b for a, b in zip(self.astuple(), other.astuple())))

    def astuple(self) -> tuple[int, ...]:
        return (self.pred, self.strict_pred_hits, self.lax_pred_hits, self.gold,
                self.strict_gold_hits, self.lax_gold_hits)


def _lax_hit(bead: Bead, others: Sequence[tuple[frozenset[int], frozenset[int]]]) -> bool:
    zs, es = set(bead[0]), set(bead[1])
    if not zs or not es:
        return False
    return any(zs & oz and es & oe for oz, oe in others)


def count_hits(gold: Iterable[Bead], pred: Iterable[Bead]) -> Counts:
    g = {(tuple(z), tuple(e)) for z, e in gold if z or e}
    p = {(tuple(z), tuple(e)) for z, e in pred if z or e}
    g_sets = [(frozenset(z), frozenset(e)) for z, e in g if z and e]
    p_sets = [(frozenset(z), frozenset(e)) for z, e in p if z and e]
    c = Counts()
    c.pred = len(p)
    for bead in p:
        if bead in g:
            c.strict_pred_hits += 1
            c.lax_pred_hits += 1
        elif _lax_hit(bead, g_sets):
            c.lax_pred_hits += 1
    recall_beads = [b for b in g if b[0] and b[1]]
    c.gold = len(recall_beads)
    for bead in recall_beads:
        if bead in p:
            c.strict_gold_hits += 1
            c.lax_gold_hits += 1
        elif _lax_hit(bead, p_sets):
            c.lax_gold_hits += 1
    return c


def _prf(hits_p: int, n_p: int, hits_r: int, n_r: int) -> dict[str, float]:
    p = hits_p / n_p if n_p else 0.0
    r = hits_r / n_r if n_r else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 6), "r": round(r, 6), "f1": round(f, 6)}


def scores_from_counts(c: Counts) -> dict[str, dict[str, float]]:
    return {"strict": _prf(c.strict_pred_hits, c.pred, c.strict_gold_hits, c.gold),
            "lax": _prf(c.lax_pred_hits, c.pred, c.lax_gold_hits, c.gold)}


def score_alignment(gold: Iterable[Bead], pred: Iterable[Bead]) -> dict[str, dict[str, float]]:
    """{"strict": {"p", "r", "f1"}, "lax": {...}} of predicted beads against gold beads."""
    return scores_from_counts(count_hits(gold, pred))


class PathScores(TypedDict):
    """What `score_paths` gives (and `zhenqa align score` prints as JSON), in this key order."""

    strict: dict[str, float]       # {"p", "r", "f1"}
    lax: dict[str, float]
    counts: dict[str, int]         # the summed `Counts` fields and "documents"
    signature: str


def score_paths(gold: str | os.PathLike[str], pred: str | os.PathLike[str]) -> PathScores:
    """Score two beads files, or two folders of same-named beads files (counts summed).

    Every file of the gold folder needs a same-named file in the prediction folder;
    prediction files without gold are ignored. The result also carries the summed counts,
    the number of documents and the metric signature.
    """
    g, p = Path(gold), Path(pred)
    if not g.exists():
        raise InputError(gold, "no such file or folder")
    if not p.exists():
        raise InputError(pred, "no such file or folder")
    if g.is_dir() != p.is_dir():
        raise InputError(pred, f"is a {'folder' if p.is_dir() else 'file'} but the gold "
                               f"{gold} is a {'folder' if g.is_dir() else 'file'}")
    if g.is_dir():
        names = sorted(x.name for x in g.iterdir() if x.is_file() and not x.name.startswith("."))
        if not names:
            raise InputError(gold, "folder holds no gold files")
        missing = [n for n in names if not (p / n).is_file()]
        if missing:
            raise InputError(p / missing[0], f"missing: the gold folder has {missing[0]} but the "
                                             f"prediction folder does not ({len(missing)} missing)")
        total = Counts()
        for n in names:
            total = total + count_hits(read_beads(g / n), read_beads(p / n))
        docs = len(names)
    else:
        total = count_hits(read_beads(g), read_beads(p))
        docs = 1
    scores = scores_from_counts(total)
    return {"strict": scores["strict"], "lax": scores["lax"],
            "counts": {"pred": total.pred, "gold": total.gold,
                       "strict_pred_hits": total.strict_pred_hits, "lax_pred_hits": total.lax_pred_hits,
                       "strict_gold_hits": total.strict_gold_hits, "lax_gold_hits": total.lax_gold_hits,
                       "documents": docs},
            "signature": SIGNATURE}


def to_json(result: Mapping[str, object]) -> str:
    return json.dumps(result, ensure_ascii=False)
