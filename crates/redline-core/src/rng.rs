//! Seeded random streams.
//!
//! Every random number in redline comes from a [`RandomStream`] keyed by
//! `(seed, index, name)`: the user's seed, the index of the run (or match,
//! or sample), and the name of the stream ("talks", "strikes", "params"…).
//! Nothing depends on thread scheduling or on how many numbers another
//! stream consumed, so the same seed gives the same bytes on 1 or 16 threads,
//! and a counterfactual that changes one mechanism leaves the other
//! mechanisms' draws untouched (common random numbers).
//!
//! The generator is xoshiro256++ (Blackman & Vigna, "Scrambled linear
//! pseudorandom number generators", ACM TOMS 2021), seeded through
//! SplitMix64 (Steele, Lea & Flood, OOPSLA 2014) as its authors recommend.

/// One SplitMix64 step: advances `state` and returns a well-mixed output.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a hash of a stream name: stable across platforms and Rust versions
/// (unlike `std`'s hasher, whose output is not guaranteed).
fn fnv1a(name: &str) -> u64 {
    let mut hash: u64 = 0xCBF2_9CE4_8422_2325;
    for byte in name.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01B3);
    }
    hash
}

/// A reproducible pseudo-random stream (xoshiro256++).
#[derive(Clone, Debug)]
pub struct RandomStream {
    state: [u64; 4],
}

impl RandomStream {
    /// The stream for `(seed, index, name)`.
    pub fn new(seed: u64, index: u64, name: &str) -> Self {
        let mut mix = seed;
        let a = splitmix64(&mut mix);
        let mut mix = a ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03);
        let b = splitmix64(&mut mix);
        let mut mix = b ^ fnv1a(name);
        let mut state = [0u64; 4];
        for word in &mut state {
            *word = splitmix64(&mut mix);
        }
        // xoshiro's only bad state is all zeros; SplitMix64 cannot give four zeros
        // in a row, but keep the guarantee explicit.
        if state == [0; 4] {
            state[0] = 1;
        }
        RandomStream { state }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.state;
        let result = s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0]);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// A uniform number in [0, 1) with 53 random bits.
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A uniform number in the open interval (0, 1), safe for logarithms.
    pub fn uniform_open(&mut self) -> f64 {
        ((self.next_u64() >> 12) as f64 + 0.5) * (1.0 / (1u64 << 52) as f64)
    }

    /// True with probability `p` (p ≤ 0 never, p ≥ 1 always). Always consumes
    /// one draw, so that changing `p` never shifts later draws of the stream.
    pub fn bernoulli(&mut self, p: f64) -> bool {
        self.uniform() < p
    }

    /// A uniform integer in `0..n` (Lemire's nearly divisionless method);
    /// `n` must be positive.
    pub fn below(&mut self, n: u64) -> u64 {
        debug_assert!(n > 0);
        loop {
            let product = u128::from(self.next_u64()) * u128::from(n);
            let low = product as u64;
            if low >= n.wrapping_neg() % n {
                return (product >> 64) as u64;
            }
        }
    }

    /// A standard normal draw (Box–Muller; one of the pair is discarded so
    /// that each call consumes exactly two uniforms and the stream stays aligned).
    pub fn standard_normal(&mut self) -> f64 {
        let u1 = self.uniform_open();
        let u2 = self.uniform();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// Two independent standard normal draws from one Box–Muller transform
    /// (both of its outputs), for hot loops that need normals in pairs.
    pub fn standard_normal_pair(&mut self) -> (f64, f64) {
        let u1 = self.uniform_open();
        let u2 = self.uniform();
        let radius = (-2.0 * u1.ln()).sqrt();
        let (sin, cos) = (std::f64::consts::TAU * u2).sin_cos();
        (radius * cos, radius * sin)
    }

    /// A Gamma(shape, 1) draw (Marsaglia & Tsang 2000, with the shape < 1 boost).
    pub fn gamma(&mut self, shape: f64) -> f64 {
        if shape < 1.0 {
            let boost = self.uniform_open().powf(1.0 / shape);
            return self.gamma(shape + 1.0) * boost;
        }
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let x = self.standard_normal();
            let v = (1.0 + c * x).powi(3);
            if v <= 0.0 {
                continue;
            }
            let u = self.uniform_open();
            if u.ln() < 0.5 * x * x + d - d * v + d * v.ln() {
                return d * v;
            }
        }
    }

    /// A Beta(alpha, beta) draw from two gamma draws.
    pub fn beta(&mut self, alpha: f64, beta: f64) -> f64 {
        let x = self.gamma(alpha);
        let y = self.gamma(beta);
        x / (x + y)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_key_same_stream_and_names_separate_streams() {
        let mut a = RandomStream::new(42, 7, "talks");
        let mut b = RandomStream::new(42, 7, "talks");
        let mut c = RandomStream::new(42, 7, "strikes");
        let mut d = RandomStream::new(42, 8, "talks");
        let xs: Vec<u64> = (0..4).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..4).map(|_| b.next_u64()).collect();
        assert_eq!(xs, ys);
        assert_ne!(xs[0], c.next_u64());
        assert_ne!(xs[0], d.next_u64());
    }

    #[test]
    fn xoshiro_matches_reference_sequence() {
        // Reference: the xoshiro256++ C code (prng.di.unimi.it) from state {1, 2, 3, 4}:
        // first outputs 41943041, 58720359, 3588806011781223, 3591011842654386.
        let mut s = RandomStream {
            state: [1, 2, 3, 4],
        };
        let out: Vec<u64> = (0..4).map(|_| s.next_u64()).collect();
        assert_eq!(
            out,
            vec![41943041, 58720359, 3588806011781223, 3591011842654386]
        );
    }

    #[test]
    fn moments_of_distributions() {
        let mut s = RandomStream::new(1, 0, "moments");
        let n = 200_000;
        let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
        let u: Vec<f64> = (0..n).map(|_| s.uniform()).collect();
        assert!((mean(&u) - 0.5).abs() < 0.005);
        let mut z: Vec<f64> = Vec::with_capacity(n);
        for _ in 0..n / 4 {
            let (a, b) = s.standard_normal_pair();
            z.extend([a, b, s.standard_normal(), s.standard_normal()]);
        }
        let mz = mean(&z);
        let vz = z.iter().map(|x| (x - mz).powi(2)).sum::<f64>() / n as f64;
        assert!(mz.abs() < 0.01 && (vz - 1.0).abs() < 0.01);
        let g: Vec<f64> = (0..n).map(|_| s.gamma(0.5)).collect();
        assert!((mean(&g) - 0.5).abs() < 0.01);
        let b: Vec<f64> = (0..n).map(|_| s.beta(2.0, 6.0)).collect();
        assert!((mean(&b) - 0.25).abs() < 0.005);
        let counts = (0..n).fold([0u32; 3], |mut c, _| {
            c[s.below(3) as usize] += 1;
            c
        });
        assert!(
            counts
                .iter()
                .all(|&c| (c as f64 / n as f64 - 1.0 / 3.0).abs() < 0.01)
        );
    }
}
