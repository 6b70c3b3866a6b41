"""Alignment of a Chinese document with its English version.

Entry points: `align.aligner.align_documents` (two `corpora.model.Document`s in, an
`Alignment` of `Link`s out) and `align.aligner.to_bitext`; every weight and threshold is in
`align.config.AlignConfig`. Inside: `align.blocks` (headings and paragraphs, anchored by
labels and anchors), `align.channels` (the evidence: lexicon, MT n-grams, anchors,
punctuation), `align.sentence` (banded many-to-many sentence alignment: bead scores,
calibration, search), `align.features` (coverage arithmetic), `align.dp` (the banded
search), `align.em` (IBM Model 1 translation probabilities, shared with the QA and the
term report), `align.relearn` (word pairs learnt from the first pass), `align.tuning`
(how the default weights were fitted). The lexicon, the segmenter and the English
lemmatizer are in `corpora.lang` (`align.lexicon` keeps the old names importable).
"""
