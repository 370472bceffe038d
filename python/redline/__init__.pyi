"""Type stubs of the redline package (see redline/__init__.py for the docs)."""

import os
from typing import Any, Iterable, Mapping

import pandas as pd
import pyarrow as pa

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
    arrow: bool = False,
) -> pd.DataFrame | pa.Table: ...
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
    arrow: bool = False,
) -> pd.DataFrame | pa.Table: ...
def trace(
    scenario: str | os.PathLike[str] | None = None,
    *,
    run: int = 0,
    seed: int = 42,
    set: Mapping[str, Any] | None = None,
    with_: Iterable[str | os.PathLike[str]] | None = None,
    assume: Iterable[str] | None = None,
    params: str = "fitted",
    arrow: bool = False,
) -> pd.DataFrame | pa.Table: ...
def scenario_params(
    scenario: str | os.PathLike[str] | None = None,
    *,
    set: Mapping[str, Any] | None = None,
    with_: Iterable[str | os.PathLike[str]] | None = None,
    params: str = "fitted",
    arrow: bool = False,
) -> pd.DataFrame | pa.Table: ...
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
    arrow: bool = False,
) -> pd.DataFrame | pa.Table: ...
def sensitivity(
    scenario: str | os.PathLike[str] | None = None,
    *,
    method: str = "morris",
    set: Mapping[str, Any] | None = None,
    with_: Iterable[str | os.PathLike[str]] | None = None,
    params: str = "fitted",
    arrow: bool = False,
    **options: Any,
) -> pd.DataFrame | pa.Table: ...
def match(
    player: str,
    opponent: str,
    *,
    arrow: bool = False,
    **options: Any,
) -> pd.DataFrame | pa.Table: ...
def tournament(
    *,
    arrow: bool = False,
    **options: Any,
) -> pd.DataFrame | pa.Table: ...
def bargain(
    file: str | os.PathLike[str],
    *,
    model: str = "smp",
    arrow: bool = False,
    **options: Any,
) -> pd.DataFrame | pa.Table: ...
def solve(
    file: str | os.PathLike[str],
    *,
    method: str | None = None,
    arrow: bool = False,
    **options: Any,
) -> pd.DataFrame | pa.Table: ...
def events(
    file: str | os.PathLike[str],
    *,
    arrow: bool = False,
    **options: Any,
) -> pd.DataFrame | pa.Table: ...
def reciprocity(
    file: str | os.PathLike[str],
    *,
    arrow: bool = False,
    **options: Any,
) -> pd.DataFrame | pa.Table: ...
def credibility(
    file: str | os.PathLike[str] | None = None,
    *,
    arrow: bool = False,
    **options: Any,
) -> pd.DataFrame | pa.Table: ...

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
    def forecast(self, **kwargs: Any) -> pd.DataFrame | pa.Table: ...
    def forecast_runs(self, **kwargs: Any) -> pd.DataFrame | pa.Table: ...
    def trace(self, **kwargs: Any) -> pd.DataFrame | pa.Table: ...
    def sensitivity(self, **kwargs: Any) -> pd.DataFrame | pa.Table: ...
    def toml(self) -> str: ...
    def write_toml(self, path: str | os.PathLike[str]) -> None: ...
