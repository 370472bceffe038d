#!/usr/bin/env python3
"""Writes the CSV forms of scenarios/bargaining/iran-2025-talks.toml.

The TOML file (with a source for every actor) is the one to edit; this script derives
  - iran-2025-talks.csv: KTAB's CSV form (no commas inside fields: KTAB's reader splits on
    every comma, quoted or not);
  - iran-2025-enrichment.csv: the BDM replications' one-dimension form, enrichment only,
    capability = influence / total influence.
Run from the repository root: python3 scripts/bargain_scenarios.py  (Python 3.11+, tomllib).
"""
import tomllib
from pathlib import Path

base = Path("scenarios/bargaining")
d = tomllib.loads((base / "iran-2025-talks.toml").read_text())
dims = d["dimensions"]
clean = lambda s: s.replace(",", ";")
lines = [f"Iran talks 2025-02-07,{clean(d['description'])},{len(d['actor'])},{len(dims)},"]
header = ["Actor", "Description", "Influence"]
for dim in dims:
    header += [f"{dim} Position", f"{dim} Salience"]
lines.append(",".join(header) + ",")
for a in d["actor"]:
    row = [a["name"], clean(a.get("description", "")), str(a["influence"])]
    for p, s in zip(a["position"], a["salience"]):
        row += [str(p), str(s)]
    lines.append(",".join(row) + ",")
(base / "iran-2025-talks.csv").write_text("\n".join(lines) + "\n")

total = sum(a["influence"] for a in d["actor"])
bdm = ["Actor,Capability,Position,Salience"]
for a in d["actor"]:
    bdm.append(f"{a['name']},{a['influence'] / total:.4f},{a['position'][0]},{a['salience'][0]}")
(base / "iran-2025-enrichment.csv").write_text("\n".join(bdm) + "\n")
