//! The reduced strategic form of an extensive game, behaviour strategies,
//! the agent form's pure equilibria, and backward induction.
//!
//! A reduced pure strategy fixes an action only at the player's information
//! sets that its own earlier choices do not exclude; the others are written
//! `*` (Gambit's labels: one digit per information set, 1-based). Two full
//! strategies that differ only at excluded sets give the same payoffs, so the
//! reduced form keeps one of them (Kuhn 1953; Myerson 1991, §2.3).

use crate::budget::{self, Budget, Stop, times};
use crate::efg::{ExtensiveGame, NodeKind, accumulated_payoffs};
use crate::nfg::NormalFormGame;
use crate::number::{Q, one, zero};
use crate::solve::{Equilibrium, Profile};
use num_traits::Zero;

/// Contingencies above this count are refused (the form would not fit in memory).
pub const MAX_CONTINGENCIES: usize = 4_000_000;

/// The reduced strategic form and how its strategies map back to the tree.
#[derive(Clone, Debug)]
pub struct ReducedForm {
    /// The strategic-form game (strategy labels as Gambit writes them, `12*`).
    pub game: NormalFormGame,
    /// Each player's information sets (indices into the game's infosets), in order.
    pub infosets: Vec<Vec<usize>>,
    /// `plans[player][strategy][k]`: the action at the player's `k`-th
    /// information set, or `None` where the strategy never reaches it.
    pub plans: Vec<Vec<Vec<Option<usize>>>>,
}

/// Whether the `k`-th information set is reachable under a partial plan.
type Reachable<'a> = dyn Fn(usize, &[Option<usize>], &[bool]) -> bool + 'a;

/// A behaviour profile: `profile[player][k][action]` for the player's `k`-th information set.
pub type Behaviour = Vec<Vec<Vec<Q>>>;

/// Why a form could not be built.
#[derive(Clone, Debug, PartialEq)]
pub struct TooLarge(pub String);

impl std::fmt::Display for TooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a form was not built within a budget.
#[derive(Clone, Debug, PartialEq)]
pub enum FormError {
    /// The form would be too large to hold.
    TooLarge(TooLarge),
    /// The work budget ran out, or the solve was stopped.
    Stopped(Stop),
}

impl std::fmt::Display for FormError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FormError::TooLarge(e) => e.fmt(f),
            FormError::Stopped(stop) => stop.fmt(f),
        }
    }
}

impl From<TooLarge> for FormError {
    fn from(e: TooLarge) -> Self {
        FormError::TooLarge(e)
    }
}

impl From<Stop> for FormError {
    fn from(stop: Stop) -> Self {
        FormError::Stopped(stop)
    }
}

/// A form error as [`TooLarge`], for the callers without a budget (whose
/// unlimited budget never stops).
fn too_large(e: FormError) -> TooLarge {
    match e {
        FormError::TooLarge(e) => e,
        FormError::Stopped(stop) => TooLarge(stop.to_string()),
    }
}

/// For every node: the moves of each player on the path from the root, as
/// `(infoset, action)` pairs, in order.
pub(crate) fn own_histories(game: &ExtensiveGame) -> Vec<Vec<Vec<(usize, usize)>>> {
    let n = game.players.len();
    let mut histories = vec![vec![Vec::new(); n]; game.nodes.len()];
    let mut stack = vec![0usize];
    while let Some(node) = stack.pop() {
        for (a, &child) in game.nodes[node].children.iter().enumerate() {
            let mut h = histories[node].clone();
            if let NodeKind::Personal(set) = game.nodes[node].kind
                && let Some(p) = game.infosets[set].player
            {
                h[p].push((set, a));
            }
            histories[child] = h;
            stack.push(child);
        }
    }
    histories
}

/// Builds the reduced strategic form.
pub fn reduced_strategic_form(game: &ExtensiveGame) -> Result<ReducedForm, TooLarge> {
    reduced_strategic_form_within(game, &Budget::unlimited()).map_err(too_large)
}

/// [`reduced_strategic_form`] within a work budget: each step of the
/// enumeration of a player's plans pays for the reachability test it makes
/// (the set's nodes times the player's sets), and each contingency for the
/// walk down the tree that computes its payoffs (the nodes).
pub fn reduced_strategic_form_within(
    game: &ExtensiveGame,
    budget: &Budget,
) -> Result<ReducedForm, FormError> {
    let n = game.players.len();
    // One list per node of each player's own moves: nodes × players lists.
    budget.spend(times(game.nodes.len(), n))?;
    let histories = own_histories(game);
    let members = game.infoset_members();
    let infosets: Vec<Vec<usize>> = (0..n).map(|p| game.player_infosets(p)).collect();
    // The enumeration recurses once per information set: bound its depth.
    if let Some(p) = (0..n).find(|&p| infosets[p].len() > 4000) {
        return Err(TooLarge(format!(
            "player {} has {} information sets, too many for the reduced strategic form",
            p + 1,
            infosets[p].len()
        ))
        .into());
    }
    let mut plans = Vec::with_capacity(n);
    // Where each information set sits among its player's sets (a lookup,
    // not a search: the search made this cubic in the tree's depth).
    let mut local_index = vec![None; game.infosets.len()];
    for sets in &infosets {
        for (k, &h) in sets.iter().enumerate() {
            local_index[h] = Some(k);
        }
    }
    for p in 0..n {
        let sets = &infosets[p];
        let position = |h: usize| local_index[h].filter(|&k| sets.get(k) == Some(&h));
        let mut out: Vec<Vec<Option<usize>>> = Vec::new();
        let mut plan: Vec<Option<usize>> = vec![None; sets.len()];
        let mut assigned = vec![false; sets.len()];
        // Depth-first over the player's information sets, first set slowest.
        #[allow(clippy::too_many_arguments)]
        fn rec(
            k: usize,
            plan: &mut Vec<Option<usize>>,
            assigned: &mut Vec<bool>,
            out: &mut Vec<Vec<Option<usize>>>,
            reachable: &Reachable,
            actions: &dyn Fn(usize) -> usize,
            cost: &dyn Fn(usize) -> u64,
            budget: &Budget,
        ) -> Result<(), FormError> {
            if out.len() > MAX_CONTINGENCIES
                || budget::cells(&[out.len().saturating_add(1), plan.len()]).is_none()
            {
                return Err(TooLarge("a player has too many reduced strategies".into()).into());
            }
            if k == plan.len() {
                budget.spend(plan.len() as u64 + 1)?;
                out.push(plan.clone());
                return Ok(());
            }
            budget.spend(cost(k))?;
            if reachable(k, plan, assigned) {
                for a in 0..actions(k) {
                    plan[k] = Some(a);
                    assigned[k] = true;
                    rec(k + 1, plan, assigned, out, reachable, actions, cost, budget)?;
                }
            } else {
                plan[k] = None;
                assigned[k] = true;
                rec(k + 1, plan, assigned, out, reachable, actions, cost, budget)?;
            }
            plan[k] = None;
            assigned[k] = false;
            Ok(())
        }
        let reachable = |k: usize, plan: &[Option<usize>], assigned: &[bool]| {
            members[sets[k]].iter().any(|&node| {
                histories[node][p].iter().all(|&(h, a)| match position(h) {
                    // Not yet decided (possible only without perfect recall): optimistic.
                    Some(j) if !assigned[j] => true,
                    Some(j) => plan[j] == Some(a),
                    None => true,
                })
            })
        };
        let actions = |k: usize| game.infosets[sets[k]].actions.len();
        // The reachability test reads each of the set's nodes' own history.
        let cost = |k: usize| {
            members[sets[k]]
                .iter()
                .map(|&node| histories[node][p].len() as u64 + 1)
                .sum::<u64>()
        };
        rec(
            0,
            &mut plan,
            &mut assigned,
            &mut out,
            &reachable,
            &actions,
            &cost,
            budget,
        )?;
        plans.push(out);
    }
    let count = plans
        .iter()
        .try_fold(1usize, |acc, s| acc.checked_mul(s.len()))
        .filter(|&c| c <= MAX_CONTINGENCIES && budget::cells(&[c, n]).is_some())
        .ok_or_else(|| TooLarge("the reduced strategic form has too many contingencies".into()))?;
    let strategies: Vec<Vec<String>> = plans
        .iter()
        .map(|ps| {
            ps.iter()
                .map(|plan| {
                    let label: String = plan
                        .iter()
                        .map(|a| a.map_or("*".to_string(), |a| (a + 1).to_string()))
                        .collect();
                    if label.is_empty() {
                        "1".to_string()
                    } else {
                        label
                    }
                })
                .collect()
        })
        .collect();
    let mut nfg = NormalFormGame::zeros(&game.title, game.players.clone(), strategies);
    nfg.comment = game.comment.clone();
    let totals = accumulated_payoffs(game);
    let local: Vec<usize> = (0..game.infosets.len())
        .map(|h| {
            game.infosets[h]
                .player
                .map_or(0, |p| infosets[p].iter().position(|&x| x == h).unwrap_or(0))
        })
        .collect();
    for index in 0..count {
        budget.spend(game.nodes.len() as u64)?;
        let pure = nfg.profile(index);
        let mut payoff = vec![zero(); n];
        let mut stack = vec![(0usize, one())];
        while let Some((node, prob)) = stack.pop() {
            let here = &game.nodes[node];
            match here.kind {
                NodeKind::Terminal => {
                    for (v, t) in payoff.iter_mut().zip(&totals[node]) {
                        *v += &prob * t;
                    }
                }
                NodeKind::Chance(h) => {
                    for (child, p) in here.children.iter().zip(&game.infosets[h].probs) {
                        if !p.is_zero() {
                            stack.push((*child, &prob * p));
                        }
                    }
                }
                NodeKind::Personal(h) => {
                    let player = game.infosets[h].player.unwrap_or(0);
                    let a = plans[player][pure[player]][local[h]].unwrap_or(0);
                    stack.push((here.children[a], prob));
                }
            }
        }
        nfg.payoffs[index] = payoff;
    }
    Ok(ReducedForm {
        game: nfg,
        infosets,
        plans,
    })
}

impl ReducedForm {
    /// The behaviour strategies equivalent to a mixed profile over reduced
    /// strategies (Kuhn 1953): at each information set, the probability of
    /// an action is the weight of the strategies reaching the set and
    /// choosing it, over the weight of those reaching it. Sets that the
    /// player's own mixture never reaches get the uniform distribution.
    pub fn behaviour(&self, game: &ExtensiveGame, mixed: &Profile) -> Behaviour {
        (0..self.plans.len())
            .map(|p| {
                self.infosets[p]
                    .iter()
                    .enumerate()
                    .map(|(k, &h)| {
                        let actions = game.infosets[h].actions.len();
                        let mut weight = vec![zero(); actions];
                        for (plan, w) in self.plans[p].iter().zip(&mixed[p]) {
                            if let Some(a) = plan[k] {
                                weight[a] += w;
                            }
                        }
                        let total: Q = weight.iter().sum();
                        if total.is_zero() {
                            vec![Q::new(1.into(), (actions as i64).into()); actions]
                        } else {
                            weight.iter().map(|w| w / &total).collect()
                        }
                    })
                    .collect()
            })
            .collect()
    }

    /// A mixed profile over reduced strategies realization-equivalent to a
    /// behaviour profile (perfect recall): each reduced strategy gets the
    /// product of the behaviour probabilities of the actions it fixes.
    pub fn mixed(&self, behaviour: &Behaviour) -> Profile {
        (0..self.plans.len())
            .map(|p| {
                self.plans[p]
                    .iter()
                    .map(|plan| {
                        plan.iter()
                            .enumerate()
                            .filter_map(|(k, a)| a.map(|a| behaviour[p][k][a].clone()))
                            .product()
                    })
                    .collect()
            })
            .collect()
    }

    /// The reduced strategy of each player that a pure behaviour profile
    /// (`choice[player][k]`) induces.
    pub fn pure_index(&self, choice: &[Vec<usize>]) -> Option<Vec<usize>> {
        (0..self.plans.len())
            .map(|p| {
                self.plans[p].iter().position(|plan| {
                    plan.iter()
                        .zip(&choice[p])
                        .all(|(x, &c)| x.is_none_or(|a| a == c))
                })
            })
            .collect()
    }
}

/// Expected payoffs of a behaviour profile.
pub fn behaviour_payoffs(
    game: &ExtensiveGame,
    infosets: &[Vec<usize>],
    profile: &Behaviour,
) -> Vec<Q> {
    let n = game.players.len();
    let totals = accumulated_payoffs(game);
    let mut local = vec![(0usize, 0usize); game.infosets.len()];
    for (p, sets) in infosets.iter().enumerate() {
        for (k, &h) in sets.iter().enumerate() {
            local[h] = (p, k);
        }
    }
    let mut payoff = vec![zero(); n];
    let mut stack = vec![(0usize, one())];
    while let Some((node, prob)) = stack.pop() {
        let here = &game.nodes[node];
        let probs: &[Q] = match here.kind {
            NodeKind::Terminal => {
                for (v, t) in payoff.iter_mut().zip(&totals[node]) {
                    *v += &prob * t;
                }
                continue;
            }
            NodeKind::Chance(h) => &game.infosets[h].probs,
            NodeKind::Personal(h) => {
                let (p, k) = local[h];
                &profile[p][k]
            }
        };
        for (child, p) in here.children.iter().zip(probs) {
            if !p.is_zero() {
                stack.push((*child, &prob * p));
            }
        }
    }
    payoff
}

/// A pure behaviour profile as probabilities.
fn pure_behaviour(
    game: &ExtensiveGame,
    infosets: &[Vec<usize>],
    choice: &[Vec<usize>],
) -> Behaviour {
    infosets
        .iter()
        .zip(choice)
        .map(|(sets, c)| {
            sets.iter()
                .zip(c)
                .map(|(&h, &a)| {
                    (0..game.infosets[h].actions.len())
                        .map(|b| if a == b { one() } else { zero() })
                        .collect()
                })
                .collect()
        })
        .collect()
}

/// A solution in behaviour strategies, with each player's expected payoff.
#[derive(Clone, Debug, PartialEq)]
pub struct BehaviourEquilibrium {
    /// `profile[player][k][action]`.
    pub profile: Behaviour,
    /// Expected payoffs.
    pub payoffs: Vec<Q>,
}

/// Backward induction on a game of perfect information: at each decision
/// node the mover takes the first action with the highest value of the
/// subgame (Zermelo 1913; Kuhn 1953). The result is subgame perfect, and is
/// checked exactly to be a Nash equilibrium: no player's best response to
/// the others' choices, computed by a second bottom-up pass, does better.
/// Time and memory are linear in the tree (nodes × players). Errors if some
/// information set has more than one node.
pub fn backward_induction(game: &ExtensiveGame) -> Result<BehaviourEquilibrium, String> {
    let members = game.infoset_members();
    if let Some(h) = (0..members.len()).find(|&h| members[h].len() > 1) {
        let set = &game.infosets[h];
        return Err(format!(
            "backward induction needs perfect information, but information set {} of {} has {} nodes",
            set.number,
            set.player
                .map_or("chance".to_string(), |p| format!("player {}", p + 1)),
            members[h].len()
        ));
    }
    let n = game.players.len();
    let totals = accumulated_payoffs(game);
    let mut infosets: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut local = vec![0usize; game.infosets.len()];
    for (h, set) in game.infosets.iter().enumerate() {
        if let Some(p) = set.player {
            local[h] = infosets[p].len();
            infosets[p].push(h);
        }
    }
    let mut choice: Vec<Vec<usize>> = infosets.iter().map(|s| vec![0; s.len()]).collect();
    // Children come after parents in prefix order, so a reverse sweep is
    // bottom-up. A decision node's value is its chosen child's: kept as the
    // index of the node whose vector it is, not copied, so that a long
    // chain costs nodes × players and not its square.
    let mut value_of: Vec<usize> = (0..game.nodes.len()).collect();
    let mut chance_value: Vec<Option<Vec<Q>>> = vec![None; game.nodes.len()];
    let value = |node: usize, value_of: &[usize], chance_value: &[Option<Vec<Q>>]| -> Vec<Q> {
        let at = value_of[node];
        chance_value[at]
            .clone()
            .unwrap_or_else(|| totals[at].clone())
    };
    for node in (0..game.nodes.len()).rev() {
        let here = &game.nodes[node];
        match here.kind {
            NodeKind::Terminal => {}
            NodeKind::Chance(h) => {
                let mut v = vec![zero(); n];
                for (child, p) in here.children.iter().zip(&game.infosets[h].probs) {
                    let at = value_of[*child];
                    let c = chance_value[at].as_ref().unwrap_or(&totals[at]);
                    for (x, c) in v.iter_mut().zip(c) {
                        *x += p * c;
                    }
                }
                chance_value[node] = Some(v);
            }
            NodeKind::Personal(h) => {
                let p = game.infosets[h].player.unwrap_or(0);
                let payoff = |child: usize| {
                    let at = value_of[child];
                    chance_value[at].as_ref().unwrap_or(&totals[at])[p].clone()
                };
                let mut best = 0;
                let mut best_value = payoff(here.children[0]);
                for (a, &child) in here.children.iter().enumerate().skip(1) {
                    let v = payoff(child);
                    if v > best_value {
                        best = a;
                        best_value = v;
                    }
                }
                choice[p][local[h]] = best;
                value_of[node] = value_of[here.children[best]];
            }
        }
    }
    let root = value(0, &value_of, &chance_value);
    let profile = pure_behaviour(game, &infosets, &choice);
    let payoffs = behaviour_payoffs(game, &infosets, &profile);
    if payoffs != root {
        return Err("backward induction: internal check of the payoffs failed".into());
    }
    for (p, payoff) in payoffs.iter().enumerate() {
        if best_response_value(game, &totals, p, &choice, &local) != *payoff {
            return Err("backward induction: the profile failed the equilibrium check".into());
        }
    }
    Ok(BehaviourEquilibrium { profile, payoffs })
}

/// The best `player` can get in a game of perfect information against the
/// others' pure choices (`choice[player][k]` at their `k`-th set), by one
/// bottom-up pass: the maximum over the player's own moves, the others'
/// choices followed, chance averaged.
fn best_response_value(
    game: &ExtensiveGame,
    totals: &[Vec<Q>],
    player: usize,
    choice: &[Vec<usize>],
    local: &[usize],
) -> Q {
    let mut best: Vec<Q> = vec![zero(); game.nodes.len()];
    for node in (0..game.nodes.len()).rev() {
        let here = &game.nodes[node];
        best[node] = match here.kind {
            NodeKind::Terminal => totals[node][player].clone(),
            NodeKind::Chance(h) => here
                .children
                .iter()
                .zip(&game.infosets[h].probs)
                .map(|(c, p)| p * &best[*c])
                .sum(),
            NodeKind::Personal(h) => match game.infosets[h].player {
                Some(q) if q != player => best[here.children[choice[q][local[h]]]].clone(),
                _ => here
                    .children
                    .iter()
                    .map(|c| best[*c].clone())
                    .max()
                    .unwrap_or_else(zero),
            },
        };
    }
    best.first().cloned().unwrap_or_else(zero)
}

/// The agent form of an extensive game (Selten 1975, "Reexamination of the
/// perfectness concept"): one player, an *agent*, per personal information
/// set, in player order and then the player's sets in order; the set's
/// actions are the agent's strategies and the owning player's expected
/// payoff is the agent's payoff.
#[derive(Clone, Debug)]
pub struct AgentForm {
    /// The agents' normal-form game.
    pub game: NormalFormGame,
    /// For each agent, its player and the index of its set among the player's sets.
    pub agents: Vec<(usize, usize)>,
    /// Each player's information sets (indices into the game's sets), in order.
    pub infosets: Vec<Vec<usize>>,
}

/// Builds the agent form; refused when it has more pure profiles than a
/// quarter of a million (each costs one pass over the tree).
pub fn agent_form(game: &ExtensiveGame) -> Result<AgentForm, TooLarge> {
    agent_form_within(game, &Budget::unlimited()).map_err(too_large)
}

/// [`agent_form`] within a work budget: each pure profile pays for its pass
/// over the tree (the nodes).
pub fn agent_form_within(game: &ExtensiveGame, budget: &Budget) -> Result<AgentForm, FormError> {
    let n = game.players.len();
    let infosets: Vec<Vec<usize>> = (0..n).map(|p| game.player_infosets(p)).collect();
    let agents: Vec<(usize, usize)> = infosets
        .iter()
        .enumerate()
        .flat_map(|(p, sets)| (0..sets.len()).map(move |k| (p, k)))
        .collect();
    let actions = |&(p, k): &(usize, usize)| game.infosets[infosets[p][k]].actions.len();
    agents
        .iter()
        .try_fold(1usize, |acc, a| acc.checked_mul(actions(a)))
        .filter(|&c| c <= MAX_CONTINGENCIES / 16 && budget::cells(&[c, agents.len()]).is_some())
        .ok_or_else(|| TooLarge("the agent form has too many pure profiles".into()))?;
    let names = agents
        .iter()
        .map(|&(p, k)| {
            let set = &game.infosets[infosets[p][k]];
            let label = if set.name.is_empty() {
                set.number.to_string()
            } else {
                set.name.clone()
            };
            format!("{}:{label}", game.players[p])
        })
        .collect();
    let strategies = agents
        .iter()
        .map(|&(p, k)| game.infosets[infosets[p][k]].actions.clone())
        .collect();
    let mut nfg = NormalFormGame::zeros(&game.title, names, strategies);
    let mut choice: Vec<Vec<usize>> = infosets.iter().map(|s| vec![0; s.len()]).collect();
    for index in 0..nfg.payoffs.len() {
        budget.spend(game.nodes.len() as u64 + agents.len() as u64)?;
        for (&(p, k), s) in agents.iter().zip(nfg.profile(index)) {
            choice[p][k] = s;
        }
        let value = behaviour_payoffs(game, &infosets, &pure_behaviour(game, &infosets, &choice));
        nfg.payoffs[index] = agents.iter().map(|&(p, _)| value[p].clone()).collect();
    }
    Ok(AgentForm {
        game: nfg,
        agents,
        infosets,
    })
}

impl AgentForm {
    /// The behaviour profile in which each information set follows its agent's mixture.
    pub fn behaviour(&self, mixed: &Profile) -> Behaviour {
        let mut profile: Behaviour = self
            .infosets
            .iter()
            .map(|sets| vec![Vec::new(); sets.len()])
            .collect();
        for (&(p, k), m) in self.agents.iter().zip(mixed) {
            profile[p][k] = m.clone();
        }
        profile
    }

    /// An agent-form equilibrium as a behaviour equilibrium, with each
    /// player's (not agent's) expected payoff.
    pub fn to_behaviour(&self, game: &ExtensiveGame, e: &Equilibrium) -> BehaviourEquilibrium {
        let profile = self.behaviour(&e.profile);
        let payoffs = behaviour_payoffs(game, &self.infosets, &profile);
        BehaviourEquilibrium { profile, payoffs }
    }
}

/// All pure equilibria of the agent form: pure behaviour profiles where no
/// single information set's agent gains by changing its action (Selten 1975).
pub fn agent_enumpure(game: &ExtensiveGame) -> Result<Vec<BehaviourEquilibrium>, TooLarge> {
    agent_enumpure_within(game, &Budget::unlimited()).map_err(too_large)
}

/// [`agent_enumpure`] within a work budget (the agent form's, then enumpure's).
pub fn agent_enumpure_within(
    game: &ExtensiveGame,
    budget: &Budget,
) -> Result<Vec<BehaviourEquilibrium>, FormError> {
    let form = agent_form_within(game, budget)?;
    Ok(crate::solve::enumpure_within(&form.game, budget)?
        .iter()
        .map(|e| form.to_behaviour(game, e))
        .collect())
}
