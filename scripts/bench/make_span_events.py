#!/usr/bin/env python3
"""Writes a synthetic GDELT 1.0 event file (58 tab-separated columns, no
header) whose events spread over many dyads and many years, for measuring the
memory of `redline events` in the number of event rows and in the size of its
output (a day-by-day series of every dyad is dyads x days cells).

    python3 scripts/bench/make_span_events.py ROWS DYADS YEARS > FILE

Fixed seed, standard library only: the same arguments give the same file.
The events are invented.
"""

import datetime
import random
import sys

COUNTRIES = ["USA", "IRN", "ISR", "SAU", "RUS", "CHN", "GBR", "FRA", "DEU", "TUR",
             "IRQ", "SYR", "LBN", "ARE", "QAT", "EGY", "JOR", "PAK", "IND", "JPN"]
CODES = [("036", 4.0), ("040", 1.0), ("057", 8.0), ("111", -2.0), ("130", -4.4), ("163", -8.0)]


def main():
    rows, dyads, years = (int(a) for a in sys.argv[1:4])
    rng = random.Random(12)
    pairs = [(a, b) for a in COUNTRIES for b in COUNTRIES if a != b][:dyads]
    first = datetime.date(2000, 1, 1)
    days = int(years * 365.25)
    out = sys.stdout
    for i in range(rows):
        # The first and last rows fix the span; the rest fall anywhere in it.
        offset = 0 if i == 0 else days - 1 if i == 1 else rng.randrange(days)
        day = first + datetime.timedelta(days=offset)
        a, b = pairs[i % len(pairs)]
        code, goldstein = rng.choice(CODES)
        fields = [""] * 58
        fields[0] = str(600000000 + i)
        fields[1] = day.strftime("%Y%m%d")
        fields[2] = day.strftime("%Y%m")
        fields[3] = str(day.year)
        fields[4] = f"{day.year}.0000"
        fields[5], fields[7] = a, a
        fields[15], fields[17] = b, b
        fields[25] = "1"
        fields[26], fields[27], fields[28] = code, code, code[:2]
        fields[29] = "1" if goldstein > 2 else ("2" if goldstein > 0 else ("3" if goldstein > -5 else "4"))
        fields[30] = f"{goldstein:.1f}"
        fields[31], fields[32], fields[33], fields[34] = "1", "1", "1", "0"
        fields[56] = day.strftime("%Y%m%d")
        fields[57] = f"https://example.org/events/{600000000 + i}"
        out.write("\t".join(fields) + "\n")


if __name__ == "__main__":
    main()
