"""Two documents in, an alignment a translator or corpus builder can trust out.

`align_documents` decides the levels: structured documents (headings, numbered
paragraphs) are aligned block by block first (`align.blocks`), then sentence by sentence
inside the aligned blocks; presplit or unstructured text goes straight to the banded
sentence aligner (`align.sentence`). With `unit="paragraph"` the block alignment is the
result. Every link carries a confidence in [0, 1], the signals that decided it, and a
review flag when the confidence is below the configured threshold or the bead leaves a
unit without counterpart.

After a first sentence alignment the aligner learns document-specific word pairs from
its own beads by EM (IBM Model 1 with CC-CEDICT as prior, `align.relearn`: names
translated rather than transcribed, 韦小宝 -> Trinket) and aligns again inside the same
band with the richer lexicon, as hunalign does.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Protocol, Sequence

import numpy as np

from zhenqa.align.channels import LexiconRaw, UnitFeatures, build_features, lexicon_channel, refresh_order
from zhenqa.align.config import AlignConfig
from zhenqa.align.relearn import learn_pairs, learn_pairs_em
from zhenqa.align.sentence import (Bead, BlockConstraint, SentenceResult, align_features, bead_features_many,
                                   signals_from_features)
from zhenqa.align.tuning import CONFIDENCE_FEATURES, confidence_inputs
from zhenqa.corpora.errors import InputError
from zhenqa.corpora.lang.lexicon import Lexicon, load_lexicon
from zhenqa.corpora.lang.segment import kept_whole
from zhenqa.corpora.model import Bitext, Document, Segment

UNITS = ("sentence", "paragraph")


class SegmentTranslator(Protocol):
    """What `align_documents` needs of a translator (the `zhenqa.models` ones qualify):
    Chinese units in, their English out, one for one; a `model_id` attribute, when it has
    one, names the model in the alignment."""

    def translate(self, texts: list[str]) -> Iterable[str]: ...


@dataclass
class Link:
    """One bead: Chinese unit indices, English unit indices (either may be empty), the
    confidence in [0, 1], the signals behind it, and whether a person should look."""

    zh: tuple[int, ...]
    en: tuple[int, ...]
    score: float
    signals: dict[str, float]
    review: bool

    def to_json(self) -> dict[str, Any]:
        return {"zh": list(self.zh), "en": list(self.en), "score": round(self.score, 4),
                "review": self.review, "signals": self.signals}


@dataclass(kw_only=True)
class Alignment:
    """The alignment of two documents at one unit level.

    Built with keywords only: thirteen fields of which several are parallel lists of the
    same type, where a positional call would silently swap Chinese and English."""

    zh_units: list[str]
    en_units: list[str]
    links: list[Link]
    unit: str
    config: AlignConfig
    meta: dict[str, Any] = field(default_factory=dict)
    zh_labels: list[str | None] = field(default_factory=list)
    """The paragraph label each unit belongs to (its own, or its paragraph's)."""
    en_labels: list[str | None] = field(default_factory=list)
    symbol: str | None = None
    """The UN document symbol of the pair, when either document names one."""
    translations: list[str] | None = None
    """Machine translation of each Chinese unit, when known."""
    translator_id: str | None = None
    zh_kinds: list[str] = field(default_factory=list)
    """The structural kind of each unit (`corpora.model.UNIT_KINDS`)."""
    en_kinds: list[str] = field(default_factory=list)

    def beads(self) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
        return [(lk.zh, lk.en) for lk in self.links]

    def to_json(self) -> dict[str, Any]:
        return {
            "zh_units": list(self.zh_units),
            "en_units": list(self.en_units),
            "links": [lk.to_json() for lk in self.links],
            "unit": self.unit,
            "signature": self.config.signature(),
            "meta": self.meta,
        }

    def beads_text(self) -> str:
        """The contract's beads format (`eval.align_metrics.parse_beads` reads it back)."""
        return "".join("[" + ",".join(map(str, zs)) + "]:[" + ",".join(map(str, es)) + "]\n"
                       for zs, es in self.beads())


# --------------------------------------------------------------------------- helpers


def _join(parts: Sequence[str], lang: str) -> str:
    """Join unit texts: Chinese without spaces between CJK characters, English with one."""
    parts = [p.strip() for p in parts if p and p.strip()]
    if lang == "en":
        return " ".join(parts)
    out = ""
    for p in parts:
        if out and (out[-1].isascii() and out[-1].isalnum()) and (p[0].isascii() and p[0].isalnum()):
            out += " "
        out += p
    return out


def _group(texts: Sequence[str], owner: Sequence[int], n: int) -> list[str]:
    """Sentence-level texts joined per unit."""
    parts: list[list[str]] = [[] for _ in range(n)]
    for t, o in zip(texts, owner):
        parts[o].append(t)
    return [_join(p, "en") for p in parts]


def _sentences(doc: Document) -> tuple[list[str], list[int]]:
    """Sentences of a document in order, with the index of the unit each comes from."""
    texts: list[str] = []
    owner: list[int] = []
    for k, u in enumerate(doc.units):
        sents = [s for s in (u.sentences or [u.text]) if s and s.strip()]
        if not sents and u.text.strip():
            sents = [u.text]
        for s in sents:
            texts.append(s)
            owner.append(k)
    return texts, owner


def _doc_sentence_anchors(doc: Document) -> list[list[tuple[str, float]]]:
    """Anchor items of each sentence; a unit that is one sentence reuses its anchors."""
    from zhenqa.align.blocks import anchor_items
    from zhenqa.corpora.anchors import extract_anchors

    out = []
    for u in doc.units:
        sents = [x for x in (u.sentences or [u.text]) if x and x.strip()]
        if not sents and u.text.strip():
            sents = [u.text]
        if len(sents) == 1 and sents[0] == u.text:
            out.append(anchor_items(u.anchors))
        else:
            out.extend(anchor_items(extract_anchors(x, doc.lang)) for x in sents)
    return out


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, x))))


def _links(res: SentenceResult, config: AlignConfig) -> list[Link]:
    """Confidence, provenance and review flag of every bead.

    A bead with both sides: the logistic of its score in the search (`config.confidence`
    was fitted on MAC-Dev so that it reads as the probability that the bead is exactly
    right). A unit left without counterpart: one minus how well the nearest units of the
    other side (just before and after it on the path) match it.
    """
    beads = res.beads
    feats = bead_features_many(res, beads, config, neighbours=True)
    # the 1-1 pairs that tell how close an unaligned unit comes to its neighbours
    probes: list[tuple[int, Bead]] = []
    i = j = 0
    for k, (zs, es) in enumerate(beads):
        if zs and not es:
            probes += [(k, (zs, (c,))) for c in (j - 1, j) if 0 <= c < res.feats.ne]
        elif es and not zs:
            probes += [(k, ((r,), es)) for r in (i - 1, i) if 0 <= r < res.feats.nz]
        i += len(zs)
        j += len(es)
    best: dict[int, float] = {}
    if probes:
        pf = bead_features_many(res, [p for _, p in probes], config, neighbours=False)
        for (k, _), f in zip(probes, pf):
            sim = f.get("sim_fit", 0.0) / max(f.get("fit", 1e-9), 1e-9)
            best[k] = max(best.get(k, 0.0), sim)
    coef = dict(config.confidence)
    names = CONFIDENCE_FEATURES
    links = []
    for k, (bead, f) in enumerate(zip(beads, feats)):
        zs, es = bead
        sig = signals_from_features(res, f, config)
        if zs and es:
            x = confidence_inputs(f, sig.get("bead_score", 0.0), len(zs) + len(es))
            score = _sigmoid(sum(coef.get(n, 0.0) * v for n, v in zip(names, x)) + coef.get("const", 0.0))
        else:
            near = min(1.0, max(0.0, best.get(k, 0.0)))
            sig["best_neighbour"] = round(near, 4)
            score = 1.0 - near
        review = score < config.review_threshold or not zs or not es
        links.append(Link(tuple(zs), tuple(es), round(float(score), 4), sig, bool(review)))
    return links


def _check_translation(res: SentenceResult, zh: Document, en: Document, force: bool,
                       config: AlignConfig, level: str) -> dict[str, Any]:
    """Refuse to align documents that do not look like translations of each other."""
    feats = res.feats
    nz, ne = feats.nz, feats.ne
    sep = float(res.stats.separation)
    ratio = float(feats.len_en.sum() / max(feats.len_zh.sum(), 1.0))
    za = _anchor_keys(zh)
    ea = _anchor_keys(en)
    shared = len(za & ea)
    anchors = len(za | ea)
    evidence = {"separation": round(sep, 2), "win_rate": round(float(res.stats.win_rate), 3),
                "length_ratio": round(ratio, 2),
                "anchors_shared": shared, "anchors_total": anchors}
    if force or min(nz, ne) < config.min_units_for_check:
        return evidence
    anchor_share = shared / anchors if anchors else 0.0
    win = float(res.stats.win_rate)
    lexical_ok = win >= config.min_win_rate
    anchors_ok = anchors >= 4 and anchor_share >= 0.5
    if not lexical_ok and not anchors_ok:
        raise InputError(
            zh.path, f"this and {en.path} do not look like translations of each other "
            f"(aligned {level}s beat unrelated ones in only {win:.0%} of cases, translations "
            f"reach {config.min_win_rate:.0%}; {shared} of {anchors} anchors shared; "
            f"English/Chinese length ratio {ratio:.2f}); use --force to align them anyway")
    return evidence


def _anchor_keys(doc: Document) -> set[str]:
    return {f"{a.type}:{a.value}" for u in doc.units for a in u.anchors}


# --------------------------------------------------------------------------- main entry


def align_documents(zh: Document, en: Document, *, unit: str = "sentence",
                    config: AlignConfig | None = None, translations: list[str] | None = None,
                    translator: SegmentTranslator | None = None, force: bool = False,
                    terms: Iterable[tuple[str, str]] | None = None,
                    lexicon: Lexicon | None = None) -> Alignment:
    """Align a Chinese document with its English version.

    - `unit`: "sentence" (default) or "paragraph" (the document's units).
    - `translations`: an English MT of each Chinese output unit (one per unit), used as an
      extra similarity signal; `translator`: an object with `translate(list[str])` and
      `model_id` used to produce them when `translations` is None (its output also gives
      the proposals of 1-0 beads in `to_bitext`).
    - `force`: align even documents that do not look like translations of each other.
    - `terms`: (zh, en) termbase pairs added to the lexicon.
    Raises InputError for documents that are not translations (unless `force`) and for a
    translations list of the wrong length.
    """
    terms = list(terms) if terms else None
    # multi-character terms stay one word in this alignment's cuts, and for no one after it
    with kept_whole(z for z, _ in terms or ()):
        return _align_documents(zh, en, unit=unit, config=config, translations=translations,
                                translator=translator, force=force, terms=terms, lexicon=lexicon)


def _align_documents(zh: Document, en: Document, *, unit: str = "sentence",
                     config: AlignConfig | None = None, translations: list[str] | None = None,
                     translator: SegmentTranslator | None = None, force: bool = False,
                     terms: Iterable[tuple[str, str]] | None = None,
                     lexicon: Lexicon | None = None) -> Alignment:
    """The body of `align_documents`, inside its `kept_whole` block."""
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {UNITS}, not {unit!r}")
    config = config or AlignConfig()
    started = time.perf_counter()
    lex = lexicon or load_lexicon()
    if terms:
        terms = list(terms)
        lex = lex.with_terms(terms)
    presplit = zh.source_format == "presplit" and en.source_format == "presplit"
    structured = not presplit and _structured(zh, en)
    zh_sents, zh_owner = _sentences(zh)
    en_sents, en_owner = _sentences(en)
    zh_par = [u.text for u in zh.units]
    en_par = [u.text for u in en.units]
    out_zh = zh_sents if unit == "sentence" else zh_par
    out_en = en_sents if unit == "sentence" else en_par
    if translations is not None and len(translations) != len(out_zh):
        raise InputError(None, f"the translations have {len(translations)} lines but the Chinese "
                               f"document has {len(out_zh)} {unit}s: one translation per Chinese unit is needed")
    translator_id = None
    if translations is None and translator is not None:
        sent_mt = list(translator.translate(list(zh_sents)))
        translator_id = getattr(translator, "model_id", None)
        translations = sent_mt if unit == "sentence" else _group(sent_mt, zh_owner, len(zh.units))
    # MT for each level
    if translations is not None:
        if unit == "sentence":
            mt_sent = translations
            mt_par = _group(translations, zh_owner, len(zh.units))
        else:
            mt_par = translations
            mt_sent = None
            if all(len(u.sentences or [u.text]) == 1 for u in zh.units):
                mt_sent = translations
    else:
        mt_sent = mt_par = None

    meta: dict[str, Any] = {"structured": structured, "presplit": presplit}
    block_res = None
    constraint = None
    if unit == "paragraph" or structured:
        from zhenqa.align.blocks import align_blocks

        block = align_blocks(zh, en, lex, config, mt_par)
        block_res = block.result
        meta["numbering_offset"] = block.offset
        meta["blocks"] = len(block.beads)
    if unit == "paragraph":
        assert block_res is not None          # paragraph units are aligned as blocks above
        res = block_res
        meta["check"] = _check_translation(res, zh, en, force, config, "paragraph")
    else:
        if structured and block_res is not None:
            constraint = _constraint(block_res.beads, zh_owner, en_owner)
        za = _doc_sentence_anchors(zh)
        ea = _doc_sentence_anchors(en)
        feats = build_features(zh_sents, en_sents, lex, config, mt=mt_sent, zh_anchors=za, en_anchors=ea)

        relearn = relearn_hook(zh_sents, en_sents, lex, feats, config, meta)
        res = align_features(feats, config, constraint=constraint, after_first=relearn)
        meta["check"] = _check_translation(res, zh, en, force, config, "sentence")
        meta["levels"] = res.levels
        meta["band_cells"] = res.cells
    links = _links(res, config)
    if unit == "sentence" and block_res is not None and constraint is not None:
        _lift_block_confidence(links, _links(block_res, config), constraint, config)
    meta["char_ratio"] = round(float(res.feats.ratio), 4)
    meta["seconds"] = round(time.perf_counter() - started, 3)
    if translations is not None:
        meta["mt"] = translator_id or "translations"
    zh_labels = _labels(zh, zh_owner if unit == "sentence" else None)
    en_labels = _labels(en, en_owner if unit == "sentence" else None)
    return Alignment(
        zh_units=list(out_zh), en_units=list(out_en), links=links, unit=unit, config=config, meta=meta,
        zh_labels=zh_labels, en_labels=en_labels, symbol=zh.symbol or en.symbol,
        translations=list(translations) if translations is not None else None,
        translator_id=translator_id,
        zh_kinds=_kinds(zh, zh_owner if unit == "sentence" else None),
        en_kinds=_kinds(en, en_owner if unit == "sentence" else None))


def _lift_block_confidence(links: list[Link], block_links: list[Link], constraint: BlockConstraint,
                           config: AlignConfig) -> None:
    """A sentence bead that is a whole aligned block pair (a heading against a heading, a
    one-sentence paragraph against its translation) is as certain as that block pairing,
    which labels and anchors back: its confidence is at least the block link's."""
    zb = constraint.zh_block
    eb = constraint.en_block
    zcount = np.bincount(zb[zb >= 0], minlength=len(block_links)) if (zb >= 0).any() else np.zeros(len(block_links), int)
    ecount = np.bincount(eb[(eb >= 0) & (eb < len(block_links))], minlength=len(block_links)) \
        if ((eb >= 0) & (eb < len(block_links))).any() else np.zeros(len(block_links), int)
    for lk in links:
        if not lk.zh or not lk.en:
            continue
        k = int(zb[lk.zh[0]])
        if k < 0 or k >= len(block_links) or int(eb[lk.en[0]]) != k:
            continue
        if len(lk.zh) == zcount[k] and len(lk.en) == ecount[k] and block_links[k].score > lk.score:
            lk.signals["block"] = block_links[k].score
            lk.score = block_links[k].score
            lk.review = lk.score < config.review_threshold


def relearn_hook(zh_sents: Sequence[str], en_sents: Sequence[str], lex: Lexicon, feats: UnitFeatures,
                 config: AlignConfig, meta: dict[str, Any]) -> Callable[[list[Bead]], list[int]]:
    """The step between the first pass and the final pass: learn document-specific word
    pairs from the first-pass path and rebuild the lexicon channel with them (hunalign's
    re-alignment, inside one search). Returns the callback `align_features` expects."""

    def relearn(first: list[Bead]) -> list[int]:
        if not config.relearn or feats.nz < config.relearn_min_units:
            return []
        kept = feats.channels[0].raw         # the lexicon channel keeps its LexiconRaw
        raw = kept if isinstance(kept, LexiconRaw) else None
        if config.relearn_method == "em":
            learned = learn_pairs_em(zh_sents, en_sents, first, lex, config.relearn_em_min_count,
                                     config.relearn_em_min_prob, raw=raw)
        else:
            learned = learn_pairs(zh_sents, en_sents, first, lex, config.relearn_min_count,
                                  config.relearn_min_dice, raw=raw)
        if not learned:
            return []
        feats.channels[0] = lexicon_channel(zh_sents, en_sents, lex, learned, raw=raw,
                                            previous=feats.channels[0])
        refresh_order(feats, config)
        meta["learned_pairs"] = sum(len(v) for v in learned.values())
        return [0]

    return relearn


def _structured(zh: Document, en: Document) -> bool:
    from zhenqa.align.blocks import has_structure

    return has_structure(zh) and has_structure(en)


def _labels(doc: Document, owner: Sequence[int] | None) -> list[str | None]:
    """The paragraph label each output unit belongs to (its own, or its paragraph's)."""
    units = doc.units
    if owner is None:
        return [u.label for u in units]
    return [units[k].label for k in owner]


def _kinds(doc: Document, owner: Sequence[int] | None) -> list[str]:
    """The structural kind of each output unit (its own, or its paragraph's)."""
    units = doc.units
    if owner is None:
        return [u.kind for u in units]
    return [units[k].kind for k in owner]


def _link_kind(kinds: Sequence[str], idx: Sequence[int]) -> str | None:
    """The kind of a link's units on one side, for `Segment.props` (``x-zh-kind``): one
    kind when they share it, else the distinct kinds joined by "+"; None for plain
    paragraphs (the common case, not worth a TMX prop), unknown indices or no units."""
    ks = list(dict.fromkeys(kinds[i] for i in idx if i < len(kinds)))
    if not ks or ks == ["paragraph"]:
        return None
    return "+".join(ks)


def _constraint(blocks: Sequence[Bead], zh_owner: Sequence[int], en_owner: Sequence[int]) -> BlockConstraint:
    """Block ids of sentences and the sentence-lattice corners of the block alignment."""
    nb = len(blocks)
    unit_zh = {}
    unit_en = {}
    for k, (zs, es) in enumerate(blocks):
        for u in zs:
            unit_zh[u] = k
        for u in es:
            unit_en[u] = k
    zb = np.array([unit_zh.get(o, -1) for o in zh_owner], dtype=np.int64)
    # English units of 1-0/0-1 blocks get ids that no Chinese unit has
    eb = np.array([unit_en.get(o, -2) for o in en_owner], dtype=np.int64)
    for k, (zs, es) in enumerate(blocks):
        if not zs:
            eb[np.isin(np.array(en_owner), es)] = nb + k + 1
        if not es:
            zb[np.isin(np.array(zh_owner), zs)] = -(nb + k + 1)
    corners = [(0, 0)]
    i = j = 0
    zcount = np.bincount(np.asarray(zh_owner, dtype=np.int64), minlength=1) if len(zh_owner) else np.zeros(1, int)
    ecount = np.bincount(np.asarray(en_owner, dtype=np.int64), minlength=1) if len(en_owner) else np.zeros(1, int)
    for zs, es in blocks:
        i += int(sum(zcount[u] for u in zs if u < len(zcount)))
        j += int(sum(ecount[u] for u in es if u < len(ecount)))
        corners.append((i, j))
    return BlockConstraint(zb, eb, corners)


# --------------------------------------------------------------------------- bitext


def to_bitext(alignment: Alignment, *, proposals: dict[int, dict[str, Any]] | None = None) -> Bitext:
    """Segments in document order, one per link. A 1-0 link has en == "" and, when MT is
    known for its units, a proposal {"text", "model", "machine": True}; `proposals`
    (link index -> proposal) overrides."""
    segments = []
    for k, lk in enumerate(alignment.links):
        zh_text = _join([alignment.zh_units[i] for i in lk.zh], "zh")
        en_text = _join([alignment.en_units[j] for j in lk.en], "en")
        props: dict[str, str] = {}
        if alignment.symbol:
            props["x-doc-symbol"] = alignment.symbol
        zl = next((alignment.zh_labels[i] for i in lk.zh if i < len(alignment.zh_labels)
                   and alignment.zh_labels[i]), None)
        el = next((alignment.en_labels[j] for j in lk.en if j < len(alignment.en_labels)
                   and alignment.en_labels[j]), None)
        if zl:
            props["x-zh-label"] = zl
        if el:
            props["x-en-label"] = el
        # the units' structural kind, so that QA knows e.g. that an editorial note needs
        # no counterpart (corpora.model.UNIT_KINDS)
        for side, kinds, idx in (("zh", alignment.zh_kinds, lk.zh), ("en", alignment.en_kinds, lk.en)):
            kind = _link_kind(kinds, idx)
            if kind:
                props[f"x-{side}-kind"] = kind
        proposal = None
        if proposals and k in proposals:
            proposal = proposals[k]
        elif lk.zh and not lk.en and alignment.translations is not None and alignment.translator_id:
            text = _join([alignment.translations[i] for i in lk.zh], "en")
            if text:
                proposal = {"text": text, "model": alignment.translator_id, "machine": True}
        segments.append(Segment(id=k, zh=zh_text, en=en_text, zh_units=lk.zh, en_units=lk.en,
                                score=lk.score, review=lk.review, props=props, proposal=proposal))
    meta = {"unit": alignment.unit, "signature": alignment.config.signature(), **alignment.meta}
    return Bitext(segments=segments, source=alignment.meta.get("source"), meta=meta)
