"""scorecard: benchmark Indonesian regions against peers and choose where to go for studi tiru.

The package is a pure core (DataFrames and a :class:`~scorecard.rubric.Rubric` in, result
objects out) with all file, terminal and report I/O in :mod:`scorecard.io` and the CLI.
Importing the package is cheap: pandas and friends load only when a stage needs them.
"""

__version__ = "0.1.0"

__all__ = ["Analysis", "analyse"]


def __getattr__(name: str) -> object:
    # lazy: `import scorecard` stays cheap; `scorecard.analyse` loads the core on first use
    if name in ("Analysis", "analyse"):
        from scorecard import analysis

        return getattr(analysis, name)
    raise AttributeError(f"module 'scorecard' has no attribute {name!r}")
