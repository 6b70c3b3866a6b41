"""The `mt-divergence` check (needs an MT proposal per segment)."""
from __future__ import annotations

from typing import Iterable

from .omission import _chrf_model
from .registry import Finding, check
from .textutil import quote as _quote
from .view import CheckContext, SegView

@check("mt-divergence", "warning")
def mt_divergence(v: SegView, ctx: CheckContext) -> Iterable[Finding]:
    """(Needs a model.) The MT of the Chinese and the official English share far less than
    they do elsewhere in this document (sentence chrF, robust z-score): a hint of a
    mistranslation or an omission."""
    if v.chrf is None or v.zh_len < int(ctx.cfg["min_zh_chars"]):
        return

    med, sig = _chrf_model(ctx.doc)
    z = (v.chrf - med) / max(sig, 4.0)
    if z < -float(ctx.cfg["z_threshold"]) and v.chrf <= float(ctx.cfg["max_chrf"]):
        yield ctx.finding(v, f"MT and English diverge: chrF {v.chrf:.1f} against {med:.1f} "
                             f"typical (z = {z:+.1f}); MT: {_quote(v.mt or '', 120)}",
                          key="mt", chrf=round(v.chrf, 2), mt=v.mt,
                          evidence=f"sentence chrF {v.chrf:.1f}, robust z {z:+.1f} against this "
                                   f"document's segments")
