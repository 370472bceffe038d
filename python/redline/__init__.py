"""redline in Python: crisis-bargaining forecasts, per-run data and backtests as pandas DataFrames.

Every function runs the ``redline`` command line in this process (the same
parsing, checks and code as the binary, with the GIL released) and reads its
JSON or CSV output into a :class:`pandas.DataFrame`; the JSON document, with
its ``meta`` provenance (redline's version, the scenario's SHA-256, every
override, the seed and the runs), is in ``DataFrame.attrs``. For the same
seed and inputs the numbers are the command line's, byte for byte.

>>> import redline
>>> f = redline.forecast(runs=2000)
>>> f.loc[f.outcome == "war", "probability"].item()  # doctest: +SKIP
0.4135

Errors are exceptions: :class:`InputError` (bad input; ``file``, ``line``,
``column``, ``key`` and ``hint`` say where, as the command line's message
does) and :class:`RedlineError` (any other failure).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any, Iterable, Mapping

import pandas as pd

from . import _redline
from ._redline import InputError, RedlineError

__all__ = [
    "InputError",
    "RedlineError",
    "backtest",
    "forecast",
    "forecast_runs",
    "run",
    "scenario_params",
    "trace",
]

__version__ = _redline.__version__


def run(*argv: Any) -> None:
    """Run one ``redline`` command line in this process, e.g.
    ``redline.run("forecast", "--runs", 1000, "--out", "f.json")``.

    Arguments are turned into strings. Output goes where the command sends
    it (``--out FILE``, or standard output). Raises :class:`InputError` or
    :class:`RedlineError` as the command line exits with 2 or 1.
    """
    _redline.run([os.fspath(a) if isinstance(a, os.PathLike) else str(a) for a in argv])


def _value(value: Any) -> str:
    """A Python value as ``--set`` reads it (a TOML value or a bare word)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _scenario_args(
    scenario: str | os.PathLike[str] | None,
    set: Mapping[str, Any] | None,
    with_: Iterable[str | os.PathLike[str]] | None,
    params: str,
) -> list[str]:
    argv: list[str] = []
    if scenario is not None:
        argv.append(os.fspath(scenario))
    for key, value in (set or {}).items():
        argv += ["--set", f"{key}={_value(value)}"]
    for fragment in with_ or []:
        argv += ["--with", os.fspath(fragment)]
    argv += ["--params", params]
    return argv


def _json(argv: list[str]) -> dict[str, Any]:
    """Runs `argv` with ``--format json`` into a temporary file and reads it."""
    with tempfile.TemporaryDirectory(prefix="redline-") as folder:
        out = Path(folder, "out.json")
        run(*argv, "--format", "json", "--out", out)
        return json.loads(out.read_text(encoding="utf-8"))


def _frame(rows: list[dict[str, Any]], document: dict[str, Any]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame.attrs["meta"] = document.get("meta", {})
    frame.attrs["json"] = document
    return frame


def _outcome_rows(strategy: str, outcomes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for o in outcomes:
        interval = o.get("parameter_interval") or {}
        difference = o.get("difference_ci95") or [None, None]
        rows.append(
            {
                "strategy": strategy,
                "outcome": o["id"],
                "label": o["label"],
                "probability": o["probability"],
                "ci95_low": o["ci95"][0],
                "ci95_high": o["ci95"][1],
                "parameter_low": interval.get("low"),
                "parameter_high": interval.get("high"),
                "median_date": pd.to_datetime(o.get("median_date")),
                "difference": o.get("difference"),
                "difference_low": difference[0],
                "difference_high": difference[1],
            }
        )
    return rows


def _forecast_args(
    scenario, runs, seed, set, with_, assume, params, threads, runs_per_draw
) -> list[str]:
    argv = ["forecast", *_scenario_args(scenario, set, with_, params)]
    argv += ["--runs", str(runs), "--seed", str(seed), "--quiet"]
    for clause in assume or []:
        argv += ["--assume", clause]
    if threads is not None:
        argv += ["--threads", str(threads)]
    if runs_per_draw is not None:
        argv += ["--runs-per-draw", str(runs_per_draw)]
    return argv


def forecast(
    scenario: str | os.PathLike[str] | None = None,
    *,
    runs: int = 10_000,
    seed: int = 42,
    set: Mapping[str, Any] | None = None,
    with_: Iterable[str | os.PathLike[str]] | None = None,
    assume: Iterable[str] | None = None,
    compare: Iterable[str] | None = None,
    params: str = "fitted",
    threads: int | None = None,
    runs_per_draw: int | None = None,
) -> pd.DataFrame:
    """The probability of each outcome by the scenario's horizon: ``redline forecast``.

    One row per strategy and outcome (the scenario's own strategy first, then
    each of ``compare``, played on the same runs), with the Monte Carlo 95 %
    interval (``ci95_low``, ``ci95_high``), the parameter 90 % interval
    (``parameter_low``, ``parameter_high``), the median date, and for a
    compared strategy its paired difference from the own one
    (``difference`` and its 95 % interval). ``attrs["meta"]`` is the run's
    provenance, ``attrs["json"]`` the whole JSON document (the cumulative
    curves among it).

    ``scenario``: a shipped id (``"iran-2018-05-08"``) or a file; the flagship
    when omitted. ``set``: ``{"leader.red_line": "absolute"}``; ``with_``:
    fragment files; ``assume``: ``["israeli_strike@2025-05-01"]``;
    ``params``: ``"fitted"`` or ``"judgment"``.

    >>> f = redline.forecast(runs=2000, compare=["grit"])  # doctest: +SKIP
    >>> f.pivot(index="outcome", columns="strategy", values="probability")  # doctest: +SKIP
    """
    argv = _forecast_args(
        scenario, runs, seed, set, with_, assume, params, threads, runs_per_draw
    )
    names = list(compare or [])
    if names:
        argv += ["--compare", ",".join(names)]
    document = _json(argv)
    rows = _outcome_rows(document["strategy"], document["outcomes"])
    for other in document.get("comparison", []):
        rows += _outcome_rows(other["strategy"], other["outcomes"])
    return _frame(rows, document)


def forecast_runs(
    scenario: str | os.PathLike[str] | None = None,
    *,
    runs: int = 10_000,
    seed: int = 42,
    set: Mapping[str, Any] | None = None,
    with_: Iterable[str | os.PathLike[str]] | None = None,
    assume: Iterable[str] | None = None,
    params: str = "fitted",
    threads: int | None = None,
    runs_per_draw: int | None = None,
) -> pd.DataFrame:
    """Every run's outcomes: ``redline forecast --runs-out``.

    One row per run and outcome that happened in it (``run``, ``outcome``,
    ``week`` from 1, ``date``); an outcome a run never saw has no row. The
    forecast of the same runs is in ``attrs["json"]``.

    >>> r = redline.forecast_runs(runs=2000)  # doctest: +SKIP
    >>> r.groupby("outcome").run.nunique() / 2000  # the forecast's probabilities  # doctest: +SKIP
    """
    argv = _forecast_args(
        scenario, runs, seed, set, with_, assume, params, threads, runs_per_draw
    )
    with tempfile.TemporaryDirectory(prefix="redline-") as folder:
        per_run = Path(folder, "runs.csv")
        out = Path(folder, "forecast.json")
        run(*argv, "--runs-out", per_run, "--format", "json", "--out", out)
        document = json.loads(out.read_text(encoding="utf-8"))
        frame = pd.read_csv(
            per_run,
            dtype={"run": "int64", "outcome": "string", "week": "int64"},
            parse_dates=["date"],
        )
    frame.attrs["meta"] = document.get("meta", {})
    frame.attrs["json"] = document
    return frame


def trace(
    scenario: str | os.PathLike[str] | None = None,
    *,
    run: int = 0,
    seed: int = 42,
    set: Mapping[str, Any] | None = None,
    with_: Iterable[str | os.PathLike[str]] | None = None,
    assume: Iterable[str] | None = None,
    params: str = "fitted",
) -> pd.DataFrame:
    """One run's story, week by week: ``redline trace``.

    One row per week with every state variable (stance, permission, talks,
    pressure, breakout, stocks, …) and the week's ``events`` (a list of
    dicts); ``attrs["json"]`` holds the whole trace.
    """
    argv = ["trace", *_scenario_args(scenario, set, with_, params)]
    argv += ["--run", str(run), "--seed", str(seed), "--quiet"]
    for clause in assume or []:
        argv += ["--assume", clause]
    document = _json(argv)
    frame = _frame(document["weeks"], document)
    if "date" in frame:
        frame["date"] = pd.to_datetime(frame["date"])
    return frame


def scenario_params(
    scenario: str | os.PathLike[str] | None = None,
    *,
    set: Mapping[str, Any] | None = None,
    with_: Iterable[str | os.PathLike[str]] | None = None,
    params: str = "fitted",
) -> pd.DataFrame:
    """Every parameter of a scenario with its value, unit, range, default,
    source and whether an override changed it: ``redline scenario params``."""
    argv = ["scenario", "params", *_scenario_args(scenario, set, with_, params)]
    document = _json(argv)
    return _frame(document["parameters"], document)


def backtest(
    scenarios: Iterable[str] | None = None,
    *,
    runs: int = 5000,
    seed: int = 42,
    cv: str | None = None,
    keys: Iterable[str] | None = None,
    fit_runs: int | None = None,
    generations: int | None = None,
    bootstrap: int | None = None,
) -> pd.DataFrame:
    """Forecasts of the historical cases scored against what happened:
    ``redline backtest`` (``cv="rolling"`` or ``"loo"``: out of sample).

    Without ``cv``: one row per scored forecast (``scenario``, ``outcome``,
    ``family``, ``p``, ``happened``). With ``cv``: one row per held-out
    forecast (``fitted``, ``judgment``, ``base_rate``). The scores, skill,
    families and reliability are in ``attrs["json"]``. The default
    cross-validation takes minutes (about 4 for rolling, 14 for loo).
    """
    argv = ["backtest", "--runs", str(runs), "--seed", str(seed), "--quiet"]
    if scenarios is not None:
        argv += ["--scenarios", ",".join(scenarios)]
    if cv is not None:
        argv += ["--cv", cv]
        for flag, value in [
            ("--fit-runs", fit_runs),
            ("--generations", generations),
            ("--bootstrap", bootstrap),
        ]:
            if value is not None:
                argv += [flag, str(value)]
        if keys is not None:
            argv += ["--keys", ",".join(keys)]
    document = _json(argv)
    rows = document["forecasts"] if cv is not None else document["cases"]
    return _frame(rows, document)
