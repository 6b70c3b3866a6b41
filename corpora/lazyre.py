"""Regexes compiled on first use, for modules that define many at import time.

Compiling a pattern costs 0.1-1 ms; `anchors`, `structure`, `layout` and `numbers` define
well over a hundred between them, about 30 ms that every command paid at start-up, while a
given text reaches only some of them (`anchors` gates each pass on a cheap test). See
docs/startup.md.
"""
from __future__ import annotations

import re
from typing import Any, cast

__all__ = ["lazy_compile"]

#: The methods of `re.Pattern` the proxy forwards (attributes such as `.groups` are not).
_METHODS = ("match", "search", "fullmatch", "finditer", "findall", "sub", "subn", "split")


class LazyPattern:
    """Stands for `re.compile(pattern, flags)` until the first call of one of `_METHODS`.

    That call compiles the pattern and puts the compiled pattern's bound methods on the
    instance, where they shadow the class's forwarding methods: every later call goes
    straight to `re`, with no wrapper in between.
    """

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self.flags = flags

    def compile(self) -> re.Pattern[str]:
        compiled = re.compile(self.pattern, self.flags)
        for name in _METHODS:
            setattr(self, name, getattr(compiled, name))
        return compiled

    def match(self, *args: Any) -> Any:
        return self.compile().match(*args)

    def search(self, *args: Any) -> Any:
        return self.compile().search(*args)

    def fullmatch(self, *args: Any) -> Any:
        return self.compile().fullmatch(*args)

    def finditer(self, *args: Any) -> Any:
        return self.compile().finditer(*args)

    def findall(self, *args: Any) -> Any:
        return self.compile().findall(*args)

    def sub(self, *args: Any, **kwargs: Any) -> Any:
        return self.compile().sub(*args, **kwargs)

    def subn(self, *args: Any, **kwargs: Any) -> Any:
        return self.compile().subn(*args, **kwargs)

    def split(self, *args: Any, **kwargs: Any) -> Any:
        return self.compile().split(*args, **kwargs)

    def __repr__(self) -> str:
        return f"lazy_compile({self.pattern!r}, {self.flags!r})"


def lazy_compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, deferred to the first match.

    Typed as the pattern it stands for; only the methods in `_METHODS` and `.pattern` /
    `.flags` may be used (a syntax error in `pattern` shows at the first match, which the
    tests of each module reach).
    """
    return cast("re.Pattern[str]", LazyPattern(pattern, flags))
