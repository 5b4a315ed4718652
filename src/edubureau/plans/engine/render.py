"""The readable tree of a parsed plan, for the terminal: items indented by level, targets under their item.

Pure, no Django (the labels are fixed Chinese words of the report, not translatable interface text).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from . import ParsedPlan
    from .targets import Target

TITLE_WIDTH = 40


def cn_amount(value: float | None) -> str:
    """A figure with thousands separators, no trailing .0.

    >>> cn_amount(17500.0), cn_amount(2.5), cn_amount(None)
    ('17,500', '2.5', '？')
    """
    if value is None:
        return "？"
    return f"{value:,.0f}" if value == int(value) else f"{value:,}"


def describe(target: Target) -> str:
    """One target on one line: 「新增学位1.75万个」 17,500 个 · 学位 · 年内."""
    if (
        target.low is not None
        or target.high is not None
        or (target.unknown and target.number is None and "-" in target.text)
    ):
        figure = f"{cn_amount(target.low)}–{cn_amount(target.high)}"
    else:
        figure = cn_amount(target.number)
    comparator = target.comparator or ""
    if comparator in ("以上", "左右"):  # read after the figure: 10 所左右
        amount = f"{figure} {target.unit}{comparator}"
    else:
        amount = f"{comparator}{figure} {target.unit}"
    parts = [f"「{target.text}」", amount.strip()]
    if target.object:
        parts.append(target.object)
    if target.deadline:
        parts.append(f"期限：{target.deadline}")
    if target.unknown:
        parts.append("待填数字")
    return " · ".join(parts)


def render_tree(plan: ParsedPlan) -> str:
    by_item: dict[str | None, list[Target]] = {}
    for target in plan.targets:
        by_item.setdefault(target.item, []).append(target)
    lines = [plan.title or "（无标题）", ""]
    for target in by_item.get(None, []):
        lines.append(f"  ◎ {describe(target)}")
    for heading in plan.headings():
        indent = "  " * (heading.level - 1)
        title = heading.title if len(heading.title) <= TITLE_WIDTH else heading.title[:TITLE_WIDTH] + "…"
        lines.append(f"{indent}{heading.id} {heading.marker}{title}")
        for target in by_item.get(heading.id, []):
            lines.append(f"{indent}    ◎ {describe(target)}")
    return "\n".join(lines) + "\n"
