"""YAML read with line numbers kept, duplicate keys refused, and dates left as text for us to check."""

from __future__ import annotations

import yaml

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MAX_NODES = 200_000  # aliases can make a small file expand without bound ("billion laughs")


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader, less its timestamp rule: dates stay text so bad ones get our own message."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


class YamlMap(dict):
    """A mapping that remembers the line of each key."""

    line: int = 1
    lines: dict


class YamlList(list):
    """A sequence that remembers the line of each entry."""

    line: int = 1
    lines: list


class YamlInt(int):
    """An integer that remembers how it was written (so '007' or 2013 can be read as text)."""

    raw: str = ""


class YamlFloat(float):
    """A number with a point that remembers how it was written (so an agenda item '7.10' survives)."""

    raw: str = ""


class YamlError(Exception):
    """The text is not YAML we can read; `line` is 1-based within the text."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def parse_yaml(text: str, first_line: int = 1) -> object:
    """Parse one YAML document; return YamlMap/YamlList/scalars; raise YamlError naming the line."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        index, message = _locate_yaml_problem(exc, text, first_line)
        raise YamlError(index + first_line, message) from None
    except yaml.YAMLError as exc:
        raise YamlError(first_line, f"could not read the YAML: {exc}") from None
    if node is None:
        return None
    return _Builder(first_line).build(node)


_READ = "could not read the YAML: "
_CLOSE_QUOTE = {'"': 'add the closing " at the end of the value',
                "'": "add the closing ' at the end of the value, and write an apostrophe inside it as ''"}
_OPEN_BRACKETS = {"[": "end the list with ']'", "{": "end the fields with '}'"}
_MISPLACED = ("did not find expected key", "did not find expected '-' indicator")


def _locate_yaml_problem(exc: yaml.MarkedYAMLError, text: str, first_line: int) -> tuple[int, str]:
    """Return the 0-based line a person must look at, and what to tell them.

    PyYAML's problem mark is where it gave up, often the end of the text; where the trouble began
    (an opening quote or bracket) is what staff need.
    """
    problem = (exc.problem or exc.context or "not valid YAML").strip()
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return 0, _READ + problem
    lines = text.splitlines()
    line = lines[mark.line] if mark.line < len(lines) else ""
    if "\t" in line[: len(line) - len(line.lstrip())] or "'\\t'" in problem:
        return mark.line, "a tab character is used for indentation: YAML needs spaces"
    context = exc.context or ""
    if "quoted scalar" in context and "end of stream" in problem and exc.context_mark:
        return exc.context_mark.line, _describe_unclosed_quote(_get_char(lines, exc.context_mark))
    tokens = _get_tokens_before(text, mark)
    found = _find_runaway_quote(tokens, first_line)
    if found is None and "flow" in context:
        found = _find_unclosed_bracket(tokens, lines, mark)
    if found is None and problem in _MISPLACED:
        found = _find_misplaced_line(tokens, lines, mark)
    if found is None and "mapping values are not allowed" in problem:
        return mark.line, _describe_colon_problem(lines, mark, problem)
    return found or (mark.line, _READ + problem)


def _describe_unclosed_quote(quote: str) -> str:
    """Say that a quoted value is never closed, and how to close it."""
    quote = quote if quote in _CLOSE_QUOTE else '"'
    return f"{_READ}a quotation mark ({quote}) opened here is never closed; {_CLOSE_QUOTE[quote]}"


def _find_runaway_quote(tokens: list[yaml.Token], first_line: int) -> tuple[int, str] | None:
    """Find a quoted value that ran on over several lines to where PyYAML gave up.

    An unclosed quote is closed by the next quotation mark in the file, often lines later, and the
    parser fails just after it: the line to mend is the one where the value began.
    """
    last = tokens[-1] if tokens else None
    if not isinstance(last, yaml.ScalarToken) or last.style not in _CLOSE_QUOTE:
        return None
    if last.end_mark.line == last.start_mark.line:
        return None
    return last.start_mark.line, (f"{_READ}a quotation mark ({last.style}) opened here is not closed on this "
                                  f"line, so the value runs on to line {last.end_mark.line + first_line}; "
                                  f"{_CLOSE_QUOTE[last.style]}")


def _find_unclosed_bracket(tokens: list[yaml.Token], lines: list[str],
                           mark: yaml.Mark) -> tuple[int, str] | None:
    """Find the '[' or '{' still open where PyYAML gave up, if the text ends or moves on without it."""
    bracket = _get_open_bracket(tokens)
    if bracket is None or _get_char(lines, bracket) not in _OPEN_BRACKETS:
        return None
    moved_on = mark.line > bracket.line and _get_indent(lines, mark.line) <= _get_indent(lines, bracket.line)
    if not (_is_at_end(lines, mark) or moved_on):
        return None  # a mistake inside a list or fields that are closed later: PyYAML's mark is right
    char = _get_char(lines, bracket)
    return bracket.line, f"{_READ}a '{char}' opened here is never closed; {_OPEN_BRACKETS[char]}"


def _get_open_bracket(tokens: list[yaml.Token]) -> yaml.Mark | None:
    """Return where the innermost '[' or '{' left open by these tokens starts."""
    opened: list[yaml.Mark] = []
    for token in tokens:
        if isinstance(token, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)):
            opened.append(token.start_mark)
        elif isinstance(token, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)) and opened:
            opened.pop()
    return opened[-1] if opened else None


def _find_misplaced_line(tokens: list[yaml.Token], lines: list[str],
                         mark: yaml.Mark) -> tuple[int, str] | None:
    """Explain a line out of line with the ones above, or a value that goes on after its closing quote."""
    if mark.line < len(lines) and mark.column == _get_indent(lines, mark.line):
        return mark.line, (f"{_READ}this line is not lined up with the lines above it; indent the "
                           "fields at one level by the same number of spaces")
    last = tokens[-1] if tokens else None
    if isinstance(last, yaml.ScalarToken) and last.style in _CLOSE_QUOTE and last.end_mark.line == mark.line:
        inside = ("write an apostrophe inside single quotes as ''" if last.style == "'"
                  else "write a quotation mark inside double quotes as \\\"")
        return mark.line, (f"{_READ}the value goes on after its closing quotation mark ({last.style}); "
                           f"put the whole value in quotes, and {inside}")
    return None


def _describe_colon_problem(lines: list[str], mark: yaml.Mark, problem: str) -> str:
    """Tell a value containing ': ' from a field indented under a field that already has a value."""
    line = lines[mark.line] if mark.line < len(lines) else ""
    before = line[: mark.column]
    above = next((i for i in range(mark.line - 1, -1, -1) if lines[i].strip()), None)
    if (before.strip() and ":" not in before and above is not None
            and _get_indent(lines, above) < _get_indent(lines, mark.line)):
        return (f"{_READ}this line is indented more than the one above, which already has a value; line "
                "the fields up, or if this line continues that value, put the whole value in quotes")
    return f"{_READ}{problem} (a value containing ': ' must be put in quotes)"


def _get_tokens_before(text: str, mark: yaml.Mark) -> list[yaml.Token]:
    """Return the YAML tokens that start before a mark (as far as the text can be scanned)."""
    tokens = []
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if (token.start_mark.line, token.start_mark.column) >= (mark.line, mark.column):
                break
            tokens.append(token)
    except yaml.YAMLError:
        pass  # the scanner's own error is the one being explained; the tokens before it are enough
    return tokens


def _get_indent(lines: list[str], index: int) -> int:
    """Return how many spaces start a line (0 past the end)."""
    line = lines[index] if index < len(lines) else ""
    return len(line) - len(line.lstrip(" "))


def _get_char(lines: list[str], mark: yaml.Mark) -> str:
    """Return the character at a mark, or '' past the end."""
    line = lines[mark.line] if mark.line < len(lines) else ""
    return line[mark.column: mark.column + 1]


def _is_at_end(lines: list[str], mark: yaml.Mark) -> bool:
    """Say whether only blank lines and comments follow a mark."""
    rest = [lines[mark.line][mark.column:]] if mark.line < len(lines) else []
    rest += lines[mark.line + 1:]
    return all(not line.strip() or line.lstrip().startswith("#") for line in rest)


class _Builder:
    """Turn composed nodes into values, keeping lines; a fresh one per document."""

    def __init__(self, first_line: int):
        self.first_line = first_line
        self.count = 0
        self.constructor = yaml.constructor.SafeConstructor()

    def line_of(self, node: yaml.Node) -> int:
        """Return the 1-based line of a node within the file."""
        return node.start_mark.line + self.first_line

    def build(self, node: yaml.Node) -> object:
        """Build the value of any node."""
        self.count += 1
        if self.count > _MAX_NODES:
            raise YamlError(self.line_of(node), f"the YAML expands to more than {_MAX_NODES} values "
                            "(too many aliases); write the values out")
        if isinstance(node, yaml.MappingNode):
            return self._build_map(node)
        if isinstance(node, yaml.SequenceNode):
            return self._build_list(node)
        return self._build_scalar(node)

    def _build_map(self, node: yaml.MappingNode) -> YamlMap:
        result = YamlMap()
        result.line, result.lines = self.line_of(node), {}
        for key_node, value_node in node.value:
            key = self.build(key_node)
            if not isinstance(key, str):
                raise YamlError(self.line_of(key_node), f"a field name must be text, not {key!r}")
            if key in result:
                raise YamlError(self.line_of(key_node), f"'{key}' is given twice "
                                f"(first on line {result.lines[key]}); keep one")
            result[key] = self.build(value_node)
            result.lines[key] = self.line_of(key_node)
        return result

    def _build_list(self, node: yaml.SequenceNode) -> YamlList:
        result = YamlList(self.build(child) for child in node.value)
        result.line, result.lines = self.line_of(node), [self.line_of(child) for child in node.value]
        return result

    def _build_scalar(self, node: yaml.ScalarNode) -> object:
        if node.tag == "tag:yaml.org,2002:merge":
            raise YamlError(self.line_of(node), "'<<' (a YAML merge key) is not used in these files: write each "
                            "field out")
        try:
            value = self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, TypeError) as exc:
            if not node.tag.startswith("tag:yaml.org,2002:") or "python/" in node.tag:
                raise YamlError(self.line_of(node), f"'{node.tag}' (a YAML tag) is not used in these files: write "
                                "the value as plain text, in quotes if it starts with '!'") from None
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            raise YamlError(self.line_of(node), f"could not read the value '{node.value}': {problem}") from None
        if isinstance(value, bool) or value is None:
            return value
        if isinstance(value, int):
            value = YamlInt(value)
            value.raw = node.value
        elif isinstance(value, float):
            value = YamlFloat(value)
            value.raw = node.value
        elif not isinstance(value, str):
            raise YamlError(self.line_of(node), f"'{node.value}' is not a value the portal can use; "
                            "put it in quotes to keep it as text")
        return value
