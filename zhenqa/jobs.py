"""Typed requests and results of the pipeline: what a command asks for, what it gets back.

A request is checked when it is built (`__post_init__`): every rule about which options go
together is written here once, so `zhenqa align`, `zhenqa qa`, `zhenqa batch` and library
callers reject the same bad input with the same one-line `InputError`. The pipeline
(`zhenqa.pipeline`) turns a request into a result; the CLI only parses options into a
request and prints what the result says (`MTStatus.note`), since library code never prints.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from zhenqa.corpora.errors import InputError
from zhenqa.models.base import MTStatus, Translator

if TYPE_CHECKING:
    from zhenqa.align.aligner import Alignment
    from zhenqa.align.config import AlignConfig
    from zhenqa.corpora.termbase import TermIndex
    from zhenqa.eval.config import QAConfig
    from zhenqa.eval.qa import QAResult
    from zhenqa.eval.suppress import SuppressionSet

#: What `--model` may be: ``"auto"`` (the default model when it is available offline, else
#: no MT), ``"none"`` or None (no MT), a hub id in the local cache or a model directory, or
#: an already loaded translator (library callers, tests).
ModelSpec = Union[str, "os.PathLike[str]", Translator, None]

UNITS = ("sentence", "paragraph")
ALIGN_FORMATS = ("json", "beads", "tsv", "tmx")
REPORT_KINDS = ("json", "html", "xlsx", "csv")


def _set(obj: object, name: str, value: Any) -> None:
    # Normalizing a field of a frozen dataclass in __post_init__.
    object.__setattr__(obj, name, value)


def check_unit(unit: str) -> str:
    """`unit` lower-cased and stripped, or InputError naming the choices."""
    norm = str(unit).strip().lower()
    if norm not in UNITS:
        raise InputError(None, f"--unit must be one of {', '.join(UNITS)}, not {unit!r}")
    return norm


def check_align_format(fmt: str) -> str:
    """`fmt` lower-cased and stripped, or InputError naming the choices."""
    norm = str(fmt).strip().lower()
    if norm not in ALIGN_FORMATS:
        raise InputError(None, f"--format must be one of {', '.join(ALIGN_FORMATS)}, not {fmt!r}")
    return norm


@dataclass(frozen=True)
class AlignRequest:
    """Align a Chinese document with its English version (`zhenqa align`).

    - `unit`: ``sentence`` or ``paragraph``; `presplit`: each non-blank line is one unit.
    - `translations`: English MT of the Chinese lines, one per line (only with `presplit`);
      when given, no model is loaded.
    - `model`: see `ModelSpec`; `force`: align even documents that do not look parallel.
    - `config`: the aligner's settings (None: the defaults); `terms`: (zh, en) pairs the
      aligner's lexicon also uses (from the termbases of a QA run).
    """

    zh: Path
    en: Path
    unit: str = "sentence"
    presplit: bool = False
    translations: Path | None = None
    model: ModelSpec = "auto"
    force: bool = False
    config: AlignConfig | None = None
    terms: Sequence[tuple[str, str]] | None = None

    def __post_init__(self) -> None:
        _set(self, "zh", Path(self.zh))
        _set(self, "en", Path(self.en))
        _set(self, "unit", check_unit(self.unit))
        if self.translations is not None:
            _set(self, "translations", Path(self.translations))
            if not self.presplit:
                raise InputError(self.translations, "--translations needs --presplit: translations are "
                                                    "matched to the Chinese file line by line")


@dataclass
class AlignResult:
    """An alignment, whether MT took part (and why not), and how long it took."""

    alignment: Alignment
    mt: MTStatus
    seconds: float

    def note(self) -> str | None:
        """The line `zhenqa align` prints on stderr after success, or None."""
        return self.mt.note("aligned without MT similarity and without proposals for unaligned Chinese")


@dataclass(frozen=True)
class QARequest:
    """Check a bitext, or two documents aligned first (`zhenqa qa`).

    Exactly one of (`zh`, `en`) or `bitext`. `termbases`: files or ``unterm:countries``;
    `countries` adds the latter. `config`: QA settings over the defaults; `ignore`: ignore
    files of accepted findings; `only`: the check ids to run (None: every enabled one).
    `unit`, `presplit`, `force` and `model` are those of `AlignRequest` (`model` also gives
    MT proposals and chrF/BLEU scores).
    """

    zh: Path | None = None
    en: Path | None = None
    bitext: Path | None = None
    termbases: tuple[str, ...] = ()
    countries: bool = False
    config: Path | None = None
    ignore: tuple[Path, ...] = ()
    model: ModelSpec = "auto"
    unit: str = "sentence"
    presplit: bool = False
    force: bool = False
    only: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.bitext is not None and (self.zh is not None or self.en is not None):
            raise InputError(None, "give either ZH EN or --bitext FILE, not both")
        if self.bitext is None and (self.zh is None or self.en is None):
            raise InputError(None, "give two documents ZH EN, or --bitext FILE")
        for name in ("zh", "en", "bitext", "config"):
            value = getattr(self, name)
            if value is not None:
                _set(self, name, Path(value))
        _set(self, "termbases", tuple(str(t) for t in self.termbases))
        _set(self, "ignore", tuple(Path(p) for p in self.ignore))
        _set(self, "unit", check_unit(self.unit))
        if self.only is not None:
            from zhenqa.eval.checks import CHECKS

            wanted = tuple(c.strip() for c in self.only if c.strip())
            unknown = [c for c in wanted if c not in CHECKS]
            if unknown:
                raise InputError(None, f"--only: unknown check id(s) {', '.join(unknown)} "
                                       f"(known: {', '.join(CHECKS)})")
            _set(self, "only", wanted or None)

    @property
    def termbase_specs(self) -> list[str]:
        """The termbases to load, ``unterm:countries`` included when `countries` is set."""
        # here, not at the top: every command imports zhenqa.jobs, only the QA the termbase
        from zhenqa.corpora.termbase import termbase_specs

        return termbase_specs(self.termbases, self.countries)

    @property
    def inputs(self) -> list[Path]:
        """Every file this request reads: no output may overwrite one of them."""
        found = [self.bitext, self.zh, self.en, self.config, *self.ignore,
                 *(Path(t) for t in self.termbases)]
        return [p for p in found if p is not None]


@dataclass(frozen=True)
class ReportOutputs:
    """Where `write_reports` writes each report; None: not written."""

    json: Path | None = None
    html: Path | None = None
    xlsx: Path | None = None
    csv: Path | None = None

    def paths(self) -> list[Path]:
        """The requested outputs, in the order they are written."""
        return [p for p in (self.json, self.html, self.xlsx, self.csv) if p is not None]


@dataclass(frozen=True)
class TermsOutputs:
    """Where `zhenqa terms` writes each report (`pipeline.write_terms_reports`); None: not
    written. The JSON lists every reference of a rendering, the others a few each."""

    json: Path | None = None
    html: Path | None = None
    csv: Path | None = None
    xlsx: Path | None = None
    tbx: Path | None = None

    def paths(self) -> list[Path]:
        """The requested outputs, in the order they are written."""
        return [p for p in (self.json, self.html, self.csv, self.xlsx, self.tbx) if p is not None]


@dataclass
class QAContext:
    """What a QA run loads before it reads any segment: settings, termbases, ignore files and
    the MT choice. `load_qa_context` builds it from a request; a process that checks many
    pairs with the same options (`zhenqa batch`) builds it once and passes it to each run."""

    config: QAConfig
    termindex: TermIndex | None
    suppressions: SuppressionSet | None
    translator: Translator | None
    mt: MTStatus

    @property
    def terms(self) -> list[tuple[str, str]] | None:
        """The (zh, en) pairs of the termbases' accepted forms, for the aligner's lexicon."""
        if self.termindex is None:
            return None
        pairs = [(z, e) for c in self.termindex.concepts for z in c.zh for e in c.accepted]
        return pairs or None


@dataclass
class QAOutcome:
    """A QA run: the checks' result, whether MT took part (and why not), the time taken
    (`seconds`: for the person running it; the report itself holds no timing, so that two
    runs of the same input write the same bytes)."""

    result: QAResult
    mt: MTStatus
    seconds: float
    alignment: Alignment | None = None     # when two documents were aligned first
    _report: dict[str, Any] | None = field(default=None, repr=False)

    def report(self) -> dict[str, Any]:
        """The JSON report (`zhenqa qa --json`), built once."""
        if self._report is None:
            self._report = self.result.to_json()
        return self._report

    def note(self) -> str | None:
        """The line `zhenqa qa` prints on stderr after success, or None."""
        return self.mt.note()
