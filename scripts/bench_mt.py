#!/usr/bin/env python
"""MT speed and memory: transformers (fp32 CPU / fp16 GPU) vs CTranslate2 (int8 CPU / float16 GPU).

What is measured is what a real opus-mt-zh-en proposal run would cost, without needing the
300 MB download: a Marian model of exactly that architecture (d_model 512, 6+6 layers,
8 heads, FFN 2048, vocabulary 65,001, sinusoidal positions, swish, tied embeddings) with
random weights, SentencePiece models trained on the WMT23 zh-en text (the joint vocabulary
is padded to 65,001 entries as opus-mt's is), and 200 real Chinese sentences from
../shared/data. Random weights decode to arbitrary lengths, so every output is forced to
the same length (min = max = `--out-tokens` new tokens) on both backends: the work per
sentence is identical and the figure is the cost of `--out-tokens`-token translations.
The script checks that both backends generated the same number of tokens.

Each backend runs in its own worker process (so peak RSS is that backend's own footprint:
libraries, weights, activations), one after the other, with the same thread count, beam
size and batch size, through zhenqa's own backend classes (tokenization, length-sorted
batching and decoding included; the translation cache is bypassed). A short warm-up batch
is not timed; loading is reported apart. The two backends run in interleaved rounds
(transformers, CTranslate2, transformers, ...) and each one's fastest round counts, so that
load from other processes on a shared machine distorts the ratio as little as possible.

    .venv/bin/python scripts/bench_mt.py                      # CPU: fp32 vs int8
    .venv/bin/python scripts/bench_mt.py --device cuda        # GPU: fp16 vs float16
    .venv/bin/python scripts/bench_mt.py --beam-size 1 --threads 4 --out-tokens 32

Target: CTranslate2 int8 >= 3x transformers fp32 on CPU. The last line is exactly
``ct2_speedup=<sentences/s ratio>``.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

VOCAB_SIZE = 65001          # opus-mt-zh-en: 65,000 pieces + <pad>
ARCH = dict(d_model=512, encoder_layers=6, decoder_layers=6, encoder_attention_heads=8,
            decoder_attention_heads=8, encoder_ffn_dim=2048, decoder_ffn_dim=2048,
            max_position_embeddings=512, activation_function="swish")


def default_data() -> Path:
    return Path(os.environ.get("ZHENQA_SHARED", REPO.parent / "shared")) / "data"


def pick_sentences(data: Path, n: int, offset: int) -> list[str]:
    """`n` real Chinese sentences (10-160 characters) of the WMT23 zh-en source, from `offset`.

    The first ~400 lines are an OCR-noisy national standard; the default offset skips them.
    """
    lines = (data / "wmt23_generaltest_zh_en" / "generaltest2023.zh-en.src.zh").read_text(encoding="utf-8").split("\n")
    picked = [s.strip() for s in lines[offset:] if 10 <= len(s.strip()) <= 160]
    if len(picked) < n:
        sys.exit(f"bench_mt: only {len(picked)} usable sentences after line {offset}")
    return picked[:n]


def build_model(out: Path, data: Path, seed: int) -> None:
    """A random-weight Marian with opus-mt-zh-en's architecture and a 65,001-entry vocab."""
    import io

    import sentencepiece as spm
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    wmt = data / "wmt23_generaltest_zh_en"
    out.mkdir(parents=True)
    for name, text_file, coverage in (("source.spm", "generaltest2023.zh-en.src.zh", 0.9995),
                                      ("target.spm", "generaltest2023.zh-en.ref.refA.en", 1.0)):
        lines = [x for x in (wmt / text_file).read_text(encoding="utf-8").split("\n") if x.strip()]
        buf = io.BytesIO()
        spm.SentencePieceTrainer.train(sentence_iterator=iter(lines), model_writer=buf, vocab_size=8000,
                                       model_type="unigram", character_coverage=coverage, hard_vocab_limit=False,
                                       unk_id=0, bos_id=1, eos_id=2, pad_id=-1, minloglevel=2, num_threads=2)
        (out / name).write_bytes(buf.getvalue())
    vocab: dict[str, int] = {"</s>": 0, "<unk>": 1}
    for name in ("source.spm", "target.spm"):
        sp = spm.SentencePieceProcessor(model_file=str(out / name))
        for i in range(sp.get_piece_size()):
            if not (sp.is_control(i) or sp.is_unknown(i)):
                vocab.setdefault(sp.id_to_piece(i), len(vocab))
    filler = 0
    while len(vocab) < VOCAB_SIZE - 1:      # opus-mt's vocabulary size, pad last
        vocab.setdefault(f"<filler{filler}>", len(vocab))
        filler += 1
    pad = len(vocab)
    vocab["<pad>"] = pad
    (out / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    MarianTokenizer(source_spm=str(out / "source.spm"), target_spm=str(out / "target.spm"),
                    vocab=str(out / "vocab.json"), source_lang="zh", target_lang="en").save_pretrained(out)
    config = MarianConfig(vocab_size=VOCAB_SIZE, decoder_vocab_size=VOCAB_SIZE, pad_token_id=pad,
                          decoder_start_token_id=pad, eos_token_id=0, forced_eos_token_id=0,
                          scale_embedding=True, share_encoder_decoder_embeddings=True,
                          tie_word_embeddings=True, **ARCH)
    torch.manual_seed(seed)
    model = MarianMTModel(config)
    with torch.no_grad():
        model.get_input_embeddings().weight[pad].zero_()
    model.generation_config = GenerationConfig(bad_words_ids=[[pad]], decoder_start_token_id=pad, eos_token_id=0,
                                               forced_eos_token_id=0, pad_token_id=pad, num_beams=4, max_length=512)
    model.save_pretrained(out)


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM).

    Not getrusage's ru_maxrss: on Linux that survives exec, so a worker started by a parent
    that holds a model would report the parent's peak.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024   # other systems


def worker(args: argparse.Namespace) -> None:
    """Load one backend, warm up, translate the sentences, print one JSON line of figures."""
    sentences = json.loads(Path(args.sentences_file).read_text(encoding="utf-8"))
    os.environ["ZHENQA_THREADS"] = str(args.threads)
    t0 = time.perf_counter()
    common = dict(device=args.device, beam_size=args.beam_size, max_length=args.out_tokens,
                  batch_size=args.batch_size, min_length=args.out_tokens)
    if args.worker == "transformers":
        from zhenqa.models.marian import MarianTranslator

        mt = MarianTranslator.load(args.model, "bench", **common)
        label = "transformers " + ("fp16" if args.device == "cuda" else "fp32")
    else:
        from zhenqa.models.ct2 import CT2Translator

        mt = CT2Translator.load(args.model, "bench", **common)
        label = f"ctranslate2 {mt.compute_type}"
    load_s = time.perf_counter() - t0
    mt.translate(sentences[-4:])            # warm-up: allocators, kernels, caches
    mt.tokens_generated = 0
    t1 = time.perf_counter()
    hyps = mt.translate(sentences)
    if args.device == "cuda" and args.worker == "transformers":
        import torch

        torch.cuda.synchronize()
    seconds = time.perf_counter() - t1
    figures = {
        "label": label, "load_s": load_s, "seconds": seconds, "sentences": len(sentences),
        "tokens": mt.tokens_generated, "nonempty": sum(1 for h in hyps if h),
        "peak_rss_mb": peak_rss_mb(),
    }
    if args.device == "cuda" and args.worker == "transformers":
        import torch

        figures["gpu_peak_mb"] = torch.cuda.max_memory_allocated() / 2**20
    print(json.dumps(figures))


def run_worker(kind: str, model: Path, sentences_file: Path, args: argparse.Namespace) -> dict:
    cmd = [sys.executable, __file__, "--worker", kind, "--model", str(model), "--sentences-file", str(sentences_file),
           "--device", args.device, "--threads", str(args.threads), "--beam-size", str(args.beam_size),
           "--batch-size", str(args.batch_size), "--out-tokens", str(args.out_tokens)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO,
                          env={**os.environ, "HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": str(args.threads)})
    if proc.returncode != 0:
        sys.exit(f"bench_mt: {kind} worker failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def best_of(rows: list[dict]) -> dict:
    """The fastest round (least disturbed by other load); peak memory is the highest seen."""
    best = dict(min(rows, key=lambda r: r["seconds"]))
    best["peak_rss_mb"] = max(r["peak_rss_mb"] for r in rows)
    best["all_seconds"] = [r["seconds"] for r in rows]
    return best


def check_device(device: str) -> None:
    """Fail at once, with a reason, when --device cuda cannot run here."""
    if device != "cuda":
        return
    import ctranslate2
    import torch

    problems = []
    if not torch.cuda.is_available():
        problems.append("torch sees no CUDA device (is this the CPU build of torch?)")
    if ctranslate2.get_cuda_device_count() == 0:
        problems.append("CTranslate2 sees no CUDA device")
    if problems:
        sys.exit("bench_mt: --device cuda: " + "; ".join(problems))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    parser.add_argument("--sentences", type=int, default=200)
    parser.add_argument("--offset", type=int, default=600, help="first WMT23 source line to draw from")
    parser.add_argument("--out-tokens", type=int, default=32, help="forced output length in tokens")
    parser.add_argument("--beam-size", type=int, default=4)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--threads", type=int, default=None, help="CPU threads for both (default: all available)")
    parser.add_argument("--quantization", default=None, help="CTranslate2 weights (default int8 CPU / float16 GPU)")
    parser.add_argument("--data", type=Path, default=default_data())
    parser.add_argument("--workdir", type=Path, default=None, help="keep the built models here (reused if present)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=2, help="interleaved runs per backend; the fastest counts")
    parser.add_argument("--worker", choices=("transformers", "ctranslate2"), help=argparse.SUPPRESS)
    parser.add_argument("--model", help=argparse.SUPPRESS)
    parser.add_argument("--sentences-file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.threads is None:
        from zhenqa.models.translator import available_cpus

        args.threads = available_cpus()
    if args.worker:
        worker(args)
        return
    check_device(args.device)
    quantization = args.quantization or ("float16" if args.device == "cuda" else "int8")
    work = args.workdir or Path(tempfile.mkdtemp(prefix="zhenqa-bench-mt-"))
    try:
        hf_dir, ct2_dir = work / "marian-random", work / f"ct2-{quantization}"
        t0 = time.perf_counter()
        if not (hf_dir / "model.safetensors").is_file():
            shutil.rmtree(hf_dir, ignore_errors=True)
            build_model(hf_dir, args.data, args.seed)
        if not (ct2_dir / "model.bin").is_file():
            from zhenqa.models.ct2 import convert_marian

            convert_marian(str(hf_dir), ct2_dir, quantization, force=True)
        prep_s = time.perf_counter() - t0
        sentences = pick_sentences(args.data, args.sentences, args.offset)
        sentences_file = work / "sentences.json"
        sentences_file.write_text(json.dumps(sentences, ensure_ascii=False), encoding="utf-8")

        runs: dict[str, list[dict]] = {"transformers": [], "ctranslate2": []}
        for _ in range(args.rounds):      # interleaved, so both see the same machine load
            runs["transformers"].append(run_worker("transformers", hf_dir, sentences_file, args))
            runs["ctranslate2"].append(run_worker("ctranslate2", ct2_dir, sentences_file, args))
        base, fast = (best_of(runs[k]) for k in ("transformers", "ctranslate2"))
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)

    chars = sum(len(s) for s in sentences) / len(sentences)
    print(f"MT benchmark, device {args.device}: {len(sentences)} WMT23 zh sentences (mean {chars:.0f} chars), "
          f"opus-mt-zh-en architecture with random weights ({VOCAB_SIZE:,} vocab)")
    print(f"beam {args.beam_size}, batch {args.batch_size}, forced {args.out_tokens} output tokens, "
          f"{args.threads} threads, best of {args.rounds} interleaved rounds; models built/converted in {prep_s:.1f} s")
    print()
    header = f"{'backend':<24}{'load s':>8}{'time s':>9}{'sent/s':>9}{'tok/s':>9}{'peak RSS MB':>13}{'speed x':>9}{'RSS x':>7}"
    print(header)
    print("-" * len(header))
    for row in (base, fast):
        sps = row["sentences"] / row["seconds"]
        print(f"{row['label']:<24}{row['load_s']:>8.2f}{row['seconds']:>9.2f}{sps:>9.2f}"
              f"{row['tokens'] / row['seconds']:>9.0f}{row['peak_rss_mb']:>13.0f}"
              f"{sps / (base['sentences'] / base['seconds']):>9.2f}{row['peak_rss_mb'] / base['peak_rss_mb']:>7.2f}")
    for row in (base, fast):
        print(f"  {row['label']}: rounds took " + ", ".join(f"{x:.2f}" for x in row["all_seconds"]) + " s")
    if "gpu_peak_mb" in base:
        print(f"(transformers peak GPU memory {base['gpu_peak_mb']:.0f} MB)")
    expected = args.out_tokens * len(sentences)
    for row in (base, fast):
        if row["tokens"] != expected:
            print(f"WARNING: {row['label']} generated {row['tokens']} tokens, expected {expected}: "
                  "the work is not identical", file=sys.stderr)
    print()
    speedup = (fast["sentences"] / fast["seconds"]) / (base["sentences"] / base["seconds"])
    print(f"ct2_speedup={speedup:.2f}")


if __name__ == "__main__":
    main()
