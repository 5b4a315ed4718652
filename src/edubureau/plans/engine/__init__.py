"""The plan parser: a bureau's plan document → heading tree and quantitative targets (pure, no Django).

``parse_text(text)`` returns a ``ParsedPlan``; ``ParsedPlan.as_dict()`` is the JSON shape of
``edubureau plan parse FILE --json``. ``read_document(path)`` reads .txt, .docx and .pdf.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .cleaning import BOILERPLATE_LINE, clean, undouble
from .headings import Heading, build_tree, find_headings
from .readers import UnreadableDocument, read_document
from .targets import Target, find_targets

__all__ = ["Heading", "ParsedPlan", "Target", "UnreadableDocument", "parse_text", "read_document"]

PLAN_WORDS = re.compile(r"计划|要点|方案|意见|安排|规划|总结|通知|纲要|措施")
SENTENCE_STOPS = tuple("。；;！!？?：:，,")
FILE_SUFFIX = re.compile(r"\.(docx?|pdf|txt|wps)$", re.IGNORECASE)


@dataclass
class ParsedPlan:
    """What the parser read from one plan: its title, cleaned body, heading tree and targets."""

    title: str
    body: str
    items: list[Heading]
    targets: list[Target] = field(default_factory=list)

    def headings(self) -> list[Heading]:
        return [h for root in self.items for h in root.walk()]

    def as_dict(self) -> dict:
        def node(h: Heading) -> dict:
            return {
                "id": h.id,
                "marker": h.marker,
                "level": h.level,
                "title": h.title,
                "text": h.text,
                "children": [node(c) for c in h.children],
            }

        return {
            "title": self.title,
            "items": [node(h) for h in self.items],
            "targets": [t.as_dict() for t in self.targets],
        }


def _title(lines: list[str], body: str, first: int) -> str:
    """The document title: the words glued before the first heading, else the last title-like line before it."""
    preamble = body[:first]
    last_line = preamble.rsplit("\n", 1)[-1]
    if last_line and not last_line.endswith(SENTENCE_STOPS) and len(last_line) <= 60:
        return FILE_SUFFIX.sub("", undouble(last_line))
    candidates = [
        FILE_SUFFIX.sub("", undouble(line))
        for line in preamble.split("\n")
        if line and len(line) <= 60 and not line.endswith(SENTENCE_STOPS) and not BOILERPLATE_LINE.search(line)
    ]
    named = [c for c in candidates if PLAN_WORDS.search(c)]
    if named:
        return named[-1]
    return candidates[-1] if candidates else (lines[0][:60] if lines else "")


def parse_text(text: str) -> ParsedPlan:
    """Parse the plain text of a plan document."""
    lines = clean(text)
    body = "\n".join(lines)
    flat = find_headings(body)
    roots = build_tree(body, flat)
    starts = [h.start for h in flat]
    targets = find_targets(body)
    for target in targets:
        i = bisect.bisect_right(starts, target.start) - 1
        target.item = flat[i].id if i >= 0 else None
    title = _title(lines, body, flat[0].start if flat else len(body))
    return ParsedPlan(title=title, body=body, items=roots, targets=targets)
