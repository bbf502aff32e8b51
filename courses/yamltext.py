"""YAML read with the line of each node, for messages that name the line the author wrote.

libyaml's safe loader, ten times faster than the pure Python one, reads when PyYAML was built
with it; a text it refuses is read again by the pure Python loader, whose error names the line
the author wrote (libyaml names the line where it noticed).
"""

from typing import Any

import yaml

FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str) -> Any:
    """The text's data."""
    return parse(text)[1]


def parse(text: str) -> tuple[yaml.Node | None, Any]:
    """The text's node tree (for line numbers) and its data."""
    try:
        return yaml.compose(text, Loader=FAST), yaml.load(text, Loader=FAST)
    except yaml.YAMLError:
        return yaml.compose(text, Loader=yaml.SafeLoader), yaml.safe_load(text)


def key_nodes(node: yaml.Node | None) -> list[tuple[yaml.Node, yaml.Node]]:
    """The (key, value) nodes of a mapping node, in the written order; none for another."""
    return list(node.value) if isinstance(node, yaml.MappingNode) else []


def line(node: yaml.Node) -> int:
    """The line where a node starts, counted from 1."""
    return node.start_mark.line + 1
