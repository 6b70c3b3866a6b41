"""`zhenqa batch` (CLI contract, section `zhenqa batch`): pairing rules, per-pair outputs equal
to what `zhenqa align` / `zhenqa qa --json` write, corpus files, summary.json, failures,
bad input. Real documents from ../shared/data are copied into temporary folders under the
naming schemes a corpus builder meets; nothing of their text is in this repository.

The helpers at the top (`sdg_goal_docs`, `write_sdg`, `tree`) are also used by
test_batch_resume.py and test_batch_ray.py.
"""
from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from zhenqa.batch.pairing import pair_by_name, pair_inputs, read_manifest
from zhenqa.corpora.errors import InputError

SDG = "sdg_goals_targets_indicators_zh_en"
#: summary.json's wall-clock timings (per pair and in total): facts of a run, not of its
#: content, and the only thing the byte comparisons leave out. Every content file (beads,
#: alignment JSON, QA JSON, rows, corpus files) holds no timing and is compared as it is.
SUMMARY_TIMING = re.compile(rb'("seconds": )[0-9.e-]+')


# --------------------------------------------------------------------------- helpers


def sdg_goal_docs(data_dir: Path, goals: list[int] | None = None) -> dict[int, tuple[str, str]]:
    """One Chinese and one English document per SDG goal: the goal's title as a heading,
    then its targets as numbered paragraphs (`1.1 ...`), from the official YAML files."""
    d = data_dir / SDG
    load = lambda name: yaml.safe_load((d / name).read_text(encoding="utf-8"))  # noqa: E731
    g_zh, g_en = load("global_goals.zh-Hans.yml"), load("global_goals.en.yml")
    t_zh, t_en = load("global_targets.zh-Hans.yml"), load("global_targets.en.yml")
    docs = {}
    for g in goals or range(1, 18):
        keys = sorted((k for k in t_zh if k.split("-")[0] == str(g)),
                      key=lambda k: (len(k.split("-")[1]), k.split("-")[1]))
        zh = [f"目标{g}. {g_zh[f'{g}-title']}"] + [f"{g}.{k.split('-')[1]} {t_zh[k]}" for k in keys]
        en = [f"Goal {g}. {' '.join(g_en[f'{g}-title'].split())}"] + \
             [f"{g}.{k.split('-')[1]} {' '.join(t_en[k].split())}" for k in keys]
        docs[g] = ("\n\n".join(zh) + "\n", "\n\n".join(en) + "\n")
    return docs


def write_sdg(folder: Path, data_dir: Path, goals: list[int], name=lambda g, lang: f"{lang}/goal{g:02d}.txt") -> None:
    for g, (zh, en) in sdg_goal_docs(data_dir, goals).items():
        for lang, text in (("zh", zh), ("en", en)):
            path = folder / name(g, lang)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")


def tree(out: Path) -> dict[str, bytes]:
    """Every output file (the journal and the lock excluded: the run's own bookkeeping),
    as bytes; only summary.json's timings are blanked."""
    files = {}
    for p in sorted(out.rglob("*")):
        rel = p.relative_to(out).as_posix()
        if p.is_file() and not rel.startswith(".zhenqa/journal") and rel != ".zhenqa/lock":
            data = p.read_bytes()
            files[rel] = SUMMARY_TIMING.sub(rb"\1T", data) if rel == "summary.json" else data
    return files


@pytest.fixture
def udhr(tmp_path: Path, data_dir: Path) -> Path:
    src = data_dir / "udhr_zh_en"
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(src / "udhr_cmn_hans.xml", folder / "udhr_zh.xml")
    shutil.copy(src / "udhr_eng.xml", folder / "udhr_en.xml")
    return folder


# --------------------------------------------------------------------------- pairing


def test_file_name_tags_pair_as_the_contract_says(tmp_path: Path, data_dir: Path) -> None:
    zh = (data_dir / "udhr_zh_en" / "udhr_cmn_hans.xml").read_bytes()
    en = (data_dir / "udhr_zh_en" / "udhr_eng.xml").read_bytes()
    names = {
        "zh/001.txt": zh, "en/001.txt": en,                       # folder level
        "report.zh.txt": zh, "report.en.txt": en,                 # .zh/.en
        "memo_ZH.txt": zh, "memo_EN.txt": en,                     # _zh/_en, any case
        "note-zh.txt": zh, "note-en.txt": en,                     # -zh/-en
        "A_RES_61_211_C.txt": zh, "A_RES_61_211_E.txt": en,       # the UN's _C/_E
        "E-CN.15-2017-3-C.txt": zh, "E-CN.15-2017-3-E.txt": en,   # -C/-E
        "mac/zh/002.zh": zh, "mac/en/002.en": en,                 # MAC-Dev's layout
        "lonely_zh.txt": zh, "basic_c.txt": zh, "basic_e.txt": en,  # no counterpart; _c is no tag
    }
    for rel, data in names.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(data)
    pairs, left = pair_by_name(str(tmp_path / r) for r in sorted(names))
    got = {p.id: (Path(p.zh).relative_to(tmp_path).as_posix(), Path(p.en).relative_to(tmp_path).as_posix())
           for p in pairs}
    assert got == {
        "001": ("zh/001.txt", "en/001.txt"),
        "report": ("report.zh.txt", "report.en.txt"),
        "memo": ("memo_ZH.txt", "memo_EN.txt"),
        "note": ("note-zh.txt", "note-en.txt"),
        "A_RES_61_211": ("A_RES_61_211_C.txt", "A_RES_61_211_E.txt"),
        "E-CN.15-2017-3": ("E-CN.15-2017-3-C.txt", "E-CN.15-2017-3-E.txt"),
        "002": ("mac/zh/002.zh", "mac/en/002.en"),
    }
    assert {p.rule for p in pairs} == {"name"}
    assert sorted(Path(f).name for f in left) == ["basic_c.txt", "basic_e.txt", "lonely_zh.txt"]


def test_two_chinese_files_for_one_english_pair_nothing(tmp_path: Path, data_dir: Path) -> None:
    src = data_dir / "udhr_zh_en"
    for rel, f in (("a_zh.txt", "udhr_cmn_hans.xml"), ("a.zh.txt", "udhr_cmn_hans.xml"),
                   ("a_en.txt", "udhr_eng.xml")):
        shutil.copy(src / f, tmp_path / rel)
    # a_zh and a.zh both claim key "a": guessing would put a wrong pair in the corpus
    pairs, left = pair_by_name(str(p) for p in sorted(tmp_path.iterdir()))
    assert pairs == [] and len(left) == 3


@pytest.mark.parametrize("ext", [".csv", ".tsv", ".jsonl"])
def test_manifest_paths_are_relative_to_the_manifest(tmp_path: Path, data_dir: Path, ext: str) -> None:
    write_sdg(tmp_path / "docs", data_dir, [3, 5], name=lambda g, lang: f"{'chinese' if lang == 'zh' else 'english'}/g{g}.txt")
    rows = [{"id": f"goal-{g}", "zh": f"docs/chinese/g{g}.txt", "en": f"docs/english/g{g}.txt"} for g in (3, 5)]
    manifest = tmp_path / f"list{ext}"
    if ext == ".jsonl":
        manifest.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    else:
        with manifest.open("w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, ["id", "zh", "en"], delimiter="\t" if ext == ".tsv" else ",")
            w.writeheader()
            w.writerows(rows)
    pairs = read_manifest(manifest)
    assert [(p.id, p.rule) for p in pairs] == [("goal-3", "manifest"), ("goal-5", "manifest")]
    assert all(Path(p.zh).is_file() and Path(p.en).is_file() for p in pairs)
    # folders given too: the manifest's files are not paired a second time by name
    pairing = pair_inputs([str(tmp_path / "docs")], manifest)
    assert [p.id for p in pairing.pairs] == ["goal-3", "goal-5"] and pairing.unpaired == []


@pytest.mark.parametrize("text, problem", [
    ("id,zh\nx,a.txt\n", "missing: en"),
    ("id,zh,en\nx,a.txt,b.txt\nx,c.txt,d.txt\n", "appears twice"),
    ("id,zh,en\n../x,a.txt,b.txt\n", "cannot be a file name"),
])
def test_bad_manifest_is_bad_usage_naming_the_line(tmp_path: Path, text: str, problem: str) -> None:
    manifest = tmp_path / "m.csv"
    manifest.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_manifest(manifest)
    assert problem in err.value.problem and err.value.path == str(manifest)


def test_symbol_on_the_first_page_pairs_the_leftovers(tmp_path: Path, data_dir: Path) -> None:
    """Rule 3: SDG targets (adopted in A/RES/70/1) and indicators (A/RES/71/313) under
    names that say nothing, each headed by its symbol as UN documents are."""
    d = data_dir / SDG
    for kind, symbol in (("targets", "A/RES/70/1"), ("indicators", "A/RES/71/313")):
        for lang, yml, fname in (("zh", f"global_{kind}.zh-Hans.yml", f"{kind}-x.txt"),
                                 ("en", f"global_{kind}.en.yml", f"{kind}-y.txt")):
            items = yaml.safe_load((d / yml).read_text(encoding="utf-8"))
            body = [" ".join(v.split()) for k, v in items.items() if k.startswith("1-")]
            (tmp_path / fname).write_text(symbol + "\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
    shutil.copy(data_dir / "udhr_zh_en" / "udhr_eng.xml", tmp_path / "declaration.xml")
    pairing = pair_inputs([str(tmp_path)])
    got = {p.id: (Path(p.zh).name, Path(p.en).name, p.rule) for p in pairing.pairs}
    assert got == {"A_RES_70_1": ("targets-x.txt", "targets-y.txt", "symbol"),
                   "A_RES_71_313": ("indicators-x.txt", "indicators-y.txt", "symbol")}
    assert [Path(f).name for f in pairing.unpaired] == ["declaration.xml"]


# --------------------------------------------------------------------------- the command


def test_outputs_are_what_align_and_qa_write(tmp_path: Path, data_dir: Path, udhr: Path, cli) -> None:
    """pairs/<id>.beads, .json and .qa.json are the bytes `zhenqa align --format beads|json`
    and `zhenqa qa --json` write for the pair, with the termbase in play too."""
    write_sdg(udhr, data_dir, [6])
    tb = tmp_path / "countries.csv"
    with (data_dir / "unterm_country_names" / "unterm_names.csv").open(encoding="utf-8") as src, \
            tb.open("w", newline="", encoding="utf-8") as dst:
        w = csv.writer(dst)
        w.writerow(["zh", "en"])
        for row in csv.DictReader(src):
            w.writerow([row["UNTERM Chinese Short"], row["official_name_en"]])
    r = cli("batch", "in", "-o", "out", "--qa", "--termbase", "countries.csv", "--jobs", "2", cwd=tmp_path)
    assert r.code == 0, r
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert [(p["id"], p["zh"], p["en"]) for p in summary["pairs"]] == [
        ("goal06", "in/zh/goal06.txt", "in/en/goal06.txt"), ("udhr", "in/udhr_zh.xml", "in/udhr_en.xml")]
    # QA counts per pair, and the corpus-level table of the pairs with most errors
    for p in summary["pairs"]:
        report = json.loads((tmp_path / "out" / "pairs" / f"{p['id']}.qa.json").read_text(encoding="utf-8"))
        assert {k: p["qa"][k] for k in ("error", "warning", "info")} == report["totals"]
        assert p["qa"]["segments"] == len(report["segments"])
    worst = summary["qa_worst"]
    assert [w["id"] for w in worst] == [p["id"] for p in sorted(
        (p for p in summary["pairs"] if p["qa"]["error"] or p["qa"]["warning"]),
        key=lambda p: (-p["qa"]["error"], -p["qa"]["warning"], p["id"]))]
    assert all(w["id"] in r.out for w in worst) and "most QA errors" in r.out
    for p in summary["pairs"]:
        out = tmp_path / "out" / "pairs"
        for fmt in ("beads", "json"):
            r = cli("align", p["zh"], p["en"], "--format", fmt, "-o", f"ref.{fmt}", cwd=tmp_path)
            assert r.code == 0, r
            assert (out / f"{p['id']}.{fmt}").read_bytes() == (tmp_path / f"ref.{fmt}").read_bytes()
        r = cli("qa", p["zh"], p["en"], "--termbase", "countries.csv", "--json", "ref.qa.json", cwd=tmp_path)
        assert r.code == 0, r
        assert (out / f"{p['id']}.qa.json").read_bytes() == (tmp_path / "ref.qa.json").read_bytes()


#: Multi-character terms of the SDG texts that the dictionary cuts differently when they are
#: not registered: what makes the segmenter's registered words visible in an alignment.
SDG_TERMS = ("可持续发展", "发展中国家", "最不发达国家", "小岛屿发展中国家", "内陆发展中国家", "妇女和女童",
             "气候变化", "国内生产总值", "基础设施", "生物多样性")


@pytest.fixture
def sdg_termbase(tmp_path: Path, data_dir: Path) -> Path:
    """Goals 1 and 2 under in/, and a termbase of SDG_TERMS (English from no source: the
    renderings only need to exist for the terms to enter the lexicon)."""
    write_sdg(tmp_path / "in", data_dir, [1, 2])
    tb = tmp_path / "sdg.csv"
    tb.write_text("zh,en\n" + "".join(f"{z},term {k}\n" for k, z in enumerate(SDG_TERMS)), encoding="utf-8")
    return tb


def test_qa_json_is_zhenqa_qa_s_with_terms_that_change_the_segmentation(tmp_path: Path, sdg_termbase: Path,
                                                                       cli) -> None:
    r = cli("batch", "in", "-o", "out", "--qa", "--termbase", sdg_termbase.name, "--jobs", "1", "--model", "none",
            cwd=tmp_path)
    assert r.code == 0, r
    for g in (1, 2):
        r = cli("qa", f"in/zh/goal0{g}.txt", f"in/en/goal0{g}.txt", "--termbase", sdg_termbase.name,
                "--model", "none", "--json", "ref.qa.json", cwd=tmp_path)
        assert r.code == 0, r
        assert (tmp_path / "out" / "pairs" / f"goal0{g}.qa.json").read_bytes() == \
            (tmp_path / "ref.qa.json").read_bytes()


def test_pairs_json_is_zhenqa_align_s_even_with_a_termbase(tmp_path: Path, sdg_termbase: Path, cli) -> None:
    r = cli("batch", "in", "-o", "out", "--qa", "--termbase", sdg_termbase.name, "--jobs", "1", "--model", "none",
            cwd=tmp_path)
    assert r.code == 0, r
    for g in (1, 2):
        r = cli("align", f"in/zh/goal0{g}.txt", f"in/en/goal0{g}.txt", "--model", "none", "-o", "ref.json",
                cwd=tmp_path)
        assert r.code == 0, r
        assert (tmp_path / "out" / "pairs" / f"goal0{g}.json").read_bytes() == (tmp_path / "ref.json").read_bytes()


def test_summary_corpus_and_a_failing_pair(tmp_path: Path, data_dir: Path, udhr: Path, cli) -> None:
    """Bad pairs (given the wrong way round, an empty file, a broken .docx) fail each with
    its one-line error naming the file (stderr and summary); the others are aligned, the
    exit code is 1, and the corpus has exactly their links."""
    write_sdg(udhr, data_dir, [1, 2])
    shutil.copy(udhr / "udhr_en.xml", udhr / "swapped_zh.xml")      # English given as Chinese
    shutil.copy(udhr / "udhr_zh.xml", udhr / "swapped_en.xml")
    (udhr / "empty_zh.txt").write_bytes(b"")
    shutil.copy(udhr / "en" / "goal01.txt", udhr / "empty_en.txt")
    (udhr / "broken_zh.docx").write_bytes(b"PK\x03\x04" + (udhr / "udhr_zh.xml").read_bytes()[:500])
    shutil.copy(udhr / "zh" / "goal02.txt", udhr / "broken_en.docx")
    (udhr / "README.md").write_text("not a document\n", encoding="utf-8")
    r = cli("batch", "in", "-o", "out", "--jobs", "2", cwd=tmp_path)
    assert r.code == 1, r
    errors = sorted(ln for ln in r.err.splitlines() if ": error: " in ln)
    assert len(errors) == 3, r.err
    assert "in/broken_zh.docx: " in errors[0] and "in/empty_zh.txt: empty file" in errors[1]
    assert "in/swapped_zh.xml: looks like English" in errors[2]
    out = tmp_path / "out"
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert set(summary) >= {"pairs", "unpaired", "totals"}
    for p in summary["pairs"]:
        assert set(p) >= {"id", "zh", "en", "status", "error", "links", "seconds"}
        assert isinstance(p["seconds"], float) and isinstance(p["links"], int)
    status = {p["id"]: (p["status"], p["error"] is None) for p in summary["pairs"]}
    assert status == {"broken": ("failed", False), "empty": ("failed", False), "goal01": ("ok", True),
                      "goal02": ("ok", True), "swapped": ("failed", False), "udhr": ("ok", True)}
    assert all(p["error"] in r.err for p in summary["pairs"] if p["error"])
    assert summary["unpaired"] == ["in/README.md"]
    assert summary["totals"]["ok"] == 3 and summary["totals"]["failed"] == 3
    assert [p.name for p in (out / "pairs").iterdir() if p.stem in ("swapped", "empty", "broken")] == []
    rows = [json.loads(ln) for ln in (out / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["pair"] for r in rows] == sorted(r["pair"] for r in rows)          # pairs in id order
    for pid in ("goal01", "goal02", "udhr"):
        links = json.loads((out / "pairs" / f"{pid}.json").read_text(encoding="utf-8"))["links"]
        full = [lk for lk in links if lk["zh"] and lk["en"]]
        mine = [r for r in rows if r["pair"] == pid]
        assert [(r["zh_ids"], r["en_ids"], r["score"]) for r in mine] == \
            [(lk["zh"], lk["en"], lk["score"]) for lk in full]                 # document order
        assert len(mine) == next(p["links"] for p in summary["pairs"] if p["id"] == pid)
    goal = [r for r in rows if r["pair"] == "goal01"]
    # the target numbers are the paragraph labels and are shared anchors of their links
    assert any(r["zh_labels"] == ["1.1"] and r["en_labels"] == ["1.1"] for r in goal)
    assert any({"type": "number", "value": "1.25"} in r["anchors"] for r in goal)


def test_parquet_reads_back_through_datasets(tmp_path: Path, data_dir: Path, udhr: Path, cli) -> None:
    datasets = pytest.importorskip("datasets")
    write_sdg(udhr, data_dir, [4])
    r = cli("batch", "in", "-o", "out", "--jobs", "1", "--tmx", cwd=tmp_path)
    assert r.code == 0, r
    ds = datasets.load_dataset("parquet", data_files=str(tmp_path / "out" / "corpus.parquet"),
                               split="train", cache_dir=str(tmp_path / "hf"))
    assert list(ds.features) == ["pair", "zh", "en", "zh_ids", "en_ids", "score", "zh_labels",
                                 "en_labels", "anchors", "signature"]
    assert ds.features["zh_ids"].feature.dtype == "int32" and ds.features["score"].dtype == "float64"
    rows = [json.loads(ln) for ln in (tmp_path / "out" / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    assert ds.to_list() == rows
    assert rows[0]["signature"].startswith("zhenqa-align|")
    from zhenqa.corpora.bitext import read_bitext

    tm = read_bitext(tmp_path / "out" / "corpus.tmx")
    assert [(s.zh, s.en) for s in tm.segments] == [(r["zh"], r["en"]) for r in rows]


def test_nothing_pairable_and_bad_usage_exit_2_with_one_line(tmp_path: Path, data_dir: Path, cli) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(data_dir / "udhr_zh_en" / "udhr_eng.xml", folder / "declaration.xml")
    r = cli("batch", "in", "-o", "out", cwd=tmp_path)
    assert r.code == 2 and len(r.err.strip().splitlines()) == 1 and "nothing could be paired" in r.err
    assert not (tmp_path / "out").exists()
    r = cli("batch", "missing", "-o", "out", cwd=tmp_path)
    assert r.code == 2 and r.err.strip().splitlines() == ["zhenqa: error: missing: no such file or folder"]
    (tmp_path / "file").write_text("x", encoding="utf-8")
    r = cli("batch", "in", "-o", "file", cwd=tmp_path)
    assert r.code == 2 and "file: is a file" in r.err and len(r.err.strip().splitlines()) == 1
    shutil.copy(data_dir / "udhr_zh_en" / "udhr_cmn_hans.xml", folder / "decl_zh.xml")   # now a pair
    shutil.copy(data_dir / "udhr_zh_en" / "udhr_eng.xml", folder / "decl_en.xml")
    r = cli("batch", "in", "-o", "out", "--qa", "--termbase", "nope.csv", cwd=tmp_path)
    assert r.code == 2 and "nope.csv" in r.err and len(r.err.strip().splitlines()) == 1
    r = cli("batch", "in", "-o", "out", "--model", "./no-such-model", cwd=tmp_path)
    assert r.code == 2 and r.err.strip().splitlines() == [
        "zhenqa: error: ./no-such-model: model not available offline: no such model directory"]
    assert not (tmp_path / "out").exists()                 # nothing written, not even the folder


def test_one_run_at_a_time_per_output_folder(tmp_path: Path, data_dir: Path, cli) -> None:
    import fcntl

    write_sdg(tmp_path / "in", data_dir, [3])
    (tmp_path / "out" / ".zhenqa").mkdir(parents=True)
    with open(tmp_path / "out" / ".zhenqa" / "lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)               # a run in progress
        r = cli("batch", "in", "-o", "out", cwd=tmp_path)
    assert r.code == 2 and r.err.strip().splitlines() == [
        "zhenqa: error: out: another zhenqa batch is running on this output folder"]
    assert cli("batch", "in", "-o", "out", cwd=tmp_path).code == 0


def test_a_changed_input_redoes_only_its_pair(tmp_path: Path, data_dir: Path, cli) -> None:
    write_sdg(tmp_path / "in", data_dir, [7, 8, 9])
    assert cli("batch", "in", "-o", "out", "--jobs", "1", cwd=tmp_path).code == 0
    before = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "out" / "pairs").iterdir()}
    en = tmp_path / "in" / "en" / "goal08.txt"
    en.write_text(en.read_text(encoding="utf-8").replace("Goal 8.", "Goal 8:"), encoding="utf-8")
    r = cli("batch", "in", "-o", "out", "--jobs", "1", cwd=tmp_path)
    assert r.code == 0 and "1 aligned now, 2 already done" in r.err
    after = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "out" / "pairs").iterdir()}
    assert [n for n in sorted(after) if after[n] != before[n]] == ["goal08.beads", "goal08.json"]
    r = cli("batch", "in", "-o", "out", "--jobs", "1", "--restart", cwd=tmp_path)
    assert r.code == 0 and "3 aligned now, 0 already done" in r.err


def test_a_worker_loads_its_models_once_not_per_pair(tmp_path: Path, data_dir: Path, monkeypatch) -> None:
    """The lexicon, any model and the QA context (settings, termbases) are loaded when a
    worker starts and kept for every pair it aligns."""
    import zhenqa.corpora.lang.lexicon as lexicon
    import zhenqa.pipeline as pipeline
    from zhenqa.batch import worker
    from zhenqa.batch.pairing import Pair

    write_sdg(tmp_path, data_dir, [15, 16, 17])
    loads: list[str] = []
    monkeypatch.setattr(worker, "_STATE", None)        # a fresh worker process
    monkeypatch.setattr(lexicon, "_LEXICON", None)
    for module, name in ((lexicon, "open_tables"), (pipeline, "build_qa_context"),
                         (pipeline, "resolve_translator")):
        def counted(*args, _real=getattr(module, name), _name=name, **kwargs):
            loads.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)
    options = worker.BatchOptions(model="none", qa=True, termbases=("unterm:countries",))
    worker.init_worker(options)
    assert sorted(loads) == ["build_qa_context", "open_tables", "resolve_translator"]
    for g in (15, 16, 17):
        pair = Pair(f"g{g}", str(tmp_path / f"zh/goal{g}.txt"), str(tmp_path / f"en/goal{g}.txt"), "name")
        assert worker.process_pair(pair, options, str(tmp_path / "out")).status == "ok"
        assert (tmp_path / "out" / "pairs" / f"g{g}.qa.json").is_file()
    assert sorted(loads) == ["build_qa_context", "open_tables", "resolve_translator"]
    st = worker.loaded_state()
    assert st is not None and st.qa is not None and st.qa.termindex is not None


def test_the_mac_dev_folder_pairs_as_it_lies(data_dir: Path) -> None:
    """The shared MAC-Dev set as it is on disk: `zh/NNN.zh` + `en/NNN.en` pair (folder level
    and extension tag of one language); gold beads, Google MT and the README pair with
    nothing and are listed, not dropped."""
    mac = data_dir / "bertalign_mac_dev"
    pairing = pair_inputs([str(mac)])
    assert [(p.id, Path(p.zh).relative_to(mac).as_posix(), Path(p.en).relative_to(mac).as_posix())
            for p in pairing.pairs] == [(f"{n:03d}", f"zh/{n:03d}.zh", f"en/{n:03d}.en") for n in range(1, 7)]
    left = sorted(Path(f).relative_to(mac).as_posix() for f in pairing.unpaired)
    assert left == sorted(["README.md", "SHA256SUMS", "meta_data.tsv",
                           *(f"gold/{n:03d}.align" for n in range(1, 7)),
                           *(f"mt_google/{n:03d}.zh2en" for n in range(1, 7))])
