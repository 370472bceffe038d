//! Distributions over a parameter's value, to express an analyst's uncertainty.
//!
//! A scenario may give any numeric parameter as a distribution instead of a
//! point value; each run of an ensemble draws its own value. Supported:
//! fixed, uniform, triangular, beta (optionally rescaled to `[low, high]`) and
//! normal truncated to the parameter's valid range (sampled by inverting the
//! normal CDF between the truncation points, so one uniform draw gives one
//! value and the stream stays aligned across counterfactuals).

use crate::rng::RandomStream;
use crate::special::{beta_quantile, normal_cdf, normal_quantile};
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

    /// One draw: the quantile of one uniform, except beta (two gamma draws),
    /// so that streams stay aligned between variants.
    pub fn sample(&self, stream: &mut RandomStream) -> f64 {
        match *self {
            Distribution::Fixed(v) => v,
            // Two gamma draws are faster and more accurate than inverting the incomplete beta.
            Distribution::Beta {
                alpha,
                beta,
                low,
                high,
            } => low + (high - low) * stream.beta(alpha, beta),
            _ => self.quantile(stream.uniform()),
        }
    }
}

impl Distribution {
    /// The value at cumulative probability `u` ∈ [0, 1] (the inverse CDF): maps
    /// the unit hypercube of a sensitivity design onto the parameter.
    pub fn quantile(&self, u: f64) -> f64 {
        let u = u.clamp(0.0, 1.0);
        match *self {
            Distribution::Fixed(v) => v,
            Distribution::Uniform { low, high } => low + (high - low) * u,
            Distribution::Triangular { low, mode, high } => {
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
            } => low + (high - low) * beta_quantile(u, alpha, beta),
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
                let p = (pa + (pb - pa) * u).clamp(1e-300, 1.0 - 1e-16);
                (mean + sd * normal_quantile(p)).clamp(low, high)
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

#[cfg(test)]
mod tests {
    use super::*;

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
