"""zhenqa: Chinese-to-English alignment and translation QA.

This package is thin on purpose: the pipeline that wires `corpora`, `align`, `models` and
`eval` together, and the typer CLI that users type.
"""
__version__ = "0.1.0"
