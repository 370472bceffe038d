#!/usr/bin/env python3
"""Independent facts about the real event samples in ../shared/data/events,
computed with Python's csv module, for crates/redline-data/tests/samples.rs.

Usage: python3 scripts/data/sample_facts.py ../shared/data/events
"""
import csv, sys, collections, pathlib

d = pathlib.Path(sys.argv[1])
rows = list(csv.reader(open(d / "gdelt1_georgia_extract_june2012.csv", encoding="utf-8", newline="")))
head, data = rows[0], rows[1:]
ix = {n: i for i, n in enumerate(head)}
print("gdelt columns", len(head), "rows", len(data))
miss = lambda v: v in ("", "NA")
both = [r for r in data if not miss(r[ix["Actor1CountryCode"]]) and not miss(r[ix["Actor2CountryCode"]])]
print("gdelt rows with both countries", len(both))
pair = collections.Counter((r[ix["Actor1CountryCode"]], r[ix["Actor2CountryCode"]]) for r in both)
for k in [("USA", "IRN"), ("IRN", "USA")]:
    sel = [r for r in both if (r[ix["Actor1CountryCode"]], r[ix["Actor2CountryCode"]]) == k]
    print("gdelt", k, len(sel), "goldstein sum", round(sum(float(r[ix["GoldsteinScale"]]) for r in sel), 6))
print("gdelt busiest", pair.most_common(3))
usa_irn_0620 = [(r[ix["EventCode"]], r[ix["GoldsteinScale"]]) for r in both
                if r[ix["SQLDATE"]] == "20120620" and r[ix["Actor1CountryCode"]] == "USA" and r[ix["Actor2CountryCode"]] == "IRN"]
print("gdelt USA->IRN 20120620", usa_irn_0620)

lines = open(d / "icews_events.2018.sample.tab", encoding="utf-8").read().split("\n")
lines = [l for l in lines if l.strip()]
print("icews rows", len(lines) - 1, "widths", collections.Counter(len(l.split("\t")) for l in lines))
f = [l.split("\t") for l in lines[1:]]
irn_usa = [r for r in f if r[4] == "Iran" and r[10] == "United States"]
print("icews IRN->USA", [(r[0], r[6], r[7]) for r in irn_usa])
print("icews rows with a missing country", sum(1 for r in f if r[4] in ("", "NA") or r[10] in ("", "NA")))
