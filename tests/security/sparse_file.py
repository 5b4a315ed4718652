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

__all__ = ["make_docx_bomb", "make_sparse_xls", "make_sparse_xlsx", "make_xls", "make_xlsx", "make_zip_bomb_xlsx"]

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


# --- .xls: BIFF8 records in an OLE2 compound file -------------------------------------------------

_END, _FREE, _FATSECT, _NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def _record(kind: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _biff8(cells) -> bytes:
    """A minimal BIFF8 workbook stream: one sheet, Sheet1, of NUMBER cells (row, column, value), 0-based."""
    def bof(kind):
        return _record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x0006))

    name = b"Sheet1"
    sheet_at = 20 + 4 + 8 + len(name) + 4  # after BOF, BOUNDSHEET and EOF of the globals
    stream = bof(0x0005) + _record(0x0085, struct.pack("<IBBBB", sheet_at, 0, 0, len(name), 0) + name)
    stream += _record(0x000A) + bof(0x0010)
    for row, column, value in cells:
        stream += _record(0x0203, struct.pack("<HHHd", row, column, 0, value))
    return stream + _record(0x000A)


def _directory_entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
    encoded = (name + "\x00").encode("utf-16-le") if name else b""
    return (encoded.ljust(64, b"\x00") + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", _NOSTREAM, _NOSTREAM, child) + b"\x00" * 20 + b"\x00" * 16
            + struct.pack("<III", start, size, 0))


def _cfb_header(first_minifat: int, minifat_count: int) -> bytes:
    return (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
            + b"\x00" * 6 + struct.pack("<9I", 0, 1, 1, 0, 4096, first_minifat, minifat_count, _END, 0)
            + struct.pack("<109I", 0, *([_FREE] * 108)))


def make_xls(cells, *, mini: bool = False) -> bytes:
    """A .xls that calamine reads: sector 0 the FAT, 1 the directory, then the workbook stream.

    With ``mini`` the stream (under 4096 bytes) lives in the mini stream, as OLE2 keeps small streams.
    """
    stream = _biff8(cells)
    if not mini:
        stream = stream.ljust(4096, b"\x00")
        count = -(-len(stream) // 512)
        fat = [_FATSECT, _END] + [3 + i if i < count - 1 else _END for i in range(count)]
        directory = (_directory_entry("Root Entry", 5, 1, _END, 0)
                     + _directory_entry("Workbook", 2, _NOSTREAM, 2, len(stream))
                     + _directory_entry("", 0, _NOSTREAM, 0, 0) * 2)
        return (_cfb_header(_END, 0) + struct.pack("<128I", *fat, *[_FREE] * (128 - len(fat))) + directory
                + stream.ljust(count * 512, b"\x00"))
    container = stream.ljust(-(-len(stream) // 64) * 64, b"\x00")
    minis, count = len(container) // 64, -(-len(container) // 512)
    fat = [_FATSECT, _END, _END] + [4 + i if i < count - 1 else _END for i in range(count)]
    minifat = [i + 1 if i < minis - 1 else _END for i in range(minis)]
    directory = (_directory_entry("Root Entry", 5, 1, 3, len(container))
                 + _directory_entry("Workbook", 2, _NOSTREAM, 0, len(stream))
                 + _directory_entry("", 0, _NOSTREAM, 0, 0) * 2)
    return (_cfb_header(2, 1) + struct.pack("<128I", *fat, *[_FREE] * (128 - len(fat))) + directory
            + struct.pack("<128I", *minifat, *[_FREE] * (128 - len(minifat))) + container.ljust(count * 512, b"\x00"))


@functools.cache
def make_sparse_xls() -> bytes:
    """A1 and IV65536 of a .xls (about 5.5 KB): calamine takes over a gigabyte for its 65,536 × 256 range."""
    return make_xls([(0, 0, 1.0), (65_535, 255, 1.0)])
