"""Safe YAML loading that remembers the line of every key, for messages like
``rubric.yaml, key dimensions[2].indicators[0].weight, line 41``.

Only plain YAML data is accepted: mappings, sequences, strings, numbers, booleans, null and
dates. Any other tag (``!!python/object`` and friends) is refused, not constructed. Aliases are
allowed but the expanded document is capped (``max_nodes``), so an alias bomb ("billion laughs")
is refused quickly instead of eating memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scorecard.issues import InputError, Issue

if TYPE_CHECKING:
    import yaml

_STD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:timestamp",
}
MAX_NODES = 200_000
MAX_BYTES = 5_000_000


@dataclass(frozen=True)
class LoadedYaml:
    """Parsed YAML data with the 1-based line of every key path."""

    data: Any
    lines: dict[str, int]  # key path -> 1-based line


class _TooBig(Exception):
    pass


def key_path(parent: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else str(key)


def load_yaml(text: str, file: str, max_nodes: int = MAX_NODES) -> LoadedYaml:
    """Parse ``text``; raise :class:`InputError` naming ``file``, line and column on any problem."""
    if len(text) > MAX_BYTES:
        raise InputError(Issue("yaml-too-large", file=file, params={"limit": MAX_BYTES}))
    import yaml  # here, not at module level: a shipped rubric read from the cache needs no PyYAML

    # libyaml's C parser when available (same nodes and marks, much faster), else pure Python
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        try:
            root = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            raise InputError(
                Issue(
                    "yaml-syntax",
                    file=file,
                    line=(mark.line + 1) if mark else None,
                    params={"problem": exc.problem or str(exc), "col": (mark.column + 1) if mark else "?"},
                )
            ) from None
        except yaml.YAMLError as exc:
            raise InputError(Issue("yaml-syntax", file=file, params={"problem": str(exc), "col": "?"})) from None
        if root is None:
            return LoadedYaml(None, {})
        lines: dict[str, int] = {}
        counter = [0]

        def walk(node: yaml.Node, path: str) -> Any:
            counter[0] += 1
            if counter[0] > max_nodes:
                raise _TooBig()
            if node.tag not in _STD_TAGS:
                raise InputError(
                    Issue("yaml-tag-refused", file=file, key=path or None, line=node.start_mark.line + 1,
                          params={"tag": node.tag})
                )
            lines.setdefault(path, node.start_mark.line + 1)
            if isinstance(node, yaml.MappingNode):
                # merge keys (<<: *anchor) are valid YAML: merged keys may be overridden by keys
                # written in the mapping itself; two keys written in the mapping are refused
                written = {id(k) for k, _ in node.value if k.tag != "tag:yaml.org,2002:merge"}
                loader.flatten_mapping(node)
                out: dict[Any, Any] = {}
                explicit: set[Any] = set()
                for key_node, value_node in node.value:
                    if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _STD_TAGS:
                        raise InputError(
                            Issue("yaml-tag-refused", file=file, key=path or None,
                                  line=key_node.start_mark.line + 1, params={"tag": key_node.tag})
                        )
                    key = loader.construct_object(key_node)
                    child = key_path(path, str(key))
                    lines[child] = key_node.start_mark.line + 1
                    if id(key_node) in written:
                        if key in explicit:
                            raise InputError(
                                Issue("yaml-duplicate-key", file=file, key=child, line=key_node.start_mark.line + 1)
                            )
                        explicit.add(key)
                    # (a merged key seen twice, <<: [*a, *b]: flatten_mapping put *a's last, so it wins as in YAML)
                    out[key] = walk(value_node, child)
                return out
            if isinstance(node, yaml.SequenceNode):
                return [walk(item, key_path(path, i)) for i, item in enumerate(node.value)]
            return loader.construct_object(node)

        try:
            data = walk(root, "")
        except _TooBig:
            raise InputError(Issue("yaml-too-complex", file=file, params={"limit": max_nodes})) from None
        except RecursionError:
            raise InputError(Issue("yaml-too-complex", file=file, params={"limit": max_nodes})) from None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise InputError(
                Issue("yaml-syntax", file=file, line=(mark.line + 1) if mark else None,
                      params={"problem": getattr(exc, "problem", None) or str(exc),
                              "col": (mark.column + 1) if mark else "?"})
            ) from None
        return LoadedYaml(data, lines)
    finally:
        loader.dispose()
