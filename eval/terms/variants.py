"""Variants: one English term rendered from more than one Chinese form.

A full and a short name of one body (安全理事会 / 安理会), an old and a new name
(缔约国座谈会 / 缔约国会议), a typo. Two sources feed the table:

- every occurrence whose rendering is a *term English* (an approved or admitted form of a
  termbase concept, or a candidate's most likely English) adds its Chinese form;
- every segment where a termbase term's approved English is present but none of the
  concept's Chinese forms is: the Chinese that renders it there is found by reverse
  alignment (`reverse_span`) and added as a form of its own.

Forms contained in another form of the same English are fragments, not variants, and are
left out (发展中国家 inside 小岛屿发展中国家), except a truncation that alignment found as
the whole rendering of the English and that keeps most of the longer form (再生能源 for
可再生能源).
"""
from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from zhenqa.corpora.lang.cjk import HAN_RUN
from zhenqa.eval.terms.candidates import ZH_EDGE_STOP
from zhenqa.eval.terms.text import ZhText

#: A Chinese word's CC-CEDICT glosses (`Lexicon.gloss`).
GlossFn = Callable[[str], tuple[str, ...]]



def reverse_span(zt: ZhText, zh: str, forms: tuple[str, ...], en_lemmas: frozenset[str],
                 gloss: GlossFn, busy: Sequence[tuple[int, int]] = (), rel_pos: float | None = None
                 ) -> tuple[int, int] | None:
    """The Chinese span that renders an English term in one segment: the best run of Han
    words each of which either has at least half its characters among those of the term's
    known Chinese forms or has a CC-CEDICT gloss among the English term's lemmas
    (`gloss(word)` gives the glosses); words inside other terms' occurrences (`busy`)
    and function words are not part of it. A run counts when it begins like one of the
    forms (and shares two characters or more with them) or one of its words translates
    the English; runs score by characters shared with the known forms less characters not
    shared, less a penalty for their distance from the English term's relative position
    in its sentence; at least two characters."""
    chars = set("".join(forms))
    words = zt.words
    ok = []
    for w, ws, we in words:
        if not HAN_RUN.fullmatch(w) or w in ZH_EDGE_STOP or \
                any(a <= ws and we <= b for a, b in busy):
            ok.append(False)
            continue
        inside = sum(1 for ch in w if ch in chars)
        ok.append(2 * inside >= len(w) or bool(en_lemmas.intersection(gloss(w))))
    best = None
    i = 0
    n = len(words)
    while i < n:
        if not ok[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and ok[j + 1] and words[j + 1][1] == words[j][2]:
            j += 1
        s, e = words[i][1], words[j][2]
        shared = sum(1 for ch in zh[s:e] if ch in chars)
        glossed = any(en_lemmas.intersection(gloss(w)) for w, _, _ in words[i:j + 1])
        # a run must begin like one of the forms (最不发达国, 埃塞俄比亞) or translate the
        # English (永续发展, 再生能源): sharing a character or two (国, 共和国) is chance
        starts = any(zh[s] == f[0] for f in forms if f) and shared >= 2
        # translations keep the order of enumerations: a run far from where the English
        # term sits in its sentence (`rel_pos`) is less likely its rendering
        far = 4 * abs(s / max(1, len(zh)) - rel_pos) if rel_pos is not None else 0.0
        score = (2 * shared - (e - s) - far, e - s)
        if e - s >= 2 and (starts or glossed) and (best is None or score > best[0]):
            best = (score, s, e)
        i = j + 1
    if best is None:
        return None
    return best[1], best[2]


def support(words: list[str], en_lemmas: frozenset[str], gloss: GlossFn,
            em_of: Callable[[str], dict[str, float]] | None = None) -> float:
    """Share of an English term's content lemmas that the Chinese words of a span explain,
    by a CC-CEDICT gloss (`gloss(word)`; a shared six-letter beginning counts) or by EM
    (`em_of(word)`: lemma -> t(e | word) of at least `em.EM_MIN`). "United Nations" from
    国家 is 0.5 ("nation" only), "sustainable development" from 持续发展 is 1.0."""
    if not en_lemmas:
        return 0.0
    known: set[str] = set()
    for w in words:
        known.update(gloss(w))
        if em_of is not None:
            known.update(em_of(w))
    prefixes = {g[:6] for g in known if len(g) >= 6}
    return sum(1 for e in en_lemmas if e in known or (len(e) >= 6 and e[:6] in prefixes)) / len(en_lemmas)


#: A Chinese form reverse alignment found once is a variant only when its words explain
#: the whole English term (`support`); from `MIN_ALIGNED` segments on, when they explain
#: at least `MIN_SUPPORT` of it. Below that a misaligned or loosely translated pair
#: ("United Nations" beside 国家) would make a variant of it.
MIN_ALIGNED = 2
MIN_SUPPORT = 0.5


#: (document, segment) references kept per form (the count stays exact): every English
#: n-gram that is a term's English collects forms, most never become a variant, and the
#: terms' own renderings already list every reference.
MAX_REFS = 1000


@dataclass
class VariantForm:
    """One Chinese form of a variant: its count, where it came from, and its first
    `MAX_REFS` (document, segment) references as pairs of integers."""

    count: int = 0
    source: str = ""
    refs: array[int] = field(default_factory=lambda: array("q"))
    support: float = 1.0      # alignment: the best `support` of its segments


@dataclass
class VariantTable:
    """English key -> Chinese form -> count, source and a few example segments."""

    by_en: dict[str, dict[str, VariantForm]] = field(default_factory=dict)
    display: dict[str, str] = field(default_factory=dict)
    #: English key -> the termbase's own Chinese forms for it: listed (with their count,
    #: 0 when unused) beside a form alignment found, so that a corpus that only ever uses
    #: the short form (再生能源) still shows it next to the termbase's 可再生能源
    known: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def add(self, en_key: str, en_display: str, zh: str, source: str, ref: tuple[int, int],
            support: float = 1.0) -> None:
        forms = self.by_en.setdefault(en_key, {})
        self.display.setdefault(en_key, en_display)
        vf = forms.get(zh)
        if vf is None:
            vf = forms[zh] = VariantForm(source=source, support=support)
        vf.support = max(vf.support, support)
        vf.count += 1
        if len(vf.refs) < 2 * MAX_REFS and (len(vf.refs) < 2 or (vf.refs[-2], vf.refs[-1]) != ref):
            vf.refs.extend(ref)

    @staticmethod
    def _evidenced(zh: str, f: VariantForm, own: tuple[str, ...]) -> bool:
        """Whether a form reverse alignment found is a variant: not a longer term that
        contains one of the concept's own forms (联合国宪章, 世界人权宣言 are terms of their
        own, not other names of 联合国, 人权), and either a short form of one of them or
        explained enough by the dictionary or EM (`MIN_ALIGNED`, `MIN_SUPPORT`)."""
        if any(o in zh and o != zh for o in own):
            return False
        if any(zh[:1] == o[:1] and sum(ch in o for ch in zh) >= max(2, 2 * len(zh) / 3) for o in own):
            return True       # a short form: begins like a form and is mostly made of it (世贸组织)
        return f.support >= 1.0 or (f.count >= MIN_ALIGNED and f.support >= MIN_SUPPORT)

    def to_json(self, doc_name: Callable[[int], str]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for key, seen in self.by_en.items():
            own = self.known.get(key, ())
            forms = {z: f for z, f in seen.items() if f.source != "alignment" or self._evidenced(z, f, own)}
            if any(f.source == "alignment" for f in forms.values()):
                for z in self.known.get(key, ()):
                    forms.setdefault(z, VariantForm(source="termbase"))
            # a form inside another form is a fragment, unless alignment found it as the
            # whole rendering and it keeps most of the longer form (再生能源, 可再生能源)
            names = [z for z in forms
                     if not any(z != o and z in o and not (
                         forms[z].source == "alignment" and len(z) >= max(3, 0.6 * len(o)))
                                for o in forms)]
            if len(names) < 2:
                continue
            if all(forms[z].source == "candidate" for z in names) and \
                    len(self.display[key].split()) < 2:
                continue      # one generic English word ("possible") is no term
            entries: list[dict[str, Any]] = [
                {"zh": z, "count": forms[z].count, "source": forms[z].source,
                 "segments": [{"doc": doc_name(forms[z].refs[k]), "segment": forms[z].refs[k + 1]}
                              for k in range(0, len(forms[z].refs), 2)]}
                for z in names]
            zh = sorted(entries, key=lambda x: (-x["count"], x["zh"]))
            out.append({"en": self.display[key], "zh": zh,
                        "count": sum(x["count"] for x in zh)})
        out.sort(key=lambda v: (-v["count"], v["en"]))
        return out
