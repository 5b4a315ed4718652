"""The Django side of safety: a hazard's follow-up (and the leaders' report of a 重大 one), sending a campaign to the
schools, the daily scan of expiring papers, and the figures of the safety page. The rules are the engines'."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from edubureau.core.followup import open_followup
from edubureau.core.followup_engine import Action, State
from edubureau.core.followup_models import OPEN_STATES, FollowUp, FollowUpEvent
from edubureau.core.generic.display import cn_date
from edubureau.org.models import School, Term

from .engine.checklists import CAMPAIGN_CATEGORIES
from .engine.drills import behind
from .engine.hazards import LEADER_GRADES, by_grade_and_age, deadline_for
from .engine.papers import Paper, expiring, paper_state
from .engine.selfchecks import missing, month_end, month_label, previous_month
from .models import (
    Campaign,
    Canteen,
    Drill,
    Driver,
    Hazard,
    Inspection,
    PaperAlert,
    Route,
    SafetySettings,
    SelfCheckAlert,
    Supplier,
    Vehicle,
)

__all__ = ["HAZARD_KIND", "PAPER_KIND", "REPORT_KIND", "SELF_CHECK_KIND", "drills_behind", "expiring_papers",
           "hazard_figures", "next_code", "open_hazard", "scan_papers", "scan_self_checks", "self_check_status",
           "send_campaign"]

MODULE = "safety"
HAZARD_KIND = "hazard"
REPORT_KIND = "campaign"
PAPER_KIND = "paper"
SELF_CHECK_KIND = "selfcheck"
SELF_CHECK_DUE_DAYS = 5  # a school owing last month's 自查 has these days to make it up and answer


def next_code(year: int) -> str:
    """The next free 隐患编号 of ``year``: YH2026-0001, YH2026-0002 …"""
    prefix = f"YH{year}-"
    last = Hazard.objects.filter(code__startswith=prefix).aggregate(m=Max("code"))["m"]
    n = int(last.rsplit("-", 1)[1]) + 1 if last and last.rsplit("-", 1)[1].isdigit() else 1
    return f"{prefix}{n:04d}"


def fill_hazard(hazard: Hazard) -> Hazard:
    """A new hazard's code and deadline when left empty (the deadline by its grade, as the settings say)."""
    if not hazard.code:
        hazard.code = next_code(hazard.found_on.year)
    if hazard.deadline is None:
        hazard.deadline = deadline_for(hazard.grade, hazard.found_on, SafetySettings.current().deadline_days())
    return hazard


def open_hazard(hazard: Hazard, *, user=None, today: dt.date | None = None) -> FollowUp:
    """Open the hazard's follow-up, owed by its school by the deadline; a 重大 hazard is reported to the leaders at
    once (escalation level 2, which the leaders' follow-up list and the safety card show)."""
    fill_hazard(hazard)
    issued_on = min(hazard.found_on, today or timezone.localdate())
    title = _("安全隐患整改：{school}（{grade}）{text}").format(
        school=hazard.school.name, grade=hazard.grade, text=hazard.description[:60])
    detail = _("{category}隐患，{grade}，责任人{person}。请于{due}前整改到位并反馈整改措施和整改后照片。").format(
        category=hazard.category, grade=hazard.grade, person=hazard.responsible, due=cn_date(hazard.deadline))
    with transaction.atomic():
        followup = open_followup(module=MODULE, kind=HAZARD_KIND, title=title[:200], detail=detail,
                                 school=hazard.school, issued_by=user, due=max(hazard.deadline, issued_on),
                                 issued_on=issued_on)
        if hazard.grade in LEADER_GRADES:
            report_to_leaders(followup)
        hazard.followup = followup
        if hazard.pk:
            Hazard.objects.filter(pk=hazard.pk).update(followup=followup, code=hazard.code, deadline=hazard.deadline)
    return followup


def report_to_leaders(followup: FollowUp) -> None:
    """Put ``followup`` before the bureau's leaders now (level 2), with an event saying why."""
    at = timezone.make_aware(dt.datetime.combine(followup.issued_on, timezone.localtime().time()))
    FollowUpEvent.objects.create(followup=followup, action=Action.ESCALATE, from_state=followup.state,
                                 to_state=followup.state, note=_("重大安全隐患，即时报局领导督办。"), at=at)
    followup.escalation_level = 2
    followup.save(update_fields=["escalation_level", "updated"])


@transaction.atomic
def send_campaign(campaign: Campaign, *, user=None, today: dt.date | None = None) -> int:
    """Send a 专项检查 to every active school: a report (Inspection) and a follow-up owed by each; the number sent.
    A school already sent the campaign is skipped, so sending twice changes nothing."""
    today = today or timezone.localdate()
    done = set(Inspection.objects.filter(campaign=campaign).values_list("school_id", flat=True))
    schools = School.objects.filter(is_active=True)
    if campaign.region_id:
        schools = schools.filter(region_id=campaign.region_id)
    categories = campaign.categories or list(CAMPAIGN_CATEGORIES.get(campaign.kind, ()))
    sent = 0
    for school in schools.exclude(pk__in=done).order_by("pk"):
        followup = open_followup(
            module=MODULE, kind=REPORT_KIND, title=_("{title}：{school}自查报告").format(
                title=campaign.title, school=school.name)[:200],
            detail=_("请按{cats}检查表开展自查，发现隐患逐条登记，于截止日前报送自查情况。").format(
                cats="、".join(categories)) + (f"\n{campaign.requirements}" if campaign.requirements else ""),
            school=school, issued_by=user, due=max(campaign.due, campaign.issued_on), issued_on=campaign.issued_on)
        Inspection.objects.create(school=school, kind=Inspection.Kind.CAMPAIGN, campaign=campaign,
                                  categories=list(categories), followup=followup)
        sent += 1
    if campaign.sent_on is None:
        campaign.sent_on = today
        campaign.save(update_fields=["sent_on", "updated"])
    return sent


# --- 证照到期 -----------------------------------------------------------------------------------------------------


def _papers(vehicles, drivers, canteens, suppliers) -> list[tuple[Paper, int]]:
    """Every dated paper with the school it belongs to: ``(Paper, school_id)``."""
    out = []
    for v in vehicles:
        bus = _("校车{plate}").format(plate=v.plate)
        out.append((Paper(f"vehicle:{v.pk}", _("校车年检"), v.inspection_expiry, bus), v.school_id))
        out.append((Paper(f"vehicle:{v.pk}", _("校车保险"), v.insurance_expiry, bus), v.school_id))
    for d in drivers:
        out.append((Paper(f"driver:{d.pk}", _("驾驶证"), d.licence_expiry, _("驾驶人{name}").format(name=d.name)),
                    d.school_id))
        out.append((Paper(f"driver:{d.pk}", _("校车驾驶资格"), d.qualification_expiry,
                          _("驾驶人{name}").format(name=d.name)), d.school_id))
    for c in canteens:
        out.append((Paper(f"canteen:{c.pk}", _("食品经营许可证"), c.licence_expiry, c.name), c.school_id))
    for s in suppliers:
        out.append((Paper(f"supplier:{s.pk}", _("供应商许可证"), s.licence_expiry,
                          _("供应商{name}").format(name=s.name)), s.canteen.school_id))
    return out


def expiring_papers(user=None, *, today: dt.date | None = None, within: int | None = None) -> list[dict]:
    """The papers (buses, drivers, canteens, suppliers) expired or expiring within ``within`` days, in scope."""
    today = today or timezone.localdate()
    within = within if within is not None else SafetySettings.current().warn_days

    def rows(model, *related):
        qs = model.objects.all() if user is None else model.objects.visible_to(user)
        return qs.select_related(*related)

    papers = _papers(rows(Vehicle, "school"), rows(Driver, "school"), rows(Canteen, "school"),
                     rows(Supplier, "canteen__school"))
    schools = dict(School.objects.filter(pk__in={s for _p, s in papers}).values_list("pk", "name"))
    school_of = {(p.key, p.kind): s for p, s in papers}
    found = expiring([p for p, _s in papers], today, within)
    return [{"paper": p, "school_id": school_of[(p.key, p.kind)], "school": schools.get(school_of[(p.key, p.kind)]),
             "state": paper_state(p.expires, today, within), "days": (p.expires - today).days} for p in found]


def scan_papers(today: dt.date | None = None) -> int:
    """The daily scan: a follow-up for each paper expiring within the warning days, once per paper and date."""
    today = today or timezone.localdate()
    known = set(PaperAlert.objects.values_list("holder_key", "paper", "expires"))
    opened = 0
    for row in expiring_papers(None, today=today):
        paper = row["paper"]
        if (paper.key, paper.kind, paper.expires) in known or row["school_id"] is None:
            continue
        due = max(paper.expires, today)
        try:
            with transaction.atomic():
                followup = open_followup(
                    module=MODULE, kind=PAPER_KIND, issued_on=today, due=due,
                    school=School.objects.get(pk=row["school_id"]),
                    title=_("{holder}{paper}将于{day}到期").format(holder=paper.label, paper=paper.kind,
                                                               day=cn_date(paper.expires))[:200],
                    detail=_("请在到期前办理续期（年检、续保、换证），办结后反馈新的有效期。"))
                PaperAlert.objects.create(school_id=row["school_id"], paper=paper.kind, holder=paper.label[:60],
                                          holder_key=paper.key, expires=paper.expires, followup=followup)
        except IntegrityError:  # another worker's scan opened it first
            continue
        opened += 1
    return opened


# --- 月度自查 ---------------------------------------------------------------------------------------------------


def self_checks_done(school_ids, first: dt.date) -> Counter:
    """The self-checks each school did in the month starting ``first``: its 自查, and its part of a campaign (a
    专项 report the school has filled in, dated that month). The bureau's 抽查 are not the school's own."""
    rows = Inspection.objects.filter(school_id__in=school_ids, day__gte=first, day__lte=month_end(first)).filter(
        Q(kind=Inspection.Kind.SELF) | Q(kind=Inspection.Kind.CAMPAIGN, campaign__isnull=False))
    return Counter(rows.values_list("school_id", flat=True))


def self_check_status(schools, first: dt.date) -> dict:
    """Of the active schools of ``schools`` (a queryset in scope), those short of their 自查 in the month starting
    ``first``: ``{"month", "label", "schools", "rows": [{"school_id", "school", "done", "owed"}]}``."""
    rule = SafetySettings.current()
    active = list(schools.filter(is_active=True).order_by("code").values_list("pk", "name", "kind"))
    names = {pk: name for pk, name, _k in active}
    owed = {pk: rule.self_checks_owed(kind) for pk, _n, kind in active}
    done = self_checks_done([pk for pk, _n, _k in active], first) if active else Counter()
    rows = [{"school_id": pk, "school": names[pk], "done": d, "owed": n} for pk, d, n in missing(done, owed)]
    return {"month": first, "label": month_label(first), "schools": len(active), "rows": rows}


def scan_self_checks(today: dt.date | None = None) -> int:
    """The daily scan: once a month is over, a follow-up to each school short of that month's 自查, owed within
    ``SELF_CHECK_DUE_DAYS`` days; one per school and month whatever the number of scans (``SelfCheckAlert``).

    A month in which no school recorded any self-check is passed over: the county was not keeping them here yet
    (the month before it started using the system), and chasing every school for it would be noise."""
    today = today or timezone.localdate()
    first = previous_month(today)
    if not self_checks_done(School.objects.all(), first):
        return 0
    status = self_check_status(School.objects.all(), first)
    known = set(SelfCheckAlert.objects.filter(month=first).values_list("school_id", flat=True))
    schools = School.objects.in_bulk([r["school_id"] for r in status["rows"] if r["school_id"] not in known])
    due = today + dt.timedelta(days=SELF_CHECK_DUE_DAYS)
    opened = 0
    for row in status["rows"]:
        school = schools.get(row["school_id"])
        if school is None:
            continue
        try:
            with transaction.atomic():
                followup = open_followup(
                    module=MODULE, kind=SELF_CHECK_KIND, issued_on=today, due=due, school=school,
                    title=_("{school}{month}安全自查未完成").format(school=school.name, month=status["label"])[:200],
                    detail=_("{month}本校应开展安全自查{owed}次，已登记{done}次。请补做自查，在“安全检查”中按"
                             "“学校月度自查”登记检查情况和发现的隐患，于{due}前反馈。").format(
                        month=status["label"], owed=row["owed"], done=row["done"], due=cn_date(due)))
                SelfCheckAlert.objects.create(school=school, month=first, done=row["done"], owed=row["owed"],
                                              followup=followup)
        except IntegrityError:  # another worker's scan opened it first
            continue
        opened += 1
    return opened


# --- 演练 ------------------------------------------------------------------------------------------------------


def current_term(today: dt.date) -> tuple[dt.date, dt.date]:
    term = Term.objects.filter(start__lte=today, end__gte=today).order_by("start").first()
    if term:
        return term.start, term.end
    # Without a term on file: spring is 2-1 … 7-31, autumn 9-1 … 1-31.
    if 2 <= today.month <= 8:
        return dt.date(today.year, 2, 1), dt.date(today.year, 7, 31)
    start_year = today.year if today.month >= 9 else today.year - 1
    return dt.date(start_year, 9, 1), dt.date(start_year + 1, 1, 31)


def drills_behind(schools, drills, *, today: dt.date | None = None) -> dict:
    """The schools (a queryset in scope) with fewer drills this term than the settings ask."""
    today = today or timezone.localdate()
    start, end = current_term(today)
    minimum = SafetySettings.current().drills_per_term
    done = Counter(drills.filter(day__gte=start, day__lte=end).values_list("school_id", flat=True))
    names = dict(schools.filter(is_active=True).values_list("pk", "name"))
    rows = behind({str(k): v for k, v in done.items()}, [str(k) for k in names], minimum)
    return {"start": start, "end": end, "minimum": minimum,
            "rows": [{"school_id": int(k), "school": names[int(k)], "done": d, "missing": m} for k, d, m in rows]}


# --- 安全工作台 figures -------------------------------------------------------------------------------------------


def hazard_figures(hazards, today: dt.date) -> dict:
    """Open hazards by grade and age band, the overdue ones and the schools that have them."""
    open_rows = list(hazards.filter(followup__state__in=OPEN_STATES).values_list(
        "grade", "found_on", "deadline", "school_id", "school__name"))
    table = by_grade_and_age(((g, f) for g, f, _d, _s, _n in open_rows), today)
    overdue = Counter()
    names = {}
    for _g, _f, deadline, school_id, name in open_rows:
        if deadline and deadline < today:
            overdue[school_id] += 1
            names[school_id] = name
    closed = hazards.filter(followup__state=State.CLOSED).count()
    return {"table": table, "open": len(open_rows), "overdue": sum(overdue.values()), "closed": closed,
            "overdue_schools": [{"school_id": k, "school": names[k], "n": n} for k, n in overdue.most_common()],
            "grave_open": sum(1 for g, *_r in open_rows if g in LEADER_GRADES)}


def overloaded_routes(routes) -> list[Route]:
    return [r for r in routes.select_related("vehicle", "school") if r.overload_error]


def record_drill(drill: Drill, user) -> Drill:
    drill.recorded_by = user
    drill.save()
    return drill
