"""The lexical side of the omission check: Chinese clauses and content words, and which of
them an English text renders (dictionary glosses, word families, names, acronyms, links
learnt from the document)."""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Sequence

from zhenqa.corpora.lang.cjk import HAN_RUN

if TYPE_CHECKING:
    from zhenqa.corpora.lang.lexicon import Lexicon

# --------------------------------------------------------------------------- omission
#
# An omission is a piece of the Chinese that the English leaves out. A whole-segment ratio
# cannot see five words missing from a forty-word sentence, so the evidence here is local:
# the Chinese is cut into clauses, the dictionary-translatable words of each clause are
# looked for in the English, and the clause whose words are missing -- while this document
# usually renders those very words -- is the candidate. Everything is judged against the
# document itself: how often each Chinese word is rendered elsewhere in it, how often a word
# is "found" in an English sentence that does not translate it (chance), and its length
# ratio distribution; the configuration holds only priors, weights and the two thresholds.

#: Clause separators of the Chinese: full-width and ASCII (the SDG and UDHR files use ASCII
#: commas and semicolons), the enumeration comma 、 and sentence ends.
ZH_CLAUSE_PUNCT = frozenset(",，;；:：、。!！?？")
#: Chinese function words (and near-function words) whose rendering is optional or
#: structural (to 的 nothing corresponds, 不 becomes "un-", "no", "without" or a stopword,
#: 最 a suffix, 年/月/日/第/号 belong to dates and numbers, which the anchors cover): they are
#: not counted when asking whether the English renders a clause.
ZH_FUNCTION_WORDS = frozenset("""
的 了 在 和 与 及 或 是 为 对 把 被 将 于 以 之 其 也 而 并 等 这 那 有 各 所 此 该 中 上 下 从 到
向 由 使 让 给 着 过 又 都 就 还 要 会 能 可 应 已 他 她 它 们 个 种 些 项 更 得 所有 任何 不 最
非 无 地 者 即 比 一切 其他 以及 通过 进行 方面 一个 及其 使其 包括 有关 相关 根据 对于 关于 按照
以便 从而 并且 或者 其中 之间 以上 以下 如何 这些 那些 这种 每个 每 均 应当 必须 可以 能够
一 之一 但 但是 而且 因为 所以 如果 虽然 然而 因此 由于 只是 就是 还是 已经 正在 很 非常
我 你 您 我们 你们 他们 她们 它们 咱们 自己 大家 别人 不得 予以 加以 使得 作为 年 月 日 第 号
什么 怎么 怎样 为什么 哪 哪里 这里 那里 这儿 那儿 这么 那么 这样 那样 一样 一些 有些 某些 某
的话 然后 之后 以后 之前 以前
""".split())
#: Chinese content words that English often renders with a function word (a preposition,
#: a conjunction, a negation), which the lexicon drops as a stopword: 期间 is "during", 时
#: "when" or "at", 没有 "no"/"without", 超过 "over"/"more than". CC-CEDICT's glosses
#: ("period", "time", "exist", "surpass") are kept; these are added, and the English
#: words they name are kept in the English bag (`_en_lemmas`) for them alone.
ZH_RELATIONAL_GLOSSES: dict[str, tuple[str, ...]] = {
    "期间": ("during", "while", "throughout", "course"),
    "其间": ("during", "while", "meanwhile"),
    "时": ("when", "while", "during", "upon", "whenever", "once", "at"),
    "时候": ("when", "while", "during", "once"),
    "当": ("when", "while", "during", "upon", "once"),
    "当时": ("then", "when", "at"),
    "届时": ("then",),
    "一旦": ("once", "when", "if"),
    "前": ("before", "prior", "previous", "earlier"),
    "后": ("after", "following", "subsequent", "once", "when"),
    "此后": ("after", "since", "subsequent", "then", "thereafter"),
    "同时": ("while", "same", "meanwhile", "also"),
    "目前": ("now",),
    "现在": ("now",),
    "再次": ("again", "once", "further"),
    "进一步": ("further", "more"),
    "更多": ("more", "further", "additional"),
    "超过": ("over", "above", "more", "beyond", "exceed"),
    "多于": ("more", "over", "above"),
    "低于": ("below", "under", "less", "fewer"),
    "少于": ("less", "fewer", "under", "below"),
    "没有": ("no", "not", "without", "lack", "never", "nor"),
    "何时": ("when",),
    "为何": ("why",),
    "鉴于": ("given", "whereas", "considering", "view", "since"),
    "根据": ("under", "pursuant", "accordance", "according", "based", "per"),
    "按照": ("under", "pursuant", "accordance", "according", "per"),
    "尽管": ("despite", "although", "though", "notwithstanding"),
}
#: The stopwords those glosses name, kept in the English bag (lower case, as printed).
_EN_RELATIONAL = frozenset(g for gs in ZH_RELATIONAL_GLOSSES.values() for g in gs)
_MAX_WORD = 8                  # longest dictionary word tried by the segmenter
_PREFIX = 5                    # English lemmas sharing this many letters count as one word


def _lexicon() -> Lexicon | None:
    """CC-CEDICT (`corpora.lang.lexicon`), or None when its cache cannot be built: a broken
    dictionary must not break the QA, it only leaves the omission check without evidence."""
    from zhenqa.corpora.lang.lexicon import load_lexicon

    try:
        return load_lexicon()
    except Exception:  # noqa: BLE001
        return None


def _segment_run(run: str) -> tuple[str, ...]:
    """A run of Han characters cut into words by THE segmenter of the project
    (`corpora.lang.segment.cut_run`: fewest CC-CEDICT words, longest words on a tie), the
    one the aligner and the EM translation table use, so that the QA judges the words the
    table has probabilities for."""
    from zhenqa.corpora.lang.segment import cut_run

    return _free_function_words(cut_run(run))


#: Single characters that are function words when they stand alone (和 "and", 的, 与 ...).
_FUNCTION_CHARS = frozenset("和的与及或在了是为对把被将于以之其也而并等")


@lru_cache(maxsize=200_000)
def _free_function_words(cut: tuple[str, ...]) -> tuple[str, ...]:
    """Undo a tie the segmenter breaks the wrong way around a function word: 透|明和 (明和,
    a Japanese era name in CC-CEDICT) is re-cut 透明|和 when 透明 is a word and 和 a function
    word. Both cuts have two words of the same lengths; the one that leaves the function
    word alone is the reading of running text."""
    lex = _lexicon()
    if lex is None or len(cut) < 2:
        return cut
    out = list(cut)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if len(a) == 1 and len(b) == 2 and b[1] in _FUNCTION_CHARS and lex.gloss(a + b[0]):
            out[i], out[i + 1] = a + b[0], b[1]
    return tuple(out)


def zh_clauses(text: str) -> list[tuple[int, int]]:
    """[start, end) of each clause of a Chinese text (cut at ，；：、。！？ and their ASCII
    forms), without the punctuation and surrounding spaces; empty clauses are dropped."""
    out = []
    start = 0
    for i, ch in enumerate(list(text) + [","]):
        if ch in ZH_CLAUSE_PUNCT:
            a, b = start, i
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a:
                out.append((a, b))
            start = i + 1
    return out


@dataclass(frozen=True, slots=True)
class ZhWord:
    """A Chinese content word: where it is, its clause (index into `zh_clauses`) and the
    English lemmas CC-CEDICT gives it."""

    start: int
    word: str
    clause: int
    glosses: tuple[str, ...]

    @property
    def end(self) -> int:
        return self.start + len(self.word)


_NAME_DOTS = "·・•‧"


@lru_cache(maxsize=None)
def _relational_glosses(word: str) -> tuple[str, ...]:
    """`ZH_RELATIONAL_GLOSSES` of a word in the English bag's form: stopwords as printed,
    other words lemmatized like the dictionary's glosses."""
    from zhenqa.corpora.lang.english import STOPWORDS, lemma

    return tuple(g if g in STOPWORDS else lemma(g) for g in ZH_RELATIONAL_GLOSSES.get(word, ()))


def zh_content_words(text: str) -> tuple[ZhWord, ...]:
    """The dictionary-translatable content words of a (folded) Chinese text, in order.

    Transliterated foreign names are left out: the words on either side of a middle dot
    (胡里奥·里奥斯) and three or more single characters in a row that the dictionary cannot
    join into a word (安提瓜): their characters' glosses ("peace", "lift", "melon") are not
    what the English says.

    Memoized per segmenter vocabulary (the words are the segmenter's, and a QA run with a
    termbase keeps its terms whole: the next run without one must not get its cut)."""
    from zhenqa.corpora.lang.segment import current_vocabulary

    return _zh_content_words(text, current_vocabulary())


@lru_cache(maxsize=100_000)
def _zh_content_words(text: str, vocab: object) -> tuple[ZhWord, ...]:
    # `vocab` is the vocabulary `_segment_run` cuts with now: it only keys the memo
    lex = _lexicon()
    if lex is None:
        return ()
    starts = [a for a, _ in zh_clauses(text)]
    out = []
    for m in HAN_RUN.finditer(text):
        a, b = m.span()
        cut = _segment_run(m.group(0))
        single = [len(w) == 1 for w in cut]
        skip = [False] * len(cut)
        # the name next to a middle dot: its first (or last) word and the single
        # characters that follow (or precede) it
        if a > 0 and text[a - 1] in _NAME_DOTS:
            i = 0
            while i < len(cut) and (i == 0 or single[i]):
                skip[i] = True
                i += 1
        if b < len(text) and text[b] in _NAME_DOTS:
            i = len(cut) - 1
            while i >= 0 and (i == len(cut) - 1 or single[i]):
                skip[i] = True
                i -= 1
        i = 0
        while i < len(cut):
            j = i
            while j < len(cut) and single[j] and cut[j] not in ZH_FUNCTION_WORDS:
                j += 1
            if j - i >= 3:
                skip[i:j] = [True] * (j - i)
            i = max(j, i + 1)
        pos = a
        for w, sk in zip(cut, skip):
            if not sk and w not in ZH_FUNCTION_WORDS:
                glosses = lex.gloss(w)
                extra = _relational_glosses(w)
                if extra:
                    glosses = tuple(dict.fromkeys(glosses + extra))
                if glosses:
                    out.append(ZhWord(pos, w, max(0, bisect_right(starts, pos) - 1), glosses))
            pos += len(w)
    return tuple(out)


_EN_CAP = re.compile(r"\b[A-Z][a-z]+(?:[-'][A-Za-z]+)*\b")
_EN_ACRONYM = re.compile(r"\b[A-Z](?:[A-Z]|-[A-Z]){1,9}s?\b")


@lru_cache(maxsize=100_000)
def _en_names(text: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """Proper-name spellings of an English text (capitalized words and runs of two or three
    of them, lower case, without hyphens: "Mao Ning" -> "maoning") and its acronyms'
    letters ("UNMIK" -> "unmik")."""
    caps = [m.group(0).lower().replace("-", "").replace("'", "") for m in _EN_CAP.finditer(text)]
    spell = set(caps)
    for n in (2, 3):
        spell.update("".join(caps[i:i + n]) for i in range(len(caps) - n + 1))
    acr = tuple(dict.fromkeys(m.group(0).replace("-", "").rstrip("s").lower()
                              for m in _EN_ACRONYM.finditer(text)))
    return frozenset(spell), acr


@lru_cache(maxsize=100_000)
def _pinyin(chars: str) -> tuple[str, ...]:
    from zhenqa.corpora.lang.lexicon import pinyin_strings

    lex = _lexicon()
    return tuple(pinyin_strings(chars, lex)) if lex is not None else ()


def _one_letter_each(cand: list[tuple[int, set[int]]]) -> list[int]:
    """Words matched to distinct letter positions (maximum bipartite matching, augmenting
    paths; a handful of words and letters)."""
    owner: dict[int, int] = {}           # letter position -> word index
    options_of = dict(cand)

    def place(i: int, options: set[int], seen: set[int]) -> bool:
        for p in sorted(options):
            if p in seen:
                continue
            seen.add(p)
            if p not in owner or place(owner[p], options_of[owner[p]], seen):
                owner[p] = i
                return True
        return False

    for i, options in cand:
        place(i, options, set())
    return sorted(owner.values())


def _rescue_names(words: Sequence[ZhWord], status: list[bool | None],
                  names: tuple[frozenset[str], tuple[str, ...]]) -> None:
    """Chinese words the dictionary did not find but a name or an acronym of the English
    renders: a run of adjacent unfound words whose pinyin spells a capitalized English word
    (毛宁 / "Mao Ning", 横塘 / "Hengtang") counts as rendered; unfound words whose glosses'
    initials give at least half the letters of an English acronym, one letter each
    (过渡委员会 / "NTC"), count as neither rendered nor missing."""
    spell, acronyms = names
    if not spell and not acronyms:
        return
    k = 0
    n = len(words)
    while k < n:
        if status[k] is not False:
            k += 1
            continue
        j = k + 1              # a run of unfound words, adjacent in the text, one clause
        while (j < n and status[j] is False and words[j].start == words[j - 1].end
               and words[j].clause == words[k].clause):
            j += 1
        if spell:
            for a in range(k, j):
                for b in range(min(j, a + 4), a, -1):
                    chars = "".join(w.word for w in words[a:b])
                    if len(chars) > 4 or status[a] is not False:
                        continue
                    if any(len(p) >= 4 and p in spell for p in _pinyin(chars)):
                        status[a:b] = [True] * (b - a)
        for acr in acronyms:
            cand = []
            for i in range(k, j):
                if status[i] is not False:
                    continue
                initials = [g[0] for g in words[i].glosses[:4]]
                if len(acr) >= 2 and "".join(initials).startswith(acr):
                    status[i] = None          # one word spelling it all: 联合国 / "UN"
                else:
                    cand.append((i, {p for p, c in enumerate(acr) if c in initials}))
            used = _one_letter_each(cand)
            if len(used) >= 2 and 2 * len(used) >= len(acr):
                for i in used:
                    status[i] = None
        k = j


@lru_cache(maxsize=100_000)
def _en_lemmas(text: str) -> tuple[str, ...]:
    """Content-word lemmas of the English, plus the function words that some Chinese words
    are rendered by (`ZH_RELATIONAL_GLOSSES`: "during", "when", "without")."""
    from zhenqa.corpora.lang.english import lemmas, tokens

    rel = [t.lower() for t in tokens(text) if t.lower() in _EN_RELATIONAL]
    lems = lemmas(text)
    # negative prefixes: "unsafe" renders 不安全 (安全, "safe"), "non-communicable" 非传染,
    # "inadequate" 不充分: the stem is offered too
    neg = [lem[k:] for lem in lems for k in (_neg_prefix(lem),) if k]
    return tuple(lems) + tuple(rel) + tuple(neg)


def _neg_prefix(lem: str) -> int:
    """Length of a negative prefix of an English lemma (un-, non-, in-/im-/ir-/il-, dis-)
    when the rest is a word of at least four letters (three after un- and non-, which
    rarely begin a word otherwise: `lemma` leaves "unsafe" as "unsaf", whose stem "saf" is
    the lemma of "safe", 安全), else 0."""
    for p in ("non", "un", "dis", "in", "im", "ir", "il"):
        if lem.startswith(p) and len(lem) - len(p) >= (3 if p in ("un", "non") else 4):
            return len(p)
    return 0


@lru_cache(maxsize=200_000)
def _root_key(lem: str) -> str:
    """Word-family key of a lemma: its `english_root`, cut to `_PREFIX` letters (as the
    prefix rule cuts lemmas), so that "application" (applicat) meets "apply" (appli)."""
    from zhenqa.corpora.lang.english import root

    return root(lem)[:_PREFIX]


def match_words(en: str, words: Sequence[ZhWord],
                links: dict[str, set[str]] | None = None) -> list[bool | None]:
    """Which Chinese words the (folded) English text renders (see `_match`)."""
    return _match(_en_lemmas(en), words, links, _en_names(en))[0]


def near_stem(a: str, b: str) -> bool:
    """Two stems of one word cut a letter or two apart by the stemmer ("agr" from "agreed",
    "agre" from "agree"; "measur" / "measure"): one is a prefix of the other, the shorter has
    at least three letters and the longer at most two more."""
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= 3 and len(long_) - len(short) <= 2 and long_.startswith(short)


def _match(lemmas: Sequence[str], words: Sequence[ZhWord],
           links: dict[str, set[str]] | None = None,
           names: tuple[frozenset[str], tuple[str, ...]] | None = None,
           ) -> tuple[list[bool | None], Counter[str]]:
    """Which Chinese words the English renders, and the English lemmas left unused.

    A word's status is True when a lemma of the English is one of its glosses or learnt
    links (or shares its first five letters with one), False when none occurs, None when
    one occurs but was already taken by another Chinese word.

    Matching is one English word per Chinese word, most constrained words first, so that a
    clause repeating words of another clause is not covered by the other clause's English;
    a word whose translation is in the English but taken counts as neither covered nor
    missing (English often says a repeated thing once)."""
    pool = Counter(lemmas)
    by_prefix: dict[str, list[str]] = defaultdict(list)
    by_root: dict[str, list[str]] = defaultdict(list)
    by_head: dict[str, list[str]] = defaultdict(list)
    for e in pool:
        if len(e) >= _PREFIX:
            by_prefix[e[:_PREFIX]].append(e)
        by_root[_root_key(e)].append(e)
        if len(e) >= 3:
            by_head[e[:3]].append(e)
    status: list[bool | None] = [False] * len(words)
    order = sorted(range(len(words)), key=lambda k: len(words[k].glosses))
    for k in order:
        w = words[k]
        cands = w.glosses + tuple(sorted(links.get(w.word, ()))) if links else w.glosses
        hit = next((e for e in cands if pool[e] > 0), None)
        if hit is None:
            hit = next((x for e in cands if len(e) >= _PREFIX
                        for x in by_prefix.get(e[:_PREFIX], ()) if pool[x] > 0), None)
        if hit is None:      # same word family: marriage / marry, reliance / rely
            hit = next((x for e in cands for x in by_root.get(_root_key(e), ())
                        if pool[x] > 0), None)
        if hit is None:      # stems cut one or two letters apart: agreed "agr" / agree "agre"
            hit = next((x for e in cands if len(e) >= 3 for x in by_head.get(e[:3], ())
                        if pool[x] > 0 and near_stem(e, x)), None)
        if hit is not None:
            pool[hit] -= 1
            status[k] = True
        elif any(e in pool or (len(e) >= _PREFIX and e[:_PREFIX] in by_prefix)
                 or _root_key(e) in by_root for e in cands):
            status[k] = None
    if None in status:
        _reassign_repeats(words, status)
    if names is not None and False in status:
        _rescue_names(words, status, names)
    return status, pool


def _reassign_repeats(words: Sequence[ZhWord], status: list[bool | None]) -> None:
    """A word the Chinese repeats more often than the English renders it: the renderings go
    to the occurrences in the clauses the English otherwise renders best (most other words
    found, fewest missing), not to whichever came first in the matching order. Otherwise a
    clause left out of the English keeps its repeated words ("Doha Declaration", "trade")
    as rendered, and its omission is hidden by its neighbours' English."""
    by_word: dict[str, list[int]] = defaultdict(list)
    for k, w in enumerate(words):
        if status[k] is not False:
            by_word[w.word].append(k)
    clause_score: Counter[int] = Counter()
    for k, w in enumerate(words):
        clause_score[w.clause] += 1 if status[k] else (-1 if status[k] is False else 0)
    for ks in by_word.values():
        if len(ks) < 2:
            continue
        n_true = sum(1 for k in ks if status[k])
        if n_true == 0 or n_true == len(ks):
            continue

        def support(k: int) -> tuple[int, int]:
            own = 1 if status[k] else 0       # its own status does not count for its clause
            return (clause_score[words[k].clause] - own, -k)

        ranked = sorted(ks, key=support, reverse=True)
        for i, k in enumerate(ranked):
            status[k] = True if i < n_true else None


def _residual_links(items: list[tuple[list[ZhWord], list[bool | None], Counter[str]]],
                    min_count: int, min_dice: float) -> dict[str, set[str]]:
    """Translations the dictionary lacks, learnt from this document (能力 / "capacity" in
    the SDG targets, where CC-CEDICT says "ability"): Chinese words left unmatched and English lemmas left unused that keep
    occurring in the same segments (Dice over segments, as alignment tools learn from
    co-occurrence). Only leftovers are paired, so a word the dictionary already explains
    cannot be linked to its neighbours' translations."""
    cz: Counter[str] = Counter()
    ce: Counter[str] = Counter()
    bags = []
    for words, status, left in items:
        rz = {w.word for w, s in zip(words, status) if s is False}
        re_ = {e for e, c in left.items() if c > 0 and e not in _EN_RELATIONAL}
        cz.update(rz)
        ce.update(re_)
        bags.append((rz, re_))
    pairs: Counter[tuple[str, str]] = Counter()
    for rz, re_ in bags:
        es = [e for e in re_ if ce[e] >= min_count]
        for w in rz:
            if cz[w] >= min_count:
                for e in es:
                    pairs[(w, e)] += 1
    links: dict[str, set[str]] = defaultdict(set)
    for (w, e), c in pairs.items():
        if c >= min_count and 2 * c / (cz[w] + ce[e]) >= min_dice:
            links[w].add(e)
    return links
