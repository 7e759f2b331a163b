//! The phone's side of the room, in the core: a walk-in's name checked on the phone as
//! the facilitator's Accord checks it, "Sent" marks that follow what the last code
//! carries, and a phone that keeps who it is and its drafts across room links.

use std::collections::BTreeMap;

use accord::domain::ballot_box::{receive_room, Refusal};
use accord::domain::codec::{decode_room, encode_room, RoomDoc, WorkshopKeys};
use accord::domain::demo::demo_workshop;
use accord::domain::history::History;
use accord::domain::model::{Edit, GoalId, NewRound, RoundId, Workshop};
use accord::domain::room::{room_for, Phone, SendProblem, Who};
use accord::domain::room_phone::{listed, walk_in, WalkInProblem};
use accord::domain::time::Timestamp;
use accord::domain::voting::{Ballot, Method, RoundStatus, Secrecy, Weighting};
use proptest::prelude::*;

const KEYS: WorkshopKeys = WorkshopKeys::from_parts([42; 32], [9, 8, 7, 6, 5, 4, 3, 2]);
const SELF_SERVE: GoalId = GoalId(5);
const DACH: GoalId = GoalId(6);
const INBOUND: GoalId = GoalId(7);
const NOW: Timestamp = Timestamp(1_800_000_000_000);

struct Hall {
    w: Workshop,
    h: History,
}

impl Hall {
    fn new() -> Hall {
        Hall { w: demo_workshop().unwrap(), h: History::default() }
    }

    fn open(&mut self, name: &str, method: Method) -> RoundId {
        let new = self
            .w
            .new_round(NewRound { name: name.into(), method, goals: vec![SELF_SERVE, DACH, INBOUND], secrecy: Secrecy::Named, weighting: Weighting::Equal, timer_minutes: None })
            .unwrap();
        self.h.apply(&mut self.w, new).unwrap();
        let id = self.w.rounds().last().unwrap().id;
        self.set(id, RoundStatus::Open);
        id
    }

    fn set(&mut self, id: RoundId, status: RoundStatus) {
        let edit = self.w.set_round_status(id, status).unwrap();
        self.h.apply(&mut self.w, edit).unwrap();
    }

    /// The room link as a phone reads it.
    fn room(&self) -> RoomDoc {
        decode_room(&encode_room(&room_for(&self.w, &KEYS).unwrap())).unwrap()
    }

    fn count(&mut self, code: &str) -> Vec<(bool, String)> {
        let d = receive_room(&self.w, &KEYS, code, NOW).unwrap();
        if let Some(edit) = d.edit() {
            self.h.apply(&mut self.w, edit).unwrap();
        }
        d.describe()
    }

    fn counted(&self, round: RoundId, name: &str) -> Option<Ballot> {
        let p = self.w.participants().iter().find(|p| p.name == name)?.id;
        self.w.round(round).unwrap().ballots.get(&p).map(|c| c.ballot.clone())
    }
}

fn rank(phone: &mut Phone, room: &RoomDoc, round: RoundId, order: &[GoalId]) -> bool {
    phone.set_draft(room.round(round).unwrap(), BTreeMap::new(), order.to_vec())
}

fn dots(phone: &mut Phone, room: &RoomDoc, round: RoundId, marks: &[(GoalId, u32)]) -> bool {
    phone.set_draft(room.round(round).unwrap(), marks.iter().copied().collect(), Vec::new())
}

#[test]
fn a_walk_in_name_that_is_on_the_list_is_refused_on_the_phone_as_the_facilitator_would() {
    let mut hall = Hall::new();
    let ranked = hall.open("Revenue bets", Method::Ranked);
    // Walk-ins not allowed: the phone says so and offers nothing to type.
    assert_eq!(walk_in(&hall.room(), "Sam Rivera"), Err(WalkInProblem::NotAllowed));
    hall.h.apply(&mut hall.w, Edit::SetWalkIns(true)).unwrap();
    let room = hall.room();
    for typed in ["Amara Okafor", "  amara okafor ", "AMARA OKAFOR"] {
        let refused = walk_in(&room, typed).unwrap_err();
        assert_eq!(refused, WalkInProblem::Listed("Amara Okafor".into()), "{typed:?}");
        assert!(refused.to_string().starts_with("Amara Okafor is already on the list: if that is you, choose your name above."));
        // The facilitator's Accord refuses the same name: the phone's rule is the same rule.
        let mut p = Phone::join(Who::WalkIn { name: typed.into() }, [9; 32]);
        rank(&mut p, &room, ranked, &[DACH]);
        assert!(matches!(receive_room(&hall.w, &KEYS, &p.seal(&room, [9; 12]).unwrap(), NOW), Err(Refusal::WalkInName { .. })));
    }
    for (typed, why) in [("", "can't be empty"), ("   ", "can't be empty"), ("Eve\u{202e}nimda", "text-direction override"), ("Sam\u{7}", "control character")] {
        match walk_in(&room, typed) {
            Err(WalkInProblem::Name(said)) => assert!(said.contains(why), "{typed:?}: {said}"),
            other => panic!("{typed:?}: {other:?}"),
        }
    }
    assert_eq!(walk_in(&room, "  Sam Rivera "), Ok(Who::WalkIn { name: "Sam Rivera".into() }));
    // A listed person is chosen by number, with the name the link gives.
    assert_eq!(listed(&room, 1), Some(Who::Listed { id: 1, name: "Amara Okafor".into() }));
    assert_eq!(listed(&room, 999), None);
}

#[test]
fn sent_marks_follow_what_the_last_code_carries_and_a_change_makes_a_newer_code_that_replaces() {
    let mut hall = Hall::new();
    let ranked = hall.open("Revenue bets", Method::Ranked);
    let dot = hall.open("Where the dots go", Method::Dot { dots: 5, cap: None });
    let room = hall.room();
    let mut amara = Phone::join(listed(&room, 1).unwrap(), [1; 32]);
    assert_eq!(amara.send(&room, [0; 12]), Err(SendProblem::Empty));
    assert!(rank(&mut amara, &room, ranked, &[DACH, SELF_SERVE]));
    assert!(dots(&mut amara, &room, dot, &[(INBOUND, 3), (DACH, 0)]));
    assert!(!amara.is_sent(ranked.0) && !amara.last_code_is_current(&room));
    let (first, carried) = amara.send(&room, [1; 12]).unwrap();
    assert_eq!(carried, ["Revenue bets", "Where the dots go"]);
    assert!(amara.is_sent(ranked.0) && amara.is_sent(dot.0) && amara.last_code_is_current(&room));
    assert_eq!(amara.sent_rounds(&room), carried);
    assert_eq!(hall.count(&first).len(), 2);
    // A zero typed beside a goal is no change to the ballot: still sent.
    assert!(!dots(&mut amara, &room, dot, &[(INBOUND, 3)]));
    assert!(amara.is_sent(dot.0));
    // A real change takes that round (only) out of the last code.
    assert!(rank(&mut amara, &room, ranked, &[INBOUND]));
    assert!(!amara.is_sent(ranked.0) && amara.is_sent(dot.0) && !amara.last_code_is_current(&room));
    let (second, _) = amara.send(&room, [2; 12]).unwrap();
    assert_ne!(first, second);
    assert_eq!(amara.counter, 2);
    let lines = hall.count(&second);
    assert!(lines[0].1.starts_with("Replaced"), "{lines:?}");
    assert_eq!(hall.counted(ranked, "Amara Okafor"), Some(Ballot::Ranking(vec![INBOUND])));
    // Undoing a ballot to empty leaves it out of the next code, and it is not "sent".
    rank(&mut amara, &room, ranked, &[]);
    let (_, carried) = amara.send(&room, [3; 12]).unwrap();
    assert_eq!(carried, ["Where the dots go"]);
    assert!(!amara.is_sent(ranked.0));
    // A ballot the round refuses (six of five dots) makes no code and changes no mark.
    dots(&mut amara, &room, dot, &[(INBOUND, 6)]);
    let counter = amara.counter;
    assert!(matches!(amara.send(&room, [4; 12]), Err(SendProblem::Ballot { ref round, .. }) if round == "Where the dots go"));
    assert_eq!(amara.counter, counter);
}

#[test]
fn reopening_a_newer_room_link_keeps_who_the_phone_is_and_the_drafts_of_rounds_still_open() {
    let mut hall = Hall::new();
    let ranked = hall.open("Revenue bets", Method::Ranked);
    let dot = hall.open("Where the dots go", Method::Dot { dots: 5, cap: None });
    let room = hall.room();
    let mut ben = Phone::join(listed(&room, 2).unwrap(), [2; 32]);
    rank(&mut ben, &room, ranked, &[DACH]);
    dots(&mut ben, &room, dot, &[(INBOUND, 2)]);
    let (code, _) = ben.send(&room, [1; 12]).unwrap();
    hall.count(&code);
    let kept = ben.to_json();
    // The facilitator closes the dots round and opens a runoff; the phone scans again.
    hall.set(dot, RoundStatus::Closed);
    let runoff = hall.open("Runoff", Method::Ranked);
    let newer = hall.room();
    let back = Phone::restore(&kept, &newer).expect("kept");
    assert_eq!(back.who, ben.who);
    assert_eq!(back.device_short(), ben.device_short(), "the same key pair");
    assert_eq!(back.rounds(&newer).iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["Revenue bets", "Runoff"]);
    assert_eq!(back.drafts.get(&ranked.0).unwrap().ranking, vec![DACH]);
    assert!(!back.drafts.contains_key(&dot.0), "a closed round's draft is dropped");
    assert!(back.is_sent(ranked.0), "still carried by the last code");
    // Voting in the runoff from the same phone counts as the same person.
    let mut back = back;
    rank(&mut back, &newer, runoff, &[SELF_SERVE]);
    let (code, carried) = back.send(&newer, [2; 12]).unwrap();
    assert_eq!(carried, ["Revenue bets", "Runoff"]);
    let lines = hall.count(&code);
    assert!(lines.iter().all(|(ok, _)| *ok), "{lines:?}");
    assert_eq!(hall.counted(runoff, ben.who.name()), Some(Ballot::Ranking(vec![SELF_SERVE])));
    // A damaged record (cut, or another shape) reads as no phone: the phone joins afresh.
    for damaged in [&kept[..kept.len() / 2], "{\"secret\":\"AAAA\",\"who\":{\"listed\":{\"id\":2,\"name\":\"x\"}}}", "null", ""] {
        assert!(Phone::restore(damaged, &newer).is_none(), "{damaged:?}");
    }
}

#[test]
fn a_new_phone_for_the_same_person_is_a_new_key_the_facilitator_is_asked_about() {
    let mut hall = Hall::new();
    let ranked = hall.open("Revenue bets", Method::Ranked);
    let room = hall.room();
    let mut first = Phone::join(listed(&room, 1).unwrap(), [1; 32]);
    rank(&mut first, &room, ranked, &[DACH]);
    hall.count(&first.send(&room, [1; 12]).unwrap().0);
    // "Not you?" then Amara again: fresh random bytes, so a new key pair.
    let mut again = Phone::join(listed(&room, 1).unwrap(), [2; 32]);
    assert_ne!(again.device_short(), first.device_short());
    rank(&mut again, &room, ranked, &[INBOUND]);
    let d = receive_room(&hall.w, &KEYS, &again.send(&room, [2; 12]).unwrap().0, NOW).unwrap();
    assert!(d.other_phone.is_some() && d.edit().is_none());
}

#[derive(Debug, Clone)]
enum Step {
    Rank(bool, Vec<u8>),
    Dots(bool, Vec<(u8, u8)>),
    Send,
    Reload,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (any::<bool>(), proptest::collection::vec(0u8..3, 0..4)).prop_map(|(r, g)| Step::Rank(r, g)),
        (any::<bool>(), proptest::collection::vec((0u8..3, 0u8..4), 0..3)).prop_map(|(r, g)| Step::Dots(r, g)),
        Just(Step::Send),
        Just(Step::Reload),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Whatever a person taps, sends and reloads, a round is marked "Sent" exactly when
    /// the facilitator, counting the last code, counts that round's ballot as the phone
    /// shows it now.
    #[test]
    fn sent_means_the_facilitator_counts_the_ballot_as_it_is_now(steps in proptest::collection::vec(step(), 1..12)) {
        let mut hall = Hall::new();
        let rounds = [hall.open("Revenue bets", Method::Ranked), hall.open("Where the dots go", Method::Dot { dots: 5, cap: None })];
        let room = hall.room();
        let goals = [SELF_SERVE, DACH, INBOUND];
        let mut phone = Phone::join(listed(&room, 3).unwrap(), [3; 32]);
        let name = phone.who.name().to_string();
        let mut n = 0u8;
        for s in steps {
            match s {
                Step::Rank(which, order) => {
                    let mut seen = Vec::new();
                    for g in order { if !seen.contains(&goals[g as usize]) { seen.push(goals[g as usize]); } }
                    rank(&mut phone, &room, rounds[which as usize], &seen);
                }
                Step::Dots(which, marks) => {
                    let marks: Vec<_> = marks.into_iter().map(|(g, d)| (goals[g as usize], u32::from(d))).collect();
                    dots(&mut phone, &room, rounds[which as usize], &marks);
                }
                Step::Send => {
                    n += 1;
                    if let Ok((code, _)) = phone.send(&room, [n; 12]) {
                        hall.count(&code);
                        // Everything filled in is in the code just made.
                        prop_assert!(phone.last_code_is_current(&room));
                    }
                }
                Step::Reload => phone = Phone::restore(&phone.to_json(), &room).unwrap(),
            }
            for r in rounds {
                let d = phone.drafts.get(&r.0).cloned().unwrap_or_default();
                let shown = room.round(r).unwrap().method().ballot_from(&d.marks, &d.ranking);
                let counted = hall.counted(r, &name);
                if phone.is_sent(r.0) {
                    prop_assert_eq!(counted, Some(shown), "{:?} is marked sent", r);
                }
            }
        }
    }
}
