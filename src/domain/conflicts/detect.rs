//! The detectors, one function each.

use std::collections::HashMap;

use super::{Conflict, Kind, Settings, Severity};
use crate::domain::alignment::analyse;
use crate::domain::model::{DepartmentId, GoalId, LinkKind, Status, Workshop};
use crate::domain::disclosure::{self, Group};

fn department(w: &Workshop, d: DepartmentId) -> String {
    w.department(d).map(|d| d.name.clone()).unwrap_or_default()
}

/// "1st", "2nd", "11th", "23rd": a place in words.
pub fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, 11) | (2, 12) | (3, 13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// Every conflict in the workshop, most severe first.
pub fn detect(w: &Workshop, settings: &Settings) -> Vec<Conflict> {
    let mut out = Vec::new();
    divergence(w, settings, &mut out);
    contention(w, settings, &mut out);
    dependencies(w, settings, &mut out);
    gaps(w, &mut out);
    capacity(w, &mut out);
    crate::domain::order::sort_by(&mut out, |a, b| b.severity.cmp(&a.severity).then_with(|| a.key.cmp(&b.key)));
    out
}

/// From the latest round whose results are shown (revealed): a goal two departments place
/// far apart. In an anonymous round, departments too small to be shown alone count only
/// together, as "other departments" (the disclosure policy's groups).
fn divergence(w: &Workshop, settings: &Settings, out: &mut Vec<Conflict>) {
    let Some(round) = disclosure::latest_shown(w) else {
        return;
    };
    let Ok(shown) = disclosure::results(w, round) else { return };
    let n = round.goals.len();
    if n < 2 {
        return;
    }
    // People without a department are no department's view.
    let groups: Vec<(String, Vec<DepartmentId>, Vec<f64>)> = shown
        .groups
        .iter()
        .filter_map(|(g, r)| {
            let members: Vec<DepartmentId> = match g {
                Group::Department(d) => vec![*d],
                Group::Others(ds) => ds.iter().flatten().copied().collect(),
                Group::NoDepartment => return None,
            };
            let label = match g {
                Group::Department(d) => department(w, *d),
                _ => g.label(w),
            };
            Some((label, members, r.average_ranks()))
        })
        .collect();
    for (i, goal) in round.goals.iter().enumerate() {
        let places = groups.iter().enumerate().map(|(k, (_, _, ranks))| (k, ranks[i]));
        let (Some(high), Some(low)) = (
            places.clone().min_by(|a, b| a.1.total_cmp(&b.1)),
            places.max_by(|a, b| a.1.total_cmp(&b.1)),
        ) else {
            continue;
        };
        let spread = (low.1 - high.1) / (n - 1) as f64;
        if high.0 == low.0 || spread < settings.divergence {
            continue;
        }
        let (high_group, low_group) = (&groups[high.0], &groups[low.0]);
        out.push(Conflict {
            key: format!("divergence:{goal}"),
            kind: Kind::Divergence,
            severity: if spread >= 0.75 { Severity::High } else { Severity::Medium },
            goals: vec![*goal],
            departments: high_group.1.iter().chain(&low_group.1).copied().collect(),
            summary: format!(
                "{} ranks “{}” {} of {n} but {} ranks it {} ({:.0}% of the ranking apart) in round “{}”.",
                high_group.0,
                w.title_of(*goal),
                ordinal(high.1.round() as usize),
                low_group.0,
                ordinal(low.1.round() as usize),
                spread * 100.0,
                round.name
            ),
        });
    }
}

fn active_rank(w: &Workshop, g: GoalId) -> Option<u32> {
    let goal = w.goal(g)?;
    if matches!(goal.status, Status::Deferred | Status::Rejected) {
        return None;
    }
    disclosure::priority(w, g).map(|p| p.rank)
}

/// Two goals linked `conflicts_with` both among the top N.
fn contention(w: &Workshop, settings: &Settings, out: &mut Vec<Conflict>) {
    for (a, kind, b) in w.links() {
        if kind != LinkKind::ConflictsWith {
            continue;
        }
        let (Some(ra), Some(rb)) = (active_rank(w, a), active_rank(w, b)) else { continue };
        if ra > settings.top || rb > settings.top {
            continue;
        }
        let departments = [a, b].iter().filter_map(|g| w.goal(*g).and_then(|g| g.department)).collect();
        out.push(Conflict {
            key: format!("contention:{a}:{b}"),
            kind: Kind::Contention,
            severity: Severity::High,
            goals: vec![a, b],
            departments,
            summary: format!(
                "“{}” (priority #{ra}) and “{}” (priority #{rb}) pull against each other, and both are in the top {}.",
                w.title_of(a),
                w.title_of(b),
                settings.top
            ),
        });
    }
}

/// Dependency loops, and top goals that depend on weak ones.
fn dependencies(w: &Workshop, settings: &Settings, out: &mut Vec<Conflict>) {
    for cycle in crate::domain::alignment::dependency_cycles(w) {
        let names: Vec<String> = cycle.iter().map(|g| w.title_of(*g)).collect();
        out.push(Conflict {
            key: format!("cycle:{}", cycle.iter().map(ToString::to_string).collect::<Vec<_>>().join(":")),
            kind: Kind::DependencyCycle,
            severity: Severity::High,
            goals: cycle.clone(),
            departments: Vec::new(),
            summary: format!("{} depend on one another in a loop, so none can finish first.", names.join(" → ")),
        });
    }
    // Round sizes, to call a rank "low" when it is in the bottom half of its round.
    let round_size: HashMap<_, usize> = w.rounds().map(|r| (r.id, r.goals.len())).collect();
    for (from, kind, to) in w.links() {
        if kind != LinkKind::DependsOn {
            continue;
        }
        let Some(rank) = active_rank(w, from) else { continue };
        if rank > settings.top {
            continue;
        }
        let Some(needed) = w.goal(to) else { continue };
        let weakness = match needed.status {
            Status::Deferred => Some("deferred".to_string()),
            Status::Rejected => Some("rejected".to_string()),
            _ => disclosure::priority(w, to).and_then(|p| {
                let size = round_size.get(&p.round).copied().unwrap_or(0);
                (size > 0 && p.rank as usize * 2 > size).then(|| format!("only priority #{} of {size}", p.rank))
            }),
        };
        if let Some(weakness) = weakness {
            out.push(Conflict {
                key: format!("weak-dependency:{from}:{to}"),
                kind: Kind::WeakDependency,
                severity: Severity::Medium,
                goals: vec![from, to],
                departments: Vec::new(),
                summary: format!(
                    "“{}” is priority #{rank} but depends on “{}”, which is {weakness}.",
                    w.title_of(from),
                    needed.title
                ),
            });
        }
    }
}

/// Orphans and objectives no department supports.
fn gaps(w: &Workshop, out: &mut Vec<Conflict>) {
    let a = analyse(w);
    for g in a.orphans {
        out.push(Conflict {
            key: format!("orphan:{g}"),
            kind: Kind::Orphan,
            severity: Severity::Low,
            goals: vec![g],
            departments: w.goal(g).and_then(|g| g.department).into_iter().collect(),
            summary: format!("“{}” does not trace up to any company objective.", w.title_of(g)),
        });
    }
    for g in a.unsupported {
        out.push(Conflict {
            key: format!("unsupported:{g}"),
            kind: Kind::Unsupported,
            severity: Severity::Medium,
            goals: vec![g],
            departments: Vec::new(),
            summary: format!("No department has a goal under the objective “{}”.", w.title_of(g)),
        });
    }
}

/// Departments whose agreed goals need more effort than their capacity.
fn capacity(w: &Workshop, out: &mut Vec<Conflict>) {
    for d in w.departments() {
        let Some(capacity) = d.capacity else { continue };
        let goals: Vec<GoalId> =
            w.goals().iter().filter(|g| g.department == Some(d.id) && g.status == Status::Agreed).map(|g| g.id).collect();
        let needed: u64 = goals.iter().filter_map(|g| w.goal(*g)?.effort).map(u64::from).sum();
        if needed <= u64::from(capacity) {
            continue;
        }
        let ratio = needed as f64 / f64::from(capacity.max(1));
        out.push(Conflict {
            key: format!("capacity:{}", d.id),
            kind: Kind::Capacity,
            severity: if ratio > 1.25 { Severity::High } else { Severity::Medium },
            goals,
            departments: vec![d.id],
            summary: format!(
                "{}'s agreed goals need {needed} person-weeks against a capacity of {capacity} ({:.0}%).",
                d.name,
                ratio * 100.0
            ),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sample::two_heavy_goals;

    /// Efforts are summed wide: two goals of u32::MAX person-weeks against a capacity of
    /// u32::MAX is over capacity by exactly u32::MAX (a u32 sum would wrap to just under it).
    #[test]
    fn capacity_sums_cannot_wrap() {
        let w = two_heavy_goals(u32::MAX, Some(u32::MAX));
        let mut out = Vec::new();
        capacity(&w, &mut out);
        assert_eq!(out.len(), 1);
        assert!(out[0].summary.contains("need 8589934590 person-weeks against a capacity of 4294967295 (200%)"), "{}", out[0].summary);
    }
}
