//! Round trips of the Gambit writers (proptest): any strategic-form game,
//! with any names (quotes, backslashes, non-ASCII) and any rational payoffs,
//! written as `.nfg` and read back, is the same game.

use num_bigint::BigInt;
use num_rational::BigRational;
use proptest::prelude::*;
use redline_equilibria::nfg::{NormalFormGame, parse_nfg, write_nfg};

fn name() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zA-Z0-9 \"\\\\é{}]{0,12}").expect("regex")
}

fn rational() -> impl Strategy<Value = BigRational> {
    (any::<i64>(), 1i64..1_000_000)
        .prop_map(|(n, d)| BigRational::new(BigInt::from(n), BigInt::from(d)))
}

fn game() -> impl Strategy<Value = NormalFormGame> {
    (prop::collection::vec(1usize..4, 1..4), name(), name()).prop_flat_map(
        |(counts, title, comment)| {
            let players = counts.len();
            let contingencies: usize = counts.iter().product();
            (
                Just(title),
                Just(comment),
                prop::collection::vec(name(), players),
                counts
                    .iter()
                    .map(|&n| prop::collection::vec(name(), n))
                    .collect::<Vec<_>>(),
                prop::collection::vec(prop::collection::vec(rational(), players), contingencies),
            )
                .prop_map(|(title, comment, players, strategies, payoffs)| {
                    NormalFormGame {
                        title,
                        comment,
                        players,
                        strategies,
                        payoffs,
                    }
                })
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn an_nfg_reads_back_as_written(g in game()) {
        let text = write_nfg(&g);
        let back = parse_nfg("roundtrip.nfg", &text);
        prop_assert!(back.is_ok(), "{:?}\n{text}", back.err());
        prop_assert_eq!(back.ok(), Some(g), "{}", text);
    }
}
