#!/usr/bin/env python
"""Error-injection benchmark of `zhenqa qa`: per-type recall and false alarms on clean pairs.

Real, clean Chinese/English pairs (the 169 SDG targets and 17 goal titles, keyed by the same
SDG numbers in both languages, and the UDHR articles: titles, paragraphs and list items,
paired by the article structure of the two XML files) are copied into one bitext, with some
segments repeated further down (documents repeat sentences). Then one known error is
injected into the English of some segments, one error per segment:

  digit       a digit of a figure changed                 expected: number / date / symbol
  clause      a clause of two or more words dropped       expected: omission / length-ratio
  chinese     Chinese text left in the English            expected: untranslated
  term        a required term swapped for a forbidden one expected: forbidden-term / term
  bracket     a bracket removed or added                  expected: brackets
  space       a space doubled                             expected: whitespace
  symbol      a reference or currency/percent altered     expected: symbol / number / date
  repeat      one copy of a repeated segment reworded     expected: inconsistent-source

Recall of a type = share of its injected segments on which an expected check fires (any
severity). False alarms = share of the untouched segments that get an error-severity
finding. Because recall counts warnings too, the table also shows, per type, the share of
untouched segments on which an expected check of that type fires at any severity (the
false-alarm rate that goes with that recall), and the share of untouched segments with a
warning. The termbase is built from terms that really occur in the data (SDG terms with a
forbidden variant each), kept only when the admitted rendering accompanies the Chinese term.

Targets: recall >= 0.95 for every type, false alarms <= 2%. The run time per 1,000
segments is printed for the whole corpus and for a 4x copy (the ratio shows how time grows).
The last line is exactly ``recall_min=<lowest per-type recall> false_alarm=<share>``.

    .venv/bin/python scripts/bench_qa.py [--seed 13] [--rate 0.35] [--data ../shared/data]
    .venv/bin/python scripts/bench_qa.py --tsv other_clean_pairs.tsv   # any clean bitext
"""
from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from zhenqa.corpora.model import Bitext, Segment  # noqa: E402

EXPECTED = {
    "digit": {"number", "date", "symbol"},
    "clause": {"omission", "length-ratio"},
    "chinese": {"untranslated"},
    "term": {"forbidden-term", "term"},
    "bracket": {"brackets"},
    "space": {"whitespace"},
    "symbol": {"symbol", "number", "date"},
    "repeat": {"inconsistent-source"},
}

#: Candidate SDG terms: (Chinese, admitted English, forbidden English variant).
TERM_CANDIDATES = [
    ("最不发达国家", "least developed countries", "less developed countries"),
    ("小岛屿发展中国家", "small island developing States", "small island developing countries"),
    ("内陆发展中国家", "landlocked developing countries", "inland developing countries"),
    ("发展中国家", "developing countries", "underdeveloped countries"),
    ("可持续发展", "sustainable development", "sustained development"),
    ("气候变化", "climate change", "climatic change"),
    ("残疾人", "persons with disabilities", "disabled persons"),
    ("生物多样性", "biodiversity", "biological variety"),
    ("妇女", "women", "womenfolk"),
    ("儿童", "children", "kids"),
    ("可再生能源", "renewable energy", "regenerative energy"),
    ("国内生产总值", "gross domestic product", "gross national output"),
    ("人人", "everyone", "every man"),
    ("基本自由", "fundamental freedoms", "basic liberties"),
    ("人权", "human rights", "man's rights"),
]

SYNONYMS = {
    "ensure": "guarantee", "reduce": "lower", "promote": "foster", "increase": "raise",
    "achieve": "attain", "support": "back", "develop": "build", "protect": "safeguard",
    "improve": "enhance", "implement": "carry out", "strengthen": "reinforce",
    "significantly": "considerably", "all": "every", "countries": "nations",
    "everyone": "every person", "right": "entitlement", "shall": "will", "by": "through",
    "and": "as well as", "the": "this", "of": "for",
}


# --------------------------------------------------------------------------- data

def load_sdg(data: Path) -> list[tuple[str, str, str]]:
    import yaml

    d = data / "sdg_goals_targets_indicators_zh_en"
    out = []
    for name in ("global_goals", "global_targets"):
        zh = yaml.safe_load((d / f"{name}.zh-Hans.yml").read_text(encoding="utf-8"))
        en = yaml.safe_load((d / f"{name}.en.yml").read_text(encoding="utf-8"))
        for key in zh:
            if key.endswith("-short"):
                continue               # icon labels, not text
            z, e = " ".join(str(zh[key]).split()), " ".join(str(en[key]).split())
            if z and e:
                out.append((f"sdg:{key}", z, e))
    return out


def load_udhr(data: Path) -> list[tuple[str, str, str]]:
    """Article titles, paragraphs and list items, paired by position inside each article."""
    from lxml import etree

    d = data / "udhr_zh_en"
    parser = etree.XMLParser(resolve_entities=False, no_network=True)

    def articles(path: Path) -> dict[str, list[str]]:
        root = etree.parse(str(path), parser).getroot()
        out: dict[str, list[str]] = {}
        for art in root.iter("{*}article"):
            texts = []
            for el in art.iter("{*}title", "{*}para"):
                t = " ".join("".join(el.itertext()).split())
                if t:
                    texts.append(t)
            out[art.get("number")] = texts
        return out

    zh, en = articles(d / "udhr_cmn_hans.xml"), articles(d / "udhr_eng.xml")
    out = []
    for num in zh:
        if num in en and len(zh[num]) == len(en[num]):
            for i, (z, e) in enumerate(zip(zh[num], en[num])):
                out.append((f"udhr:{num}.{i}", z, e))
    return out


# --------------------------------------------------------------------------- injections

_CJK = re.compile(r"[\u4e00-\u9fff]")


def inj_digit(zh: str, en: str, rng: random.Random) -> str | None:
    from zhenqa.corpora.anchors import extract_anchors

    anchors = [a for a in extract_anchors(en, "en") if any(c.isdigit() for c in a.text)]
    if not anchors:
        return None
    a = rng.choice(anchors)
    digits = [i for i in range(a.start, a.end) if en[i].isdigit()]
    i = rng.choice(digits)
    new = str((int(en[i]) + rng.randint(1, 8)) % 10)
    return en[:i] + new + en[i + 1:]


def inj_clause(zh: str, en: str, rng: random.Random) -> str | None:
    """Drop one clause (between commas/semicolons, or a trailing "and/including ..." part)."""
    parts = re.split(r"(?<=[,;])\s+", en)
    if len(parts) < 2:
        return None
    cands = [i for i in range(1, len(parts)) if len(parts[i].split()) >= 2]
    if not cands:
        return None
    i = rng.choice(cands)
    kept = parts[:i] + parts[i + 1:]
    out = " ".join(kept)
    if i == len(parts) - 1:
        out = out.rstrip(",; ") + ("." if en.rstrip().endswith(".") else "")
    return out


def inj_chinese(zh: str, en: str, rng: random.Random) -> str | None:
    runs = [m.group(0) for m in re.finditer(r"[\u4e00-\u9fff]{2,6}", zh)]
    words = en.split()
    if not runs or len(words) < 3:
        return None
    i = rng.randrange(1, len(words))
    return " ".join(words[:i] + [rng.choice(runs)] + words[i + 1:])


def inj_term(zh: str, en: str, rng: random.Random, terms) -> str | None:
    options = [(z, a, f) for z, a, f in terms
               if z in zh and re.search(re.escape(a), en, re.IGNORECASE)]
    if not options:
        return None
    z, a, f = rng.choice(options)
    m = list(re.finditer(re.escape(a), en, re.IGNORECASE))
    hit = rng.choice(m)
    return en[:hit.start()] + f + en[hit.end():]


def inj_bracket(zh: str, en: str, rng: random.Random) -> str | None:
    pos = [i for i, ch in enumerate(en) if ch in "()"]
    if pos:
        i = rng.choice(pos)
        return en[:i] + en[i + 1:]
    spaces = [m.start() for m in re.finditer(r" (?=\w)", en)]
    if not spaces:
        return None
    i = rng.choice(spaces)
    return en[:i + 1] + "(" + en[i + 1:]


def inj_space(zh: str, en: str, rng: random.Random) -> str | None:
    spaces = [m.start() for m in re.finditer(r"(?<=\S) (?=\S)", en)]
    if not spaces:
        return None
    i = rng.choice(spaces)
    return en[:i] + "  " + en[i + 1:]


def inj_symbol(zh: str, en: str, rng: random.Random) -> str | None:
    """Alter a reference (article, paragraph, resolution, symbol) or a currency/percent sign."""
    from zhenqa.corpora.anchors import extract_anchors

    refs = [a for a in extract_anchors(en, "en")
            if a.type in ("symbol", "resolution", "decision", "article", "chapter", "paragraph",
                          "amount", "percent")]
    if not refs:
        return None
    a = rng.choice(refs)
    text = a.text
    if a.type == "amount":
        new = (text.replace("$", "€") if "$" in text else
               re.sub(r"dollars?", "euros", text))
    elif a.type == "percent":
        new = re.sub(r"\s*(%|per\s*cent|percent)", " per mille", text)
    else:
        digits = [i for i, ch in enumerate(text) if ch.isdigit()]
        if not digits:
            return None
        i = rng.choice(digits)
        new = text[:i] + str((int(text[i]) + rng.randint(1, 8)) % 10) + text[i + 1:]
    if new == text:
        return None
    return en[:a.start] + new + en[a.end:]


def inj_repeat(zh: str, en: str, rng: random.Random) -> str | None:
    words = list(re.finditer(r"[A-Za-z]+", en))
    cands = [m for m in words if m.group(0).lower() in SYNONYMS]
    if cands:
        m = rng.choice(cands)
        rep = SYNONYMS[m.group(0).lower()]
        if m.group(0)[0].isupper():
            rep = rep[0].upper() + rep[1:]
        return en[:m.start()] + rep + en[m.end():]
    if len(words) >= 4:
        m = rng.choice(words[1:])
        return en[:m.start()] + en[m.end():].lstrip()
    return None


INJECTORS = {
    "digit": inj_digit, "clause": inj_clause, "chinese": inj_chinese, "term": inj_term,
    "bracket": inj_bracket, "space": inj_space, "symbol": inj_symbol, "repeat": inj_repeat,
}


# --------------------------------------------------------------------------- benchmark

def build_termbase(pairs: list[tuple[str, str, str]], path: Path,
                   mined: list[tuple[str, str, str]] = ()) -> list[tuple[str, str, str]]:
    """Keep candidate terms whose admitted rendering accompanies the Chinese term in >= 80%
    of the pairs where the Chinese occurs (at least 3 times)."""
    kept = []
    for z, a, f in list(TERM_CANDIDATES) + list(mined):
        if any(z == k[0] for k in kept):
            continue
        with_zh = [e for _, zz, e in pairs if z in zz]
        if len(with_zh) < 3:
            continue
        share = sum(1 for e in with_zh if a.lower() in e.lower()) / len(with_zh)
        if share >= 0.8:
            kept.append((z, a, f))
    lines = ["zh,en,status,note"]
    for z, a, f in kept:
        lines.append(f"{z},{a},preferred,benchmark")
        lines.append(f"{z},{f},forbidden,benchmark")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return kept


def mine_terms(pairs: list[tuple[str, str, str]], limit: int = 12) -> list[tuple[str, str, str]]:
    """Terms for data without curated candidates: Chinese words (jieba) whose CC-CEDICT
    gloss is rendered by the same English word in >= 80% of the (>= 3) segments where they
    occur; the forbidden variant is another CC-CEDICT gloss of the same word (a plausible
    wrong synonym, e.g. 能力 capacity / ability)."""
    from zhenqa.align.lexicon import english_tokens, lemma, load_lexicon, segment

    lex = load_lexicon()
    occ: dict[str, list[str]] = defaultdict(list)
    for _, z, e in pairs:
        for w in set(segment(z)):
            if len(w) >= 2 and all("\u4e00" <= ch <= "\u9fff" for ch in w):
                occ[w].append(e)
    out = []
    for w, ens in sorted(occ.items(), key=lambda kv: -len(kv[1])):
        if len(ens) < 3:
            continue
        glosses = lex.gloss(w)
        if len(glosses) < 2:
            continue
        counts: dict[str, int] = defaultdict(int)
        for e in ens:
            for tok in set(t.lower() for t in english_tokens(e)):
                if lemma(tok) in glosses and len(tok) >= 4:
                    counts[tok] += 1
        if not counts:
            continue
        tok, n = max(counts.items(), key=lambda kv: kv[1])
        if n / len(ens) < 0.8:
            continue
        other = next((g for g in glosses if g != lemma(tok) and len(g) >= 4
                      and all(g not in e.lower() for e in ens)), None)
        if other:
            out.append((w, tok, other))
        if len(out) >= limit:
            break
    return out


def load_tsv(path: Path) -> list[tuple[str, str, str]]:
    out = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        cells = line.split("\t")
        if len(cells) >= 2 and cells[0].strip() and cells[1].strip():
            out.append((f"{path.name}:{i}", cells[0].strip(), cells[1].strip()))
    return out


def make_corpus(pairs, rng: random.Random, repeat_share: float = 0.12):
    """The clean segments plus repeats (a copy of some segments inserted further down)."""
    items = [(pid, z, e, None) for pid, z, e in pairs]
    n_rep = int(len(pairs) * repeat_share)
    originals = rng.sample(range(len(pairs)), n_rep)
    for k in originals:
        pid, z, e = pairs[k]
        pos = rng.randrange(k + 1, len(items) + 1)
        items.insert(pos, (pid + "#copy", z, e, pid))
    return items


def inject_document(pairs, rng: random.Random, rate: float, terms, doc_tag: str):
    """One benchmark document: the clean pairs with repeats, errors injected into some.

    Returns (segments, injected {segment id: type}, originals {segment id: clean English})."""
    items = make_corpus(pairs, rng)
    copies = {i for i, it in enumerate(items) if it[3] is not None}
    order = list(range(len(items)))
    rng.shuffle(order)
    types = list(INJECTORS)
    quota = {t: max(1, round(rate * len(items) / len(types))) for t in types}
    plan: dict[int, str] = {}
    new_en: dict[int, str] = {}
    for t in types:
        for i in order:
            if quota[t] <= 0:
                break
            if i in plan:
                continue
            pid, z, e, orig = items[i]
            if (t == "repeat") != (i in copies):
                continue
            fn = INJECTORS[t]
            out = fn(z, e, rng, terms) if t == "term" else fn(z, e, rng)
            if out is None or out == e:
                continue
            plan[i] = t
            new_en[i] = out
            quota[t] -= 1
    segs = [Segment(id=i, zh=z, en=new_en.get(i, e)) for i, (pid, z, e, orig) in enumerate(items)]
    originals = {i: items[i][2] for i in plan}
    return segs, plan, originals


def run(args: argparse.Namespace) -> int:
    from zhenqa.align.lexicon import warm_up
    from zhenqa.corpora.termbase import load_termbases
    from zhenqa.eval.config import QAConfig
    from zhenqa.eval.qa import run_qa

    data = Path(args.data)
    docs: dict[str, list[tuple[str, str, str]]] = {}
    if not args.tsv:
        docs = {"SDG": load_sdg(data), "UDHR": load_udhr(data)}
    for t in args.tsv:
        docs[Path(t).stem] = load_tsv(Path(t))
    all_pairs = [p for ps in docs.values() for p in ps]
    tb_path = Path(args.workdir) / "bench_termbase.csv"
    tb_path.parent.mkdir(parents=True, exist_ok=True)
    terms = build_termbase(all_pairs, tb_path,
                           mined=mine_terms(all_pairs) if args.tsv else [])
    cfg = QAConfig.load()
    index = load_termbases([tb_path], segmenter=_segmenter())
    t_warm = time.perf_counter()
    warm_up()
    t_warm = time.perf_counter() - t_warm

    types = list(INJECTORS)
    injected_n: dict[str, int] = defaultdict(int)
    detected_n: dict[str, int] = defaultdict(int)
    clean_n = 0
    flagged_n = 0
    warned_n = 0
    clean_hit: dict[str, int] = defaultdict(int)
    fa_checks: dict[str, int] = defaultdict(int)
    examples_miss: list[str] = []
    examples_fa: list[str] = []
    seconds = 0.0
    n_segments = 0
    timing_doc = None
    for r in range(args.rounds):
        rng = random.Random(args.seed * 1000 + r)
        for tag, pairs in docs.items():
            segs, plan, originals = inject_document(pairs, rng, args.rate, terms, tag)
            bitext = Bitext(segs, source=f"bench {tag} round {r}")
            if timing_doc is None or len(segs) > len(timing_doc.segments):
                timing_doc = bitext
            t0 = time.perf_counter()
            result = run_qa(bitext, cfg, termindex=index)
            seconds += time.perf_counter() - t0
            n_segments += len(segs)
            by_seg: dict[int, list] = defaultdict(list)
            for f in result.findings:
                by_seg[f.segment].append(f)
            for i, t in plan.items():
                injected_n[t] += 1
                if any(f.check in EXPECTED[t] for f in by_seg.get(i, [])):
                    detected_n[t] += 1
                elif len(examples_miss) < 40:
                    got = "; ".join(f"{f.check}/{f.severity}: {f.message[:90]}" for f in by_seg.get(i, []))
                    examples_miss.append(f"MISS {t} [{tag} {r}:{i}] {originals[i][:90]!r}\n"
                                         f"        -> {segs[i].en[:90]!r}\n        {got}")
            for i, seg in enumerate(segs):
                if i in plan:
                    continue
                clean_n += 1
                found = {f.check for f in by_seg.get(i, [])}
                for t in types:
                    if found & EXPECTED[t]:
                        clean_hit[t] += 1
                if any(f.severity == "warning" for f in by_seg.get(i, [])):
                    warned_n += 1
                errs = [f for f in by_seg.get(i, []) if f.severity == "error"]
                if errs:
                    flagged_n += 1
                    for f in errs:
                        fa_checks[f.check] += 1
                    if len(examples_fa) < 30:
                        examples_fa.append(f"FALSE [{tag} {r}:{i}] {seg.zh[:50]!r} | {seg.en[:70]!r}\n"
                                           + "\n".join(f"        {f.check}: {f.message[:120]}" for f in errs))

    # Scaling: the largest document, 1x and 4x (segment ids kept unique).
    assert timing_doc is not None
    big = Bitext([Segment(id=k * len(timing_doc.segments) + s.id, zh=s.zh, en=s.en)
                  for k in range(4) for s in timing_doc.segments], source="x4")
    t0 = time.perf_counter()
    run_qa(timing_doc, cfg, termindex=index)
    t1 = time.perf_counter() - t0
    t0 = time.perf_counter()
    run_qa(big, cfg, termindex=index)
    t4 = time.perf_counter() - t0

    print("documents: " + ", ".join(f"{k} ({len(v)} pairs)" for k, v in docs.items())
          + f"; each with ~12% repeated segments; {args.rounds} rounds "
          f"(seed {args.seed}), {args.rate:.0%} of segments injected")
    print(f"termbase: {len(terms)} terms with a forbidden variant each "
          f"({', '.join(z for z, _, _ in terms)})")
    print(f"config: {cfg.signature()}")
    print()
    print(f"{'type':<9} {'injected':>8} {'detected':>8} {'recall':>7} {'clean hit':>9}  "
          f"expected checks")
    recalls = {}
    for t in types:
        n, d = injected_n[t], detected_n[t]
        recalls[t] = d / n if n else float("nan")
        hit = clean_hit[t] / clean_n if clean_n else 0.0
        print(f"{t:<9} {n:>8} {d:>8} {recalls[t]:>7.3f} {hit:>9.2%}  "
              f"{', '.join(sorted(EXPECTED[t]))}")
    print("(clean hit: untouched segments on which an expected check of the type fires, any "
          "severity; for repeat, the untouched copy of a reworded segment is flagged by design)")
    fa = flagged_n / clean_n if clean_n else 0.0
    print()
    print(f"clean segments: {clean_n}, with an error-severity finding: {flagged_n} ({fa:.2%}), "
          f"with a warning: {warned_n} ({warned_n / max(1, clean_n):.2%})")
    if fa_checks:
        print("  error findings on clean segments by check: "
              + ", ".join(f"{k}={v}" for k, v in sorted(fa_checks.items())))
    if args.verbose:
        print()
        print("\n".join(examples_miss))
        print("\n".join(examples_fa))
    print()
    n1, n4 = len(timing_doc.segments), len(big.segments)
    print(f"all rounds: {n_segments} segments in {seconds:.2f} s = "
          f"{1000 * seconds / n_segments:.3f} s per 1,000 segments")
    print(f"{'run':<12} {'segments':>8} {'seconds':>8} {'s/1000 seg':>10} {'ratio':>6}")
    print(f"{'1x':<12} {n1:>8} {t1:>8.3f} {1000 * t1 / n1:>10.3f} {1.0:>6.2f}")
    print(f"{'4x':<12} {n4:>8} {t4:>8.3f} {1000 * t4 / n4:>10.3f} {t4 / t1:>6.2f}")
    print(f"(CC-CEDICT lexicon + jieba warm-up, once per process: {t_warm:.2f} s, not included)")
    valid = [x for x in recalls.values() if x == x]
    print(f"recall_min={min(valid):.3f} false_alarm={fa:.4f}")
    return 0


def _segmenter():
    from zhenqa.align.lexicon import segment

    return segment


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default_data = os.environ.get("ZHENQA_SHARED")
    ap.add_argument("--data", default=str(Path(default_data) / "data") if default_data
                    else str(REPO.parent / "shared" / "data"))
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--tsv", action="append", default=[],
                    help="use this clean zh<TAB>en file as a document instead of SDG/UDHR "
                         "(repeatable); terms are then mined from the data")
    ap.add_argument("--rounds", type=int, default=5, help="independent injection rounds")
    ap.add_argument("--rate", type=float, default=0.35,
                    help="share of segments that get an injected error (split across types)")
    ap.add_argument("--workdir", default=str(REPO / "out" / "bench_qa"))
    ap.add_argument("-v", "--verbose", action="store_true", help="list misses and false alarms")
    return run(ap.parse_args())


if __name__ == "__main__":
    sys.exit(main())
