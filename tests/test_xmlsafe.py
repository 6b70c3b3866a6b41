"""Safe XML for every reader: one parser, one wording for bad XML, one language-code rule."""
from __future__ import annotations

import pytest

from zhenqa.corpora.errors import InputError
from zhenqa.corpora.xmlsafe import lang_of, local_name, parse_xml

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<tmx><body>&lol2;</body></tmx>"""


def test_a_well_formed_file_with_a_plain_doctype_parses() -> None:
    root = parse_xml("a.tmx", b'<!DOCTYPE tmx SYSTEM "tmx14.dtd"><tmx version="1.4"><body/></tmx>')
    assert local_name(root.tag) == "tmx"


def test_entity_declarations_are_refused_before_expansion() -> None:
    with pytest.raises(InputError) as info:
        parse_xml("bomb.xml", BOMB)
    assert info.value.path == "bomb.xml" and "unsafe XML refused" in info.value.problem


def test_malformed_xml_names_the_line() -> None:
    with pytest.raises(InputError) as info:
        parse_xml("bad.xml", b"<a>\n<b>\n</a>")
    assert info.value.one_line().startswith("bad.xml:3: malformed XML")


@pytest.mark.parametrize("code,lang", [
    ("zh", "zh"), ("zh-CN", "zh"), ("ZH_Hans", "zh"), ("cmn", "zh"), ("Chinese", "zh"),
    ("en", "en"), ("EN-GB", "en"), ("eng", "en"), ("English", "en"),
    ("fr", None), ("", None), (None, None), ("status", None),
])
def test_lang_of_codes_and_names(code, lang) -> None:
    assert lang_of(code) == lang


def test_local_name_drops_the_namespace() -> None:
    assert local_name("{urn:oasis:names:tc:xliff:document:1.2}trans-unit") == "trans-unit"
    assert local_name("body") == "body"
    assert local_name(None) == ""
