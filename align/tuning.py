"""How the default bead-score weights of `AlignConfig` were obtained (and can be redone).

The final-pass score of a bead is a weighted sum of named features (similarity x length
fit, the weaker direction's coverage, per-channel similarity, length fit, a prior per
bead shape, a penalty per unaligned unit). Rather than hand-set those weights, they are
fitted on a development set with gold alignments by the averaged structured perceptron
(Collins 2002): align each document with the current weights, and move the weights
towards the features of the gold path and away from those of the predicted path.
Scores stay apart from decisions: the features are computed once, the weights are all
this learns, and they end up as plain numbers in `AlignConfig`.

Only MAC-Dev was used (see ``scripts/bench_align.py --train``); leave-one-document-out
figures are printed there to show the weights carry to documents they were not fitted on.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Sequence

from zhenqa.align.config import AlignConfig
from zhenqa.align.channels import UnitFeatures
from zhenqa.align.loss import LossAugment
from zhenqa.align.sentence import Bead, SentenceResult, align_features, bead_features_many


@dataclass
class TrainingDoc:
    """A document's features (after the lexicon re-learning step), its gold beads, and the
    first-pass path the final pass searches around (as `align_documents` does)."""

    name: str
    feats: UnitFeatures
    gold: list[Bead]
    first: list[Bead] | None = None


def _path_features(res: SentenceResult, beads: Sequence[Bead], config: AlignConfig) -> dict[str, float]:
    total: dict[str, float] = defaultdict(float)
    for f in bead_features_many(res, list(beads), config, neighbours=True):
        for k, v in f.items():
            total[k] += v
    return total


def strict_counts(gold: Sequence[Bead], pred: Sequence[Bead]) -> tuple[int, int, int]:
    """(strict hits, predicted beads, gold beads with both sides) for F1 sums."""
    g = {b for b in gold if b[0] or b[1]}
    p = {b for b in pred if b[0] or b[1]}
    return len(g & p), len(p), sum(1 for b in g if b[0] and b[1])


def f1_from_counts(tp: int, npred: int, ngold: int) -> float:
    if not npred or not ngold or not tp:
        return 0.0
    p, r = tp / npred, tp / ngold
    return 2 * p * r / (p + r)


def evaluate(docs: Sequence[TrainingDoc], config: AlignConfig, weights: dict[str, float]) -> float:
    tp = npred = ngold = 0
    for doc in docs:
        res = align_features(doc.feats, config, weights=weights, first=doc.first)
        a, b, c = strict_counts(doc.gold, res.beads)
        tp, npred, ngold = tp + a, npred + b, ngold + c
    return f1_from_counts(tp, npred, ngold)


def train_weights(docs: Sequence[TrainingDoc], config: AlignConfig, init: dict[str, float],
                  epochs: int = 10, rate: float = 0.02, seed: int = 13,
                  log: Callable[[str], None] | None = None, exclude: Sequence[str] = (),
                  margin: float = 0.0) -> dict[str, float]:
    """Averaged structured perceptron over the documents; returns the averaged weights."""
    import random      # here: every `zhenqa align` imports this module for the confidence inputs

    rng = random.Random(seed)
    w: dict[str, float] = defaultdict(float, init)
    total: dict[str, float] = defaultdict(float)
    steps = 0
    order = list(docs)
    for epoch in range(epochs):
        rng.shuffle(order)
        for doc in order:
            aug = LossAugment(doc.gold, margin) if margin else None
            res = align_features(doc.feats, config, weights=dict(w), first=doc.first, loss=aug)
            pred = set(res.beads)
            gold = set(doc.gold)
            if pred != gold:
                only_gold = [b for b in doc.gold if b not in pred]
                only_pred = [b for b in res.beads if b not in gold]
                fg = _path_features(res, only_gold, config)
                fp = _path_features(res, only_pred, config)
                for k in set(fg) | set(fp):
                    if k not in exclude:
                        w[k] += rate * (fg.get(k, 0.0) - fp.get(k, 0.0))
            steps += 1
            for k, v in w.items():
                total[k] += v
        if log is not None:
            avg = {k: v / steps for k, v in total.items()}
            log(f"epoch {epoch + 1}: train strict F1 {evaluate(docs, config, avg):.4f}")
    return {k: round(v / steps, 4) for k, v in total.items()}


#: Bead features the confidence logistic reads (besides a constant).
CONFIDENCE_FEATURES = ("bead_score", "sim_fit", "min_fit", "fit", "nbr_max", "order", "multi")


def confidence_inputs(f: dict[str, float], bead_score: float, n_units: int) -> list[float]:
    """The inputs of the confidence model for one bead (see CONFIDENCE_FEATURES)."""
    return [bead_score, f.get("sim_fit", 0.0), f.get("min_fit", 0.0), f.get("fit", 0.0),
            f.get("nbr_max", 0.0), f.get("order", 0.0), 1.0 if n_units > 2 else 0.0]


def fit_confidence(rows: Sequence[Sequence[float]], correct: Sequence[bool], iterations: int = 60,
                   ridge: float = 1e-3) -> tuple[tuple[str, float], ...]:
    """Logistic regression (Newton's method, a little ridge) of "this bead is exactly
    right" on CONFIDENCE_FEATURES: the coefficients of `AlignConfig.confidence`."""
    import numpy as np

    x = np.column_stack([np.asarray(rows, dtype=np.float64), np.ones(len(rows))])
    y = np.asarray(correct, dtype=np.float64)
    w = np.zeros(x.shape[1])
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        g = x.T @ (p - y) + ridge * w
        h = (x * (p * (1 - p))[:, None]).T @ x + ridge * np.eye(len(w))
        step = np.linalg.solve(h, g)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    names = CONFIDENCE_FEATURES + ("const",)
    return tuple((n, round(float(v), 4)) for n, v in zip(names, w))
