"""Which Chinese file goes with which English file (the three rules of `zhenqa batch`).

A corpus builder's folders are named in a handful of ways, and the contract fixes the
order in which they are tried, first rule that applies:

1. a manifest (`--manifest`): `.csv`/`.tsv` with header `id,zh,en`, or `.jsonl` with those
   keys; paths relative to the manifest's folder;
2. file names: two files pair when their paths are equal after removing the language tag:
   a folder level `zh`/`en`, or a tag just before the extension (`.zh`, `_zh`, `-zh`, and
   the UN's `_C`/`-C`, English alike). A bare `.zh`/`.en` extension (MAC-Dev's `001.zh`)
   counts as such a tag, and a folder level and a name tag of the *same* language may be
   removed together (`zh/001.zh` + `en/001.en`), as those sets are laid out that way;
3. files left over whose first page names the same UN document symbol.

Everything is decided from names and first pages only, never from whole documents, so that
pairing 86,000 files costs seconds. What paired with what, by which rule, and what paired
with nothing is returned, never dropped silently. Ambiguous groups (two Chinese files for
one key) do not pair by that rule: guessing would put a wrong pair in the corpus.
"""
from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

from zhenqa.corpora.errors import InputError
from zhenqa.corpora.jsonlines import json_objects

#: Folder names that mark a language level (compared lower-cased).
_FOLDER_TAGS = {"zh": "zh", "en": "en"}
#: A tag at the end of the stem: `.zh`, `_zh`, `-zh` (any case), the UN's `_C`/`-C` (upper
#: case only: a lower-case `_c` ends many ordinary names).
_NAME_TAG = re.compile(r"^(?P<base>.+?)(?:[._-](?P<zhen>(?i:zh|en))|[_-](?P<ce>[CE]))$")
_UN_LANG = {"C": "zh", "E": "en"}
#: Lines of a text file's first page that are looked at for the document symbol.
_FIRST_PAGE_LINES = 40
_FIRST_PAGE_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class Pair:
    """One document pair: its id (also the file name of its outputs), its two files as
    given (relative to the working directory, as a user would type them) and the rule that
    paired them: "manifest", "name" or "symbol"."""

    id: str
    zh: str
    en: str
    rule: str


@dataclass(slots=True)
class Pairing:
    """The pairs in id order and the files that paired with nothing (sorted)."""

    pairs: list[Pair]
    unpaired: list[str]


# --------------------------------------------------------------------------- discovery


def discover(inputs: Iterable[str | os.PathLike[str]], exclude: Iterable[Path] = ()) -> list[str]:
    """Every file under the inputs (folders are searched recursively), sorted, without
    hidden files and folders and without anything under `exclude` (the output folder
    when it lies inside an input). A missing input is bad usage."""
    excluded = [Path(e).resolve() for e in exclude]
    seen: set[str] = set()
    out: list[str] = []

    def keep(path: Path) -> None:
        real = str(path.resolve())
        if real not in seen and not any(_is_under(Path(real), e) for e in excluded):
            seen.add(real)
            out.append(str(path))

    for item in inputs:
        path = Path(item)
        if path.is_file():
            keep(path)
        elif path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        keep(Path(root) / name)
        else:
            raise InputError(item, "no such file or folder")
    return sorted(out)


def _is_under(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


# --------------------------------------------------------------------------- rule 1


def read_manifest(path: str | os.PathLike[str]) -> list[Pair]:
    """Pairs from a manifest; file paths are taken relative to the manifest's folder.

    Bad manifests (no such file, missing columns, an empty or unsafe id, an id twice) are
    bad usage: InputError naming the manifest and the line. A listed document that does not
    exist is not: that pair fails on its own, like any unreadable pair.
    """
    mpath = Path(path)
    if not mpath.is_file():
        raise InputError(path, "no such manifest file")
    ext = mpath.suffix.lower()
    rows: list[tuple[int, dict[str, Any]]] = []
    text = mpath.read_text(encoding="utf-8-sig")
    if ext == ".jsonl":
        rows = list(json_objects(text.splitlines(), path, "an object with keys id, zh, en"))
    elif ext in (".csv", ".tsv"):
        reader = csv.DictReader(text.splitlines(), delimiter="\t" if ext == ".tsv" else ",")
        fields = [f.strip().lower() for f in reader.fieldnames or []]
        missing = [k for k in ("id", "zh", "en") if k not in fields]
        if missing:
            raise InputError(path, f"header must have columns id, zh, en (missing: {', '.join(missing)})",
                             line=1)
        reader.fieldnames = fields
        rows = [(n, row) for n, row in enumerate(reader, 2)]
    else:
        raise InputError(path, "manifest must be .csv, .tsv or .jsonl")
    base = mpath.parent
    pairs: list[Pair] = []
    ids: set[str] = set()
    for n, row in rows:
        values: dict[str, str] = {}
        for key in ("id", "zh", "en"):
            value = row.get(key)
            if not isinstance(value, str) or not value.strip():
                raise InputError(path, f"missing or empty {key!r}", line=n)
            values[key] = value
        pid = values["id"].strip()
        check_id(pid, path, n)
        if pid in ids:
            raise InputError(path, f"id {pid!r} appears twice", line=n)
        ids.add(pid)
        zh = values["zh"].strip()
        en = values["en"].strip()
        pairs.append(Pair(pid, _join_relative(base, zh), _join_relative(base, en), "manifest"))
    if not pairs:
        raise InputError(path, "the manifest lists no pairs")
    return pairs


def _join_relative(base: Path, value: str) -> str:
    p = Path(value)
    return str(p if p.is_absolute() else base / p)


def check_id(pid: str, where: str | os.PathLike[str] | None = None, line: int | None = None) -> None:
    """An id names output files (`pairs/<id>.json`): no separators, no leading dot."""
    if "/" in pid or "\\" in pid or pid.startswith(".") or "\0" in pid or len(pid) > 200:
        raise InputError(where, f"id {pid!r} cannot be a file name (no '/', '\\', leading '.')",
                         line=line)


# --------------------------------------------------------------------------- rule 2


@dataclass(frozen=True, slots=True)
class _Tagged:
    key: tuple[str, ...]      # the path with the tag(s) removed, compared for equality
    lang: str
    id: str
    level: int                # 1: one tag removed, 2: a folder and a name tag together


def _name_tag(name: str) -> tuple[str, str, str] | None:
    """(stem without tag, extension, language) when the file name carries a tag."""
    stem, ext = os.path.splitext(name)
    if ext.lower() in (".zh", ".en") and stem:
        return stem, "", ext[1:].lower()          # 001.zh: the extension is the tag
    m = _NAME_TAG.match(stem)
    if not m:
        return None
    if m.group("zhen"):
        return m.group("base"), ext, m.group("zhen").lower()
    return m.group("base"), ext, _UN_LANG[m.group("ce")]


def _tags(path: str) -> list[_Tagged]:
    """Every way the contract lets a language tag be removed from this path."""
    p = Path(os.path.abspath(path))
    parts = p.parts
    out: list[_Tagged] = []
    folder = None
    for k in range(len(parts) - 2, 0, -1):           # the deepest zh/en folder level
        lang = _FOLDER_TAGS.get(parts[k].lower())
        if lang:
            folder = (k, lang)
            break
    named = _name_tag(parts[-1])
    if folder is not None:
        k, lang = folder
        below = parts[k + 1:]
        pid = "_".join([*below[:-1], os.path.splitext(below[-1])[0]])
        out.append(_Tagged(("F", *parts[:k], *below), lang, pid, 1))
    if named is not None:
        stem, ext, lang = named
        out.append(_Tagged(("N", *parts[:-1], stem + ext), lang, stem, 1))
    if folder is not None and named is not None and folder[1] == named[2]:
        k, lang = folder
        stem, ext, _ = named
        below = parts[k + 1:-1]
        out.append(_Tagged(("B", *parts[:k], *below, stem + ext), lang, "_".join([*below, stem]), 2))
    return out


def pair_by_name(files: Iterable[str]) -> tuple[list[Pair], list[str]]:
    """Rule 2: pairs by language tags in the path; returns (pairs, files left over).

    One-tag keys are tried first; a folder level and a name tag of the same language
    together only for files still left. A key with more than one file of a language is
    ambiguous and pairs nothing.
    """
    left = list(files)
    pairs: list[Pair] = []
    for level in (1, 2):
        groups: dict[tuple[str, ...], dict[str, list[tuple[str, str]]]] = {}
        for f in left:
            for t in _tags(f):
                if t.level == level:
                    groups.setdefault(t.key, {"zh": [], "en": []})[t.lang].append((f, t.id))
        used: set[str] = set()
        for key in sorted(groups):
            g = groups[key]
            if len(g["zh"]) == 1 and len(g["en"]) == 1:
                (zf, zid), (ef, _) = g["zh"][0], g["en"][0]
                if zf in used or ef in used or zf == ef:
                    continue
                used.update((zf, ef))
                pairs.append(Pair(zid, zf, ef, "name"))
        left = [f for f in left if f not in used]
    return pairs, left


# --------------------------------------------------------------------------- rule 3


def first_page(path: str | os.PathLike[str]) -> str:
    """The text of a document's first page, cheaply: a PDF's first page only, a text
    file's head up to the first form feed, the first blocks of other formats."""
    with open(path, "rb") as fh:
        head = fh.read(_FIRST_PAGE_BYTES)
    if head.startswith(b"%PDF-"):
        from pdfminer.high_level import extract_text

        return extract_text(str(path), maxpages=1)
    ext = Path(path).suffix.lower()
    if head.startswith(b"PK\x03\x04") or ext in (".docx", ".html", ".htm", ".xhtml", ".xml"):
        from zhenqa.corpora.readers import read_document

        doc = read_document(path)
        return "\n".join(u.text for u in doc.units[:_FIRST_PAGE_LINES])
    from zhenqa.corpora.encoding import decode_bytes

    if len(head) == _FIRST_PAGE_BYTES:                 # cut at a line end, not mid-character
        head = head[: head.rfind(b"\n") + 1] or head
    text = decode_bytes(head, path).text.split("\f", 1)[0]
    return "\n".join([ln for ln in text.splitlines() if ln.strip()][:_FIRST_PAGE_LINES])


def symbol_and_lang(path: str | os.PathLike[str]) -> tuple[str | None, str]:
    """The UN symbol a document's first page names, and the page's language.

    A symbol standing alone on a line (the top-right corner of every UN document) wins;
    else the first symbol anchor of the page (`corpora.anchors`).
    """
    from zhenqa.corpora.anchors import extract_anchors
    from zhenqa.corpora.formats import SYMBOL_LINE
    from zhenqa.corpora.langid import detect_language

    page = first_page(path)
    lang = detect_language(page).lang
    for line in page.splitlines():
        s = line.strip()
        if SYMBOL_LINE.match(s):
            found = [a.value for a in extract_anchors(s, lang) if a.type == "symbol"]
            return (found[0] if found else s), lang
    for anchor in extract_anchors(page, lang):
        if anchor.type == "symbol":
            return anchor.value, lang
    return None, lang


def pair_by_symbol(files: Iterable[str]) -> tuple[list[Pair], list[str]]:
    """Rule 3: files whose first pages name the same symbol, one Chinese and one English.
    A file that cannot be read names no symbol and stays unpaired."""
    groups: dict[str, dict[str, list[str]]] = {}
    left: list[str] = []
    for f in files:
        try:
            symbol, lang = symbol_and_lang(f)
        except Exception:      # noqa: BLE001 - any unreadable file simply pairs with nothing
            symbol, lang = None, "zh"
        if symbol is None:
            left.append(f)
        else:
            groups.setdefault(symbol, {"zh": [], "en": []})[lang].append(f)
    pairs: list[Pair] = []
    for symbol in sorted(groups):
        g = groups[symbol]
        if len(g["zh"]) == 1 and len(g["en"]) == 1:
            pairs.append(Pair(symbol.replace("/", "_"), g["zh"][0], g["en"][0], "symbol"))
        else:
            left.extend(g["zh"] + g["en"])
    return pairs, left


# --------------------------------------------------------------------------- all rules


def pair_inputs(inputs: Iterable[str | os.PathLike[str]], manifest: str | os.PathLike[str] | None = None,
                exclude: Iterable[Path] = ()) -> Pairing:
    """The three rules in order; ids made unique (a repeated id gets `-2`, `-3`...)."""
    pairs: list[Pair] = list(read_manifest(manifest)) if manifest is not None else []
    taken = {os.path.abspath(p) for pair in pairs for p in (pair.zh, pair.en)}
    files = [f for f in discover(inputs, exclude) if os.path.abspath(f) not in taken]
    by_name, left = pair_by_name(files)
    by_symbol, left = pair_by_symbol(left)
    pairs += _unique(by_name + by_symbol, {p.id for p in pairs})
    pairs.sort(key=lambda p: p.id)
    return Pairing(pairs, sorted(left))


def _unique(pairs: list[Pair], taken: set[str]) -> Iterator[Pair]:
    for p in sorted(pairs, key=lambda p: (p.id, p.zh)):
        pid, n = p.id, 1
        while pid in taken:
            n += 1
            pid = f"{p.id}-{n}"
        taken.add(pid)
        check_id(pid, p.zh)
        yield Pair(pid, p.zh, p.en, p.rule) if pid != p.id else p
