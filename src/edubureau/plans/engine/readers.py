"""Read a plan document's plain text from .txt, .docx or .pdf. No Django.

python-docx and pypdf are imported only when such a file is read, so the parser of .txt files needs
neither; a missing library is reported as an ``UnreadableDocument`` naming what to install.
"""

from __future__ import annotations

from pathlib import Path

from edubureau.core.io.filecheck import FileLimits, FileRefused, check_pdf, check_size, check_zip

TEXT_ENCODINGS = ("utf-8-sig", "gb18030", "utf-16")


class UnreadableDocument(ValueError):
    """The file is not a plan document the parser can read (format, encoding, missing library)."""


def decode_text(data: bytes) -> str:
    """Plain text in UTF-8 (with or without BOM) or GB18030, as Chinese offices save it.

    >>> decode_text("一、目标".encode("gb18030"))
    '一、目标'
    """
    for encoding in TEXT_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableDocument("无法识别文本文件的编码（请另存为 UTF-8）")


def _docx_text(path: Path) -> str:
    try:
        import docx  # python-docx
    except ImportError as exc:
        raise UnreadableDocument("读取 .docx 需要安装 python-docx") from exc
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # a corrupt or mislabelled file: python-docx raises many kinds
        raise UnreadableDocument(f"无法读取 Word 文档：{exc}") from exc
    return "\n".join(p.text for p in document.paragraphs)


def _pdf_text(path: Path) -> str:
    try:
        import pypdf
    except ImportError as exc:
        raise UnreadableDocument("读取 .pdf 需要安装 pypdf") from exc
    try:
        reader = pypdf.PdfReader(str(path))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except Exception as exc:  # pypdf raises many kinds on broken files
        raise UnreadableDocument(f"无法读取 PDF 文档：{exc}") from exc


def read_document(path: str | Path, limits: FileLimits | None = None) -> str:
    """The plain text of a .txt, .docx or .pdf plan document.

    ``limits`` caps the file's size, what a .docx inflates to and a PDF's pages (issue 18: a docx is a
    zip, and a zip bomb would be inflated whole by python-docx); without it nothing is capped.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    limits = limits or FileLimits()
    if not path.is_file():
        raise UnreadableDocument(f"文件不存在：{path}")
    try:
        check_size(path.stat().st_size, limits)
        if suffix == ".docx":
            check_zip(path, suffix, limits)
        elif suffix == ".pdf":
            check_pdf(path, limits)
    except FileRefused as exc:
        raise UnreadableDocument(str(exc)) from None
    if suffix == ".docx":
        return _docx_text(path)
    if suffix == ".pdf":
        return _pdf_text(path)
    if suffix in (".txt", ".text", ""):
        return decode_text(path.read_bytes())
    raise UnreadableDocument(f"不支持的文件格式：{suffix}（支持 .txt、.docx、.pdf）")
