"""Block level: align headings and paragraphs first, anchored by labels and anchors.

UN documents carry their own alignment hints: heading labels (五. ↔ V.), paragraph
numbers (12. ↔ 12.), list labels ((a) ↔ （a）), outline paths, symbols, amounts and dates.
They are strong evidence but never blind:

- labels enter as items of a "label" channel alongside the lexicon and anchor channels,
  so a label agreement raises a pair's similarity but cannot by itself force a pairing
  the text contradicts; the dynamic program (the same engine as for sentences, with
  1-0/0-1, 1-2/2-1, 1-3/3-1 and 2-2 beads) keeps the order;
- a bare small number (an anchor "5" inside a sentence) weighs little, a UN symbol, an
  amount or a date a lot (hunalign's failure mode: "Chapter 1" tied to "Libro 1" dragged
  everything around it);
- paragraph numbers are first left out: the blocks are aligned on headings, anchors and
  words; the 1-1 pairs of numbered paragraphs then vote for a numbering offset (a draft
  addendum numbered from 1 against the final report numbered from 54), and the
  alignment is redone with the paragraph numbers shifted by the offset that won.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from zhenqa.align.channels import UnitFeatures, anchor_channel, lexicon_channel, mt_channel, text_length
from zhenqa.align.config import AlignConfig
from zhenqa.align.sentence import Bead, SentenceResult, align_features
from zhenqa.corpora.lang.lexicon import Lexicon
from zhenqa.corpora.model import Anchor, Document, Unit

#: Anchor types that identify one thing (a symbol, an amount, a date): strong evidence.
STRONG_ANCHORS = frozenset({"symbol", "amount", "date", "resolution", "decision", "article",
                            "url", "email", "year-range", "percent", "paragraph", "chapter",
                            "ordinal"})


def anchor_weight(anchor: Anchor) -> float:
    """How much one shared anchor says: strong types 1, years 0.6, numbers by size (a
    bare small number is everywhere: 0.2)."""
    if anchor.type in STRONG_ANCHORS:
        return 1.0
    if anchor.type == "year":
        return 0.6
    if anchor.type == "number":
        try:
            value = float(anchor.value)
        except ValueError:
            return 0.3
        if value.is_integer() and abs(value) < 100:
            return 0.2
        return 0.6
    return 0.5


def anchor_items(anchors: Sequence[Anchor]) -> list[tuple[str, float]]:
    return [(f"{a.type}:{a.value}", anchor_weight(a)) for a in anchors]


def has_structure(doc: Document) -> bool:
    """Whether a document has headings or labelled units to anchor a block alignment."""
    if doc.source_format == "presplit":
        return False
    return any(u.label or u.kind == "heading" for u in doc.units)


def _kind_class(kind: str) -> str:
    return {"title": "h", "heading": "h", "paragraph": "p", "subparagraph": "s",
            "footnote": "f", "placeholder": "x", "note": "n"}.get(kind, "p")


def _label_keys(units: Sequence[Unit]) -> tuple[list[str | None], list[tuple[str, ...]], list[int | None]]:
    """Normalized label key, normalized path and paragraph-number position of each unit.

    The paragraph-number position is the index in the path of the number of the numbered
    paragraph the unit is (or belongs to), so that a numbering offset can be applied to it.
    """
    from zhenqa.corpora.numbers import label_key

    keys: list[str | None] = []
    paths: list[tuple[str, ...]] = []
    para_pos: list[int | None] = []
    previous: dict[str, str | None] = {}
    para_prefix: tuple[str, ...] | None = None
    for u in units:
        kc = _kind_class(u.kind)
        key = label_key(u.label, previous.get(kc)) if u.label else None
        if u.label:
            previous[kc] = key
        keys.append(key)
        path = []
        prev_comp: str | None = None
        for comp in u.path:
            k = label_key(comp, prev_comp) or comp
            path.append(k)
            prev_comp = k
        paths.append(tuple(path))
        pos = None
        if u.kind == "paragraph" and key is not None and key.isdigit() and u.path:
            para_prefix = tuple(u.path)
            pos = len(u.path) - 1
        elif para_prefix is not None and tuple(u.path[:len(para_prefix)]) == para_prefix and u.kind == "subparagraph":
            pos = len(para_prefix) - 1
        else:
            if u.kind != "subparagraph":
                para_prefix = None
        para_pos.append(pos)
    return keys, paths, para_pos


def _label_items(units: Sequence[Unit], offset: int, use_numbers: bool) -> list[list[tuple[str, float]]]:
    keys, paths, para_pos = _label_keys(units)
    raw: list[list[str]] = []
    for u, key, path, pos in zip(units, keys, paths, para_pos):
        items: list[str] = []
        kc = _kind_class(u.kind)
        if key is not None and (use_numbers or not (kc == "p" and key.isdigit())):
            k = key
            if kc == "p" and key.isdigit():
                k = str(int(key) + offset)
            items.append(f"L:{kc}:{k}")
        if path:
            comps = list(path)
            if pos is not None:           # a numbered paragraph's component
                if not use_numbers:
                    comps = comps[:pos]
                elif comps[pos].isdigit():
                    comps[pos] = str(int(comps[pos]) + offset)
            if comps:
                items.append("P:" + "/".join(comps) + f":{kc}")
        raw.append(items)
    counts = Counter(k for items in raw for k in items)
    # a key printed on many units (every list's "(a)") says little about which one
    return [[(k, 1.0 / math.sqrt(counts[k])) for k in items] for items in raw]


def _unit_text(u: Unit) -> str:
    return u.text


@dataclass
class BlockResult:
    beads: list[Bead]
    offset: int
    result: SentenceResult


def block_features(zh: Sequence[Unit], en: Sequence[Unit], lex: Lexicon, config: AlignConfig,
                   mt: Sequence[str] | None = None, offset: int = 0,
                   use_numbers: bool = True) -> UnitFeatures:
    zt = [_unit_text(u) for u in zh]
    et = [_unit_text(u) for u in en]
    channels = [lexicon_channel(zt, et, lex)]
    weights = [config.w_lexicon]
    if mt is not None and config.w_mt > 0:
        channels.append(mt_channel(mt, et, config.mt_ngram_min, config.mt_ngram_max))
        weights.append(config.w_mt)
    za = [anchor_items(u.anchors) for u in zh]
    ea = [anchor_items(u.anchors) for u in en]
    if any(za) and any(ea) and config.w_anchor > 0:
        channels.append(anchor_channel(za, ea))
        weights.append(config.w_anchor)
    zl = _label_items(zh, offset, use_numbers)
    el = _label_items(en, 0, use_numbers)
    if any(zl) and any(el) and config.w_label > 0:
        ch = anchor_channel(zl, el)
        ch.name = "label"
        channels.append(ch)
        weights.append(config.w_label)
    len_zh = np.array([max(1, text_length(s)) for s in zt], dtype=np.float64)
    len_en = np.array([max(1, text_length(s)) for s in et], dtype=np.float64)
    ratio = float(len_en.sum() / len_zh.sum()) if len(zt) and len(et) else 1.0
    return UnitFeatures(channels, np.array(weights, dtype=np.float64), len_zh, len_en, ratio)


def block_weights(config: AlignConfig) -> dict[str, float]:
    """Scores of block beads: similarity x length fit, a prior per shape, a skip cost."""
    out = {"sim_fit": 1.0, "skip": -config.block_skip_score}
    for a, b in config.block_beads:
        out[f"type:{a}-{b}"] = -config.block_unit_penalty * (a + b - 2)
    return out


def infer_offset(zh: Sequence[Unit], en: Sequence[Unit], beads: Sequence[Bead]) -> int:
    """The numbering offset (English number minus Chinese number) that most 1-1 pairs of
    numbered paragraphs agree on; 0 unless a clear majority (and at least two pairs)
    says otherwise."""
    from zhenqa.corpora.numbers import label_key

    votes: Counter[int] = Counter()
    pairs = 0
    for zs, es in beads:
        if len(zs) != 1 or len(es) != 1:
            continue
        u, v = zh[zs[0]], en[es[0]]
        if u.kind != "paragraph" or v.kind != "paragraph" or not u.label or not v.label:
            continue
        a, b = label_key(u.label), label_key(v.label)
        if a and b and a.isdigit() and b.isdigit():
            votes[int(b) - int(a)] += 1
            pairs += 1
    if not votes:
        return 0
    offset, n = votes.most_common(1)[0]
    if offset != 0 and n >= 2 and n * 2 > pairs:
        return offset
    return 0


def align_blocks(zh: Document, en: Document, lex: Lexicon, config: AlignConfig,
                 mt: Sequence[str] | None = None) -> BlockResult:
    """Align the units of two documents as blocks (see the module docstring).

    `mt`: machine translation of each Chinese unit, when available.
    """
    weights = block_weights(config)
    types = config.block_beads
    numbered = any(u.kind == "paragraph" and u.label for u in zh.units) and \
        any(u.kind == "paragraph" and u.label for u in en.units)
    offset = 0
    if numbered:
        feats = block_features(zh.units, en.units, lex, config, mt, use_numbers=False)
        first = align_features(feats, config, weights=weights, types=types)
        offset = infer_offset(zh.units, en.units, first.beads)
    feats = block_features(zh.units, en.units, lex, config, mt, offset=offset, use_numbers=True)
    res = align_features(feats, config, weights=weights, types=types)
    return BlockResult(res.beads, offset, res)
