"""The follow-up life cycle (DESIGN.md, "One follow-up mechanism"), as pure rules.

Rectification notices, task problems, overdue milestones and evaluation appeals are all "something owed by
someone by a date, answered, verified, closed". The states and the moves between them are fixed here once; the
apps attach their own meaning. Nothing here imports Django.

    下发 issued ──respond──▶ responded ──verify──▶ closed (销号)
       ▲                        │
       └──────── return_ ◀──────┘ (退回重办: state returned, then respond again)
    issued / returned ──withdraw──▶ withdrawn (撤销)

>>> next_state(State.ISSUED, Action.RESPOND)
<State.RESPONDED: 'responded'>
>>> next_state(State.ISSUED, Action.VERIFY)
Traceback (most recent call last):
...
edubureau.core.followup_engine.TransitionError: 当前状态为“待办理”，不能执行“核查销号”。
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum

__all__ = [
    "ESCALATE_AFTER_DAYS",
    "REMIND_DAYS",
    "Action",
    "Side",
    "State",
    "TransitionError",
    "allowed_actions",
    "days_overdue",
    "escalation_level",
    "is_open",
    "next_state",
    "on_time",
    "on_time_rate",
    "side_of",
    "urgency",
]

# A reminder goes out this many days before the deadline; after the deadline the item escalates to the
# department (level 1) at once and to the bureau's leaders (level 2) once it is this many days late.
REMIND_DAYS = 3
ESCALATE_AFTER_DAYS = 8


class State(StrEnum):
    ISSUED = "issued"
    RESPONDED = "responded"
    RETURNED = "returned"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS = {
    State.ISSUED: "待办理",
    State.RESPONDED: "已反馈待核查",
    State.RETURNED: "退回重办",
    State.CLOSED: "已销号",
    State.WITHDRAWN: "已撤销",
}


class Action(StrEnum):
    ISSUE = "issue"
    RESPOND = "respond"
    VERIFY = "verify"
    RETURN = "return"
    WITHDRAW = "withdraw"
    REMIND = "remind"
    ESCALATE = "escalate"
    EXTEND = "extend"  # the deadline moved, with its reason (followup.extend_due); the state stays

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS = {
    Action.ISSUE: "下发",
    Action.RESPOND: "反馈整改情况",
    Action.VERIFY: "核查销号",
    Action.RETURN: "退回重办",
    Action.WITHDRAW: "撤销",
    Action.REMIND: "到期提醒",
    Action.ESCALATE: "逾期上报",
    Action.EXTEND: "延期",
}


class Side(StrEnum):
    """Who may take an action: the one who owes (a school or a department) or the one who issued."""

    OWNER = "owner"
    ISSUER = "issuer"
    SYSTEM = "system"


_MOVES: dict[tuple[State, Action], State] = {
    (State.ISSUED, Action.RESPOND): State.RESPONDED,
    (State.RETURNED, Action.RESPOND): State.RESPONDED,
    (State.RESPONDED, Action.VERIFY): State.CLOSED,
    (State.RESPONDED, Action.RETURN): State.RETURNED,
    (State.ISSUED, Action.WITHDRAW): State.WITHDRAWN,
    (State.RETURNED, Action.WITHDRAW): State.WITHDRAWN,
}
_SIDES = {
    Action.RESPOND: Side.OWNER,
    Action.VERIFY: Side.ISSUER,
    Action.RETURN: Side.ISSUER,
    Action.WITHDRAW: Side.ISSUER,
    Action.ISSUE: Side.ISSUER,
    Action.REMIND: Side.SYSTEM,
    Action.ESCALATE: Side.SYSTEM,
    Action.EXTEND: Side.ISSUER,
}
_OPEN = frozenset({State.ISSUED, State.RESPONDED, State.RETURNED})


class TransitionError(ValueError):
    """A move the life cycle does not allow from the current state (no skipping states)."""


def next_state(state: State | str, action: Action | str) -> State:
    """The state after ``action``; reminders and escalations leave the state as it is."""
    state, action = State(state), Action(action)
    if action in (Action.REMIND, Action.ESCALATE):
        if state not in _OPEN:
            raise TransitionError(f"事项已{state.label}，无需{action.label}。")
        return state
    try:
        return _MOVES[(state, action)]
    except KeyError:
        raise TransitionError(f"当前状态为“{state.label}”，不能执行“{action.label}”。") from None


def allowed_actions(state: State | str) -> list[Action]:
    """The user actions open in ``state``, in the order a page offers them."""
    state = State(state)
    return [action for (from_state, action) in _MOVES if from_state == state]


def side_of(action: Action | str) -> Side:
    return _SIDES[Action(action)]


def is_open(state: State | str) -> bool:
    """Still owed: not closed and not withdrawn (a returned item is owed again)."""
    return State(state) in _OPEN


def days_overdue(today: dt.date, due: dt.date, closed_on: dt.date | None = None) -> int:
    """Days past the deadline: until today while open, until the closing day once closed; never negative.

    >>> days_overdue(dt.date(2026, 5, 10), dt.date(2026, 5, 1))
    9
    >>> days_overdue(dt.date(2026, 5, 10), dt.date(2026, 5, 1), closed_on=dt.date(2026, 5, 3))
    2
    """
    end = closed_on or today
    return max(0, (end - due).days)


def urgency(today: dt.date, due: dt.date, state: State | str, remind_days: int = REMIND_DAYS) -> str:
    """"closed" (nothing owed), "overdue", "due_soon" (within ``remind_days``) or "on_track".

    An item answered and waiting for verification is still owed by the issuer side, so it keeps its urgency.

    >>> urgency(dt.date(2026, 5, 1), dt.date(2026, 5, 3), "issued")
    'due_soon'
    >>> urgency(dt.date(2026, 5, 4), dt.date(2026, 5, 3), "responded")
    'overdue'
    """
    if not is_open(state):
        return "closed"
    if today > due:
        return "overdue"
    if (due - today).days <= remind_days:
        return "due_soon"
    return "on_track"


def escalation_level(today: dt.date, due: dt.date, state: State | str,
                     escalate_after_days: int = ESCALATE_AFTER_DAYS) -> int:
    """0 on time; 1 overdue (the issuing department is told); 2 overdue ``escalate_after_days`` or more (leaders).

    An item waiting for the issuer's verification does not escalate against the one who owes it: it answered.

    >>> [escalation_level(dt.date(2026, 5, d), dt.date(2026, 5, 3), "issued") for d in (3, 4, 11)]
    [0, 1, 2]
    """
    if State(state) not in (State.ISSUED, State.RETURNED) or today <= due:
        return 0
    return 2 if (today - due).days >= escalate_after_days else 1


def on_time(due: dt.date, closed_on: dt.date | None) -> bool:
    """Closed on or before its deadline."""
    return closed_on is not None and closed_on <= due


def on_time_rate(items: Iterable[tuple[dt.date, dt.date | None]], today: dt.date) -> float | None:
    """Share of items settled on time among those that have come due or are closed (按期整改率).

    ``items`` are (due, closed_on) pairs of items that were not withdrawn. An item still open before its deadline
    is not counted yet; one open after its deadline counts as late. None when nothing has come due.

    >>> d = dt.date
    >>> on_time_rate([(d(2026, 5, 1), d(2026, 4, 30)), (d(2026, 5, 1), d(2026, 5, 5)),
    ...               (d(2026, 5, 1), None), (d(2026, 6, 1), None)], today=d(2026, 5, 10))
    0.3333333333333333
    """
    counted = settled = 0
    for due, closed_on in items:
        if closed_on is None and today <= due:
            continue
        counted += 1
        settled += on_time(due, closed_on)
    return settled / counted if counted else None
