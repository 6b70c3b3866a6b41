"""Machine translation: one `Translator` interface over two backends, a cache, fine-tuning.

Modules, lowest first (each imports only those above it; no cycle):

- `models.base`: the `Translator` protocol, `MTStatus`, `BatchTranslator` (what both
  backends share), device and decoding helpers, and the backend registry: backends are
  named there and imported on first use, as sacrebleu does for its tokenizers;
- `models.resolve`: which model a `--model` value names (hub id in the local Hugging Face
  cache, local directory, or none) and the model's identity;
- `models.cache`: on-disk translation cache keyed by model identity, settings and text;
- `models.marian` (transformers MarianMT) and `models.ct2` (CTranslate2, and the conversion
  of Marian directories): the backends;
- `models.translator`: `load_translator`, the one entry point the rest of zhenqa uses;
- `models.finetune`: adapting a Marian model to an organisation's aligned segments.

Nothing here imports torch, transformers, ctranslate2 or datasets at module level: commands
that need no model must start fast, and a machine without the `mt` extra still runs them.
Nothing here prints: the reason there is no MT comes back to the caller (`MTStatus`).
"""
