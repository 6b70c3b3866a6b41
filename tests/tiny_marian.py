"""Build a tiny Marian zh-en model from scratch, laid out like an opus-mt checkpoint.

Every MT code path (loading by path, both backends, the cache, fine-tuning) is tested
against this model, so no test needs the network or a 300 MB download. The model is real
in every way that matters to our code:

- SentencePiece models `source.spm` (Chinese) and `target.spm` (English) trained on
  Tatoeba pairs read at build time from ../shared/data (nothing is copied into the repo);
- a joint `vocab.json` laid out as the opus-mt conversion lays it out: ``</s>`` = 0,
  ``<unk>`` = 1, the pieces of both SentencePiece models, and ``<pad>`` last (CTranslate2's
  Marian loader relies on that: it drops the last row as the pad row);
- a `MarianConfig` with opus-mt's conventions (pad = decoder start = last id, eos 0,
  scaled embeddings, shared and tied embeddings, swish), tiny sizes;
- weights trained for a few seconds with a fixed seed, and the pad embedding row kept at
  zero, as in the converted opus-mt checkpoints (CTranslate2 starts decoding from a zero
  vector where transformers looks up the pad row).

`build_tiny_marian(out)` returns the model directory; `tatoeba_pairs()` gives the pairs
(also used by the fine-tuning tests as in-domain data the model has not seen).
"""
from __future__ import annotations

import gzip
import io
import json
import os
import random
from pathlib import Path

#: Pairs used to build the model; later pairs are left for fine-tuning tests.
TRAIN_PAIRS = 800

_REPO = Path(__file__).resolve().parents[1]


def _data_dir() -> Path:
    shared = Path(os.environ.get("ZHENQA_SHARED", _REPO.parent / "shared")).resolve()
    return shared / "data"


def tatoeba_pairs(limit: int = 1200, data_dir: Path | None = None) -> list[tuple[str, str]]:
    """Short (zh, en) pairs from the Tatoeba export, every 10th line of its short part.

    The export is sorted by English length, so sampling every 10th line of the first
    ~12,000 gives varied short sentences (1-8 words) a tiny model learns from quickly.
    """
    path = (data_dir or _data_dir()) / "tatoeba_manythings_cmn_eng" / "cmn.txt.gz"
    pairs: list[tuple[str, str]] = []
    with gzip.open(path, "rt", encoding="utf-8-sig") as handle:
        for i, line in enumerate(handle):
            if i % 10:
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 2 or not cols[0].strip() or not cols[1].strip():
                continue
            pairs.append((cols[1].strip(), cols[0].strip()))
            if len(pairs) >= limit:
                break
    return pairs


def _train_spm(lines: list[str], vocab_size: int, coverage: float) -> bytes:
    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines), model_writer=model, vocab_size=vocab_size,
        model_type="unigram", character_coverage=coverage, hard_vocab_limit=False,
        # opus-mt's SentencePiece models: <unk> 0, <s> 1, </s> 2.
        unk_id=0, bos_id=1, eos_id=2, pad_id=-1,
        num_threads=1, minloglevel=2, seed_sentencepiece_size=100000,
    )
    return model.getvalue()


def _spm_pieces(model_bytes: bytes) -> list[str]:
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_proto=model_bytes)
    return [sp.id_to_piece(i) for i in range(sp.get_piece_size())
            if not (sp.is_control(i) or sp.is_unknown(i))]


def build_tiny_marian(out_dir: Path, *, steps: int = 250, seed: int = 0, d_model: int = 64,
                      layers: int = 2) -> Path:
    """Write a tiny trained Marian zh-en model to `out_dir` (created) and return it."""
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    pairs = tatoeba_pairs()[:TRAIN_PAIRS]
    zh_lines = [zh for zh, _ in pairs]
    en_lines = [en for _, en in pairs]

    (out_dir / "source.spm").write_bytes(_train_spm(zh_lines, 1200, 0.9995))
    (out_dir / "target.spm").write_bytes(_train_spm(en_lines, 500, 1.0))
    vocab: dict[str, int] = {"</s>": 0, "<unk>": 1}
    for piece in _spm_pieces((out_dir / "source.spm").read_bytes()) + _spm_pieces((out_dir / "target.spm").read_bytes()):
        vocab.setdefault(piece, len(vocab))
    pad_id = len(vocab)
    vocab["<pad>"] = pad_id
    (out_dir / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=1), encoding="utf-8")

    tokenizer = MarianTokenizer(
        source_spm=str(out_dir / "source.spm"), target_spm=str(out_dir / "target.spm"),
        vocab=str(out_dir / "vocab.json"), source_lang="zh", target_lang="en",
    )
    tokenizer.save_pretrained(out_dir)

    config = MarianConfig(
        vocab_size=len(vocab), decoder_vocab_size=len(vocab), d_model=d_model,
        encoder_layers=layers, decoder_layers=layers,
        encoder_attention_heads=4, decoder_attention_heads=4,
        encoder_ffn_dim=d_model * 2, decoder_ffn_dim=d_model * 2,
        max_position_embeddings=128, activation_function="swish",
        pad_token_id=pad_id, decoder_start_token_id=pad_id, eos_token_id=0, forced_eos_token_id=0,
        scale_embedding=True, share_encoder_decoder_embeddings=True, tie_word_embeddings=True,
        dropout=0.0, attention_dropout=0.0, activation_dropout=0.0,
    )
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # tiny matrices: one thread is fastest and is deterministic
    torch.manual_seed(seed)
    rng = random.Random(seed)
    model = MarianMTModel(config)
    with torch.no_grad():
        model.get_input_embeddings().weight[pad_id].zero_()

    features = tokenizer(zh_lines, text_target=en_lines, truncation=True, max_length=64)
    examples = list(zip(features["input_ids"], features["labels"]))
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3)
    model.train()
    batch_size = 32
    for _ in range(steps):
        batch = rng.sample(examples, batch_size)
        src_len = max(len(s) for s, _ in batch)
        tgt_len = max(len(t) for _, t in batch)
        input_ids = torch.full((batch_size, src_len), pad_id)
        attention = torch.zeros((batch_size, src_len), dtype=torch.long)
        labels = torch.full((batch_size, tgt_len), -100)
        for i, (src, tgt) in enumerate(batch):
            input_ids[i, : len(src)] = torch.tensor(src)
            attention[i, : len(src)] = 1
            labels[i, : len(tgt)] = torch.tensor(tgt)
        loss = model(input_ids=input_ids, attention_mask=attention, labels=labels).loss
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        with torch.no_grad():  # the tied output projection moves it; keep it at zero
            model.get_input_embeddings().weight[pad_id].zero_()
    model.eval()
    torch.set_num_threads(threads)
    model.generation_config = GenerationConfig(
        bad_words_ids=[[pad_id]], decoder_start_token_id=pad_id, eos_token_id=0,
        forced_eos_token_id=0, pad_token_id=pad_id, max_length=64, num_beams=4,
    )
    model.save_pretrained(out_dir)
    return out_dir


if __name__ == "__main__":  # build one by hand: python tests/tiny_marian.py OUT
    import sys
    import time

    t0 = time.time()
    print(build_tiny_marian(Path(sys.argv[1])), f"{time.time() - t0:.1f} s")


def isolate_mt_env(monkeypatch, root: Path) -> None:
    """Point every MT cache at `root` and use one CPU thread (tests share a small machine).

    The Hugging Face cache is an empty directory, so the default model is never found and
    nothing outside the test's own files can be read.
    """
    monkeypatch.setenv("ZHENQA_CACHE_DIR", str(root / "zhenqa-cache"))
    monkeypatch.setenv("HF_HUB_CACHE", str(root / "hf-hub"))
    monkeypatch.setenv("ZHENQA_THREADS", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
