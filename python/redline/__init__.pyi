"""Type stubs of the redline package (see redline/__init__.py for the docs)."""

import os
from typing import Any, Iterable, Mapping

import pandas as pd

__version__: str

class RedlineError(Exception):
    """A redline command failed (the command line's exit code 1)."""

class InputError(RedlineError):
    """Bad input (exit code 2), located where possible."""

    file: str | None
    line: int | None
    column: int | None
    key: str | None
    hint: str | None

def run(*argv: Any) -> None: ...
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
) -> pd.DataFrame: ...
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
) -> pd.DataFrame: ...
def trace(
    scenario: str | os.PathLike[str] | None = None,
    *,
    run: int = 0,
    seed: int = 42,
    set: Mapping[str, Any] | None = None,
    with_: Iterable[str | os.PathLike[str]] | None = None,
    assume: Iterable[str] | None = None,
    params: str = "fitted",
) -> pd.DataFrame: ...
def scenario_params(
    scenario: str | os.PathLike[str] | None = None,
    *,
    set: Mapping[str, Any] | None = None,
    with_: Iterable[str | os.PathLike[str]] | None = None,
    params: str = "fitted",
) -> pd.DataFrame: ...
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
) -> pd.DataFrame: ...
def sensitivity(
    scenario: str | os.PathLike[str] | None = None,
    *,
    method: str = "morris",
    set: Mapping[str, Any] | None = None,
    with_: Iterable[str | os.PathLike[str]] | None = None,
    params: str = "fitted",
    **options: Any,
) -> pd.DataFrame: ...
def match(player: str, opponent: str, **options: Any) -> pd.DataFrame: ...
def tournament(**options: Any) -> pd.DataFrame: ...
def bargain(file: str | os.PathLike[str], *, model: str = "smp", **options: Any) -> pd.DataFrame: ...
def solve(
    file: str | os.PathLike[str], *, method: str | None = None, **options: Any
) -> pd.DataFrame: ...
def events(file: str | os.PathLike[str], **options: Any) -> pd.DataFrame: ...
def reciprocity(file: str | os.PathLike[str], **options: Any) -> pd.DataFrame: ...
def credibility(file: str | os.PathLike[str] | None = None, **options: Any) -> pd.DataFrame: ...

class Scenario:
    reference: str | None
    fragments: list[str]
    overrides: dict[str, Any]
    parameters: str
    def __init__(
        self,
        reference: str | os.PathLike[str] | None = None,
        *,
        with_: Iterable[str | os.PathLike[str]] | None = None,
        params: str = "fitted",
    ) -> None: ...
    @classmethod
    def load(cls, reference: str | os.PathLike[str] | None = None, **kwargs: Any) -> Scenario: ...
    def params(self) -> pd.DataFrame: ...
    def set(self, key: str, value: Any) -> Scenario: ...
    def forecast(self, **kwargs: Any) -> pd.DataFrame: ...
    def forecast_runs(self, **kwargs: Any) -> pd.DataFrame: ...
    def trace(self, **kwargs: Any) -> pd.DataFrame: ...
    def sensitivity(self, **kwargs: Any) -> pd.DataFrame: ...
    def toml(self) -> str: ...
    def write_toml(self, path: str | os.PathLike[str]) -> None: ...
