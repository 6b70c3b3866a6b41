"""Documents and bitexts in and out: formats, layout, structure, anchors.

`corpora` depends on nothing else of zhenqa; every other package builds on it.
"""
