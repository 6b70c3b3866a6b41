"""Which English goes with a Chinese term, learned from the aligned segments themselves.

Pass two counts, for every term (termbase concept or candidate) and every segment that
contains it, the English n-grams and lemmas of that segment (bounded counters per term).
With the corpus-wide English counts of pass one, each pair gets the Dice coefficient

    dice(t, e) = 2 c(t, e) / (f(t) + f(e))

(segment-level co-occurrence; Smadja, McKeown and Hatzivassiloglou 1996 used it for
collocation translation). CC-CEDICT is the prior: the share of the n-gram's content lemmas
that the dictionary glosses for the term's words multiplies the score by up to 2. Ranking
prefers, at an equal rounded score, the longer n-gram ("small island developing States"
over "island developing States", which co-occur exactly as often).

EM (`em`: IBM Model 1 over the segments with a term) and MT (`mt`, with `--model`) are
the other corpus-level sources of the word alignment in `renderings`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from zhenqa.corpora.lang.english import STOPWORDS, lemma
from zhenqa.eval.terms.counting import BoundedCounter

#: Per-term counters hold at most this many English keys (lossy counting beyond).
PER_TERM_CAPACITY = 20_000
TOP_NGRAMS = 25
TOP_LEMMAS = 8
MIN_LEMMA_DICE = 0.25


@dataclass(frozen=True)
class Ranked:
    """One English n-gram associated with a term."""

    key: str
    score: float
    dice: float
    prior: float
    count: int


@dataclass
class Cooccurrence:
    """Pass-two counts of one term."""

    segments: int = 0
    grams: BoundedCounter = field(default_factory=lambda: BoundedCounter(PER_TERM_CAPACITY))
    lemmas: BoundedCounter = field(default_factory=lambda: BoundedCounter(PER_TERM_CAPACITY))

    def add(self, keys: frozenset[str], lemmas: frozenset[str], times: int = 1) -> None:
        """One segment's English n-gram keys and lemmas, `times` segments over."""
        self.segments += times
        self.grams.add_all(keys, times)
        self.lemmas.add_all(lemmas, times)


def prior(key: str, glosses: frozenset[str]) -> float:
    """Share of an n-gram's content words whose lemma CC-CEDICT glosses for the term (a
    lemma sharing its first five letters with a gloss counts: the light lemmatizer leaves
    "reduction" as "reduct" and "reduce" as "reduc")."""
    content = [lemma(p) for p in key.split() if p not in STOPWORDS]
    if not content or not glosses:
        return 0.0
    stems = {g[:5] for g in glosses if len(g) >= 5}
    return sum(1 for p in content if p in glosses or (len(p) >= 5 and p[:5] in stems)) / len(content)


def rank(co: Cooccurrence, en_counts: BoundedCounter, glosses: frozenset[str],
         top: int = TOP_NGRAMS) -> list[Ranked]:
    """The English n-grams of a term, best first."""
    out = []
    ft = co.segments
    for key, c in co.grams.items():
        if c < 2 and ft > 2:
            continue
        fe = max(en_counts.get(key, 0), c)
        dice = 2 * c / (ft + fe)
        p = prior(key, glosses)
        out.append(Ranked(key, dice * (1 + 0.3 * p), dice, p, c))
    out.sort(key=lambda r: (-round(r.score, 2), -len(r.key.split()), -r.count, r.key))
    return _drop_unexplained_head(_prefer_longer(out, glosses), glosses)[:top]


_PREPOSITIONS = ("of", "for", "on", "in", "to")


def _drop_unexplained_head(ranked: list[Ranked], glosses: frozenset[str]) -> list[Ranked]:
    """"framework for disaster risk reduction" for 减少灾害风险: when the best n-gram is
    `X <preposition> Y`, the dictionary explains every word of Y and none of X, and Y is an
    n-gram of the term too, Y is the rendering (X belongs to a longer name around it)."""
    if not ranked or not glosses:
        return ranked
    best = ranked[0]
    words = best.key.split()
    for i, w in enumerate(words[1:-1], start=1):
        if w not in _PREPOSITIONS:
            continue
        head, tail = " ".join(words[:i]), " ".join(words[i + 1:])
        if len(words) - i - 1 >= 2 and prior(tail, glosses) == 1.0 and prior(head, glosses) == 0.0:
            sub = next((r for r in ranked if r.key == tail), None)
            if sub is not None:
                return [sub] + [r for r in ranked if r is not sub]
    return ranked


def _prefer_longer(ranked: list[Ranked], glosses: frozenset[str]) -> list[Ranked]:
    """Put first the longest n-gram that contains the best one and co-occurs with the term
    nearly as often ("persons with disabilities" over "persons", "capacity building" over
    "building"): the shorter is then a part of the rendering, not the rendering. Words
    added after the best n-gram must include one the dictionary explains: English heads
    come last, and "developed countries taking the lead" is a clause around the term."""
    if not ranked:
        return ranked
    best = ranked[0]
    inner = f" {best.key} "

    def tail_ok(r: Ranked) -> bool:
        after = f" {r.key} ".split(inner, 1)[1].strip()
        return not after or prior(after, glosses) > 0

    longer = [r for r in ranked[1:] if inner in f" {r.key} " and r.count >= 0.8 * best.count
              and r.dice >= 0.6 * best.dice and tail_ok(r)]
    if not longer:
        return ranked
    top = max(longer, key=lambda r: (len(r.key.split()), r.dice))
    return [top] + [r for r in ranked if r is not top]


def associated_lemmas(co: Cooccurrence, lemma_counts: BoundedCounter) -> dict[str, float]:
    """English lemmas that go with a term across the corpus (Dice >= MIN_LEMMA_DICE)."""
    ft = co.segments
    scored = []
    for lem, c in co.lemmas.items():
        if c < 2:
            continue
        d = 2 * c / (ft + max(lemma_counts.get(lem, 0), c))
        if d >= MIN_LEMMA_DICE:
            scored.append((d, lem))
    scored.sort(reverse=True)
    return {lem: round(d, 3) for d, lem in scored[:TOP_LEMMAS]}
