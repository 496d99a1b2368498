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
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + first_line) if mark else first_line
        raise YamlError(line, _describe_yaml_problem(exc, text, mark.line if mark else 0)) from None
    except yaml.YAMLError as exc:
        raise YamlError(first_line, f"could not read the YAML: {exc}") from None
    if node is None:
        return None
    return _Builder(first_line).build(node)


def _describe_yaml_problem(exc: yaml.MarkedYAMLError, text: str, index: int) -> str:
    """Turn PyYAML's wording into a sentence with a hint where we know the usual cause."""
    problem = (exc.problem or exc.context or "not valid YAML").strip()
    lines = text.splitlines()
    line = lines[index] if index < len(lines) else ""
    if "\t" in line[: len(line) - len(line.lstrip())] or "'\\t'" in problem:
        return "a tab character is used for indentation: YAML needs spaces"
    if "mapping values are not allowed" in problem:
        return f"could not read the YAML: {problem} (a value containing ': ' must be put in quotes)"
    return f"could not read the YAML: {problem}"


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
        try:
            value = self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, TypeError) as exc:
            raise YamlError(self.line_of(node), f"could not read the value '{node.value}': {exc}") from None
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
