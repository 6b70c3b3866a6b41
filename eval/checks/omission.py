"""The `omission` check: the document's omission model, the evidence for one segment, and
the finding."""
from __future__ import annotations

import math
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable

from zhenqa.corpora.model import Anchor

from .anchor_match import ANCHOR_CATEGORY
from .length import length_z
from .omission_words import (ZhWord, _en_lemmas, _en_names, _lexicon, _match, _residual_links,
                             zh_clauses, zh_content_words)
from .registry import Finding, Span, check
from .textutil import quote as _quote
from .view import CheckContext, DocFacts, SegView

if TYPE_CHECKING:
    from zhenqa.eval.config import CheckConfig


@dataclass
class OmissionModel:
    """Per-document facts of the omission check: each eligible segment's content words and
    which of them the English renders, each word's rendering rate in this document, and the
    chance rate (a word "found" in an English sentence that does not translate it)."""

    words: dict[int, tuple[ZhWord, ...]]
    status: dict[int, list[bool | None]]
    seen: Counter[str]            # word -> occurrences with a decided status
    rendered: Counter[str]        # word -> occurrences found in the English
    prior: dict[int, float]       # rendering rate of 1-character / longer words
    chance: float
    links: dict[str, set[str]]

    def rate(self, word: str, own: bool, cfg: CheckConfig) -> float:
        """How often this document renders `word`, leaving out the occurrence being judged
        (so that a word's own omission does not lower its rate), shrunk towards the
        document's rate for words of its length."""
        k = float(cfg["word_prior_weight"])
        prior = self.prior[1 if len(word) == 1 else 2]
        n = self.seen[word] - 1
        c = self.rendered[word] - (1 if own else 0)
        p = (c + k * prior) / (n + k)
        return min(max(p, self.chance + 0.02), float(cfg["max_word_rate"]))


def em_links(doc: DocFacts, pairs: list[tuple[list[ZhWord], tuple[str, ...]]],
             cfg: CheckConfig) -> dict[str, set[str]]:
    """Renderings learnt from the bitext being checked: IBM Model 1 by EM
    (`align.em.TranslationTable`) over its segments' content words and English lemmas, with
    the document's background pairs (`DocFacts.background`, e.g. other documents of the
    same collection) added to the data, and CC-CEDICT as the prior. The document is its own
    best dictionary: 能力 is "capacity" in the SDG targets, 抵御 "resilience". A Chinese
    word gets each English lemma with t(e | z) >= `em_min_prob` among its `em_top`
    likeliest, when the word occurs at least `em_min_count` times (rarer words learn noise)."""
    if not cfg["em_iterations"]:
        return {}
    from zhenqa.align.em import NULL, TranslationTable, gloss_prior

    data = [([w.word for w in ws], list(lems)) for ws, lems in pairs]
    background = list(doc.background_tokens())
    if sum(1 for z, e in data if z and e) < 2:
        return {}
    lexicon = _lexicon()
    if lexicon is None:      # `omission_model` calls this only with a lexicon
        return {}
    table = TranslationTable.fit(data + background, iterations=int(cfg["em_iterations"]),
                                 prior=gloss_prior(lexicon),
                                 prior_weight=float(cfg["em_prior_weight"]))
    counts: Counter[str] = Counter(w for z, _ in data for w in set(z))
    min_p, top, min_n = float(cfg["em_min_prob"]), int(cfg["em_top"]), int(cfg["em_min_count"])
    out: dict[str, set[str]] = {}
    for w, n in counts.items():
        if n < min_n:
            continue
        es = {e for e, p in table.best(w, top) if p >= min_p and e != NULL}
        if es:
            out[w] = es
    return out


def omission_model(doc: DocFacts) -> OmissionModel | None:
    """Build the document's `OmissionModel` (None when no lexicon is available)."""
    cfg = doc.config.check("omission")

    def compute() -> OmissionModel | None:
        if _lexicon() is None:
            return None
        min_zh = int(cfg["min_zh_chars"])
        eligible = [v for v in doc.views if v.has_zh and v.has_en and v.zh_len >= min_zh]
        words = {v.id: list(zh_content_words(v.zh_fold)) for v in eligible}
        lemmas = {v.id: _en_lemmas(v.en_fold) for v in eligible}
        names = {v.id: _en_names(v.en_fold) for v in eligible}
        first = [(words[v.id], *_match(lemmas[v.id], words[v.id])) for v in eligible]
        links = _residual_links(first, int(cfg["link_min_count"]),
                                float(cfg["link_min_dice"]))
        for linked, es in em_links(doc, [(words[v.id], lemmas[v.id]) for v in eligible],
                                   cfg).items():
            links.setdefault(linked, set()).update(es)
        status = {v.id: _match(lemmas[v.id], words[v.id], links, names[v.id])[0]
                  for v in eligible}
        seen: Counter[str] = Counter()
        rendered: Counter[str] = Counter()
        by_len: dict[int, list[int]] = {1: [0, 0], 2: [0, 0]}
        for v in eligible:
            for w, s in zip(words[v.id], status[v.id]):
                if s is None:
                    continue
                seen[w.word] += 1
                rendered[w.word] += bool(s)
                row = by_len[1 if len(w.word) == 1 else 2]
                row[0] += 1
                row[1] += bool(s)
        # priors of the rendering rates, shrunk towards typical values for a tiny document
        k = float(cfg["prior_weight"])
        prior = {L: (r + k * float(cfg[f"prior_rate_{'char' if L == 1 else 'word'}"])) / (n + k)
                 for L, (n, r) in by_len.items()}
        # chance: the same words against another segment's English (an evenly spread
        # sample of at most `chance_sample` segments is enough for one rate)
        n_seg = len(eligible)
        hits = total = 0
        if n_seg >= 2:
            step = max(1, n_seg // int(cfg["chance_sample"]))
            for i in range(0, n_seg, step):
                v, other = eligible[i], eligible[(i + max(1, n_seg // 2)) % n_seg]
                st = _match(lemmas[other.id], words[v.id], links)[0]
                hits += sum(1 for s in st if s)
                total += len(st)
        q0 = float(cfg["prior_chance"])
        chance = (hits + k * q0) / (total + k)
        chance = min(0.5, chance * float(cfg["chance_factor"]))
        return OmissionModel({v.id: tuple(words[v.id]) for v in eligible}, status, seen,
                             rendered, prior, chance, links)

    return doc.cached("omission_model", compute)


@dataclass
class OmissionEvidence:
    """Why a segment may omit something: the stretch of Chinese that looks left out and the
    evidence score (log-likelihood units; larger = more likely an omission). Computed apart
    from the thresholds that turn it into a finding."""

    score: float
    lexical: float                       # log-likelihood ratio of the stretch's words
    length: float                        # weighted length evidence
    length_z: float
    anchors: float = 0.0                 # part of `lexical` due to missing numbers/symbols
    span: tuple[int, int] | None = None  # the stretch of Chinese, [start, end)
    missing_words: list[str] = field(default_factory=list)
    words: int = 0                       # translatable words in the stretch
    missing_anchors: list[Anchor] = field(default_factory=list)
    mt_share: float | None = None
    mt: float = 0.0                      # evidence from the MT draft (length, chrF)


def _chrf_model(doc: DocFacts) -> tuple[float, float]:
    """Median and robust spread of the sentence chrF of MT against the English over the
    document (prior 50 / 12 with fewer than five scored segments)."""
    from .length import _robust

    def compute() -> tuple[float, float]:
        vals = [w.chrf for w in doc.views if w.chrf is not None]
        return _robust(vals) if len(vals) >= 5 else (50.0, 12.0)
    return doc.cached("chrf_model", compute)


@dataclass
class _Item:
    """One piece of evidence in a Chinese text: a content word or a figure."""

    start: int
    end: int
    clause: int
    llr: float
    missing: bool
    text: str
    anchor: Anchor | None = None


def _best_stretch(items: list[_Item], clauses: list[tuple[int, int]], text: str, cfg: CheckConfig,
                  ) -> tuple[float, list[_Item], tuple[int, int]] | None:
    """The clause (with at least `min_clause_words` items) with the largest evidence sum,
    extended over the items of an enumeration (clauses joined by 、) that look missing too,
    so that the finding names the whole list left out."""
    by_clause: dict[int, list[_Item]] = defaultdict(list)
    for it in items:
        by_clause[it.clause].append(it)
    sums = {c: sum(it.llr for it in its) for c, its in by_clause.items()}
    min_words = int(cfg["min_clause_words"])

    def listed(c: int) -> bool:          # clause c and c + 1 are joined by 、
        return 0 <= c < len(clauses) - 1 and "、" in text[clauses[c][1]:clauses[c + 1][0]]

    best: tuple[float, list[_Item], tuple[int, int]] | None = None
    for c, its in by_clause.items():
        if len(its) < min_words:
            continue
        lo = hi = c
        total = sums[c]
        while listed(lo - 1) and sums.get(lo - 1, 0.0) > 0:
            lo -= 1
            total += sums[lo]
        while listed(hi) and sums.get(hi + 1, 0.0) > 0:
            hi += 1
            total += sums[hi]
        if best is None or total > best[0]:
            chosen = [it for k in range(lo, hi + 1) for it in by_clause.get(k, ())]
            best = (total, chosen, (clauses[lo][0], clauses[hi][1]))
    return best


def omission_evidence(v: SegView, doc: DocFacts) -> OmissionEvidence | None:
    """Score the hypothesis "a stretch of the Chinese is not in the English" (computed once
    per segment and document: the omission and addition checks both read it)."""
    cache: dict[int, OmissionEvidence | None] = doc.cached("omission_evidence", dict)
    if v.id not in cache:
        cache[v.id] = _omission_evidence(v, doc)
    return cache[v.id]


def _omission_evidence(v: SegView, doc: DocFacts) -> OmissionEvidence | None:
    """See `omission_evidence`.

    Each content word contributes a log-likelihood ratio between "left out" (found only by
    chance, at the document's chance rate q) and "translated" (found at the rate p at which
    this document renders that word): log((1-q)/(1-p)) when the English lacks it, log(q/p)
    when it has it. A word the document never renders (p low) thus says little, and one it
    always renders says a lot. A number or symbol missing from the English weighs like a
    word rendered `anchor_rate` of the time. The best stretch (see `_best_stretch`) is
    added to the length evidence: minus the length-ratio z-score of the segment (the
    `length-ratio` model) times `length_weight`; an MT proposal much longer than the
    English adds `mt_weight`."""
    cfg = doc.config.check("omission")
    if v.zh_len < int(cfg["min_zh_chars"]):
        return None
    lz = length_z(v, doc)
    length = float(cfg["length_weight"]) * max(-lz, -float(cfg["max_length_credit"]))
    model = omission_model(doc)
    best = None
    if model is not None and v.id in model.words:
        q = model.chance
        items: list[_Item] = []
        for w, s in zip(model.words[v.id], model.status[v.id]):
            llr = 0.0
            if s is not None:
                p = model.rate(w.word, bool(s), cfg)
                llr = math.log(q / p) if s else math.log((1 - q) / (1 - p))
            items.append(_Item(w.start, w.end, w.clause, llr, s is False, w.word))
        clauses = zh_clauses(v.zh_fold)
        starts = [a for a, _ in clauses]
        a_llr = math.log((1 - q) / (1 - max(float(cfg["anchor_rate"]), q + 0.02)))
        for a in v.anchor_diff.missing:
            items.append(_Item(a.start, a.end, max(0, bisect_right(starts, a.start) - 1),
                               a_llr, True, a.text, a))
        items.sort(key=lambda it: it.start)
        if clauses:
            best = _best_stretch(items, clauses, v.zh_fold, cfg)
    if best is not None and best[0] <= 0:
        best = None
    lexical = best[0] if best else 0.0
    chosen = best[1] if best else []
    score = lexical + length
    mt_share = None
    mt = 0.0
    if v.mt:
        mt_share = v.en_len / max(1, sum(1 for ch in v.mt if not ch.isspace()))
        if mt_share < float(cfg["mt_length_ratio"]):
            mt += float(cfg["mt_weight"])
    if v.chrf is not None:
        # character n-gram evidence: the official English shares far fewer character
        # n-grams with the MT draft than this document's segments usually do
        med, sig = _chrf_model(doc)
        z = (v.chrf - med) / max(sig, float(cfg["mt_chrf_min_sigma"]))
        beyond = -z - float(cfg["mt_chrf_z"])
        if beyond > 0:
            mt += float(cfg["mt_chrf_weight"]) * min(beyond, float(cfg["mt_chrf_max"]))
    score += mt
    return OmissionEvidence(
        score=score, lexical=lexical, length=length, length_z=lz, mt=mt,
        anchors=sum(it.llr for it in chosen if it.anchor is not None),
        span=best[2] if best else None,
        missing_words=[it.text for it in chosen if it.missing and it.anchor is None],
        words=sum(1 for it in chosen if it.anchor is None),
        missing_anchors=[it.anchor for it in chosen if it.anchor is not None],
        mt_share=mt_share)


def _anchors_reported(doc: DocFacts, anchors: list[Anchor]) -> bool:
    """True when the number/date/symbol checks (enabled) already report these anchors."""
    cats = {ANCHOR_CATEGORY.get(a.type) for a in anchors}
    return bool(anchors) and all(c is not None and doc.config.enabled(c) for c in cats)


@check("omission", "error")
def omission(v: SegView, ctx: CheckContext) -> Iterable[Finding]:
    """A clause of the Chinese that the English does not render: its dictionary-translatable
    words (CC-CEDICT, plus translations learnt from this document) are missing from the
    English while this document usually renders them, and the English is short for its
    Chinese (robust z-score of the length ratio). The evidence is a log-likelihood score;
    `error_score` / `warning_score` turn it into findings. The clause is named and
    highlighted."""
    cfg = ctx.cfg
    ev = omission_evidence(v, ctx.doc)
    if ev is None:
        return
    error_score = float(cfg["error_score"])
    # figures the number/date/symbol checks report already: not a second error
    error_ev = ev.score - (ev.anchors if _anchors_reported(ctx.doc, ev.missing_anchors) else 0.0)
    severity = None
    if (error_ev >= error_score and ev.span is not None
            and ev.length_z <= -float(cfg["min_length_z"])):
        severity, threshold = cfg.severity, f"error_score {error_score:g} and length z <= " \
                                             f"-{float(cfg['min_length_z']):g}"
    elif ev.score >= float(cfg["warning_score"]):
        severity, threshold = cfg["weak_severity"], f"warning_score {float(cfg['warning_score']):g}"
    if severity is None:
        return
    ratio = (v.en_len + 1) / (v.zh_len + 1)
    evidence = [f"English length z = {ev.length_z:+.1f}"]
    if ev.mt_share is not None and ev.mt_share < float(cfg["mt_length_ratio"]):
        evidence.append(f"the English is {ev.mt_share:.0%} of the MT's length")
    spans: list[Span] = []
    stretch = None
    if ev.span is not None:
        a, b = ev.span
        stretch = v.zh[a:b]
        spans.append(Span("zh", a, b))
        what = []
        if ev.missing_words:
            what.append(f"{len(ev.missing_words)} of its {ev.words} translatable words not "
                        f"found: {', '.join(dict.fromkeys(ev.missing_words))}")
        if ev.missing_anchors:
            what.append("figures not found: " + ", ".join(x.text for x in ev.missing_anchors))
        msg = (f"possible omission: the Chinese clause \"{_quote(stretch, 50)}\" seems missing "
               f"from the English ({'; '.join(what + evidence)})")
    else:
        msg = f"possible omission: the English is short for its Chinese ({'; '.join(evidence)})"
    parts = [f"lexical LLR {ev.lexical:.1f} (translatable words missing that this document "
             f"usually renders)", f"length {ev.length:+.1f} (z {ev.length_z:+.1f})"]
    if ev.mt:
        parts.append(f"MT draft {ev.mt:+.1f}")
    decided = "; ".join(parts) + f" = {ev.score:.1f}, at {threshold}"
    yield ctx.finding(v, msg, spans=spans, key="omission", severity=severity, evidence=decided,
                      score=round(ev.score, 2), z=round(ev.length_z, 2), ratio=round(ratio, 3),
                      clause=stretch, missing_words=list(dict.fromkeys(ev.missing_words)))
