"""The content types: the one declaration that the loader, validator, templates and exports read.

Each type is a folder under content/ holding one item per Markdown or YAML file (a YAML file may
also hold a list of items under `items:`). Every field says its kind, whether it is required, its
allowed values, what it means, and for references which types it may point to.

This module imports nothing else of the package.
"""

from __future__ import annotations

from dataclasses import dataclass

# Kinds of field value.
TEXT = "text"  # one line of plain text
MARKDOWN = "markdown"  # Markdown, rendered to sanitised HTML
DATE = "date"  # a calendar date, or a month or a year where the sources give no more: 2021-11-15, 2017-02, 2013
INT = "int"  # a whole number
URL = "url"  # an absolute web address
EMAIL = "email"  # an email address
CHOICE = "choice"  # one of the field's allowed values
REF = "ref"  # the id of another item, of one of the field's target types
RECORD = "record"  # a small mapping with fields of its own
MAPPING = "mapping"  # free-form data (only `extra`)

KINDS = (TEXT, MARKDOWN, DATE, INT, URL, EMAIL, CHOICE, REF, RECORD, MAPPING)

# The steps of section 5 of the Police Reform and Social Responsibility Act 2011, for a plan and
# for every variation of one, in statutory order, with the words residents read.
STEPS: dict[str, str] = {
    "draft": "Draft prepared",
    "consult-chief-constable": "Chief Constable consulted",
    "consult-public": "Views of the public and of victims obtained",
    "sent-to-panel": "Draft sent to the Police and Crime Panel",
    "panel-review": "Panel reviewed the draft and made a report or recommendations",
    "response": "Commissioner's response given to the Panel and published",
    "issued": "Plan issued",
    "published": "Plan published",
    "monitoring": "Delivery monitored",
}


@dataclass(frozen=True)
class Field:
    """One field of a content type."""

    name: str
    kind: str
    doc: str
    required: bool = False
    many: bool = False  # a list of values rather than one
    choices: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()  # for REF: the type names it may point to
    fields: tuple[Field, ...] = ()  # for RECORD: the record's own fields
    not_before: str | None = None  # for DATE: a sibling date field this one may not precede
    acyclic: bool = False  # for REF: following this field from an item must never lead back to it
    label: str = ""  # the words pages show for the field, where its name does not read well
    updates: bool = True  # for DATE: when something happened to the item, so a 'Last updated' from content may use it

    @property
    def title(self) -> str:
        """Return the field's name as residents read it."""
        return self.label or self.name.replace("_", " ").capitalize()


@dataclass(frozen=True)
class ContentType:
    """One kind of item: its folder, its pages and its fields."""

    name: str
    plural: str
    label: str
    label_plural: str
    doc: str  # for editors: what one item is (the JSON Schema's description)
    fields: tuple[Field, ...]
    url: str | None  # a pattern over {id}, {name} (last part of the id) and reference fields
    title_field: str = "title"
    date_field: str | None = None  # the date it is listed and sorted by
    sort_date: str | None = None  # else: the date lists sort it by, newest first (a record's part as 'period.start')
    date_from: str | None = None  # else: the reference field whose item's date it takes (a paper: its meeting's)
    list_url: str | None = None
    parent: str | None = None  # for types without pages: the reference field whose page shows them
    within: str | None = None  # the reference field whose page this one sits under in breadcrumbs
    order_field: str = "order"  # the field giving its position among its siblings, where it has one
    intro: str = ""  # for residents: the opening sentence of its list page (and that page's description)

    @property
    def folder(self) -> str:
        """Return the folder under content/ that holds this type's files."""
        return self.plural

    def field(self, name: str) -> Field | None:
        """Return the field of this name, or None."""
        return _FIELD_INDEX[self.name].get(name)

    def __reduce__(self) -> tuple:
        """Pickle by name (items read by other processes come back with the one declared type)."""
        return (type_named, (self.name,))

    @property
    def field_names(self) -> tuple[str, ...]:
        """Return the names of every field, in declaration order."""
        return tuple(f.name for f in self.fields)


# Fields every type has. `id` comes from the file's path (or is given per item in a list file).
ID = Field("id", TEXT, "Stable identifier: lower-case words joined by hyphens, parts joined by '/'.")
SUMMARY = Field("summary", TEXT, "One or two plain sentences saying what this is; used in lists and search results.")
BODY = Field("body", MARKDOWN, "The main text (the Markdown after the front matter).")
EXTRA = Field("extra", MAPPING, "Free-form data that no field covers; shown nowhere, kept in the open data.")

STEP_RECORD = (
    Field("step", CHOICE, "Which statutory step this records.", required=True, choices=tuple(STEPS)),
    Field("date", DATE, "When the step happened (or was due, where `note` says so).", required=True),
    Field("status", CHOICE, "'done' (the default), or 'scheduled' where the sources only say it was due.",
          choices=("done", "scheduled")),
    Field("note", TEXT, "What the sources say of this step, in a sentence."),
    Field("evidence", REF, "Papers, decisions or documents that record the step.", many=True,
          targets=("report", "decision", "document", "meeting")),
)

ROLE_RECORD = (
    Field("role", TEXT, "The office held, e.g. 'Chief Executive'.", required=True),
    Field("organisation", REF, "The body the office belongs to.", targets=("body",)),
    Field("start", DATE, "When the person took up the office, where the sources say."),
    Field("end", DATE, "When the person left the office, where the sources say.", not_before="start"),
    Field("seen", DATE, "A date on which a paper records the person in this office.", many=True),
)

ISSUE_RECORD = (
    Field("issue", TEXT, "What does not work, and what to use instead, in words a resident understands.",
          required=True),
    Field("reason", CHOICE, "Why it is not accessible, as the model statement sorts it.", required=True,
          choices=("non-compliance", "disproportionate burden", "out of scope")),
    Field("criteria", TEXT, "The WCAG 2.2 success criteria it fails, e.g. '1.4.4 Resize text'.", many=True),
    Field("plan", TEXT, "What is being done about it, and by when, where that has been decided."),
)

CHECK_RECORD = (
    Field("method", TEXT, "How the portal was tested, e.g. 'axe-core in Chromium'.", required=True),
    Field("covers", TEXT, "What the test covers and how often it runs."),
)

CONTACT_RECORD = (
    Field("email", EMAIL, "An email address."),
    Field("phone", TEXT, "A telephone number."),
    Field("note", TEXT, "Whose contact details these are, or where they are given."),
)

PERIOD_RECORD = (
    Field("start", DATE, "First day (or month, or year) the plan covers.", required=True, updates=False),
    Field("end", DATE, "Last day (or month, or year) the plan covers.", required=True, not_before="start",
          updates=False),
)

TYPES: tuple[ContentType, ...] = (
    ContentType(
        name="plan", plural="plans", label="Police and Crime Plan", label_plural="Police and Crime Plans",
        doc="One plan cycle: the plan a Commissioner issues for their term.",
        intro="Each Police and Crime Commissioner issues a plan for their term of office. These are the plans, "
              "how each was made and how each was changed.",
        url="/plans/{id}/", list_url="/plans/", date_field="published", sort_date="period.start",
        fields=(
            ID,
            Field("title", TEXT, "The plan's title, e.g. 'Police and Crime Plan 2021-24'.", required=True),
            Field("period", RECORD, "The years the plan covers.", required=True, fields=PERIOD_RECORD),
            Field("commissioner", REF, "The Commissioner who issued the plan.", targets=("person",)),
            Field("status", CHOICE, "Where the plan stands.", required=True,
                  choices=("draft", "consultation", "issued", "replaced")),
            Field("published", DATE, "When the plan was published."),
            Field("in_force_from", DATE, "When the plan took effect.", label="In force from"),
            Field("issue_by", DATE, label="Deadline for issuing", updates=False,
                  doc="The statutory deadline for issuing the plan (the end of the election's financial year)."),
            Field("steps", RECORD, "Statutory steps the sources record that no paper or decision in the portal does.",
                  many=True, fields=STEP_RECORD),
            Field("documents", REF, "Published copies of the plan and its drafts.", many=True, targets=("document",)),
            SUMMARY, BODY, EXTRA,
        ),
    ),
    ContentType(
        name="theme", plural="themes", label="Theme", label_plural="Themes",
        doc="A strategic theme, objective or priority area of a plan.",
        intro="The themes, objectives and priority areas each plan is built around.",
        url="/plans/{plan}/themes/{name}/", list_url="/themes/", within="plan",
        fields=(
            ID,
            Field("plan", REF, "The plan the theme belongs to.", required=True, targets=("plan",)),
            Field("title", TEXT, "The theme's name, e.g. 'Victims'.", required=True),
            Field("kind", CHOICE, "What the plan calls it.", required=True,
                  choices=("objective", "theme", "priority area")),
            Field("number", TEXT, "Its number in the plan, where the plan numbers it, e.g. '1'."),
            Field("order", INT, "Position among the plan's themes (1 first)."),
            Field("aim", MARKDOWN, "The theme's aim, in the plan's words summarised."),
            Field("succeeds", REF, "Themes of earlier plans that this one continues.", many=True, targets=("theme",),
                  acyclic=True),
            SUMMARY, BODY, EXTRA,
        ),
    ),
    ContentType(
        name="priority", plural="priorities", label="Priority for action", label_plural="Priorities for action",
        doc="A priority for action (or a heading) under a theme.",
        intro="What each plan says will be done under each of its themes.",
        url=None, list_url="/priorities/", title_field="text", parent="theme",
        fields=(
            ID,
            Field("theme", REF, "The theme it sits under.", required=True, targets=("theme",)),
            Field("title", TEXT, "A short heading, where the plan gives one."),
            Field("text", MARKDOWN, "The priority in a sentence or two.", required=True),
            Field("order", INT, "Position under its theme (1 first)."),
            Field("introduced_by", REF, "The variation that added it, where one did.", targets=("variation",)),
            EXTRA,
        ),
    ),
    ContentType(
        name="variation", plural="variations", label="Variation", label_plural="Variations",
        doc="A formal change to a plan, which goes through the same statutory steps as the plan.",
        intro="Formal changes to a plan. Each goes through the same statutory steps as the plan itself.",
        url="/variations/{id}/", list_url="/variations/", within="plan",
        fields=(
            ID,
            Field("plan", REF, "The plan it varies.", required=True, targets=("plan",)),
            Field("title", TEXT, "What the variation is called.", required=True),
            Field("changes", REF, "The themes it changes.", many=True, targets=("theme",)),
            Field("status", CHOICE, "Where the variation stands, where the sources say.",
                  choices=("proposed", "made", "withdrawn")),
            Field("before", MARKDOWN, "The wording before the variation, where the sources give it."),
            Field("before_note", TEXT, "What the sources say of the earlier wording, where they do not give it.",
                  label="Before the variation"),
            Field("after", MARKDOWN, "The text after the variation."),
            Field("steps", RECORD, "Statutory steps the sources record that no paper or decision in the portal does.",
                  many=True, fields=STEP_RECORD),
            SUMMARY, BODY, EXTRA,
        ),
    ),
    ContentType(
        name="decision", plural="decisions", label="Decision", label_plural="Decisions",
        doc="A decision record of the Commissioner.",
        intro="The Commissioner's formal records of decisions about the plans.",
        url="/decisions/{id}/", list_url="/decisions/", date_field="date",
        fields=(
            ID,
            Field("reference", TEXT, "The decision's reference, e.g. 'CPCC 2021-017'.", required=True),
            Field("title", TEXT, "The subject of the decision.", required=True),
            Field("date", DATE, "The date the decision was signed.", required=True),
            Field("decision", TEXT, "What was decided, in one sentence.", required=True),
            Field("decided_by", REF, "Who made the decision.", targets=("person",)),
            Field("plan", REF, "The plan the decision concerns.", targets=("plan",)),
            Field("variation", REF, "The variation the decision concerns.", targets=("variation",)),
            Field("step", CHOICE, "The statutory step the decision records.", choices=tuple(STEPS),
                  label="Statutory step"),
            Field("contact", REF, "The contact officer named on the record.", targets=("person",),
                  label="Contact officer"),
            Field("background", REF, "Background papers.", many=True, targets=("report", "document"),
                  label="Background papers"),
            SUMMARY, BODY, EXTRA,
        ),
    ),
    ContentType(
        name="meeting", plural="meetings", label="Meeting", label_plural="Meetings",
        doc="A meeting of a body, such as the Police and Crime Panel; its agenda is the papers that name it.",
        intro="Meetings at which the plans were made, examined or reported on, with the papers that went to each.",
        url="/meetings/{id}/", list_url="/meetings/", title_field="title", date_field="date",
        fields=(
            ID,
            Field("held_by", REF, "The body that met.", required=True, targets=("body",)),
            Field("date", DATE, "The day of the meeting.", required=True),
            Field("title", TEXT, "The meeting's name, e.g. 'Police and Crime Panel, 15 November 2021'.", required=True),
            Field("url", URL, "The meeting's page on the body's own website.", label="Meeting page"),
            SUMMARY, BODY, EXTRA,
        ),
    ),
    ContentType(
        name="report", plural="reports", label="Paper", label_plural="Papers",
        doc="A paper to a meeting: a report on an agenda item.",
        intro="The papers that went to these meetings, item by item.",
        url="/reports/{id}/", list_url="/reports/", within="meeting", order_field="item", date_from="meeting",
        fields=(
            ID,
            Field("meeting", REF, "The meeting it went to.", required=True, targets=("meeting",)),
            Field("item", TEXT, "Its agenda item number, e.g. '7' or '10.0'.", label="Agenda item"),
            Field("title", TEXT, "The paper's title.", required=True),
            Field("author", REF, "Whose report it is.", targets=("body", "person")),
            Field("contact", REF, "The contact officer named on it.", targets=("person",), label="Contact officer"),
            Field("purpose", MARKDOWN, "What the paper is for."),
            Field("recommendations", TEXT, "What the meeting is asked to do, one per entry.", many=True),
            Field("concerns", REF, "The plans and variations it is about.", many=True, targets=("plan", "variation"),
                  label="About"),
            Field("themes", REF, "The themes of a plan it reports on, where it is about some rather than the whole "
                  "plan (the theme pages list it).", many=True, targets=("theme",), label="Themes"),
            Field("step", CHOICE, "The statutory step the paper records.", choices=tuple(STEPS), label="Statutory step"),
            Field("background", REF, "Background documents and earlier papers it names.", many=True,
                  targets=("report", "document", "decision"), label="Background papers"),
            Field("url", URL, "Where the paper is published.", label="Published at"),
            SUMMARY, BODY, EXTRA,
        ),
    ),
    ContentType(
        name="consultation", plural="consultations", label="Consultation", label_plural="Consultations",
        doc="A public consultation on a plan or a variation.",
        intro="Public consultations on a plan or a variation, and their outcomes where they were published.",
        url="/consultations/{id}/", list_url="/consultations/", date_field="opens",
        fields=(
            ID,
            Field("title", TEXT, "The consultation's name.", required=True),
            Field("plan", REF, "The plan it informs.", targets=("plan",)),
            Field("opens", DATE, "The first day responses were taken.", required=True),
            Field("closes", DATE, "The last day responses were taken.", required=True, not_before="opens"),
            Field("audience", TEXT, "Who was asked."),
            Field("topics", TEXT, "What respondents were asked about, one per entry.", many=True),
            Field("outcome", MARKDOWN, "What the consultation found, once published."),
            Field("outcome_published", DATE, "When the outcome was published."),
            SUMMARY, BODY, EXTRA,
        ),
    ),
    ContentType(
        name="person", plural="people", label="Person", label_plural="People",
        doc="A named office holder.",
        intro="The people the record names, and the offices they held.",
        url="/people/{id}/", list_url="/people/", title_field="name",
        fields=(
            ID,
            Field("name", TEXT, "The person's name as the papers give it.", required=True),
            Field("honorific", TEXT, "A title the papers give, e.g. 'Dr' or 'Sir'."),
            Field("roles", RECORD, "Offices the person has held.", many=True, fields=ROLE_RECORD),
            SUMMARY, BODY, EXTRA,
        ),
    ),
    ContentType(
        name="body", plural="bodies", label="Body", label_plural="Bodies",
        doc="An organisation or committee, such as a Police and Crime Panel or a police force.",
        intro="The organisations and committees the record names.",
        url="/bodies/{id}/", list_url="/bodies/", title_field="name",
        fields=(
            ID,
            Field("name", TEXT, "The body's name.", required=True),
            Field("kind", CHOICE, "What sort of body it is.", required=True,
                  choices=("panel", "board", "constabulary", "office", "other")),
            Field("url", URL, "The body's own website.", label="Website"),
            SUMMARY, BODY, EXTRA,
        ),
    ),
    ContentType(
        name="document", plural="documents", label="Document", label_plural="Documents",
        doc="An external background paper or publication.",
        intro="Background papers and publications the record refers to.",
        url="/documents/{id}/", list_url="/documents/", date_field="date",
        fields=(
            ID,
            Field("title", TEXT, "The document's title.", required=True),
            Field("url", URL, "Where it is published, where the sources say.", label="Published at"),
            Field("publisher", TEXT, "Who published it."),
            Field("date", DATE, "When it was published."),
            SUMMARY, BODY, EXTRA,
        ),
    ),
    ContentType(
        name="page", plural="pages", label="Page", label_plural="Pages",
        doc="A free page, such as 'About this portal'.",
        url="/{id}/", list_url=None,
        fields=(
            ID,
            Field("title", TEXT, "The page's title.", required=True),
            SUMMARY, BODY, EXTRA,
        ),
    ),
    ContentType(
        name="statement", plural="statements", label="Accessibility statement",
        label_plural="Accessibility statements",
        doc="The portal's accessibility statement, in the model form of the Public Sector Bodies (Websites and "
            "Mobile Applications) (No. 2) Accessibility Regulations 2018; every page's footer links to it. The "
            "legally required wording (compliance status, enforcement procedure) comes from the template.",
        url="/{id}/", list_url=None,
        fields=(
            ID,
            Field("title", TEXT, "The statement's title, e.g. 'Accessibility statement for ...'.", required=True),
            Field("applies_to", TEXT, "What the statement covers: 'This accessibility statement applies to ...'.",
                  required=True, label="Applies to"),
            Field("run_by", REF, "The organisation that runs the website, once it is confirmed.", targets=("body",),
                  label="Run by"),
            Field("able_to", TEXT, "What residents should be able to do, one per entry; only what has been tested.",
                  many=True, label="You should be able to"),
            Field("compliance", CHOICE, "How far the portal meets WCAG 2.2 AA: the model statement's three "
                  "wordings.", required=True, choices=("fully", "partially", "not")),
            Field("issues", RECORD, "Known issues: each part of the portal that is not accessible, and why.",
                  many=True, fields=ISSUE_RECORD, label="Known issues"),
            Field("feedback", MARKDOWN, "How to ask for information in an accessible format.", required=True),
            Field("contacts", RECORD, "Contact details for accessible formats and problems, with where they "
                  "come from; never invented.", many=True, fields=CONTACT_RECORD),
            Field("reporting", MARKDOWN, "How to report an accessibility problem with the portal."),
            Field("checks", RECORD, "How the portal was tested, one method per entry.", many=True,
                  fields=CHECK_RECORD, label="How it was tested"),
            Field("improving", MARKDOWN, "What is being done to improve accessibility, and what has not been "
                  "tested yet.", label="Improving accessibility"),
            Field("prepared", DATE, "When the statement was prepared.", required=True),
            Field("reviewed", DATE, "When the statement was last reviewed.", not_before="prepared"),
            Field("tested", DATE, "When the portal was last tested.", required=True),
            SUMMARY, BODY, EXTRA,
        ),
    ),
)

TYPES_BY_NAME: dict[str, ContentType] = {t.name: t for t in TYPES}
TYPES_BY_FOLDER: dict[str, ContentType] = {t.folder: t for t in TYPES}
_FIELD_INDEX: dict[str, dict[str, Field]] = {t.name: {f.name: f for f in t.fields} for t in TYPES}


def type_named(name: str) -> ContentType:
    """Return the content type of this name."""
    return TYPES_BY_NAME[name]
