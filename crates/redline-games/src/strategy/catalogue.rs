//! The catalogue of the strategy library: each rule's name as the `axelrod`
//! library prints it, its aliases, description and source; lookup by name
//! (with "did you mean"); and the lists of rules (every rule in the library
//! order, the deterministic benchmark, the entrants of Axelrod's first
//! tournament). How a rule plays is in [`super::behaviour`].

use super::Rule;
use redline_core::InputError;
use redline_core::input_error::did_you_mean;

/// Every rule in the library order, with its default parameters.
pub fn all() -> Vec<Rule> {
    use Rule::*;
    vec![
        Cooperator,
        Defector,
        TitForTat,
        Grudger,
        TitFor2Tats,
        TwoTitsForTat,
        WinStayLoseShift,
        Alternator,
        SuspiciousTitForTat,
        Prober,
        Cycler("CCD"),
        Cycler("DDC"),
        Bully,
        SoftGoByMajority,
        HardTitForTat,
        Davis { rounds: 10 },
        Downing,
        Nydegger,
        Shubik,
        TidemanChieruzzi,
        SteinRapoport { alpha: 0.05 },
        Grofman,
        Random { p: 0.5 },
        GenerousTitForTat { p: None },
        Joss { p: 0.9 },
        AntiTitForTat,
        Cycler("DC"),
        WinShiftLoseStay,
        Feld,
        Graaskamp { alpha: 0.05 },
        Tullock,
        Anonymous,
        Grit {
            patience: 5,
            ladder: false,
        },
        Grit {
            patience: 5,
            ladder: true,
        },
        ContriteTitForTat,
    ]
}

/// The 21 deterministic strategies of the benchmark: the 15 from Cooperator
/// to Hard Tit For Tat and the six deterministic entries of Axelrod's first
/// tournament.
pub fn deterministic_benchmark() -> Vec<Rule> {
    all()
        .into_iter()
        .take(21)
        .filter(|s| !s.is_stochastic())
        .collect()
}

/// Axelrod's first tournament (Axelrod 1980), its 15 entries in the
/// `axelrod` library's order; Friedman's entry is Grudger and the RANDOM
/// entry is `Random: 0.5`.
pub fn first_tournament() -> Vec<Rule> {
    use Rule::*;
    vec![
        TitForTat,
        TidemanChieruzzi,
        Nydegger,
        Grofman,
        Shubik,
        SteinRapoport { alpha: 0.05 },
        Grudger,
        Davis { rounds: 10 },
        Graaskamp { alpha: 0.05 },
        Downing,
        Feld,
        Joss { p: 0.9 },
        Tullock,
        Anonymous,
        Random { p: 0.5 },
    ]
}

fn number(x: f64) -> String {
    // Python's str() of a float: "0.5", "1.0", "0.05".
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.1}")
    } else {
        format!("{x}")
    }
}

impl Rule {
    /// The name without parameters (`First by Davis`).
    pub fn base_name(&self) -> &'static str {
        use Rule::*;
        match self {
            Cooperator => "Cooperator",
            Defector => "Defector",
            TitForTat => "Tit For Tat",
            Grudger => "Grudger",
            TitFor2Tats => "Tit For 2 Tats",
            TwoTitsForTat => "Two Tits For Tat",
            WinStayLoseShift => "Win-Stay Lose-Shift",
            Alternator => "Alternator",
            SuspiciousTitForTat => "Suspicious Tit For Tat",
            Prober => "Prober",
            Cycler("CCD") => "Cycler CCD",
            Cycler("DDC") => "Cycler DDC",
            Cycler("DC") => "Cycler DC",
            Cycler(_) => "Cycler",
            Bully => "Bully",
            SoftGoByMajority => "Soft Go By Majority",
            HardTitForTat => "Hard Tit For Tat",
            Davis { .. } => "First by Davis",
            Downing => "First by Downing",
            Nydegger => "First by Nydegger",
            Shubik => "First by Shubik",
            TidemanChieruzzi => "First by Tideman and Chieruzzi",
            SteinRapoport { .. } => "First by Stein and Rapoport",
            Grofman => "First by Grofman",
            Feld => "First by Feld",
            Graaskamp { .. } => "First by Graaskamp",
            Joss { .. } => "First by Joss",
            Tullock => "First by Tullock",
            Anonymous => "First by Anonymous",
            Random { .. } => "Random",
            GenerousTitForTat { .. } => "GTFT",
            AntiTitForTat => "Anti Tit For Tat",
            WinShiftLoseStay => "Win-Shift Lose-Stay",
            Grit { ladder: false, .. } => "GRIT",
            Grit { ladder: true, .. } => "GRIT Ladder",
            ContriteTitForTat => "Contrite Tit For Tat",
        }
    }

    /// The name as the `axelrod` library prints it, with parameters
    /// (`First by Davis: 10`, `First by Stein and Rapoport: 0.05: (D, D)`).
    pub fn name(&self) -> String {
        use Rule::*;
        let base = self.base_name();
        match self {
            Davis { rounds } => format!("{base}: {rounds}"),
            TidemanChieruzzi => format!("{base}: (D, D)"),
            SteinRapoport { alpha } => format!("{base}: {}: (D, D)", number(*alpha)),
            Graaskamp { alpha } => format!("{base}: {}", number(*alpha)),
            Feld => format!("{base}: 1.0, 0.5, 200"),
            Joss { p } | Random { p } => format!("{base}: {}", number(*p)),
            GenerousTitForTat { p } => {
                let p = p.unwrap_or(1.0 / 3.0);
                format!("{base}: {}", number((p * 100.0).round() / 100.0))
            }
            WinShiftLoseStay => format!("{base}: D"),
            Grit { patience, .. } => format!("{base}: {patience}"),
            Cycler(cycle) if base == "Cycler" => format!("{base} {cycle}"),
            _ => base.to_string(),
        }
    }

    /// Other names the strategy answers to (the and common ones).
    fn aliases(&self) -> &'static [&'static str] {
        use Rule::*;
        match self {
            GenerousTitForTat { .. } => &["Generous Tit For Tat", "Generous TFT"],
            Joss { .. } => &["Joss"],
            SoftGoByMajority => &["Go By Majority"],
            WinStayLoseShift => &["Pavlov", "WSLS"],
            TitForTat => &["TFT"],
            ContriteTitForTat => &["CTFT"],
            _ => &[],
        }
    }

    /// True when the strategy draws random numbers.
    pub fn is_stochastic(&self) -> bool {
        use Rule::*;
        match self {
            Grofman | Feld | Graaskamp { .. } | Tullock | Anonymous => true,
            Random { p } | Joss { p } => *p > 0.0 && *p < 1.0,
            GenerousTitForTat { p } => p.is_none_or(|p| p > 0.0 && p < 1.0),
            _ => false,
        }
    }

    /// A one-line description of the rule.
    pub fn description(&self) -> &'static str {
        use Rule::*;
        match self {
            Cooperator => "Always cooperates.",
            Defector => "Always defects.",
            TitForTat => "Cooperates first, then copies the opponent's last move.",
            Grudger => "Cooperates until the opponent defects once, then defects forever.",
            TitFor2Tats => "Defects only after two consecutive defections of the opponent.",
            TwoTitsForTat => "Defects if the opponent defected in either of its last two moves.",
            WinStayLoseShift => "Repeats its move after R or T, switches after S or P.",
            Alternator => "C, D, C, D, ...",
            SuspiciousTitForTat => "Defects first, then copies the opponent's last move.",
            Prober => {
                "D, C, C; then always D if the opponent cooperated on moves 2 and 3, else Tit For Tat."
            }
            Cycler(_) => "Repeats its cycle of moves.",
            Bully => "Defects first, then plays the opposite of the opponent's last move.",
            SoftGoByMajority => {
                "Cooperates unless the opponent has defected more often than cooperated."
            }
            HardTitForTat => "Defects if the opponent defected in any of its last three moves.",
            Davis { .. } => "Cooperates for the first 10 moves, then Grudger.",
            Downing => {
                "Defects twice, then plays the move with the higher expected payoff against estimated P(C|C), P(C|D)."
            }
            Nydegger => "Tit For Tat for three moves, then a lookup on the last three outcomes.",
            Shubik => "Retaliates k times for the k-th departure from mutual cooperation.",
            TidemanChieruzzi => {
                "Growing retaliation, fresh starts for a cooperative loser, defects on the last two moves."
            }
            SteinRapoport { .. } => {
                "Cooperates 4 moves, then Tit For Tat, defecting against apparent randomness (chi-squared every 15 moves) and on the last two moves."
            }
            Grofman => {
                "Cooperates after matching moves, cooperates with probability 2/7 after differing ones."
            }
            Feld => {
                "Tit For Tat whose cooperation after a cooperation decays linearly to 0.5 by move 200."
            }
            Graaskamp { .. } => {
                "Tit For Tat, defects on move 51, then defects against randomness, mirrors Tit For Tat or clones, else defects every 5 to 14 moves."
            }
            Joss { .. } => "Tit For Tat that cooperates only 90% of the time after a cooperation.",
            Tullock => {
                "Cooperates 11 moves, then cooperates 10% less often than the opponent did in its last 10 moves."
            }
            Anonymous => "Cooperates with a probability drawn uniformly in [0.3, 0.7] each move.",
            Random { .. } => "Cooperates with probability p.",
            GenerousTitForTat { .. } => {
                "Cooperates after a cooperation; after a defection cooperates with probability p (1/3 in the PD)."
            }
            AntiTitForTat => {
                "Cooperates first, then plays the opposite of the opponent's last move."
            }
            WinShiftLoseStay => "Defects first; switches after R or T, repeats after S or P.",
            Grit { ladder: false, .. } => {
                "Osgood's GRIT: announced conciliatory moves kept up through non-reciprocation, one-move retaliation for exploitation, reciprocity after a failed initiative, renewed initiatives."
            }
            Grit { ladder: true, .. } => {
                "GRIT on a hostility ladder: steps down one rung at a time from the top, one-rung one-move retaliation for escalation."
            }
            ContriteTitForTat => {
                "Tit For Tat on standings: accepts punishment for its own unprovoked defections, and doubts an isolated defection that the opponent then punishes."
            }
        }
    }

    /// Where the rule comes from.
    pub fn source(&self) -> &'static str {
        use Rule::*;
        match self {
            Cooperator | Defector | Alternator | Cycler(_) | Random { .. } => {
                "axelrod library 4.14 (Axelrod 1984, The Evolution of Cooperation)"
            }
            TitForTat => {
                "Rapoport, entry to Axelrod (1980), Effective Choice in the Prisoner's Dilemma, JCR 24(1)"
            }
            Grudger => "Friedman, entry to Axelrod (1980)",
            TitFor2Tats => {
                "Maynard Smith, entry to Axelrod (1980b), More Effective Choice in the Prisoner's Dilemma"
            }
            TwoTitsForTat | Bully | SoftGoByMajority => {
                "Axelrod (1984), The Evolution of Cooperation; axelrod library 4.14"
            }
            WinStayLoseShift => {
                "Nowak & Sigmund (1993), A strategy of win-stay, lose-shift..., Nature 364"
            }
            SuspiciousTitForTat => "Beaufils, Delahaye & Mathieu (1997); axelrod library 4.14",
            Prober => "Li, Hingston & Kendall (2011); axelrod library 4.14",
            HardTitForTat => "Stewart & Plotkin (2012); axelrod library 4.14",
            Davis { .. }
            | Downing
            | Nydegger
            | Shubik
            | TidemanChieruzzi
            | SteinRapoport { .. }
            | Grofman
            | Feld
            | Graaskamp { .. }
            | Joss { .. }
            | Tullock
            | Anonymous => {
                "Axelrod (1980), Effective Choice in the Prisoner's Dilemma, JCR 24(1), as interpreted by the axelrod library 4.14"
            }
            GenerousTitForTat { .. } => {
                "Nowak & Sigmund (1992), Tit for tat in heterogeneous populations, Nature 355"
            }
            AntiTitForTat => "Hilbe, Nowak & Traulsen (2013); axelrod library 4.14",
            WinShiftLoseStay => "Li (2011); axelrod library 4.14",
            Grit { .. } => {
                "Osgood (1962), An Alternative to War or Surrender; Lindskold (1978), Psychological Bulletin 85(4); rules formalised in docs/model/games.md"
            }
            ContriteTitForTat => {
                "Sugden (1986); Boyd (1989), J. Theor. Biol. 136; Wu & Axelrod (1995), JCR 39(1); doubt rule in docs/model/games.md"
            }
        }
    }

    /// Finds a strategy by name: the library's printed name, the bare name,
    /// an alias, case-insensitively, with `: value` parameters where the
    /// strategy has one (`Random: 0.3`, `First by Davis: 5`, `GRIT: 8`).
    pub fn parse(text: &str) -> Result<Rule, InputError> {
        let wanted = text.trim();
        let lower = wanted.to_lowercase();
        for s in all() {
            let mut names = vec![s.name(), s.base_name().to_string()];
            names.extend(s.aliases().iter().map(|a| a.to_string()));
            if names.iter().any(|n| n.to_lowercase() == lower) {
                return Ok(s);
            }
        }
        // A parameter after the first ": ".
        if let Some((head, value)) = wanted.split_once(':') {
            let head = head.trim().to_lowercase();
            let value = value.trim();
            let bad = |what: &str| {
                InputError::new("strategy", format!("`{wanted}`: {what}"))
                    .hint("see `redline strategies` for the names")
            };
            for s in all() {
                let matches = s.base_name().to_lowercase() == head
                    || s.aliases().iter().any(|a| a.to_lowercase() == head);
                if !matches {
                    continue;
                }
                let probability = || -> Result<f64, InputError> {
                    match value.parse::<f64>() {
                        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
                        _ => Err(bad("the parameter must be a probability in [0, 1]")),
                    }
                };
                let count = || -> Result<usize, InputError> {
                    value
                        .parse::<usize>()
                        .map_err(|_| bad("the parameter must be a whole number"))
                };
                return match s {
                    Rule::Random { .. } => Ok(Rule::Random { p: probability()? }),
                    Rule::Joss { .. } => Ok(Rule::Joss { p: probability()? }),
                    Rule::GenerousTitForTat { .. } => Ok(Rule::GenerousTitForTat {
                        p: Some(probability()?),
                    }),
                    Rule::Davis { .. } => Ok(Rule::Davis { rounds: count()? }),
                    Rule::Grit { ladder, .. } => Ok(Rule::Grit {
                        patience: count()?,
                        ladder,
                    }),
                    _ => Err(bad("this strategy takes no parameter")),
                };
            }
        }
        let names: Vec<String> = all().iter().map(|s| s.name()).collect();
        let mut error = InputError::new("strategy", format!("unknown strategy `{wanted}`"));
        error = match did_you_mean(wanted, names.iter().map(String::as_str)) {
            Some(close) => error.hint(format!("did you mean `{close}`?")),
            None => error.hint("`redline strategies` lists them"),
        };
        Err(error)
    }

    /// Parses a comma-separated list of names; a comma inside parentheses (as
    /// in `(D, D)`) does not split.
    pub fn parse_list(text: &str) -> Result<Vec<Rule>, InputError> {
        let mut names = Vec::new();
        let mut depth = 0usize;
        let mut current = String::new();
        for ch in text.chars() {
            match ch {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                _ => {}
            }
            if ch == ',' && depth == 0 {
                names.push(std::mem::take(&mut current));
            } else {
                current.push(ch);
            }
        }
        names.push(current);
        let names: Vec<&str> = names
            .iter()
            .map(|n| n.trim())
            .filter(|n| !n.is_empty())
            .collect();
        if names.is_empty() {
            return Err(InputError::new("--strategies", "no strategy named"));
        }
        names.into_iter().map(Rule::parse).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_as_the_library_prints_them() {
        assert_eq!(Rule::Davis { rounds: 10 }.name(), "First by Davis: 10");
        assert_eq!(
            Rule::SteinRapoport { alpha: 0.05 }.name(),
            "First by Stein and Rapoport: 0.05: (D, D)"
        );
        assert_eq!(Rule::Random { p: 0.5 }.name(), "Random: 0.5");
        assert_eq!(Rule::GenerousTitForTat { p: None }.name(), "GTFT: 0.33");
        assert_eq!(Rule::Feld.name(), "First by Feld: 1.0, 0.5, 200");
        assert_eq!(Rule::WinShiftLoseStay.name(), "Win-Shift Lose-Stay: D");
    }

    #[test]
    fn parses_bare_printed_and_parametrised_names() {
        for s in all() {
            assert_eq!(Rule::parse(&s.name()).unwrap(), s);
            assert_eq!(
                Rule::parse(s.base_name()).unwrap().base_name(),
                s.base_name()
            );
        }
        assert_eq!(
            Rule::parse("first by davis").unwrap(),
            Rule::Davis { rounds: 10 }
        );
        assert_eq!(
            Rule::parse("Random: 0.25").unwrap(),
            Rule::Random { p: 0.25 }
        );
        assert_eq!(Rule::parse("Joss: 0.9").unwrap(), Rule::Joss { p: 0.9 });
        assert!(Rule::parse("Random: 2").is_err());
        let e = Rule::parse("Tit For Tatt").unwrap_err();
        assert!(e.hint.unwrap().contains("Tit For Tat"));
        let list = Rule::parse_list(
            "Tit For Tat, First by Tideman and Chieruzzi: (D, D),First by Stein and Rapoport: 0.05: (D, D)",
        )
        .unwrap();
        assert_eq!(list.len(), 3);
        assert_eq!(list[1], Rule::TidemanChieruzzi);
    }

    #[test]
    fn benchmark_set_has_21_deterministic_strategies() {
        let set = deterministic_benchmark();
        assert_eq!(set.len(), 21);
        assert_eq!(set[14], Rule::HardTitForTat);
        assert_eq!(set[20], Rule::SteinRapoport { alpha: 0.05 });
        assert_eq!(first_tournament().len(), 15);
    }
}
