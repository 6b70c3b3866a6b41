"""Which English renders one occurrence of a term, and which evidence decided.

In order (the first that applies decides, and the report says which):

1. `termbase`: an approved, admitted or forbidden rendering of the term's concept is in
   the English (matched with English morphology: case, plural, hyphenation and spacing,
   see `corpora.termbase`).
2. `association`: for a candidate, the best-ranked English n-gram learned from the
   corpus (`association.rank`) that is in this segment's English.
3. `cedict` / `form-words` / `em` / `association`: the English span found by word-level
   alignment inside the segment: the best run of English words whose lemmas the term
   explains, by CC-CEDICT glosses of its Chinese words, by the words of its own termbase
   forms (a changed form keeps some of them: "less developed countries" for "least
   developed countries"), by the renderings EM learnt from the corpus for its words
   (`em`: t(e | z) of IBM Model 1, "partnership" for 伙伴关系, which no gloss has), or
   by lemmas the corpus associates with it; a run explained only by corpus association
   does not count when the dictionary or the forms know the term (it names a collocate,
   not a rendering). Runs may bridge one unexplained word (not a conjunction: "developing
   and least developed countries" is two renderings) or the function words of a
   reordered phrase ("resources of nature", "rights of the human person"); runs that
   begin or end like one of the term's forms score higher, words another Chinese word of
   the segment explains lower, and ties go to the run whose position in the sentence is
   closest to the term's position in the Chinese. When the run shares the last (first)
   word of an expected form but is shorter, it is widened leftwards (rightwards) over
   content words to the form's length, so that the modifier that changed is named too; a
   longer run that contains the form's last word is cut to the form's length ending there
   (not a reordered phrase, which is named whole). The evidence is the least general
   source the span needs: `em` when one of its words only EM explains, else `cedict`
   when the dictionary explains one, else `form-words`, else `association`.
4. `mt` (with a model only): for an occurrence nothing above renders, the term's
   rendering in an MT draft of the segment, found in the English (`mt`).
5. `not-found`: nothing in the English is identifiable as the term: a possible omission.

Words already taken by another term's termbase rendering in the same segment are not
used again, nor are words that CC-CEDICT glosses for another Chinese word of the segment
(特别是 -> "in particular"), unless the term's own glosses or forms have them too
(competitive linking, in the spirit of Melamed 2000); with EM, the same holds for words
only corpus statistics give the term when EM says another Chinese word of the segment
renders them more often (a word of two characters or more, seen in a few segments:
`em.Learnt.competitor`).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from zhenqa.eval.terms.association import Ranked
from zhenqa.eval.terms.text import EnText, EnToken

#: Below this association score a present n-gram does not decide a candidate's rendering.
MIN_SCORE = 0.15


@dataclass
class TermModel:
    """What the renderer knows about one term."""

    tid: int
    kind: str                                  # "termbase" | "candidate"
    zh: str                                    # the label (first Chinese form)
    forms: tuple[str, ...]                     # every Chinese form
    concepts: tuple[int, ...] = ()             # termbase concept indices
    expected: tuple[str, ...] = ()             # approved/admitted (or the candidate's best)
    forbidden: tuple[str, ...] = ()
    preferred: tuple[str, ...] = ()
    shapes: tuple[tuple[str, ...], ...] = ()   # stems of expected and forbidden forms
    cedict: frozenset[str] = frozenset()
    form_lemmas: frozenset[str] = frozenset()
    assoc_lemmas: frozenset[str] = frozenset()
    em: frozenset[str] = frozenset()           # lemmas EM learnt for its words (`em`)
    em_prob: dict[str, float] = field(default_factory=dict)   # ... and their t(e | z)
    ranked: list[Ranked] = field(default_factory=list)
    bidirectional: bool = False
    note: str = ""
    concept_id: str = ""
    measures: dict[str, Any] = field(default_factory=dict)   # a candidate's statistics, as reported


@dataclass(frozen=True)
class Rendering:
    """The English found for one occurrence."""

    text: str             # as written in the segment ("" when not found)
    key: str              # stems with single spaces (grouping key); "" when not found
    start: int
    end: int
    status: str           # preferred | admitted | forbidden | other | not-found
    evidence: str         # termbase | association | cedict | form-words | em | mt | not-found
    first: int = -1       # token range, for marking words as taken
    last: int = -1
    label: str = ""       # the termbase form it matched, when it matched one
    weight: float = 0.0   # word alignment: words explained, less those shared (see below)
    strong: int = 0       # word alignment: words the dictionary or the term's forms explain


#: Sources that explain a word as a rendering of the term (association alone names
#: collocates): the dictionary, the term's forms, EM, the MT draft.
STRONG = frozenset({"cedict", "form-words", "em", "mt"})

NOT_FOUND = Rendering("", "", -1, -1, "not-found", "not-found")


def _phrase_ok(et: EnText, i: int, j: int) -> bool:
    """Whether tokens i..j-1 are one phrase: nothing but spaces or a hyphen between them."""
    toks = et.tokens
    return all(toks[k].glued for k in range(i + 1, j))


def ranked_present(model: TermModel, et: EnText, text: str, taken: set[int]) -> Rendering | None:
    """The best associated n-gram of the term that is in this English (candidates)."""
    spans: dict[str, tuple[int, int]] = {}
    for i, j, key in et.ngrams:
        if key not in spans and not any(k in taken for k in range(i, j)):
            spans[key] = (i, j)
    for r in model.ranked:
        if r.score < MIN_SCORE:
            break
        hit = spans.get(r.key)
        if hit is not None:
            i, j = hit
            s, e = et.tokens[i].start, et.tokens[j - 1].end
            evidence = "cedict" if r.prior >= 0.5 else "association"
            return Rendering(text[s:e], r.key, s, e, "other", evidence, i, j)
    return None


def _like(lem: str, words: frozenset[str], prefixes: set[str]) -> bool:
    """`lem` is one of `words` or shares its first six letters with one of them (English
    morphology the light lemmatizer leaves: "companionships" / "companion")."""
    return lem in words or (len(lem) >= 6 and lem[:6] in prefixes)


def known_rendering(model: TermModel, lem: str) -> bool:
    """Whether CC-CEDICT or the term's own forms explain the English lemma `lem` (as
    `lexical_span` matches them: a dictionary gloss also by its first six letters)."""
    if lem in model.form_lemmas or lem in model.cedict:
        return True
    return len(lem) >= 6 and any(g[:6] == lem[:6] for g in model.cedict if len(g) >= 6)


def lexical_span(model: TermModel, et: EnText, text: str, taken: set[int],
                 rel_pos: float, foreign: frozenset[str] | set[str] = frozenset(),
                 mt: frozenset[str] = frozenset()) -> Rendering | None:
    """Word-level alignment of the term inside one segment (steps 3 of the docstring).

    `mt`: the lemmas of the term's rendering in a machine translation of the segment's
    Chinese (`mt.draft_rendering`), a last source after the dictionary, the forms and EM.
    The evidence is the least general source the span needs: `mt` when one of its words
    only the MT draft explains, else `em` when one only EM explains, else `cedict`,
    `form-words`, `association` as before."""
    toks = et.tokens
    n = len(toks)
    if not n:
        return None
    source: list[str | None] = []          # per token: the evidence that explains it
    prefixes = {g[:6] for g in model.cedict if len(g) >= 6}
    mt_prefixes = {g[:6] for g in mt if len(g) >= 6}
    own_words = {w for sh in model.shapes for w in sh}
    for i, t in enumerate(toks):
        if t.stop or i in taken:
            source.append(None)
        elif _like(t.lemma, model.cedict, prefixes):
            # (a shared six-letter beginning: "companionships" for the gloss "companion")
            source.append("cedict")
        elif t.lemma in model.form_lemmas:
            source.append("form-words")
        elif t.lemma in model.em:
            source.append("em")
        elif mt and _like(t.lemma, mt, mt_prefixes):
            source.append("mt")
        elif t.lemma in model.assoc_lemmas:
            source.append("association")
        else:
            source.append(None)
    best = None
    i = 0
    while i < n:
        if source[i] is None:
            i += 1
            continue
        j = i
        matched = 1
        while True:
            if j + 1 < n and source[j + 1] is not None and _phrase_ok(et, j, j + 2):
                j += 1
                matched += 1
            elif j + 2 < n and source[j + 2] is not None and (j + 1) not in taken \
                    and _phrase_ok(et, j, j + 3) and not (
                        toks[j + 1].stem in CONJ and toks[j + 1].stem not in own_words):
                j += 2
                matched += 1
            elif j + 3 < n and source[j + 3] is not None and _bridge(toks, j + 1, j + 3) \
                    and _phrase_ok(et, j, j + 4):
                # a reordered phrase: "rights of the human person", "Organization for ..."
                j += 3
                matched += 1
            else:
                break
        pos = toks[i].start / max(1, len(text))
        has_strong = any(source[k] in STRONG for k in range(i, j + 1))
        # words another Chinese word of the segment also explains count for less
        # ("developing countries" next to 发展中国家 is probably that word's rendering)
        shared = sum(1 for k in range(i, j + 1) if source[k] and toks[k].lemma in foreign)
        # a run that begins and/or ends like one of the term's forms has its shape
        # ("least advanced countries" beside "many developed countries")
        shape = max(((toks[i].stem == sh[0]) + (toks[j].stem == sh[-1])
                     for sh in model.shapes), default=0)
        score = (has_strong, matched - 0.9 * shared + shape, -abs(pos - rel_pos))
        if best is None or score > best[0]:
            best = (score, i, j + 1)
        i = j + 1
    if best is None or (not best[0][0] and (model.cedict or model.form_lemmas)):
        # words the corpus associates with the term but neither the dictionary nor its
        # forms explain are collocates ("mitigation and adaptation" near "climate
        # change"), not a rendering
        return None
    (_, weight, _), i, j = best
    weight = weight - max(((toks[i].stem == sh[0]) + (toks[j - 1].stem == sh[-1])
                           for sh in model.shapes), default=0)
    i, j = _widen(model, et, i, j, taken)
    kinds = {source[k] for k in range(i, j) if source[k]}
    evidence = next(k for k in ("mt", "em", "cedict", "form-words", "association")
                    if k in kinds or k == "association")
    s, e = toks[i].start, toks[j - 1].end
    key = " ".join(t.stem for t in toks[i:j])
    strong = sum(1 for k in range(i, j) if source[k] in STRONG)
    return Rendering(text[s:e], key, s, e, "other", evidence, i, j, weight=weight, strong=strong)


#: Function words a reordered rendering puts between its content words ("resources of
#: nature", "energy from renewables", "rights of the human person"); "and" is not one:
#: it joins two terms ("developing and least developed countries").
BRIDGE = frozenset({"of", "the", "for", "from"})


#: Conjunctions join two renderings, not the parts of one ("developing and least developed
#: countries"), unless one of the term's own forms has one ("women and girls").
CONJ = frozenset({"and", "or"})


def _bridge(toks: Sequence[EnToken], i: int, j: int) -> bool:
    """Tokens i..j-1 are all bridging function words."""
    return all(toks[k].stop and toks[k].lemma in BRIDGE for k in range(i, j))


def _widen(model: TermModel, et: EnText, i: int, j: int, taken: set[int]) -> tuple[int, int]:
    toks = et.tokens
    n = len(toks)
    if any(_bridge(toks, k, k + 1) for k in range(i + 1, j - 1)):
        return i, j        # a reordered phrase ("resources of nature") is named whole

    def free(k: int) -> bool:
        t = toks[k]
        return not t.stop and k not in taken and t.stem.isalpha()

    for shape in model.shapes:
        k = len(shape)
        if j - i > k and shape[-1] in {t.stem for t in toks[i:j]}:
            # longer than the form: keep the form's length, ending on its last word
            # ("in particular least advanced countries" -> "least advanced countries")
            end = max(x for x in range(i, j) if toks[x].stem == shape[-1]) + 1
            return max(i, end - k), end
        if j - i >= k:
            continue
        if toks[j - 1].stem == shape[-1]:
            while j - i < k and i > 0 and free(i - 1) and _phrase_ok(et, i - 1, i + 1):
                i -= 1
            return i, j
        if toks[i].stem == shape[0]:
            while j - i < k and j < n and free(j) and _phrase_ok(et, j - 1, j + 1):
                j += 1
            return i, j
    return i, j
