"""XML from users, parsed safely, and the small XML facts every reader needs.

Every XML file a user gives (a document, a TMX, an XLIFF, a TBX) is parsed first with
defusedxml: it raises as soon as an entity declaration or an external reference appears,
so that a billion-laughs bomb never expands and nothing is fetched. A DOCTYPE without an
internal subset (TMX and TBX files commonly carry one) is allowed. Problems become one
`InputError` naming the file and line, the same wording for every format.
"""
from __future__ import annotations

import os
import re
from typing import Any

from zhenqa.corpora.errors import InputError

#: The `xml:lang` attribute as ElementTree and lxml name it.
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def parse_xml(path: str | os.PathLike[str] | None, data: bytes) -> Any:
    """The root element of `data` (an xml.etree Element), parsed by defusedxml.

    Raises InputError "unsafe XML refused (...)" for entity declarations and external
    references, "malformed XML: ..." with the line for anything that is not well formed.
    """
    from xml.etree.ElementTree import ParseError

    import defusedxml.ElementTree as DET
    from defusedxml import DefusedXmlException

    try:
        return DET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        line = getattr(exc, "lineno", None)
        raise InputError(path, f"unsafe XML refused ({type(exc).__name__}: entity "
                               "declarations and external references are not accepted)",
                         line=line) from None
    except ParseError as exc:
        line, _col = getattr(exc, "position", (None, None))
        msg = str(exc).split(":")[0] or type(exc).__name__
        raise InputError(path, f"malformed XML: {msg}", line=line) from None


def local_name(tag: Any) -> str:
    """An element's name without its namespace ("{urn:...}tu" -> "tu"); "" for comments
    and processing instructions, whose tag is not a string."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def lang_of(code: str | None) -> str | None:
    """"zh" or "en" for a language code or name (zh-CN, zh-Hans, cmn, chi, Chinese; en-US,
    EN-GB, eng, English), else None: the rule for xml:lang attributes and for the column
    headers of termbases alike."""
    if not code:
        return None
    base = re.split(r"[-_]", code.strip().lower(), maxsplit=1)[0]
    if base in ("zh", "cmn", "chi", "zho", "chinese", "cn"):
        return "zh"
    if base in ("en", "eng", "english"):
        return "en"
    return None
