//! Distributions over a parameter's value, to express an analyst's uncertainty.
//!
//! A scenario may give any numeric parameter as a distribution instead of a
//! point value; each run of an ensemble draws its own value. Supported:
//! fixed, uniform, triangular, beta (optionally rescaled to `[low, high]`) and
//! normal truncated to the parameter's valid range (sampled by inverting the
//! normal CDF between the truncation points, so one uniform draw gives one
//! value and the stream stays aligned across counterfactuals).

use crate::rng::RandomStream;
use std::fmt;

/// A distribution over one parameter's value.
#[derive(Clone, Debug, PartialEq)]
pub enum Distribution {
    /// Always this value.
    Fixed(f64),
    /// Uniform on `[low, high]`.
    Uniform {
        /// Lower end.
        low: f64,
        /// Upper end.
        high: f64,
    },
    /// Triangular on `[low, high]` with its peak at `mode`.
    Triangular {
        /// Lower end.
        low: f64,
        /// Most likely value.
        mode: f64,
        /// Upper end.
        high: f64,
    },
    /// Beta(alpha, beta) rescaled from [0, 1] to `[low, high]`.
    Beta {
        /// First shape parameter.
        alpha: f64,
        /// Second shape parameter.
        beta: f64,
        /// Value that 0 maps to.
        low: f64,
        /// Value that 1 maps to.
        high: f64,
    },
    /// Normal(mean, sd) truncated to `[low, high]` (the parameter's range).
    TruncatedNormal {
        /// Mean before truncation.
        mean: f64,
        /// Standard deviation before truncation.
        sd: f64,
        /// Lower truncation point.
        low: f64,
        /// Upper truncation point.
        high: f64,
    },
}

impl Distribution {
    /// True for a point value (no draw needed).
    pub fn is_fixed(&self) -> bool {
        matches!(self, Distribution::Fixed(_))
    }

    /// The distribution's central value: the point value, or the mean.
    pub fn central(&self) -> f64 {
        match *self {
            Distribution::Fixed(v) => v,
            Distribution::Uniform { low, high } => 0.5 * (low + high),
            Distribution::Triangular { low, mode, high } => (low + mode + high) / 3.0,
            Distribution::Beta {
                alpha,
                beta,
                low,
                high,
            } => low + (high - low) * alpha / (alpha + beta),
            Distribution::TruncatedNormal {
                mean,
                sd,
                low,
                high,
            } => {
                let (a, b) = ((low - mean) / sd, (high - mean) / sd);
                let mass = normal_cdf(b) - normal_cdf(a);
                if mass > 0.0 {
                    mean + sd * (normal_pdf(a) - normal_pdf(b)) / mass
                } else {
                    mean.clamp(low, high)
                }
            }
        }
    }

    /// The smallest and largest values the distribution can give.
    pub fn support(&self) -> (f64, f64) {
        match *self {
            Distribution::Fixed(v) => (v, v),
            Distribution::Uniform { low, high }
            | Distribution::Triangular { low, high, .. }
            | Distribution::Beta { low, high, .. }
            | Distribution::TruncatedNormal { low, high, .. } => (low, high),
        }
    }

    /// One draw. Every distribution uses exactly one uniform, except beta
    /// (two gamma draws), so streams stay aligned between variants.
    pub fn sample(&self, stream: &mut RandomStream) -> f64 {
        match *self {
            Distribution::Fixed(v) => v,
            Distribution::Uniform { low, high } => low + (high - low) * stream.uniform(),
            Distribution::Triangular { low, mode, high } => {
                let u = stream.uniform();
                let cut = (mode - low) / (high - low);
                if u < cut {
                    low + ((high - low) * (mode - low) * u).sqrt()
                } else {
                    high - ((high - low) * (high - mode) * (1.0 - u)).sqrt()
                }
            }
            Distribution::Beta {
                alpha,
                beta,
                low,
                high,
            } => low + (high - low) * stream.beta(alpha, beta),
            Distribution::TruncatedNormal {
                mean,
                sd,
                low,
                high,
            } => {
                let (pa, pb) = (
                    normal_cdf((low - mean) / sd),
                    normal_cdf((high - mean) / sd),
                );
                let u = pa + (pb - pa) * stream.uniform_open();
                (mean + sd * normal_quantile(u)).clamp(low, high)
            }
        }
    }
}

impl fmt::Display for Distribution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Distribution::Fixed(v) => write!(f, "{v}"),
            Distribution::Uniform { low, high } => write!(f, "uniform({low}, {high})"),
            Distribution::Triangular { low, mode, high } => {
                write!(f, "triangular({low}, {mode}, {high})")
            }
            Distribution::Beta {
                alpha,
                beta,
                low,
                high,
            } if low == 0.0 && high == 1.0 => {
                write!(f, "beta({alpha}, {beta})")
            }
            Distribution::Beta {
                alpha,
                beta,
                low,
                high,
            } => write!(f, "beta({alpha}, {beta}) on [{low}, {high}]"),
            Distribution::TruncatedNormal {
                mean,
                sd,
                low,
                high,
            } => {
                write!(f, "normal({mean}, {sd}) in [{low}, {high}]")
            }
        }
    }
}

fn normal_pdf(x: f64) -> f64 {
    (-0.5 * x * x).exp() / (2.0 * std::f64::consts::PI).sqrt()
}

/// The standard normal CDF, Φ(x), via erfc (W. J. Cody's rational
/// approximations as given in Numerical Recipes §6.2, `erfcc`, |ε| < 1.2e-7).
pub fn normal_cdf(x: f64) -> f64 {
    if x == f64::INFINITY {
        return 1.0;
    }
    if x == f64::NEG_INFINITY {
        return 0.0;
    }
    0.5 * erfc(-x / std::f64::consts::SQRT_2)
}

fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let r = t * poly.exp();
    if x >= 0.0 { r } else { 2.0 - r }
}

/// The standard normal quantile, Φ⁻¹(p) for p in (0, 1) (P. J. Acklam's
/// rational approximation, relative error < 1.15e-9).
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let p = p.clamp(1e-300, 1.0 - 1e-16);
    let low = 0.024_25;
    if p < low {
        let q = (-2.0 * p.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else if p <= 1.0 - low {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        let q = (-2.0 * (1.0 - p).ln()).sqrt();
        -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_functions_match_tables() {
        // Standard normal table values (Abramowitz & Stegun, Table 26.1).
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-7);
        assert!((normal_cdf(1.96) - 0.975_002_1).abs() < 1e-6);
        assert!((normal_cdf(-1.0) - 0.158_655_3).abs() < 1e-6);
        assert!((normal_quantile(0.975) - 1.959_964).abs() < 1e-6);
        assert!((normal_quantile(0.01) + 2.326_348).abs() < 1e-6);
    }

    #[test]
    fn samples_stay_in_support_with_expected_means() {
        let cases = [
            Distribution::Uniform {
                low: 2.0,
                high: 4.0,
            },
            Distribution::Triangular {
                low: 0.0,
                mode: 0.2,
                high: 1.0,
            },
            Distribution::Beta {
                alpha: 2.0,
                beta: 3.0,
                low: 0.0,
                high: 10.0,
            },
            Distribution::TruncatedNormal {
                mean: 0.9,
                sd: 0.3,
                low: 0.0,
                high: 1.0,
            },
        ];
        // Means by hand: 3; (0 + 0.2 + 1)/3 = 0.4; 10·2/5 = 4; the truncated normal's
        // mean from the textbook formula μ + σ(φ(a) − φ(b))/(Φ(b) − Φ(a)), a = −3, b = 1/3:
        // φ(−3) = 0.004432, φ(1/3) = 0.377383, Φ(1/3) = 0.630559, Φ(−3) = 0.001350.
        let expected = [
            3.0,
            0.4,
            4.0,
            0.9 + 0.3 * (0.004_432 - 0.377_383) / (0.630_559 - 0.001_350),
        ];
        for (dist, want) in cases.iter().zip(expected) {
            let mut stream = RandomStream::new(9, 0, "dist");
            let n = 100_000;
            let (lo, hi) = dist.support();
            let mut sum = 0.0;
            for _ in 0..n {
                let x = dist.sample(&mut stream);
                assert!((lo..=hi).contains(&x), "{dist}: {x}");
                sum += x;
            }
            let mean = sum / n as f64;
            assert!(
                (mean - want).abs() < 0.01 * (hi - lo),
                "{dist}: mean {mean}, want {want}"
            );
            assert!(
                (dist.central() - want).abs() < 1e-3,
                "{dist}: central {}",
                dist.central()
            );
        }
    }
}
