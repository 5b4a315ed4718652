"""The plan parser: a bureau's plan document → heading tree and quantitative targets (pure, no Django).

``parse_text(text)`` returns a ``ParsedPlan``; ``ParsedPlan.as_dict()`` is the JSON shape of
``edubureau plan parse FILE --json``. ``read_document(path)`` reads .txt, .docx and .pdf.

A plan in traditional characters is converted to simplified (OpenCC, see ``script``) and parsed as such; its
titles, texts and target wordings are given as published (issue 17).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .cleaning import BOILERPLATE_LINE, clean, clean_aligned, undouble
from .headings import Heading, build_tree, find_headings
from .readers import UnreadableDocument, read_document
from .script import is_traditional, to_simplified
from .targets import Target, find_targets

__all__ = ["Heading", "ParsedPlan", "Target", "UnreadableDocument", "parse_text", "read_document"]

PLAN_WORDS = re.compile(r"计划|要点|方案|意见|安排|规划|总结|通知|纲要|措施")
SENTENCE_STOPS = tuple("。；;！!？?：:，,")
FILE_SUFFIX = re.compile(r"\.(docx?|pdf|txt|wps)$", re.IGNORECASE)


@dataclass
class ParsedPlan:
    """What the parser read from one plan: its title, cleaned body, heading tree and targets.

    ``body`` is the text that was parsed (simplified characters); ``published`` the same paragraphs as the
    bureau wrote them, aligned with ``body`` character for character (the same text unless ``traditional``).
    Titles, texts and target wordings are the published ones.
    """

    title: str
    body: str
    items: list[Heading]
    targets: list[Target] = field(default_factory=list)
    published: str = ""
    traditional: bool = False

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
            "script": "traditional" if self.traditional else "simplified",
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


def _as_published(body: str, published: str, words: str | None, near: int) -> str | None:
    """``words`` (found in ``body``) as written in ``published``: the occurrence nearest ``near``."""
    if not words or body is published:
        return words
    before = body.rfind(words, 0, near + len(words))
    after = body.find(words, near)
    spots = [i for i in (before, after) if i >= 0]
    if not spots:
        return words  # a phrase the parser put together (quotes dropped): left as read
    at = min(spots, key=lambda i: abs(i - near))
    return published[at : at + len(words)]


def parse_text(text: str) -> ParsedPlan:
    """Parse the plain text of a plan document, in simplified or traditional characters.

    Examples
    --------
    >>> plan = parse_text("某縣教育工作要點\\n一、發展目標\\n新建學校不少於3所。")
    >>> plan.traditional, plan.title, plan.items[0].title, plan.targets[0].text, plan.targets[0].object
    (True, '某縣教育工作要點', '發展目標', '3所', '學校')
    """
    simplified = to_simplified(text)
    traditional = is_traditional(text, simplified)
    pairs = clean_aligned(simplified, text) if traditional else [(line, line) for line in clean(text)]
    lines = [line for line, _shown in pairs]
    body = "\n".join(lines)
    published = "\n".join(shown for _line, shown in pairs) if traditional else body
    flat = find_headings(body)
    roots = build_tree(body, flat, published)
    starts = [h.start for h in flat]
    targets = find_targets(body)
    for target in targets:
        i = bisect.bisect_right(starts, target.start) - 1
        target.item = flat[i].id if i >= 0 else None
        if traditional:
            target.text = published[target.start : target.start + len(target.text)]
            target.object = _as_published(body, published, target.object, target.start)
            target.deadline = _as_published(body, published, target.deadline, target.start)
    first = flat[0].start if flat else len(body)
    title = _as_published(body, published, _title(lines, body, first), first)
    return ParsedPlan(title=title, body=body, items=roots, targets=targets, published=published,
                      traditional=traditional)
