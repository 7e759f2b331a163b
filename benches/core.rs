//! Criterion benchmarks of the core at workshop scale (the demo) and at 2,000 goals.
//! Run with `cargo bench --bench core`; the figures are reported in the closing notes
//! and, from the readiness release on, in PERFORMANCE.md.

use std::hint::black_box;

use accord::domain::alignment::{analyse, dependency_cycles};
use accord::domain::demo::{demo_workshop, DEMO_JSON};
use accord::domain::history::History;
use accord::domain::model::{Edit, GoalDetails, Level, NewGoal};
use accord::domain::outline::{all_parents, outline, Filter};
use accord::domain::sample::generated_workshop;
use accord::domain::wire::{restore, to_json};
use criterion::{criterion_group, criterion_main, Criterion};

fn wire(c: &mut Criterion) {
    let demo = demo_workshop().unwrap();
    let large = generated_workshop(42, 2000);
    let large_json = to_json(&large);
    c.bench_function("restore demo (25 goals)", |b| b.iter(|| restore(black_box(DEMO_JSON.as_bytes())).unwrap()));
    c.bench_function("export demo (25 goals)", |b| b.iter(|| to_json(black_box(&demo))));
    c.bench_function("restore 2,000 goals", |b| b.iter(|| restore(black_box(large_json.as_bytes())).unwrap()));
    c.bench_function("export 2,000 goals", |b| b.iter(|| to_json(black_box(&large))));
}

fn model(c: &mut Criterion) {
    let large = generated_workshop(42, 2000);
    let first_objective = large.children(None)[0];
    c.bench_function("add + remove a goal at 2,000 goals", |b| {
        b.iter_batched_ref(
            || large.clone(),
            |w| {
                let id = w
                    .add_goal(NewGoal {
                        title: "New initiative".into(),
                        level: Level::Initiative,
                        parent: Some(first_objective),
                        department: None,
                    })
                    .unwrap();
                w.remove_goal_subtree(id).unwrap();
            },
            criterion::BatchSize::LargeInput,
        )
    });
    c.bench_function("alignment analysis (orphans, support, cycles, matrix) at 2,000 goals", |b| {
        b.iter(|| analyse(black_box(&large)))
    });
    c.bench_function("dependency cycle detection at 2,000 goals", |b| b.iter(|| dependency_cycles(black_box(&large))));
    c.bench_function("outline rows, all expanded, at 2,000 goals", |b| {
        b.iter(|| outline(black_box(&large), &Default::default(), &Filter::default()))
    });
    c.bench_function("outline rows, collapsed, at 2,000 goals", |b| {
        let collapsed = all_parents(&large);
        b.iter(|| outline(black_box(&large), &collapsed, &Filter::default()))
    });
    c.bench_function("conflict detection (all detectors) at 2,000 goals", |b| {
        b.iter(|| accord::domain::conflicts::detect(black_box(&large), &large.conflict_settings))
    });
    let target = large.goals()[1000].id;
    c.bench_function("edit a title + undo at 2,000 goals", |b| {
        b.iter_batched_ref(
            || (large.clone(), History::default()),
            |(w, history)| {
                let mut details = GoalDetails::of(w.goal(target).unwrap());
                details.title = "Renamed".into();
                history.apply(w, Edit::UpdateGoal(target, details)).unwrap();
                history.undo(w).unwrap();
            },
            criterion::BatchSize::LargeInput,
        )
    });
    c.bench_function("delete a subtree + undo at 2,000 goals", |b| {
        b.iter_batched_ref(
            || (large.clone(), History::default()),
            |(w, history)| {
                history.apply(w, Edit::RemoveGoal(first_objective)).unwrap();
                history.undo(w).unwrap();
            },
            criterion::BatchSize::LargeInput,
        )
    });
}

/// The Schulze count as it was before issue #17 (nested `Vec` rows, every ranked candidate
/// against every lower and unranked one, Floyd–Warshall strongest paths), kept so the
/// speed-up can be measured again on the same machine in the same run.
mod schulze_before_17 {
    use accord::domain::tally::schulze::{tiers, WeightedRanking};

    pub fn pairwise(n: usize, ballots: &[WeightedRanking<'_>]) -> Vec<Vec<u64>> {
        let mut d = vec![vec![0u64; n]; n];
        let mut ranked = vec![false; n];
        let mut unranked: Vec<usize> = Vec::with_capacity(n);
        for ballot in ballots {
            let (ranking, w) = (ballot.ranking, ballot.weight);
            ranked.fill(false);
            for &c in ranking {
                ranked[c] = true;
            }
            unranked.clear();
            unranked.extend((0..n).filter(|c| !ranked[*c]));
            // Each ranked candidate beats those ranked below it and every unranked one.
            for (place, &winner) in ranking.iter().enumerate() {
                let row = &mut d[winner];
                for &loser in &ranking[place + 1..] {
                    row[loser] += w;
                }
                for &loser in &unranked {
                    row[loser] += w;
                }
            }
        }
        d
    }

    pub fn strongest_paths(d: &[Vec<u64>]) -> Vec<Vec<u64>> {
        let n = d.len();
        let mut p = vec![vec![0u64; n]; n];
        for i in 0..n {
            for j in 0..n {
                if i != j && d[i][j] > d[j][i] {
                    p[i][j] = d[i][j];
                }
            }
        }
        // Widest paths through each intermediate candidate in turn. The inner loop runs over
        // whole rows without branches; the diagonal may pick up values on the way, which
        // never wins a comparison (min(p[j][i], p[i][i]) ≤ p[j][i]) and is cleared after.
        let mut through_i = vec![0u64; n];
        for i in 0..n {
            through_i.copy_from_slice(&p[i]);
            for (j, row) in p.iter_mut().enumerate() {
                let pji = row[i];
                if j == i || pji == 0 {
                    continue;
                }
                for (cell, &pik) in row.iter_mut().zip(&through_i) {
                    let via = if pik < pji { pik } else { pji };
                    if via > *cell {
                        *cell = via;
                    }
                }
            }
        }
        for (i, row) in p.iter_mut().enumerate() {
            row[i] = 0;
        }
        p
    }

    pub fn rank(n: usize, ballots: &[WeightedRanking<'_>]) -> Vec<Vec<usize>> {
        let pairwise = pairwise(n, ballots);
        let strongest = strongest_paths(&pairwise);
        tiers(n, |i, j| strongest[i][j] > strongest[j][i])
    }
}

fn tallies(c: &mut Criterion) {
    use accord::domain::model::{GoalId, RoundId};
    use accord::domain::sample::{generated_dots, generated_rankings};
    use accord::domain::tally::kendall::kendalls_w;
    use accord::domain::tally::schulze::{self, WeightedRanking};
    use accord::domain::tally::{tally_ballots, Weights};
    use accord::domain::voting::{Ballot, Method, Round, RoundStatus, Secrecy, Weighting};

    let rankings = generated_rankings(7, 1000, 200);
    let weighted: Vec<WeightedRanking<'_>> = rankings.iter().map(|r| WeightedRanking { ranking: r, weight: 1 }).collect();
    c.bench_function("Schulze: 1,000 ranked ballots over 200 goals (pairwise + strongest paths + order)", |b| {
        b.iter(|| schulze::rank(200, black_box(&weighted)))
    });
    assert_eq!(schulze_before_17::rank(200, &weighted), schulze::rank(200, &weighted).unwrap().order);
    c.bench_function("Schulze before #17 (the previous count, for comparison): 1,000 ranked ballots over 200 goals", |b| {
        b.iter(|| schulze_before_17::rank(200, black_box(&weighted)))
    });

    let goals: Vec<GoalId> = (1..=60).map(GoalId).collect();
    let round = Round {
        id: RoundId(1),
        name: "Dots".into(),
        method: Method::Dot { dots: 20, cap: None },
        goals: goals.clone(),
        status: RoundStatus::Closed,
        secrecy: Secrecy::Anonymous,
        weighting: Weighting::Equal,
        observers: Default::default(),
        ballots: Default::default(),
        timer_minutes: None,
        electorate: None,
        removed_ballots: Vec::new(),
        held: Default::default(),
    };
    let dots: Vec<Ballot> = generated_dots(9, 5000, goals.len(), 20)
        .into_iter()
        .map(|b| Ballot::Dots(b.into_iter().map(|(c, n)| (goals[c], n)).collect()))
        .collect();
    let refs: Vec<&Ballot> = dots.iter().collect();
    let weights = Weights::equal(refs.len());
    c.bench_function("dot tally: 5,000 ballots over 60 goals", |b| b.iter(|| tally_ballots(&round, black_box(&refs), &weights)));

    // Kendall's W: 12 departments ranking 200 goals (ranks with ties, as tallies give).
    let ranks: Vec<Vec<f64>> = generated_rankings(11, 12, 200)
        .into_iter()
        .map(|order| {
            let mut r = vec![0.0; 200];
            for (place, c) in order.into_iter().enumerate() {
                r[c] = (place / 2 * 2) as f64 + 1.5; // pairs of tied places
            }
            r
        })
        .collect();
    c.bench_function("Kendall's W: 12 departments over 200 goals", |b| b.iter(|| kendalls_w(black_box(&ranks))));
}

/// Own-device voting: making and checking codes, and the QR work per camera frame.
/// A generated workshop of `size` goals with a ranked round open over its first `ranked`.
fn open_ranked_round(size: usize, ranked: usize) -> (accord::domain::model::Workshop, Vec<accord::domain::model::GoalId>, accord::domain::model::RoundId) {
    use accord::domain::model::NewRound;
    use accord::domain::voting::{Method, RoundStatus, Secrecy, Weighting};
    let mut w = generated_workshop(3, size);
    let goals: Vec<_> = w.goals().iter().take(ranked).map(|g| g.id).collect();
    let new = w
        .new_round(NewRound { name: "All".into(), method: Method::Ranked, goals: goals.clone(), secrecy: Secrecy::Named, weighting: Weighting::Equal, timer_minutes: None })
        .unwrap();
    w.apply(new).unwrap();
    let round = w.rounds().last().unwrap().id;
    w.apply(w.set_round_status(round, RoundStatus::Open).unwrap()).unwrap();
    (w, goals, round)
}

fn own_devices(c: &mut Criterion) {
    use accord::domain::ballot_box::receive;
    use accord::domain::codec::{decode_invite, encode_invite, qr_symbol, read_qr, WorkshopKeys, QR_QUIET};
    use accord::domain::invitation::invite_for;
    use accord::domain::time::Timestamp;
    use accord::domain::voting::Ballot;

    let keys = WorkshopKeys::from_parts([7; 32], [1; 8]);
    let (mut w, goals, _) = open_ranked_round(400, 200);
    let voter = w.participants()[0].id;
    let now = Timestamp(1_800_000_000_000);
    w.issue_invite(voter, [5; 16], now).unwrap();
    let invite = invite_for(&w, &keys, voter, now).unwrap();
    let link = encode_invite(&invite);
    c.bench_function("invite for 200 goals: build + encode", |b| b.iter(|| encode_invite(&invite_for(black_box(&w), &keys, voter, now).unwrap())));
    c.bench_function("invite for 200 goals: decode", |b| b.iter(|| decode_invite(black_box(&link)).unwrap()));
    let ballot = Ballot::Ranking(goals[..30].to_vec());
    let code = invite.seal(&invite.rounds[0], ballot.clone(), 1, [3; 12]).unwrap();
    c.bench_function("ranked ballot over 30 goals: check + seal", |b| b.iter(|| invite.seal(&invite.rounds[0], black_box(ballot.clone()), 1, [3; 12]).unwrap()));
    c.bench_function("ranked ballot over 30 goals: receive (open + check)", |b| b.iter(|| receive(black_box(&w), &keys, black_box(&code), now).unwrap()));
    let symbol = qr_symbol(&code).unwrap();
    c.bench_function("QR code of a 30-goal ballot code", |b| b.iter(|| qr_symbol(black_box(&code)).unwrap()));
    // A 640×480 camera frame with the code in the middle, 4 pixels per module.
    let (width, height, scale) = (640usize, 480usize, 4usize);
    let mut frame = vec![235u8; width * height];
    let (x0, y0) = ((width - symbol.extent() * scale) / 2, (height - symbol.extent() * scale) / 2);
    for y in 0..symbol.size * scale {
        for x in 0..symbol.size * scale {
            if symbol.dark[(y / scale) * symbol.size + x / scale] {
                frame[(y0 + QR_QUIET * scale + y) * width + x0 + QR_QUIET * scale + x] = 16;
            }
        }
    }
    assert_eq!(read_qr(width, height, &frame), vec![code.clone()]);
    c.bench_function("read a QR code from a 640×480 frame", |b| b.iter(|| read_qr(width, height, black_box(&frame))));
}

/// The room: building the room link for 30 and 200 goals, a phone sealing one code for a
/// ranked round, and the facilitator opening and checking it (X25519 agreement, HKDF,
/// ChaCha20-Poly1305, the round's rules).
fn room(c: &mut Criterion) {
    use accord::domain::ballot_box::receive_room;
    use accord::domain::codec::{decode_room, encode_room, WorkshopKeys};
    use accord::domain::room::{room_for, Phone, Who};
    use accord::domain::time::Timestamp;

    let keys = WorkshopKeys::from_parts([7; 32], [1; 8]);
    for size in [30usize, 200] {
        let (w, goals, round) = open_ranked_round(size.max(40), size);
        let link = encode_room(&room_for(&w, &keys).unwrap());
        println!("room link for {size} goals: {} characters", link.len());
        c.bench_function(&format!("room link for {size} goals: build + encode"), |b| b.iter(|| encode_room(&room_for(black_box(&w), &keys).unwrap())));
        c.bench_function(&format!("room link for {size} goals: decode"), |b| b.iter(|| decode_room(black_box(&link)).unwrap()));
        if size != 30 {
            continue;
        }
        let room = decode_room(&link).unwrap();
        let voter = w.participants()[0].id;
        let mut phone = Phone::join(Who::Listed { id: voter.0, name: String::new() }, [9; 32]);
        phone.drafts.entry(round.0).or_default().ranking = goals.clone();
        c.bench_function("room ballot over 30 goals: check + seal (phone)", |b| b.iter(|| black_box(&mut phone).seal(&room, [3; 12]).unwrap()));
        let code = phone.seal(&room, [3; 12]).unwrap();
        let now = Timestamp(1_800_000_000_000);
        c.bench_function("room ballot over 30 goals: receive (open + check)", |b| b.iter(|| receive_room(black_box(&w), &keys, black_box(&code), now).unwrap()));
    }
}


/// Restore at the limits: 10,000 goals and 2,000 ranked ballots naming the last goals,
/// beside parsing the same bytes only (what validation is measured against).
fn limits(c: &mut Criterion) {
    use accord::domain::sample::generated_ranked_vote;
    use accord::domain::wire::v1::WorkshopDoc;
    use accord::domain::wire::parse_json;
    let vote = generated_ranked_vote(42, 10_000, 2_000, 200, 20);
    let json = to_json(&vote);
    eprintln!("the 10,000 × 2,000 file: {} bytes", json.len());
    assert!(restore(json.as_bytes()).is_ok());
    let mut group = c.benchmark_group("limits");
    group.sample_size(10);
    group.bench_function("parse only: 10,000 goals + 2,000 ranked ballots, to serde_json::Value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(json.as_bytes())).unwrap())
    });
    group.bench_function("parse only: 10,000 goals + 2,000 ranked ballots, to the wire type", |b| {
        b.iter(|| serde_json::from_slice::<WorkshopDoc>(black_box(json.as_bytes())).unwrap())
    });
    group.bench_function("parse (duplicate keys refused) only: 10,000 goals + 2,000 ranked ballots", |b| {
        b.iter(|| parse_json(black_box(json.as_bytes())).unwrap())
    });
    group.bench_function("validate (restore): 10,000 goals + 2,000 ranked ballots", |b| {
        b.iter(|| restore(black_box(json.as_bytes())).unwrap())
    });
    // The largest ranked round: 2,000 full rankings (every participant a file holds) over
    // the most goals a ranked round may have.
    for goals in [accord::domain::model::MAX_RANKED_GOALS] {
        let w = generated_ranked_vote(5, goals, 2_000, goals, goals);
        let round = w.rounds().next().unwrap().clone();
        group.bench_function(format!("ranked tally (Schulze + Borda): 2,000 full rankings over {goals} goals"), |b| {
            b.iter(|| accord::domain::tally::tally_round(black_box(&w), &round, round.weighting, None).unwrap())
        });
    }
    group.finish();
}

/// Sharing: the agreed tree of the demo and of a 200-goal workshop as a viewer link
/// (its length printed: PERFORMANCE.md), and a department's 30-goal draft imported into a
/// 2,000-goal workshop, near-duplicate check included.
fn share(c: &mut Criterion) {
    use accord::domain::codec::WorkshopTag;
    use accord::domain::model::{DepartmentId, GoalId, Source};
    use accord::domain::render::goal_tree::agreed_tree;
    use accord::domain::share::tree_link::{decode_tree, encode_tree};
    use accord::domain::share::{import, near_duplicates, Contribution, SentGoal, Under};
    use accord::domain::time::Timestamp;

    let now = Timestamp(1_800_000_000_000);
    let tag = Some(WorkshopTag([1; 8]));
    for (name, w) in [("the demo", demo_workshop().unwrap()), ("200 goals", generated_workshop(42, 200))] {
        let tree = agreed_tree(&w, now);
        let link = encode_tree(&tree, tag);
        let qr = accord::domain::codec::qr_symbol_for_screen(&format!("https://accord.example/view/#tree={link}"));
        println!("share link of {name}: {} characters (QR at level L: {})", link.len(), qr.map_or("too long".into(), |q| format!("version {}", q.version())));
        c.bench_function(&format!("share link of {name}: build + encode"), |b| b.iter(|| encode_tree(&agreed_tree(black_box(&w), now), tag)));
        c.bench_function(&format!("share link of {name}: decode + check"), |b| b.iter(|| decode_tree(black_box(&link)).unwrap()));
    }
    let large = generated_workshop(42, 2000);
    let department = large.departments()[0].id;
    let objective = large.goals().iter().find(|g| g.level == Level::Objective).map_or(GoalId(1), |g| g.id);
    let draft = Contribution {
        source: Source::Draft,
        workshop: large.title.clone(),
        tag,
        department: Some(DepartmentId(department.0)),
        author: "Lead".into(),
        device: 7,
        goals: (1..=30).map(|k| SentGoal::new(k, format!("Drafted goal number {k} for the coming year"), Level::DepartmentGoal, Under::Goal { id: objective, title: String::new() })).collect(),
    };
    c.bench_function("import a 30-goal draft into 2,000 goals (plan, copy, duplicates)", |b| b.iter(|| import(black_box(&large), tag, &draft, now).unwrap()));
    let mut merged = large.clone();
    merged.apply(import(&large, tag, &draft, now).unwrap().edit).unwrap();
    c.bench_function("near-duplicates in 2,030 goals with 30 drafted", |b| b.iter(|| near_duplicates(black_box(&merged))));
}

criterion_group!(benches, wire, model, tallies, own_devices, limits, room, share);
criterion_main!(benches);
