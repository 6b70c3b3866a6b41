"""Machine translation: one `Translator` interface over two backends, a cache, fine-tuning.

- `models.translator`: the interface, model resolution (hub id in the local Hugging Face
  cache, local directory, or none) and `load_translator`, the one entry point the rest of
  zhenqa uses;
- `models.marian`: transformers MarianMT backend;
- `models.ct2`: CTranslate2 backend and the conversion of Marian directories;
- `models.cache`: on-disk translation cache keyed by model identity, settings and text;
- `models.finetune`: adapting a Marian model to an organisation's aligned segments.

Nothing here imports torch, transformers, ctranslate2 or datasets at module level: commands
that need no model must start fast, and a machine without the `mt` extra still runs them.
"""
