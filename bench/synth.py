"""A deterministic synthetic portal at national scale, in the real content format.

    python bench/synth.py --items 10000 --out /tmp/portal

Every policing area gets its bodies and people, and each plan cycle of an area gets a plan, its
themes and priorities, a consultation, a variation, meetings with papers, decisions and
documents. Bodies (the Markdown after the front matter) are 300 to 800 words of varied Markdown:
headings, paragraphs, lists, tables, emphasis, links out and links to other items' pages. The
same seed always gives the same files, byte for byte. Nothing here describes a real area.
"""

from __future__ import annotations

import argparse
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

AREAS = 43  # the policing areas of England and Wales
CYCLES = (2012, 2016, 2021)  # the first year of each plan cycle
THEMES_PER_PLAN = 5
PRIORITIES_PER_THEME = 2
SITE_YAML = """\
title: National Police and Crime Plans (synthetic benchmark)
area: England and Wales
description: A synthetic portal for measuring the generator at national scale; none of it is real.
base_url: https://bench.example.org
language: en-GB
"""
WORDS = (
    "the commissioner panel plan police crime community victims residents officers local priority "
    "partnership safety prevention report review budget precept scrutiny consultation response "
    "constabulary neighbourhood rural business road harm abuse exploitation support service "
    "performance delivery accountability funding grant estate technology workforce volunteers "
    "witnesses justice courts probation youth schools health council housing transport evidence "
    "measure outcome target quarter year district town village engagement visible contact online "
    "strategy assessment risk demand resources collaboration review commitment standard progress"
).split()
HEADINGS = ("Background", "What was decided", "Why it matters", "Funding", "Risks", "Consultation",
            "Equality", "Next steps", "Performance", "Partners", "Legal position", "Options considered")


@dataclass
class Portal:
    """What was written, for the benchmark to time and to edit."""

    root: Path
    items: int = 0
    pages: list[tuple[str, str, str, str]] = field(default_factory=list)  # (slug, title, date, body)
    decision_files: list[Path] = field(default_factory=list)


def sentence(rng: random.Random, links: list[str]) -> str:
    """One sentence, sometimes with emphasis or a link to another item's page."""
    words = rng.choices(WORDS, k=rng.randint(8, 22))
    roll = rng.random()
    if roll < 0.08 and links:
        words[3] = f"[{words[3]}]({rng.choice(links)})"
    elif roll < 0.14:
        words[5] = f"**{words[5]}**"
    elif roll < 0.18:
        words[2] = f"[{words[2]}](https://www.gov.uk/government/publications/{words[4]})"
    return " ".join(words).capitalize() + "."


def markdown_body(rng: random.Random, links: list[str]) -> str:
    """300 to 800 words of varied Markdown."""
    target, blocks, count = rng.randint(300, 800), [], 0
    while count < target:
        kind = rng.random()
        if kind < 0.12:
            block = f"## {rng.choice(HEADINGS)}"
        elif kind < 0.24:
            block = "\n".join(f"- {sentence(rng, links)}" for _ in range(rng.randint(2, 5)))
        elif kind < 0.30:
            block = "\n".join(f"{n}. {sentence(rng, links)}" for n in range(1, rng.randint(3, 5)))
        elif kind < 0.36:
            rows = [f"| {rng.choice(WORDS).capitalize()} | {rng.randint(1, 999)} | {rng.randint(1, 99)}% |"
                    for _ in range(rng.randint(2, 5))]
            block = "\n".join(["| Measure | Number | Change |", "| --- | ---: | ---: |", *rows])
        else:
            block = " ".join(sentence(rng, links) for _ in range(rng.randint(2, 5)))
        blocks.append(block)
        count += len(block.split())
    return "\n\n".join(blocks) + "\n"


def front_matter(fields: dict[str, object]) -> str:
    """YAML front matter from simple values, lists of ids and nested mappings written as flow."""
    lines = ["---"]
    for key, value in fields.items():
        if isinstance(value, list):
            lines.append(f"{key}: [{', '.join(str(v) for v in value)}]")
        elif isinstance(value, dict):
            lines.append(f"{key}:")
            lines.extend(f"  {k}: {v}" for k, v in value.items())
        else:
            lines.append(f"{key}: {value}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def quoted(text: str) -> str:
    return '"' + text.replace('"', "'") + '"'


class Writer:
    """Writes one item at a time, counting items, until the budget is spent."""

    def __init__(self, portal: Portal, budget: int, rng: random.Random) -> None:
        self.portal, self.budget, self.rng = portal, budget, rng

    @property
    def full(self) -> bool:
        return self.portal.items >= self.budget

    def item(self, folder: str, item_id: str, fields: dict[str, object], title: str, date: str,
             url: str, links: list[str]) -> Path:
        body = markdown_body(self.rng, links)
        path = self.portal.root / folder / f"{item_id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(front_matter(fields) + body, encoding="utf-8")
        self.portal.items += 1
        self.portal.pages.append((f"{folder}-{item_id.replace('/', '-')}", title, date, body))
        return path

    def priorities(self, theme_id: str, count: int) -> None:
        path = self.portal.root / "priorities" / f"{theme_id}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        entries = "".join(f"  - title: Priority {n}\n    text: {quoted(sentence(self.rng, []))}\n"
                          for n in range(1, count + 1))
        path.write_text(f"theme: {theme_id}\nitems:\n{entries}", encoding="utf-8")
        self.portal.items += count


def area_name(n: int) -> str:
    return f"area-{n:02d}"


def write_area(w: Writer, area: str, per_area: int) -> None:
    """Write one area's bodies, people and plan cycles; spend what is left on its record."""
    start = w.portal.items
    panel, office = f"{area}-panel", f"{area}-office"
    w.item("bodies", panel, {"name": f"Police and Crime Panel of {area}", "kind": "panel"},
           panel, "", f"/bodies/{panel}/", [])
    w.item("bodies", office, {"name": f"Office of the Commissioner of {area}", "kind": "office"},
           office, "", f"/bodies/{office}/", [])
    people = [f"{area}-person-{n}" for n in range(1, 4)]
    for person in people:
        w.item("people", person, {"name": f"Person {person}"}, person, "", f"/people/{person}/", [])
    left = per_area - (w.portal.items - start)
    for index, year in enumerate(CYCLES):
        cycle_budget = left // (len(CYCLES) - index)
        spent = write_cycle(w, area, year, people, panel, office, cycle_budget)
        left -= spent


def write_cycle(w: Writer, area: str, year: int, people: list[str], panel: str, office: str,
                budget: int) -> int:
    """Write one plan cycle; return how many items it took."""
    start, rng = w.portal.items, w.rng
    plan = f"{area}-{year}"
    w.item("plans", plan, {"title": f"Police and Crime Plan {year} to {year + 3} ({area})",
                           "period": {"start": year, "end": year + 3}, "commissioner": people[0],
                           "status": "replaced" if year != CYCLES[-1] else "issued",
                           "published": f"{year}-03-28", "summary": quoted(f"The plan of {area} from {year}.")},
           plan, f"{year}-03-28", f"/plans/{plan}/", [f"/people/{people[0]}/"])
    themes = []
    for n in range(1, THEMES_PER_PLAN + 1):
        theme = f"{plan}/theme-{n}"
        w.item("themes", theme, {"plan": plan, "title": f"Theme {n} of {plan}", "kind": "theme", "order": n},
               theme, "", f"/plans/{plan}/themes/theme-{n}/", [f"/plans/{plan}/"])
        w.priorities(theme, PRIORITIES_PER_THEME)
        themes.append(theme)
    w.item("consultations", f"{plan}-consultation", {"title": f"Consultation on the plan of {area} for {year}", "plan": plan,
                                   "opens": f"{year}-01-10", "closes": f"{year}-02-10", "topics": ["Victims"]},
           f"consultation {plan}", f"{year}-01-10", f"/consultations/{plan}-consultation/", [f"/plans/{plan}/"])
    w.item("variations", f"{plan}-variation", {"plan": plan, "title": f"Variation of the plan of {area} ({year + 1})",
                                "changes": [themes[0]], "status": "made"},
           f"variation {plan}", "", f"/variations/{plan}-variation/", [f"/plans/{plan}/"])
    links = [f"/plans/{plan}/", f"/people/{people[1]}/"]
    documents, reports = [], []
    left = budget - (w.portal.items - start)
    meetings = max(1, left // 12)
    for m in range(meetings):
        if w.full:
            break
        date = f"{year + m * 4 // meetings}-{1 + (m * 5) % 12:02d}-{10 + m % 15:02d}"
        meeting = f"{area}/panel-{date}-{m}"
        w.item("meetings", meeting, {"held_by": panel, "date": date, "title": f"Panel meeting {date}"},
               meeting, date, f"/meetings/{meeting}/", links)
        for r in range(1, 3):
            report = f"{meeting}/item-{r}"
            w.item("reports", report, {"meeting": meeting, "item": quoted(str(r)), "title": f"Paper {r} of {date}",
                                       "author": office, "contact": people[2], "concerns": [plan]},
                   report, date, f"/reports/{report}/", links + [f"/meetings/{meeting}/"])
            reports.append(report)
        document = f"{area}/document-{date}-{m}"
        w.item("documents", document, {"title": f"Background document of {date}", "date": date},
               document, date, f"/documents/{document}/", links)
        documents.append(document)
    n = 0
    while w.portal.items - start < budget and not w.full:
        n += 1
        date = f"{year + (n % 4)}-{1 + n % 12:02d}-{1 + n % 28:02d}"
        decision = f"{area}/{year}-{n:04d}"
        background = [rng.choice(reports)] if reports else []
        path = w.item("decisions", decision, {
            "reference": f"{area.upper()} {year}-{n:04d}", "title": f"Decision {n} of {plan}", "date": date,
            "decision": quoted(sentence(rng, [])), "decided_by": people[0], "plan": plan, "contact": people[2],
            "background": background, "summary": quoted(sentence(rng, []))},
            decision, date, f"/decisions/{decision}/", links + [f"/reports/{r}/" for r in background])
        w.portal.decision_files.append(path)
    return w.portal.items - start


def generate(root: Path, items: int, seed: int = 2026) -> Portal:
    """Write a portal of about `items` items under root/content (replacing what was there)."""
    content = root / "content"
    shutil.rmtree(content, ignore_errors=True)
    content.mkdir(parents=True)
    (content / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    areas = max(1, min(AREAS, items // 250))
    portal = Portal(content)
    w = Writer(portal, items, random.Random(seed))
    for n in range(1, areas + 1):
        per_area = (items - portal.items) // (areas - n + 1)
        write_area(w, area_name(n), per_area)
    return portal


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--out", type=Path, required=True, help="the project folder to write content/ into")
    args = parser.parse_args()
    portal = generate(args.out, args.items)
    print(f"Wrote {portal.items} items ({len(portal.pages)} with a body) into {portal.root}.")


if __name__ == "__main__":
    main()
