//! Tallies: what a round's ballots say, overall, per department and department-balanced,
//! with the agreement between departments. Pure functions of the workshop and a round.

pub mod borda;
pub mod kendall;
pub mod schulze;

use std::collections::BTreeMap;

use crate::domain::model::{DepartmentId, GoalId, ParticipantId, Workshop};
use crate::domain::voting::{Ballot, Method, Round, Weighting};
use schulze::{Schulze, WeightedRanking};

/// Figures of score voting for one goal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoreStats {
    pub mean: f64,
    pub median: f64,
    /// Standard deviation of the scores: how much people disagree about this goal.
    pub spread: f64,
    /// How many people scored the goal.
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Detail {
    /// The headline is each goal's (weighted) number of dots.
    Dots,
    Scores(BTreeMap<GoalId, ScoreStats>),
    /// Indexes follow the round's goal order. The headline is Borda points.
    Ranked { schulze: Schulze, borda: Vec<f64> },
}

#[derive(Debug, Clone, PartialEq)]
pub struct RoundResult {
    /// The round's goals, in the round's order (the indexes of `Detail::Ranked`).
    pub goals: Vec<GoalId>,
    /// Tiers, best first; goals in one tier are tied.
    pub order: Vec<Vec<GoalId>>,
    /// The figure each goal is known by: dots, mean score, or Borda points.
    pub headline: BTreeMap<GoalId, f64>,
    pub detail: Detail,
    /// Ballots counted.
    pub ballots: usize,
}

impl RoundResult {
    /// Competition rank ("1, 2, 2, 4"): 1 + the number of goals in better tiers.
    pub fn rank_of(&self, goal: GoalId) -> Option<u32> {
        let mut above = 0;
        for tier in &self.order {
            if tier.contains(&goal) {
                return Some(above + 1);
            }
            above += tier.len() as u32;
        }
        None
    }

    /// Average ranks (ties share the mean of their places), in the round's goal order.
    pub fn average_ranks(&self) -> Vec<f64> {
        let mut ranks = BTreeMap::new();
        let mut place = 0usize;
        for tier in &self.order {
            let mean = (place + 1 + place + tier.len()) as f64 / 2.0;
            for g in tier {
                ranks.insert(*g, mean);
            }
            place += tier.len();
        }
        self.goals.iter().map(|g| ranks.get(g).copied().unwrap_or(place as f64)).collect()
    }
}

fn department_of(w: &Workshop, p: ParticipantId) -> Option<DepartmentId> {
    w.participant(p).and_then(|p| p.department)
}

/// Each ballot's weight. Department-balanced: every department (and the group of people
/// without one) that voted carries a total weight of 1, shared by its voters.
pub fn weights(w: &Workshop, ballots: &[(ParticipantId, &Ballot)], weighting: Weighting) -> Vec<f64> {
    match weighting {
        Weighting::Equal => vec![1.0; ballots.len()],
        Weighting::DepartmentBalanced => {
            let mut sizes: BTreeMap<Option<DepartmentId>, usize> = BTreeMap::new();
            for (p, _) in ballots {
                *sizes.entry(department_of(w, *p)).or_default() += 1;
            }
            ballots.iter().map(|(p, _)| 1.0 / sizes[&department_of(w, *p)] as f64).collect()
        }
    }
}

/// Goals grouped by value, highest first (equal values tie). Round order within a tier.
fn tiers_by_value(goals: &[GoalId], value: impl Fn(GoalId) -> f64) -> Vec<Vec<GoalId>> {
    let mut sorted: Vec<(GoalId, f64)> = goals.iter().map(|g| (*g, value(*g))).collect();
    sorted.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut tiers: Vec<(f64, Vec<GoalId>)> = Vec::new();
    for (g, v) in sorted {
        match tiers.last_mut() {
            Some((tv, tier)) if (*tv - v).abs() < 1e-9 => tier.push(g),
            _ => tiers.push((v, vec![g])),
        }
    }
    let position = |g: &GoalId| goals.iter().position(|x| x == g);
    tiers
        .into_iter()
        .map(|(_, mut tier)| {
            tier.sort_by_key(position);
            tier
        })
        .collect()
}

/// Tallies `round`. `department`: `None` counts everyone; `Some(d)` only voters of
/// department `d` (`Some(None)`: those without a department).
pub fn tally_round(w: &Workshop, round: &Round, weighting: Weighting, department: Option<Option<DepartmentId>>) -> RoundResult {
    let ballots: Vec<(ParticipantId, &Ballot)> = round
        .ballots
        .iter()
        .filter(|(p, _)| department.is_none_or(|d| department_of(w, **p) == d))
        .map(|(p, c)| (*p, &c.ballot))
        .collect();
    let weight = weights(w, &ballots, weighting);
    tally_ballots(round, &ballots.iter().map(|(_, b)| *b).collect::<Vec<_>>(), &weight)
}

/// The tally of given ballots with given weights (the core of `tally_round`).
pub fn tally_ballots(round: &Round, ballots: &[&Ballot], weight: &[f64]) -> RoundResult {
    let goals = round.goals.clone();
    let index: BTreeMap<GoalId, usize> = goals.iter().enumerate().map(|(i, g)| (*g, i)).collect();
    let (order, headline, detail) = match round.method {
        Method::Dot { .. } => {
            let mut totals: BTreeMap<GoalId, f64> = goals.iter().map(|g| (*g, 0.0)).collect();
            for (ballot, w) in ballots.iter().zip(weight) {
                if let Ballot::Dots(dots) = ballot {
                    for (g, d) in dots {
                        if let Some(t) = totals.get_mut(g) {
                            *t += w * f64::from(*d);
                        }
                    }
                }
            }
            (tiers_by_value(&goals, |g| totals[&g]), totals, Detail::Dots)
        }
        Method::Score { .. } => {
            let mut per_goal: BTreeMap<GoalId, Vec<(f64, f64)>> = goals.iter().map(|g| (*g, Vec::new())).collect();
            for (ballot, w) in ballots.iter().zip(weight) {
                if let Ballot::Scores(scores) = ballot {
                    for (g, s) in scores {
                        if let Some(list) = per_goal.get_mut(g) {
                            list.push((f64::from(*s), *w));
                        }
                    }
                }
            }
            let stats: BTreeMap<GoalId, ScoreStats> = per_goal.iter().map(|(g, list)| (*g, score_stats(list))).collect();
            let headline: BTreeMap<GoalId, f64> = stats.iter().map(|(g, s)| (*g, s.mean)).collect();
            // Goals nobody scored come last.
            let order = tiers_by_value(&goals, |g| if stats[&g].count == 0 { f64::NEG_INFINITY } else { stats[&g].mean });
            (order, headline, Detail::Scores(stats))
        }
        Method::Ranked => {
            let rankings: Vec<Vec<usize>> = ballots
                .iter()
                .map(|b| match b {
                    Ballot::Ranking(order) => order.iter().filter_map(|g| index.get(g).copied()).collect(),
                    _ => Vec::new(),
                })
                .collect();
            let weighted: Vec<WeightedRanking<'_>> =
                rankings.iter().zip(weight).map(|(r, w)| WeightedRanking { ranking: r, weight: *w }).collect();
            let result = schulze::rank(goals.len(), &weighted);
            let borda = borda::points(goals.len(), &weighted);
            let order = result.order.iter().map(|tier| tier.iter().map(|i| goals[*i]).collect()).collect();
            let headline = goals.iter().enumerate().map(|(i, g)| (*g, borda[i])).collect();
            (order, headline, Detail::Ranked { schulze: result, borda })
        }
    };
    RoundResult { goals, order, headline, detail, ballots: ballots.len() }
}

fn score_stats(list: &[(f64, f64)]) -> ScoreStats {
    let total: f64 = list.iter().map(|(_, w)| w).sum();
    if list.is_empty() || total <= 0.0 {
        return ScoreStats { mean: 0.0, median: 0.0, spread: 0.0, count: 0 };
    }
    let mean = list.iter().map(|(s, w)| s * w).sum::<f64>() / total;
    let variance = list.iter().map(|(s, w)| w * (s - mean).powi(2)).sum::<f64>() / total;
    let mut sorted = list.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Weighted median: the lowest score with at least half the weight at or below it;
    // exactly half splits the difference (so unweighted medians are the usual ones).
    let mut cumulative = 0.0;
    let mut median = sorted[sorted.len() - 1].0;
    for (i, (s, w)) in sorted.iter().enumerate() {
        cumulative += w;
        if (cumulative - total / 2.0).abs() < 1e-9 && i + 1 < sorted.len() {
            median = (s + sorted[i + 1].0) / 2.0;
            break;
        }
        if cumulative > total / 2.0 {
            median = *s;
            break;
        }
    }
    ScoreStats { mean, median, spread: variance.sqrt(), count: list.len() }
}

/// Overall, per department, and how far departments agree.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// With the round's weighting.
    pub overall: RoundResult,
    /// One result per department that voted (and one for voters without a department).
    pub departments: Vec<(Option<DepartmentId>, RoundResult)>,
    /// Kendall's W between the departments' orders (tie-corrected); `None` with fewer
    /// than two departments voting.
    pub agreement: Option<f64>,
    /// Per goal, how far apart departments place it: the range of its relative rank
    /// (0 = first, 1 = last) across departments, 0–1. Most divergent first.
    pub divergence: Vec<(GoalId, f64)>,
}

pub fn compare(w: &Workshop, round: &Round) -> Comparison {
    let overall = tally_round(w, round, round.weighting, None);
    let mut groups: Vec<Option<DepartmentId>> = w.departments().iter().map(|d| Some(d.id)).collect();
    groups.push(None);
    let departments: Vec<(Option<DepartmentId>, RoundResult)> = groups
        .into_iter()
        .map(|d| (d, tally_round(w, round, Weighting::Equal, Some(d))))
        .filter(|(_, r)| r.ballots > 0)
        .collect();
    let ranks: Vec<Vec<f64>> = departments.iter().map(|(_, r)| r.average_ranks()).collect();
    let agreement = kendall::kendalls_w(&ranks);
    let n = round.goals.len();
    let mut divergence: Vec<(GoalId, f64)> = round
        .goals
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let relative: Vec<f64> = ranks.iter().map(|r| (r[i] - 1.0) / (n.max(2) - 1) as f64).collect();
            let spread = relative.iter().copied().fold(f64::NEG_INFINITY, f64::max)
                - relative.iter().copied().fold(f64::INFINITY, f64::min);
            (*g, if relative.len() < 2 { 0.0 } else { spread })
        })
        .collect();
    divergence.sort_by(|a, b| b.1.total_cmp(&a.1));
    Comparison { overall, departments, agreement, divergence }
}
