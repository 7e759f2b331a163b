//! A runoff started from Resolve survives the save check (export, then restore).

use accord::domain::conflicts::{detect, runoff_goals, Resolution};
use accord::domain::demo::demo_workshop;
use accord::domain::model::Edit;
use accord::domain::time::Timestamp;
use accord::domain::wire::{restore, to_json};

#[test]
fn a_runoff_from_resolve_survives_the_workshop_file() {
    let mut w = demo_workshop().unwrap();
    let conflicts = detect(&w, &w.conflict_settings);
    let divergence = conflicts.iter().find(|c| format!("{:?}", c.kind) == "Divergence").unwrap().clone();
    let goals = runoff_goals(&w, &divergence);
    let round = w.next_round_id();
    let edit: Edit = w.resolve(&divergence, Resolution::Runoff { round, goals }, "The room re-votes.", vec![], Timestamp(1_800_000_000_000)).unwrap();
    w.apply(edit).unwrap();
    let json = to_json(&w);
    let back = restore(json.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, w);
}

#[test]
fn a_runoff_after_a_room_vote_survives_the_workshop_file() {
    use accord::domain::codec::DeviceSecret;
    use accord::domain::model::{GoalId, NewRound};
    use accord::domain::voting::{Ballot, Method, RoundStatus, Secrecy, Source, Weighting};
    let mut w = demo_workshop().unwrap();
    let goals = vec![GoalId(5), GoalId(6), GoalId(7)];
    let new = w
        .new_round(NewRound { name: "Where the dots go".into(), method: Method::Dot { dots: 3, cap: None }, goals, secrecy: Secrecy::Named, weighting: Weighting::Equal, timer_minutes: None })
        .unwrap();
    w.apply(new).unwrap();
    let id = w.rounds().last().unwrap().id;
    w.apply(w.set_round_status(id, RoundStatus::Open).unwrap()).unwrap();
    let people: Vec<_> = w.participants().iter().map(|p| (p.id, p.department)).collect();
    for (i, (p, d)) in people.iter().enumerate() {
        let device = DeviceSecret([i as u8 + 1; 32]).public();
        let ballot = if *d == people[0].1 { Ballot::Dots([(GoalId(5), 3)].into_iter().collect()) } else { Ballot::Dots([(GoalId(7), 2), (GoalId(6), 1)].into_iter().collect()) };
        let cast = w.cast_from(id, *p, ballot, Timestamp(1_800_000_000_000), Source::Room { device, counter: 1 }).unwrap();
        w.apply(Edit::Batch("room ballot", vec![Edit::BindDevice(*p, Some(device)), cast])).unwrap();
    }
    w.apply(w.set_round_status(id, RoundStatus::Closed).unwrap()).unwrap();
    w.apply(w.set_round_status(id, RoundStatus::Revealed).unwrap()).unwrap();
    let json = to_json(&w);
    restore(json.as_bytes()).unwrap_or_else(|e| panic!("after reveal: {e}"));
    let conflicts = detect(&w, &w.conflict_settings);
    let divergence = conflicts.iter().find(|c| format!("{:?}", c.kind) == "Divergence").expect("departments disagree").clone();
    let goals = runoff_goals(&w, &divergence);
    let round = w.next_round_id();
    let edit = w.resolve(&divergence, Resolution::Runoff { round, goals }, "The room re-votes on the contested goals.", vec![], Timestamp(1_800_000_000_000)).unwrap();
    w.apply(edit).unwrap();
    let json = to_json(&w);
    let back = restore(json.as_bytes()).unwrap_or_else(|e| panic!("after the runoff: {e}"));
    assert_eq!(back, w);
}
