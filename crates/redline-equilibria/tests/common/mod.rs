//! Test helpers shared by several test binaries.

use redline_core::RandomStream;

/// A random signalling game: nature picks one of `types`, the sender (who
/// sees it) sends one of `messages`, the receiver (who sees the message only)
/// takes one of `replies`; payoffs are random integers.
pub fn random_signalling(
    stream: &mut RandomStream,
    types: usize,
    messages: usize,
    replies: usize,
) -> String {
    let mut text = String::from("EFG 2 R \"random signalling\" { \"S\" \"R\" }\n\"\"\n");
    text.push_str("c \"\" 1 \"nature\" {");
    let weights: Vec<u64> = (0..types).map(|_| 1 + stream.below(5)).collect();
    let total: u64 = weights.iter().sum();
    for (t, w) in weights.iter().enumerate() {
        text.push_str(&format!(" \"t{t}\" {w}/{total}"));
    }
    text.push_str(" } 0\n");
    let mut outcome = 0;
    for t in 0..types {
        text.push_str(&format!("p \"\" 1 {} \"type {t}\" {{", t + 1));
        for m in 0..messages {
            text.push_str(&format!(" \"m{m}\""));
        }
        text.push_str(" } 0\n");
        for m in 0..messages {
            text.push_str(&format!("p \"\" 2 {} \"after m{m}\" {{", m + 1));
            for r in 0..replies {
                text.push_str(&format!(" \"r{r}\""));
            }
            text.push_str(" } 0\n");
            for _ in 0..replies {
                outcome += 1;
                let a = stream.below(21) as i64 - 10;
                let b = stream.below(21) as i64 - 10;
                text.push_str(&format!("t \"\" {outcome} \"\" {{ {a}, {b} }}\n"));
            }
        }
    }
    text
}
