"""The heading tree of a plan, from Chinese numbering: 一、 /（一）㈠ / 1. 1、 1． ⒈ /（1）⑴ / ① / 一是 / 第一.

Markers are found at the start of a line or inline after a full stop, a semicolon or a colon (web
copies often lose line breaks); a marker must continue its numbering (1, or one more than the last of
its kind), so "统一、规范" or a stray "3、" in a sentence is not a heading. The rank of each kind is the
conventional one in official documents; a kind missing from a document simply leaves a level out.
Pure functions, no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .cleaning import TERMINAL
from .numerals import circled_to_int, cn_to_int

CN = "一二三四五六七八九十"
# (kind, rank, pattern); the number is group 1.
KINDS = [
    ("cn", 1, rf"([{CN}]{{1,3}})、"),
    ("paren_cn", 2, rf"[（(]([{CN}]{{1,3}})[)）]"),
    ("arabic", 3, r"(?<![\d.．])(\d{1,2})(?:[.．](?![\d%])|、)"),
    ("paren_arabic", 4, r"[（(](\d{1,2})[)）]"),
    ("circled", 5, r"([①-⑳])"),
    # One-character forms of the same numbering (issue 17): ㈠ = （一）, ⒈ = 1., ⑴ = (1).
    ("paren_ideo", 2, r"([㈠-㈩])"),
    ("dot_arabic", 3, r"([⒈-⒛])"),
    ("paren_digit", 4, r"([⑴-⒇])"),
    ("shi", 6, rf"([{CN}]{{1,2}})是(?![的否])"),
    ("yao", 6, rf"([{CN}]{{1,2}})[要抓](?![求到])"),  # 一要…二要…, 一抓…二抓…
    ("di", 7, rf"第([{CN}]{{1,2}})(?=[，,、：:])"),
]
RANK = {kind: rank for kind, rank, _ in KINDS}
MARKER = re.compile("|".join(f"(?P<{kind}>{pattern})" for kind, _, pattern in KINDS))
# Inline kinds that only ever follow a full stop (they read as words elsewhere: 唯一是, 第一次).
SENTENCE_ONLY = {"shi", "yao", "di"}
# Single symbols that never read as a word: inline they may also follow a comma.
SYMBOLS = {"circled", "paren_ideo", "dot_arabic", "paren_digit"}
SYMBOL_START = {"paren_ideo": "㈠", "dot_arabic": "⒈", "paren_digit": "⑴"}
TITLE_END = re.compile(r"[。：:！!？?；;]")
MAX_TITLE_TAIL = 30  # a section title before its first sub-heading
MAX_DOC_TITLE = 60  # the document title glued before the first heading


@dataclass
class Heading:
    """One numbered item of the plan: its marker as written, its level in the tree and its text."""

    marker: str
    kind: str
    number: int
    level: int = 0
    title: str = ""
    text: str = ""
    id: str = ""
    start: int = 0  # offset of the marker in the cleaned body
    children: list[Heading] = field(default_factory=list)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def _number(kind: str, raw: str) -> int | None:
    if kind == "circled":
        return circled_to_int(raw)
    if kind in SYMBOL_START:
        return ord(raw) - ord(SYMBOL_START[kind]) + 1
    if kind in ("arabic", "paren_arabic"):
        return int(raw)
    return cn_to_int(raw)


def _preceded_well(body: str, pos: int) -> bool:
    """Whether the character before ``pos`` ends a sentence (or the line): where an inline heading may start."""
    if pos == 0 or body[pos - 1] == "\n":
        return True
    before = body[pos - 1]
    if before in '”’"' and pos >= 2:
        before = body[pos - 2]
    return before in TERMINAL


def find_headings(body: str) -> list[Heading]:
    """The accepted heading markers of ``body`` (paragraphs joined by newlines), in order, flat."""
    found: list[Heading] = []
    last_number: dict[str, int] = {}
    stack: list[Heading] = []
    matches = [m for m in MARKER.finditer(body) if m.start() == 0 or body[m.start() - 1] == "\n"]
    # (kind, number) of every marker opening a line: "三抓…" is confirmed by a later line "四抓…".
    line_openers = {(m.lastgroup, _number(m.lastgroup, m.group(m.re.groupindex[m.lastgroup] + 1))) for m in matches}
    for match in MARKER.finditer(body):
        kind = match.lastgroup
        raw = match.group(kind)
        number = _number(kind, match.group(match.re.groupindex[kind] + 1))
        if number is None or number == 0:
            continue
        pos = match.start()
        line_start = body.rfind("\n", 0, pos) + 1
        at_line_start = pos == line_start
        if not at_line_start:
            if not _preceded_well(body, pos):
                if kind in SENTENCE_ONLY or kind in SYMBOLS and body[pos - 1] not in "，,、":
                    continue
                if kind not in SYMBOLS:
                    # The tail of a title: "实施计划一、…" at the top, or "三、主要工作（一）…" one level down.
                    anchor = max(line_start, stack[-1].start + len(stack[-1].marker) if stack else line_start)
                    tail = body[anchor:pos]
                    deeper = not stack or RANK[kind] > RANK[stack[-1].kind]
                    # A bracketed marker never reads as a word, so its title tail may hold commas.
                    stops = r"[；;。：:“”\"]" if kind.startswith("paren") else r"[，,、；;。：:“”\"]"
                    if not deeper or len(tail) > (MAX_TITLE_TAIL if stack else MAX_DOC_TITLE) or re.search(stops, tail):
                        continue
                    if stack and stack[-1].start < line_start:
                        continue
        # The numbering must continue: 1, one more than the last of this kind, or a first heading line
        # that starts later (a copy that lost its first page).
        previous = last_number.get(kind)
        in_stack = any(h.kind == kind for h in stack)
        if number != 1 and not (previous is not None and number == previous + 1):
            line_end = body.find("\n", pos)
            line = body[line_start : None if line_end < 0 else line_end]
            standalone = at_line_start and "。" not in line
            confirmed = at_line_start and previous is None and (kind, number + 1) in line_openers
            if previous is not None and in_stack or not (at_line_start and (number == 2 or standalone or confirmed)):
                continue
        while stack and RANK[stack[-1].kind] >= RANK[kind]:
            stack.pop()
        heading = Heading(marker=raw, kind=kind, number=number, level=len(stack) + 1, start=pos)
        stack.append(heading)
        last_number[kind] = number
        found.append(heading)
    return found


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    """``start, end`` moved inward past the whitespace that ``text[start:end].strip()`` would drop."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def build_tree(body: str, flat: list[Heading], shown: str | None = None) -> list[Heading]:
    """Nest the flat headings by level, fill in titles, texts and positional ids ("2.3").

    ``shown`` is ``body`` as published (a traditional-character plan, aligned character for character with the
    simplified ``body`` that was parsed): titles and texts are taken from it (issue 17).
    """
    shown = body if shown is None else shown
    for i, heading in enumerate(flat):
        end = flat[i + 1].start if i + 1 < len(flat) else len(body)
        start, end = _stripped(body, heading.start + len(heading.marker), end)
        heading.marker = shown[heading.start : heading.start + len(heading.marker)]
        heading.text = shown[start:end]
        line_end = body.find("\n", start, end)
        line_end = end if line_end < 0 else line_end
        stop = TITLE_END.search(body, start, line_end)
        title_start, title_end = _stripped(body, start, stop.start() if stop else line_end)
        heading.title = shown[title_start:title_end]
    roots: list[Heading] = []
    stack: list[Heading] = []
    for heading in flat:
        while stack and stack[-1].level >= heading.level:
            stack.pop()
        siblings = stack[-1].children if stack else roots
        siblings.append(heading)
        heading.id = (stack[-1].id + "." if stack else "") + str(len(siblings))
        stack.append(heading)
    return roots
