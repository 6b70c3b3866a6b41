"""`zhenqa terms` end to end: three streaming passes over the corpus, then the report.

1. Statistics: Chinese word n-grams (candidates), English n-gram and lemma counts.
2. Association: for every termbase term and candidate, the English n-grams and lemmas
   of the segments that contain it (`association`).
   The segments with a term are sampled (a bounded reservoir) for EM: IBM-1 translation
   probabilities with CC-CEDICT as prior (`em`), fitted between passes two and three.
3. Renderings: every occurrence gets its English and evidence (`renderings`, `decide`; MT
   drafts with a model, `mt`), tallied per term (`tally`); English-only hits of termbase
   terms feed the variants (`variants`).

Memory is bounded by the counters' capacities and the report's own size (see `tally`),
not by the corpus: segments are streamed from disk in each pass (`corpus.Corpus`).
This is the orchestration a pipeline entry (`TermsRequest` -> `run_terms`) calls.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, Iterable

from zhenqa.corpora.termbase import Concept, Termbase, TermIndex, en_tokens, load_termbases, termbase_specs
from zhenqa.eval.terms.association import Cooccurrence, associated_lemmas, rank
from zhenqa.eval.terms.candidates import ZhStats, select_candidates
from zhenqa.eval.terms.corpus import Corpus
from zhenqa.eval.terms.counting import BoundedCounter, Pending
from zhenqa.eval.terms.decide import EnHit, SegmentDecider
from zhenqa.eval.terms.em import Reservoir, fit_table
from zhenqa.eval.terms.mt import Drafts, resolve
from zhenqa.eval.terms.renderings import TermModel
from zhenqa.eval.terms.tally import DocTable, TermTally
from zhenqa.eval.terms.text import en_text, zh_text
from zhenqa.eval.terms.variants import VariantTable

if TYPE_CHECKING:
    from zhenqa.corpora.lang.lexicon import Lexicon

EN_CAPACITY = 3_000_000


@dataclass(frozen=True)
class TermsRequest:
    """Everything one `zhenqa terms` run needs (outputs are the caller's business)."""

    inputs: tuple[str, ...]
    termbases: tuple[str, ...] = ()
    countries: bool = False
    min_count: int = 3
    candidates: bool = True
    #: EM over the corpus's segments (`em`) as word-alignment evidence; False reproduces
    #: the dictionary/association-only alignment (the benchmark's baseline)
    em: bool = True
    #: MT for occurrences nothing else renders (`mt.resolve`): None/"none", a model id or
    #: path, or a loaded translator
    model: Any = "none"

    def termbase_specs(self) -> list[str]:
        return termbase_specs(self.termbases, self.countries)


@dataclass
class TermsResult:
    """The analysis, ready for the JSON/HTML/CSV/XLSX/TBX writers (`report.to_json`)."""

    terms: list[TermTally]
    variants: VariantTable
    docs: DocTable
    segments: int
    termbases: list[dict[str, Any]]
    timings: dict[str, float] = field(default_factory=dict)
    min_count: int = 3
    mt: str = "not used (--model none)"
    em: dict[str, Any] = field(default_factory=lambda: {"used": False})


def _stems(form: str) -> tuple[str, ...]:
    return tuple(s for s, _, _ in en_tokens(form))


def _lemmas(forms: Iterable[str]) -> frozenset[str]:
    out = set()
    for f in forms:
        for t in en_text(f).tokens:
            if not t.stop:
                out.add(t.lemma)
    return frozenset(out)


def _cedict(forms: Iterable[str], lex: Lexicon) -> frozenset[str]:
    """CC-CEDICT lemmas of a term: its own entry and those of every shorter dictionary
    word inside it of two characters or more (发达国家 is "developed nation", 国家 also
    "country"), and of single characters no such word covers (the segmenter keeps the
    run's termbase terms whole, so the dictionary is consulted directly)."""
    out: set[str] = set()
    for f in forms:
        out.update(lex.gloss(f))
        n = len(f)
        covered = [False] * n
        for i in range(n):
            for j in range(i + 2, min(n, i + 8) + 1):
                if (i, j) == (0, n):
                    continue
                g = lex.gloss(f[i:j])
                if g:
                    out.update(g)
                    covered[i:j] = [True] * (j - i)
        for i in range(n):
            if not covered[i]:
                out.update(lex.gloss(f[i]))
    return frozenset(out)


def _termbase_models(index: TermIndex, lex: Lexicon) -> list[TermModel]:
    models: list[TermModel] = []
    for i, c in enumerate(index.concepts):
        if not c.zh:
            continue
        accepted = tuple(c.accepted)
        shapes = tuple(s for s in (_stems(f) for f in accepted + tuple(c.forbidden)) if s)
        models.append(TermModel(
            tid=len(models), kind="termbase", zh=c.zh[0], forms=tuple(c.zh), concepts=(i,),
            expected=accepted, forbidden=tuple(c.forbidden), preferred=tuple(c.preferred),
            shapes=shapes,
            cedict=_cedict(c.zh, lex), form_lemmas=_lemmas(accepted + tuple(c.forbidden)),
            bidirectional=c.bidirectional, note=c.note, concept_id=c.id))
    return models


def run_terms(request: TermsRequest, progress: Callable[[int], None] | None = None) -> TermsResult:
    """Analyse the corpus of `request` (see the module docstring); `progress(n)` is called
    with the number of segments done, every 10,000.

    The termbases' terms are one word for every pass and for EM inside this run, and for
    no one after it (`TermIndex.kept_whole`)."""
    t0 = time.perf_counter()
    corpus = Corpus(request.inputs)
    index = load_termbases(request.termbase_specs())
    with index.kept_whole():
        return _analyse(request, progress, corpus, index, t0)


def _analyse(request: TermsRequest, progress: Callable[[int], None] | None, corpus: Corpus,
             index: TermIndex, t0: float) -> TermsResult:
    from zhenqa.corpora.lang.lexicon import load_lexicon

    lex = load_lexicon()
    translator, mt_note = resolve(request.model)
    timings: dict[str, float] = {"load": time.perf_counter() - t0}

    @lru_cache(maxsize=50_000)
    def en_hits(en: str) -> tuple[EnHit, ...]:
        return tuple(index.en_hits(en)) if index.concepts else ()

    @lru_cache(maxsize=50_000)
    def free(en: str) -> tuple[frozenset[str], frozenset[str]]:
        """The n-gram keys and lemmas of an English text, less those that cut into a
        termbase term's approved rendering: counting "developed countries" inside "least
        developed countries" would hide that 发达国家 is "developed countries" everywhere
        else. An n-gram that holds a whole rendering ("landlocked developing countries")
        is kept."""
        et = en_text(en)
        spans = [(s, e) for s, e, x in en_hits(en) if x.status == "accepted"]
        if not spans:
            return et.keys, et.lemmas
        toks = et.tokens
        ranges = []
        for a, b in spans:
            inside = [k for k, t in enumerate(toks) if a <= t.start and t.end <= b]
            if inside:
                ranges.append((inside[0], inside[-1] + 1))

        def cuts(i: int, j: int) -> bool:
            return any(i < b and a < j and not (i <= a and b <= j) for a, b in ranges)

        keys = frozenset(key for i, j, key in et.ngrams if not cuts(i, j))
        busy = {k for a, b in ranges for k in range(a, b)}
        lemmas = frozenset(t.lemma for k, t in enumerate(toks) if not t.stop and k not in busy)
        return keys, lemmas

    # ---- pass 1: statistics
    t = time.perf_counter()
    zstats = ZhStats()
    en_counts = BoundedCounter(EN_CAPACITY)
    lemma_counts = BoundedCounter(EN_CAPACITY)
    pend_zh: Pending[str] = Pending()
    pend_en: Pending[str] = Pending()

    def flush1() -> None:
        for zh, c in pend_zh.items():
            zstats.add(zh_text(zh), c)
        for en, c in pend_en.items():
            keys, lemmas = free(en)
            en_counts.add_all(keys, c)
            lemma_counts.add_all(lemmas, c)
        pend_zh.clear()
        pend_en.clear()

    for seg in corpus:
        if request.candidates:
            pend_zh[seg.zh] += 1
        pend_en[seg.en] += 1
        if pend_zh.full() or pend_en.full():
            flush1()
    flush1()
    timings["pass1"] = time.perf_counter() - t

    # ---- candidates
    t = time.perf_counter()
    models = _termbase_models(index, lex)
    known = {f for m in models for f in m.forms}
    cands = select_candidates(zstats, request.min_count, exclude=known) if request.candidates else []
    del zstats
    for c in cands:
        models.append(TermModel(tid=len(models), kind="candidate", zh=c.zh, forms=(c.zh,),
                                cedict=_cedict([c.zh], lex),
                                measures={"cvalue": c.cvalue, "count": c.count,
                                          "left_entropy": c.left_entropy,
                                          "right_entropy": c.right_entropy,
                                          "words": list(c.words)}))
    by_concept = {m.concepts[0]: m for m in models if m.kind == "termbase"}
    # candidates come from the segmenter's own words: plain substring matching (no
    # segmenter) finds them again, and they stay out of the segmenter's vocabulary
    cand_index = TermIndex([Termbase("candidates", [Concept(zh=[m.zh]) for m in models
                                                    if m.kind == "candidate"])], segmenter=None)
    cand_model = [m for m in models if m.kind == "candidate"]
    timings["candidates"] = time.perf_counter() - t

    @lru_cache(maxsize=50_000)
    def occurrences(zh: str) -> tuple[tuple[int, int, int, str], ...]:
        """(start, end, term id, form) of the termbase terms and candidates in `zh`."""
        out = []
        for s, e, idxs in index.find_zh(zh):
            for i in idxs:
                m = by_concept.get(i)
                if m is not None:
                    out.append((s, e, m.tid, zh[s:e]))
        spans = [(s, e) for s, e, _, _ in out]
        for s, e, idxs in cand_index.find_zh(zh):
            # longest term first across the termbase and the candidates: a candidate
            # inside a termbase term's occurrence (发达国家 in 最不发达国家) is not one
            if any(a <= s and e <= b and (b - a) > (e - s) for a, b in spans):
                continue
            out.append((s, e, cand_model[idxs[0]].tid, zh[s:e]))
        return tuple(out)

    # ---- pass 2: association
    t = time.perf_counter()
    co: dict[int, Cooccurrence] = {}
    pend2: Pending[tuple[int, str]] = Pending()     # (term id, English) -> segments
    sample = Reservoir()              # segments with a term, for EM

    def flush2() -> None:
        for (tid, en), n in pend2.items():
            c = co.get(tid)
            if c is None:
                c = co[tid] = Cooccurrence()
            c.add(*free(en), n)
        pend2.clear()

    for seg in corpus:
        occ = occurrences(seg.zh)
        if not occ:
            continue
        for tid in {o[2] for o in occ}:
            pend2[(tid, seg.en)] += 1
        if request.em:
            sample.add((seg.zh, seg.en))
        if pend2.full():
            flush2()
    flush2()
    for m in models:
        cooc = co.get(m.tid)
        if cooc is None:
            continue
        m.ranked = rank(cooc, en_counts, m.cedict)
        m.assoc_lemmas = frozenset(associated_lemmas(cooc, lemma_counts))
        if m.kind == "candidate" and m.ranked:
            best = m.ranked[0]
            m.shapes = (tuple(best.key.split()),)
            m.form_lemmas = _lemmas([best.key])
    del co, en_counts, lemma_counts
    timings["pass2"] = time.perf_counter() - t

    # ---- EM over the segments with a term
    em_info: dict[str, Any] = {"used": False}
    em_of = em_term = None
    if request.em and sample.items:
        t = time.perf_counter()
        learnt = fit_table(sample.items, lex)
        for m in models:
            m.em_prob = learnt.lemmas(m.forms)
            m.em = frozenset(m.em_prob)
        em_of = lru_cache(maxsize=50_000)(learnt.competitor)
        em_term = learnt.prob
        em_info = {"used": True, "model": learnt.table.signature, "distinct_segments": sample.seen,
                   "segments_fitted": len(sample.items), "sampled": sample.sampled}
        timings["em"] = time.perf_counter() - t
    del sample

    # ---- pass 3: renderings
    t = time.perf_counter()
    docs = DocTable()
    tallies = {m.tid: TermTally(m) for m in models}
    variants = VariantTable()
    for m in models:
        if m.kind == "termbase":
            for f in m.expected:
                key = " ".join(_stems(f))
                variants.known[key] = tuple(dict.fromkeys(variants.known.get(key, ()) + m.forms))
    drafts = Drafts(translator) if translator is not None else None
    decider = SegmentDecider(models, index, by_concept, lex, occurrences, en_hits, drafts, em_of,
                             em_term)
    segments = 0
    for seg in corpus:
        segments += 1
        decision = decider.decide(seg.zh, seg.en)
        if decision is None:
            continue
        doc = docs.id(seg.doc)
        ref = (doc, seg.segment)
        for o, r in decision.decided:
            m = models[o[2]]
            tallies[m.tid].add(r, o[3], doc, seg.segment, seg.zh, seg.en, (o[0], o[1]))
            # a form feeds the variants when it is rendered by its own term English: an
            # approved form, or the candidate's most likely English
            if m.kind == "termbase" and r.status in ("preferred", "admitted") or \
                    m.kind == "candidate" and m.ranked and r.key == m.ranked[0].key:
                variants.add(r.key, r.label or r.text, o[3], m.kind, ref)
        for tid, r, zh_form, span, sup in decision.reverse:
            variants.add(r.key, r.label, zh_form, "alignment", ref, sup)
            if models[tid].bidirectional:
                tallies[tid].add(r, zh_form, doc, seg.segment, seg.zh, seg.en, span)
        if progress is not None and segments % 10_000 == 0:
            progress(segments)
    timings["pass3"] = time.perf_counter() - t
    # a candidate found fewer than min_count times once longer terms took their share is
    # a fragment of them
    found = [tallies[m.tid] for m in models if tallies[m.tid].occurrences and (
        m.kind == "termbase" or tallies[m.tid].occurrences >= request.min_count)]
    termbases = [{"name": tb.name, "concepts": len(tb.concepts)} for tb in index.termbases]
    if drafts is not None:
        mt_note = f"{mt_note} (for occurrences nothing else renders; {drafts.translated} segments translated)"
    return TermsResult(found, variants, docs, segments, termbases, timings, request.min_count,
                       mt=mt_note, em=em_info)
