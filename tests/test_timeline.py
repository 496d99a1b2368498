"""Timelines, the statutory tracker, consultation status, the variation diff and the compare page."""

import dataclasses
import datetime as dt
import re

import pytest

from generator.build import load_site
from generator.config import Paths
from generator.diff import get_word_diff
from generator.timeline import events_of_cycle, get_events, get_tracker

from conftest import MINIMAL, REPO, run_cli, write_site
from test_real_content import page


def _real(today=dt.date(2026, 11, 22)):
    site, _ = load_site(Paths(REPO, REPO / "content", REPO / "layouts", REPO / "site"), today)
    return site, get_events(site)


def test_events_of_the_2021_24_cycle_are_derived_in_date_order():
    site, events = _real()
    got = [(e.date.iso, e.kind, e.title, e.item.id) for e in events_of_cycle(events, site.by_id["2021-24"])]
    assert got == [
        ("2021-06-30", "consultation", "Consultation opened", "2021-24-plan"),
        ("2021-07-13", "board", "Paper to the Business Coordination Board",
         "business-coordination-board/2021-07-13/item-6-0"),
        ("2021-07-30", "consultation", "Consultation closed", "2021-24-plan"),
        ("2021-10-12", "board", "Draft prepared",
         "business-coordination-board/2021-10-12/police-and-crime-plan-development"),
        ("2021", "plan", "Chief Constable consulted",  # known only to the year: after the step before it
         "business-coordination-board/2021-10-12/police-and-crime-plan-development"),
        ("2021-11-15", "panel", "Draft sent to the Police and Crime Panel", "police-and-crime-panel/2021-11-15/item-6"),
        ("2021-11-15", "panel", "Panel reviewed the draft and made a report or recommendations",
         "police-and-crime-panel/2021-11-15"),
        ("2021-11", "plan", "Commissioner's response given to the Panel and published", "cpcc-2021-017"),
        ("2021-11-23", "decision", "Decision CPCC 2021-017: plan issued", "cpcc-2021-017"),
        ("2022-03-31", "plan", "Deadline for issuing the plan (the end of the financial year of the election)",
         "2021-24"),
    ]


def test_a_step_known_only_to_the_month_follows_the_steps_before_it_that_month():
    """"March 2013: published" comes after "21 March 2013: sent to the Panel", as the law orders them."""
    site, events = _real()
    got = [(e.date.iso, e.step) for e in events_of_cycle(events, site.by_id["2013-16"])][:5]
    assert got == [("2013-02-26", "consult-public"), ("2013-03-21", "sent-to-panel"), ("2013-03-21", "panel-review"),
                   ("2013-03", "published"), ("2013-03-31", None)]


def test_tracker_of_2021_24_shows_the_recorded_steps_done_and_the_rest_not_recorded():
    site, events = _real()
    states = {s.step: s.state for s in get_tracker(events, site.by_id["2021-24"])}
    assert states == {"draft": "done", "consult-chief-constable": "done", "consult-public": "done",
                      "sent-to-panel": "done", "panel-review": "done", "response": "done", "issued": "done",
                      "published": "not recorded", "monitoring": "not recorded"}


def test_tracker_of_the_2014_variation_shows_what_is_missing_without_guessing():
    site, events = _real()
    states = {s.step: s.state for s in get_tracker(events, site.by_id["2013-16-objective-1-2014"])}
    assert states["consult-chief-constable"] == "done"
    assert states["sent-to-panel"] == "done"
    assert states["panel-review"] == "scheduled"
    assert states["issued"] == "not recorded"  # the sources do not say it was made
    assert "monitoring" not in states


TRACKED_SITE = {
    **MINIMAL,
    "plans/2021-24.md": MINIMAL["plans/2021-24.md"].replace("status: issued", "status: draft"),
    "bodies/panel.md": "---\nname: The Panel\nkind: panel\n---\n",
    "meetings/panel/2021-11-15.md": "---\nheld_by: panel\ndate: 2021-11-15\ntitle: Panel meeting\n---\n",
    "reports/panel/2021-11-15/item-6.md": ("---\nmeeting: panel/2021-11-15\nitem: '6'\ntitle: Draft plan\n"
                                           "concerns: [2021-24]\nstep: sent-to-panel\n---\n"),
    "consultations/c.md": "---\ntitle: Have your say\nplan: 2021-24\nopens: 2021-06-30\ncloses: 2021-07-30\n---\n",
}


def test_tracker_of_a_draft_plan_says_what_is_not_yet_due(tmp_path):
    root = write_site(tmp_path, TRACKED_SITE)
    site, _ = load_site(Paths(root, root / "content", REPO / "layouts", root / "site"), dt.date(2021, 11, 16))
    states = {s.step: s.state for s in get_tracker(get_events(site), site.by_id["2021-24"])}
    assert states["draft"] == "not recorded"  # before a done step, so it happened but is not recorded
    assert states["consult-public"] == "done"
    assert states["sent-to-panel"] == "done"
    assert states["panel-review"] == "not yet due"
    assert states["issued"] == "not yet due"


def test_tracker_on_the_page_says_each_state_in_words(real_site):
    html = page(real_site, "/plans/2021-24/")
    tracker = html.split('id="tracker"', 1)[1].split("</section>", 1)[0]
    assert tracker.count('class="tag tag--done">Done</strong>') == 7
    assert tracker.count("Not recorded in the portal</strong>") == 2
    assert 'href="/decisions/cpcc-2021-017/"' in tracker


def test_tracker_of_an_issued_plan_with_no_dated_issue_agrees_with_its_status(real_site):
    """The 2013-16 plan's status is issued, but no paper dates its issue; its Panel review was only ever scheduled."""
    html = page(real_site, "/plans/2013-16/")
    tracker = html.split('id="tracker"', 1)[1].split("</section>", 1)[0]
    issued = tracker.split("Plan issued</span>", 1)[1].split("</li>", 1)[0]
    assert '<strong class="tag tag--done">Done; date not recorded</strong>' in issued
    review = tracker.split('tracker__step--scheduled">', 1)[1].split("</li>", 1)[0]
    assert ">Scheduled; outcome not recorded</strong>" in review and "2013" in review


def test_an_issued_plan_whose_issue_was_only_scheduled_is_still_issued(tmp_path):
    """Its status says it was issued: a record that only says when it was due does not make it 'scheduled'."""
    plan = ("---\ntitle: Police and Crime Plan 2021-24\nperiod:\n  start: 2021\n  end: 2024\ncommissioner: pat-smith\n"
            "status: issued\nsteps:\n  - step: issued\n    date: 2021-11-23\n    status: scheduled\n---\nText.\n")
    root = write_site(tmp_path, {**MINIMAL, "plans/2021-24.md": plan})
    assert run_cli(root, "build", "--no-search").code == 0
    tracker = (root / "site/plans/2021-24/index.html").read_text().split('id="tracker"', 1)[1].split("</section>", 1)[0]
    issued = tracker.split("Plan issued</span>", 1)[1].split("</li>", 1)[0]
    assert ">Done; date not recorded</strong>" in issued and "(scheduled)" in issued


def test_a_scheduled_step_still_to_come_is_due(tmp_path):
    out = tmp_path / "site"
    assert run_cli(REPO, "--output", str(out), "--today", "2013-03-01", "build", "--no-search").code == 0
    tracker = (out / "plans/2013-16/index.html").read_text().split('id="tracker"', 1)[1].split("</section>", 1)[0]
    assert ">Due</strong>" in tracker.split('tracker__step--scheduled">', 1)[1].split("</li>", 1)[0]


def test_timeline_on_every_plan_page_is_an_ordered_list_of_dated_linked_entries(real_site):
    for cycle in ("2013-16", "2017-20", "2021-24"):
        html = page(real_site, f"/plans/{cycle}/")
        timeline = html.split('id="timeline"', 1)[1].split("</section>", 1)[0]
        assert '<ol class="timeline">' in timeline
        entries = re.findall(r'<li class="timeline__item.*?</li>', timeline, re.S)
        assert len(entries) >= 3
        for entry in entries:
            assert re.search(r'<time datetime="[\d-]+">', entry)
    html = page(real_site, "/plans/2021-24/")
    assert html.index("Consultation opened") < html.index("Decision CPCC 2021-017: plan issued")


@pytest.mark.parametrize("today,status", [("2021-06-01", "Not yet open"), ("2021-06-30", "Open"),
                                          ("2021-07-30", "Open"), ("2021-07-31", "Closed: outcome published")])
def test_consultation_status_is_worked_out_from_its_dates_as_of_the_build(tmp_path, today, status):
    out = tmp_path / "site"
    assert run_cli(REPO, "--output", str(out), "--today", today, "build").code == 0
    assert f">{status}</strong>" in (out / "consultations/2021-24-plan/index.html").read_text()


def test_consultation_without_outcome_is_closed_after_its_last_day(tmp_path):
    root = write_site(tmp_path, TRACKED_SITE)
    assert run_cli(root, "--today", "2021-08-01", "build").code == 0
    assert '>Closed</strong>' in (root / "site/consultations/c/index.html").read_text()


def test_word_diff_marks_insertions_and_deletions():
    diff = get_word_diff("Maintain local police performance.", "Maintain visible local policing.")
    assert [(s.kind, s.text) for s in diff.segments] == [
        ("same", "Maintain"), ("added", " visible"), ("same", " local "), ("removed", "police performance."),
        ("added", "policing.")]
    assert (diff.removed_words, diff.added_words) == (2, 2)


def test_variation_page_shows_the_diff_in_words_not_by_colour_alone(tmp_path):
    files = {**MINIMAL, "variations/v.md": ("---\nplan: 2021-24\ntitle: A change\nbefore: Keep people safe.\n"
                                           "after: Keep people and places safe.\n---\n")}
    root = write_site(tmp_path, files)
    assert run_cli(root, "build").code == 0
    html = (root / "site/variations/v/index.html").read_text()
    assert "0 words removed and 2 words added" in html
    assert '<ins><span class="visually-hidden">[added: </span>and places <span class="visually-hidden">]' in html


@pytest.mark.parametrize("status, heading, said", [
    ("made", "What changed", None),
    ("proposed", "What the variation would change", "The variation was proposed; it is not recorded as made."),
    ("withdrawn", "What the variation would change", "The variation was withdrawn; it was not made."),
    (None, "What the variation would change", "The sources do not record whether the variation was made."),
])
def test_a_replaced_word_is_set_apart_and_the_heading_follows_the_status(tmp_path, status, heading, said):
    """Removed and added words side by side are two words, on screen and when copied, not one run together."""
    line = f"status: {status}\n" if status else ""
    files = {**MINIMAL, "variations/v.md": ("---\nplan: 2021-24\ntitle: A change\nbefore: Support victims.\n"
                                           f"after: Support every victim.\n{line}---\n")}
    root = write_site(tmp_path, files)
    assert run_cli(root, "build").code == 0
    html = (root / "site/variations/v/index.html").read_text()
    assert ('<del><span class="visually-hidden">[removed: </span>victims.<span class="visually-hidden">]</span></del> '
            '<ins><span class="visually-hidden">[added: </span>every victim.') in html
    assert f'<h2 id="what-changed">{heading}</h2>' in html
    if said:
        assert f"<p>{said}</p>" in html


def test_the_2014_variation_shows_the_new_headings_and_what_the_sources_say_of_before(real_site):
    html = page(real_site, "/variations/2013-16-objective-1-2014/")
    changed = html.split('id="what-changed"', 1)[1].split("</section>", 1)[0]
    assert "do not give the earlier wording" in changed
    for heading in ("Community engagement", "An accessible and responsive Constabulary", "Visible policing",
                    "A professional team (a new section)"):
        assert heading in changed
    assert 'id="tracker"' in html and 'id="timeline"' in html


def test_site_timeline_has_an_svg_overview_with_a_text_alternative(real_site):
    html = page(real_site, "/timeline/")
    svg = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert 'role="img" aria-labelledby="overview-title overview-desc"' in svg
    assert '<title id="overview-title">' in svg
    desc = svg.split('<desc id="overview-desc">', 1)[1].split("</desc>", 1)[0]
    for cycle in ("Police and Crime Plan 2013-16: 2013 to 2016", "Police and Crime Plan 2017-20: 2017 to 2020"):
        assert cycle in desc
    assert svg.count('class="overview__period"') == 3
    assert 'overview__marker--diamond' in svg and 'overview__marker--triangle' in svg
    # Newest cycle first in the list.
    assert html.index('id="cycle-2021-24"') < html.index('id="cycle-2017-20"') < html.index('id="cycle-2013-16"')


def test_timeline_filters_are_plain_links_to_filtered_pages(real_site):
    html = page(real_site, "/timeline/")
    assert 'href="/timeline/2017-20/"' in html and 'href="/timeline/kind/decision/"' in html
    by_cycle = page(real_site, "/timeline/2017-20/")
    assert 'id="cycle-2017-20"' in by_cycle and 'id="cycle-2021-24"' not in by_cycle
    assert '<strong aria-current="page">Police and Crime Plan 2017-20</strong>' in by_cycle
    decisions = page(real_site, "/timeline/kind/decision/")
    assert "Decision CPCC 2021-017" in decisions and "Consultation opened" not in decisions
    assert "<script src" not in html


def test_compare_page_shows_continued_new_and_dropped_themes(tmp_path):
    files = {**MINIMAL,
             "plans/2017-20.md": "---\ntitle: Plan 2017-20\nperiod: {start: 2017, end: 2020}\nstatus: issued\n---\n",
             "themes/2017-20/victims.md": "---\nplan: 2017-20\ntitle: Victims then\nkind: theme\n---\n",
             "themes/2017-20/transformation.md": "---\nplan: 2017-20\ntitle: Transformation\nkind: theme\n---\n",
             "themes/2021-24/victims.md": MINIMAL["themes/2021-24/victims.md"].replace(
                 "order: 1", "order: 1\n        succeeds: [2017-20/victims]"),
             "themes/2021-24/ethics.md": "---\nplan: 2021-24\ntitle: Ethics\nkind: theme\n---\n"}
    root = write_site(tmp_path, files)
    assert run_cli(root, "build").code == 0
    html = (root / "site/plans/compare/index.html").read_text()
    later = html.split('id="compare-2021-24"', 1)[1]
    assert 'Continues</span> <a href="/plans/2017-20/themes/victims/">Victims then</a> (2017-20)' in later
    assert re.search(r'Ethics</a>\s*<br><span class="tag">New in this plan', later)
    earlier = html.split('id="compare-2017-20"', 1)[1].split('id="compare-2021-24"', 1)[0]
    assert re.search(r'Transformation</a>\s*<br><span class="tag">Not carried into the next plan', earlier)


def test_compare_page_of_the_real_portal_claims_no_links_the_sources_do_not_make(real_site):
    html = page(real_site, "/plans/compare/")
    assert "The record does not say which theme of one plan continues" in html
    assert "New in this plan" not in html and "Not carried" not in html
    for cycle in ("2013-16", "2017-20", "2021-24"):
        assert f'id="compare-{cycle}"' in html


def test_a_deadline_says_met_due_or_passed_and_a_scheduled_step_due_or_not_recorded():
    """A plan issued on 23 November 2021 met its deadline of 31 March 2022: never shown as still due."""
    site, events = _real()
    deadline = next(e for e in events_of_cycle(events, site.by_id["2021-24"]) if e.deadline)
    assert (deadline.date.iso, deadline.met, deadline.tag(dt.date(2026, 11, 22))) == ("2022-03-31", True, "Met")
    assert next(e for e in events_of_cycle(events, site.by_id["2013-16"]) if e.deadline).met  # published March 2013
    unmet = dataclasses.replace(deadline, met=False)
    assert unmet.tag(dt.date(2022, 3, 31)) == "Due"
    assert unmet.tag(dt.date(2022, 4, 1)) == "Passed; not recorded as met"
    review = next(e for e in events_of_cycle(events, site.by_id["2013-16"]) if e.step == "panel-review")
    assert review.scheduled and review.tag(dt.date(2013, 3, 20)) == "Due"
    assert review.tag(dt.date(2026, 11, 22)) == "Scheduled; outcome not recorded"
    assert next(e for e in events if not e.scheduled).tag(dt.date(2026, 11, 22)) is None


def test_a_past_deadline_is_not_shown_as_due_on_the_plan_page(real_site):
    html = (real_site / "plans/2021-24/index.html").read_text()
    assert "Deadline for issuing the plan (the end of the financial year of the election) " \
           '<span class="tag">Met</span>' in html
    assert '<span class="tag">Due</span>' not in html and "To be issued by" not in html


def test_a_variations_paper_and_the_variation_it_concerns_are_apart(real_site):
    html = (real_site / "timeline/index.html").read_text()
    assert "</a> <span class=\"meta\">(<a" in html and "</a><span class=\"meta\">(" not in html


# --- The overview on /timeline/: markers that never cover each other, text readable on a phone ---------------

from generator.timeline import MARKED_KINDS, get_axis, get_overview  # imported here: these tests came later


def _real_overview():
    """Return the overview of every cycle of the real content, its axis, events and site."""
    site, events = _real()
    plans = tuple(p for p in site.of_type("plan") if p.period)
    axis = get_axis(events, plans)
    return get_overview(events, plans, axis), axis, events, site


def test_no_two_markers_of_a_lane_in_the_real_overview_cover_each_other():
    """In 2021-24 the Panel's 15 November 2021 and the 23 November decision sat on one spot; so did the two
    consultation dates of 2021 and, in 2013-16, 26 February and 21 March 2013."""
    overview, _, _, _ = _real_overview()
    for lane in overview.lanes:
        for i, a in enumerate(lane.markers):
            assert lane.y <= a.y - a.reach and a.y + a.reach <= lane.y + lane.height  # inside its bar
            for b in lane.markers[i + 1:]:
                clear = a.reach + b.reach  # each shape fits in a square of its reach either way
                assert abs(a.x - b.x) >= clear or abs(a.y - b.y) >= clear, (lane.plan.id, a.label, b.label)
    bars = sorted((lane.y, lane.y + lane.height) for lane in overview.lanes)
    assert all(bottom < top for (_, bottom), (top, _) in zip(bars, bars[1:]))  # and lanes apart
    assert len({m.y for m in overview.lanes[0].markers}) == 2  # 2021-24's markers do need a second row


def test_stacked_markers_keep_their_true_dates_and_a_days_events_of_one_kind_are_drawn_once():
    overview, axis, events, site = _real_overview()
    lane = next(lane for lane in overview.lanes if lane.plan.id == "2021-24")
    marked = [e for e in events_of_cycle(events, site.by_id["2021-24"]) if e.kind in MARKED_KINDS]
    assert sorted(m.x for m in lane.markers) == sorted({axis.x(e.date.first_day) for e in marked})
    assert [(m.shape, m.count) for m in lane.markers] == [("square", 1), ("square", 1), ("circle", 2),
                                                         ("diamond", 1)]
    assert lane.markers[2].label == ("15 November 2021: Draft sent to the Police and Crime Panel; "
                                     "Panel reviewed the draft and made a report or recommendations")
    assert lane.events == 5
    monitoring = next(m for lane in overview.lanes for m in lane.markers if m.label.startswith("15 November 2017"))
    assert monitoring.label.endswith("Monitoring report to the Cambridgeshire Police and Crime Panel (2 entries)")


def test_the_overview_says_how_many_events_each_lane_marks_and_that_markers_may_be_stacked(real_site):
    html = page(real_site, "/timeline/")
    desc = html.split('<desc id="overview-desc">', 1)[1].split("</desc>", 1)[0]
    assert "Police and Crime Plan 2021-2024: 2021 to 2024, with 5 marked events." in desc
    assert html.count("<title>15 November 2021: Draft sent to the Police and Crime Panel; Panel reviewed") == 1
    assert "markers that fall close together are set one above another" in html
    region = re.search(r'<div class="overview__scroll" ([^>]*)>\s*<svg', html)
    assert region and 'role="region"' in region[1] and 'tabindex="0"' in region[1] and 'aria-label="' in region[1]


OVERVIEW_SCRIPT = """() => {
  const svg = document.querySelector('.overview__svg');
  const texts = [...svg.querySelectorAll('text')].map(t =>
    [t.textContent, parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a]);
  const boxes = [...svg.querySelectorAll('.overview__marker')].map(m => [m.textContent, m.getBoundingClientRect()]);
  const overlaps = [];
  boxes.forEach(([a, p], i) => boxes.slice(i + 1).forEach(([b, q]) => {
    if (p.left < q.right && q.left < p.right && p.top < q.bottom && q.top < p.bottom) overlaps.push([a, b]);
  }));
  const root = document.documentElement, region = document.querySelector('.overview__scroll');
  return {texts, overlaps, pageScrolls: root.scrollWidth > root.clientWidth,
          regionScrolls: region ? region.scrollWidth > region.clientWidth : null};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 375, 320])
def test_the_overview_is_readable_on_a_phone_without_the_page_scrolling_sideways(browser, served_site, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        tab = context.new_page()
        tab.goto(served_site + "/timeline/")
        got = tab.evaluate(OVERVIEW_SCRIPT)
        small = [(text, round(size, 1)) for text, size in got["texts"] if size < 12]
        assert not small, f"chart text drawn below 12 px at {width} px wide: {small}"
        assert not got["overlaps"], f"markers cover each other at {width} px wide: {got['overlaps']}"
        assert not got["pageScrolls"]
        assert got["regionScrolls"] == (width < 768)  # the chart scrolls inside its own region, not the page
        assert tab.is_visible(".overview__hint") == got["regionScrolls"]
    finally:
        context.close()


@pytest.mark.browser
def test_the_keyboard_scrolls_the_overview_on_a_phone(browser, served_site):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    try:
        tab = context.new_page()
        tab.goto(served_site + "/timeline/")
        tab.focus(".overview__scroll")
        tab.keyboard.press("ArrowRight")
        assert tab.evaluate("document.activeElement.matches('.overview__scroll')")
        tab.wait_for_function("document.querySelector('.overview__scroll').scrollLeft > 0", timeout=5000)
        assert tab.evaluate("document.documentElement.scrollLeft") == 0
    finally:
        context.close()


def test_a_variations_comparison_sets_words_side_by_side_not_markdown(tmp_path):
    before = "|\n  Under **three** headings &amp; more:\n\n  1. Community engagement\n  2. [A link](https://example.org)\n"
    after = "|\n  Under **four** headings &amp; more:\n\n  1. Community engagement\n  2. [A link](https://example.org)\n"
    files = {**MINIMAL, "variations/v.md": f"---\nplan: 2021-24\ntitle: A change\nbefore: {before}after: {after}---\n"}
    root = write_site(tmp_path, files)
    assert run_cli(root, "build", "--no-search").code == 0
    html = (root / "site/variations/v/index.html").read_text()
    compared = html.split('class="diff"', 1)[1].split("</p>", 1)[0]
    assert "1 word removed and 1 word added" in html
    assert "**" not in compared and "](" not in compared and "&amp;amp;" not in compared
    assert "headings &amp; more: Community engagement A link" in compared
