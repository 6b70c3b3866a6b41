"""The check registry: findings, spans and the `@check` decorator.

This is the bottom of the `eval.checks` package (it imports nothing of the package), so that
every family module can register its checks here without cycles. A check is a small function
registered with its id and fallback severity, the way translate-toolkit's `filters/` reads;
the severity in force and every threshold come from `QAConfig` (`eval/qa_defaults.toml`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Literal, TypeVar

Severity = Literal["error", "warning", "info"]
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


# --------------------------------------------------------------------------- findings

@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of one side of a segment to highlight: side "zh" or "en", [start, end)."""

    side: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"side": self.side, "start": self.start, "end": self.end}


@dataclass(slots=True)
class Finding:
    """One problem on one segment.

    `key` tells findings of the same check on the same segment apart (the missing value, the
    term), so that a suppression can accept one of them; `extra` carries check-specific facts
    for reports (the expected term, the MT proposal, the z-score ...). `evidence` says, in a
    few words, what decided the finding and its severity ("figure with digits, no
    counterpart"; "lexical LLR 7.2 + length z -2.1"), so that a reviser can judge how far to
    trust it; reports show it beside the message.
    """

    check: str
    segment: int
    severity: str
    message: str
    spans: list[Span] = field(default_factory=list)
    key: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    evidence: str = ""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "check": self.check, "segment": self.segment, "severity": self.severity,
            "message": self.message, "evidence": self.evidence,
            "spans": [s.to_json() for s in self.spans],
        }
        if self.key:
            out["key"] = self.key
        for k, v in self.extra.items():
            out.setdefault(k, v)
        return out



@dataclass(frozen=True)
class CheckSpec:
    """A registered check: id, fallback severity, scope ("segment" or "document") and what
    a segment needs for the check to apply ("pair": both sides non-empty, "en": English
    non-empty, "any")."""

    id: str
    severity: str
    scope: str
    needs: str
    func: Callable[..., Iterable[Finding]]
    doc: str


CHECKS: dict[str, CheckSpec] = {}

#: A check function: segment scope `(SegView, CheckContext)`, document scope
#: `(list[SegView], CheckContext)`. The decorator returns it unchanged, so its own signature
#: survives for callers and tests; the registry keeps it as a plain callable because the two
#: scopes take different first arguments (`eval.qa` calls each with what its scope needs).
CheckFunc = TypeVar("CheckFunc", bound=Callable[..., Iterable[Finding]])


def check(cid: str, severity: Severity, *, scope: str = "segment",
          needs: str = "pair") -> Callable[[CheckFunc], CheckFunc]:
    """Register a check function under `cid`."""

    def deco(func: CheckFunc) -> CheckFunc:
        doc = (func.__doc__ or "").strip().split("\n\n")[0]
        CHECKS[cid] = CheckSpec(cid, severity, scope, needs, func, " ".join(doc.split()))
        return func

    return deco



def check_ids() -> list[str]:
    """Registered check ids, in registration order."""
    return list(CHECKS)
