"""Pass three, one segment: which rendering each term occurrence gets, and which Chinese
renders a termbase English whose Chinese forms are absent.

A pure function of the segment's two texts (given the term models of the run), memoized
in a bounded cache: corpora repeat segments, and a repeated segment is decided once.

Order inside a segment:
1. termbase occurrences whose concept has renderings in the English (`TermIndex.en_hits`):
   the k-th occurrence goes with the k-th rendering (with fewer renderings than
   occurrences, each rendering goes to the occurrence nearest in relative position); a
   single occurrence with several renderings reports the forbidden one; extra occurrences
   beyond the renderings count as rendered by the approved form present (the QA's
   per-segment decision: a second mention is often "ODA" or a pronoun), unless word
   alignment finds a clearly different rendering for them (`_clearly_other`);
2. the other occurrences, longest first: candidates by their associated n-grams, then
   everyone by word alignment (`renderings`: dictionary, forms, EM, association), then,
   with a model, by the MT draft's rendering (`mt`), else not found;
3. termbase renderings in the English whose concept has no occurrence in the Chinese: the
   Chinese span that renders them (`variants.reverse_span`), for the variants table (and,
   for two-way concepts such as UNTERM country names, as an occurrence of the concept).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Protocol

from zhenqa.corpora.termbase import TermIndex, en_tokens
from zhenqa.eval.terms.mt import Drafts
from zhenqa.eval.terms.renderings import (NOT_FOUND, Rendering, TermModel, known_rendering,
                                          lexical_span, ranked_present)
from zhenqa.eval.terms.text import EnText, en_text, zh_text
from zhenqa.eval.terms.variants import reverse_span, support

if TYPE_CHECKING:
    from zhenqa.corpora.lang.lexicon import Lexicon

Occurrence = tuple[int, int, int, str]          # (start, end, term id, form as written)


class EnRendering(Protocol):
    """What `TermIndex.en_hits` tells of a termbase rendering found in the English (the
    fields of its entries that deciding reads)."""

    @property
    def concept(self) -> int: ...           # index into `TermIndex.concepts`

    @property
    def status(self) -> str: ...            # accepted | forbidden

    @property
    def rendering(self) -> str: ...         # the rendering as the termbase writes it


EnHit = tuple[int, int, EnRendering]            # (start, end, entry) in the English


@dataclass(frozen=True)
class Decision:
    decided: tuple[tuple[Occurrence, Rendering], ...]
    #: tid, English, Chinese form, its span, its support (`variants.support`)
    reverse: tuple[tuple[int, Rendering, str, tuple[int, int], float], ...]


def _key(form: str) -> str:
    return " ".join(s for s, _, _ in en_tokens(form))


def _clearly_other(m: TermModel, r: Rendering | None, et: EnText) -> bool:
    """Whether word alignment found, for an occurrence beyond the segment's approved
    renderings, a rendering of its own: two or more words the term explains that no other
    Chinese word of the segment explains, or a span with the shape of one of the term's
    forms (as many words, the same last word, or every word explained by the dictionary or
    the forms: "least advanced countries", "companionships"). A lone "developed" next to
    a second 官方发展援助 (rendered "ODA") is not."""
    if r is None or r.first < 0:
        return False
    if r.weight >= 1.5:
        return True
    n = r.last - r.first
    last = et.tokens[r.last - 1].stem
    return any(len(sh) == n and (sh[-1] == last or r.strong == n) for sh in m.shapes)


class SegmentDecider:
    """Decides segments for one run (see the module docstring)."""

    def __init__(self, models: list[TermModel], index: TermIndex, by_concept: dict[int, TermModel],
                 lex: Lexicon, occurrences: Callable[[str], tuple[Occurrence, ...]],
                 en_hits: Callable[[str], tuple[EnHit, ...]], drafts: Drafts | None = None,
                 em_of: Callable[[str], dict[str, float]] | None = None,
                 em_term: Callable[[tuple[str, ...], str], float] | None = None):
        self.models = models
        self.drafts = drafts
        self.em_of = em_of            # another Chinese word's EM renderings
        self.em_term = em_term        # t(e | the term's words)
        self.index = index
        self.by_concept = by_concept
        self.lex = lex
        self.occurrences = occurrences
        self.en_hits = en_hits
        self.decide = lru_cache(maxsize=50_000)(self._decide)

    def _termbase_rendering(self, m: TermModel, hit: EnHit, en: str, tok_at: dict[int, int],
                            tok_end: dict[int, int]) -> Rendering:
        s, e, x = hit
        c = self.index.concepts[m.concepts[0]]
        status = ("forbidden" if x.status == "forbidden" else
                  "preferred" if x.rendering in c.preferred else "admitted")
        i, j = tok_at.get(s, -1), tok_end.get(e, -2) + 1
        return Rendering(en[s:e], _key(x.rendering), s, e, status, "termbase", i, j,
                         label=x.rendering)

    def _decide(self, zh: str, en: str) -> Decision | None:
        occ = self.occurrences(zh)
        hits = self.en_hits(en)
        if not occ and not hits:
            return None
        models = self.models
        et = en_text(en)
        tok_at = {tk.start: k for k, tk in enumerate(et.tokens)}
        tok_end = {tk.end: k for k, tk in enumerate(et.tokens)}
        by_concept: dict[int, list[EnHit]] = {}
        for h in hits:
            by_concept.setdefault(h[2].concept, []).append(h)
        taken: set[int] = set()
        for s, e, x in hits:          # every approved rendering's words are taken
            if x.status == "accepted":
                i, j = tok_at.get(s, -1), tok_end.get(e, -2) + 1
                if i >= 0:
                    taken.update(range(i, j))
        decided: list[tuple[Occurrence, Rendering]] = []
        pending: list[Occurrence] = []
        extra: dict[Occurrence, Rendering] = {}
        # occurrences of one concept and its renderings: in order when there are as many
        # renderings as occurrences (or more); otherwise each rendering goes to the
        # occurrence nearest to it in relative position, and the rest are "extra"
        zl, el = max(1, len(zh)), max(1, len(en))
        pairing: dict[Occurrence, EnHit] = {}
        for tid in dict.fromkeys(o[2] for o in occ):
            m = models[tid]
            if m.kind != "termbase":
                continue
            term_occ = [o for o in occ if o[2] == tid]
            own = by_concept.get(m.concepts[0], [])
            if len(term_occ) == 1 and len(own) > 1:
                own = sorted(own, key=lambda h: h[2].status != "forbidden")
            if len(own) >= len(term_occ):
                pairing.update(zip(term_occ, own))
                continue
            free = list(term_occ)
            for h in own:
                best = min(free, key=lambda o: abs(o[0] / zl - h[0] / el))
                pairing[best] = h
                free.remove(best)
            accepted = [h for h in own if h[2].status == "accepted"]
            for o in free:
                if accepted:
                    extra[o] = self._termbase_rendering(m, accepted[-1], en, tok_at, tok_end)
        for o in occ:
            hit = pairing.get(o)
            if hit is None:
                pending.append(o)
                continue
            tr = self._termbase_rendering(models[o[2]], hit, en, tok_at, tok_end)
            taken.update(range(tr.first, tr.last))
            decided.append((o, tr))
        zwords = zh_text(zh).words
        gloss = self.lex.gloss
        for o in sorted(pending, key=lambda o: -(o[1] - o[0])):
            m = models[o[2]]
            r: Rendering | None = None
            # the words of terms nested in this one (发展中国家 in 内陆发展中国家) are part
            # of its rendering, not taken from it
            mine = taken - {k for p, rr in decided if o[0] <= p[0] and p[1] <= o[1]
                            and (p[0], p[1]) != (o[0], o[1]) for k in range(rr.first, rr.last)}
            # English words that CC-CEDICT explains by another Chinese word of the segment
            # (特别是 -> "particular") belong to that word, not to this term
            foreign = {g for w, ws, we in zwords if we <= o[0] or ws >= o[1] for g in gloss(w)}
            blocked = foreign - (m.cedict | m.form_lemmas)
            if self.em_of is not None:
                # the same competition by EM, for the words only corpus statistics
                # (association, EM) give to this term: such a word goes to another
                # Chinese word of the segment that EM says renders it more often (a content
                # word seen often enough: `em.Learnt.competitor`); what the dictionary
                # or the term's forms explain stays, and so does an unexplained word that
                # merely links a run (a rare word EM spreads over a whole segment)
                others: dict[str, float] = {}
                for w, ws, we in zwords:
                    if we <= o[0] or ws >= o[1]:
                        for lemma, p in self.em_of(w).items():
                            others[lemma] = max(p, others.get(lemma, 0.0))
                claimed = m.assoc_lemmas | m.em
                blocked |= {e for e, p in others.items() if e in claimed and not known_rendering(m, e)
                            and p > (self.em_term(m.forms, e) if self.em_term else m.em_prob.get(e, 0.0))}
            if blocked:
                mine = mine | {k for k, tk in enumerate(et.tokens) if tk.lemma in blocked}
            if m.kind == "candidate":
                r = ranked_present(m, et, en, mine)
            if r is None:
                r = lexical_span(m, et, en, mine, o[0] / zl, foreign)
            if r is None and self.drafts is not None:
                # the last evidence, for what nothing else renders: the MT draft
                mt = self.drafts.lemmas(m, zh, o[0] / zl)
                if mt:
                    r = lexical_span(m, et, en, mine, o[0] / zl, foreign, mt=mt)
            if o in extra and not _clearly_other(m, r, et):
                r = extra[o]              # nothing clearly different: the approved form
            if r is None:
                r = NOT_FOUND
            elif r.first >= 0:
                taken.update(range(r.first, r.last))
            decided.append((o, r))
        reverse = []
        present = {o[2] for o in occ}
        busy = [(p[0], p[1]) for p in occ if models[p[2]].kind == "termbase"]
        for ci, lst in by_concept.items():
            cm = self.by_concept.get(ci)
            if cm is None or cm.tid in present:
                continue
            s, e, x = lst[0]
            if x.status != "accepted":
                continue
            span = reverse_span(zh_text(zh), zh, cm.forms, en_text(x.rendering).lemmas, gloss,
                                busy, s / max(1, len(en)))
            if span is not None:
                c = self.index.concepts[ci]
                status = "preferred" if x.rendering in c.preferred else "admitted"
                r = Rendering(en[s:e], _key(x.rendering), s, e, status, "termbase",
                              label=x.rendering)
                words = [w for w, ws, we in zh_text(zh).words if span[0] <= ws and we <= span[1]]
                sup = support(words, en_text(x.rendering).lemmas, gloss, self.em_of)
                reverse.append((cm.tid, r, zh[span[0]:span[1]], span, sup))
        return Decision(tuple(decided), tuple(reverse))
