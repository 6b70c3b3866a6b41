"""The length model of a document and the `length-ratio` check (the omission check uses
the same model)."""
from __future__ import annotations

import math
import statistics
from typing import Iterable, Sequence

from .registry import Finding, check
from .view import CheckContext, DocFacts, SegView

def _robust(values: Sequence[float]) -> tuple[float, float]:
    """Median and MAD-based sigma (1.4826 * MAD) of `values`."""
    med = statistics.median(values)
    mad = statistics.median(abs(x - med) for x in values)
    return med, 1.4826 * mad


def _log_ratio(v: SegView) -> float:
    return math.log((v.en_len + 1) / (v.zh_len + 1))


def length_model(doc: DocFacts) -> tuple[float, float, int]:
    """(centre, spread, n) of log(English length / Chinese length) for this document.

    The document's own median and MAD, shrunk towards a prior (weight `prior_weight`
    segments) so that a short document is still judged sensibly, with a floor on the
    spread so that a very regular document is not hair-trigger. The settings are those of
    the `length-ratio` check; `omission` uses the same model."""
    cfg = doc.config.check("length-ratio")

    def compute() -> tuple[float, float, int]:
        min_zh = int(cfg["min_zh_chars"])
        vals = [_log_ratio(v) for v in doc.views
                if v.has_zh and v.has_en and v.zh_len >= min_zh]
        prior_c = math.log(float(cfg["prior_ratio"]))
        prior_s = float(cfg["prior_sigma"])
        k = float(cfg["prior_weight"])
        n = len(vals)
        if n >= 3:
            med, sig = _robust(vals)
        else:
            med, sig = prior_c, prior_s
        centre = (n * med + k * prior_c) / (n + k)
        spread = (n * sig + k * prior_s) / (n + k)
        return centre, max(spread, float(cfg["min_sigma"])), n
    return doc.cached("length_model", compute)


def length_z(v: SegView, doc: DocFacts) -> float:
    centre, spread, _ = length_model(doc)
    return (_log_ratio(v) - centre) / spread


@check("length-ratio", "warning")
def length_ratio(v: SegView, ctx: CheckContext) -> Iterable[Finding]:
    """English length far from what this document's other segments lead one to expect
    (robust z-score of the log length ratio against the document's median/MAD)."""
    if v.zh_len < int(ctx.cfg["min_zh_chars"]):
        return
    z = length_z(v, ctx.doc)
    thr = float(ctx.cfg["z_threshold"])
    if abs(z) < thr:
        return
    centre, _, n = length_model(ctx.doc)
    ratio = (v.en_len + 1) / (v.zh_len + 1)
    how = "short" if z < 0 else "long"
    yield ctx.finding(v, f"English unusually {how} for its Chinese: {ratio:.2f} characters per "
                         f"Chinese character against {math.exp(centre):.2f} typical in this "
                         f"document (z = {z:+.1f})", key=how, z=round(z, 2),
                      evidence=f"length z {z:+.1f} against the document's median/MAD of "
                               f"{n} segments (threshold {thr})",
                      ratio=round(ratio, 3), typical_ratio=round(math.exp(centre), 3))
