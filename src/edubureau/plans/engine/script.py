"""Traditional-character plans read as simplified ones (issue 17, point 12). Pure, no Django.

Bureaus in Hong Kong, Macau and Taiwan (and some copies circulating on the mainland) publish in traditional
characters. The parser's words (新建, 學校 → 学校, 不少於 → 不少于 …) are simplified, so the text is converted
with OpenCC (the ``opencc`` package: the OpenCC project's own binding, maintained, wheels for every platform,
the same dictionaries as every other OpenCC port) before it is parsed, and the published text is kept for
display. The conversion keeps the text's length character for character, so every offset found in the
converted text points at the same words in the original.
"""

from __future__ import annotations

import functools
import re

__all__ = ["TRADITIONAL_SHARE", "is_traditional", "to_simplified"]

# A document is traditional when at least this share of its Han characters change on conversion: a
# simplified document changes almost none (0 to 1 character in each seed), a traditional one about a third.
TRADITIONAL_SHARE = 0.02
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@functools.cache
def _converter():
    import opencc  # imported on first use: ``edubureau plan parse --help`` stays fast

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """``text`` in simplified characters, of the same length, each character in its place.

    OpenCC converts phrase by phrase; a line where a phrase changed its length (rare: t2s phrases keep it)
    is converted again character by character, so that offsets stay aligned.

    Examples
    --------
    >>> to_simplified("二、發展目標：新建學校3所，擴建幼兒園不少於5所。")
    '二、发展目标：新建学校3所，扩建幼儿园不少于5所。'
    """
    convert = _converter().convert
    lines = []
    for line in text.split("\n"):
        out = convert(line)
        if len(out) != len(line):
            out = "".join(c if len(c := convert(ch)) == 1 else ch for ch in line)
        lines.append(out)
    return "\n".join(lines)


def is_traditional(text: str, simplified: str | None = None) -> bool:
    """Whether ``text`` is written in traditional characters (see ``TRADITIONAL_SHARE``).

    Examples
    --------
    >>> is_traditional("各級學校全面落實"), is_traditional("各级学校全面落实")
    (True, False)
    """
    simplified = to_simplified(text) if simplified is None else simplified
    han = changed = 0
    for original, converted in zip(text, simplified, strict=True):
        if HAN.match(original):
            han += 1
            changed += original != converted
    return han > 0 and changed / han >= TRADITIONAL_SHARE
