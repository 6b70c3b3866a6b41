"""Documents and bitexts in and out: formats, layout, structure, anchors.

`corpora` depends on nothing else of zhenqa; every other package builds on it.
"""

#: The distribution's version, written here and only here: `corpora` is the lowest layer
#: and may import nothing of zhenqa's, yet TMX headers and report signatures need it, so
#: `zhenqa.__version__` and the build (pyproject's dynamic version) read it from here.
__version__ = "0.1.0"


def tool_version() -> str:
    """Version of zhenqa, for TMX headers and signatures.

    A constant, not `importlib.metadata.version("zhenqa")`: that import and the metadata
    lookup cost about 20 ms of every `zhenqa qa` start-up, and a checkout run without an
    install gets the right version too.
    """
    return __version__
