//! The state of one run, the context derived from it each week, and the
//! events a week can produce.

use crate::params::{ModelParams, Settings, Stance};
use crate::roles::{MAX_STRIKERS, Slot};
use crate::strategy::{Cause, Move, Play};

/// The leader's private permission for talks (M1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    /// Talks are not allowed.
    Block,
    /// Talks may proceed (possibly in secret, under a public rejection).
    Allow,
}

/// The rung of the talks ladder (M3, M4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Talks {
    /// No talks.
    None,
    /// Unacknowledged talks through the mediator (M3).
    Secret,
    /// Acknowledged, mediated talks.
    Indirect,
    /// Acknowledged face-to-face talks.
    Direct,
    /// A framework agreed.
    Framework,
    /// An interim deal in force.
    Interim,
    /// A comprehensive deal in force.
    Comprehensive,
}

impl Talks {
    /// Every rung, from none to a comprehensive deal.
    pub const ALL: [Talks; 7] = [
        Talks::None,
        Talks::Secret,
        Talks::Indirect,
        Talks::Direct,
        Talks::Framework,
        Talks::Interim,
        Talks::Comprehensive,
    ];

    /// The rung's name in scenario files (`initial.talks = "indirect"`).
    pub fn key(self) -> &'static str {
        match self {
            Talks::None => "none",
            Talks::Secret => "secret",
            Talks::Indirect => "indirect",
            Talks::Direct => "direct",
            Talks::Framework => "framework",
            Talks::Interim => "interim",
            Talks::Comprehensive => "comprehensive",
        }
    }

    /// Lower-case name for traces.
    pub fn name(self) -> &'static str {
        match self {
            Talks::None => "none",
            Talks::Secret => "secret",
            Talks::Indirect => "indirect",
            Talks::Direct => "direct",
            Talks::Framework => "framework",
            Talks::Interim => "interim deal",
            Talks::Comprehensive => "comprehensive deal",
        }
    }

    /// True while talks are under way, not yet a deal.
    pub fn negotiating(self) -> bool {
        matches!(
            self,
            Talks::Secret | Talks::Indirect | Talks::Direct | Talks::Framework
        )
    }

    /// True once a deal is in force.
    pub fn deal(self) -> bool {
        matches!(self, Talks::Interim | Talks::Comprehensive)
    }
}

/// How talks are held (M1, M3, M4): each format has its own permission
/// (`crate::formats::permits`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    /// Unacknowledged, through the mediator: needs only the leader's private permission.
    Secret,
    /// Acknowledged, through a mediator or coordinator, the sides never
    /// negotiating face to face (Vienna 2021).
    Indirect,
    /// Acknowledged and face to face.
    Direct,
}

impl Format {
    /// Every format, from the most hidden to the most open.
    pub const ALL: [Format; 3] = [Format::Secret, Format::Indirect, Format::Direct];

    /// The format's name in traces.
    pub fn name(self) -> &'static str {
        match self {
            Format::Secret => "secret",
            Format::Indirect => "indirect",
            Format::Direct => "direct",
        }
    }

    /// The format a rung of the ladder is held in, where the rung fixes it:
    /// secret, indirect and direct talks; `None` for no talks and for a
    /// framework or a deal, which keep the format of the talks that reached them.
    pub fn of_rung(rung: Talks) -> Option<Format> {
        match rung {
            Talks::Secret => Some(Format::Secret),
            Talks::Indirect => Some(Format::Indirect),
            Talks::Direct => Some(Format::Direct),
            _ => None,
        }
    }
}

/// The terms of a deal (M4): where it settled on each issue dimension.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct DealTerms {
    /// Highest enrichment level allowed, % U-235.
    pub enrichment_percent: f64,
    /// Stockpile kept, kg (60 %-equivalent): the cap the stock is diluted down to.
    pub stockpile_kg: f64,
    /// Inspector access granted, 0–1.
    pub access: f64,
    /// Sanctions relief granted, share of full relief.
    pub relief: f64,
}

/// Where the snapback process stands (M5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Snapback {
    /// Not triggered; can still be.
    Available,
    /// Triggered: UN sanctions return in the given week unless a deal intervenes.
    Clock {
        /// Week of reimposition.
        reimposed_in_week: usize,
    },
    /// UN sanctions are back.
    Reimposed,
    /// Too late: Resolution 2231's window has closed without a trigger.
    Lapsed,
}

/// How far the target's weaponization has gone on the as-of date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InitialWeaponization {
    /// No decision to build a weapon.
    None,
    /// The decision is taken (and known).
    Decided,
    /// A deliverable device exists.
    Device,
}

/// The state of one run at the start of a week.
#[derive(Clone, Copy, Debug)]
pub struct RunState {
    /// Weeks since as-of.
    pub week: usize,
    /// Leader's public stance.
    pub stance: Stance,
    /// Leader's private permission.
    pub permission: Permission,
    /// Talks rung.
    pub talks: Talks,
    /// The format talks are held in (meaningful while `talks` is not none):
    /// the rung's own for secret, indirect and direct talks, the format of
    /// the talks that reached it for a framework or a deal.
    pub format: Format,
    /// Weeks left before talks can reopen after a collapse.
    pub cooldown_weeks: f64,
    /// The terms of the deal in force (meaningful while `talks` is a deal).
    pub deal_terms: DealTerms,
    /// The enrichment level and stockpile when the deal in force was
    /// concluded: the status quo its interim demands were measured from.
    pub deal_status_quo: (f64, f64),
    /// Highest enrichment level the target produces at, % U-235: its
    /// as-of level, or a deal's agreed level while the deal holds.
    pub enrichment_percent: f64,
    /// Negotiator's (president's) political capital, 0–1.
    pub negotiator_capital: f64,
    /// Leader's domestic standing, 0–1.
    pub leader_standing: f64,
    /// Economic pressure on Iran, 0–1.
    pub econ_pressure: f64,
    /// How much relief the counterpart can meaningfully offer, 0–1.
    pub relief_leverage: f64,
    /// Snapback process.
    pub snapback: Snapback,
    /// The guarantors' sanctions apply (in force on the as-of date, or
    /// imposed since): a covariate of the weaponization and treaty decisions.
    pub sanctions_in_force: bool,
    /// Iran has given NPT withdrawal notice.
    pub npt_withdrawn: bool,
    /// 60 % stock, kg of uranium.
    pub stockpile_kg: f64,
    /// 20 % stock, kg of uranium.
    pub stockpile_20_kg: f64,
    /// Low-enriched stock, kg of uranium.
    pub stockpile_leu_kg: f64,
    /// Enrichment capacity relative to the as-of date.
    pub capacity: f64,
    /// IAEA access, 0–1.
    pub access: f64,
    /// Weeks to one significant quantity of weapon-grade uranium.
    pub breakout_weeks: f64,
    /// The leadership has decided to build a weapon.
    pub weaponization_decided: bool,
    /// Outsiders know of the decision.
    pub weaponization_detected: bool,
    /// Progress toward a device, in full-capacity weeks.
    pub weaponization_progress: f64,
    /// Iran → US Goldstein weekly mean.
    pub goldstein_target: f64,
    /// US → Iran Goldstein weekly mean.
    pub goldstein_coercer: f64,
    /// Mutual trust built by weeks of mutual cooperation, 0–1.
    pub trust: f64,
    /// The memory of failed diplomacy, 0–1: 1 in the week talks collapse or
    /// a deal breaks down, halving every `strikes.failure_half_life_weeks`
    /// (a covariate of every strike decision, M7).
    pub failed_diplomacy: f64,
    /// The counterpart's last move.
    pub coercer_last_move: Move,
    /// The state of the counterpart's playbook (M9), and the week it entered it.
    pub plan_state: u8,
    /// The week the playbook entered its state.
    pub plan_entered: u16,
    /// What the playbook's state plays.
    pub play: Play,
    /// This week's events for the playbook, one [`Cause::bit`] each.
    pub plan_events: u8,
    /// The memory of a lapsed ultimatum, 0–1: 1 in the week an offer's
    /// deadline lapses, halving as the memory of failed diplomacy does (a
    /// covariate of every strike decision, M7).
    pub lapsed_deadline: f64,
    /// The counterpart saw Iran's last week as a defection.
    pub target_seen_defecting: bool,
    /// Which strikers have struck (0: the coercer, then the allies): in the
    /// run, or recently before the as-of date (`initial.struck_by`).
    pub struck: [bool; MAX_STRIKERS],
    /// Each striker's memory of its own last strike, 0–1: 1 in the week it
    /// strikes, halving every `strikes.restrike_half_life_weeks` (M7).
    pub strike_memory: [f64; MAX_STRIKERS],
    /// A direct exchange of fire is under way.
    pub exchange_active: bool,
    /// The coercer is defending against the target's fire in the exchange
    /// under way (its answer to an ally's strike, M7).
    pub coercer_defends: bool,
    /// A war is under way: from the week exchanges reach the war threshold
    /// to its ceasefire.
    pub at_war: bool,
    /// The week the war under way began.
    pub war_began: u16,
    /// Talks under way are public and the deal they lead to is in reach
    /// (its zone overlaps): the spoiler's motive (M7), as of last week.
    pub deal_in_reach: bool,
    /// The target's air defences, 1 intact.
    pub target_defences: f64,
    /// The strength of the target's armed partners, 1 intact.
    pub target_partners: f64,
    /// Days of exchange, one bit a day, newest in bit 0.
    pub exchange_days: u64,
    /// First week each outcome happened, by [`Slot::index`].
    pub happened: [Option<u16>; Slot::COUNT],
}

impl RunState {
    /// The state on the as-of date.
    pub fn initial(p: &ModelParams, settings: &Settings, permission_draw: f64) -> RunState {
        let mut state = RunState {
            week: 0,
            stance: settings.initial_stance,
            permission: if permission_draw < p.initial.permission_allow {
                Permission::Allow
            } else {
                Permission::Block
            },
            talks: Talks::None,
            format: Format::Secret,
            cooldown_weeks: 0.0,
            deal_terms: DealTerms::default(),
            deal_status_quo: (p.initial.enrichment_percent, p.initial.stockpile_kg),
            enrichment_percent: p.initial.enrichment_percent,
            negotiator_capital: p.initial.negotiator_capital,
            leader_standing: p.initial.leader_standing,
            econ_pressure: p.initial.econ_pressure,
            relief_leverage: p.initial.relief_leverage,
            snapback: Snapback::Available,
            sanctions_in_force: settings.sanctions_in_force,
            npt_withdrawn: false,
            stockpile_kg: p.initial.stockpile_kg,
            stockpile_20_kg: p.initial.stockpile_20_kg,
            stockpile_leu_kg: p.initial.stockpile_leu_kg,
            capacity: 1.0,
            access: p.initial.access,
            breakout_weeks: 0.0,
            weaponization_decided: false,
            weaponization_detected: false,
            weaponization_progress: 0.0,
            goldstein_target: p.initial.goldstein_target,
            goldstein_coercer: p.initial.goldstein_coercer,
            trust: 0.0,
            failed_diplomacy: 0.0,
            coercer_last_move: Move::Defect,
            plan_state: 0,
            plan_entered: 0,
            play: settings.strategy.state(0).play,
            plan_events: 0,
            lapsed_deadline: 0.0,
            target_seen_defecting: p.initial.goldstein_target < p.reciprocity.defection_threshold,
            struck: settings.initial_struck,
            // A strike in the year before the as-of date is remembered as
            // one in the run would be, faded by the weeks since (M7).
            strike_memory: settings.initial_struck.map(|struck| {
                if struck {
                    p.military
                        .restrike_retention
                        .powf(p.initial.weeks_since_strike)
                } else {
                    0.0
                }
            }),
            exchange_active: false,
            coercer_defends: false,
            at_war: false,
            war_began: 0,
            deal_in_reach: false,
            target_defences: p.initial.target_defences,
            target_partners: p.initial.target_partners,
            exchange_days: 0,
            happened: [None; Slot::COUNT],
        };
        // What is already so on the as-of date is recorded in week 0: public
        // talks from the indirect rung up, secret talks only while they are
        // secret, and the deal in force (a comprehensive deal reached from a
        // framework is not an interim one, in a run or on day one).
        state.talks = settings.initial_talks;
        state.format = crate::formats::initial_format(&state, settings);
        for (rung, slot) in [
            (Talks::Secret, Slot::TalksSecret),
            (Talks::Indirect, Slot::TalksPublic),
            (Talks::Interim, Slot::InterimDeal),
            (Talks::Comprehensive, Slot::ComprehensiveDeal),
        ] {
            let holds = match rung {
                Talks::Secret | Talks::Interim => state.talks == rung,
                _ => state.talks >= rung,
            };
            if holds {
                state.record(slot);
            }
        }
        if state.talks.deal() {
            // A deal in force on the as-of date: its terms are the state it
            // left (the enrichment level, stockpile and access of the day),
            // with its relief delivered.
            state.deal_terms = DealTerms {
                enrichment_percent: state.enrichment_percent,
                stockpile_kg: state.stockpile_kg,
                access: state.access,
                relief: 1.0,
            };
        }
        state.npt_withdrawn = settings.treaty_withdrawn;
        match settings.initial_weaponization {
            InitialWeaponization::None => {}
            InitialWeaponization::Decided => {
                state.weaponization_decided = true;
                state.weaponization_detected = true;
            }
            InitialWeaponization::Device => {
                state.weaponization_decided = true;
                state.weaponization_detected = true;
                state.weaponization_progress = p.nuclear.weeks_to_device;
            }
        }
        state.breakout_weeks = crate::latency::breakout_weeks(&state, p);
        state
    }

    /// Records an outcome the first time it happens.
    pub fn record(&mut self, outcome: Slot) -> bool {
        let slot = &mut self.happened[outcome.index()];
        if slot.is_none() {
            *slot = Some(u16::try_from(self.week).unwrap_or(u16::MAX));
            true
        } else {
            false
        }
    }

    /// True once `outcome` has happened.
    pub fn has(&self, outcome: Slot) -> bool {
        self.happened[outcome.index()].is_some()
    }

    /// Iran's hostility toward the counterpart: −Goldstein/10 (−1 … 1).
    pub fn target_hostility(&self) -> f64 {
        -self.goldstein_target / 10.0
    }

    /// The counterpart's hostility toward Iran: −Goldstein/10.
    pub fn coercer_hostility(&self) -> f64 {
        -self.goldstein_coercer / 10.0
    }

    /// Has the target been struck by anyone (in the run, or recently before
    /// the as-of date).
    pub fn struck(&self) -> bool {
        self.struck.contains(&true)
    }

    /// Days of exchange in the last 30 days.
    pub fn exchange_days_in_30(&self) -> u32 {
        (self.exchange_days & ((1u64 << 30) - 1)).count_ones()
    }
}

/// Quantities derived from the state at the start of a week, shared by the
/// mechanisms (so each is computed once).
#[derive(Clone, Copy, Debug, Default)]
pub struct Context {
    /// Deadline proximity, 0 (far or passed) to 1 (last trigger week).
    pub deadline: f64,
    /// Threat of attack as the leader sees it, 0–1.
    pub threat: f64,
    /// Firmness in force.
    pub firmness: f64,
    /// The IAEA Board meets this week.
    pub board_meeting: bool,
    /// Every dimension of the comprehensive win-sets overlaps: a comprehensive deal is possible.
    pub full_zone: bool,
    /// Every dimension of the interim win-sets overlaps: an interim deal is possible.
    pub interim_zone: bool,
    /// Capped distance between the comprehensive win-sets (0 when they overlap).
    pub gap: f64,
    /// Capped distance between the interim win-sets.
    pub interim_gap: f64,
    /// Where an interim deal concluded this week would settle.
    pub interim_terms: DealTerms,
    /// Where a comprehensive deal concluded this week would settle.
    pub full_terms: DealTerms,
    /// The leader's captured share of the comprehensive zone, per dimension (Putnam).
    pub leader_share: [f64; 4],
    /// The coercer's comprehensive demands the deal in force leaves unmet (capped gap).
    pub coercer_unmet: f64,
    /// The target's comprehensive demands the deal in force leaves unmet (capped gap).
    pub target_unmet: f64,
    /// The weekly probability that talks climb a rung this week, when one
    /// could be climbed (a diagnostic for traces and measurements).
    pub advance_hazard: Option<f64>,
    /// Mutual cooperation this week, 0–1.
    pub cooperation: f64,
}

/// The coercer's answer to an ally's strike (M7).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Response {
    /// It neither joins nor defends.
    StandAside,
    /// It helps defend against the target's retaliation.
    Defend,
    /// It strikes the target too.
    Join,
}

impl Response {
    /// Lower-case name, for traces and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Response::StandAside => "stand aside",
            Response::Defend => "defend",
            Response::Join => "join",
        }
    }
}

/// Something that happened in a week, for traces.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Event {
    /// The public stance changed.
    Stance(Stance),
    /// The private permission changed.
    Permission(Permission),
    /// Talks moved up to this rung.
    TalksAdvanced(Talks),
    /// Talks under way moved to this format without advancing: once the
    /// leader's public rejection covers direct talks
    /// (`leader.red_line_scope = "direct"`), direct talks fall back to the
    /// indirect rung and a framework reached face to face goes on through
    /// the mediator.
    TalksFormat(Format),
    /// Talks collapsed, with the blame that fell.
    TalksCollapsed {
        /// Stance at the time.
        stance: Stance,
        /// Capital the negotiator lost.
        negotiator_loss: f64,
        /// Standing the leader gained (negative: lost).
        leader_change: f64,
    },
    /// A deal credited the leader and the negotiator.
    DealCredit,
    /// The terms of the deal just concluded.
    DealTerms(DealTerms),
    /// A deal in force broke down, with the blame that fell.
    DealBrokeDown {
        /// The deal that broke down (interim or comprehensive).
        deal: Talks,
        /// Stance at the time.
        stance: Stance,
        /// Capital the negotiator lost.
        negotiator_loss: f64,
        /// Standing the leader gained (negative: lost).
        leader_change: f64,
    },
    /// The counterpart's move this week.
    CounterpartMove(Move),
    /// The E3 notified the Security Council.
    SnapbackTriggered,
    /// UN sanctions are back.
    SanctionsReimposed,
    /// The trigger window closed unused.
    SnapbackLapsed,
    /// Iran gave NPT withdrawal notice.
    NptWithdrawal,
    /// A strike, with breakout weeks before and after.
    Strike {
        /// Who struck: the striker's index (0: the coercer, then the allies).
        by: u8,
        /// Days it lasted: 1 for a single raid, more for a campaign.
        days: u8,
        /// Share of enrichment capacity it destroyed.
        setback: f64,
        /// Share of every enriched stock it destroyed or buried.
        stock_lost_share: f64,
        /// Breakout weeks before.
        breakout_before: f64,
        /// Breakout weeks after.
        breakout_after: f64,
    },
    /// The target retaliated directly: a limited salvo or a sustained exchange.
    Retaliation {
        /// Sustained (an exchange of fire over days) rather than limited (one salvo).
        sustained: bool,
    },
    /// The coercer's answer to an ally's strike.
    Response(Response),
    /// The counterpart's playbook moved to a state, on an event.
    Playbook {
        /// The state it entered.
        state: u8,
        /// Why.
        cause: Cause,
    },
    /// The deadline of the counterpart's offer lapsed.
    DeadlineLapsed,
    /// A war ended in a ceasefire.
    Ceasefire {
        /// Weeks the war lasted.
        weeks: u16,
    },
    /// Days of direct exchange this week.
    ExchangeDays(u32),
    /// Exchanges reached the war threshold.
    War,
    /// The weaponization decision.
    WeaponizationDecided,
    /// Outsiders detected it.
    WeaponizationDetected,
    /// A device is ready.
    DeviceReady,
    /// A nuclear test.
    NuclearTest,
    /// An outcome forced by `--assume`.
    Assumed(Slot),
}

/// Watches a run week by week (for traces). The ensemble uses [`Silent`],
/// which compiles to nothing.
pub trait Observer {
    /// Whether [`Observer::end_of_week`] reads the context's deal zone (the
    /// step skips computing it in weeks nothing else reads it).
    const READS_CONTEXT: bool = true;
    /// An event in the current week.
    fn event(&mut self, week: usize, event: Event);
    /// The state at the end of a week, with that week's context.
    fn end_of_week(&mut self, state: &RunState, context: &Context);
}

/// An observer that ignores everything.
pub struct Silent;

impl Observer for Silent {
    const READS_CONTEXT: bool = false;
    #[inline(always)]
    fn event(&mut self, _week: usize, _event: Event) {}
    #[inline(always)]
    fn end_of_week(&mut self, _state: &RunState, _context: &Context) {}
}
