"""XML: the UDHR-in-XML schema (`http://efele.net/udhr`) and a generic fallback.

Parsing goes through defusedxml, which refuses entity-expansion bombs and external
entities and never touches the network.

UDHR mapping (see ../shared/data/udhr_zh_en/README.md):
- <title> → kind "title"; <note> paragraphs → kind "note" (the zh file's adoption line and
  introduction, which the English file does not have: no counterpart expected);
- <preamble>: its <title> a heading without a label, its <para>s paragraphs;
- <article number="N">: its <title> ("第一条" / "Article 1") a heading labelled N (the
  attribute, so both languages carry "1".."30"); each <para> a paragraph; each
  <listitem> a subparagraph labelled with its `tag` attribute as printed ("㈠"), or, when
  it has none (the English file), with the implied number written parenthesized ("(1)",
  "(2)", nested lists "(a)", "(i)") so that `label_key` gives both sides "(1)";
- every unit of an article keeps `meta["article"] = N`.

Generic XML: the text of paragraph-like elements (p, para, seg, li, item, head, title, note,
footnote, …; the innermost such element wins), or, when there are none, of every element
that holds text directly.
"""
from __future__ import annotations

import os
from typing import Any, Iterator

from zhenqa.corpora.encoding import decode_bytes
from zhenqa.corpora.errors import InputError
from zhenqa.corpora.formats import Extracted, collapse_whitespace, symbol_in
from zhenqa.corpora.numbers import list_marker
from zhenqa.corpora.structure import Block
from zhenqa.corpora.xmlsafe import XML_LANG, local_name, parse_xml

_PARA_TAGS = {"p", "para", "paragraph", "seg", "li", "item", "listitem", "title", "head",
              "heading", "h1", "h2", "h3", "h4", "h5", "h6", "note", "footnote", "caption",
              "td", "th", "entry", "ab", "quote", "term", "def"}
_HINTS = {"title": "heading", "head": "heading", "heading": "heading", "note": "note",
          "footnote": "footnote", "li": "subparagraph", "item": "subparagraph",
          "listitem": "subparagraph"}


def read(data: bytes, path: str | os.PathLike[str] | None) -> Extracted:
    decoded = decode_bytes(data, path)  # refuses binary and undecodable files first
    root = parse_xml(path, data)
    meta = {"encoding": decoded.encoding, "xml_lang": root.get(XML_LANG)}
    if local_name(root.tag) == "udhr":
        return _udhr(root, path, meta)
    blocks = list(_generic(root))
    if not blocks:
        raise InputError(path, "no text found in the XML")
    title = next((b.text for b in blocks if b.hint == "heading"), None)
    return Extracted("xml", blocks=blocks, title=title, symbol=symbol_in(blocks), meta=meta)


def _text(el: Any) -> str:
    return collapse_whitespace("".join(el.itertext()))


def _udhr(root: Any, path: Any, meta: dict[str, Any]) -> Extracted:
    blocks: list[Block] = []
    title: str | None = None
    for child in root:
        name = local_name(child.tag)
        if name == "title":
            title = _text(child)
            if title:
                blocks.append(Block(title, hint="title"))
        elif name == "note":
            for para in child.iter():
                if local_name(para.tag) == "para" and _text(para):
                    blocks.append(Block(_text(para), hint="note"))
        elif name == "preamble":
            for el in child:
                text = _text(el)
                if not text:
                    continue
                if local_name(el.tag) == "title":
                    # level 5: the same depth as articles, so the first article closes it.
                    blocks.append(Block(text, hint="heading", level=5, meta={"section": "preamble"}))
                else:
                    blocks.append(Block(text, hint="paragraph", meta={"section": "preamble"}))
        elif name == "article":
            number = child.get("number")
            article_meta = {"article": number} if number else {}
            for el in child:
                kind = local_name(el.tag)
                if kind == "title":
                    blocks.append(Block(_text(el), hint="heading", label=number, meta=dict(article_meta)))
                elif kind == "para":
                    if _text(el):
                        blocks.append(Block(_text(el), hint="paragraph", meta=dict(article_meta)))
                elif kind == "orderedlist":
                    blocks.extend(_udhr_list(el, article_meta, depth=0))
    if not blocks:
        raise InputError(path, "no text found in the UDHR XML")
    return Extracted("udhr-xml", blocks=blocks, title=title, meta=meta)


def _udhr_list(lst: Any, meta: dict[str, Any], depth: int) -> Iterator[Block]:
    styles = ("{n}", "{a}", "{i}")
    n = 0
    for item in lst:
        if local_name(item.tag) != "listitem":
            continue
        n += 1
        tag = item.get("tag")
        label = tag.strip() if tag and tag.strip() else "(" + _implied(n, styles[depth % 3]) + ")"
        first = True
        for el in item:
            kind = local_name(el.tag)
            if kind == "para" and _text(el):
                yield Block(_text(el), hint="subparagraph", label=label if first else None,
                            meta=dict(meta, list_depth=depth + 1, **({} if tag else {"label_implied": True})))
                first = False
            elif kind == "orderedlist":
                yield from _udhr_list(el, meta, depth + 1)


_UDHR_STYLES = {"{a}": "lower-alpha", "{i}": "lower-roman"}


def _implied(n: int, style: str) -> str:
    return list_marker(n, _UDHR_STYLES.get(style, "decimal"))


def _generic(root: Any) -> Iterator[Block]:
    found = False
    for el in _para_elements(root):
        text = _text(el)
        if text:
            found = True
            yield Block(text, hint=_HINTS.get(local_name(el.tag)))
    if found:
        return
    for el in root.iter():
        if isinstance(el.tag, str) and el.text and el.text.strip():
            yield Block(collapse_whitespace(el.text))


def _para_elements(el: Any) -> Iterator[Any]:
    """Innermost paragraph-like elements, in document order."""
    for child in el:
        if not isinstance(child.tag, str):
            continue
        if local_name(child.tag) in _PARA_TAGS and not any(
                local_name(d.tag) in _PARA_TAGS for d in child.iter() if d is not child and isinstance(d.tag, str)):
            yield child
        else:
            yield from _para_elements(child)
