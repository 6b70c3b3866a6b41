"""Identifier anchors: URLs, e-mails, UN job numbers and UN document symbols.

The most specific anchors, claimed first so that the digits inside a symbol or a URL are
never read as numbers or dates by later passes.
"""
from __future__ import annotations

import re

from zhenqa.corpora.anchors.common import _Ctx, _re
from zhenqa.corpora.textnorm import fold


# =========================================================================== URLs, e-mails

_URL_RE = _re(
    r"(?<![\w@/.])(?:(?:https?|ftp)://|www\.)(?:(?!https?://)[A-Za-z0-9\-._~:/?#@!$&*+,;=%\[\]'])+",
    re.IGNORECASE,
)
_EMAIL_RE = _re(r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])")
_UNDOCS_RE = _re(r"undocs\.org/(?:(?:ch|zh|en|fr|es|ru|ar|english|chinese)/)?", re.IGNORECASE)


# UN job numbers ("V.17-08295", "17-08295 (C)") in page headers: identifiers, not figures.
_JOB_NUMBER_RE = _re(r"(?<![\w.])(?:[A-Z]\.)?\d{2}-\d{5}(?!\d)")


def _pass_identifiers(c: _Ctx) -> None:
    """Claim spans that look numeric but are identifiers, so no later pass reads them."""
    for m in _JOB_NUMBER_RE.finditer(c.f):
        c.claim(*m.span())


def _pass_urls(c: _Ctx) -> None:
    for m in _EMAIL_RE.finditer(c.f):
        s, e = m.span()
        if c.free(s, e):
            c.add("email", m.group().lower(), s, e)
            c.claim(s, e)
    for m in _URL_RE.finditer(c.f):
        s, e = m.span()
        while e > s and c.f[e - 1] in ".,;:!?'":
            e -= 1
        if not c.free(s, e):
            continue
        url = c.f[s:e]
        rest = re.sub(r"^[a-z]+://", "", url, flags=re.IGNORECASE)
        host, slash, path = rest.partition("/")
        value = (host.lower() + slash + path).rstrip("/")
        c.add("url", value, s, e)
        um = _UNDOCS_RE.match(rest)
        if um:
            off = s + (len(url) - len(rest)) + um.end()
            sym = canonical_symbol(c.f[off:e])
            if sym:
                c.add("symbol", sym, off, e)
        c.claim(s, e)


# =========================================================================== UN symbols

# Series grammar: an upper-case series prefix (A, S, E, ST, CAC, DP, UNEP...) followed by
# "/"-separated components: bodies and document types (RES, HRC, COSP, IRG, SGB, CN.15,
# C.3, L.1, CRP.2, WG.6, PV.8000), sessions and years (70, 2017), numbers (1, 25), and the
# suffixes Add.4, Rev.1, Corr.1. A symbol needs a digit somewhere and, with a single slash,
# one of the principal-organ prefixes (so that "HIV/AIDS" or "G/20" are not symbols).
_SYM_ALPHA = r"[A-Z][A-Za-z]*(?:\.\d+[A-Za-z]?)*"
_SYM_NUM = r"\d+(?:\.\d+)*[A-Z]?"
_SYM_BODY = rf"[A-Z][A-Z0-9]{{0,11}}(?:/(?:{_SYM_ALPHA}|{_SYM_NUM}))+"
_SYMBOL_RE = _re(
    rf"(?<![A-Za-z0-9/._-]){_SYM_BODY}(?:\s?\((?:19|20)\d\d\))?(?![A-Za-z0-9/])"
)
_SYMBOL_FULL_RE = _re(rf"({_SYM_BODY})(?:\s?\(((?:19|20)\d\d)\))?")
_SINGLE_SLASH_PREFIXES = {"A", "S", "E", "ST", "T", "DP", "TD", "UNEP", "CAC", "CTOC", "ECE"}
_SUFFIX_CASE = {"add": "Add", "rev": "Rev", "corr": "Corr", "amend": "Amend", "sub": "Sub",
                "mem": "Mem", "summary": "Summary"}
_SYM_CONT_RE = _re(
    r"\s*(?:和|及|以及|与|、|,|and|&)\s*((Add|Rev|Corr|Amend)\.(\d+)(?:\s*-\s*(\d+))?)(?![A-Za-z0-9/.])"
)


def canonical_symbol(raw: str) -> str | None:
    """Canonical form of a UN document symbol, or None when `raw` is not one.

    Components upper-case except the official suffix forms (Add.4, Rev.1, Corr.1); the
    Security Council year suffix as " (2016)".
    """
    raw = fold(raw).strip()
    m = _SYMBOL_FULL_RE.fullmatch(raw)
    if not m:
        return None
    body, year = m.groups()
    comps = body.split("/")
    if not any(ch.isdigit() for ch in body):
        return None
    if len(comps) == 2 and comps[0] not in _SINGLE_SLASH_PREFIXES:
        return None
    out = [comps[0]]
    for comp in comps[1:]:
        head, dot, tail = comp.partition(".")
        if head.lower() in _SUFFIX_CASE and dot:
            out.append(_SUFFIX_CASE[head.lower()] + "." + tail.upper())
        else:
            out.append(comp.upper())
    sym = "/".join(out)
    return f"{sym} ({year})" if year else sym


def _pass_symbols(c: _Ctx) -> None:
    for m in c.matches(_SYMBOL_RE):
        s, e = m.span()
        if not c.free(s, e):
            continue
        sym = canonical_symbol(m.group())
        if sym is None:
            continue
        c.add("symbol", sym, s, e)
        c.claim(s, e)
        base = re.sub(r"/(?:Add|Rev|Corr|Amend)\.\d+$", "", sym)
        pos = e
        while True:
            cm = _SYM_CONT_RE.match(c.f, pos)
            if not cm:
                break
            kind, first, last = cm.group(2), int(cm.group(3)), cm.group(4)
            hi = int(last) if last else first
            if not first <= hi <= first + 50:
                break
            cs, ce = cm.span(1)
            for k in range(first, hi + 1):
                c.add("symbol", f"{base}/{_SUFFIX_CASE[kind.lower()]}.{k}", cs, ce)
            c.claim(cs, ce)
            pos = cm.end()
