"""The pipeline's typed entry points: what `zhenqa batch`, `zhenqa terms` and library callers
build on. Each is specified against what the CLI itself writes for the same input, since
the promise is "the same bytes as `zhenqa align` / `zhenqa qa --json`", and against the
rules every command shares (argument checks, the MT status, outputs checked before work).
"""
from __future__ import annotations

import json
from pathlib import Path
import pytest

from zhenqa.corpora.errors import InputError
from zhenqa.pipeline import (
    AlignRequest,
    QARequest,
    ReportOutputs,
    TermsOutputs,
    TermsRequest,
    check_report_outputs,
    check_terms_outputs,
    load_qa_context,
    qa_report_text,
    render_alignment,
    resolve_translator,
    run_align,
    run_qa_request,
    run_terms_request,
    write_alignment,
    write_reports,
    write_terms_reports,
)
from tiny_marian import isolate_mt_env

FIX = Path(__file__).parent / "fixtures" / "align"


@pytest.fixture
def udhr(data_dir) -> dict[str, Path]:
    return {"zh": data_dir / "udhr_zh_en" / "udhr_cmn_hans.xml", "en": data_dir / "udhr_zh_en" / "udhr_eng.xml"}


@pytest.fixture(autouse=True)
def no_default_model(monkeypatch, tmp_path):
    # An empty Hugging Face cache: "auto" finds no model, whatever this machine has cached.
    isolate_mt_env(monkeypatch, tmp_path / "mt")


class Echo:
    """A translator that marks its input: enough to see MT reach the alignment."""

    model_id = "echo@test"

    def translate(self, texts: list[str]) -> list[str]:
        return [f"MT({t})" for t in texts]


@pytest.mark.parametrize("fmt", ["json", "beads", "tsv", "tmx"])
def test_render_alignment_is_byte_for_byte_what_zhenqa_align_writes(fmt, cli, udhr, tmp_path) -> None:
    out = tmp_path / f"cli.{fmt}"
    res = cli("align", udhr["zh"], udhr["en"], "--unit", "paragraph", "--model", "none", "--format", fmt, "-o", out)
    assert res.code == 0, res
    result = run_align(AlignRequest(udhr["zh"], udhr["en"], unit="paragraph", model="none"))
    write_alignment(result.alignment, fmt, tmp_path / f"lib.{fmt}")
    for got in (render_alignment(result.alignment, fmt), (tmp_path / f"lib.{fmt}").read_bytes()):
        assert got == out.read_bytes()


def test_outputs_hold_no_wall_clock_time_and_two_runs_write_the_same_bytes(udhr) -> None:
    # A corpus builder diffs and hashes these files: how long a run took is returned beside
    # them (`.seconds`), never written into them.
    runs = [run_align(AlignRequest(udhr["zh"], udhr["en"], unit="paragraph", model="none")) for _ in range(2)]
    assert all(r.seconds > 0 for r in runs)
    first, second = (render_alignment(r.alignment, "json") for r in runs)
    assert first == second and b"seconds" not in first
    req = QARequest(zh=udhr["zh"], en=udhr["en"], unit="paragraph", model="none")
    reports = [run_qa_request(req) for _ in range(2)]
    assert all(o.seconds > 0 for o in reports)
    assert qa_report_text(reports[0]) == qa_report_text(reports[1])
    assert "seconds" not in qa_report_text(reports[0])


def test_align_request_checks_its_arguments_once_for_every_caller() -> None:
    assert AlignRequest(FIX / "merged.zh.txt", FIX / "merged.en.txt", unit=" Paragraph ").unit == "paragraph"
    with pytest.raises(InputError, match="--unit must be one of sentence, paragraph"):
        AlignRequest(FIX / "merged.zh.txt", FIX / "merged.en.txt", unit="word")
    with pytest.raises(InputError) as info:
        AlignRequest(FIX / "merged.zh.txt", FIX / "merged.en.txt", translations=FIX / "merged.en.txt")
    assert info.value.one_line().startswith(str(FIX / "merged.en.txt")) and "--presplit" in info.value.one_line()
    with pytest.raises(InputError, match="--format must be one of"):
        render_alignment(run_align(AlignRequest(FIX / "merged.zh.txt", FIX / "merged.en.txt",
                                                presplit=True, model="none")).alignment, "xml")


def test_no_model_offline_comes_back_as_a_status_and_nothing_is_printed(capsys) -> None:
    result = run_align(AlignRequest(FIX / "merged.zh.txt", FIX / "merged.en.txt", presplit=True, model="auto"))
    assert not result.mt.available and result.mt.implicit
    note = result.note()
    assert note is not None and note.startswith("zhenqa: note: MT proposals are unavailable: the default model")
    assert note.endswith("aligned without MT similarity and without proposals for unaligned Chinese")
    assert result.alignment.meta["mt_unavailable"] == result.mt.reason
    assert capsys.readouterr().err == ""
    # MT switched off on purpose: said in the outputs, not as a note.
    off = run_align(AlignRequest(FIX / "merged.zh.txt", FIX / "merged.en.txt", presplit=True, model="none"))
    assert off.note() is None and off.mt.reason == "MT switched off (--model none)"
    assert off.alignment.meta["mt"] == "none"


def test_a_loaded_translator_is_used_as_is() -> None:
    translator, status = resolve_translator(Echo())
    assert isinstance(translator, Echo) and status.available and status.model_id == "echo@test"
    result = run_align(AlignRequest(FIX / "missing.zh.txt", FIX / "missing.en.txt", unit="paragraph", model=Echo()))
    assert result.alignment.meta["mt"] == "echo@test" and result.note() is None
    with pytest.raises(TypeError):
        resolve_translator(object())   # type: ignore[arg-type]


def test_an_explicit_model_that_is_not_offline_fails_before_any_work() -> None:
    with pytest.raises(InputError, match="model not available offline"):
        run_align(AlignRequest(FIX / "merged.zh.txt", FIX / "merged.en.txt", presplit=True,
                               model="Helsinki-NLP/opus-mt-xx-yy"))


def test_qa_request_checks_its_arguments(tmp_path) -> None:
    with pytest.raises(InputError, match="not both"):
        QARequest(zh=FIX / "merged.zh.txt", en=FIX / "merged.en.txt", bitext=FIX / "merged.zh.txt")
    with pytest.raises(InputError, match="give two documents ZH EN, or --bitext FILE"):
        QARequest(zh=FIX / "merged.zh.txt")
    with pytest.raises(InputError) as info:
        QARequest(bitext=FIX / "merged.zh.txt", only=("number", "nonsense"))
    assert "nonsense" in info.value.one_line() and "known: " in info.value.one_line()
    req = QARequest(bitext=tmp_path / "b.tsv", termbases=("t.csv",), countries=True, ignore=(tmp_path / "i.json",),
                    only=(" number", ""))
    assert req.only == ("number",)
    assert req.termbase_specs == ["t.csv", "unterm:countries"]
    assert set(req.inputs) == {tmp_path / "b.tsv", Path("t.csv"), tmp_path / "i.json"}


def test_qa_report_text_is_what_zhenqa_qa_json_writes(cli, udhr, tmp_path) -> None:
    out = tmp_path / "cli.json"
    res = cli("qa", udhr["zh"], udhr["en"], "--unit", "paragraph", "--model", "none", "--countries", "--json", out)
    assert res.code == 0, res
    outcome = run_qa_request(QARequest(zh=udhr["zh"], en=udhr["en"], unit="paragraph", model="none",
                                       countries=True))
    text = qa_report_text(outcome)
    assert text.endswith("}\n")
    assert text == out.read_text(encoding="utf-8")
    assert outcome.alignment is not None and len(outcome.report()["segments"]) == len(outcome.result.views)
    assert outcome.report()["scores"]["mt"]["available"] is False


def test_reports_are_written_after_every_output_path_was_checked(udhr, tmp_path) -> None:
    bitext = tmp_path / "pair.tsv"
    bitext.write_text("第1条 人人生而自由。\tArticle 1 All human beings are born free.\n"
                      "第2条 大会第61/211号决议。\tArticle 2 General Assembly resolution 61/212.\n", encoding="utf-8")
    req = QARequest(bitext=bitext, model="none")
    first, folder = tmp_path / "r.json", tmp_path / "a-folder"
    folder.mkdir()
    with pytest.raises(InputError):
        check_report_outputs(req, ReportOutputs(json=first, html=folder))
    with pytest.raises(InputError):
        check_report_outputs(req, ReportOutputs(json=bitext))          # an output over an input
    assert not first.exists()
    outputs = ReportOutputs(json=first, html=tmp_path / "r.html", xlsx=tmp_path / "r.xlsx", csv=tmp_path / "r.csv")
    check_report_outputs(req, outputs)
    outcome = run_qa_request(req)
    assert write_reports(outcome, outputs) == outputs.paths()
    assert first.read_text(encoding="utf-8") == qa_report_text(outcome)
    assert all(p.stat().st_size > 0 for p in outputs.paths())
    findings = json.loads(first.read_text(encoding="utf-8"))["findings"]
    assert [(f["check"], f["segment"]) for f in findings] == [("symbol", 1)]    # 61/211 vs 61/212


def test_a_loaded_context_and_an_earlier_alignment_give_the_same_report(udhr) -> None:
    # What `zhenqa batch --qa` does per pair: settings, termbases and MT loaded once, and the
    # alignment `zhenqa align` made reused; the report must be `zhenqa qa`'s all the same.
    for countries in (False, True):     # with termbase terms, the documents are aligned again with them
        req = QARequest(zh=udhr["zh"], en=udhr["en"], unit="paragraph", model="none", countries=countries)
        fresh = run_qa_request(req)
        context = load_qa_context(req)
        assert (context.terms is not None) == countries
        made = run_align(AlignRequest(udhr["zh"], udhr["en"], unit="paragraph", model="none")).alignment
        reused = run_qa_request(req, context=context, alignment=made)
        assert (reused.alignment is made) == (not countries)
        assert qa_report_text(reused) == qa_report_text(fresh)


def test_terms_request_is_checked_before_any_work_and_writes_what_zhenqa_terms_writes(cli, tmp_path) -> None:
    bitext = tmp_path / "pair.tsv"
    bitext.write_text("联合国大会通过决议。\tThe United Nations General Assembly adopted the resolution.\n"
                      "联合国大会闭幕。\tThe General Assembly closed.\n", encoding="utf-8")
    with pytest.raises(InputError, match="--min-count must be at least 1"):
        check_terms_outputs(TermsRequest((str(bitext),), countries=True, min_count=0), TermsOutputs())
    with pytest.raises(InputError) as info:            # an output over an input
        check_terms_outputs(TermsRequest((str(bitext),)), TermsOutputs(json=tmp_path / "t.json", tbx=bitext))
    assert info.value.one_line().startswith(str(bitext))
    req = TermsRequest((str(bitext),), countries=True, min_count=2)
    outputs = TermsOutputs(json=tmp_path / "lib.json", csv=tmp_path / "lib.csv", tbx=tmp_path / "lib.tbx")
    check_terms_outputs(req, outputs)
    report = write_terms_reports(run_terms_request(req), outputs)
    assert all(p.stat().st_size > 0 for p in outputs.paths())
    res = cli("terms", bitext, "--countries", "--min-count", "2", "--csv", tmp_path / "cli.csv",
              "--tbx", tmp_path / "cli.tbx", "--json", tmp_path / "cli.json")
    assert res.code == 0, res
    for ext in ("csv", "tbx"):
        assert (tmp_path / f"lib.{ext}").read_bytes() == (tmp_path / f"cli.{ext}").read_bytes()
    cli_report = json.loads((tmp_path / "cli.json").read_text(encoding="utf-8"))
    assert [t["zh"] for t in cli_report["terms"]] == [t["zh"] for t in report["terms"]]
