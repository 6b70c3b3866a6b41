"""Throughput of `extract_anchors` on real text (chars/s), against a regex-scan baseline.

Runs the seed report (zh), and the SDG targets (zh and en) a number of times in the same
process, and prints a table: the baseline is a single precompiled `\\d+` scan over the same
text, so the ratio says how many plain scans one anchor extraction costs.

    .venv/bin/python scripts/bench_anchors.py [--repeat N]
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DATA = REPO.parent / "shared" / "data"


def _texts() -> list[tuple[str, str, list[str]]]:
    import yaml

    raw = (DATA / "cosp7_report_zh" / "cac_cosp_2017_report_ch5-8.zh.txt").read_text("utf-8")
    cosp = [ln.strip() for ln in raw.splitlines() if ln.strip()]
    d = DATA / "sdg_goals_targets_indicators_zh_en"
    zh = [str(v) for v in yaml.safe_load((d / "global_targets.zh-Hans.yml").read_text("utf-8")).values()]
    en = [str(v) for v in yaml.safe_load((d / "global_targets.en.yml").read_text("utf-8")).values()]
    return [("cosp7 zh (lines)", "zh", cosp), ("cosp7 zh (one text)", "zh", ["".join(cosp)]),
            ("SDG targets zh", "zh", zh), ("SDG targets en", "en", en)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=50)
    args = ap.parse_args()
    t0 = time.perf_counter()
    from zhenqa.corpora.anchors import extract_anchors
    import_s = time.perf_counter() - t0
    print(f"import corpora.anchors: {import_s * 1000:.1f} ms; cn2an imported: {'cn2an' in sys.modules}")
    baseline = re.compile(r"\d+")
    print(f"{'text':<22}{'chars':>8}{'anchors':>9}{'chars/s':>14}{'baseline chars/s':>18}{'ratio':>8}")
    for name, lang, texts in _texts():
        chars = sum(map(len, texts))
        n = sum(len(extract_anchors(t, lang)) for t in texts)  # warm up
        t0 = time.perf_counter()
        for _ in range(args.repeat):
            for t in texts:
                extract_anchors(t, lang)  # type: ignore[arg-type]
        el = time.perf_counter() - t0
        t0 = time.perf_counter()
        for _ in range(args.repeat):
            for t in texts:
                baseline.findall(t)
        bl = time.perf_counter() - t0
        cps, bcps = chars * args.repeat / el, chars * args.repeat / bl
        print(f"{name:<22}{chars:>8}{n:>9}{cps:>14,.0f}{bcps:>18,.0f}{bcps / cps:>8.0f}x")
    print(f"cn2an imported after the run: {'cn2an' in sys.modules}")


if __name__ == "__main__":
    main()
