"""The terms report as JSON (the contract's shape, plus evidence and contexts).

Statuses of a termbase term (the contract's words):
- `forbidden`: some occurrence is rendered by a forbidden form;
- `inconsistent`: some occurrence is not rendered by an approved or admitted form (an
  other rendering, or none found: a possible omission); for two-way concepts (UNTERM
  country names) also an English name whose Chinese is not one of the concept's forms;
- `consistent`: every occurrence is rendered by an approved or admitted form (admitted
  synonyms of one concept never make a term inconsistent);
- `unverified`: nothing to check against: a concept without approved or admitted forms,
  and every candidate (not in the termbase yet).

Each rendering carries its `status` (`preferred`, `admitted`, `forbidden`, `other`,
`not-found`), the `evidence` that decided it (`termbase`, `association`, `cedict`,
`form-words`, `not-found`; see `renderings`) and up to `tally.MAX_EXAMPLES` contexts.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zhenqa.eval.terms.run import TermsResult
from zhenqa.eval.terms.tally import DocTable, RenderingTally, TermTally

if TYPE_CHECKING:
    import os

STATUS_ORDER = ("forbidden", "inconsistent", "unverified", "consistent")
RENDERING_ORDER = ("preferred", "admitted", "other", "forbidden", "not-found")


def term_status(t: TermTally) -> str:
    m = t.model
    if m.kind == "candidate":
        return "unverified"
    statuses = {k[1] for k in t.renderings}
    if "forbidden" in statuses:
        return "forbidden"
    if not m.expected:
        return "unverified"
    if statuses & {"other", "not-found"}:
        return "inconsistent"
    if m.bidirectional and any(f not in m.forms for f in t.forms):
        return "inconsistent"
    return "consistent"


def _refs(r: RenderingTally, docs: DocTable, limit: int | None = None) -> list[dict[str, Any]]:
    refs = r.refs
    stop = len(refs) if limit is None else min(len(refs), 2 * limit)
    return [{"doc": docs.name(refs[k]), "segment": refs[k + 1]} for k in range(0, stop, 2)]


def _rendering_json(r: RenderingTally, docs: DocTable, max_refs: int | None = None) -> dict[str, Any]:
    display = r.label or (r.surfaces.most_common(1)[0][0] if r.surfaces else "")
    return {
        "en": display,
        "count": r.count,
        "segments": _refs(r, docs, max_refs),
        "segments_total": len(r.refs) // 2,
        "status": r.status,
        "evidence": r.evidence.most_common(1)[0][0] if r.evidence else "not-found",
        "evidence_counts": dict(r.evidence),
        "forms": [s for s, _ in r.surfaces.most_common()],
        "examples": [{**ex, "doc": docs.name(ex["doc"])} for ex in r.examples],
    }


def _ordered(t: TermTally) -> list[RenderingTally]:
    return sorted(t.renderings.values(),
                  key=lambda r: (RENDERING_ORDER.index(r.status), -r.count, r.key))


def term_json(t: TermTally, docs: DocTable, max_refs: int | None = None) -> dict[str, Any]:
    m = t.model
    rends = _ordered(t)
    rj = [_rendering_json(r, docs, max_refs) for r in rends]
    if m.kind == "termbase":
        en = m.expected[0] if m.expected else None
    else:
        found = [r for r in rj if r["status"] != "not-found"]
        en = max(found, key=lambda r: r["count"])["en"] if found else None
    out: dict[str, Any] = {
        "zh": m.zh,
        "en": en,
        "source": m.kind,
        "occurrences": t.occurrences,
        "documents": len(t.docs),
        "renderings": rj,
        "status": term_status(t),
        "forms": [{"zh": z, "count": c} for z, c in t.forms.most_common()],
        "not_found": sum(r.count for r in rends if r.status == "not-found"),
    }
    if m.kind == "termbase":
        out["approved"] = list(m.expected)
        out["preferred"] = list(m.preferred)
        out["forbidden_forms"] = list(m.forbidden)
        if m.concept_id:
            out["concept"] = m.concept_id
        if m.note:
            out["note"] = m.note
    else:
        out["measures"] = m.measures
        out["association"] = [{"en": r.key, "score": round(r.score, 4), "dice": round(r.dice, 4),
                               "cedict": round(r.prior, 3), "count": r.count}
                              for r in m.ranked[:5]]
    return out


def to_json(result: TermsResult, max_refs: int | None = None) -> dict[str, Any]:
    """The whole report: terms (termbase first, worst status first), variants, summary.

    `max_refs` limits the (document, segment) references listed per rendering (the HTML,
    CSV, XLSX and TBX writers need a few; `segments_total` says how many there are);
    `write_json` writes the complete report without building it in memory."""
    docs = result.docs
    pairs = [(term_json(t, docs, max_refs), t) for t in result.terms]
    pairs.sort(key=lambda p: _term_order(p[0]))
    terms = [p[0] for p in pairs]
    by_status: dict[str, int] = {s: 0 for s in STATUS_ORDER}
    for x in terms:
        if x["source"] == "termbase":
            by_status[x["status"]] += 1
    return {
        "terms": terms,
        "variants": result.variants.to_json(docs.name),
        "summary": {
            "segments": result.segments,
            "documents": len(docs.names),
            "termbase_terms": sum(1 for x in terms if x["source"] == "termbase"),
            "candidates": sum(1 for x in terms if x["source"] == "candidate"),
            "by_status": by_status,
            "min_count": result.min_count,
            "termbases": result.termbases,
            "mt": result.mt,
            "em": result.em,
            "seconds": {k: round(v, 3) for k, v in result.timings.items()},
        },
    }


def _term_order(x: dict[str, Any]) -> tuple[bool, int, int]:
    tb = x["source"] == "termbase"
    return (not tb, STATUS_ORDER.index(x["status"]) if tb else 0, -x["occurrences"] if tb else 0)


_HOLE = "\u0000refs\u0000"


def write_json(result: TermsResult, path: str | os.PathLike[str]) -> None:
    """The complete JSON report, every reference listed, written atomically and streamed:
    each term is encoded on its own and its references are written straight from the
    tallies' integer arrays, so a million references never become a million dicts."""
    import json

    from zhenqa.corpora.fileio import atomic_write

    docs = result.docs
    head = to_json(result, max_refs=0)
    order = sorted(result.terms, key=lambda t: _term_order(term_json(t, docs, 0)))
    with atomic_write(path) as fh:
        fh.write('{"terms": [')
        for n, (tj, t) in enumerate(zip(head["terms"], order)):
            for rj in tj["renderings"]:
                rj["segments"] = _HOLE
            parts = json.dumps(tj, ensure_ascii=False).split(json.dumps(_HOLE))
            fh.write(",\n" if n else "\n")
            for k, r in enumerate(_ordered(t)):
                fh.write(parts[k])
                fh.write("[")
                refs = r.refs
                for i in range(0, len(refs), 2):
                    if i:
                        fh.write(", ")
                    fh.write('{"doc": %s, "segment": %d}' % (json.dumps(docs.name(refs[i]), ensure_ascii=False), refs[i + 1]))
                fh.write("]")
            fh.write(parts[-1])
        fh.write('\n], "variants": ')
        fh.write(json.dumps(head["variants"], ensure_ascii=False))
        fh.write(', "summary": ')
        fh.write(json.dumps(head["summary"], ensure_ascii=False))
        fh.write("}\n")
