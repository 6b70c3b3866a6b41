"""The `addition` check: English content with no Chinese counterpart, the mirror of
`omission`.

A translator who adds a clause ("... and proportion of degraded mountain land" after an
index whose Chinese names only the index; "Number of countries implementing ..." for a
Chinese "the degree to which ... is implemented") leaves English words that no Chinese
word of the segment explains. The evidence mirrors the omission check's, judged against
the document itself:

- each English content word is *explained* when some Chinese content word of the segment
  glosses it (CC-CEDICT, the links the omission model learnt from this document by
  co-occurrence and EM, prefix and word-family matches);
- each word contributes log((1-q)/(1-p)) when unexplained and log(q/p) when explained, p
  being how often this document explains that English lemma (leave-one-out, shrunk
  towards the document's rate) and q the chance rate (explained by another segment's
  Chinese);
- the best stretch is the run of consecutive English words with the largest sum (at
  least `min_words` unexplained), plus the length evidence (the English is long for its
  Chinese: the `length-ratio` model's z-score times `length_weight`).

Proper names, acronyms and figures are neutral: a name is spelt, not translated (the
pinyin rescue of the omission check covers the other direction), and figures belong to
the number check. Short segments are judged too (down to `min_zh_chars`): a heading of
four characters can carry a whole added clause.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable, Sequence

from .length import length_z
from .omission import omission_evidence, omission_model
from .omission_words import _PREFIX, ZhWord, _root_key, near_stem, zh_content_words
from .registry import Finding, Span, check
from .textutil import quote as _quote
from .view import CheckContext, DocFacts, SegView

if TYPE_CHECKING:
    from zhenqa.eval.config import CheckConfig

_EN_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")


@dataclass(frozen=True, slots=True)
class EnWord:
    """An English content word: its lemma, span and whether it reads as a name or an
    acronym (capitalized inside the sentence, or all capitals)."""

    lemma: str
    start: int
    end: int
    name: bool


@lru_cache(maxsize=100_000)
def en_content_words(text: str) -> tuple[EnWord, ...]:
    """The content words of an English text with their spans, lemmatized as the omission
    check's English bag is (`corpora.lang.english`: stopwords and figures dropped)."""
    from zhenqa.corpora.lang.english import STOPWORDS, lemma

    out = []
    first = True
    for m in _EN_TOKEN.finditer(text):
        tok = m.group(0)
        low = tok.lower()
        sentence_start = first or text[:m.start()].rstrip()[-1:] in (".", ":", ";", "(", "“", '"')
        first = False
        if low in STOPWORDS or len(low) < 2:
            continue
        lem = lemma(low)
        if lem in STOPWORDS:
            continue
        name = (tok.isupper() and len(tok) >= 2) or (tok[0].isupper() and not sentence_start) \
            or any(ch.isupper() for ch in tok[1:])          # pH, GUUAM, iPhone
        out.append(EnWord(lem, m.start(), m.end(), name))
    return tuple(out)


def _in_chinese(word: str, zh: str) -> bool:
    """An English word the Chinese text itself holds in Latin letters (a name, a unit, an
    acronym kept as is) is explained by it."""
    return len(word) >= 2 and word.casefold() in zh.casefold()


def _explainers(words: Sequence[ZhWord], links: dict[str, set[str]]) -> tuple[set[str], set[str], set[str]]:
    """The English lemmas a segment's Chinese words may be rendered by: exact, by their
    first `_PREFIX` letters, by word family."""
    exact: set[str] = set()
    for w in words:
        exact.update(w.glosses)
        exact.update(links.get(w.word, ()))
    prefix = {e[:_PREFIX] for e in exact if len(e) >= _PREFIX}
    roots = {_root_key(e) for e in exact}
    return exact, prefix, roots


def _explained(lem: str, exp: tuple[set[str], set[str], set[str]]) -> bool:
    exact, prefix, roots = exp
    if lem in exact or (len(lem) >= _PREFIX and lem[:_PREFIX] in prefix) or _root_key(lem) in roots:
        return True
    return len(lem) <= 6 and any(near_stem(lem, e) for e in exact if e[:1] == lem[:1])


@dataclass
class AdditionModel:
    """Per-document facts: each segment's English words and which are explained, each
    lemma's explanation rate in this document, the chance rate."""

    words: dict[int, tuple[EnWord, ...]]
    explained: dict[int, list[bool]]
    seen: Counter[str]
    hit: Counter[str]
    prior: float
    chance: float

    def rate(self, lem: str, own: bool, cfg: CheckConfig) -> float:
        k = float(cfg["word_prior_weight"])
        n = self.seen[lem] - 1
        c = self.hit[lem] - (1 if own else 0)
        p = (c + k * self.prior) / (n + k)
        return min(max(p, self.chance + 0.02), float(cfg["max_word_rate"]))


def addition_model(doc: DocFacts) -> AdditionModel | None:
    """Build the document's `AdditionModel` (None without a lexicon)."""
    cfg = doc.config.check("addition")

    def compute() -> AdditionModel | None:
        om = omission_model(doc)
        if om is None:
            return None
        links = om.links
        min_zh = int(cfg["min_zh_chars"])
        eligible = [v for v in doc.views if v.has_zh and v.has_en and v.zh_len >= min_zh]
        zh_words = {v.id: om.words.get(v.id) or zh_content_words(v.zh_fold) for v in eligible}
        exps = {v.id: _explainers(zh_words[v.id], links) for v in eligible}
        words = {v.id: en_content_words(v.en_fold) for v in eligible}
        explained = {v.id: [_explained(w.lemma, exps[v.id])
                            or _in_chinese(v.en_fold[w.start:w.end], v.zh_fold)
                            for w in words[v.id]] for v in eligible}
        seen: Counter[str] = Counter()
        hit: Counter[str] = Counter()
        n = c = 0
        for v in eligible:
            for w, e in zip(words[v.id], explained[v.id]):
                if w.name:
                    continue
                seen[w.lemma] += 1
                hit[w.lemma] += e
                n += 1
                c += e
        k = float(cfg["prior_weight"])
        prior = (c + k * float(cfg["prior_rate"])) / (n + k)
        # chance: English words explained by another segment's Chinese
        hits = total = 0
        n_seg = len(eligible)
        if n_seg >= 2:
            step = max(1, n_seg // int(cfg["chance_sample"]))
            for i in range(0, n_seg, step):
                v, other = eligible[i], eligible[(i + max(1, n_seg // 2)) % n_seg]
                for w in words[v.id]:
                    if not w.name:
                        total += 1
                        hits += _explained(w.lemma, exps[other.id])
        chance = (hits + k * float(cfg["prior_chance"])) / (total + k)
        chance = min(0.5, chance * float(cfg["chance_factor"]))
        return AdditionModel(words, explained, seen, hit, prior, chance)

    return doc.cached("addition_model", compute)


@dataclass
class AdditionEvidence:
    """Why a segment may add something: the English stretch that looks unexplained and the
    evidence (log-likelihood units), apart from the thresholds."""

    score: float
    lexical: float
    length: float
    length_z: float
    span: tuple[int, int] | None = None
    unexplained: list[str] = field(default_factory=list)
    words: int = 0
    #: substitution evidence (see `addition_evidence`): decides the finding when it is larger
    #: than `score` without it
    substitution: float = 0.0
    omitted: tuple[int, int] | None = None  # the Chinese stretch the English stands in for
    omission: float = 0.0                   # its omission evidence (lexical LLR)


def addition_evidence(v: SegView, doc: DocFacts) -> AdditionEvidence | None:
    """Score the hypothesis "a stretch of the English has no Chinese counterpart".

    Besides the unexplained stretch plus the length evidence, a *substitution*: English put
    in place of the rendering of a Chinese clause (SDG indicator 12.7.1, "Number of
    countries implementing ..." for 实施的程度, "the extent to which ... is implemented"),
    no longer than a faithful rendering, so the length cannot see it, but both sides carry
    content the other lacks. Its evidence is `substitution_weight` times the sum of the two
    lexical evidences: this stretch's and the omission check's for the Chinese clause that
    looks most left out (`omission_evidence`). The score is the larger of the two."""
    cfg = doc.config.check("addition")
    if v.zh_len < int(cfg["min_zh_chars"]):
        return None
    model = addition_model(doc)
    lz = length_z(v, doc)
    length = float(cfg["length_weight"]) * min(lz, float(cfg["max_length_credit"]))
    if model is None or v.id not in model.words:
        return AdditionEvidence(length, 0.0, length, lz)
    q = model.chance
    items: list[tuple[EnWord, float, bool]] = []
    for w, e in zip(model.words[v.id], model.explained[v.id]):
        if w.name:
            continue
        p = model.rate(w.lemma, e, cfg)
        items.append((w, math.log(q / p) if e else math.log((1 - q) / (1 - p)), not e))
    # best run of consecutive words (maximum subarray) with at least `min_words` unexplained
    min_words = int(cfg["min_words"])
    best: tuple[float, int, int] | None = None
    pre = [0.0]
    miss = [0]
    for _, llr, m in items:
        pre.append(pre[-1] + llr)
        miss.append(miss[-1] + m)
    for i in range(len(items)):
        for j in range(i + 1, len(items) + 1):
            if miss[j] - miss[i] < min_words:
                continue
            total = pre[j] - pre[i]
            if best is None or total > best[0]:
                best = (total, i, j)
    if best is None or best[0] <= 0:
        return AdditionEvidence(length, 0.0, length, lz)
    total, i, j = best
    chosen = items[i:j]
    weight = float(cfg["substitution_weight"])
    swap = omitted_llr = 0.0
    omitted = None
    if weight:
        om = omission_evidence(v, doc)
        if om is not None and om.span is not None and om.lexical > 0:
            swap = weight * (total + om.lexical)
            omitted, omitted_llr = om.span, om.lexical
    return AdditionEvidence(max(total + length, swap), total, length, lz,
                            (chosen[0][0].start, chosen[-1][0].end),
                            [v.en_fold[w.start:w.end] for w, _, m in chosen if m], len(chosen),
                            swap, omitted, omitted_llr)


@check("addition", "warning")
def addition(v: SegView, ctx: CheckContext) -> Iterable[Finding]:
    """English content with no Chinese counterpart: a stretch of English words that no
    Chinese word of the segment explains (CC-CEDICT, translations learnt from this
    document), while this document usually explains them, and the English is long for its
    Chinese; or English put in place of a Chinese clause it does not render (a
    substitution, key "substitution": both stretches named and highlighted). The mirror of
    `omission`; the stretch is named and highlighted."""
    cfg = ctx.cfg
    ev = addition_evidence(v, ctx.doc)
    if ev is None or ev.span is None:
        return
    severity = None
    if ev.score >= float(cfg["error_score"]) and ev.length_z >= float(cfg["min_length_z"]):
        severity = cfg["strong_severity"]
    elif ev.score >= float(cfg["warning_score"]):
        severity = cfg.severity
    if severity is None:
        return
    a, b = ev.span
    stretch = v.en[a:b]
    words = (f"{len(ev.unexplained)} of its {ev.words} content words unexplained: "
             f"{', '.join(dict.fromkeys(ev.unexplained))}")
    spans = [Span("en", a, b)]
    plain = ev.lexical + ev.length
    if ev.omitted is not None and ev.substitution > plain:
        # English in place of a rendering: both stretches are named and highlighted
        za, zb = ev.omitted
        spans.append(Span("zh", za, zb))
        msg = (f"possible substitution: the English \"{_quote(stretch, 60)}\" seems to stand "
               f"in place of the Chinese \"{_quote(v.zh[za:zb], 40)}\", which it does not "
               f"render ({words}; English length z = {ev.length_z:+.1f})")
        evidence = (f"substitution {float(cfg['substitution_weight']):g} x (lexical LLR "
                    f"{ev.lexical:.1f} of the English stretch + omission LLR {ev.omission:.1f} "
                    f"of the Chinese clause) = {ev.score:.1f}, above the addition evidence "
                    f"{plain:.1f} (lexical + length {ev.length:+.1f})")
        key = "substitution"
    else:
        msg = (f"possible addition: the English \"{_quote(stretch, 60)}\" seems to have no "
               f"Chinese counterpart ({words}; English length z = {ev.length_z:+.1f})")
        evidence = (f"lexical LLR {ev.lexical:.1f} (unexplained English words the document "
                    f"usually explains) + length {ev.length:+.1f} = {ev.score:.1f}")
        key = "addition"
    yield ctx.finding(v, msg, spans=spans, key=key, severity=severity,
                      evidence=evidence, score=round(ev.score, 2), z=round(ev.length_z, 2),
                      stretch=stretch, unexplained=list(dict.fromkeys(ev.unexplained)))
