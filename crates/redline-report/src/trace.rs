//! One run's story: plain sentences week by week, or JSON.

use crate::json_text;
use crate::meta::Meta;
use redline_crisis::state::{Permission, Snapback};
use redline_crisis::trace::{TracedWeek, sentence};
use serde_json::json;

fn snapback_name(s: Snapback) -> &'static str {
    match s {
        Snapback::Available => "available",
        Snapback::Clock { .. } => "clock running",
        Snapback::Reimposed => "UN sanctions back",
        Snapback::Lapsed => "closed",
    }
}

fn permission_name(p: Permission) -> &'static str {
    match p {
        Permission::Allow => "allow",
        Permission::Block => "block",
    }
}

/// The run as text: a state line every week, and a sentence per event.
pub fn to_text(title: &str, weeks: &[TracedWeek]) -> String {
    let mut out = format!("{title}\n\n");
    for w in weeks {
        out.push_str(&format!(
            "{} (week {:>2})  stance {:<9} permission {:<5} talks {:<18} capital {:.2} standing {:.2} leverage {:.2} pressure {:.2} breakout {:>5.1} wk  stock {:>4.0} kg  hostility IRN {:+.1} US {:+.1}  snapback {}\n",
            w.date,
            w.week,
            w.stance.name(),
            permission_name(w.permission),
            w.talks.name(),
            w.negotiator_capital,
            w.leader_standing,
            w.relief_leverage,
            w.econ_pressure,
            w.breakout_weeks,
            w.stockpile_kg,
            w.goldstein_iran,
            w.goldstein_us,
            snapback_name(w.snapback),
        ));
        for e in &w.events {
            if let Some(text) = sentence(e) {
                out.push_str(&format!("    {text}\n"));
            }
        }
    }
    out
}

/// The run as JSON: `{"meta", "title", "weeks": [{"week", "date", "stance", …, "events": [..]}]}`.
pub fn to_json(meta: &Meta, title: &str, weeks: &[TracedWeek]) -> String {
    json_text(&json!({
        "meta": meta,
        "title": title,
        "weeks": weeks.iter().map(|w| json!({
            "week": w.week,
            "date": w.date.to_string(),
            "stance": w.stance.name(),
            "permission": permission_name(w.permission),
            "talks": w.talks.name(),
            "negotiator_capital": w.negotiator_capital,
            "leader_standing": w.leader_standing,
            "relief_leverage": w.relief_leverage,
            "econ_pressure": w.econ_pressure,
            "snapback": snapback_name(w.snapback),
            "breakout_weeks": w.breakout_weeks,
            "stockpile_kg": w.stockpile_kg,
            "iaea_access": w.access,
            "goldstein_iran_to_us": w.goldstein_iran,
            "goldstein_us_to_iran": w.goldstein_us,
            "deal_zone_overlaps": w.full_zone,
            "events": w.events.iter().filter_map(sentence).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    }))
}
