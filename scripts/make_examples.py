#!/usr/bin/env python3
"""Writes the small example inputs under examples/ (all of our own making).

Run from the repository root: `python3 scripts/make_examples.py`. The files are
committed; this script documents how they were made and remakes them byte for
byte (a fixed seed, no dependencies beyond the standard library).

- examples/events/usa-irn-2024.tsv: a synthetic GDELT 1.0 daily-export file
  (58 tab-separated columns, no header, as GDELT publishes them) of US-Iran
  events through 2024 in which each side tends to answer the other's last
  week in kind, plus unrelated dyads the readers must filter out. Synthetic:
  the events, dates and URLs are invented, for trying the commands.
- examples/games/standoff.nfg: a 2x2 red-line standoff in strategic form.
- examples/games/ultimatum.efg: a coercer's ultimatum and the target's
  answer, with a chance move for the coercer's resolve, in extensive form.
- examples/games/escalation.efg: a threat, a crossing and a strike, with
  perfect information (for backward induction).
- examples/bargaining/enrichment.csv: a KTAB-format CSV of a one-dimensional
  enrichment question (invented actors' positions, for illustration).
- examples/redlines/record.csv: a four-row red-line record in the project's
  format (invented statements, for illustration).
"""

import datetime
import os
import random

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples")

# CAMEO codes with their GDELT Goldstein scores, by how cooperative they are.
COOPERATIVE = [("036", 4.0), ("040", 1.0), ("057", 8.0), ("0841", 7.0)]
HOSTILE = [("111", -2.0), ("130", -4.4), ("163", -8.0), ("172", -5.0)]


def gdelt_row(event_id, day, actor1, actor2, code, goldstein):
    """One GDELT 1.0 event row: 58 fields, empty where the example has nothing."""
    fields = [""] * 58
    fields[0] = str(event_id)
    fields[1] = day.strftime("%Y%m%d")
    fields[2] = day.strftime("%Y%m")
    fields[3] = day.strftime("%Y")
    fields[4] = f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}"
    fields[5], fields[7] = actor1, actor1
    fields[15], fields[17] = actor2, actor2
    fields[25] = "1"
    fields[26] = code
    fields[27] = code[:3]
    fields[28] = code[:2]
    fields[29] = "1" if goldstein > 2 else ("2" if goldstein > 0 else ("3" if goldstein > -5 else "4"))
    fields[30] = f"{goldstein:.1f}"
    fields[31], fields[32], fields[33] = "1", "1", "1"
    fields[34] = "0"
    fields[56] = day.strftime("%Y%m%d")
    fields[57] = f"https://example.org/events/{event_id}"
    return "\t".join(fields)


def events():
    rng = random.Random(2024)
    rows = []
    event_id = 500000000
    start = datetime.date(2024, 1, 1)
    # Each side's share of hostile events last week.
    hostility = {"USA": 0.6, "IRN": 0.7}
    for week in range(52):
        this_week = {}
        for actor, other in (("USA", "IRN"), ("IRN", "USA")):
            # Answer in kind: the chance of a hostile act follows the other's last week.
            p = 0.1 + 0.8 * hostility[other]
            n = rng.randint(6, 12)
            hostile = 0
            for _ in range(n):
                day = start + datetime.timedelta(days=7 * week + rng.randint(0, 6))
                is_hostile = rng.random() < p
                hostile += is_hostile
                code, score = rng.choice(HOSTILE if is_hostile else COOPERATIVE)
                event_id += 1
                rows.append((day, gdelt_row(event_id, day, actor, other, code, score)))
            this_week[actor] = hostile / n
        hostility = this_week
        for actor, other in (("ISR", "LBN"), ("FRA", "DEU")):
            day = start + datetime.timedelta(days=7 * week + rng.randint(0, 6))
            code, score = rng.choice(COOPERATIVE + HOSTILE)
            event_id += 1
            rows.append((day, gdelt_row(event_id, day, actor, other, code, score)))
    rows.sort(key=lambda r: r[0])
    return "".join(r + "\n" for _, r in rows)


# The coercer would rather hold if the target stays below the line and strike
# if it crosses; the target would rather cross if the coercer holds and stay
# if it strikes: no pure equilibrium, one mixed one.
STANDOFF = """NFG 1 R "Red-line standoff" { "Target" "Coercer" } { { "stay below" "cross" } { "hold" "strike" } }
"The target may cross a red line; the coercer may strike. Invented payoffs."

0 1 2 -2 -1 -1 -3 0
"""

ULTIMATUM = """EFG 2 R "Ultimatum with uncertain resolve" { "Coercer" "Target" }
"The coercer's resolve is drawn by chance; the target sees only the ultimatum. Invented payoffs."

c "resolve" 1 "" { "resolved" 1/3 "bluffing" 2/3 } 0
p "" 1 1 "resolved coercer" { "ultimatum" "no ultimatum" } 0
p "" 2 1 "after an ultimatum" { "comply" "defy" } 0
t "" 1 "resolved, complied" { 2, -1 }
t "" 2 "resolved, defied: strike" { -1, -3 }
t "" 3 "resolved, no ultimatum" { 0, 0 }
p "" 1 2 "bluffing coercer" { "ultimatum" "no ultimatum" } 0
p "" 2 1 "after an ultimatum" { "comply" "defy" } 0
t "" 4 "bluffing, complied" { 2, -1 }
t "" 5 "bluffing, defied: back down" { -2, 1 }
t "" 6 "bluffing, no ultimatum" { 0, 0 }
"""

# Perfect information: a threat, a crossing, a strike. Backward induction
# solves it: striking (-2) beats backing down (-3), so the threat is credible
# and the target holds back.
ESCALATION = """EFG 2 R "Escalation ladder" { "Coercer" "Target" }
"A threat, then the target crosses or not, then the coercer strikes or backs down. Invented payoffs."

p "" 1 1 "threaten?" { "threaten" "stay quiet" } 0
p "" 2 1 "cross?" { "cross" "hold back" } 0
p "" 1 2 "strike?" { "strike" "back down" } 0
t "" 1 "struck" { -2, -3 }
t "" 2 "backed down" { -3, 2 }
t "" 3 "held back" { 1, -1 }
t "" 4 "quiet" { 0, 0 }
"""

ENRICHMENT = """Enrichment,"How far enrichment may go (0: none, 100: weapons grade); invented positions",6,1,
Actor,Description,Power,Pstn1,Sal1,
US,United States,100,0,80,
IRN,Iran,60,60,90,
E3,"France, Germany, UK",50,4,60,
RUS,Russia,40,20,30,
CHN,China,40,25,25,
ISR,Israel,45,0,95,
"""

RECORD = """date,actor,statement,topic,stance,source_url,followed_by,outcome_date,held,economic_pressure,deadline_proximity,attack_threat,note
2020-01-10,AAA,"Leader A rules out talks while sanctions stand",talks,reject,https://example.org/a1,"Indirect talks through a mediator",2020-04,no,1,0,0.5,invented example
2021-03-02,AAA,"Leader A demands all sanctions lifted before any step",talks,demand,https://example.org/a2,"A phased first step without full lifting",2021-09,no,1,1,0,invented example
2022-06-15,BBB,"Leader B warns that enrichment above 60% is a red line",enrichment,threat,https://example.org/b1,"Enrichment stayed at 60%",2022-12,yes,0,0,1,invented example
2023-02-20,AAA,"Leader A rejects inspections of military sites",inspections,reject,https://example.org/a3,"No inspections of military sites",2023-08,yes,1,0,0,invented example
"""


def write(path, text):
    path = os.path.join(ROOT, path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


if __name__ == "__main__":
    write("events/usa-irn-2024.tsv", events())
    write("games/standoff.nfg", STANDOFF)
    write("games/ultimatum.efg", ULTIMATUM)
    write("games/escalation.efg", ESCALATION)
    write("bargaining/enrichment.csv", ENRICHMENT)
    write("redlines/record.csv", RECORD)
