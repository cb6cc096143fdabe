"""Read a rubric YAML file (or a shipped rubric by id) into a checked :class:`Rubric`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scorecard import resources
from scorecard.issues import InputError, Issue, file_unreadable
from scorecard.io.yamlload import LoadedYaml, load_yaml
from scorecard.rubric import Rubric, build_rubric


def shipped_rubrics() -> dict[str, Path]:
    """Shipped rubric files by id (file stem)."""
    return {p.stem: p for p in sorted(resources.rubrics_dir().glob("*.yaml"))}


def resolve_rubric_path(ref: str | Path | None) -> Path:
    """``None`` -> the default rubric; a shipped id (``smart_city``) -> its file; else a path."""
    if ref is None:
        return resources.default_rubric()
    path = Path(ref)
    if path.suffix.lower() not in (".yaml", ".yml") and str(ref) in shipped_rubrics():
        return shipped_rubrics()[str(ref)]
    return path


def read_rubric_yaml(path: Path):
    """The parsed YAML of a rubric file (any kind), with key-path line numbers."""
    name = str(path)
    from scorecard import limits
    from scorecard.io.yamlload import MAX_BYTES

    try:
        capped = limits.read_capped(path, MAX_BYTES, name)  # a regular file, read no further than the cap
        if capped is None:
            raise InputError(Issue("yaml-too-large", file=name, params={"limit": MAX_BYTES}))
        raw = capped
    except FileNotFoundError:
        raise InputError(Issue("file-not-found", file=name, params={"known": ", ".join(shipped_rubrics())})) from None
    except IsADirectoryError:
        raise InputError(Issue("file-is-directory", file=name)) from None
    except OSError as exc:
        raise file_unreadable(exc, name) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(Issue("not-utf8", file=name, params={"offset": exc.start})) from None
    if _shipped(path):  # parsed once, then read from the user's cache folder (scorecard.cache)
        from scorecard import cache
        from scorecard.io import yamlload

        data, lines = cache.parsed(f"rubric-{path.stem}", raw, lambda: _plain(load_yaml(text, name)),
                                   code_files=(Path(yamlload.__file__),), valid=_is_plain)
        return LoadedYaml(data, lines)
    return load_yaml(text, name)


def _plain(loaded: LoadedYaml) -> tuple[Any, dict[str, int]]:
    return loaded.data, loaded.lines


def _is_plain(value: Any) -> bool:
    """Whether ``value`` (read back from the cache) has the shape :func:`_plain` gives for a shipped
    rubric: (a mapping, its key paths' line numbers); anything else is parsed again."""
    if type(value) is not tuple or len(value) != 2:
        return False
    data, lines = value
    return (type(data) is dict and bool(data) and all(type(k) is str for k in data) and type(lines) is dict
            and all(type(k) is str and type(v) is int for k, v in lines.items()))


def _shipped(path: Path) -> bool:
    """A rubric file that ships with scorecard (never a user's own file: its contents are not copied)."""
    try:
        return path.resolve().parent == resources.rubrics_dir().resolve()
    except OSError:
        return False


def rubric_kind(path: Path) -> str:
    """``benchmark`` for a benchmark rubric; ``evaluation`` for an evaluation instrument
    (``kind: evaluation``, read by :mod:`scorecard.io.rehearsal_file`)."""
    data = read_rubric_yaml(path).data
    return "evaluation" if isinstance(data, dict) and data.get("kind") == "evaluation" else "benchmark"


def load_rubric(ref: str | Path | None = None) -> Rubric:
    path = resolve_rubric_path(ref)
    name = str(path)
    loaded = read_rubric_yaml(path)
    if isinstance(loaded.data, dict) and loaded.data.get("kind") == "evaluation":
        raise InputError(Issue("rubric-is-evaluation", file=name, key="kind", line=loaded.lines.get("kind")))
    return build_rubric(loaded.data, file=name, lines=loaded.lines)
