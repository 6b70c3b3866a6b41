"""Bitext files in and out: TSV, TMX 1.4b, XLIFF 1.x, JSON Lines.

A bitext is what a reviser or a translation memory sees: ordered Chinese/English pairs.
Each format has one storage class with the same two operations (`read(path) -> Bitext`,
`write(bitext, path)`), and `read_bitext` / `write_bitext` pick the class from the file
extension (or `fmt`). XML formats go through translate-toolkit, because TM tools are picky
about TMX details (header attributes, `xml:lang`, `<prop>` placement) that the toolkit
already gets right; every XML file is first screened with defusedxml so that an entity bomb
or an external entity never reaches a parser, and malformed XML is reported with its line.

Conventions shared by all formats:
- segment ids are 0-based and follow file order; for TSV the id is the 0-based line number,
  so a reviser can find a finding's segment in the file they gave us;
- `Segment.props` travels as TMX `<prop type="...">` (e.g. `x-doc-symbol`, `x-zh-label`,
  `x-en-label`); the aligner's score and review flag travel as `x-score` / `x-review`;
- a machine-translation proposal (Chinese with no English) is written as an English
  `<tuv>` whose origin is marked machine (`<prop type="x-origin">machine-translation</prop>`
  plus the model in `x-mt-model`), and it is read back as a proposal, never as a translation.
"""
from __future__ import annotations

import io
import json
import os
import re
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any, ClassVar, Iterable

from zhenqa.corpora import tool_version
from zhenqa.corpora.encoding import read_bytes, read_text_file
from zhenqa.corpora.errors import InputError
from zhenqa.corpora.fileio import atomic_write
from zhenqa.corpora.jsonlines import SEGMENT_SHAPE, json_objects, require_segment_fields
from zhenqa.corpora.model import Bitext, Segment
from zhenqa.corpora.xmlsafe import XML_LANG, lang_of, parse_xml

#: Props that map onto Segment fields rather than staying in `Segment.props`.
SCORE_PROP = "x-score"
REVIEW_PROP = "x-review"
ORIGIN_PROP = "x-origin"
MT_MODEL_PROP = "x-mt-model"
MACHINE_ORIGIN = "machine-translation"



def _segment_from_props(idx: int, zh: str, en: str, props: dict[str, str], line: int | None,
                        tuv_en_props: dict[str, str] | None = None) -> Segment:
    """Build a Segment, moving score/review/origin props back into their fields."""
    props = dict(props)
    en_props = dict(tuv_en_props or {})
    score: float | None = None
    raw_score = props.pop(SCORE_PROP, None)
    if raw_score is not None:
        try:
            score = float(raw_score)
        except ValueError:
            props[SCORE_PROP] = raw_score
    review = props.pop(REVIEW_PROP, "").strip().lower() in ("1", "true", "yes")
    origin = en_props.pop(ORIGIN_PROP, None) or props.pop(ORIGIN_PROP, None)
    model = en_props.pop(MT_MODEL_PROP, None) or props.pop(MT_MODEL_PROP, None)
    proposal = None
    if origin == MACHINE_ORIGIN:
        proposal = {"text": en, "model": model, "machine": True}
        en = ""
    return Segment(id=idx, zh=zh, en=en, score=score, review=review, props=props,
                   proposal=proposal, line=line)


class BitextStore(ABC):
    """One bitext file format: how to read it into a Bitext and write a Bitext into it."""

    #: Format name (what `fmt` accepts) and the extensions it owns.
    name: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]]

    @abstractmethod
    def read(self, path: str | os.PathLike[str]) -> Bitext:
        """Read the whole file; raise InputError naming the file and line on bad input."""

    @abstractmethod
    def write(self, bitext: Bitext, path: str | os.PathLike[str]) -> None:
        """Write atomically (no partial file is ever left)."""


def _one_line(text: str) -> str:
    """TSV cells cannot hold tabs or line breaks: they become single spaces."""
    return re.sub(r"[\t\r\n\u2028\u2029]+", " ", text)


class TsvStore(BitextStore):
    """Two tab-separated columns, Chinese then English, one segment a line, no header.

    Segment ids are 0-based line numbers, so they stay stable when blank lines are present
    (blank lines are skipped). A line without a tab is an error: it usually means the file is
    not a bitext at all or a cell contains an unescaped line break. Extra columns (a score,
    a note) are kept as props `x-col3`, `x-col4`, ....
    """

    name = "tsv"
    extensions = (".tsv", ".tab")

    def read(self, path: str | os.PathLike[str]) -> Bitext:
        # The shared detector decodes UTF-8/16 with or without BOM, GB18030, Big5...: files
        # from Chinese Windows tools are often not UTF-8. Lines are split on LF only (CRLF
        # is already LF): a U+2028 or a form feed inside a cell must not shift the line
        # numbers that segment ids are.
        text = read_text_file(path)
        segments: list[Segment] = []
        for lineno, raw in enumerate(text.split("\n")):
            line = raw.rstrip("\r\n")
            if not line.strip():
                continue
            cells = line.split("\t")
            if len(cells) < 2:
                raise InputError(path, "expected 2 tab-separated columns (Chinese, English), "
                                       "found 1", line=lineno + 1)
            props = {f"x-col{k + 1}": v for k, v in enumerate(cells[2:], start=2)}
            segments.append(Segment(id=lineno, zh=cells[0], en=cells[1], props=props,
                                    line=lineno + 1))
        return Bitext(segments=segments, source=str(path), meta={"format": self.name})

    def write(self, bitext: Bitext, path: str | os.PathLike[str]) -> None:
        with atomic_write(path) as fh:
            for seg in bitext.segments:
                fh.write(f"{_one_line(seg.zh)}\t{_one_line(seg.en)}\n")


class JsonlStore(BitextStore):
    """One JSON object a line: the Segment fields (`id`, `zh`, `en`, `score`, `props`, ...).

    Lossless for everything a Segment holds, which makes it the format for pipelines.
    """

    name = "jsonl"
    extensions = (".jsonl", ".ndjson")

    def read(self, path: str | os.PathLike[str]) -> Bitext:
        text = read_text_file(path)
        segments: list[Segment] = []
        for lineno, obj in json_objects(text.split("\n"), path, SEGMENT_SHAPE):
            require_segment_fields(obj, path, lineno)
            props = obj.get("props") or {}
            if not isinstance(props, dict):
                raise InputError(path, "'props' must be an object", line=lineno)
            proposal = obj.get("proposal")
            if proposal is not None and not isinstance(proposal, dict):
                raise InputError(path, "'proposal' must be an object", line=lineno)
            score = obj.get("score")
            segments.append(Segment(
                id=int(obj.get("id", len(segments))), zh=obj["zh"], en=obj.get("en", ""),
                zh_units=tuple(obj.get("zh_units") or ()), en_units=tuple(obj.get("en_units") or ()),
                score=float(score) if isinstance(score, (int, float)) else None,
                review=bool(obj.get("review", False)),
                props={str(k): str(v) for k, v in props.items()},
                proposal=proposal, line=lineno))
        return Bitext(segments=segments, source=str(path), meta={"format": self.name})

    def write(self, bitext: Bitext, path: str | os.PathLike[str]) -> None:
        with atomic_write(path) as fh:
            for seg in bitext.segments:
                obj = seg.to_json()
                fh.write(json.dumps(obj, ensure_ascii=False) + "\n")


class TmxStore(BitextStore):
    """TMX 1.4b through translate-toolkit's `tmxfile`.

    Written with the header attributes TM tools check (creationtool, creationtoolversion,
    segtype, o-tmf, adminlang, srclang, datatype); each unit carries `Segment.props` as
    `<prop>`s. Reading picks the Chinese and English `<tuv>` by `xml:lang` whatever their
    order or regional variant (zh-CN, zh-Hans, en-US); units without a Chinese variant are
    reported, since they cannot be a Chinese-English pair.
    """

    name = "tmx"
    extensions = (".tmx",)

    def read(self, path: str | os.PathLike[str]) -> Bitext:
        from lxml import etree
        from translate.misc.xml_helpers import getXMLspace
        from translate.storage.tmx import tmxfile

        data = read_bytes(path)
        parse_xml(path, data)   # refuse bombs, name bad lines
        try:
            store = tmxfile(io.BytesIO(data))
        except (etree.XMLSyntaxError, AssertionError, ValueError) as exc:
            raise InputError(path, f"not a TMX file ({type(exc).__name__}: "
                                   f"{str(exc) or 'root element is not <tmx>'})") from None
        segments: list[Segment] = []
        for idx, unit in enumerate(store.units):
            elem = unit.xmlelement
            space = getXMLspace(elem, unit._default_xml_space)
            texts: dict[str, str] = {}
            tuv_props: dict[str, dict[str, str]] = {}
            for node in unit.getlanguageNodes():
                lang = lang_of(node.get(XML_LANG) or node.get("lang"))
                if lang is None or lang in texts:
                    continue
                texts[lang] = unit.getNodeText(node, space) or ""
                tuv_props[lang] = {p.get("type", ""): (p.text or "")
                                   for p in node.iterchildren(unit.namespaced("prop"))}
            if "zh" not in texts and "en" not in texts:
                raise InputError(path, "translation unit has neither a Chinese nor an English "
                                       "<tuv> (xml:lang zh* / en*)", line=elem.sourceline)
            props = {p.get("type", ""): (p.text or "")
                     for p in elem.iterchildren(unit.namespaced("prop"))}
            segments.append(_segment_from_props(idx, texts.get("zh", ""), texts.get("en", ""),
                                                props, elem.sourceline, tuv_props.get("en")))
        meta: dict[str, Any] = {"format": self.name}
        header = store.document.getroot().find(store.namespaced("header"))
        if header is not None:
            meta["header"] = dict(header.attrib)
        return Bitext(segments=segments, source=str(path), meta=meta)

    def write(self, bitext: Bitext, path: str | os.PathLike[str]) -> None:
        from lxml import etree
        from translate.storage.tmx import tmxfile

        store = tmxfile(sourcelanguage="zh", targetlanguage="en")
        store.addheader()
        header = next(store.document.getroot().iterchildren(store.namespaced("header")))
        segtype = str(bitext.meta.get("unit") or bitext.meta.get("segtype") or "sentence")
        if segtype not in ("sentence", "paragraph", "phrase", "block"):
            segtype = "sentence"
        header.attrib.update({
            "creationtool": "zhenqa",
            "creationtoolversion": tool_version(),
            "segtype": segtype,
            "o-tmf": "zhenqa",
            "adminlang": "en",
            "srclang": "zh",
            "datatype": "plaintext",
        })
        for seg in bitext.segments:
            unit = store.addsourceunit(seg.zh, "zh")
            props = dict(seg.props)
            if seg.score is not None:
                props[SCORE_PROP] = f"{seg.score:.4f}"
            if seg.review:
                props[REVIEW_PROP] = "true"
            en_text = seg.en
            machine = not seg.en and seg.proposal and seg.proposal.get("text")
            if machine:
                en_text = str(seg.proposal["text"])  # type: ignore[index]
            if en_text or machine:
                unit.settarget(en_text, "en", append=True)
            first_tuv = unit.xmlelement.find(unit.namespaced("tuv"))
            for key, value in props.items():
                prop = etree.Element(unit.namespaced("prop"))
                prop.set("type", str(key))
                prop.text = _xml_safe(str(value))
                first_tuv.addprevious(prop)
            if machine:
                en_tuv = [n for n in unit.getlanguageNodes()
                          if lang_of(n.get(XML_LANG)) == "en"][0]
                en_tuv.set("creationid", "MT")
                model = str(seg.proposal.get("model") or "") if seg.proposal else ""
                if model:
                    en_tuv.set("creationtool", _xml_safe(str(model)))
                seg_node = en_tuv.find(unit.namespaced("seg"))
                for key, value in ((ORIGIN_PROP, MACHINE_ORIGIN), (MT_MODEL_PROP, model)):
                    if value:   # no model named: no property
                        prop = etree.Element(unit.namespaced("prop"))
                        prop.set("type", key)
                        prop.text = _xml_safe(str(value))
                        seg_node.addprevious(prop)
        buf = io.BytesIO()
        store.serialize(buf)
        with atomic_write(path, "wb", encoding=None) as fh:
            fh.write(buf.getvalue())


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    """XML 1.0 cannot hold most control characters; drop them rather than fail the write."""
    return _XML_BAD.sub("", text)


class XliffStore(BitextStore):
    """XLIFF 1.x and 2.x through translate-toolkit: `<source>`/`<target>` by the file's
    languages (writing produces XLIFF 1.2, which every CAT tool reads).

    When the file declares English as source and Chinese as target, sides are swapped so
    that `zh` is always the Chinese. Unit ids go to the `x-xliff-id` prop; an untranslated
    unit gives an empty English side (which the `empty` check reports).
    """

    name = "xliff"
    extensions = (".xlf", ".xliff")

    def read(self, path: str | os.PathLike[str]) -> Bitext:
        from lxml import etree
        from translate.storage.xliff import xlifffile

        data = read_bytes(path)
        parse_xml(path, data)   # refuse bombs, name bad lines
        try:
            if re.search(rb"<xliff\b[^>]*\bversion\s*=\s*[\"']2", data[:4096]):
                from translate.storage.xliff2 import Xliff2File

                store: Any = Xliff2File(io.BytesIO(data))   # the two classes share no base type
            else:
                store = xlifffile(io.BytesIO(data))
        except (etree.XMLSyntaxError, AssertionError, ValueError) as exc:
            raise InputError(path, f"not an XLIFF file ({type(exc).__name__}: "
                                   f"{str(exc) or 'root element is not <xliff>'})") from None
        src_lang = lang_of(store.getsourcelanguage())
        tgt_lang = lang_of(store.gettargetlanguage())
        swap = src_lang == "en" or tgt_lang == "zh"
        segments: list[Segment] = []
        for unit in store.getunits():
            if unit.isheader() or not unit.istranslatable():
                continue
            source = unit.source or ""
            target = unit.target or ""
            zh, en = (target, source) if swap else (source, target)
            props = {}
            uid = getattr(unit, "xmlelement", None) is not None and unit.xmlelement.get("id") \
                or unit.getid()
            if uid:
                props["x-xliff-id"] = str(uid)
            line = getattr(unit.xmlelement, "sourceline", None)
            segments.append(Segment(id=len(segments), zh=zh, en=en, props=props, line=line))
        return Bitext(segments=segments, source=str(path),
                      meta={"format": self.name, "swapped": swap})

    def write(self, bitext: Bitext, path: str | os.PathLike[str]) -> None:
        from translate.storage.xliff import xlifffile

        store: Any = xlifffile(sourcelanguage="zh", targetlanguage="en")
        for seg in bitext.segments:
            unit = store.addsourceunit(_xml_safe(seg.zh))
            unit.setid(str(seg.id))
            if seg.en:
                unit.target = _xml_safe(seg.en)
            elif seg.proposal and seg.proposal.get("text"):
                unit.addalttrans(_xml_safe(str(seg.proposal["text"])), lang="en",
                                 origin=str(seg.proposal.get("model") or "mt"))
        buf = io.BytesIO()
        store.serialize(buf)
        with atomic_write(path, "wb", encoding=None) as fh:
            fh.write(buf.getvalue())


STORES: dict[str, BitextStore] = {s.name: s for s in (TsvStore(), TmxStore(), XliffStore(), JsonlStore())}
_BY_EXT = {ext: store for store in STORES.values() for ext in store.extensions}
_ALIASES = {"xlf": "xliff", "ndjson": "jsonl", "tab": "tsv"}


def store_for(path: str | os.PathLike[str], fmt: str | None = None) -> BitextStore:
    """The storage class for `fmt` (a format name) or else for the file's extension."""
    if fmt:
        name = _ALIASES.get(fmt.lower().lstrip("."), fmt.lower().lstrip("."))
        if name not in STORES:
            raise InputError(path, f"unknown bitext format {fmt!r} "
                                   f"(known: {', '.join(sorted(STORES))})")
        return STORES[name]
    ext = Path(path).suffix.lower()
    if ext not in _BY_EXT:
        raise InputError(path, f"unknown bitext extension {ext or '(none)'!r} "
                               f"(expected one of {', '.join(sorted(_BY_EXT))})")
    return _BY_EXT[ext]


def read_bitext(path: str | os.PathLike[str], fmt: str | None = None) -> Bitext:
    """Read a .tsv/.tmx/.xlf/.xliff/.jsonl bitext; bad input raises InputError."""
    return store_for(path, fmt).read(path)


def write_bitext(bitext: Bitext, path: str | os.PathLike[str], fmt: str | None = None) -> None:
    """Write `bitext` as .tmx/.tsv/.jsonl/.xlf (by `fmt` or the extension), atomically."""
    store_for(path, fmt).write(bitext, path)


def formats() -> Iterable[str]:
    """Names of the supported formats."""
    return tuple(STORES)
