//! The scan station's line: whose ballot a code carried, what became of it, and the
//! round's ballots in of its voters ("Amara — counted (9 of 12)").

use accord::domain::ballot_box::{receive, station_line, Took};
use accord::domain::codec::{decode_invite, encode_invite, WorkshopKeys};
use accord::domain::demo::demo_workshop;
use accord::domain::invitation::invite_for;
use accord::domain::model::{GoalId, NewRound, ParticipantId, RoundId, Workshop};
use accord::domain::time::Timestamp;
use accord::domain::voting::{Ballot, BallotsIn, Cast, Method, RoundStatus, Secrecy, Weighting};
use proptest::prelude::*;

use crate::support::any_workshop;

const KEYS: WorkshopKeys = WorkshopKeys::from_parts([42; 32], [9, 8, 7, 6, 5, 4, 3, 2]);
const MORNING: Timestamp = Timestamp(1_800_000_000_000);
const GOALS: [GoalId; 3] = [GoalId(5), GoalId(6), GoalId(7)];

/// The demo workshop with a new ranked round on three goals, opened (its voters fixed).
fn open_round(w: &mut Workshop, name: &str) -> RoundId {
    let new = w
        .new_round(NewRound {
            name: name.into(),
            method: Method::Ranked,
            goals: GOALS.to_vec(),
            secrecy: Secrecy::Anonymous,
            weighting: Weighting::Equal,
            timer_minutes: None,
        })
        .unwrap();
    w.apply(new).unwrap();
    let round = w.rounds().last().unwrap().id;
    let open = w.set_round_status(round, RoundStatus::Open).unwrap();
    w.apply(open).unwrap();
    round
}

/// A ballot code from `who`'s phone for `round` (their invite issued if need be).
fn code(w: &mut Workshop, who: ParticipantId, round: RoundId, counter: u64) -> String {
    if w.current_invite(who).is_none() {
        w.issue_invite(who, [who.0 as u8 ^ 0x33; 16], MORNING).unwrap();
    }
    let invite = decode_invite(&encode_invite(&invite_for(w, &KEYS, who, MORNING).unwrap())).unwrap();
    let r = invite.round(round).unwrap();
    invite.seal(r, Ballot::Ranking(vec![GOALS[counter as usize % 3]]), counter, [counter as u8; 12]).unwrap()
}

/// Receives a code as the station does: applies what counts, then reads the line.
fn scan(w: &mut Workshop, code: &str) -> String {
    let received = receive(w, &KEYS, code, MORNING).unwrap();
    let (who, round, took) = (received.participant, received.round, received.outcome.took());
    if let Some(edit) = received.edit() {
        w.apply(edit).unwrap();
    }
    station_line(w, who, round, took)
}

fn name(w: &Workshop, p: ParticipantId) -> String {
    w.participant(p).unwrap().name.clone()
}

#[test]
fn each_code_read_says_whose_it_was_and_how_many_of_the_voters_are_in() {
    let mut w = demo_workshop().unwrap();
    // Demo rounds are revealed: one open round, so the line does not name it.
    let round = open_round(&mut w, "Revenue bets");
    let people: Vec<ParticipantId> = w.participants().iter().map(|p| p.id).collect();
    let n = people.len();
    assert!(n >= 5, "the demo has a room of people");
    // Two observe: neither side of the count includes them.
    for p in &people[n - 2..] {
        let edit = w.set_observer(round, *p, true).unwrap();
        w.apply(edit).unwrap();
    }
    let voters = n - 2;
    let r = w.round(round).unwrap();
    assert_eq!(r.ballots_in(people.iter().copied()), BallotsIn { cast: 0, voters });

    for (k, p) in people[..3].iter().enumerate() {
        let c = code(&mut w, *p, round, 1);
        assert_eq!(scan(&mut w, &c), format!("{} — counted ({} of {voters})", name(&w, *p), k + 1));
        // The same code again: nothing moves.
        assert_eq!(scan(&mut w, &c), format!("{} — already counted ({} of {voters})", name(&w, *p), k + 1));
    }
    // A newer ballot from the first phone replaces, and the count stays.
    let newer = code(&mut w, people[0], round, 2);
    assert_eq!(scan(&mut w, &newer), format!("{} — newer ballot counted (3 of {voters})", name(&w, people[0])));
    assert_eq!(station_line(&w, people[1], round, Took::Choose), format!("{} — a different ballot is counted: choose which counts (3 of {voters})", name(&w, people[1])));
    assert_eq!(station_line(&w, people[1], round, Took::AlreadyRead), format!("{} — already read (3 of {voters})", name(&w, people[1])));
    assert!(!Took::Choose.counts() && !Took::AlreadyRead.counts() && Took::AlreadyCounted.counts());

    // Someone added after the round opened is no voter: they move neither figure.
    w.add_participant("Late Comer", None).unwrap();
    let all: Vec<ParticipantId> = w.participants().iter().map(|p| p.id).collect();
    assert_eq!(w.round(round).unwrap().ballots_in(all.iter().copied()), BallotsIn { cast: 3, voters });
    assert_eq!(w.round(round).unwrap().ballots_in(all.iter().copied()).to_string(), format!("3 of {voters}"));

    // With a second round open, the line names its round.
    let second = open_round(&mut w, "Runoff");
    let c = code(&mut w, people[0], second, 1);
    assert_eq!(scan(&mut w, &c), format!("{} — counted (1 of {} in “Runoff”)", name(&w, people[0]), all.len()));
}

#[test]
fn a_ballot_from_someone_who_is_not_a_voter_is_not_counted_in() {
    let mut w = demo_workshop().unwrap();
    let round = open_round(&mut w, "Revenue bets");
    let people: Vec<ParticipantId> = w.participants().iter().map(|p| p.id).collect();
    // A round as a file might hold it: a ballot beside an electorate that leaves its
    // caster out (restore keeps such rounds out; the count does not rely on that).
    let mut r = w.round(round).unwrap().clone();
    r.ballots.insert(ParticipantId(9_999), Cast { ballot: Ballot::Ranking(vec![GOALS[0]]), at: None, source: Default::default() });
    let with_stranger = people.iter().copied().chain([ParticipantId(9_999)]);
    assert_eq!(r.ballots_in(with_stranger), BallotsIn { cast: 0, voters: people.len() });
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// In every round of any workshop, the ballots in are exactly the voters with a
    /// ballot, so never more than the voters.
    #[test]
    fn ballots_in_never_exceed_the_voters(w in any_workshop()) {
        let people: Vec<ParticipantId> = w.participants().iter().map(|p| p.id).collect();
        for r in w.rounds() {
            let got = r.ballots_in(people.iter().copied());
            prop_assert!(got.cast <= got.voters, "{got} in {}", r.name);
            prop_assert_eq!(got.voters, people.iter().filter(|p| r.is_voter(**p)).count());
            prop_assert_eq!(got.cast, people.iter().filter(|p| r.is_voter(**p) && r.ballots.contains_key(p)).count());
        }
    }
}
