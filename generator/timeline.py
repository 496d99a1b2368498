"""Events and statutory steps, derived from the dated fields of the content; none is kept by hand."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from .dates import PartialDate
from .schema import STEPS
from .site import Item, Site

# The kinds of event residents can filter by, in the order the filters are offered.
EVENT_KINDS: dict[str, str] = {
    "plan": "Plan milestones",
    "consultation": "Consultations",
    "panel": "Police and Crime Panel",
    "board": "Board papers",
    "decision": "Decisions",
    "variation": "Variations",
    "other": "Other papers",
}
# Where a variation's step reads differently from a plan's.
VARIATION_STEPS = {"issued": "Variation made", "published": "Variation published"}
PLAN_ONLY_STEPS = ("monitoring",)

DONE, SCHEDULED, NOT_RECORDED, NOT_YET_DUE = "done", "scheduled", "not recorded", "not yet due"


@dataclass(frozen=True)
class Event:
    """One dated thing that happened to a plan or a variation, linked to the page that records it."""

    date: PartialDate
    kind: str  # a key of EVENT_KINDS
    title: str  # what happened, in words
    item: Item  # the page that records it
    subject: Item  # the plan or variation it belongs to
    step: str | None = None  # the statutory step, where it is one
    scheduled: bool = False  # the sources say only that it was due
    note: str | None = None
    evidence: tuple[Item, ...] = ()
    placed: dt.date | None = None  # where a date known only to the month or year sits among exact ones
    deadline: bool = False  # a date the law sets for a step, not something that happened
    met: bool = False  # a deadline the step was recorded as done by

    def tag(self, today: dt.date) -> str | None:
        """Return what a resident needs told of an event not recorded as done: due, met, or only scheduled."""
        if self.deadline:
            return "Met" if self.met else "Due" if today <= self.date.last_day else "Passed; not recorded as met"
        if self.scheduled:
            return "Due" if today < self.date.first_day else "Scheduled; outcome not recorded"
        return None

    @property
    def cycle(self) -> Item:
        """Return the plan whose cycle the event belongs to."""
        return self.subject if self.subject.type.name == "plan" else self.subject.plan

    @property
    def sort_key(self) -> tuple:
        """Order by date (where it is placed), then statutory order, then title."""
        step_order = list(STEPS).index(self.step) if self.step else len(STEPS)
        return (self.placed or self.date.first_day, self.date.last_day, step_order, self.title, self.item.id)


@dataclass(frozen=True)
class StepState:
    """Where one statutory step of a plan or variation stands, in words, with what shows it."""

    step: str
    label: str
    state: str  # DONE, SCHEDULED, NOT_RECORDED or NOT_YET_DUE
    events: tuple[Event, ...]


class Events(tuple):
    """Every event in date order, indexed by plan cycle and by subject, so a page's events are a lookup."""

    by_cycle: dict[str, tuple[Event, ...]]
    by_subject: dict[str, tuple[Event, ...]]

    def __new__(cls, events: list[Event]) -> Events:
        self = super().__new__(cls, events)
        self.by_cycle, self.by_subject = _group(self, lambda e: e.cycle.id), _group(self, lambda e: e.subject.id)
        return self


def _group(events: tuple[Event, ...], key) -> dict[str, tuple[Event, ...]]:
    groups: dict[str, list[Event]] = {}
    for event in events:
        groups.setdefault(key(event), []).append(event)
    return {k: tuple(v) for k, v in groups.items()}


def get_events(site: Site) -> Events:
    """Return every event of every plan cycle, in date order."""
    events: list[Event] = []
    for plan in site.of_type("plan"):
        events += _plan_events(plan)
    for variation in site.of_type("variation"):
        events += _step_events(variation, variation.steps or (), "variation")
    for consultation in site.of_type("consultation"):
        events += _consultation_events(consultation)
    for report in site.of_type("report"):
        events += _report_events(report)
    for decision in site.of_type("decision"):
        events += _decision_events(decision)
    return Events(sorted(_with_deadlines_met(_in_statutory_order(events)), key=lambda e: e.sort_key))


def _with_deadlines_met(events: list[Event]) -> list[Event]:
    """Mark each deadline met where its plan is recorded as issued or published (not only due) by that day."""
    done_by: dict[str, list[dt.date]] = {}
    for event in events:
        if event.step in ("issued", "published") and not event.scheduled:
            done_by.setdefault(event.subject.id, []).append(event.date.last_day)
    return [dataclasses.replace(e, met=True) if e.deadline and
            any(day <= e.date.last_day for day in done_by.get(e.subject.id, ())) else e for e in events]


def _in_statutory_order(events: list[Event]) -> list[Event]:
    """Place each step dated only by its month or year no earlier than the steps before it that fall in that time.

    "November 2021: the Commissioner's response" then follows "15 November 2021: the Panel's review", as the
    law orders them, rather than coming first as 1 November would; its date is still shown as the sources give it.
    """
    by_subject: dict[str, list[Event]] = {}
    for event in events:
        if event.step:
            by_subject.setdefault(event.subject.id, []).append(event)
    placed: dict[int, dt.date] = {}
    for steps in by_subject.values():
        steps.sort(key=lambda e: list(STEPS).index(e.step))
        latest: dt.date | None = None  # the latest day an earlier step is placed on
        for event in steps:
            day = event.date.first_day
            if latest is not None and day < latest <= event.date.last_day:
                day = placed[id(event)] = latest
            latest = max(latest or day, day)
    return [dataclasses.replace(e, placed=placed[id(e)]) if id(e) in placed else e for e in events]


def events_of_cycle(events: Events, plan: Item) -> list[Event]:
    """Return the events of one plan cycle (its own and its variations'), in date order."""
    return list(events.by_cycle.get(plan.id, ()))


def events_of_subject(events: Events, subject: Item) -> list[Event]:
    """Return the events of one plan or one variation only."""
    return list(events.by_subject.get(subject.id, ()))


def _plan_events(plan: Item) -> list[Event]:
    events = _step_events(plan, plan.steps or (), "plan")
    if plan.published:
        events.append(Event(plan.published, "plan", "Plan published", plan, plan, "published"))
    if plan.in_force_from:
        events.append(Event(plan.in_force_from, "plan", "Plan in force", plan, plan))
    if plan.issue_by:
        events.append(Event(plan.issue_by, "plan", "Deadline for issuing the plan (the end of the financial "
                            "year of the election)", plan, plan, scheduled=True, deadline=True))
    return events


def _step_events(subject: Item, records, kind: str) -> list[Event]:
    """Turn a plan's or variation's own step records into events, linked to their first evidence."""
    events = []
    for record in records:
        evidence = tuple(record.evidence or ())
        events.append(Event(record.date, _kind_of_step(record.step, kind), step_label(record.step, subject),
                            evidence[0] if evidence else subject, subject, record.step,
                            record.status == "scheduled", record.note, evidence))
    return events


def _kind_of_step(step: str, default: str) -> str:
    return "panel" if step in ("sent-to-panel", "panel-review") else "consultation" \
        if step == "consult-public" else default


def _consultation_events(consultation: Item) -> list[Event]:
    if consultation.plan is None:
        return []
    plan = consultation.plan
    events = [Event(consultation.opens, "consultation", "Consultation opened", consultation, plan, "consult-public"),
              Event(consultation.closes, "consultation", "Consultation closed", consultation, plan, "consult-public")]
    if consultation.outcome_published:
        events.append(Event(consultation.outcome_published, "consultation", "Consultation outcome published",
                            consultation, plan))
    return events


def _report_events(report: Item) -> list[Event]:
    meeting = report.meeting
    if meeting is None or meeting.date is None:
        return []
    kind = _kind_of_body(meeting.held_by)
    where = meeting.held_by.heading if meeting.held_by else "a meeting"
    events = []
    for subject in report.concerns or ():
        title = step_label(report.step, subject) if report.step else f"Paper to the {where}"
        if report.step == "monitoring":
            title = f"Monitoring report to the {where}"
        events.append(Event(meeting.date, "variation" if _is_variation(subject) and kind == "other" else kind,
                            title, report, subject, report.step))
    return events


def _kind_of_body(body: Item | None) -> str:
    kind = body.kind if body is not None else None
    return kind if kind in ("panel", "board") else "other"


def _is_variation(item: Item) -> bool:
    return item.type.name == "variation"


def _decision_events(decision: Item) -> list[Event]:
    subject = decision.variation or decision.plan
    if subject is None:
        return []
    title = step_label(decision.step, subject) if decision.step else "Decision"
    return [Event(decision.date, "decision", f"Decision {decision.reference}: {title[0].lower()}{title[1:]}",
                  decision, subject, decision.step)]


def step_label(step: str | None, subject: Item) -> str:
    """Return a statutory step in words, as it reads for a plan or for a variation."""
    if step is None:
        return ""
    if _is_variation(subject):
        return VARIATION_STEPS.get(step, STEPS[step])
    return STEPS[step]


def get_tracker(events: Events, subject: Item) -> list[StepState]:
    """Return each statutory step of a plan or variation: done, scheduled, not recorded, not yet due.

    A missing step is "not yet due" only while the plan or variation is still in progress (a draft
    plan, or a variation recorded as proposed) and no later step is done; otherwise the portal
    simply has no record of it, and says so rather than guessing.
    """
    own = events_of_subject(events, subject)
    steps = [s for s in STEPS if not (_is_variation(subject) and s in PLAN_ONLY_STEPS)]
    done_steps = {e.step for e in own if e.step and not e.scheduled}
    last_done = max((steps.index(s) for s in done_steps if s in steps), default=-1)
    in_progress = subject.status in ("draft", "consultation", "proposed")
    made = subject.status in ("issued", "replaced", "made")  # its status says it was issued (or made), if not when
    states = []
    for index, step in enumerate(steps):
        matching = tuple(e for e in own if e.step == step)
        states.append(StepState(step, step_label(step, subject),
                                _state(matching, index < last_done or not in_progress, made and step == "issued"),
                                matching))
    return states


def _state(matching: tuple[Event, ...], passed: bool, done_by_status: bool = False) -> str:
    """Return a step's state; one the status says is done, with no event of its own, is DONE with no evidence."""
    if done_by_status or any(not e.scheduled for e in matching):
        return DONE
    if matching:
        return SCHEDULED
    return NOT_RECORDED if passed else NOT_YET_DUE


def consultation_status(consultation: Item, today: dt.date) -> str:
    """Return where a consultation stands on `today`, worked out from its dates, in words."""
    if consultation.opens and today < consultation.opens.first_day:
        return "Not yet open"
    if consultation.closes and today <= consultation.closes.last_day:
        return "Open"
    if consultation.outcome or (consultation.outcome_published and
                                consultation.outcome_published.first_day <= today):
        return "Closed: outcome published"
    return "Closed"


# The overview drawn on /timeline/: one lane per cycle, markers for the events residents look for.
MARKED_KINDS = {"decision": "diamond", "variation": "triangle", "panel": "circle", "consultation": "square"}
# How far each shape reaches from its centre, sideways and up or down, as layouts/timeline.html draws it.
MARKER_REACH = {"diamond": 8, "triangle": 8, "circle": 6, "square": 5}
MARKER_GAP = 3  # the clear space kept between two markers (their outlines take 1.5 of it)
ROW = 2 * max(MARKER_REACH.values()) + MARKER_GAP  # one row of markers in a lane
BAR_PAD = 1.5  # between a bar's edge and its outer rows of markers
OVERVIEW_WIDTH, LANE_GAP, LEFT, RIGHT, TOP, BOTTOM = 800, 22, 84, 40, 30, 10  # LEFT: room for a lane's label


@dataclass(frozen=True)
class Marker:
    """The events of one kind on one day, drawn once on a lane: where, what shape, and what they were."""

    x: float  # the day, on the time axis
    y: float  # the middle of its row: markers that would cover each other go on different rows
    shape: str
    label: str
    count: int = 1  # the events it stands for

    @property
    def reach(self) -> int:
        """Return how far the shape reaches from its centre."""
        return MARKER_REACH[self.shape]


@dataclass(frozen=True)
class Lane:
    """One plan cycle drawn as a bar over its period, as tall as its rows of markers need."""

    plan: Item
    y: float  # the bar's top
    x1: float
    x2: float
    markers: tuple[Marker, ...]
    height: float  # the bar's, as its rows of markers need

    @property
    def width(self) -> float:
        """Return the bar's length, rounded as the axis rounds its ends."""
        return round(self.x2 - self.x1, 1)

    @property
    def events(self) -> int:
        """Return how many events the markers stand for."""
        return sum(marker.count for marker in self.markers)


@dataclass(frozen=True)
class Overview:
    """The whole drawing: lanes, year ticks and its size."""

    lanes: tuple[Lane, ...]
    ticks: tuple[tuple[float, int], ...]
    width: int
    height: int


@dataclass(frozen=True)
class Axis:
    """The overview's time axis: from the first year of the record to the end of its last."""

    first: dt.date
    last: dt.date

    def x(self, day: dt.date) -> float:
        scale = (OVERVIEW_WIDTH - LEFT - RIGHT) / (self.last - self.first).days
        return round(LEFT + (day - self.first).days * scale, 1)


def get_axis(events: Events, plans: tuple[Item, ...]) -> Axis | None:
    """Return the axis that holds every plan's period and every event (None without a plan with a period)."""
    plans = tuple(p for p in plans if p.period is not None)
    if not plans:
        return None
    dates = [p.period.start.first_day for p in plans] + [p.period.end.last_day for p in plans]
    dates += [e.date.first_day for e in events]
    return Axis(dt.date(min(dates).year, 1, 1), dt.date(max(dates).year + 1, 1, 1))


def get_overview(events: Events, plans: tuple[Item, ...], axis: Axis | None) -> Overview | None:
    """Lay out the cycles on the shared time axis (the whole record's, so that every page draws it alike),
    newest lane first, each lane as tall as its markers need."""
    plans = tuple(p for p in plans if p.period is not None)
    if not plans or axis is None:
        return None
    lanes: list[Lane] = []
    y = TOP
    for plan in sorted(plans, key=lambda p: p.period.start, reverse=True):
        lanes.append(_lane(plan, y, events, axis.x))
        y += lanes[-1].height + LANE_GAP
    ticks = tuple((axis.x(dt.date(year, 1, 1)), year) for year in range(axis.first.year, axis.last.year + 1))
    return Overview(tuple(lanes), ticks, OVERVIEW_WIDTH, round(y - LANE_GAP + BOTTOM))


def _lane(plan: Item, y: float, events: Events, x_of) -> Lane:
    """Draw a cycle's bar and its markers, each at its true date, stacked where they would cover each other."""
    groups = sorted(_group_marked(events_of_cycle(events, plan)), key=lambda g: g[0].date.first_day)
    spots = [(x_of(group[0].date.first_day), MARKED_KINDS[group[0].kind]) for group in groups]
    rows = _stack_spots(spots)
    markers = tuple(Marker(x, y + BAR_PAD + ROW / 2 + row * ROW, shape, _marker_label(group), len(group))
                    for (x, shape), row, group in zip(spots, rows, groups))
    height = (max(rows, default=0) + 1) * ROW + 2 * BAR_PAD
    return Lane(plan, y, x_of(plan.period.start.first_day), x_of(plan.period.end.last_day), markers, height)


def _group_marked(events: list[Event]) -> list[list[Event]]:
    """Group the events drawn on the overview by day and kind: a meeting's two papers are one marker, not two
    shapes on top of each other."""
    groups: dict[tuple[PartialDate, str], list[Event]] = {}
    for event in events:
        if event.kind in MARKED_KINDS:
            groups.setdefault((event.date, event.kind), []).append(event)
    return list(groups.values())


def _stack_spots(spots: list[tuple[float, str]]) -> list[int]:
    """Return a row for each (x, shape), in order of x: the first row where it clears the row's last marker."""
    ends: list[float] = []  # where each row's last marker reaches on the right, with the gap after it
    rows = []
    for x, shape in spots:
        row = next((i for i, end in enumerate(ends) if end <= x - MARKER_REACH[shape]), len(ends))
        if row == len(ends):
            ends.append(0.0)
        ends[row] = x + MARKER_REACH[shape] + MARKER_GAP
        rows.append(row)
    return rows


def _marker_label(events: list[Event]) -> str:
    """Say what a marker stands for: its date, then each event, and how many where several read alike."""
    titles: dict[str, int] = {}
    for event in events:
        titles[event.title] = titles.get(event.title, 0) + 1
    said = [title if count == 1 else f"{title} ({count} entries)" for title, count in titles.items()]
    return f"{events[0].date.human}: {'; '.join(said)}"


@dataclass(frozen=True)
class ThemeLink:
    """A theme on the compare page: what it continues, what continues it, and whether it is new or dropped.

    `new` and `dropped` are claimed only where the record links the two neighbouring cycles at all:
    with no `succeeds` between them, the portal cannot tell a new theme from an unrecorded link.
    """

    theme: Item
    continues: tuple[Item, ...]
    continued_by: tuple[Item, ...]
    new: bool
    dropped: bool


def get_comparison(site: Site) -> list[tuple[Item, list[ThemeLink]]]:
    """Return every cycle, oldest first, with its themes and how they link across cycles."""
    plans = sorted((p for p in site.of_type("plan") if p.period), key=lambda p: p.period.start)
    themes = {p.id: site.referrers(p, "theme", "plan") for p in plans}
    result = []
    for index, plan in enumerate(plans):
        earlier = themes[plans[index - 1].id] if index else []
        later = themes[plans[index + 1].id] if index + 1 < len(plans) else []
        linked_before = any(set(t.succeeds or ()) & set(earlier) for t in themes[plan.id])
        linked_after = any(set(t.succeeds or ()) & set(themes[plan.id]) for t in later)
        result.append((plan, [_theme_link(site, t, earlier, later, linked_before, linked_after)
                              for t in themes[plan.id]]))
    return result


def _theme_link(site: Site, theme: Item, earlier: list[Item], later: list[Item], linked_before: bool,
                linked_after: bool) -> ThemeLink:
    continues = tuple(theme.succeeds or ())
    continued_by = tuple(site.referrers(theme, "theme", "succeeds"))
    return ThemeLink(theme, continues, continued_by,
                     new=linked_before and not set(continues) & set(earlier),
                     dropped=linked_after and not set(continued_by) & set(later))
