"""The command line: build, check, serve, new and schema; exit status 1 with every problem listed, never a
traceback (a mistake in the command itself also exits with 1)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlsplit

from .build import build, check, page_count
from .config import Paths
from .errors import BuildFailed, display_path
from .fields import is_web_address
from .write import EnvironmentProblem

SCHEMA_FOLDER = "docs/schemas"


def main(argv: list[str] | None = None) -> int:
    """Run one command; return the exit status."""
    args = _parser().parse_args(argv)
    paths = _paths(args)
    try:
        return args.run(paths, args.today, args)
    except BuildFailed as failure:
        for error in failure.errors:
            print(error, file=sys.stderr)
        count = len(failure.errors)
        print(f"{count} problem{'s' if count != 1 else ''} found; nothing was written "
              f"({paths.output.name}/ is as it was).", file=sys.stderr)
        return 1
    except EnvironmentProblem as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("stopped.", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug of ours: say so in one line; --debug shows the traceback
        if args.debug:
            raise
        print(f"error: the generator failed unexpectedly ({type(exc).__name__}: {exc}). This is a bug in "
              "the generator, not in your content: please report it. Run with --debug to see details.",
              file=sys.stderr)
        return 1


class _Parser(argparse.ArgumentParser):
    """argparse's parser, but a mistake on the command line exits with status 1, as all bad input does."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(1, f"{self.prog}: error: {message}\n")


def _program_name() -> str:
    """Name the program as it was started: `plan-portal`, or `python -m generator`."""
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    return "python -m generator" if name in ("", "-c", "__main__.py") else name


def _add_common_options(parser: argparse.ArgumentParser, after_command: bool) -> None:
    """The options every command takes, before the command or after it (given after, they win)."""
    def default(value: object) -> object:
        return argparse.SUPPRESS if after_command else value  # after the command: only if given

    parser.add_argument("--root", type=Path, default=default(Path.cwd()), help="the project folder (default: here)")
    parser.add_argument("--content", type=Path, default=default(None),
                        help="the content folder (default: ROOT/content)")
    parser.add_argument("--layouts", type=Path, default=default(None),
                        help="the layouts folder (default: ROOT/layouts)")
    parser.add_argument("--output", type=Path, default=default(None),
                        help="where to write the site (default: ROOT/site)")
    parser.add_argument("--debug", action="store_true", default=default(False),
                        help="show a traceback if the generator fails")
    parser.add_argument("--today", type=_date, default=default(None),
                        help="work as if today were YYYY-MM-DD: what is open, due or met, and the dates `new` writes")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=_program_name(), description="Build the plan transparency portal from content/.")
    _add_common_options(parser, after_command=False)
    common = _Parser(add_help=False)
    _add_common_options(common, after_command=True)
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND", parser_class=_Parser)
    build_command = commands.add_parser("build", parents=[common], help="check the content and build the site")
    build_command.add_argument("--base-url", help="publish at this address instead of site.yaml's base_url "
                               "(for a deploy preview)")
    build_command.add_argument("--preview", action="store_true", help="a preview copy: ask search engines not "
                               "to index it")
    build_command.add_argument("--no-search", action="store_true", help="skip the search index (a quicker build "
                               "to look at; never for publishing)")
    build_command.add_argument("--jobs", type=int, help="processes to read and render with (default: one per core)")
    build_command.set_defaults(run=_run_build)
    commands.add_parser("check", parents=[common], help="check the content; write nothing"
                        ).set_defaults(run=_run_check)
    serve_command = commands.add_parser("serve", parents=[common],
                                        help="build, serve a live preview, rebuild on every edit")
    serve_command.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, "
                               "this computer only)")
    serve_command.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    serve_command.set_defaults(run=_run_serve)
    new_command = commands.add_parser("new", parents=[common], help="start a new record with its required fields")
    new_command.add_argument("kind", help="decision, meeting, report (a paper), variation, consultation, plan, ...")
    new_command.add_argument("id", nargs="?", help="the new record's id (default: from its reference, or its "
                             "kind and today's date)")
    new_command.set_defaults(run=_run_new)
    schema_command = commands.add_parser("schema", parents=[common],
                                         help="write the JSON Schema of every content type into docs/schemas/")
    schema_command.set_defaults(run=_run_schema)
    return parser


def _base_url(text: str) -> str:
    """Check a base URL given on the command line (Netlify passes its own)."""
    if not is_web_address(text):
        raise EnvironmentProblem(f"--base-url '{text}' is not a web address: give it in full, starting https://")
    if any(urlsplit(text.rstrip("/"))[2:]):  # a path, a query or a fragment
        raise EnvironmentProblem(f"--base-url '{text}' has a path: give the site's own address only (the pages "
                                 "link to each other from its root)")
    return text.rstrip("/")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2021-11-15") from None


def _paths(args: argparse.Namespace) -> Paths:
    root = args.root.resolve()
    return Paths(root=root, content=(args.content or root / "content").resolve(),
                 layouts=(args.layouts or root / "layouts").resolve(),
                 output=(args.output or root / "site").resolve())


def _run_build(paths: Paths, today: dt.date | None, args: argparse.Namespace) -> int:
    overrides: dict[str, object] = {"noindex": True} if args.preview else {}
    if args.base_url:
        overrides["base_url"] = _base_url(args.base_url)
    report = build(paths, today, overrides, search=not args.no_search, jobs=args.jobs)
    if report.up_to_date:
        print(f"Nothing has changed since the last build: {report.output.name}/ is up to date "
              f"({report.pages} pages, checked in {report.seconds:.2f} s).")
        return 0
    print(f"Built {report.pages} pages into {report.output.name}/ in {report.seconds:.2f} s "
          f"({report.files} files with the feeds, open data and assets).")
    return 0


def _run_serve(paths: Paths, today: dt.date | None, args: argparse.Namespace) -> int:
    from .serve import serve  # imported here: only `serve` needs the web server
    serve(paths, args.host, args.port, today)
    return 0


def _run_new(paths: Paths, today: dt.date | None, args: argparse.Namespace) -> int:
    from .new import new_record
    path = new_record(paths.content, args.kind, args.id, today or dt.date.today())
    print(display_path(path, paths.root))
    return 0


def _run_schema(paths: Paths, today: dt.date | None, args: argparse.Namespace) -> int:
    from .jsonschema import write_schemas
    written = write_schemas(paths.root / SCHEMA_FOLDER)
    print(f"Wrote {len(written)} schemas into {SCHEMA_FOLDER}/.")
    return 0


def _run_check(paths: Paths, today: dt.date | None, args: argparse.Namespace) -> int:
    site, routes = check(paths, today)
    print(f"Checked {len(site.items)} items on {page_count(r.output_path for r in routes)} pages: "
          "no problems found.")
    return 0
