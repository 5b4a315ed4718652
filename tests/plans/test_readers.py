"""Reading plan documents: .txt (UTF-8 or GB18030), .docx, .pdf; broken files are clear errors."""

from __future__ import annotations

import pytest

from edubureau.plans.engine import UnreadableDocument, parse_text, read_document


def test_docx_paragraphs_become_lines(tmp_path):
    import docx

    document = docx.Document()
    for text in ["某县2025年教育工作要点", "一、学前教育", "（一）扩大资源。年内新增学位1.75万个。"]:
        document.add_paragraph(text)
    path = tmp_path / "plan.docx"
    document.save(path)
    plan = parse_text(read_document(path))
    assert plan.title == "某县2025年教育工作要点"
    assert [h.id for h in plan.headings()] == ["1", "1.1"]
    assert plan.targets[0].number == 17500


def _minimal_pdf(text: str) -> bytes:
    """A one-page PDF showing ``text`` (ASCII) in Helvetica, with a correct cross-reference table."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_pdf_text_is_extracted(tmp_path):
    path = tmp_path / "plan.pdf"
    path.write_bytes(_minimal_pdf("Plan 2025: build 3 schools"))
    assert "build 3 schools" in read_document(path)


@pytest.mark.parametrize(("name", "content"), [("plan.docx", b"not a zip"), ("plan.pdf", b"%PDF-broken")])
def test_broken_files_are_unreadable_documents(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnreadableDocument):
        read_document(path)


def test_text_encodings(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes("一、目标".encode("gb18030"))
    assert read_document(path) == "一、目标"
    path.write_bytes("\ufeff一、目标".encode())
    assert read_document(path) == "一、目标"
