#!/usr/bin/env python
"""Benchmark of `zhenqa terms`: seeded errors on real pairs, candidate recall, speed, memory.

Corpus: real, clean translations from ../shared/data as three documents: the SDG targets
and the SDG indicators (keyed by the same SDG numbers in both languages) and the UDHR
(aligned by the project's own aligner, sentence level, no MT). OPUS-100 test lines join
them only for the speed runs (they are noisy, not clean translations).

Termbase, honestly made: `TERMS` below is a list of UN/SDG terms written from UN usage (an
UNTERM-style glossary: Chinese, English forms, a wrong rendering, a forbidden variant and
a Chinese short or regional form where one exists). The benchmark *verifies* each against
the clean corpus with the QA's own matcher (`TermIndex.missing_renderings`): a term is kept
only if it occurs at least `--min-count` times and every occurrence has one of its English
forms; terms that fail are printed and dropped. The kept terms are split, alternately in
sorted order, into the termbase given to the run and a held-out termbase for candidate
recall (the run never sees the held-out terms).

Seeds (in a copy; one seed per segment, every `--every`-th segment holding a given term):
  other      the term's English replaced by a wrong rendering     expected: status
             inconsistent, that segment listed under a non-approved rendering
  forbidden  the English replaced by the term's forbidden variant  expected: forbidden
  short      the Chinese replaced by a short/regional form          expected: a variant
             (same English, the short form among its Chinese forms, that segment listed)

Measures: detection = seeded occurrences found; named = the rendering reported for a
seeded other/forbidden occurrence is the seeded English (same matcher key); false alarms =
unseeded occurrences of termbase terms reported with a non-approved rendering (and the
number of termbase terms without any seed reported non-consistent); candidate recall =
held-out terms proposed as candidates; candidates per segment. Speed and memory: 100k
and 1M segment pairs made by repeating the real pairs, each run in a fresh process (peak
RSS from getrusage), with the time of merely streaming the same file as the baseline
(ratio). Timings are noisy on a shared machine; the ratios are the stable part.

The first speed row is every distinct real pair available once (SDG, UDHR, OPUS-100 and
the ~29k short Tatoeba pairs): the rate on text never seen before; the repeated corpora
profit from the per-segment memo, as corpora with real repetition do.

Targets: every seeded other/forbidden found, >= 80% named; no unseeded term reported
inconsistent; candidate recall >= 0.9 with <= 1 candidate per 2 segments; 100k pairs
< 60 s on 2 cores; memory flat (1M peak RSS close to 100k peak RSS).

The last line is exactly
``terms_detect=<share> terms_false=<count> candidates_recall=<share> segments_per_s=<100k rate>``.

    .venv/bin/python scripts/bench_terms.py [--sizes 100000,1000000] [--every 3] [--data ../shared/data]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

# zh | English forms (first preferred, `|` admitted) | wrong rendering | forbidden | short zh
TERMS = [
    ("最不发达国家", "least developed countries", "least advanced countries",
     "less developed countries", "最不发达国"),
    ("小岛屿发展中国家", "small island developing States", "small island States",
     "small island developing countries", "小岛屿国家"),
    ("内陆发展中国家", "landlocked developing countries", "inland developing countries",
     "land-locked countries", "内陆国家"),
    ("发展中国家", "developing countries", "emerging countries", "underdeveloped countries",
     "开发中国家"),
    ("发达国家", "developed countries", "advanced countries", "rich countries", "已开发国家"),
    ("官方发展援助", "official development assistance", "official development aid",
     "official aid", "官方援助"),
    ("可持续发展", "sustainable development", "durable development",
     "sustained development", "永续发展"),
    ("气候变化", "climate change", "climatic variation", "climatic change", "气候变迁"),
    ("生物多样性", "biodiversity|biological diversity", "biological variety",
     "bio-variety", "生物多样化"),
    ("国内生产总值", "gross domestic product|GDP", "gross national output",
     "domestic gross product", "国内总产值"),
    ("可再生能源", "renewable energy", "regenerative energy", "recyclable energy", "再生能源"),
    ("生态系统", "ecosystems", "ecological systems", "eco-systems", ""),
    ("基础设施", "infrastructure", "basic facilities", "infra-structure", ""),
    ("人权", "human rights", "human entitlements", "rights of man", ""),
    ("基本自由", "fundamental freedoms", "basic freedoms", "fundamental liberties", ""),
    ("联合国", "United Nations", "Allied Nations", "United Nation Organisation", "联国"),
    ("能力建设", "capacity-building", "ability construction", "capacity-construction", ""),
    ("外国直接投资", "foreign direct investment", "direct overseas investment",
     "foreign investment", "外资直接投资"),
    ("国民总收入", "gross national income", "national gross income", "total national income", ""),
    ("南南合作", "South-South cooperation", "South–South collaboration", "south cooperation", ""),
    ("世界贸易组织", "World Trade Organization", "World Commerce Organization",
     "World Trade Organisation", "世贸组织"),
    ("金融服务", "financial services", "finance services", "monetary services", ""),
    ("自然资源", "natural resources", "nature resources", "natural assets", ""),
    ("残疾人", "persons with disabilities", "handicapped persons", "disabled persons", "残障人士"),
    ("减少灾害风险", "disaster risk reduction", "disaster danger reduction",
     "disaster risk lowering", ""),
    ("社会保障", "social protection|social security", "social safeguard", "social insurance", ""),
    ("国际合作", "international cooperation", "international collaboration",
     "global cooperation", ""),
    ("伙伴关系", "partnerships", "companionships", "partner relations", ""),
    ("妇女和女童", "women and girls", "females and girls", "ladies and girls", ""),
    ("海洋资源", "marine resources", "ocean assets", "sea resources", ""),
    ("婚姻", "marriage", "wedlock", "matrimony", ""),
    ("国籍", "nationality", "citizenship status", "national belonging", ""),
    ("技术转让", "transfer of technology|technology transfer", "technology handover",
     "tech transfer", ""),
    ("粮食安全", "food security", "food safety", "grain security", ""),
]

#: Harder wrong renderings (the `hard` seeds): morphological variants, reordered phrases
#: and synonyms that no dictionary glosses for the term, the cases the dictionary and the
#: forms alone name badly; seeded in a second copy, every occurrence kind `other`.
HARD = {
    "最不发达国家": "least-developed nations",
    "内陆发展中国家": "developing landlocked countries",
    "可持续发展": "sustainability",
    "生物多样性": "variety of life",
    "可再生能源": "energy from renewables",
    "人权": "rights of the human person",
    "联合国": "UN Organization",
    "世界贸易组织": "Organization for World Trade",
    "自然资源": "resources of nature",
    "社会保障": "welfare safety nets",
    "伙伴关系": "partnering arrangements",
    "小岛屿发展中国家": "developing small island nations",
    "发达国家": "industrialized nations",
    "气候变化": "changing climate",
    "国内生产总值": "domestic output",
    "生态系统": "ecological webs",
    "基本自由": "freedoms that are fundamental",
    "国民总收入": "national income",
    "金融服务": "banking services",
    "减少灾害风险": "reducing disaster risks",
    "国际合作": "cooperation among nations",
    "妇女和女童": "girls and women",
}


def sdg_pairs(data: Path, name: str) -> list[tuple[str, str]]:
    import yaml

    d = data / "sdg_goals_targets_indicators_zh_en"
    zh = yaml.safe_load((d / f"global_{name}.zh-Hans.yml").read_text(encoding="utf-8"))
    en = yaml.safe_load((d / f"global_{name}.en.yml").read_text(encoding="utf-8"))
    return [(" ".join(str(zh[k]).split()), " ".join(str(en[k]).split())) for k in zh if k in en]


def udhr_pairs(data: Path) -> list[tuple[str, str]]:
    from zhenqa.align.aligner import to_bitext
    from zhenqa.pipeline import align_paths

    d = data / "udhr_zh_en"
    a = align_paths(d / "udhr_cmn_hans.xml", d / "udhr_eng.xml")
    return [(" ".join(s.zh.split()), " ".join(s.en.split())) for s in to_bitext(a).segments
            if s.zh.strip() and s.en.strip()]


def opus_pairs(data: Path) -> list[tuple[str, str]]:
    d = data / "opus100_en_zh_test"
    zh = (d / "opus.en-zh-test.zh").read_text(encoding="utf-8").splitlines()
    en = (d / "opus.en-zh-test.en").read_text(encoding="utf-8").splitlines()
    return [(" ".join(z.split()), " ".join(e.split())) for z, e in zip(zh, en)
            if z.strip() and e.strip() and "\t" not in z + e]


def tatoeba_pairs(data: Path) -> list[tuple[str, str]]:
    import gzip

    path = data / "tatoeba_manythings_cmn_eng" / "cmn.txt.gz"
    out = []
    for line in gzip.open(path, "rt", encoding="utf-8-sig").read().splitlines():
        cells = line.split("\t")
        if len(cells) >= 2 and cells[0].strip() and cells[1].strip():
            out.append((" ".join(cells[1].split()), " ".join(cells[0].split())))
    return out


def write_tsv(path: Path, pairs) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for z, e in pairs:
            fh.write(f"{z}\t{e}\n")


def verify(docs: dict[str, list[tuple[str, str]]], min_count: int):
    """Keep the TERMS that occur >= min_count times, each time with one of their forms."""
    from zhenqa.corpora.termbase import Concept, Termbase, TermIndex

    kept, dropped = [], []
    for row in TERMS:
        zh, forms = row[0], row[1].split("|")
        index = TermIndex([Termbase("v", [Concept(zh=[zh], preferred=forms[:1], admitted=forms[1:])])])
        n = bad = 0
        for pairs in docs.values():
            for z, e in pairs:
                occ = len(index.find_zh(z))
                if occ:
                    n += occ
                    bad += bool(index.missing_renderings(z, e))
        if n >= min_count and bad == 0:
            kept.append(row)
        else:
            dropped.append((zh, n, bad))
    return kept, dropped


def termbase_csv(rows, path: Path, forbidden: bool) -> None:
    lines = ["id,zh,en,status"]
    for k, (zh, forms, _wrong, forb, _short) in enumerate(rows):
        for j, f in enumerate(forms.split("|")):
            lines.append(f'c{k},{zh},"{f}",{"preferred" if j == 0 else "admitted"}')
        if forbidden and forb:
            lines.append(f'c{k},{zh},"{forb}",forbidden')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def seed(docs, given, every: int, kinds=("other", "forbidden", "short")):
    """Copies of the documents with seeds; returns (docs, seeds) where each seed is
    (kind, doc, segment, term zh, seeded text)."""
    from zhenqa.corpora.termbase import Concept, Termbase, TermIndex

    out = {d: list(p) for d, p in docs.items()}
    seeds = []
    used: set[tuple[str, int]] = set()
    for k, (zh, forms, wrong, forb, short) in enumerate(given):
        index = TermIndex([Termbase("s", [Concept(zh=[zh], preferred=forms.split("|"))])])
        seen = 0
        for d, pairs in out.items():
            for i, (z, e) in enumerate(pairs):
                if (d, i) in used or not index.find_zh(z):
                    continue
                hits = [h for h in index.find_en(e) if h[2].status == "accepted"]
                if not hits:
                    continue
                seen += 1
                if seen % every:
                    continue
                kind = kinds[(seen // every + k) % len(kinds)]
                if kind == "short" and not short:
                    kind = "other"
                s, t, _ = hits[0]
                if kind == "other":
                    pairs[i] = (z, e[:s] + wrong + e[t:])
                    text = wrong
                elif kind == "forbidden":
                    pairs[i] = (z, e[:s] + forb + e[t:])
                    text = forb
                else:
                    pairs[i] = (z.replace(zh, short), e)
                    text = short
                used.add((d, i))
                seeds.append((kind, d, i, zh, text))
    return out, seeds


def evaluate(report, seeds, given, docs_seeded):
    from zhenqa.corpora.termbase import match_key

    terms = {t["zh"]: t for t in report["terms"] if t["source"] == "termbase"}
    rows = {k: [0, 0, 0] for k in ("other", "forbidden", "short")}   # seeded, found, named
    evidence: dict[str, dict[str, int]] = {}                         # of the named seeds, by kind
    seeded_at = {(d, i) for _, d, i, _, _ in seeds}
    for kind, d, i, zh, text in seeds:
        rows[kind][0] += 1
        ref = {"doc": d, "segment": i}
        if kind == "short":
            ok = any(v for v in report["variants"]
                     if any(z["zh"] == text and ref in z["segments"] for z in v["zh"]))
            rows[kind][1] += ok
            rows[kind][2] += ok
            continue
        t = terms.get(zh)
        bad = [r for r in (t["renderings"] if t else [])
               if r["status"] in ("other", "forbidden", "not-found") and ref in r["segments"]]
        rows[kind][1] += bool(bad)
        named = [r for r in bad if match_key(r["en"]) == match_key(text)]
        rows[kind][2] += bool(named)
        for r in named[:1]:
            ev = evidence.setdefault(kind, {})
            ev[r["evidence"]] = ev.get(r["evidence"], 0) + 1
    false_occ = 0
    for t in terms.values():
        for r in t["renderings"]:
            if r["status"] in ("other", "forbidden", "not-found"):
                false_occ += sum(1 for s in r["segments"] if (s["doc"], s["segment"]) not in seeded_at)
    seeded_terms = {zh for _, _, _, zh, _ in seeds}
    false_terms = sorted(zh for zh, t in terms.items()
                         if zh not in seeded_terms and t["status"] != "consistent")
    return rows, false_occ, false_terms, evidence


def write_docs(work: Path, name: str, seeded) -> list[Path]:
    """The seeded documents as .tsv files under `work/name/` (documents are named by path)."""
    (work / name).mkdir()
    tsvs = []
    for d, pairs in seeded.items():
        q = work / name / f"{d}.tsv"
        write_tsv(q, pairs)
        tsvs.append(q)
    return tsvs


def em_comparison(docs, given, tb: Path, work: Path, every: int, min_count: int) -> None:
    """Naming of wrong renderings with word alignment by dictionary and association only
    (EM off: the first wave's evidence) and with EM, on the standard seeds and on the
    `HARD` ones, in the same process."""
    from zhenqa.eval.terms.report import to_json
    from zhenqa.eval.terms.run import TermsRequest, run_terms

    hard = [(zh, forms, HARD[zh], forb, short) for zh, forms, _w, forb, short in given if zh in HARD]
    print("\n| seeds | kind | seeded | found EM off | named EM off | found EM on | named EM on "
          "| evidence of named (EM on) | false alarms off/on | s off/on |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for label, rows_given, kinds in (("standard", given, ("other", "forbidden", "short")),
                                     ("hard", hard, ("other",))):
        seeded, seeds = seed(docs, rows_given, every, kinds)
        tsvs = write_docs(work, f"cmp-{label}", seeded)
        seeds = [(k, str(work / f"cmp-{label}" / f"{d}.tsv"), i, zh, t) for k, d, i, zh, t in seeds]
        res = {}
        for em in (False, True):
            t0 = time.perf_counter()
            report = to_json(run_terms(TermsRequest(tuple(map(str, tsvs)), (str(tb),),
                                                    min_count=min_count, em=em)))
            res[em] = evaluate(report, seeds, given, seeded) + (time.perf_counter() - t0,)
        for kind in kinds:
            if kind == "short":
                continue
            n, f0, n0 = res[False][0][kind]
            _, f1, n1 = res[True][0][kind]
            ev = ", ".join(f"{k} {v}" for k, v in sorted(res[True][3].get(kind, {}).items()))
            print(f"| {label} | {kind} | {n} | {f0} | {n0 / max(1, n):.3f} | {f1} | {n1 / max(1, n):.3f} "
                  f"| {ev} | {res[False][1]}/{res[True][1]} | {res[False][4]:.1f}/{res[True][4]:.1f} |")


def speed_run(tsv: Path, tb: Path, out: Path, em: bool = True) -> dict:
    """One run in a fresh process: streaming baseline, then the terms analysis + JSON."""
    code = f"""
import json, resource, time, sys
sys.path.insert(0, {str(REPO)!r})
from zhenqa.eval.terms.corpus import Corpus
from zhenqa.eval.terms.run import TermsRequest, run_terms
from zhenqa.eval.terms.report import write_json
t = time.perf_counter(); n = sum(1 for _ in Corpus([{str(tsv)!r}])); base = time.perf_counter() - t
rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
res = run_terms(TermsRequest(({str(tsv)!r},), ({str(tb)!r},), em={em!r}))
write_json(res, {str(out)!r})
dt = time.perf_counter() - t
print(json.dumps({{"segments": n, "stream_s": base, "terms_s": dt, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "rss_before_mb": rss0 / 1024, "timings": res.timings}}))
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(proc.stderr)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=Path(os.environ.get("ZHENQA_SHARED", REPO.parent / "shared")) / "data")
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--every", type=int, default=3)
    ap.add_argument("--min-count", type=int, default=3)
    args = ap.parse_args()

    from zhenqa.eval.terms.report import to_json
    from zhenqa.eval.terms.run import TermsRequest, run_terms

    docs = {"sdg-targets": sdg_pairs(args.data, "targets"),
            "sdg-indicators": sdg_pairs(args.data, "indicators"),
            "udhr": udhr_pairs(args.data)}
    kept, dropped = verify(docs, args.min_count)
    given, held_out = kept[0::2], kept[1::2]
    print(f"corpus: {sum(map(len, docs.values()))} segment pairs in {len(docs)} documents")
    print(f"terms verified: {len(kept)} kept ({len(given)} given, {len(held_out)} held out), "
          f"{len(dropped)} dropped: " + ", ".join(f"{z} (n={n}, unmatched={b})" for z, n, b in dropped))

    work = Path(tempfile.mkdtemp(prefix="bench_terms_"))
    seeded, seeds = seed(docs, given, args.every)
    paths = []
    for d, pairs in seeded.items():
        p = work / d
        write_tsv(p, pairs)
        paths.append(p)
    # the documents are named by path; evaluation refers to them the same way
    seeds = [(k, str(work / d), i, zh, t) for k, d, i, zh, t in seeds]
    tb = work / "termbase.csv"
    termbase_csv(given, tb, forbidden=True)
    # .tsv extension is what the corpus reader dispatches on
    tsvs = []
    for p in paths:
        q = p.with_suffix(".tsv")
        p.rename(q)
        tsvs.append(q)
    seeds = [(k, d + ".tsv", i, zh, t) for k, d, i, zh, t in seeds]
    t0 = time.perf_counter()
    report = to_json(run_terms(TermsRequest(tuple(map(str, tsvs)), (str(tb),), min_count=args.min_count)))
    t_run = time.perf_counter() - t0
    rows, false_occ, false_terms, _ev = evaluate(report, seeds, given, seeded)

    print()
    print("| seed | seeded | found | detect | named (wrong rendering reported) |")
    print("|---|---|---|---|---|")
    for kind, (n, f, nm) in rows.items():
        print(f"| {kind} | {n} | {f} | {f / n if n else 0:.3f} | {nm / n if n else 0:.3f} |")
    n_all = sum(r[0] for r in rows.values())
    f_all = sum(r[1] for r in rows.values())
    named_of = sum(rows[k][2] for k in ("other", "forbidden"))
    n_of = sum(rows[k][0] for k in ("other", "forbidden"))
    print(f"| all | {n_all} | {f_all} | {f_all / n_all:.3f} | other+forbidden named {named_of / n_of:.3f} |")
    print(f"\nfalse alarms: {false_occ} unseeded occurrences with a non-approved rendering; "
          f"unseeded terms not consistent: {false_terms or 'none'}")

    cands = {t["zh"]: t for t in report["terms"] if t["source"] == "candidate"}
    from zhenqa.corpora.termbase import match_key

    print("\n| held-out term | occurrences | proposed | candidate English | English right |")
    print("|---|---|---|---|---|")
    found = right = 0
    for zh, forms, *_ in held_out:
        c = cands.get(zh)
        ok_en = bool(c and c["en"] and match_key(c["en"]) in {match_key(f) for f in forms.split("|")})
        found += c is not None
        right += ok_en
        occ = sum(z.count(zh) for pairs in seeded.values() for z, _ in pairs)
        print(f"| {zh} | {occ} | {'yes' if c else 'no'} | {c['en'] if c else ''} | {'yes' if ok_en else 'no'} |")
    recall = found / len(held_out) if held_out else 0.0
    segs = report["summary"]["segments"]
    print(f"candidates: {len(cands)} for {segs} segments ({len(cands) / segs:.3f} per segment); "
          f"recall {recall:.3f}, English right {right / max(1, len(held_out)):.3f}; "
          f"run {t_run:.1f} s")

    em_comparison(docs, given, tb, work, args.every, args.min_count)

    # ---- speed and memory
    base = [p for pairs in docs.values() for p in pairs] + opus_pairs(args.data)
    unique = list(dict.fromkeys(base + tatoeba_pairs(args.data)))
    print(f"\nspeed: corpora made by repeating {len(base)} real pairs (SDG, UDHR, OPUS-100), and "
          f"{len(unique)} distinct real pairs (those + Tatoeba) once each; fresh process per "
          "corpus; machine shared, timings noisy")
    print("| corpus | segments | stream only (s) | terms (s) | ratio | segments/s | peak RSS (MB) | pass1/2/EM/3 (s) |")
    print("|---|---|---|---|---|---|---|---|")
    rate_100k = 0.0
    runs = [("distinct", len(unique), unique)] + [
        ("repeated", int(s), base) for s in args.sizes.split(",") if s]
    for label, size, pool in runs:
        tsv = work / f"rep{size}.tsv"
        with open(tsv, "w", encoding="utf-8") as fh:
            for k in range(size):
                z, e = pool[k % len(pool)]
                fh.write(f"{z}\t{e}\n")
        r = speed_run(tsv, tb, work / f"rep{size}.json")
        rate = r["segments"] / r["terms_s"]
        if size == 100_000 and label == "repeated":
            rate_100k = rate
            # the same corpus without EM (the first wave's alignment): EM's cost as a ratio
            r0 = speed_run(tsv, tb, work / f"rep{size}.json", em=False)
            em_ratio = (r0["segments"] / r0["terms_s"]) / rate
        tm = r["timings"]
        print(f"| {label} | {r['segments']} | {r['stream_s']:.2f} | {r['terms_s']:.1f} | "
              f"{r['terms_s'] / r['stream_s']:.1f} | {rate:.0f} | {r['rss_mb']:.0f} | "
              f"{tm['pass1']:.1f}/{tm['pass2']:.1f}/{tm.get('em', 0.0):.1f}/{tm['pass3']:.1f} |")
        tsv.unlink()
        (work / f"rep{size}.json").unlink()
    if rate_100k:
        print(f"100k repeated: segments/s with EM / without EM (same corpus, fresh processes) = "
              f"{1 / em_ratio:.2f}")
    print(f"terms_detect={f_all / n_all:.3f} terms_false={false_occ} "
          f"candidates_recall={recall:.3f} segments_per_s={rate_100k:.0f}")


if __name__ == "__main__":
    main()
