"""The verifiable 摇号 (lottery) of an oversubscribed school, and the order of its applicants.

Applicants are ranked by category first (一类 before 二类 …), by 积分 (higher first) within a category where it is
given, then by their **ticket**: the SHA-256 of ``"<seed>|<申请编号>"`` in hexadecimal. The ticket depends only on
the published seed and the applicant's own number, so

- the order is a deterministic function of the seed and the set of applicants: the same in any row order;
- anyone can recompute a ticket with any SHA-256 tool (``echo -n "2026-0612|A001" | sha256sum``) and check the
  published order without trusting our software;
- the seed is published before the draw (or taken from a public number, e.g. the day's 福彩3D result), so nobody,
  the bureau included, can choose it after seeing the list.

The first N of the order are admitted, the rest wait (候补) in that order.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

__all__ = ["Applicant", "Draw", "LotteryError", "category_rank", "draw", "method_text", "parse_points", "rank",
           "rank_key",
           "ticket"]

_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


class LotteryError(ValueError):
    """An applicant list the draw cannot be made from, with the row and the reason in Chinese."""


@dataclass(frozen=True)
class Applicant:
    """One applicant of the list: the number is the key everything else is checked by."""

    number: str
    name: str = ""
    id_number: str = ""
    category: str = "一类"
    points: Decimal | None = None
    row: int | None = None  # the file's row, for messages


@dataclass
class Draw:
    """The result anyone can recompute from ``seed`` and the applicants."""

    seed: str
    seats: int
    order: list[Applicant]
    tickets: dict[str, str] = field(default_factory=dict)

    @property
    def admitted(self) -> list[Applicant]:
        return self.order[: self.seats]

    @property
    def waiting(self) -> list[Applicant]:
        return self.order[self.seats:]

    @property
    def drawn_categories(self) -> list[str]:
        """Categories where the lottery decided: the one cut by the last seat (nobody else needs luck)."""
        if self.seats <= 0 or self.seats >= len(self.order):
            return []
        last, first_out = self.order[self.seats - 1], self.order[self.seats]
        if last.category == first_out.category and last.points == first_out.points:
            return [last.category]
        return []

    def method(self) -> str:
        return method_text(self.seed, self.seats)

    def as_dict(self) -> dict:
        return {
            "seed": self.seed,
            "seats": self.seats,
            "order": [a.number for a in self.order],
            "admitted": [a.number for a in self.admitted],
            "waiting": [a.number for a in self.waiting],
            "tickets": {a.number: self.tickets[a.number] for a in self.order},
            "method": self.method(),
        }


def category_rank(category: str) -> int:
    """The place of a category: 一类 → 1, 二类 → 2 …, 10类 → 10.

    Examples
    --------
    >>> category_rank("三类"), category_rank("第2类")
    (3, 2)
    """
    text = category.strip().removeprefix("第").removesuffix("类")
    if text.isdigit():
        return int(text)
    if text in _NUMERALS:
        return _NUMERALS[text]
    raise LotteryError(f"无法识别的类别“{category}”（应为 一类、二类、三类……）")


def ticket(seed: str, number: str) -> str:
    """The applicant's lottery ticket: SHA-256 of ``"<seed>|<申请编号>"``, hexadecimal; the smaller draws first.

    Examples
    --------
    >>> ticket("2026", "A001")[:12]
    '6ab422397291'
    """
    return hashlib.sha256(f"{seed}|{number}".encode()).hexdigest()


def rank_key(applicant: Applicant, seed: str) -> tuple:
    # Points higher first: negate; a missing 积分 sorts after every given one within the category.
    points = (0, -applicant.points) if applicant.points is not None else (1, Decimal(0))
    return (category_rank(applicant.category), *points, ticket(seed, applicant.number))


def rank(applicants: Iterable[Applicant], seed: str) -> list[Applicant]:
    """The full order of ``applicants`` under ``seed``; refuses a repeated 申请编号 (it would hold two tickets)."""
    seen: dict[str, Applicant] = {}
    people = list(applicants)
    for applicant in people:
        if not applicant.number:
            raise LotteryError(_where(applicant) + "申请编号为空")
        if applicant.number in seen:
            raise LotteryError(_where(applicant) + f"申请编号“{applicant.number}”与"
                               f"{_where(seen[applicant.number]) or '前面的'}重复")
        seen[applicant.number] = applicant
        category_rank(applicant.category)  # refuse an unknown category before sorting
    return sorted(people, key=lambda a: rank_key(a, seed))


def draw(applicants: Sequence[Applicant], seed: str, seats: int) -> Draw:
    """Rank the applicants under ``seed``; the first ``seats`` are admitted."""
    if not str(seed).strip():
        raise LotteryError("种子不能为空：须事先公布")
    if seats < 0:
        raise LotteryError("学位数不能为负数")
    seed = str(seed).strip()
    order = rank(applicants, seed)
    return Draw(seed=seed, seats=seats, order=order, tickets={a.number: ticket(seed, a.number) for a in order})


def method_text(seed: str, seats: int) -> str:
    return ("先按类别排序（一类在前，依次为二类、三类……）；"
            "同一类别中填有积分的按积分从高到低排在前面，未填积分的在后；"
            f"类别和积分都相同的，按“种子|申请编号”（本次种子为“{seed}”）的 SHA-256 值（十六进制）从小到大排序。"
            f"排序前{seats}名录取，其余按顺序候补。任何人可用公布的种子和名单，"
            f"以任一 SHA-256 工具（如 echo -n \"{seed}|申请编号\" | sha256sum）重算每人的签号，结果与名单顺序无关。")


def _where(applicant: Applicant) -> str:
    return f"第{applicant.row}行：" if applicant.row else ""


_POINTS = re.compile(r"^-?\d+(\.\d+)?$")


def parse_points(text: str, row: int | None = None) -> Decimal | None:
    """积分 as written in the file: empty, or a number (half-width or full-width digits)."""
    text = text.strip().translate(str.maketrans("０１２３４５６７８９．－", "0123456789.-"))
    if not text:
        return None
    if not _POINTS.match(text):
        raise LotteryError(f"{'第' + str(row) + '行' if row else ''}「积分」：应为数字，填写的是“{text}”")
    return Decimal(text)
