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

import fractions
import functools
import inspect
import json
import os
import tempfile
import tomllib
from pathlib import Path
from typing import Any, Iterable, Mapping

import pandas as pd

from . import _redline
from ._redline import InputError, RedlineError

__all__ = [
    "InputError",
    "RedlineError",
    "Scenario",
    "backtest",
    "bargain",
    "credibility",
    "events",
    "forecast",
    "forecast_runs",
    "match",
    "reciprocity",
    "run",
    "scenario_params",
    "sensitivity",
    "solve",
    "tournament",
    "trace",
]

__version__ = _redline.__version__


def _tabular(function):
    """Lets a function that returns a DataFrame return a pyarrow Table when
    called with ``arrow=True`` (``attrs["meta"]`` goes into the table's
    schema metadata under ``redline.meta``, as in redline's Parquet files)."""

    @functools.wraps(function)
    def wrapper(*args: Any, arrow: bool = False, **kwargs: Any):
        frame = function(*args, **kwargs)
        if not arrow:
            return frame
        import pyarrow

        # Exact fractions (solve) have no Arrow type: they cross as their text, "1/2".
        frame = frame.apply(
            lambda column: column.map(str)
            if column.map(lambda v: isinstance(v, fractions.Fraction)).any()
            else column
        )
        table = pyarrow.Table.from_pandas(frame, preserve_index=False)
        meta = json.dumps(frame.attrs.get("meta", {}))
        return table.replace_schema_metadata(
            {**(table.schema.metadata or {}), b"redline.meta": meta.encode()}
        )

    signature = inspect.signature(function)
    parameters = list(signature.parameters.values())
    arrow = inspect.Parameter("arrow", inspect.Parameter.KEYWORD_ONLY, default=False, annotation="bool")
    at = next(
        (i for i, p in enumerate(parameters) if p.kind is inspect.Parameter.VAR_KEYWORD),
        len(parameters),
    )
    wrapper.__signature__ = signature.replace(
        parameters=[*parameters[:at], arrow, *parameters[at:]],
        return_annotation="pd.DataFrame | pyarrow.Table",
    )
    wrapper.__doc__ = (function.__doc__ or "") + (
        "\n\n    ``arrow=True`` returns a :class:`pyarrow.Table` instead (pyarrow needed)."
    )
    return wrapper


def run(*argv: Any) -> None:
    """Run one ``redline`` command line in this process, e.g.
    ``redline.run("forecast", "--runs", 1000, "--out", "f.json")``.

    Arguments are turned into strings. Output goes where the command sends
    it (``--out FILE``, or standard output). Raises :class:`InputError` or
    :class:`RedlineError` as the command line exits with 2 or 1.
    """
    _redline.run([os.fspath(a) if isinstance(a, os.PathLike) else str(a) for a in argv])


def _items(value: Any) -> list[Any]:
    """A list argument: a single string or path is one item, not its characters."""
    if value is None:
        return []
    if isinstance(value, (str, os.PathLike)):
        return [value]
    return list(value)


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
    for fragment in _items(with_):
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
    for clause in _items(assume):
        argv += ["--assume", clause]
    if threads is not None:
        argv += ["--threads", str(threads)]
    if runs_per_draw is not None:
        argv += ["--runs-per-draw", str(runs_per_draw)]
    return argv


@_tabular
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
    names = _items(compare)
    if names:
        argv += ["--compare", ",".join(names)]
    document = _json(argv)
    rows = _outcome_rows(document["strategy"], document["outcomes"])
    for other in document.get("comparison", []):
        rows += _outcome_rows(other["strategy"], other["outcomes"])
    return _frame(rows, document)


@_tabular
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


@_tabular
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
    for clause in _items(assume):
        argv += ["--assume", clause]
    document = _json(argv)
    frame = _frame(document["weeks"], document)
    if "date" in frame:
        frame["date"] = pd.to_datetime(frame["date"])
    return frame


@_tabular
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


@_tabular
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
        argv += ["--scenarios", ",".join(map(os.fspath, _items(scenarios)))]
    fit_options = {"keys": keys, "fit_runs": fit_runs, "generations": generations, "bootstrap": bootstrap}
    if cv is None and any(v is not None for v in fit_options.values()):
        given = ", ".join(k for k, v in fit_options.items() if v is not None)
        raise InputError(f"backtest: {given} apply only to a cross-validation: give cv='rolling' or 'loo'")
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
            argv += ["--keys", ",".join(_items(keys))]
    document = _json(argv)
    rows = document["forecasts"] if cv is not None else document["cases"]
    return _frame(rows, document)


def _flags(options: Mapping[str, Any]) -> list[str]:
    """Keyword options as command-line flags: ``turns=200`` → ``--turns 200``,
    ``first_tournament=True`` → ``--first-tournament`` (``False`` and ``None``
    leave a flag out), a list → comma-separated values."""
    argv: list[str] = []
    for name, value in options.items():
        if value is None or value is False:
            continue
        flag = "--" + name.rstrip("_").replace("_", "-")
        if value is True:
            argv.append(flag)
        elif isinstance(value, (list, tuple)):
            argv += [flag, ",".join(map(str, value))]
        else:
            argv += [flag, os.fspath(value) if isinstance(value, os.PathLike) else str(value)]
    return argv


def _csv(argv: list[str], **read: Any) -> pd.DataFrame:
    """Runs `argv` with ``--format csv`` into a temporary file and reads it."""
    with tempfile.TemporaryDirectory(prefix="redline-") as folder:
        out = Path(folder, "out.csv")
        run(*argv, "--format", "csv", "--out", out)
        return pd.read_csv(out, **read)


@_tabular
def sensitivity(
    scenario: str | os.PathLike[str] | None = None,
    *,
    method: str = "morris",
    set: Mapping[str, Any] | None = None,
    with_: Iterable[str | os.PathLike[str]] | None = None,
    params: str = "fitted",
    **options: Any,
) -> pd.DataFrame:
    """Which uncertain parameters move which outcome: ``redline sensitivity``
    (Morris elementary effects or Sobol indices).

    One row per outcome and factor with the method's indices (Morris: ``mu``,
    ``mu_star``, ``mu_star_conf``, ``sigma``; Sobol: ``S1``, ``ST`` and their
    intervals). Other options as the command's flags: ``samples=10``,
    ``runs=500``, ``seed=42``, ``outcome=["war"]``, ``resamples=1000``.

    >>> s = redline.sensitivity(samples=4, runs=200, outcome=["war"])  # doctest: +SKIP
    >>> s.sort_values("mu_star", ascending=False).head()  # doctest: +SKIP
    """
    outcomes = options.pop("outcome", None)
    argv = ["sensitivity", *_scenario_args(scenario, set, with_, params)]
    argv += ["--method", method, "--quiet", *_flags(options)]
    for outcome in _items(outcomes):
        argv += ["--outcome", outcome]
    document = _json(argv)
    rows = [
        {"outcome": r["outcome"], "label": r["label"], **index}
        for r in document["results"]
        for index in r["indices"]
    ]
    return _frame(rows, document)


@_tabular
def match(player: str, opponent: str, **options: Any) -> pd.DataFrame:
    """One repeated game between two strategies (Axelrod's names):
    ``redline match``.

    One row per turn with each player's action (``C`` or ``D``); the total
    scores are in ``attrs["json"]["scores"]``. Options as the command's
    flags: ``turns=200``, ``noise=0.05``, ``misperception=0.05``,
    ``prob_end=0.01``, ``game="chicken"``, ``seed=1``.

    >>> m = redline.match("Tit For Tat", "Prober", turns=10)  # doctest: +SKIP
    """
    document = _json(["match", player, opponent, "--quiet", *_flags(options)])
    first, second = document["players"]
    names = [first, second if second != first else f"{second} (2)"]
    rows = [
        {"turn": t + 1, names[0]: a, names[1]: b}
        for t, (a, b) in enumerate(zip(*document["actions"]))
    ]
    return _frame(rows, document)


@_tabular
def tournament(**options: Any) -> pd.DataFrame:
    """A round-robin tournament of repeated-game strategies: ``redline tournament``.

    One row per player in rank order (median score per turn, wins,
    cooperation rating); the payoff matrix and the winners' spread over
    seeds are in ``attrs["json"]``. Options as the command's flags:
    ``first_tournament=True`` (Axelrod's first tournament), ``all=True``,
    ``strategies=["Tit For Tat", "Grudger"]``, ``turns=200``,
    ``repetitions=5``, ``noise=0.05``, ``seeds=20``, ``threads=2``.
    """
    document = _json(["tournament", "--quiet", *_flags(options)])
    return _frame(document["players"], document)


@_tabular
def bargain(
    file: str | os.PathLike[str], *, model: str = "smp", **options: Any
) -> pd.DataFrame:
    """Spatial bargaining over a KTAB CSV or a bargaining TOML: ``redline bargain``
    (``model``: ``smp``, ``bdm``, ``mean``, ``median``, ``nash``).

    One row per iteration, actor and dimension with the actor's
    ``position``; the predicted outcome is in ``attrs["json"]["outcome"]``.
    Options as the command's flags (``seed``, ``max_iterations``,
    ``vote_rule``, …).
    """
    argv = ["bargain", os.fspath(file), "--model", model, "--quiet", *_flags(options)]
    document = _json(argv)
    dimensions = document["dimensions"]
    rows = [
        {"iteration": i, "actor": actor, "dimension": dimensions[d], "position": position}
        for i, iteration in enumerate(document["iterations"])
        for actor, positions in iteration["positions"].items()
        for d, position in enumerate(positions)
    ]
    return _frame(rows, document)


@_tabular
def solve(file: str | os.PathLike[str], *, method: str | None = None, **options: Any) -> pd.DataFrame:
    """Nash equilibria of a Gambit ``.nfg`` or ``.efg`` game: ``redline solve``.

    One row per equilibrium: for each player and strategy its probability,
    and each player's payoff, as :class:`fractions.Fraction` values: exact
    for the exact solvers, the decimal the command prints for ``logit``
    (read exactly as written). With ``arrow=True`` they cross as text. Options as the command's flags:
    ``agent=True``, ``stop_after=1``, ``max_work``, ``timeout``.

    >>> e = redline.solve("examples/games/standoff.nfg")  # doctest: +SKIP
    >>> e.iloc[0]["Target: stay below"]  # doctest: +SKIP
    Fraction(1, 2)
    """
    argv = ["solve", os.fspath(file), "--quiet", *_flags({"method": method, **options})]
    document = _json(argv)
    players, strategies = document["players"], document["strategies"]
    rows = []
    for equilibrium in document["equilibria"]:
        row: dict[str, Any] = {}
        for player, names, profile in zip(players, strategies, equilibrium["profile"]):
            for name, p in zip(names, profile):
                row[f"{player}: {name}"] = fractions.Fraction(p)
        for player, payoff in zip(players, equilibrium["payoffs"]):
            row[f"payoff {player}"] = fractions.Fraction(payoff)
        rows.append(row)
    return _frame(rows, document)


@_tabular
def events(file: str | os.PathLike[str], **options: Any) -> pd.DataFrame:
    """Event data (GDELT 1.0/2.0, ICEWS or the project's CSV) counted by dyad
    and period: ``redline events``.

    One row per source, target and period with the events, their Goldstein
    sum and mean and the four quad classes. Options as the command's flags:
    ``dyad="USA,IRN"``, ``period="week"``, ``from_="2024-01-01"``, ``to``,
    ``input_format``, ``goldstein``, ``top``, ``strict=True``.
    """
    argv = ["events", os.fspath(file), "--quiet", *_flags(options)]
    return _csv(argv, parse_dates=["period_start"])


@_tabular
def reciprocity(file: str | os.PathLike[str], **options: Any) -> pd.DataFrame:
    """How each side of a dyad answers the other in kind: a VAR on the
    weekly Goldstein series, ``redline reciprocity``.

    One row per estimate (``b_answers_a``, ``a_answers_b``, the inertias)
    with its value and bootstrap interval; the lag choice, Granger tests and
    impulse responses are in ``attrs["json"]``. Options as the command's
    flags: ``dyad="USA,IRN"``, ``period``, ``lags``, ``seed``.
    """
    document = _json(["reciprocity", os.fspath(file), "--quiet", *_flags(options)])
    rows = [
        {"estimate": name, **document[name]}
        for name in ["b_answers_a", "a_answers_b", "a_inertia", "b_inertia"]
        if isinstance(document.get(name), dict)
    ]
    return _frame(rows, document)


@_tabular
def credibility(file: str | os.PathLike[str] | None = None, **options: Any) -> pd.DataFrame:
    """How often red lines held: ``redline credibility`` on a red-line record
    (the shipped US–Iran record when ``file`` is omitted).

    One row per actor and topic with the resolved, held and pending red
    lines and the beta-binomial mean with its interval; the logistic model
    is in ``attrs["json"]``. Options as the command's flags: ``actor="IRN"``.
    """
    argv = ["credibility", *([os.fspath(file)] if file is not None else [])]
    document = _json([*argv, "--quiet", *_flags(options)])
    return _frame(document["beta_binomial"], document)


def _toml_value(value: Any) -> str:
    """A value as the loader reads ``--set KEY=VALUE``: the text of
    :func:`_value`, as TOML where it is a TOML value, else as a string (the
    bare word ``--set`` would take)."""
    text = _value(value)
    try:
        tomllib.loads(f"v = {text}")
        return text
    except tomllib.TOMLDecodeError:
        return json.dumps(text, ensure_ascii=False)


class Scenario:
    """A scenario: a shipped id or a file (the flagship when omitted), with
    overrides laid over it as ``--set`` does.

    >>> s = redline.Scenario("iran-2018-05-08").set("leader.red_line", "absolute")  # doctest: +SKIP
    >>> s.params().query("overridden")  # doctest: +SKIP
    >>> s.forecast(runs=2000)  # doctest: +SKIP
    >>> s.write_toml("firm.toml")  # a fragment for `redline forecast --with firm.toml`  # doctest: +SKIP
    """

    def __init__(
        self,
        reference: str | os.PathLike[str] | None = None,
        *,
        with_: Iterable[str | os.PathLike[str]] | None = None,
        params: str = "fitted",
    ) -> None:
        self.reference = None if reference is None else os.fspath(reference)
        self.fragments = [os.fspath(f) for f in _items(with_)]
        self.overrides: dict[str, Any] = {}
        self.parameters = params
        self.params()  # load now: a bad reference raises here

    @classmethod
    def load(cls, reference: str | os.PathLike[str] | None = None, **kwargs: Any) -> "Scenario":
        """The scenario ``reference`` (an id or a path; the flagship when omitted)."""
        return cls(reference, **kwargs)

    def _kwargs(self, extra: dict[str, Any] | None = None) -> dict[str, Any]:
        """The scenario's arguments, with a call's own ``set`` and ``with_`` added."""
        extra = dict(extra or {})
        merged = {
            "set": {**self.overrides, **(extra.pop("set", None) or {})},
            "with_": [*self.fragments, *_items(extra.pop("with_", None))],
            "params": extra.pop("params", self.parameters),
        }
        return {**merged, **extra}

    def params(self) -> pd.DataFrame:
        """Every parameter with value, unit, range, default, source and whether overridden."""
        return scenario_params(self.reference, **self._kwargs())

    def set(self, key: str, value: Any) -> "Scenario":
        """Overrides parameter ``key`` (checked at once: a bad key or value raises
        :class:`InputError` and leaves the scenario as it was); returns the scenario."""
        before = dict(self.overrides)
        self.overrides[key] = value
        try:
            self.params()
        except BaseException:  # bad input, or Ctrl-C during the check
            self.overrides = before
            raise
        return self

    def forecast(self, **kwargs: Any) -> pd.DataFrame:
        """:func:`forecast` of this scenario with its overrides."""
        return forecast(self.reference, **self._kwargs(kwargs))

    def forecast_runs(self, **kwargs: Any) -> pd.DataFrame:
        """:func:`forecast_runs` of this scenario with its overrides."""
        return forecast_runs(self.reference, **self._kwargs(kwargs))

    def trace(self, **kwargs: Any) -> pd.DataFrame:
        """:func:`trace` of one run of this scenario with its overrides."""
        return trace(self.reference, **self._kwargs(kwargs))

    def sensitivity(self, **kwargs: Any) -> pd.DataFrame:
        """:func:`sensitivity` of this scenario with its overrides."""
        return sensitivity(self.reference, **self._kwargs(kwargs))

    def toml(self) -> str:
        """The overrides as a TOML fragment (dotted keys), for ``--with``."""
        base = self.reference or "the flagship"
        lines = [f"# Overrides of {base}, written by redline's Python package."]
        lines += [f"{key} = {_toml_value(value)}" for key, value in self.overrides.items()]
        return "\n".join(lines) + "\n"

    def write_toml(self, path: str | os.PathLike[str]) -> None:
        """Writes :meth:`toml` to ``path`` (a temporary file renamed over it)."""
        target = Path(path)
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or ".")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(self.toml())
            os.replace(name, target)
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise

    def __repr__(self) -> str:
        return f"Scenario({self.reference!r}, overrides={self.overrides!r})"
