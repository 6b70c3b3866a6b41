#!/usr/bin/env python3
"""Benchmark: read + structure + anchor real documents and large synthetic ones.

Prints two tables:
1. the real files (seed report, UDHR zh and en) through `read_document`: best time of
   several runs, time per MB, peak memory;
2. synthetic documents built by repeating real paragraphs — the seed report's PDF layout
   (Chinese, footers and page breaks included) and the UDHR English paragraphs wrapped at
   75 columns with page footers — at 1x/2x/4x sizes (4x is about 10 MB by default),
   through `parse_text`: time, MB/s, ms per MB, peak traced memory (tracemalloc, in a
   separate run so that tracing does not distort the timing), and the ratios against the
   1x run of the same process. Reading grows linearly when the time ratio stays close to
   the size ratio. Times are the best CPU time of several runs (stable on a shared machine).

Usage: .venv/bin/python scripts/bench_read.py [--mb 2.5] [--repeat 5] [--data ../shared/data]
"""
from __future__ import annotations

import argparse
import gc
import os
import sys
import textwrap
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from zhenqa.corpora.readers import parse_text, read_document  # noqa: E402

DEFAULT_DATA = Path(os.environ.get("ZHENQA_SHARED", REPO.parent / "shared")) / "data"


def timed(fn, repeat: int):
    """Best CPU time of `fn()` over `repeat` runs, in seconds, and the last result.

    CPU time (not wall time) and the best of several runs: the benchmark must give stable
    ratios on a shared machine, where wall time mostly measures the neighbours.
    """
    times = []
    result = None
    for _ in range(repeat):
        result = None
        gc.collect()
        t0 = time.process_time()
        result = fn()
        times.append(time.process_time() - t0)
    return min(times), result


def peak_memory(fn) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def zh_synthetic(data: Path, target_bytes: int) -> str:
    """The seed report's PDF text repeated, paragraph numbers continued, until `target_bytes`."""
    import re

    base = (data / "cosp7_report_zh" / "cac_cosp_2017_report_ch5-8.zh.txt").read_text("utf-8")
    parts: list[str] = []
    size = 0
    offset = 0
    while size < target_bytes:
        copy = re.sub(r"(?m)^(\s*)(\d{1,2})\. ", lambda m: f"{m.group(1)}{int(m.group(2)) + offset}. ", base)
        parts.append(copy)
        size += len(copy.encode("utf-8"))
        offset += 25
    return "\n".join(parts)


def en_synthetic(data: Path, target_bytes: int) -> str:
    """UDHR English paragraphs, numbered, wrapped at 75 columns, a footer every 45 lines."""
    import re

    xml = (data / "udhr_zh_en" / "udhr_eng.xml").read_text("utf-8")
    paras = [re.sub(r"\s+", " ", p) for p in re.findall(r"<para>(.*?)</para>", xml, re.S)]
    lines: list[str] = []
    size = 0
    n = 0
    while size < target_bytes:
        for para in paras:
            n += 1
            for line in textwrap.wrap(f"{n}. {para}", 75):
                lines.append("   " + line)
                size += len(line) + 4
                if len(lines) % 46 == 45:
                    lines += ["http://undocs.org/en/A/RES/217(III)", f"V.48-0{n % 10000:04d}   {len(lines) // 46}",
                              "\f"]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=2.5, help="size of the 1x synthetic document, MB")
    ap.add_argument("--repeat", type=int, default=5, help="runs per real file (median)")
    ap.add_argument("--synthetic-repeat", type=int, default=2, help="runs per synthetic size (best)")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = ap.parse_args()

    real = [("cosp7 report (zh, PDF text)", args.data / "cosp7_report_zh" / "cac_cosp_2017_report_ch5-8.zh.txt", "zh"),
            ("UDHR zh (XML)", args.data / "udhr_zh_en" / "udhr_cmn_hans.xml", "zh"),
            ("UDHR en (XML)", args.data / "udhr_zh_en" / "udhr_eng.xml", "en")]
    print("## Real documents (read_document: decode, layout, structure, sentences, anchors)\n")
    print("| document | bytes | units | best CPU ms | ms per MB | peak MiB |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, path, lang in real:
        seconds, doc = timed(lambda: read_document(path, lang), args.repeat)
        size = path.stat().st_size
        peak = peak_memory(lambda: read_document(path, lang))
        print(f"| {name} | {size:,} | {len(doc.units)} | {seconds * 1000:.1f} | "
              f"{seconds * 1000 / (size / 1e6):.0f} | {peak / 2**20:.1f} |")

    print("\n## Synthetic documents (parse_text), ratios against 1x in this process\n")
    print("| document | size | MB | units | seconds | MB/s | ms per MB | peak MiB | time ratio | "
          "memory ratio |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, build, lang in (("zh PDF text (cosp7 repeated)", zh_synthetic, "zh"),
                              ("en PDF text (UDHR wrapped)", en_synthetic, "en")):
        base_time = base_peak = None
        for factor in (1, 2, 4):
            text = build(args.data, int(args.mb * factor * 1e6))
            mb = len(text.encode("utf-8")) / 1e6
            seconds, doc = timed(lambda: parse_text(text, lang, fmt="pdf-text"), args.synthetic_repeat)
            units = len(doc.units)
            del doc
            peak = peak_memory(lambda: parse_text(text, lang, fmt="pdf-text"))
            if base_time is None:
                base_time, base_peak, base_mb = seconds, peak, mb
            print(f"| {name} | {factor}x | {mb:.2f} | {units:,} | "
                  f"{seconds:.2f} | {mb / seconds:.2f} | {seconds * 1000 / mb:.0f} | {peak / 2**20:.0f} | "
                  f"{seconds / base_time:.2f} (size {mb / base_mb:.2f}) | {peak / base_peak:.2f} |")
            del text
    return 0


if __name__ == "__main__":
    sys.exit(main())
