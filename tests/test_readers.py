"""Reading every supported format into structured, anchored documents."""
from __future__ import annotations

import pytest

from zhenqa.corpora.errors import InputError
from zhenqa.corpora.readers import parse_text, read_document

COSP7 = ("cosp7_report_zh", "cac_cosp_2017_report_ch5-8.zh.txt")


# --- real data: the seed report ------------------------------------------------------------

def test_cosp7_every_symbol_of_its_readme_is_an_anchor(data_dir):
    doc = read_document(data_dir.joinpath(*COSP7), "zh")
    symbols = {a.value for u in doc.units for a in u.anchors if a.type == "symbol"}
    expected = {"CAC/COSP/IRG/2017/CRP.2", "CAC/COSP/2017/5", "CAC/COSP/2017/12",
                "CAC/COSP/2017/13", "CAC/COSP/2017/7", "CAC/COSP/2017/3", "CAC/COSP/2017/L.2",
                "CAC/COSP/2017/L.1"} | {f"CAC/COSP/2017/L.1/Add.{i}" for i in range(1, 5)}
    assert expected <= symbols
    # And the README's other anchors: resolutions, articles, chapters, amounts.
    keys = {a.key for u in doc.units for a in u.anchors}
    assert {("resolution", "3/1"), ("resolution", "4/1"), ("resolution", "6/1"),
            ("article", "7.1"), ("article", "52"), ("chapter", "3"), ("chapter", "4"),
            ("amount", "USD 1676000"), ("amount", "USD 560000")} <= keys
    assert ("decision", "5/1") in keys or ("resolution", "5/1") in keys


def test_cosp7_anchor_spans_point_into_the_unit_text(data_dir):
    doc = read_document(data_dir.joinpath(*COSP7), "zh")
    for unit in doc.units:
        for a in unit.anchors:
            assert unit.text[a.start:a.end] == a.text


def test_cosp7_document_facts(data_dir):
    doc = read_document(data_dir.joinpath(*COSP7))
    assert doc.lang == "zh" and doc.source_format == "pdf-text" and doc.meta["pages"] == 4


# --- real data: UDHR -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def udhr(data_dir):
    folder = data_dir / "udhr_zh_en"
    return read_document(folder / "udhr_cmn_hans.xml", "zh"), read_document(folder / "udhr_eng.xml", "en")


def _articles(doc):
    out: dict[str, list] = {}
    for u in doc.units:
        if "article" in u.meta:
            out.setdefault(u.meta["article"], []).append(u)
    return out


def test_udhr_has_30_articles_labelled_1_to_30_in_both_languages(udhr):
    for doc in udhr:
        headings = [u for u in doc.units if u.kind == "heading" and u.label]
        assert [u.label for u in headings] == [str(n) for n in range(1, 31)]
    zh, en = udhr
    assert [u.text for u in zh.units if u.label == "1" and u.kind == "heading"] == ["第一条"]
    assert [u.text for u in en.units if u.label == "1" and u.kind == "heading"] == ["Article 1"]


def test_udhr_articles_have_equal_paragraph_counts_and_list_labels(udhr):
    from zhenqa.corpora.numbers import label_key

    zh, en = (_articles(d) for d in udhr)
    assert len(zh) == len(en) == 30
    for n in zh:
        zp = [u for u in zh[n] if u.kind != "heading"]
        ep = [u for u in en[n] if u.kind != "heading"]
        assert len(zp) == len(ep), n
        assert [u.kind for u in zp] == [u.kind for u in ep], n
        assert [label_key(u.label) if u.label else None for u in zp] == \
               [label_key(u.label) if u.label else None for u in ep], n
    # The printed zh tag and the implied English number.
    assert [u.label for u in zh["29"] if u.kind == "subparagraph"] == ["㈠", "㈡", "㈢"]
    assert [u.label for u in en["29"] if u.kind == "subparagraph"] == ["(1)", "(2)", "(3)"]


def test_udhr_articles_have_equal_anchor_sets(udhr):
    zh, en = (_articles(d) for d in udhr)
    with_anchors = 0
    for n in zh:
        zk = {a.key for u in zh[n] for a in u.anchors}
        ek = {a.key for u in en[n] for a in u.anchors}
        assert zk == ek, (n, zk ^ ek)
        with_anchors += bool(zk)
    assert with_anchors == 30  # at least the article number itself


def test_udhr_note_and_preamble(udhr):
    zh, en = udhr
    assert [u.kind for u in zh.units[:3]] == ["title", "note", "note"]
    assert "note" not in {u.kind for u in en.units}
    pre_zh = [u for u in zh.units if u.meta.get("section") == "preamble" and u.kind == "paragraph"]
    pre_en = [u for u in en.units if u.meta.get("section") == "preamble" and u.kind == "paragraph"]
    assert (len(pre_zh), len(pre_en)) == (8, 10)
    assert zh.title == "世界人权宣言" and en.title == "Universal Declaration of Human Rights"


# --- synthetic documents: docx, html, pdf, xml -------------------------------------------

def test_docx_headings_numbering_lists_and_tables(tmp_path):
    import docx

    d = docx.Document()
    d.core_properties.title = "Report of the Conference"
    d.add_heading("五. 审议实施情况和技术援助", level=1)
    d.add_paragraph("在 2017 年 11 月 9 日第 7 次会议上，缔约国会议审议了议程项目 2。", style="List Number")
    d.add_paragraph("秘书处提请注意 1,676,000 美元的资金缺口（CAC/COSP/2017/13）。会议注意到了。",
                    style="List Number")
    d.add_paragraph("（a）支持批准；", style=None)
    d.add_paragraph("一个项目符号", style="List Bullet")
    d.add_heading("其他事项", level=1)
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "表格第一格。"
    table.cell(0, 1).text = "表格第二格。"
    path = tmp_path / "report.docx"
    d.save(path)
    doc = read_document(path, "zh")
    assert doc.source_format == "docx" and doc.title == "Report of the Conference"
    got = [(u.kind, u.label, u.path) for u in doc.units]
    assert got == [("heading", "五", ("五",)), ("paragraph", "1", ("五", "1")),
                   ("paragraph", "2", ("五", "2")), ("subparagraph", "（a）", ("五", "2", "（a）")),
                   # a new list style after (a) opens a deeper level
                   ("subparagraph", None, ("五", "2", "（a）")), ("heading", None, ()),
                   ("paragraph", None, ()), ("paragraph", None, ())]
    assert doc.units[2].sentences == ["秘书处提请注意 1,676,000 美元的资金缺口（CAC/COSP/2017/13）。", "会议注意到了。"]
    assert ("symbol", "CAC/COSP/2017/13") in {a.key for a in doc.units[2].anchors}


def test_docx_footnotes_become_footnote_units(tmp_path):
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    d = docx.Document()
    d.add_paragraph("1. The Conference adopted the decision.")
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    blob = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{w}">'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
            '<w:footnote w:id="1"><w:p><w:r><w:t>See CAC/COSP/2017/L.1/Add.2.</w:t></w:r></w:p></w:footnote>'
            '</w:footnotes>').encode()
    part = Part(PackURI("/word/footnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                blob, d.part.package)
    d.part.relate_to(part, RT.FOOTNOTES)
    path = tmp_path / "notes.docx"
    d.save(path)
    doc = read_document(path, "en")
    assert [(u.kind, u.label, u.text) for u in doc.units] == [
        ("paragraph", "1", "The Conference adopted the decision."),
        ("footnote", "1", "See CAC/COSP/2017/L.1/Add.2.")]
    assert ("symbol", "CAC/COSP/2017/L.1/Add.2") in {a.key for a in doc.units[1].anchors}


def test_html_blocks_lists_and_dropped_scripts(tmp_path):
    html = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Report</title>
    <style>p { color: red }</style><script>var x = "1. not text";</script></head>
    <body><h2>V. Review of
      implementation</h2>
    <p>1. The Conference considered item 2 at its 7th meeting, on 9 November 2017.</p>
    <ol><li>First listed item.</li><li>Second listed item.</li></ol>
    <ul><li>A bullet point.</li></ul>
    <p>[…]</p>
    <div id="ftn1"><p>See CAC/COSP/2017/5.</p></div>
    </body></html>"""
    path = tmp_path / "report.html"
    path.write_text(html, "utf-8")
    doc = read_document(path, "en")
    got = [(u.kind, u.label, u.text) for u in doc.units]
    assert got == [
        ("heading", "V", "Review of implementation"),
        ("paragraph", "1", "The Conference considered item 2 at its 7th meeting, on 9 November 2017."),
        ("subparagraph", "(1)", "First listed item."),
        ("subparagraph", "(2)", "Second listed item."),
        ("subparagraph", None, "A bullet point."),
        ("placeholder", None, "[…]"),
        ("footnote", None, "See CAC/COSP/2017/5."),
    ]
    assert doc.title == "Report"


def test_html_chinese_source_line_breaks_are_not_spaces(tmp_path):
    path = tmp_path / "zh.htm"
    path.write_bytes("<html><body><p>缔约国会议审议了\n  议程项目 2。</p></body></html>".encode("gb18030"))
    doc = read_document(path, "zh")
    assert [u.text for u in doc.units] == ["缔约国会议审议了议程项目 2。"]


def _pdf(pages: list[list[str]]) -> bytes:
    """A minimal, valid PDF (Helvetica text, one line per string) built by hand."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    kids = []
    for lines in pages:
        ops = ["BT /F1 11 Tf 14 TL 72 720 Td"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({escaped}) Tj T*")
        ops.append("ET")
        if not lines:
            ops = ["0 0 m 200 200 l S"]  # a drawing, no text
        stream = "\n".join(ops).encode("latin-1")
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content = len(objects)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 FONT 0 R >> >> >>" % content)
        kids.append(len(objects))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    font = len(objects)
    objects = [o.replace(b"FONT", str(font).encode()) for o in objects]
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_pdf_text_layer_is_read_and_its_layout_undone(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(_pdf([
        ["CAC/COSP/2017/14", "1. The Conference of the States Parties considered the",
         "implementation of the Convention at its seventh session. The implemen-",
         "tation review mechanism was discussed at length by the",
         "V.17-08295"],
        ["CAC/COSP/2017/14", "speakers in the debate.", "2. The Conference adopted the report."],
    ]))
    doc = read_document(path, "en")
    assert doc.source_format == "pdf" and doc.symbol == "CAC/COSP/2017/14"
    assert [(u.kind, u.label) for u in doc.units] == [("paragraph", "1"), ("paragraph", "2")]
    assert doc.units[0].text == ("The Conference of the States Parties considered the implementation of the "
                                 "Convention at its seventh session. The implementation review mechanism "
                                 "was discussed at length by the speakers in the debate.")


def test_pdf_without_text_layer_is_refused(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(_pdf([[]]))
    with pytest.raises(InputError, match=r"no text layer \(scanned PDF\?\)"):
        read_document(path, "en")


def test_broken_pdf_is_refused(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\nthis is not really a pdf\n")
    with pytest.raises(InputError) as err:
        read_document(path, "en")
    assert "broken.pdf" in str(err.value)


def test_generic_xml_paragraphs(tmp_path):
    path = tmp_path / "doc.xml"
    path.write_text('<?xml version="1.0"?><doc><head>V. Other matters</head><body>'
                    '<p>1. The Conference <hi>adopted</hi> the report.</p>'
                    '<list><item>(a) first;</item><item>(b) second.</item></list></body></doc>', "utf-8")
    doc = read_document(path, "en")
    assert [(u.kind, u.label, u.text) for u in doc.units] == [
        ("heading", "V", "Other matters"), ("paragraph", "1", "The Conference adopted the report."),
        ("subparagraph", "(a)", "first;"), ("subparagraph", "(b)", "second.")]


def test_xml_entities_are_refused_and_malformed_xml_named(tmp_path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
                    '<!ENTITY b "&a;&a;&a;&a;&a;&a;">]><d><p>&b;</p></d>', "utf-8")
    with pytest.raises(InputError, match="unsafe XML"):
        read_document(bomb, "en")
    bad = tmp_path / "bad.xml"
    bad.write_text("<d><p>unclosed</d>", "utf-8")
    with pytest.raises(InputError, match="malformed XML") as err:
        read_document(bad, "en")
    assert err.value.line == 1


# --- presplit, in-memory text, format detection, bad input ---------------------------------

def test_presplit_lines_are_units_as_is(tmp_path):
    path = tmp_path / "units.txt"
    path.write_text("第一句。第二句。\n\n  缩进的一行\n1. 不是段落编号\n", "utf-8")
    doc = read_document(path, "zh", presplit=True)
    assert [u.text for u in doc.units] == ["第一句。第二句。", "  缩进的一行", "1. 不是段落编号"]
    assert [u.sentences for u in doc.units] == [[u.text] for u in doc.units]
    assert [u.meta["line"] for u in doc.units] == [1, 3, 4]
    assert {u.kind for u in doc.units} == {"paragraph"} and doc.source_format == "presplit"


def test_parse_text_one_paragraph_a_line():
    doc = parse_text("V. Other matters\n\n1. The Conference met. It adopted the report.\n"
                     "(a) First item;\n", "en")
    assert [(u.kind, u.label, len(u.sentences)) for u in doc.units] == [
        ("heading", "V", 1), ("paragraph", "1", 2), ("subparagraph", "(a)", 1)]
    assert doc.source_format == "text"


def test_presplit_refuses_binary_formats(tmp_path):
    path = tmp_path / "doc.pdf"
    path.write_bytes(_pdf([["1. The Conference adopted the report."]]))
    with pytest.raises(InputError, match="--presplit needs a plain-text file"):
        read_document(path, "en", presplit=True)


def test_format_is_recognised_by_signature(tmp_path):
    path = tmp_path / "actually-a-pdf.txt"
    path.write_bytes(_pdf([["1. The Conference adopted the report."]]))
    assert read_document(path, "en").source_format == "pdf"


@pytest.mark.parametrize("name,data,problem", [
    ("missing.txt", None, "file not found"),
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n \n", "empty file"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    ("nul.txt", b"abc\x00def\x00\x01", "binary file"),
    ("bad.txt", b"ok\n" + b"\x81 \xff " * 40, "undecodable bytes"),
    ("notes.rtf", b"{\\rtf1 hello}", "unsupported file type '.rtf'"),
    ("archive.docx", b"PK\x03\x04" + b"\x00" * 100, "not a .docx"),
])
def test_bad_input_names_the_file_and_the_problem(tmp_path, name, data, problem):
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    with pytest.raises(InputError) as err:
        read_document(path, "en")
    message = err.value.one_line()
    assert message.startswith(str(path)) and problem in message and "\n" not in message


def test_chinese_file_given_as_english_is_refused(data_dir):
    with pytest.raises(InputError, match="looks like Chinese text, but was given as the English document"):
        read_document(data_dir.joinpath(*COSP7), "en")


def test_corpus_files_with_language_extensions_read_one_unit_a_line(data_dir):
    folder = data_dir / "bertalign_mac_dev"
    for name, lang in (("zh/001.zh", "zh"), ("en/001.en", "en")):
        path = folder / name
        lines = [line for line in path.read_text("utf-8").split("\n") if line.strip()]
        doc = read_document(path, lang)
        assert doc.meta["layout"] == "lines" and len(doc.units) == len(lines)
        assert [u.text for u in doc.units][:50] == [line.strip() for line in lines][:50]


@pytest.mark.parametrize("name,reason", [("terms.tbx", "termbase"), ("pairs.tmx", "bitext"),
                                         ("table.csv", "table"), ("old.doc", "save it as .docx")])
def test_files_that_are_not_documents_are_refused_with_a_reason(tmp_path, name, reason):
    path = tmp_path / name
    path.write_text("some text\n", "utf-8")
    with pytest.raises(InputError, match="unsupported file type") as err:
        read_document(path, "en")
    assert reason in str(err.value)
