"""The Python package against the command line: same bytes, same errors,
DataFrames that hold what the JSON holds."""

import json
import os
import subprocess
from pathlib import Path

import pandas as pd
import pytest

import redline

# The command-line binary to compare with (.ci/run points it at the build).
BINARY = os.environ.get("REDLINE_BIN", "redline")


def cli(*argv, cwd):
    return subprocess.run([BINARY, *map(str, argv)], cwd=cwd, capture_output=True, text=True)


def test_a_forecast_is_the_command_lines_byte_for_byte(tmp_path):
    args = ["forecast", "--runs", "2000", "--seed", "7", "--compare", "grit", "--format", "json"]
    redline.run(*args, "--out", tmp_path / "python.json")
    done = cli(*args, "--out", tmp_path / "cli.json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "python.json").read_bytes() == (tmp_path / "cli.json").read_bytes()


def test_forecast_frame_holds_the_json(tmp_path):
    frame = redline.forecast(runs=2000, seed=7, compare=["grit"])
    document = frame.attrs["json"]
    assert list(frame.strategy.unique()) == ["max-pressure", "grit"]
    own = frame[frame.strategy == "max-pressure"].set_index("outcome")
    for o in document["outcomes"]:
        assert own.loc[o["id"], "probability"] == o["probability"]
    grit = frame[frame.strategy == "grit"]
    assert grit.difference.notna().all() and own.difference.isna().all()
    assert frame.attrs["meta"]["seed"] == 7
    # The same numbers as the command line's CSV.
    done = cli("forecast", "--runs", "2000", "--seed", "7", "--compare", "grit", "--format", "csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    from io import StringIO

    table = pd.read_csv(StringIO(done.stdout))
    assert len(table) == len(frame)
    probability = [c for c in table.columns if "probab" in c][0]
    assert sorted(table[probability].round(12)) == sorted(frame.probability.round(12))


def test_judgment_and_fitted_parameters_differ_on_the_flagship():
    fitted = redline.forecast(runs=1000)
    judgment = redline.forecast(runs=1000, params="judgment")
    assert "fitted" in fitted.attrs["meta"]["params"]
    assert judgment.attrs["meta"]["params"] == "the judgments (--params judgment)"
    assert fitted.attrs["meta"]["scenario"]["sha256"] != judgment.attrs["meta"]["scenario"]["sha256"]


def test_set_with_and_assume_reach_the_scenario(tmp_path):
    fragment = tmp_path / "firm.toml"
    fragment.write_text('[leader]\nred_line = "absolute"\n')
    frame = redline.forecast(
        "iran-2025-02-07",
        runs=500,
        set={"snapback.enabled": False},
        with_=[fragment],
        assume=["israeli_strike@2025-05-01"],
    )
    meta = frame.attrs["meta"]
    assert meta["set"] == ["snapback.enabled=false"]
    assert meta["with"] == [str(fragment)]
    assert meta["assume"] == ["israeli_strike@2025-05-01"]
    strike = frame.set_index("outcome").loc["israeli_strike", "probability"]
    assert strike == 1.0


def test_per_run_rows_add_up_to_the_forecast():
    runs = redline.forecast_runs(runs=2000, seed=3)
    assert list(runs.columns) == ["run", "outcome", "week", "date"]
    assert runs.run.between(0, 1999).all() and runs.week.between(1, 52).all()
    assert pd.api.types.is_datetime64_any_dtype(runs.date)
    shares = runs.groupby("outcome").run.nunique() / 2000
    for o in runs.attrs["json"]["outcomes"]:
        assert shares.get(o["id"], 0.0) == pytest.approx(o["probability"], abs=1e-12)


def test_a_trace_has_a_row_per_week():
    frame = redline.trace(run=3)
    # The flagship's 52 weeks, numbered from 0.
    assert list(frame.week) == list(range(52))
    assert {"stance", "breakout_weeks", "events"} <= set(frame.columns)


def test_scenario_params_list_every_parameter_with_its_source():
    fitted = redline.scenario_params().source.str.startswith("redline fit:").sum()
    assert fitted > 0
    frame = redline.scenario_params(set={"talks.open_base_annual": 0.5})
    row = frame.set_index("key").loc["talks.open_base_annual"]
    assert row["value"] == "0.5" and bool(row["overridden"])
    assert frame.source.str.startswith("redline fit:").sum() == fitted - 1, "the set value wins"


def test_a_small_backtest_scores_what_happened():
    frame = redline.backtest(["iran-2013-02-07", "north-korea-2006-06-20"], runs=500)
    assert set(frame.scenario) == {"iran-2013-02-07", "north-korea-2006-06-20"}
    assert frame.p.between(0, 1).all() and frame.happened.dtype == bool
    assert frame.attrs["json"]["brier"] == pytest.approx(((frame.p - frame.happened) ** 2).mean())


def test_bad_input_raises_with_where_and_what(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[leader]\nred_line = 3\n")
    with pytest.raises(redline.InputError) as caught:
        redline.forecast(with_=[bad], runs=100)
    error = caught.value
    assert error.file == str(bad) and error.line == 2 and error.key == "leader.red_line"
    done = cli("forecast", "--with", bad, "--runs", "100", cwd=tmp_path)
    assert done.returncode == 2
    assert str(error) in done.stderr
    with pytest.raises(redline.InputError) as caught:
        redline.forecast(set={"no.such.key": 1}, runs=100)
    assert "no.such.key" in str(caught.value)
    with pytest.raises(redline.InputError):
        redline.run("forecast", "--no-such-flag")


def test_help_reads_well():
    assert "redline forecast" in redline.forecast.__doc__
    assert redline.InputError.__mro__[1] is redline.RedlineError


def test_the_example_script_draws_its_png(tmp_path):
    import runpy
    import sys

    script = Path(__file__).resolve().parents[2] / "examples" / "python" / "compare_strategies.py"
    out = tmp_path / "strategies.png"
    argv = sys.argv
    sys.argv = [str(script), str(out)]
    try:
        runpy.run_path(str(script), run_name="__main__")
    finally:
        sys.argv = argv
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert out.stat().st_size > 10_000


REPOSITORY = Path(__file__).resolve().parents[2]


def test_solve_gives_exact_fractions_and_the_command_lines_bytes(tmp_path):
    from fractions import Fraction

    game = REPOSITORY / "examples" / "games" / "standoff.nfg"
    frame = redline.solve(game)
    assert frame.iloc[0]["Target: stay below"] == Fraction(1, 2)
    assert frame.iloc[0]["payoff Target"] == Fraction(-1, 2)
    redline.run("solve", game, "--format", "json", "--out", tmp_path / "python.json")
    done = cli("solve", game, "--format", "json", "--out", tmp_path / "cli.json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "python.json").read_bytes() == (tmp_path / "cli.json").read_bytes()


def test_events_and_reciprocity_read_the_example_file(tmp_path):
    events_file = REPOSITORY / "examples" / "events" / "usa-irn-2024.tsv"
    frame = redline.events(events_file, dyad="USA,IRN")
    done = cli("events", events_file, "--dyad", "USA,IRN", "--format", "csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert len(frame) == len(done.stdout.splitlines()) - 1
    assert frame.events.sum() == sum(int(l.split(",")[3]) for l in done.stdout.splitlines()[1:])
    var = redline.reciprocity(events_file, dyad="USA,IRN", seed=7)
    answers = var.set_index("estimate").loc["b_answers_a"]
    assert answers.lower <= answers.value <= answers.upper


def test_games_and_bargaining():
    m = redline.match("Tit For Tat", "Prober", turns=10)
    assert len(m) == 10 and set(m["Tit For Tat"]) <= {"C", "D"}
    t = redline.tournament(strategies=["Tit For Tat", "Grudger", "Defector"], turns=20, repetitions=2)
    assert set(t.name) == {"Tit For Tat", "Grudger", "Defector"}
    b = redline.bargain(REPOSITORY / "scenarios" / "bargaining" / "iran-2025-talks.toml", model="mean")
    assert set(b.dimension) == {"enrichment", "relief", "inspections"}


def test_sensitivity_and_credibility():
    s = redline.sensitivity(samples=2, runs=50, outcome=["war"])
    assert set(s.outcome) == {"war"} and (s.mu_star >= 0).all()
    c = redline.credibility()
    assert ((c["lower"] <= c["mean"]) & (c["mean"] <= c["upper"])).all()


def test_a_scenario_object_sets_checks_and_writes_a_fragment(tmp_path):
    s = redline.Scenario.load("iran-2018-05-08")
    s.set("leader.red_line", "absolute").set("snapback.enabled", False)
    with pytest.raises(redline.InputError):
        s.set("leader.red_line", "no-such-word")
    assert s.overrides == {"leader.red_line": "absolute", "snapback.enabled": False}
    fragment = tmp_path / "firm.toml"
    s.write_toml(fragment)
    direct = s.forecast(runs=500)
    via_file = redline.forecast("iran-2018-05-08", runs=500, with_=[fragment])
    assert list(direct.probability) == list(via_file.probability)
    with pytest.raises(redline.InputError):
        redline.Scenario("no-such-scenario")


def test_ctrl_c_stops_a_long_forecast_and_writes_nothing(tmp_path):
    import signal
    import threading
    import time

    out = tmp_path / "never.json"
    timer = threading.Timer(1.0, lambda: os.kill(os.getpid(), signal.SIGINT))
    start = time.perf_counter()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            # 100 million runs: many minutes on any machine if it ran to its end.
            redline.run("forecast", "--runs", "100000000", "--format", "json", "--out", out)
        elapsed = time.perf_counter() - start
    finally:
        timer.cancel()
    assert elapsed < 30, elapsed
    assert not out.exists()
    # The next call runs normally (the stop request does not outlive its command).
    assert len(redline.forecast(runs=200)) == 12


def test_arrow_tables_where_asked():
    import pyarrow

    table = redline.forecast(runs=200, arrow=True)
    assert isinstance(table, pyarrow.Table)
    meta = json.loads(table.schema.metadata[b"redline.meta"])
    assert meta["command"] == "forecast" and meta["runs"] == 200
    assert table.num_rows == 12
    assert "arrow=True" in redline.forecast.__doc__


def test_arrow_crosses_exact_fractions_as_text():
    table = redline.solve(REPOSITORY / "examples" / "games" / "standoff.nfg", arrow=True)
    assert table.column("Target: stay below").to_pylist() == ["1/2"]


def test_a_single_string_is_one_item_and_cv_options_need_cv(tmp_path):
    one = redline.forecast(runs=300, compare="grit", assume="israeli_strike@2025-05-01")
    assert set(one.strategy) == {"max-pressure", "grit"}
    assert one.attrs["meta"]["assume"] == ["israeli_strike@2025-05-01"]
    with pytest.raises(redline.InputError):
        redline.backtest(["iran-2013-02-07"], keys=["talks.open_base_annual"])


def test_a_scenario_written_as_toml_reads_back_as_set(tmp_path):
    s = redline.Scenario()
    s.set("talks.open_base_annual", "0.5").set("leader.red_line", "absolute")
    fragment = tmp_path / "fragment.toml"
    s.write_toml(fragment)
    assert [p.name for p in tmp_path.iterdir()] == ["fragment.toml"]
    via_set = s.forecast(runs=300)
    via_file = redline.forecast(runs=300, with_=fragment)
    assert list(via_set.probability) == list(via_file.probability)
    # A call's own overrides add to the scenario's.
    more = s.forecast(runs=300, set={"snapback.enabled": False})
    assert more.attrs["meta"]["set"] == [
        "talks.open_base_annual=0.5",
        "leader.red_line=absolute",
        "snapback.enabled=false",
    ]
