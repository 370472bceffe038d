#!/usr/bin/env python3
"""Rebuild the lookup tables in data/events/ from their public sources.

Inputs (read-only):
  ../shared/data/events/CAMEO.eventcodes.txt        GDELT lookup (CAMEO code -> description)
  ../shared/data/events/CAMEO.goldsteinscale.txt    GDELT lookup (CAMEO code -> Goldstein)
  ../shared/data/events/icews_pkg_cameo-codes.csv   andybega/icews (Parus CAMEO page; Latin-1)
  ../shared/data/events/CAMEO2PLOVER-2021.txt       openeventdata/PLOVER (CC BY-SA 4.0)
  pycountry sdist (pip download --no-deps --no-binary :all: pycountry==26.2.16), iso3166-1.json

Usage:  python3 scripts/data/build_lookups.py ../shared/data/events PATH/TO/iso3166-1.json
Writes data/events/cameo.tsv, data/events/cameo-plover.tsv, data/events/countries.tsv.
"""
import csv, json, sys, pathlib

src = pathlib.Path(sys.argv[1])
iso_json = pathlib.Path(sys.argv[2])
out = pathlib.Path(__file__).resolve().parents[2] / "data" / "events"

def tsv_pairs(path):
    rows = {}
    with open(path, encoding="latin-1") as f:
        next(f)
        for line in f:
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            code, value = line.split("\t", 1)
            rows[code.strip()] = value.strip()
    return rows

descriptions = tsv_pairs(src / "CAMEO.eventcodes.txt")
# Known glitch in the GDELT file: mojibake quotes around "third" in 044.
descriptions["044"] = "Meet at a 'third' location"
gdelt = tsv_pairs(src / "CAMEO.goldsteinscale.txt")
parus = {}
with open(src / "icews_pkg_cameo-codes.csv", encoding="latin-1") as f:
    for row in csv.DictReader(f):
        if row["goldstein"] not in ("", "NA"):
            parus[row["code"].strip()] = row["goldstein"].strip()
        # 1213 is in the Parus table only: take its name from there.
        descriptions.setdefault(row["code"].strip(), row["name"].strip())

def num(text):
    return "" if text in (None, "") else repr(float(text))

codes = sorted(set(descriptions) | set(gdelt) | set(parus), key=lambda c: (c[:2], c))
with open(out / "cameo.tsv", "w", encoding="utf-8", newline="\n") as f:
    f.write("code\tgoldstein_gdelt\tgoldstein_parus\tdescription\n")
    for c in codes:
        f.write(f"{c}\t{num(gdelt.get(c))}\t{num(parus.get(c))}\t{descriptions.get(c, '')}\n")

with open(src / "CAMEO2PLOVER-2021.txt", encoding="utf-8") as f, \
        open(out / "cameo-plover.tsv", "w", encoding="utf-8", newline="\n") as g:
    g.write("code\tcategory\tmode\tcontext\n")
    seen = set()
    for line in f:
        line = line.split("#", 1)[0].strip()
        if ":" not in line or "," not in line:
            continue  # comments, root headings ("03: AGREE"), separators
        code, rest = line.split(":", 1)
        parts = [p.strip() for p in rest.split(",")]
        parts += [""] * (3 - len(parts))
        code = code.strip()
        if code in seen:  # 175 appears twice with the same mapping
            continue
        seen.add(code)
        g.write(f"{code}\t{parts[0]}\t{parts[1]}\t{parts[2]}\n")

names = {}
for e in json.load(open(iso_json, encoding="utf-8"))["3166-1"]:
    for key in ("name", "common_name", "official_name"):
        if key in e:
            names.setdefault(e[key], e["alpha_3"])
# Spellings used by ICEWS (checked on the 2018 sample) and other common forms.
aliases = {
    "Democratic Republic of Congo": "COD", "Congo, Democratic Republic of": "COD",
    "Cote d'Ivoire": "CIV", "Ivory Coast": "CIV", "Holy See": "VAT", "Vatican": "VAT",
    "Occupied Palestinian Territory": "PSE", "Palestine": "PSE", "Czech Republic": "CZE",
    "the former Yugoslav Republic of Macedonia": "MKD", "Macedonia": "MKD", "Burma": "MMR",
    "Russia": "RUS", "Laos": "LAO", "Bolivia": "BOL", "Venezuela": "VEN", "Turkey": "TUR",
    "Swaziland": "SWZ", "Cape Verde": "CPV", "East Timor": "TLS", "Brunei": "BRN",
    "United States of America": "USA", "Britain": "GBR", "Great Britain": "GBR",
    "Kosovo": "XKX",  # not in ISO 3166-1; the user-assigned code used by the EU and others
}
for k, v in aliases.items():
    names.setdefault(k, v)
with open(out / "countries.tsv", "w", encoding="utf-8", newline="\n") as f:
    f.write("name\tiso3\n")
    for k in sorted(names):
        f.write(f"{k}\t{names[k]}\n")
print(len(codes), "CAMEO codes;", len(seen), "PLOVER rows;", len(names), "country names")
