"""Documents and bitexts in and out: formats, layout, structure, anchors.

`corpora` depends on nothing else of zhenqa; every other package builds on it.
"""

from functools import lru_cache


@lru_cache(maxsize=1)
def tool_version() -> str:
    """Version of the installed zhenqa distribution, for TMX headers and signatures ("0"
    in a bare checkout). Here because `corpora` may not import `zhenqa`."""
    try:
        from importlib.metadata import version

        return version("zhenqa")
    except Exception:  # pragma: no cover - running from a bare checkout
        return "0"
