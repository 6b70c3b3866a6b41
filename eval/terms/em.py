"""Translation probabilities learnt from the corpus itself, for the word-level alignment
of term renderings (`renderings.lexical_span`).

CC-CEDICT does not know how *this* corpus renders a term ("partnerships" for 伙伴关系 is
in no dictionary gloss; a translator's "companionships" is in none either). IBM Model 1
(`zhenqa.align.em.TranslationTable`, EM over the aligned segments, CC-CEDICT as the prior)
learns t(e | z) for every Chinese word z of the corpus: an English lemma that recurs in
the segments of a term and is explained by no other Chinese word of them gets a high
probability, a lemma that occurs everywhere is spread thin.

Bounded: the table is fitted on the segments that contain a term (a termbase term or a
candidate: the only ones whose renderings are looked for), as a reservoir sample of at
most `MAX_PAIRS` distinct segment pairs drawn uniformly from the stream (fixed seed, so
a run is reproducible); `TranslationTable.fit` bounds its own cells (`max_cells`). The report's
`summary.em` says what was fitted and whether it was a sample.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable

from zhenqa.corpora.lang.cjk import HAN_RUN
from zhenqa.eval.terms.text import en_text, zh_text

if TYPE_CHECKING:
    from zhenqa.align.em import TranslationTable
    from zhenqa.corpora.lang.lexicon import Lexicon

#: Segment pairs the table is fitted on at most (a reservoir sample beyond).
MAX_PAIRS = 20_000
#: t(e | z) a lemma needs to count as a learnt rendering of a term's word.
EM_MIN = 0.08
#: Learnt renderings kept per Chinese word.
EM_TOP = 8
#: EM iterations (IBM-1 converges in a handful; the prior keeps short corpora sane).
ITERATIONS = 5


@dataclass
class Reservoir:
    """A uniform sample of at most `capacity` distinct items of a stream (Vitter's
    algorithm R over the items not already in the sample: the fit uses distinct pairs, and
    a corpus that repeats its segments should not pay for each repetition)."""

    capacity: int = MAX_PAIRS
    seen: int = 0
    items: list[tuple[str, str]] = field(default_factory=list)
    rng: random.Random = field(default_factory=lambda: random.Random(20_260_101))
    members: set[tuple[str, str]] = field(default_factory=set)

    def add(self, item: tuple[str, str]) -> None:
        if item in self.members:
            return
        self.seen += 1
        if len(self.items) < self.capacity:
            self.items.append(item)
            self.members.add(item)
        else:
            k = self.rng.randrange(self.seen)
            if k < self.capacity:
                self.members.discard(self.items[k])
                self.items[k] = item
                self.members.add(item)

    @property
    def sampled(self) -> bool:
        return self.seen > self.capacity


def zh_words(text: str) -> list[str]:
    """The Han words of a Chinese text, as the shared segmenter cuts them."""
    return [w for w, _, _ in zh_text(text).words if HAN_RUN.fullmatch(w)]


def en_lemmas(text: str) -> list[str]:
    """The content lemmas of an English text, as `renderings` sees its tokens."""
    return [t.lemma for t in en_text(text).tokens if not t.stop]


#: Segments a Chinese word needs before EM's renderings of it take a word from a term: a
#: word seen once gets a share of every English word of its segment (IBM-1's rare words
#: "collect garbage", Moore 2004), which is no evidence.
MIN_COMPETITOR = 3


@dataclass
class Learnt:
    """A fitted table and how many fitted segments each Chinese word was in."""

    table: "TranslationTable"
    counts: dict[str, int]

    def lemmas(self, forms: Iterable[str]) -> dict[str, float]:
        """The English lemmas EM learnt for the Chinese words of a term's forms, with
        their best t(e | z) (at least `EM_MIN`). A form the segmenter keeps whole (a termbase
        term, inside the run's `kept_whole` block) is one word; otherwise each of its words
        contributes."""
        out: dict[str, float] = {}
        for f in forms:
            for z in dict.fromkeys(zh_words(f) or [f]):
                for e, p in self.table.best(z, EM_TOP):
                    if p >= EM_MIN and p > out.get(e, 0.0):
                        out[e] = p
        return out

    def competitor(self, word: str) -> dict[str, float]:
        """What EM learnt for another Chinese word of a segment, when that is evidence: a
        word of two characters or more seen in `MIN_COMPETITOR` segments or more (IBM-1
        lets frequent function words such as 能 absorb the English nothing else explains,
        and rare words take a share of everything in their segment)."""
        if len(word) < 2 or self.counts.get(word, 0) < MIN_COMPETITOR:
            return {}     # single characters (的, 能, 化) are function words or affixes
        return self.lemmas((word,))

    def prob(self, forms: Iterable[str], en: str) -> float:
        """The best t(en | z) over the Chinese words of a term's forms."""
        return max((self.table.prob(z, en) for f in forms for z in (zh_words(f) or [f])),
                   default=0.0)


def fit_table(pairs: Iterable[tuple[str, str]], lex: Lexicon) -> Learnt:
    """IBM-1 over distinct (Chinese, English) pairs with CC-CEDICT (`lex`) as the prior."""
    from zhenqa.align.em import TranslationTable, gloss_prior

    data = [(zh_words(z), en_lemmas(e)) for z, e in dict.fromkeys(pairs)]
    counts: dict[str, int] = {}
    for z, _ in data:
        for w in set(z):
            counts[w] = counts.get(w, 0) + 1
    return Learnt(TranslationTable.fit(data, iterations=ITERATIONS, prior=gloss_prior(lex)), counts)
