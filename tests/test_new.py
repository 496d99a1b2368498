"""`new KIND` writes a record in the right place; `check` flags it until it is filled in."""

import datetime as dt
import re

import generator.new
from conftest import DECISION_1, MINIMAL, run_cli, write_site


def test_new_decision_takes_the_next_reference_and_is_flagged_until_filled(tmp_path):
    root = write_site(tmp_path, {**MINIMAL, "decisions/cpcc-2021-017.md": DECISION_1})
    result = run_cli(root, "--today", "2021-12-01", "new", "decision")
    assert result.code == 0 and result.out == "content/decisions/cpcc-2021-018.md\n"
    path = root / "content/decisions/cpcc-2021-018.md"
    text = path.read_text()
    assert 'reference: "CPCC 2021-018"' in text
    check = run_cli(root, "check")
    assert check.code == 1
    assert check.err.splitlines()[:4] == [
        "content/decisions/cpcc-2021-018.md:3: 'title' has not been filled in yet: replace 'FILL IN: the "
        "subject of the decision'",
        "content/decisions/cpcc-2021-018.md:4: 'date' has not been filled in yet: replace 'FILL IN: the date the "
        "decision was signed, like 2021-12-01'",  # never today's date, which would pass unnoticed
        "content/decisions/cpcc-2021-018.md:5: 'decision' has not been filled in yet: replace 'FILL IN: what "
        "was decided, in one sentence'",
        "content/decisions/cpcc-2021-018.md:7: 'body' has not been filled in yet: replace 'FILL IN: write what "
        "the sources say of this decision here, in plain English.'",
    ]
    filled = re.sub(r'title: ".*"', "title: Varying the plan", text)
    filled = re.sub(r'date: ".*"', "date: 2021-11-30", filled)
    filled = re.sub(r'decision: ".*"', "decision: To vary the plan", filled)
    path.write_text(filled.replace("FILL IN: write what the sources say of this decision here, in plain "
                                   "English.", "The Commissioner decided to vary the plan."))
    assert run_cli(root, "check").code == 0


def test_new_reference_starts_at_one_in_a_new_year(tmp_path):
    root = write_site(tmp_path, {**MINIMAL, "decisions/cpcc-2021-017.md": DECISION_1})
    assert run_cli(root, "--today", "2022-01-05", "new", "decision").out == "content/decisions/cpcc-2022-001.md\n"


def test_new_record_of_every_kind_has_every_required_field(tmp_path):
    root = write_site(tmp_path, MINIMAL)
    for kind in ("plan", "theme", "priority", "variation", "meeting", "report", "consultation", "person", "body",
                 "document", "page"):
        result = run_cli(root, "--today", "2026-11-22", "new", kind)
        assert result.code == 0, result.err
        assert result.out == f"content/{dict(person='people', body='bodies', priority='priorities').get(kind, kind + 's')}/" \
                             f"{kind}-2026-11-22.{'yaml' if kind == 'priority' else 'md'}\n"
    check = run_cli(root, "check")
    assert check.code == 1
    assert "missing required field" not in check.err  # every required field is there, as a placeholder
    assert "unknown field" not in check.err  # and none the kind does not have (a priority has no text)
    assert check.err.count("has not been filled in yet") >= 20
    plan = (root / "content/plans/plan-2026-11-22.md").read_text()
    assert "period:\n  start:" in plan and "  end:" in plan


def test_new_with_an_id_and_refusals(tmp_path):
    root = write_site(tmp_path, MINIMAL)
    result = run_cli(root, "new", "meeting", "panel/2026-11-22")
    assert result.out == "content/meetings/panel/2026-11-22.md\n"
    again = run_cli(root, "new", "meeting", "panel/2026-11-22")
    assert again.code == 1 and again.err == ("error: a record with the id 'panel/2026-11-22' already exists; "
                                             "give another id\n")
    badly_named = run_cli(root, "new", "page", "About Us")
    assert (badly_named.code, badly_named.err) == (1, "error: 'About Us' cannot be an id: use lower-case letters, "
                                                   "digits and hyphens, with '/' between folders (e.g. "
                                                   "'panel/2026-11-22')\n")
    assert not (root / "content/pages").exists()
    unknown = run_cli(root, "new", "decison")
    assert unknown.code == 1 and unknown.err.startswith("error: there is no kind of record called 'decison' "
                                                        "(did you mean 'decision'?)")


def test_new_reads_the_content_once(tmp_path, monkeypatch):
    root = write_site(tmp_path, {**MINIMAL, "decisions/cpcc-2021-017.md": DECISION_1})
    reads = []
    real = generator.new.load_content
    monkeypatch.setattr(generator.new, "load_content", lambda *args: reads.append(args) or real(*args))
    path = generator.new.new_record(root / "content", "decision", None, dt.date(2021, 12, 1))
    assert path.name == "cpcc-2021-018.md" and len(reads) == 1


def test_new_takes_what_the_id_says_and_knows_the_kinds_by_their_names_on_the_site(tmp_path):
    root = write_site(tmp_path, {**MINIMAL, "decisions/cpcc-2021-017.md": DECISION_1})
    assert run_cli(root, "--today", "2026-11-22", "new", "decision", "cpcc-2021-019").code == 0
    assert 'reference: "CPCC 2021-019"' in (root / "content/decisions/cpcc-2021-019.md").read_text()
    assert run_cli(root, "new", "decision", "issuing-the-plan").code == 0  # no number in it: to fill in
    assert 'reference: "FILL IN: ' in (root / "content/decisions/issuing-the-plan.md").read_text()
    assert run_cli(root, "new", "meeting", "panel/2021-11-15").code == 0
    assert "\ndate: 2021-11-15\n" in (root / "content/meetings/panel/2021-11-15.md").read_text()
    paper = run_cli(root, "--today", "2026-11-22", "new", "paper")  # as the site calls a report
    assert paper.code == 0 and paper.out == "content/reports/report-2026-11-22.md\n"
    assert run_cli(root, "--today", "2026-11-22", "new", "Decisions").out.startswith("content/decisions/")


def test_new_decision_in_a_site_without_one_is_named_by_kind_and_date(tmp_path):
    root = write_site(tmp_path, MINIMAL)
    result = run_cli(root, "--today", "2026-11-22", "new", "decision")
    assert result.out == "content/decisions/decision-2026-11-22.md\n"  # not from the reference's placeholder
