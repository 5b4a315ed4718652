"""Hostile workbooks for issue 18, made in memory: the sparse-range xlsx and zip-bomb-like xlsx and docx.

Reusable outside the suite, e.g. to rerun the probe against a served demo::

    from tests.security.sparse_file import make_sparse_xlsx
    Path("sparse.xlsx").write_bytes(make_sparse_xlsx())
"""

from __future__ import annotations

import functools
import io
import struct
import zlib

import xlsxwriter

__all__ = ["make_docx_bomb", "make_sparse_xlsx", "make_xlsx", "make_zip_bomb_xlsx"]

MIB = 1 << 20
LAST_ROW, LAST_COLUMN = 1_048_575, 16_383  # XFD1048576, 0-based as xlsxwriter counts


def make_xlsx(rows: list[list], sheet: str = "Sheet1") -> bytes:
    """A plain workbook of ``rows`` (formulas given as strings starting with "=" are written as formulas)."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    worksheet = workbook.add_worksheet(sheet)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            worksheet.write(r, c, value)
    workbook.close()
    return buffer.getvalue()


@functools.cache  # bytes are immutable: one copy per argument set serves every test
def make_sparse_xlsx(header: str = "学校标识码", value: object = 1) -> bytes:
    """The probe's file: ``header`` in A1 and ``value`` in XFD1048576, nothing else (about 5.3 KB).

    calamine reads it as a range of 1,048,576 × 16,384 cells and allocates 512 GiB for it.
    """
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    worksheet = workbook.add_worksheet()
    worksheet.write(0, 0, header)
    worksheet.write(LAST_ROW, LAST_COLUMN, value)
    workbook.close()
    return buffer.getvalue()


# --- Zip bombs ------------------------------------------------------------------------------------

def _bomb_stream(prefix: bytes, suffix: bytes, padding_mib: int) -> tuple[bytes, int, int]:
    """Raw deflate of ``prefix`` + ``padding_mib`` MiB of spaces + ``suffix``, with its CRC and size.

    After a full flush deflate restarts from a clean state, so one compressed MiB of spaces (about 1 KB)
    repeated is a valid stream: a gigabyte compresses to about a megabyte in no time.
    """
    block = b" " * MIB
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    head = packer.compress(prefix) + packer.flush(zlib.Z_FULL_FLUSH)
    body = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    tail = packer.compress(suffix) + packer.flush()
    crc = zlib.crc32(prefix)
    for _ in range(padding_mib):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(suffix, crc)
    return head + body * padding_mib + tail, crc, len(prefix) + padding_mib * MIB + len(suffix)


def _rezip(members: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip of (name, raw deflate data, crc, declared uncompressed size, method) written by hand."""
    out, central = io.BytesIO(), []
    for name, data, crc, size, method in members:
        encoded = name.encode()
        offset = out.tell()
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, method, 0, 0x21, crc, len(data), size,
                              len(encoded), 0))
        out.write(encoded)
        out.write(data)
        central.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, method, 0, 0x21, crc, len(data),
                                   size, len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
    start = out.tell()
    for entry in central:
        out.write(entry)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central), out.tell() - start,
                          start, 0))
    return out.getvalue()


def _bomb(template: bytes, part: str, marker: bytes, inflated_mib: int, lie: bool) -> bytes:
    import zipfile

    members = []
    with zipfile.ZipFile(io.BytesIO(template)) as archive:
        for info in archive.infolist():
            content = archive.read(info)
            if info.filename == part:
                cut = content.index(marker)
                data, crc, size = _bomb_stream(content[:cut], content[cut:], inflated_mib)
                if lie:  # the header claims the part is no bigger than it looks without the padding
                    size = len(content)
            else:
                packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
                data, crc, size = packer.compress(content) + packer.flush(), zlib.crc32(content), len(content)
            members.append((info.filename, data, crc, size, zipfile.ZIP_DEFLATED))
    return _rezip(members)


@functools.cache
def make_zip_bomb_xlsx(inflated_mib: int = 1300, *, lie: bool = False, header: str = "学校标识码") -> bytes:
    """A valid xlsx whose sheet XML is padded with ``inflated_mib`` MiB of whitespace (about 1 KB per MiB).

    With ``lie`` the zip's headers declare the sheet's size without the padding, so only a reader that
    counts what it really inflates notices.
    """
    template = make_xlsx([[header, "学校名称"], ["3300000001", "城关一小"]])
    return _bomb(template, "xl/worksheets/sheet1.xml", b"</sheetData>", inflated_mib, lie)


@functools.cache
def make_docx_bomb(inflated_mib: int = 300, *, lie: bool = False) -> bytes:
    """A .docx whose document.xml inflates past ``inflated_mib`` MiB."""
    import docx

    document = docx.Document()
    document.add_paragraph("一、总体目标")
    buffer = io.BytesIO()
    document.save(buffer)
    return _bomb(buffer.getvalue(), "word/document.xml", b"</w:body>", inflated_mib, lie)
