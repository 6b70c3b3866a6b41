"""`zhenqa terms`: how every term is rendered across a corpus, where renderings diverge,
and which recurring terms the termbase lacks.

Modules, in the order data flows: `corpus` (streaming segments from the inputs), `text`
(per-segment features), `candidates` (termhood and unithood), `association` (Dice with a
CC-CEDICT prior), `em` (IBM-1 translation probabilities learnt from the corpus), `mt` (MT
drafts, with a model), `renderings` (which English renders an occurrence, and why),
`decide` (one segment's decisions), `variants`,
`tally` (bounded aggregates), `run` (the three passes: `TermsRequest` -> `run_terms`),
`report` (JSON), `report_html`, `export` (CSV, XLSX, TBX). Termbase loading and matching
are `corpora.termbase`, shared with the QA's term checks.
"""
