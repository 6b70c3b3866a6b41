#!/usr/bin/env python
"""Alignment quality and speed, measured against gold (issue: alignment engine).

Tables:
1. MAC-Dev (6 literary chapters, Bertalign's development set): strict/lax P/R/F1 without
   MT and with the Google MT in mt_google/, per document and summed (micro), with time.
2. The Bible pair (5,000 English / 6,301 Chinese sentences; its gold lists English first).
3. UDHR at paragraph level (gold from the article structure; the Chinese extra note and
   the preamble's 1-3 merge are part of it).
4. Scaling: the six MAC-Dev chapters concatenated 1x, 4x, 16x, with time ratios against
   1x in the same process (linear growth means ratios near 4 and 16).

The lexicon cache and jieba are loaded once before timing (their one-off cost is printed
separately); no MT model is loaded anywhere. The last line is
``mac_dev_f1=<no MT> mac_dev_f1_mt=<with MT> seconds=<6 chapters, no MT>``.

Options: --quick (MAC-Dev and UDHR only), --no-scaling, --train (refit the bead-score
weights on MAC-Dev with the averaged perceptron of `align.tuning` and print them, with
leave-one-document-out figures), --profile (cProfile of the 6 chapters, no MT).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
# "on one core": keep numpy's BLAS to one thread (set before numpy is imported)
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from zhenqa.align.aligner import align_documents  # noqa: E402
from zhenqa.align.config import AlignConfig  # noqa: E402
from zhenqa.align.lexicon import load_lexicon, warm_up  # noqa: E402
from zhenqa.corpora.model import Document  # noqa: E402
from zhenqa.corpora.readers import parse_text, read_document  # noqa: E402
from zhenqa.eval.align_metrics import Counts, count_hits, read_beads, scores_from_counts, swap_beads  # noqa: E402

SHARED = Path(os.environ.get("ZHENQA_SHARED", REPO.parent / "shared"))
DATA = SHARED / "data"
MAC = DATA / "bertalign_mac_dev"
BIBLE = DATA / "bertalign_bible_zh_en"
UDHR = DATA / "udhr_zh_en"
MAC_DOCS = ("001", "002", "003", "004", "005", "006")


def read_lines(path: Path) -> list[str]:
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]


def presplit_doc(lines: list[str], lang: str) -> Document:
    return parse_text("\n".join(lines), lang, fmt="presplit")


def fmt_scores(s: dict) -> str:
    st, lx = s["strict"], s["lax"]
    return (f"{st['p']:.3f} {st['r']:.3f} {st['f1']:.3f}   {lx['p']:.3f} {lx['r']:.3f} {lx['f1']:.3f}")


HEADER = "strict P/R/F1        lax P/R/F1"


def mac_dev(config: AlignConfig, with_mt: bool, docs=MAC_DOCS
            ) -> tuple[Counts, float, list[tuple[str, dict, float]], float]:
    """Align the chapters; returns counts, alignment seconds, rows, reading seconds.

    Reading (corpora.readers: language check, anchors of every line) is timed apart from
    aligning, so that the aligner's own speed is what the seconds column shows."""
    total = Counts()
    rows = []
    seconds = 0.0
    reading = 0.0
    cpu = 0.0
    for name in docs:
        t0 = time.perf_counter()
        zh = read_document(MAC / "zh" / f"{name}.zh", "zh", presplit=True)
        en = read_document(MAC / "en" / f"{name}.en", "en", presplit=True)
        mt = read_lines(MAC / "mt_google" / f"{name}.zh2en") if with_mt else None
        t1 = time.perf_counter()
        reading += t1 - t0
        c1 = time.process_time()
        al = align_documents(zh, en, config=config, translations=mt)
        dt = time.perf_counter() - t1
        cpu += time.process_time() - c1
        seconds += dt
        c = count_hits(read_beads(MAC / "gold" / f"{name}.align"), al.beads())
        total = total + c
        rows.append((name, scores_from_counts(c), dt))
    mac_dev.cpu = cpu  # type: ignore[attr-defined]
    return total, seconds, rows, reading


def udhr_gold(zh: Document, en: Document) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Paragraph-level gold from the UDHR structure (see the data set's README): titles
    pair, the Chinese note paragraphs have no English, the preamble pairs paragraph by
    paragraph except its Chinese last paragraph against the three English ones, and every
    article pairs its heading and paragraphs in order."""
    def sections(doc: Document):
        out = []
        cur = None
        for k, u in enumerate(doc.units):
            if u.kind == "title":
                out.append(("title", [k]))
                cur = None
            elif u.kind == "note":
                out.append(("note", [k]))
            elif u.kind == "heading":
                cur = ("article:" + (u.label or "preamble"), [k])
                out.append(cur)
            else:
                assert cur is not None, f"unit {k} outside any section"
                cur[1].append(k)
        return out

    zs, es = sections(zh), sections(en)
    gold = []
    es_iter = iter(es)
    for kind, zunits in zs:
        if kind == "note":
            gold.extend(((k,), ()) for k in zunits)
            continue
        ekind, eunits = next(es_iter)
        assert ekind == kind, (kind, ekind)
        if len(zunits) == len(eunits):
            gold.extend(((a,), (b,)) for a, b in zip(zunits, eunits))
        else:
            assert kind == "article:preamble" and len(eunits) == len(zunits) + 2, (kind, len(zunits), len(eunits))
            gold.extend(((a,), (b,)) for a, b in zip(zunits[:-1], eunits[:len(zunits) - 1]))
            gold.append(((zunits[-1],), tuple(eunits[len(zunits) - 1:])))
    return gold


def merge_by_verse(beads, zh_verse: list[str], en_verse: list[str]):
    """Bertalign's Bible protocol: consecutive predicted beads that lie in one verse
    (on both sides, or one side empty) are merged before scoring, because the gold is
    verse-level (see bertalign bin/eval_bible.py)."""
    def verse(b):
        zs = {zh_verse[i] for i in b[0]} or {None}
        es = {en_verse[j] for j in b[1]} or {None}
        if len(zs) != 1 or len(es) != 1:
            return None
        z, e = next(iter(zs)), next(iter(es))
        if z is None or e is None or z == e:
            return z if z is not None else e
        return None

    out: list[tuple[list[int], list[int]]] = []
    last = None
    for b in beads:
        v = verse(b)
        if out and last is not None and v == last:
            out[-1][0].extend(b[0])
            out[-1][1].extend(b[1])
        else:
            out.append((list(b[0]), list(b[1])))
        last = v
    return [(tuple(z), tuple(e)) for z, e in out]


def concat_mac(times: int) -> tuple[Document, Document]:
    zh: list[str] = []
    en: list[str] = []
    for _ in range(times):
        for name in MAC_DOCS:
            zh += read_lines(MAC / "zh" / f"{name}.zh")
            en += read_lines(MAC / "en" / f"{name}.en")
    return presplit_doc(zh, "zh"), presplit_doc(en, "en")


def training_docs(config: AlignConfig, with_mt: bool):
    """MAC-Dev documents as the final pass of `align_documents` sees them: features after
    the lexicon re-learning step and the first-pass path."""
    from zhenqa.align.aligner import _doc_sentence_anchors, relearn_hook
    from zhenqa.align.sentence import align_features, build_features
    from zhenqa.align.tuning import TrainingDoc

    lex = load_lexicon()
    docs = []
    for name in MAC_DOCS:
        zd = read_document(MAC / "zh" / f"{name}.zh", "zh", presplit=True)
        ed = read_document(MAC / "en" / f"{name}.en", "en", presplit=True)
        zh = [u.text for u in zd.units]
        en = [u.text for u in ed.units]
        mt = read_lines(MAC / "mt_google" / f"{name}.zh2en") if with_mt else None
        feats = build_features(zh, en, lex, config, mt=mt, zh_anchors=_doc_sentence_anchors(zd),
                               en_anchors=_doc_sentence_anchors(ed))
        res = align_features(feats, config, after_first=relearn_hook(zh, en, lex, feats, config, {}))
        gold = [tuple(map(tuple, b)) for b in read_beads(MAC / "gold" / f"{name}.align")]
        docs.append(TrainingDoc(name, feats, gold, res.first))
    return docs


def train(config: AlignConfig, epochs: int = 16, rate: float = 0.005, exclude: tuple[str, ...] = (),
          loo: bool = True) -> None:
    """Refit the bead-score weights and the confidence model on MAC-Dev. With `epochs=0`
    the configured weights are kept and only the confidence model is refitted."""
    from zhenqa.align.sentence import align_features, bead_features_many
    from zhenqa.align.tuning import (confidence_inputs, evaluate, f1_from_counts, fit_confidence, strict_counts,
                              train_weights)

    rows: list[list[float]] = []
    correct: list[bool] = []
    for with_mt in (False, True):
        docs = training_docs(config, with_mt)
        from zhenqa.align.config import _hand_weights

        init = dict(_hand_weights())
        for key in ("order", "nbr_max", "gale_church"):
            init.setdefault(key, 1e-4)   # computed (and so learnable) from the first epoch
        for key in exclude:
            init.pop(key, None)
        print(f"\n== training weights ({'with' if with_mt else 'without'} MT); "
              f"start F1 {evaluate(docs, config, init):.4f}")
        if epochs:
            w = train_weights(docs, config, init, epochs=epochs, rate=rate, log=print, exclude=exclude)
        else:
            w = dict(config.weights_mt if with_mt else config.weights_lex)
        w = {k: v for k, v in w.items() if not k.startswith("type:")
             or tuple(map(int, k[5:].split("-"))) in config.sentence_beads}
        print("weights:", tuple(sorted(w.items())))
        for d in docs:
            res = align_features(d.feats, config, weights=w, first=d.first)
            gold = set(d.gold)
            both = [b for b in res.beads if b[0] and b[1]]
            for b, f in zip(both, bead_features_many(res, both, config, neighbours=True)):
                score = sum(w.get(k, 0.0) * v for k, v in f.items() if k in w)
                rows.append(confidence_inputs(f, score, len(b[0]) + len(b[1])))
                correct.append(b in gold)
        tp = npred = ngold = 0
        for d in docs if loo and epochs else ():
            wi = train_weights([x for x in docs if x is not d], config, init, epochs=epochs, rate=rate,
                               exclude=exclude)
            res = align_features(d.feats, config, weights=wi, first=d.first)
            a, b, c = strict_counts(d.gold, res.beads)
            tp, npred, ngold = tp + a, npred + b, ngold + c
            print(f"  held out {d.name}: strict F1 {f1_from_counts(a, b, c):.4f}")
        if loo and epochs:
            print(f"leave-one-document-out strict F1 {f1_from_counts(tp, npred, ngold):.4f}")
    print(f"\nconfidence = {fit_confidence(rows, correct)}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--no-scaling", action="store_true")
    ap.add_argument("--train", action="store_true")
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--exclude", default="", help="with --train: features to leave out (comma-separated)")
    ap.add_argument("--no-loo", action="store_true", help="with --train: skip leave-one-out")
    ap.add_argument("--fit-confidence", action="store_true",
                    help="refit only the confidence model, with the configured weights")
    args = ap.parse_args()
    config = AlignConfig()
    print(f"config: {config.signature()}")
    t0 = time.perf_counter()
    warm_up()
    print(f"one-off: lexicon cache + jieba loaded in {time.perf_counter() - t0:.2f} s")
    if args.train or args.fit_confidence:
        train(config, epochs=0 if args.fit_confidence else 16,
              exclude=tuple(x for x in args.exclude.split(",") if x), loo=not args.no_loo)
        return 0
    if args.profile:
        import cProfile
        import pstats

        cProfile.runctx("mac_dev(config, False)", globals(), {"config": config, "mac_dev": mac_dev},
                        "/tmp/bench_align.prof")
        pstats.Stats("/tmp/bench_align.prof").sort_stats("cumtime").print_stats(35)
        return 0

    # warm the segmentation path once so that the timed runs measure steady state
    # (the lexicon and jieba are loaded; nothing else is cached across documents)
    print("\n== MAC-Dev (6 chapters, 1,463 zh / 1,951 en sentences)")
    print(f"{'doc':<6} {'MT':<4} {HEADER:<40} seconds")
    results = {}
    for with_mt in (False, True):
        total, secs, rows, reading = mac_dev(config, with_mt)
        for name, s, dt in rows:
            print(f"{name:<6} {'yes' if with_mt else 'no':<4} {fmt_scores(s):<40} {dt:.2f}")
        s = scores_from_counts(total)
        print(f"{'all':<6} {'yes' if with_mt else 'no':<4} {fmt_scores(s):<40} {secs:.2f}"
              f"   (CPU {mac_dev.cpu:.2f} s; + {reading:.2f} s reading the 12 files)")
        results[with_mt] = (s, secs)
    print("published strict F1 for reference: Bertalign (LaBSE) 0.911, Vecalign 0.863, "
          "Bleualign 0.641, hunalign 0.610, Gale-Church 0.485")

    print("\n== UDHR, paragraph level (gold from the article structure)")
    t = time.perf_counter()
    zh = read_document(UDHR / "udhr_cmn_hans.xml", "zh")
    en = read_document(UDHR / "udhr_eng.xml", "en")
    al = align_documents(zh, en, unit="paragraph", config=config)
    dt = time.perf_counter() - t
    gold = udhr_gold(zh, en)
    s = scores_from_counts(count_hits(gold, al.beads()))
    wrong = len(set(gold) ^ set(al.beads()))
    print(HEADER)
    print(f"{fmt_scores(s)}   beads {len(al.beads())}/{len(gold)}, differing {wrong}, {dt:.2f} s")

    if not args.quick:
        print("\n== Bible (5,000 en / 6,301 zh sentences; gold lists English first)")
        t = time.perf_counter()
        zh = read_document(BIBLE / "zh" / "001.zh", "zh", presplit=True)
        en = read_document(BIBLE / "en" / "001.en", "en", presplit=True)
        al = align_documents(zh, en, config=config)
        dt = time.perf_counter() - t
        gold = swap_beads(read_beads(BIBLE / "gold" / "001.align"))
        s = scores_from_counts(count_hits(gold, al.beads()))
        merged = merge_by_verse(al.beads(), read_lines(BIBLE / "zh.verse"), read_lines(BIBLE / "en.verse"))
        sm = scores_from_counts(count_hits(gold, merged))
        print(f"{'':<16} {HEADER}")
        print(f"{'as aligned':<16} {fmt_scores(s)}   {dt:.2f} s")
        print(f"{'verse-merged':<16} {fmt_scores(sm)}   (upstream protocol; published strict F1: Bertalign "
              f"0.979, Vecalign 0.978, hunalign 0.895, Gale-Church 0.821, Bleualign 0.788)")

    if not args.quick and not args.no_scaling:
        print("\n== Scaling: MAC-Dev chapters concatenated (no MT)")
        print(f"{'size':<5} {'zh':>7} {'en':>7} {'seconds':>8} {'ratio':>6} {'CPU s':>7} {'ratio':>6} "
              f"{'band cells':>11}")
        base = cbase = None
        for k in (1, 4, 16):
            zh, en = concat_mac(k)
            t = time.perf_counter()
            c = time.process_time()
            al = align_documents(zh, en, config=config)
            dt = time.perf_counter() - t
            dc = time.process_time() - c
            base = base or dt
            cbase = cbase or dc
            print(f"{k:>2}x   {len(zh.units):>7} {len(en.units):>7} {dt:>8.2f} {dt / base:>6.2f} {dc:>7.2f} "
                  f"{dc / cbase:>6.2f} {al.meta.get('band_cells', 0):>11}")

    f1 = results[False][0]["strict"]["f1"]
    f1_mt = results[True][0]["strict"]["f1"]
    print(f"mac_dev_f1={f1:.4f} mac_dev_f1_mt={f1_mt:.4f} seconds={results[False][1]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
