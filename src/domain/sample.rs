//! Deterministic generated workshops of any size, for benchmarks, scale tests and trying
//! the app at 2,000 goals. The same seed always gives the same workshop.

use crate::domain::model::{GoalId, Level, LinkKind, NewGoal, Workshop};
use crate::domain::splitmix::SplitMix;
use crate::domain::time::Timestamp;

/// A workshop of `goals` goals over 8 departments: about one objective in 40 goals, then
/// department goals, initiatives and individual goals in roughly 3:4:2, each under a
/// random goal of the level above; one goal in 20 is an orphan; about one goal in 10
/// depends on an earlier goal (so dependencies never loop) and one in 40 conflicts with
/// another.
pub fn generated_workshop(seed: u64, goals: usize) -> Workshop {
    let mut rng = SplitMix(seed);
    let mut w = Workshop::new(&format!("Generated workshop ({goals} goals)"), Timestamp(1_790_000_000_000))
        .expect("title is short");
    w.set_strategy("A generated workshop for measuring Accord at scale.").expect("short");
    let departments: Vec<_> = (0..8)
        .map(|i| w.add_department(&format!("Department {}", i + 1), Some(100 + 10 * i)).expect("unique name"))
        .collect();
    for i in 0..(goals / 10).max(1) {
        let department = departments[i % departments.len()];
        w.add_participant(&format!("Participant {}", i + 1), Some(department)).expect("valid");
    }
    let mut by_level: [Vec<GoalId>; 4] = Default::default();
    let objectives = (goals / 40).max(1);
    for i in 0..goals {
        let level = if i < objectives {
            Level::Objective
        } else {
            match rng.below(9) {
                0..=2 => Level::DepartmentGoal,
                3..=6 => Level::Initiative,
                _ => Level::Individual,
            }
        };
        let above = &by_level[level as usize - usize::from(level != Level::Objective)];
        let parent = if level == Level::Objective || above.is_empty() || rng.below(20) == 0 {
            None
        } else {
            Some(above[rng.below(above.len())])
        };
        let department = (level != Level::Objective).then(|| departments[rng.below(departments.len())]);
        let title = format!("{} {} #{i}", level.label(), ["alpha", "beta", "gamma", "delta", "epsilon"][rng.below(5)]);
        let id = w.add_goal(NewGoal { title, level, parent, department }).expect("generated goals are legal");
        by_level[level as usize].push(id);
        if i > 0 && rng.below(10) == 0 {
            let earlier = GoalId(1 + rng.below(i) as u32);
            let _ = w.add_link(id, LinkKind::DependsOn, earlier);
        }
        if i > 0 && rng.below(40) == 0 {
            let other = GoalId(1 + rng.below(i) as u32);
            let _ = w.add_link(id, LinkKind::ConflictsWith, other);
        }
    }
    w
}

/// `voters` random full rankings of `candidates` candidates (indexes), for measuring
/// tallies. Deterministic for a seed.
pub fn generated_rankings(seed: u64, voters: usize, candidates: usize) -> Vec<Vec<usize>> {
    let mut rng = SplitMix(seed);
    (0..voters)
        .map(|_| {
            let mut order: Vec<usize> = (0..candidates).collect();
            // Fisher–Yates, with a shared bias so the electorate is not pure noise.
            for i in (1..candidates).rev() {
                let j = rng.below(i + 1);
                order.swap(i, j);
            }
            if candidates > 1 && rng.below(3) == 0 {
                let at = order.iter().position(|c| *c == 0).unwrap_or(0);
                order.swap(0, at);
            }
            order
        })
        .collect()
}

/// `voters` random dot ballots: `dots` dots each over `candidates` candidates.
pub fn generated_dots(seed: u64, voters: usize, candidates: usize, dots: u32) -> Vec<Vec<(usize, u32)>> {
    let mut rng = SplitMix(seed);
    (0..voters)
        .map(|_| {
            let mut placed: Vec<(usize, u32)> = Vec::new();
            for _ in 0..dots {
                let c = rng.below(candidates);
                match placed.iter_mut().find(|(x, _)| *x == c) {
                    Some((_, n)) => *n += 1,
                    None => placed.push((c, 1)),
                }
            }
            placed
        })
        .collect()
}

/// A workshop whose department "Ops" (capacity `capacity`) has two agreed goals of
/// `effort` person-weeks each: for tests of effort sums that must not wrap.
#[cfg(test)]
pub(crate) fn two_heavy_goals(effort: u32, capacity: Option<u32>) -> Workshop {
    use crate::domain::model::{GoalDetails, Status};
    let mut w = Workshop::new("Huge", Timestamp(0)).unwrap();
    let d = w.add_department("Ops", capacity).unwrap();
    let objective = w.add_goal(NewGoal { title: "O".into(), level: Level::Objective, parent: None, department: None }).unwrap();
    for title in ["A", "B"] {
        let g = w
            .add_goal(NewGoal { title: title.into(), level: Level::DepartmentGoal, parent: Some(objective), department: Some(d) })
            .unwrap();
        let mut details = GoalDetails::of(w.goal(g).unwrap());
        details.effort = Some(effort);
        details.status = Status::Agreed;
        w.update_goal(g, details).unwrap();
    }
    w
}

/// A generated workshop of `goals` goals and `voters` participants with one closed ranked
/// round over the last `round_goals` goals (the ones a scanning lookup finds last), where
/// every participant has ranked `ranked` of them: the file that measures how restore
/// scales with references.
pub fn generated_ranked_vote(seed: u64, goals: usize, voters: usize, round_goals: usize, ranked: usize) -> Workshop {
    use crate::domain::model::{Edit, RoundId};
    use crate::domain::voting::{Ballot, Cast, Method, Round, RoundStatus, Secrecy, Source, Weighting};
    let mut w = generated_workshop(seed, goals);
    let departments: Vec<_> = w.departments().iter().map(|d| d.id).collect();
    for i in w.participants().len()..voters {
        w.add_participant(&format!("Participant {}", i + 1), Some(departments[i % departments.len()])).expect("valid");
    }
    let all: Vec<GoalId> = w.goals().iter().map(|g| g.id).collect();
    let in_round: Vec<GoalId> = all[all.len().saturating_sub(round_goals)..].to_vec();
    let mut rng = SplitMix(seed ^ 0x5eed);
    let ballots = w
        .participants()
        .iter()
        .take(voters)
        .enumerate()
        .map(|(k, p)| {
            let mut order = in_round.clone();
            for i in (1..order.len()).rev() {
                order.swap(i, rng.below(i + 1));
            }
            order.truncate(ranked.min(order.len()).max(1));
            let at = Timestamp(1_790_000_000_000 + k as i64 * 1000);
            (p.id, Cast { ballot: Ballot::Ranking(order), at: Some(at), source: Source::ThisDevice })
        })
        .collect();
    let round = Round {
        id: RoundId(1),
        name: "Everything, ranked".into(),
        method: Method::Ranked,
        goals: in_round,
        status: RoundStatus::Closed,
        secrecy: Secrecy::Named,
        weighting: Weighting::Equal,
        observers: Default::default(),
        ballots,
        timer_minutes: None,
        removed_ballots: Vec::new(),
        electorate: Some(w.participants().iter().map(|p| p.id).collect()),
        held: Default::default(),
    };
    w.apply(Edit::PutRound(round.id, Some(Box::new(round)))).expect("a legal round");
    w
}
