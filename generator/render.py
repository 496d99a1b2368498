"""Render routes with Jinja2 over layouts/; a template error names the template, its line and the page."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

import jinja2

from .cache import generator_version
from .dates import PartialDate
from .errors import Errors, display_path
from .markup import Markup, PageHeadings, TooDeep
from .publish import absolute_url, get_json_ld
from .routes import Route, page_updated
from .schema import STEPS, TYPES_BY_NAME
from .site import Site, filled_fields


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory, so a preview's next environment does not compile them again.

    Jinja checks each template's source against what was compiled, so an edited template is compiled afresh.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


def make_environment(layouts_dir: Path, site: Site, markup: Markup, assets: dict[str, str],
                     compiled: CompiledTemplates | None = None) -> jinja2.Environment:
    """Return the one Jinja environment of a build: strict, autoescaped, with the site's helpers."""
    env = jinja2.Environment(
        bytecode_cache=compiled or CompiledTemplates(),
        loader=jinja2.FileSystemLoader(layouts_dir),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        auto_reload=False,  # compiled once per build: no look at the template files for every page
        trim_blocks=True,
        lstrip_blocks=True,
    )
    headings = PageHeadings()  # render_route starts it afresh for each page
    env.filters["markdown"] = lambda text: jinja2.utils.markupsafe.Markup(headings.own_ids(markup.render(text)))
    env.globals["page_headings"] = headings
    env.filters["human_date"] = _human_date
    env.globals.update(steps=STEPS, types=TYPES_BY_NAME, generator_version=generator_version(),
                       filled_fields=filled_fields, asset=lambda name: _asset_url(assets, name))
    bind_site(env, site)
    return env


def bind_site(env: jinja2.Environment, site: Site) -> None:
    """Give the templates this Site (a preview keeps its compiled templates while the content changes)."""
    env.globals.update(site=site, settings=site.settings, today=site.today,
                       absolute_url=lambda url: absolute_url(site.settings, url),
                       json_ld=lambda route, description: jinja2.utils.markupsafe.Markup(
                           get_json_ld(site, route.url, route.item, description)),
                       page_updated=lambda route: page_updated(site, route))


def check_templates(env: jinja2.Environment, errors: Errors) -> None:
    """Compile every template, so a mistake in one no page uses yet is still reported."""
    for name in env.list_templates(filter_func=lambda n: n.endswith(".html")):
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            errors.add(_template_path(env, exc.name or name), exc.lineno or 1, f"template error: {exc.message}")


def _asset_url(assets: dict[str, str], name: str) -> str:
    """Return an asset's fingerprinted URL; a name that is not in layouts/assets/ is a template error."""
    if name not in assets:
        raise LookupError(f"there is no asset '{name}' in layouts/assets/")
    return assets[name]


def _human_date(value: PartialDate | None) -> str:
    return value.human if value else ""


def render_route(env: jinja2.Environment, route: Route, errors: Errors) -> bytes | None:
    """Render one page; on a template error, report it and return None."""
    if route.body is not None:
        return route.body()
    try:
        template = env.get_template(route.template)
        env.globals["page_headings"].start_page()
        html = template.render(route=route, item=route.item, **route.context)
    except jinja2.TemplateSyntaxError as exc:
        errors.add(_template_path(env, exc.name or route.template), exc.lineno or 1,
                   f"template error: {exc.message}")
        return None
    except jinja2.TemplateNotFound as exc:
        errors.add(_template_path(env, route.template), 1, f"template '{exc.name}' is missing "
                   f"(needed for {route.url})")
        return None
    except TooDeep:  # the content's fault, not the template's (fields.py refuses the usual cases before this)
        where = (route.item.path, route.item.line) if route.item else (_template_path(env, route.template), 1)
        errors.add(*where, f"a text on {route.url} nests too deeply for a page to show (emphasis or lists inside "
                   "each other hundreds of times): simplify it")
        return None
    except Exception as exc:  # any error raised inside a template is a template error
        (name, line), caller = _template_frames(env, route.template)
        called = f" (called from {display_path(caller[0], errors.root)}:{caller[1]})" if caller else ""
        errors.add(name, line, f"template error while rendering {route.url}{called}: {_describe(exc)}")
        return None
    return html.encode("utf-8")


def _describe(exc: Exception) -> str:
    if isinstance(exc, jinja2.UndefinedError):
        return f"{exc.message} (a name or field that does not exist)"
    return f"{type(exc).__name__}: {exc}"


def _template_path(env: jinja2.Environment, name: str) -> Path:
    return Path(env.loader.searchpath[0], name)  # type: ignore[union-attr]


_MACRO_FRAME = "template"  # how Jinja names a macro's frame in the tracebacks it rewrites (jinja2/debug.py)


def _template_frames(env: jinja2.Environment, fallback: str
                     ) -> tuple[tuple[Path, int], tuple[Path, int] | None]:
    """Return the template file and line where the exception being handled was raised, and, where
    that is inside a macro of another file, the line that called the macro (else None)."""
    layouts = Path(env.loader.searchpath[0]).resolve()  # type: ignore[union-attr]
    frames = [(Path(f.filename), f.lineno or 1, f.name) for f in traceback.extract_tb(sys.exc_info()[2])
              if f.filename.endswith((".html", ".xml", ".txt")) and layouts in Path(f.filename).resolve().parents]
    if not frames:
        return (_template_path(env, fallback), 1), None
    path, line, where = frames[-1]
    if where != _MACRO_FRAME:
        return (path, line), None
    return (path, line), next(((p, n) for p, n, _ in reversed(frames) if p != path), None)
