"""`QAConfig`: which checks run, at what severity, with which thresholds.

The checks compute evidence; the thresholds that turn evidence into findings live here, in
one place, loaded from the packaged `qa_defaults.toml` and optionally overridden by a user
TOML file (`zhenqa qa --config QA.toml`). The user file names only what it changes; unknown
check ids and unknown keys are refused, because a typo that silently does nothing is worse
than an error.

Every report carries `QAConfig.signature()`: like a sacreBLEU signature, it says how the
findings were produced (tool version, checks enabled, a digest of every threshold), so that
finding counts of two runs are compared only when they were produced the same way.
"""
from __future__ import annotations

import copy
import hashlib
import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zhenqa.corpora import tool_version
from zhenqa.corpora.errors import InputError

SEVERITIES = ("error", "warning", "info")
_DEFAULTS_NAME = "qa_defaults.toml"


class MissingSetting(KeyError):
    """A check read a setting that `qa_defaults.toml` does not define."""

    def __init__(self, check: str, name: str):
        super().__init__(f"checks.{check}.{name} is read by the check but not defined in "
                         f"{_DEFAULTS_NAME}")
        self.check = check
        self.name = name

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class CheckConfig:
    """One check's settings: enabled, default severity, thresholds (`params`)."""

    id: str
    enabled: bool
    severity: str
    params: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        """The setting `name`. Every setting a check reads has its default in
        `qa_defaults.toml` (the one source of defaults; a user file inherits what it does not
        name), so a missing one is a bug in the check or the defaults, never a user error:
        it fails loudly rather than falling back on a second, silent default."""
        try:
            return self.params[name]
        except KeyError:
            raise MissingSetting(self.id, name) from None


def _load_defaults() -> dict[str, Any]:
    # Beside this module (package data); importlib.resources trips over the editable
    # install's namespace mapping of a package named "eval".
    text = (Path(__file__).resolve().parent / _DEFAULTS_NAME).read_text(encoding="utf-8")
    return tomllib.loads(text)


def _toml_error(path: str | os.PathLike[str], exc: tomllib.TOMLDecodeError) -> InputError:
    msg = str(exc)
    m = re.search(r"\(at line (\d+), column \d+\)", msg)
    line = int(m.group(1)) if m else None
    problem = re.sub(r" \(at line.*", "", msg)
    return InputError(path, f"invalid TOML: {problem}", line=line)


@dataclass
class QAConfig:
    """All checks' settings. Build with `QAConfig.load(path_or_None)`."""

    checks: dict[str, CheckConfig]
    source: str = "defaults"
    raw: dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None,
             overrides: dict[str, Any] | None = None) -> "QAConfig":
        """Defaults, then the user's TOML file (if any), then `overrides` (a dict of the same
        shape, for programmatic use and tests)."""
        data = _load_defaults()
        source = "defaults"
        if path is not None:
            try:
                text = open(path, "rb").read().decode("utf-8-sig")
            except FileNotFoundError:
                raise InputError(path, "no such file") from None
            except UnicodeDecodeError:
                raise InputError(path, "not UTF-8 text") from None
            except OSError as exc:
                raise InputError(path, f"cannot read: {exc.strerror}") from None
            try:
                user = tomllib.loads(text)
            except tomllib.TOMLDecodeError as exc:
                raise _toml_error(path, exc) from None
            data = _merge(data, user, path)
            source = str(path)
        if overrides:
            data = _merge(data, overrides, "<overrides>")
        return cls._from_dict(data, source)

    @classmethod
    def _from_dict(cls, data: dict[str, Any], source: str) -> "QAConfig":
        checks: dict[str, CheckConfig] = {}
        for cid, body in data.get("checks", {}).items():
            params = {k: v for k, v in body.items() if k not in ("enabled", "severity")}
            if "severity" not in body:
                raise MissingSetting(cid, "severity")
            severity = body["severity"]
            if severity not in SEVERITIES:
                raise InputError(source, f"checks.{cid}.severity must be one of "
                                         f"{', '.join(SEVERITIES)}, not {severity!r}")
            for key, value in params.items():
                if key.endswith("_severity") and value not in SEVERITIES:
                    raise InputError(source, f"checks.{cid}.{key} must be one of "
                                             f"{', '.join(SEVERITIES)}, not {value!r}")
            checks[cid] = CheckConfig(cid, bool(body.get("enabled", True)), severity, params)
        return cls(checks=checks, source=source, raw=data)

    def check(self, cid: str) -> CheckConfig:
        return self.checks[cid]

    def enabled(self, cid: str) -> bool:
        c = self.checks.get(cid)
        return bool(c and c.enabled)

    def canonical(self) -> str:
        """Canonical JSON of every setting (sorted keys): what the signature digests."""
        return json.dumps(self.raw, sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    def signature(self) -> str:
        """``zhenqa-qa:0.1.0|checks:19|cfg:1a2b3c4d`` plus ``|src:user`` for a user file.

        The digest covers every threshold and severity, so the same signature means the
        same decisions."""
        digest = hashlib.sha256(self.canonical().encode("utf-8")).hexdigest()[:8]
        enabled = sum(1 for c in self.checks.values() if c.enabled)
        sig = f"zhenqa-qa:{tool_version()}|checks:{enabled}|cfg:{digest}"
        if self.source != "defaults":
            sig += "|src:user"
        return sig


def _merge(base: dict[str, Any], user: dict[str, Any],
           path: str | os.PathLike[str]) -> dict[str, Any]:
    """Overlay `user` onto `base`, refusing unknown sections, check ids and keys."""
    out = copy.deepcopy(base)
    for section, body in user.items():
        if section != "checks":
            raise InputError(path, f"unknown section [{section}] (expected [checks.<id>])")
        if not isinstance(body, dict):
            raise InputError(path, "[checks] must be a table of check tables")
        for cid, settings in body.items():
            if cid not in out["checks"]:
                known = ", ".join(sorted(out["checks"]))
                raise InputError(path, f"unknown check id {cid!r} (known: {known})")
            if not isinstance(settings, dict):
                raise InputError(path, f"[checks.{cid}] must be a table")
            for key, value in settings.items():
                if key == "enabled" and isinstance(value, bool):
                    out["checks"][cid]["enabled"] = value
                    continue
                if key not in out["checks"][cid]:
                    known = ", ".join(sorted(out["checks"][cid]))
                    raise InputError(path, f"unknown setting checks.{cid}.{key} "
                                           f"(known: {known})")
                default = out["checks"][cid][key]
                if isinstance(default, bool) != isinstance(value, bool) or (
                        isinstance(default, (int, float)) and not isinstance(value, (int, float))) or (
                        isinstance(default, (str, list)) and type(default) is not type(value)):
                    raise InputError(path, f"checks.{cid}.{key} must be "
                                           f"{type(default).__name__}, not {type(value).__name__}")
                out["checks"][cid][key] = value
    return out
