"""Alignment of a Chinese document with its English version.

Entry points: `align.aligner.align_documents` (two `corpora.model.Document`s in, an
`Alignment` of `Link`s out) and `align.aligner.to_bitext`; every weight and threshold is in
`align.config.AlignConfig`. Inside: `align.blocks` (headings and paragraphs, anchored by
labels and anchors), `align.sentence` (banded many-to-many sentence alignment),
`align.features` (coverage evidence), `align.dp` (the banded search), `align.lexicon`
(CC-CEDICT, jieba, lemmas), `align.tuning` (how the default weights were fitted).
"""
