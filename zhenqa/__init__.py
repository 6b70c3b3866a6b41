"""zhenqa: Chinese-to-English alignment and translation QA.

This package is thin on purpose: the pipeline that wires `corpora`, `align`, `models` and
`eval` together, and the typer CLI that users type.
"""
from zhenqa.corpora import __version__ as __version__  # written once, in the lowest layer

__all__ = ["__version__"]
