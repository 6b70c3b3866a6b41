"""Termbases: CSV/TSV and TBX glossaries, the built-in UNTERM country names, term lookup.

A termbase is a list of concepts; a concept has one or more Chinese forms and English
renderings, each rendering `preferred`, `admitted` or `forbidden`. The QA needs two
lookups, both here so that they can be tested without the QA around them:

- `TermIndex.missing_renderings(zh, en)`: Chinese terms present whose admitted renderings
  are all absent from the English (and, for two-way termbases such as official country
  names, English names whose Chinese is absent);
- `TermIndex.forbidden_hits(zh, en)`: forbidden renderings present in the English;

and the corpus-wide terms report (`zhenqa terms`) asks `find_zh` and `en_hits` (the
renderings that count, per concept) for every segment, so that it decides as the QA does.

Matching rules (the ones revisers expect from Xbench-style tools):
- Chinese: look-alike folded substring, longest term first, non-overlapping; with a word
  segmenter (by default the shared one, `corpora.lang.segment`, with the index's own
  vocabulary: CC-CEDICT plus the termbase's terms, so that it keeps them whole whatever
  the process did before), a hit shorter than four characters must start and end on word
  boundaries, so that 中国 is not found inside 发展中国家 and 法国 not inside 合法国家;
- English: case-insensitive, on word tokens reduced to a plural-stripped stem
  ("countries" = "country", "States" = "state", "women" = "woman"); each part of a
  hyphenated word is stemmed, and a rendering matches a run of words when their stems
  spell the same letters, so a hyphen, a space or nothing between two parts are one
  ("co-operation" = "cooperation", "Secretary-General" = "Secretary General",
  "Secretaries-General" = "Secretaries General"); "-ing"/"-ed" are NOT stripped, because
  "least developed countries" and "least developing countries" are different terms;
  longest rendering first, non-overlapping.

File formats:
- `.csv` / `.tsv` with a header naming columns `zh` and `en` (also `zh-CN`, `zh-Hans`,
  `en-US`, `chinese`, `english`), optional `status` (`preferred`, `admitted`, `forbidden`;
  `deprecated` is read as forbidden; empty means admitted), `note` and `id`. Several
  renderings in one cell may be separated with `|`. Rows with the same Chinese are one
  concept; with an `id` column, rows with the same id are one concept whatever their
  Chinese (so 安全理事会 and 安理会 can be two Chinese forms of one concept, and its
  admitted English synonyms never count as inconsistent with each other). A row with an
  empty `zh` and status `forbidden` forbids the rendering everywhere.
- `.tbx`: TBX 2 (`<martif>`, read through translate-toolkit) or TBX 3 (`<tbx>`):
  `termEntry`/`conceptEntry` > `langSet`/`langSec` > `tig`/`ntig`/`termSec` > `term`, with
  `administrativeStatus` / `normativeAuthorization` term notes (preferredTerm-admn-sts,
  admittedTerm-admn-sts, deprecatedTerm-admn-sts, supersededTerm-admn-sts).
- built-in UNTERM country names: the spec `unterm:countries` (the CLI's `--countries` is a
  shorthand). It reads the UNTERM CSV (the `unterm_country_names` data set) at run time from
  `$ZHENQA_UNTERM_CSV`, else `$ZHENQA_SHARED/data/unterm_country_names/unterm_names.csv`,
  else `../shared/data/...` next to the source tree; a CSV with the UNTERM columns given as
  an ordinary `--termbase FILE` is recognized and loaded the same way. Short and formal
  names are one concept, checked in both directions.
"""
from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, ContextManager, Iterable, Sequence, Union

from zhenqa.corpora.encoding import read_bytes, read_text_file
from zhenqa.corpora.errors import InputError
from zhenqa.corpora.lang.english import phrase_key, phrase_tokens, plural_stem
from zhenqa.corpora.textnorm import fold
from zhenqa.corpora.xmlsafe import XML_LANG, lang_of, local_name, parse_xml

if TYPE_CHECKING:
    from zhenqa.corpora.lang.segment import Vocabulary

STATUSES = ("preferred", "admitted", "forbidden")
_STATUS_ALIASES = {
    "": "admitted", "admitted": "admitted", "allowed": "admitted", "ok": "admitted",
    "preferred": "preferred", "approved": "preferred", "standard": "preferred",
    "forbidden": "forbidden", "deprecated": "forbidden", "superseded": "forbidden",
    "rejected": "forbidden", "obsolete": "forbidden", "do not use": "forbidden",
}
BUILTIN_COUNTRIES = "unterm:countries"
_UNTERM_COLUMNS = ("official_name_en", "UNTERM English Formal", "UNTERM Chinese Short",
                   "UNTERM Chinese Formal")


# --------------------------------------------------------------------------- data

@dataclass
class Concept:
    """One termbase concept: its Chinese forms and English renderings by status."""

    zh: list[str]
    preferred: list[str] = field(default_factory=list)
    admitted: list[str] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)
    source: str = ""
    note: str = ""
    bidirectional: bool = False
    line: int | None = None
    id: str = ""         # the file's concept id (CSV `id` column, TBX entry id), if any

    @property
    def accepted(self) -> list[str]:
        """Renderings that satisfy the term check: preferred first, then admitted."""
        return list(dict.fromkeys(self.preferred + self.admitted))

    @property
    def label(self) -> str:
        return self.zh[0] if self.zh else (self.forbidden[0] if self.forbidden else "")


@dataclass
class Termbase:
    """Concepts read from one file (or the built-in), with its display name."""

    name: str
    concepts: list[Concept]
    bidirectional: bool = False


# --------------------------------------------------------------------------- English

def stem(token: str) -> str:
    """Case-folded, plural-stripped form of one English word (the shared language layer's
    `plural_stem`); each part of a hyphenated word is stemmed and the parts are joined
    ("Secretaries-General" -> "secretarygeneral", "co-operation" -> "cooperation")."""
    return "".join(plural_stem(p) for p in re.split(r"[-\u2010\u2011]", token) if p)


def en_tokens(text: str) -> list[tuple[str, int, int]]:
    """(stem, start, end) of the word parts of an English text, offsets in `text`
    (hyphenated words give one entry per part; matching joins them again)."""
    return phrase_tokens(fold(text))


def match_key(text: str) -> str:
    """The letters an English rendering is matched by: its stems run together, so that
    spacing and hyphenation do not matter (`Secretary-General` = `Secretary General`);
    equal keys mean the matcher treats the two renderings as one."""
    return phrase_key(fold(text))


# --------------------------------------------------------------------------- lookup

@dataclass(frozen=True)
class MissingRendering:
    """A term present on one side whose counterpart is absent from the other."""

    term: str
    expected: tuple[str, ...]
    source: str
    direction: str       # "zh-en" (Chinese term, English rendering missing) or "en-zh"
    side: str            # where the term was found
    start: int
    end: int


@dataclass(frozen=True)
class ForbiddenHit:
    """A forbidden rendering found in the English."""

    term: str            # the Chinese term (or the rendering, for global prohibitions)
    text: str            # as written in the English
    start: int
    end: int
    expected: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class _EnEntry:
    key: str             # match_key of the rendering
    concept: int
    status: str          # accepted | forbidden
    rendering: str


#: `segmenter=SHARED_SEGMENTER` (the default): word boundaries from the one Chinese
#: segmenter of the language layer, `corpora.lang.segment`, with the index's own vocabulary
#: (CC-CEDICT, the built-in words and the termbase's multi-character terms, kept whole).
SHARED_SEGMENTER = "shared"
Segmenter = Union[Callable[[str], Sequence[str]], str, None]


class TermIndex:
    """All loaded termbases, indexed for matching segments quickly.

    `segmenter(text) -> sequence of words` supplies the Chinese word boundaries (default:
    the shared segmenter with `vocabulary`, the index's own: its matching is the same in a
    fresh process and in one that has checked other things before); `None` matches Chinese
    terms as plain substrings.

    The index never changes how anyone else cuts Chinese: a run that wants its terms kept
    whole everywhere (the QA's checks, the terms report's passes) asks for it in a block,
    `with index.kept_whole(): ...`.
    """

    def __init__(self, termbases: Sequence[Termbase], segmenter: Segmenter = SHARED_SEGMENTER):
        self.termbases = list(termbases)
        self.concepts: list[Concept] = [c for tb in termbases for c in tb.concepts]
        if isinstance(segmenter, str):
            if segmenter != SHARED_SEGMENTER:   # would fail later as "'str' is not callable"
                raise ValueError(f"segmenter {segmenter!r}: expected a callable, None or "
                                 f"{SHARED_SEGMENTER!r}")
            from zhenqa.corpora.lang.segment import BASE

            self.vocabulary: Vocabulary | None = BASE.with_words(f for c in self.concepts for f in c.zh)
            #: the terms this index keeps whole (with the shared segmenter; else none)
            self.words: frozenset[str] = self.vocabulary.words - BASE.words
            cut: Callable[[str], Sequence[str]] | None = self.vocabulary.segment
        else:
            self.vocabulary = None
            self.words = frozenset()
            cut = segmenter
        self.segmenter = cut
        self._zh: dict[str, list[int]] = {}
        for i, c in enumerate(self.concepts):
            for form in c.zh:
                f = fold(form).strip()
                if f:
                    self._zh.setdefault(f, []).append(i)
        # first character -> the lengths of the terms starting with it, longest first
        starts: dict[str, set[int]] = {}
        for k in self._zh:
            starts.setdefault(k[0], set()).add(len(k))
        self._zh_starts = {ch: sorted(ls, reverse=True) for ch, ls in starts.items()}
        self._en: dict[str, list[_EnEntry]] = {}
        for i, c in enumerate(self.concepts):
            for status, renderings in (("accepted", c.accepted), ("forbidden", c.forbidden)):
                for r in renderings:
                    key = match_key(r)
                    if key:
                        self._en.setdefault(key, []).append(_EnEntry(key, i, status, r))
        self._en_maxlen = max((len(k) for k in self._en), default=0)

    def __len__(self) -> int:
        return len(self.concepts)

    def kept_whole(self) -> ContextManager[object]:
        """A block in which the shared segmenter keeps this index's terms whole (on top of
        the enclosing block's words) for every caller, then forgets them: a QA run or a
        terms report with this termbase runs inside it."""
        from zhenqa.corpora.lang.segment import kept_whole

        return kept_whole(self.words)

    # -- Chinese
    def _boundaries(self, text: str) -> set[int] | None:
        if self.segmenter is None:
            return None
        bounds = {0}
        pos = 0
        for word in self.segmenter(text):
            j = text.find(word, pos)
            if j < 0:
                continue
            bounds.add(j)
            pos = j + len(word)
            bounds.add(pos)
        bounds.add(len(text))
        return bounds

    def find_zh(self, text: str) -> list[tuple[int, int, list[int]]]:
        """(start, end, concept indices) of the Chinese terms in `text`."""
        if not self._zh or not text:
            return []
        t = fold(text)
        cands = []
        starts = self._zh_starts
        n = len(t)
        for i, ch in enumerate(t):
            lengths = starts.get(ch)
            if lengths is None:
                continue
            for length in lengths:
                if i + length <= n:
                    hit = self._zh.get(t[i:i + length])
                    if hit is not None:
                        cands.append((i, i + length, hit))
        if not cands:
            return []
        bounds = self._boundaries(text)
        taken = [False] * len(t)
        out = []
        for start, end, hit in sorted(cands, key=lambda c: (-(c[1] - c[0]), c[0])):
            if any(taken[start:end]):
                continue
            if bounds is not None and (start not in bounds or end not in bounds) \
                    and (end - start) < 4:
                # Short terms inside a longer word are other words (中国 in 发展中国家);
                # four characters and more are specific enough to trust.
                continue
            for k in range(start, end):
                taken[k] = True
            out.append((start, end, hit))
        return sorted(out)

    # -- English
    def find_en(self, text: str) -> list[tuple[int, int, _EnEntry]]:
        """(start, end, entry) of renderings in `text`, longest first, non-overlapping
        among themselves (a forbidden and an accepted rendering may overlap)."""
        if not self._en or not text:
            return []
        toks = en_tokens(text)
        stems = [s for s, _, _ in toks]
        cands = []
        maxlen = self._en_maxlen
        for i in range(len(stems)):
            joined = ""
            for j in range(i, len(stems)):
                joined += stems[j]
                if len(joined) > maxlen:
                    break
                for entry in self._en.get(joined, ()):
                    cands.append((i, j + 1, entry))
        out = []
        taken: dict[str, set[int]] = {"accepted": set(), "forbidden": set()}
        spans: dict[str, set[tuple[int, int]]] = {"accepted": set(), "forbidden": set()}
        for i, j, entry in sorted(cands, key=lambda c: (-(c[1] - c[0]), c[0])):
            used = taken[entry.status]
            # Words already carrying a longer rendering of the same status are not matched
            # again, except by another concept sharing exactly that rendering.
            if any(k in used for k in range(i, j)) and (i, j) not in spans[entry.status]:
                continue
            used.update(range(i, j))
            spans[entry.status].add((i, j))
            out.append((toks[i][1], toks[j - 1][2], entry))
        return sorted(out, key=lambda x: x[0])

    # -- the two checks' questions
    def missing_renderings(self, zh: str, en: str) -> list[MissingRendering]:
        """Chinese terms whose accepted renderings are all absent from the English, and, for
        two-way concepts, English renderings whose Chinese is absent."""
        out: list[MissingRendering] = []
        en_hits = self.find_en(en)
        present = {e.concept for _, _, e in en_hits if e.status == "accepted"}
        seen: set[int] = set()
        zh_concepts: set[int] = set()
        for start, end, idxs in self.find_zh(zh):
            zh_concepts.update(idxs)
            if any(i in present for i in idxs):
                continue
            accepted = [r for i in idxs for r in self.concepts[i].accepted]
            if not accepted or any(i in seen for i in idxs):
                continue
            seen.update(idxs)
            c = self.concepts[idxs[0]]
            out.append(MissingRendering(zh[start:end], tuple(dict.fromkeys(accepted)),
                                        c.source, "zh-en", "zh", start, end))
        zh_fold = fold(zh)
        for start, end, e in en_hits:
            c = self.concepts[e.concept]
            if e.status != "accepted" or not c.bidirectional or e.concept in zh_concepts:
                continue
            if e.concept in seen:
                continue
            if any(fold(f) in zh_fold for f in c.zh):
                continue
            if not zh.strip():
                continue
            seen.add(e.concept)
            out.append(MissingRendering(en[start:end], tuple(c.zh), c.source, "en-zh", "en",
                                        start, end))
        return out

    def en_hits(self, en: str) -> list[tuple[int, int, _EnEntry]]:
        """`find_en`, less the forbidden renderings that an accepted rendering covers (a
        forbidden short form inside an admitted long one) and the accepted renderings that
        a longer forbidden rendering of the same concept covers: the renderings that count,
        for the QA's forbidden-term check and the corpus-wide terms report alike."""
        hits = self.find_en(en)
        accepted_spans = [(s, e) for s, e, x in hits if x.status == "accepted"]
        forbidden_spans = [(s, e, x.concept) for s, e, x in hits if x.status == "forbidden"]
        out = []
        for s, e, x in hits:
            if x.status == "forbidden":
                if any(a <= s and e <= b and (b - a) > (e - s) for a, b in accepted_spans):
                    continue
            elif any(a <= s and e <= b and (b - a) > (e - s) and c == x.concept
                     for a, b, c in forbidden_spans):
                # an accepted form inside a longer forbidden form of the same concept is
                # part of the forbidden one ("United Nations" in "United Nations Organisation")
                continue
            out.append((s, e, x))
        return out

    def forbidden_hits(self, zh: str, en: str) -> list[ForbiddenHit]:
        """Forbidden renderings in the English, except where an accepted rendering covers
        the same words (a forbidden short form inside an admitted long one)."""
        out = []
        for s, e, x in self.en_hits(en):
            if x.status != "forbidden":
                continue
            c = self.concepts[x.concept]
            out.append(ForbiddenHit(c.label, en[s:e], s, e, tuple(c.accepted), c.source))
        return out


# --------------------------------------------------------------------------- reading

def _lang_column(name: str) -> str | None:
    n = name.strip().lower().replace("_", "-")
    lang = lang_of(n)
    if lang is not None:
        return lang
    if n in ("status", "usage", "type"):
        return "status"
    if n in ("note", "notes", "comment", "comments", "definition"):
        return "note"
    if n in ("id", "concept", "concept-id", "conceptid", "entry", "entry-id"):
        return "id"
    return None


def _split_cell(cell: str) -> list[str]:
    return [p.strip() for p in cell.split("|") if p.strip()]


def read_csv_termbase(path: str | os.PathLike[str]) -> Termbase:
    """CSV (comma) or TSV (tab) with a header naming `zh` and `en` (+ `status`, `note`)."""
    text = read_text_file(path)
    first = text.split("\n", 1)[0]
    if all(col in first for col in _UNTERM_COLUMNS[:2]):
        return unterm_countries(path)
    delim = "\t" if (str(path).lower().endswith(".tsv") or "\t" in first) else ","
    reader = csv.reader(io.StringIO(text), delimiter=delim)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(path, "empty termbase") from None
    roles: dict[str, int] = {}
    for i, name in enumerate(header):
        role = _lang_column(name)
        if role and role not in roles:
            roles[role] = i
    if "zh" not in roles or "en" not in roles:
        missing = " and ".join(r for r in ("zh", "en") if r not in roles)
        raise InputError(path, f"termbase header lacks column {missing} (header must name "
                               f"zh,en[,status,note]; found: {', '.join(header) or 'nothing'})",
                         line=1)
    name = Path(path).name
    by_zh: dict[str, Concept] = {}
    concepts: list[Concept] = []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) <= max(roles["zh"], roles["en"]):
            raise InputError(path, f"row has {len(row)} column(s), expected at least "
                                   f"{max(roles['zh'], roles['en']) + 1}", line=line)
        zh = row[roles["zh"]].strip()
        ens = _split_cell(row[roles["en"]])
        raw_status = row[roles["status"]].strip().lower() if "status" in roles and \
            roles["status"] < len(row) else ""
        status = _STATUS_ALIASES.get(raw_status)
        if status is None:
            raise InputError(path, f"unknown status {raw_status!r} (expected one of "
                                   f"{', '.join(STATUSES)})", line=line)
        note = row[roles["note"]].strip() if "note" in roles and roles["note"] < len(row) else ""
        if not ens:
            raise InputError(path, "empty English term", line=line)
        if not zh and status != "forbidden":
            raise InputError(path, "empty Chinese term (only a forbidden rendering may have "
                                   "no Chinese)", line=line)
        cid = row[roles["id"]].strip() if "id" in roles and roles["id"] < len(row) else ""
        key = f"id:{cid}" if cid else f"zh:{fold(zh)}"
        concept = by_zh.get(key) if (zh or cid) else None
        if concept is None:
            concept = Concept(zh=[], source=name, note=note, line=line, id=cid)
            concepts.append(concept)
            if zh or cid:
                by_zh[key] = concept
        if zh and zh not in concept.zh:
            concept.zh.append(zh)
        getattr(concept, status).extend(e for e in ens if e not in getattr(concept, status))
    return Termbase(name, concepts)


def _tbx_concepts(root: Any, name: str) -> list[Concept]:
    """Walk TBX 2 or TBX 3 concept entries (namespace-agnostic).

    `root` is an lxml element (from translate-toolkit's parser, or its TBX store), untyped."""
    concepts = []
    for entry in root.iter():
        if local_name(entry.tag) not in ("termEntry", "conceptEntry"):
            continue
        concept = Concept(zh=[], source=name, line=entry.sourceline, id=entry.get("id") or "")
        for lang_el in entry:
            if local_name(lang_el.tag) not in ("langSet", "langSec"):
                continue
            lang = lang_of(lang_el.get(XML_LANG) or lang_el.get("lang"))
            if lang is None:
                continue
            for holder in lang_el.iter():
                if local_name(holder.tag) not in ("tig", "ntig", "termSec"):
                    continue
                term_el = next((e for e in holder.iter() if local_name(e.tag) == "term"), None)
                if term_el is None:
                    continue
                text = "".join(term_el.itertext()).strip()
                if not text:
                    continue
                status = "admitted"
                for note in holder.iter():
                    if local_name(note.tag) == "termNote" and note.get("type") in (
                            "administrativeStatus", "normativeAuthorization"):
                        val = "".join(note.itertext()).strip().lower()
                        val = val.replace("-admn-sts", "").replace("term", "").strip()
                        status = _STATUS_ALIASES.get(val, "admitted")
                if lang == "zh":
                    if status != "forbidden" and text not in concept.zh:
                        concept.zh.append(text)
                else:
                    bucket = getattr(concept, status)
                    if text not in bucket:
                        bucket.append(text)
        if concept.zh or concept.forbidden:
            concepts.append(concept)
    return concepts


def read_tbx_termbase(path: str | os.PathLike[str]) -> Termbase:
    """TBX 2 (martif, through translate-toolkit) or TBX 3 (tbx), screened for XML bombs."""
    from lxml import etree

    data = read_bytes(path)
    parse_xml(path, data)   # refuse bombs and malformed XML, naming the line
    name = Path(path).name
    try:
        from translate.misc.xml_helpers import parse_xml as lxml_parse

        root = lxml_parse(data)
    except etree.XMLSyntaxError as exc:
        raise InputError(path, f"malformed TBX: {exc.msg}", line=exc.lineno) from None
    if local_name(root.tag) == "martif":
        from translate.storage.tbx import tbxfile

        try:
            store = tbxfile(io.BytesIO(data))
        except (etree.XMLSyntaxError, AssertionError, ValueError) as exc:
            raise InputError(path, f"malformed TBX ({type(exc).__name__}: {exc})") from None
        root = store.document.getroot()
    elif local_name(root.tag) != "tbx":
        raise InputError(path, f"not a TBX file (root element <{local_name(root.tag)}>, "
                               "expected <martif> or <tbx>)", line=root.sourceline)
    concepts = _tbx_concepts(root, name)
    if not concepts:
        raise InputError(path, "TBX has no concept with a Chinese (zh*) and an English (en*) "
                               "term")
    return Termbase(name, concepts)


def _clean_country(name: str) -> str:
    s = name.replace("*", "").strip()
    s = re.sub(r"\s*\(the\)\s*$", "", s)
    s = re.sub(r"^the\s+", "", s)
    return s.strip()


def unterm_csv_path() -> Path:
    """Where the UNTERM country-names CSV is read from (see the module docstring)."""
    env = os.environ.get("ZHENQA_UNTERM_CSV")
    if env:
        return Path(env)
    rel = Path("data") / "unterm_country_names" / "unterm_names.csv"
    shared = os.environ.get("ZHENQA_SHARED")
    if shared:
        return Path(shared) / rel
    return Path(__file__).resolve().parents[2] / "shared" / rel


def unterm_countries(path: str | os.PathLike[str] | None = None) -> Termbase:
    """Official UN country names (UNTERM short and formal, Chinese and English), two-way."""
    p = Path(path) if path is not None else unterm_csv_path()
    if not p.exists():
        raise InputError(BUILTIN_COUNTRIES if path is None else p,
                         f"UNTERM country names not found at {p} (set ZHENQA_UNTERM_CSV or "
                         "ZHENQA_SHARED)")
    text = read_text_file(p)
    reader = csv.DictReader(io.StringIO(text))
    fields = reader.fieldnames or []
    missing = [c for c in _UNTERM_COLUMNS if c not in fields]
    if missing:
        raise InputError(p, f"not a UNTERM names file: missing column(s) {', '.join(missing)}",
                         line=1)
    concepts = []
    for row in reader:
        zh = [fold(_clean_country(row[c])) for c in ("UNTERM Chinese Short", "UNTERM Chinese Formal")]
        en = [_clean_country(row[c]) for c in ("official_name_en", "UNTERM English Formal")]
        zh = [z for z in dict.fromkeys(zh) if z]
        en = [e for e in dict.fromkeys(en) if e]
        if zh and en:
            concepts.append(Concept(zh=zh, preferred=en, source="UNTERM country names",
                                    bidirectional=True, line=reader.line_num))
    return Termbase("UNTERM country names", concepts, bidirectional=True)


def termbase_specs(termbases: Iterable[str], countries: bool) -> list[str]:
    """The termbase specs a run loads: its `--termbase` files, then the built-in UNTERM
    country names when `--countries` is given (the QA and the term report both ask)."""
    return list(termbases) + ([BUILTIN_COUNTRIES] if countries else [])


def load_termbase(spec: str | os.PathLike[str]) -> Termbase:
    """One termbase from a file path (.csv/.tsv/.tbx) or the built-in `unterm:countries`."""
    s = str(spec)
    if s.lower() in (BUILTIN_COUNTRIES, "unterm", "countries", "unterm:country-names"):
        return unterm_countries()
    p = Path(s)
    if not p.exists():
        raise InputError(s, "no such termbase file (built-in: unterm:countries)")
    ext = p.suffix.lower()
    if ext in (".csv", ".tsv", ".txt"):
        return read_csv_termbase(p)
    if ext == ".tbx":
        return read_tbx_termbase(p)
    raise InputError(s, f"unknown termbase extension {ext or '(none)'!r} (expected .csv, .tsv "
                        "or .tbx)")


def load_termbases(specs: Iterable[str | os.PathLike[str]],
                   segmenter: Segmenter = SHARED_SEGMENTER) -> TermIndex:
    """A TermIndex over all the given termbases."""
    return TermIndex([load_termbase(s) for s in specs], segmenter=segmenter)
