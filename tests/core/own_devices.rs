//! Own-device voting end to end in the core: the facilitator makes an invite, the
//! participant's device seals a ballot from it, the facilitator receives the code.

use accord::domain::ballot_box::{find_codes, receive, Outcome, Refusal};
use accord::domain::codec::{decode_invite, encode_invite, qr_symbol, read_qr, CodeError, Invite, QrSymbol, WorkshopKeys, QR_QUIET};
use accord::domain::model::InviteId;
use accord::domain::demo::demo_workshop;
use accord::domain::history::History;
use accord::domain::invitation::{invite_for, InviteProblem};
use accord::domain::model::{GoalId, NewRound, ParticipantId, RoundId, Workshop};
use accord::domain::sample::generated_workshop;
use accord::domain::tally::tally_round;
use accord::domain::time::Timestamp;
use accord::domain::voting::{Ballot, Method, RoundStatus, Secrecy, Weighting};
use proptest::prelude::*;

const KEYS: WorkshopKeys = WorkshopKeys::from_parts([42; 32], [9, 8, 7, 6, 5, 4, 3, 2]);
const SECOND_WORKSHOP: WorkshopKeys = WorkshopKeys::from_parts([43; 32], [1, 1, 1, 1, 1, 1, 1, 1]);
const AMARA: ParticipantId = ParticipantId(1);
const LUCIA: ParticipantId = ParticipantId(4);
const SELF_SERVE: GoalId = GoalId(5);
const DACH: GoalId = GoalId(6);
const INBOUND: GoalId = GoalId(7);
const MORNING: Timestamp = Timestamp(1_800_000_000_000);

struct Room {
    w: Workshop,
    h: History,
    round: RoundId,
}

impl Room {
    /// The demo workshop with a second, open ranked round on three revenue goals.
    fn with_open_round() -> Room {
        let (mut w, mut h) = (demo_workshop().unwrap(), History::default());
        let new = w
            .new_round(NewRound {
                name: "Revenue bets".into(),
                method: Method::Ranked,
                goals: vec![SELF_SERVE, DACH, INBOUND],
                secrecy: Secrecy::Anonymous,
                weighting: Weighting::Equal,
                timer_minutes: None,
            })
            .unwrap();
        h.apply(&mut w, new).unwrap();
        let round = w.rounds().last().unwrap().id;
        let open = w.set_round_status(round, RoundStatus::Open).unwrap();
        h.apply(&mut w, open).unwrap();
        Room { w, h, round }
    }

    /// The link text the facilitator sends (issuing the person an invite if they have
    /// none), opened on the participant's phone.
    fn invite(&mut self, who: ParticipantId) -> Invite {
        if self.w.current_invite(who).is_none() {
            let salt = [who.0 as u8 ^ 0x5a; 16];
            self.w.issue_invite(who, salt, MORNING).unwrap();
        }
        let link = encode_invite(&invite_for(&self.w, &KEYS, who, MORNING).unwrap());
        decode_invite(&link).unwrap()
    }

    fn paste(&mut self, code: &str) -> Result<Outcome, Refusal> {
        let received = receive(&self.w, &KEYS, code, MORNING)?;
        let outcome = received.outcome.clone();
        if let Some(edit) = received.edit() {
            self.h.apply(&mut self.w, edit).unwrap();
        }
        Ok(outcome)
    }

    fn counted(&self, who: ParticipantId) -> Option<Ballot> {
        self.w.round(self.round).unwrap().ballots.get(&who).map(|c| c.ballot.clone())
    }
}

/// A ranked ballot code as the phone makes it: `counter` is the device's count of codes.
fn ranked_code(invite: &Invite, round: RoundId, order: &[GoalId], counter: u64, nonce: u8) -> String {
    let r = invite.round(round).unwrap();
    invite.seal(r, Ballot::Ranking(order.to_vec()), counter, [nonce; 12]).unwrap()
}

#[test]
fn a_ballot_voted_on_a_phone_counts_once_and_a_newer_one_replaces_it() {
    let mut room = Room::with_open_round();
    let invite = room.invite(LUCIA);
    assert_eq!(invite.name, room.w.participant(LUCIA).unwrap().name);
    assert_eq!(invite.rounds.len(), 1, "only the open round travels");
    assert_eq!(invite.rounds[0].goals.iter().map(|g| g.id).collect::<Vec<_>>(), vec![5, 6, 7]);
    assert!(invite.rounds[0].goals.iter().all(|g| !g.parent.is_empty() && !g.department.is_empty()), "goals carry their context");

    let first = ranked_code(&invite, room.round, &[DACH, SELF_SERVE], 1, 1);
    assert!(matches!(room.paste(&first), Ok(Outcome::Accepted(_))));
    assert_eq!(room.counted(LUCIA), Some(Ballot::Ranking(vec![DACH, SELF_SERVE])));
    let tally = tally_round(&room.w, room.w.round(room.round).unwrap(), Weighting::Equal, None).unwrap();
    assert_eq!(tally.ballots, 1);
    assert_eq!(tally.order[0], vec![DACH]);

    // Pasting the same code again changes nothing.
    let before = room.w.clone();
    assert_eq!(room.paste(&first), Ok(Outcome::AlreadyCounted));
    assert_eq!(room.w, before);

    // She changes her mind: the newer code replaces the older ballot…
    let second = ranked_code(&invite, room.round, &[INBOUND], 2, 2);
    assert!(matches!(room.paste(&second), Ok(Outcome::Replaced(_))));
    assert_eq!(room.counted(LUCIA), Some(Ballot::Ranking(vec![INBOUND])));
    // …and replaying the first code afterwards cannot bring it back.
    let replay = room.paste(&first).unwrap_err();
    assert!(matches!(replay, Refusal::Older { .. }));
    assert!(replay.to_string().contains("older than the ballot already counted from Lucía"), "{replay}");
    assert_eq!(room.counted(LUCIA), Some(Ballot::Ranking(vec![INBOUND])));
}

#[test]
fn altered_foreign_forged_and_late_codes_are_refused_with_their_reason() {
    let mut room = Room::with_open_round();
    let invite = room.invite(AMARA);
    let code = ranked_code(&invite, room.round, &[SELF_SERVE, DACH, INBOUND], 1, 3);

    // One character changed in transit.
    let mut altered = code.clone().into_bytes();
    let i = altered.len() - 10;
    altered[i] = if altered[i] == b'A' { b'B' } else { b'A' };
    let altered = String::from_utf8(altered).unwrap();
    assert_eq!(room.paste(&altered), Err(Refusal::Code(CodeError::Altered)));

    // A code made with an invite from another workshop.
    let mut elsewhere = room.w.clone();
    elsewhere.title = "Another team's offsite".into();
    let foreign_invite = decode_invite(&encode_invite(&invite_for(&elsewhere, &SECOND_WORKSHOP, AMARA, MORNING).unwrap())).unwrap();
    let foreign = ranked_code(&foreign_invite, room.round, &[DACH], 1, 4);
    let refusal = room.paste(&foreign).unwrap_err();
    assert_eq!(refusal, Refusal::Code(CodeError::OtherWorkshop));
    assert!(refusal.to_string().contains("another workshop"));

    // Someone with Amara's invite cannot speak for Lucía: her ID with Amara's invite is
    // an invite Lucía was never issued; with Lucía's own invite ID it fails to
    // authenticate (sealed with Amara's key).
    let mut posing = invite.clone();
    posing.participant = LUCIA.0;
    let forged = ranked_code(&posing, room.round, &[DACH], 1, 5);
    assert_eq!(room.paste(&forged), Err(Refusal::Code(CodeError::UnknownInvite(invite.invite_id()))));
    posing.invite = room.invite(LUCIA).invite;
    let forged = ranked_code(&posing, room.round, &[DACH], 1, 5);
    assert_eq!(room.paste(&forged), Err(Refusal::Code(CodeError::Altered)));

    // A participant the workshop does not have.
    let mut stranger = invite.clone();
    stranger.participant = 99;
    stranger.key = KEYS.key_for(ParticipantId(99), InviteId(1), &[0; 16]).0;
    let unknown = ranked_code(&stranger, room.round, &[DACH], 1, 6);
    assert_eq!(room.paste(&unknown), Err(Refusal::Code(CodeError::UnknownParticipant(ParticipantId(99)))));

    // Not a code at all.
    assert_eq!(room.paste("see you at lunch"), Err(Refusal::Code(CodeError::NotACode)));

    // Nothing so far counted.
    assert_eq!(room.counted(AMARA), None);

    // The round closes; a code arriving afterwards is late.
    let close = room.w.set_round_status(room.round, RoundStatus::Closed).unwrap();
    room.h.apply(&mut room.w, close).unwrap();
    let late = room.paste(&code).unwrap_err();
    assert!(matches!(late, Refusal::RoundNotOpen { .. }));
    assert!(late.to_string().contains("is closed"), "{late}");
}

#[test]
fn a_code_for_a_round_set_up_again_is_for_another_round() {
    let mut room = Room::with_open_round();
    let invite = room.invite(AMARA);
    let code = ranked_code(&invite, room.round, &[SELF_SERVE], 1, 7);
    // Back to setup (no ballots yet), another goal set, open again: same round ID.
    let draft = room.w.set_round_status(room.round, RoundStatus::Draft).unwrap();
    room.h.apply(&mut room.w, draft).unwrap();
    let redo = room.w.reconfigure_round(room.round, vec![DACH, INBOUND], Method::Ranked).unwrap();
    room.h.apply(&mut room.w, redo).unwrap();
    let open = room.w.set_round_status(room.round, RoundStatus::Open).unwrap();
    room.h.apply(&mut room.w, open).unwrap();
    let refusal = room.paste(&code).unwrap_err();
    assert_eq!(refusal, Refusal::OtherRound);
    assert!(refusal.to_string().contains("made for another round"));
    // A round the workshop never had.
    let mut invented = invite.clone();
    invented.rounds[0].id = 42;
    let stray = ranked_code(&invented, RoundId(42), &[SELF_SERVE], 1, 8);
    assert_eq!(room.paste(&stray), Err(Refusal::OtherRound));
}

#[test]
fn observers_and_closed_workshops_get_no_invite() {
    let mut room = Room::with_open_round();
    room.invite(LUCIA);
    let mut w = room.w.clone();
    let watch = w.set_observer(room.round, LUCIA, true).unwrap();
    w.apply(watch).unwrap();
    assert!(matches!(invite_for(&w, &KEYS, LUCIA, MORNING), Err(InviteProblem::NothingToVoteOn { .. })));
    let mut demo = demo_workshop().unwrap();
    demo.issue_invite(AMARA, [1; 16], MORNING).unwrap();
    let problem = invite_for(&demo, &KEYS, AMARA, MORNING).unwrap_err();
    assert!(problem.to_string().contains("Open a round first"), "{problem}");
}

#[test]
fn the_participant_device_refuses_an_invalid_ballot_before_sealing() {
    let mut room = Room::with_open_round();
    let invite = room.invite(AMARA);
    let r = &invite.rounds[0];
    assert!(invite.seal(r, Ballot::Ranking(vec![]), 1, [0; 12]).is_err());
    assert!(invite.seal(r, Ballot::Ranking(vec![GoalId(1)]), 1, [0; 12]).is_err(), "goal not in the round");
    assert!(invite.seal(r, Ballot::Dots([(DACH, 1)].into()), 1, [0; 12]).is_err(), "wrong kind");
}

#[test]
fn codes_are_found_in_pasted_chat_text() {
    let text = "Ada: here you go ACB1.abc-_09\nLucía: mine is ACB1.XYZ. Thanks!\n\tACB1.q";
    assert_eq!(find_codes(text), vec!["ACB1.abc-_09", "ACB1.XYZ", "ACB1.q"]);
    assert_eq!(find_codes("   "), Vec::<&str>::new());
    assert_eq!(find_codes(" hello "), vec!["hello"]);
}

/// Draws a symbol as a greyscale picture, `scale` pixels per module, as a screen or a
/// printout shows it.
fn picture(symbol: &QrSymbol, scale: usize) -> (usize, Vec<u8>) {
    let side = symbol.extent() * scale;
    let mut luma = vec![255u8; side * side];
    for y in 0..side {
        for x in 0..side {
            let (mx, my) = (x / scale, y / scale);
            let inside = (QR_QUIET..QR_QUIET + symbol.size).contains(&mx) && (QR_QUIET..QR_QUIET + symbol.size).contains(&my);
            if inside && symbol.dark[(my - QR_QUIET) * symbol.size + (mx - QR_QUIET)] {
                luma[y * side + x] = 0;
            }
        }
    }
    (side, luma)
}

#[test]
fn a_ranked_ballot_over_30_goals_reads_back_from_its_qr_code() {
    let goals: Vec<GoalId> = (1..=30).map(GoalId).collect();
    let mut w = generated_workshop(1, 40);
    let mut h = History::default();
    let new = w
        .new_round(NewRound { name: "All".into(), method: Method::Ranked, goals: goals.clone(), secrecy: Secrecy::Named, weighting: Weighting::Equal, timer_minutes: None })
        .unwrap();
    h.apply(&mut w, new).unwrap();
    let round = w.rounds().last().unwrap().id;
    let open = w.set_round_status(round, RoundStatus::Open).unwrap();
    h.apply(&mut w, open).unwrap();
    let voter = w.participants()[0].id;
    w.issue_invite(voter, [3; 16], MORNING).unwrap();
    let invite = invite_for(&w, &KEYS, voter, MORNING).unwrap();
    let code = invite.seal(&invite.rounds[0], Ballot::Ranking(goals), 1, [5; 12]).unwrap();
    println!("30-goal ranked ballot code: {} characters", code.len());
    let symbol = qr_symbol(&code).unwrap();
    println!("its QR code: version {} ({}×{} modules)", (symbol.size - 17) / 4, symbol.size, symbol.size);
    assert!(symbol.size <= 4 * 20 + 17, "fits comfortably: version 20 or below");
    let (side, luma) = picture(&symbol, 4);
    assert_eq!(read_qr(side, side, &luma), vec![code.clone()]);
    assert!(receive(&w, &KEYS, &code, MORNING).is_ok());
}

#[test]
fn a_200_goal_invite_is_too_big_for_a_qr_code_and_says_so() {
    let mut w = generated_workshop(1, 220);
    let mut h = History::default();
    let goals: Vec<GoalId> = w.goals().iter().take(200).map(|g| g.id).collect();
    let new = w
        .new_round(NewRound { name: "Everything".into(), method: Method::Dot { dots: 60, cap: None }, goals, secrecy: Secrecy::Named, weighting: Weighting::Equal, timer_minutes: None })
        .unwrap();
    h.apply(&mut w, new).unwrap();
    let round = w.rounds().last().unwrap().id;
    let open = w.set_round_status(round, RoundStatus::Open).unwrap();
    h.apply(&mut w, open).unwrap();
    let voter = w.participants()[0].id;
    w.issue_invite(voter, [3; 16], MORNING).unwrap();
    let link = encode_invite(&invite_for(&w, &KEYS, voter, MORNING).unwrap());
    println!("200-goal invite: {} characters", link.len());
    let too_big = qr_symbol(&link).unwrap_err();
    assert!(too_big.to_string().contains("too long for one QR code"));
    assert!(link.len() < 2 * 1024 * 1024, "Chromium opens URLs up to 2 MB");
}

#[test]
fn a_blank_or_noisy_picture_reads_as_no_code() {
    assert!(read_qr(0, 0, &[]).is_empty());
    assert!(read_qr(10, 10, &[0; 5]).is_empty(), "short buffer");
    let noise: Vec<u8> = (0..64 * 64).map(|i| ((i * 7919) % 251) as u8).collect();
    assert!(read_qr(64, 64, &noise).is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// However the codes from one person's device arrive (in any order, some twice, some
    /// never), what counts is the arrived code with the highest device counter. Nothing
    /// is re-pasted in order afterwards: the arrival order is all there is.
    #[test]
    fn the_highest_counter_counts_whatever_the_order_codes_arrive(
        orders in prop::collection::vec(prop::sample::subsequence(vec![5u32, 6, 7], 1..=3).prop_shuffle(), 1..6),
        arrival in prop::collection::vec(0..6usize, 1..10),
    ) {
        let mut room = Room::with_open_round();
        let invite = room.invite(AMARA);
        let codes: Vec<(u64, Vec<GoalId>, String)> = orders
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let order: Vec<GoalId> = o.iter().map(|g| GoalId(*g)).collect();
                let counter = i as u64 + 1;
                let code = ranked_code(&invite, room.round, &order, counter, i as u8);
                (counter, order, code)
            })
            .collect();
        let arrived: Vec<usize> = arrival.iter().map(|a| a % codes.len()).collect();
        for &i in &arrived {
            let _ = room.paste(&codes[i].2);
        }
        let highest = arrived.iter().map(|&i| &codes[i]).max_by_key(|c| c.0).unwrap();
        prop_assert_eq!(room.counted(AMARA), Some(Ballot::Ranking(highest.1.clone())));
    }

    #[test]
    fn no_pasted_text_panics_the_ballot_box(text in "\\PC{0,300}") {
        let room = Room::with_open_round();
        for code in find_codes(&text) {
            let _ = receive(&room.w, &KEYS, code, MORNING);
        }
        let _ = receive(&room.w, &KEYS, &format!("ACB1.{text}"), MORNING);
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn qr_codes_read_back_what_they_hold(text in "[ -~]{1,300}") {
        let symbol = qr_symbol(&text).unwrap();
        let (side, luma) = picture(&symbol, 3);
        prop_assert_eq!(read_qr(side, side, &luma), vec![text]);
    }
}

// ----- issue 12: invites that can be withdrawn, IDs never reused, counters not clocks -----

#[test]
fn a_withdrawn_invite_makes_no_more_ballots_and_the_new_one_counts() {
    let mut room = Room::with_open_round();
    let old = room.invite(AMARA);
    let early = ranked_code(&old, room.round, &[DACH], 1, 1);
    assert!(matches!(room.paste(&early), Ok(Outcome::Accepted(_))));
    // Her link leaked into the team chat: the facilitator withdraws it and issues a new one.
    room.w.withdraw_invite(old.invite_id(), MORNING).unwrap();
    assert!(room.w.withdraw_invite(old.invite_id(), MORNING).is_err(), "withdrawing is once");
    assert!(matches!(invite_for(&room.w, &KEYS, AMARA, MORNING), Err(InviteProblem::NoInvite { .. })));
    let before = room.w.clone();
    let stolen = ranked_code(&old, room.round, &[INBOUND, SELF_SERVE], 2, 2);
    let refusal = room.paste(&stolen).unwrap_err();
    assert_eq!(refusal, Refusal::Code(CodeError::Withdrawn(old.invite_id())));
    assert!(refusal.to_string().contains("this invite was withdrawn"), "{refusal}");
    assert_eq!(room.w, before, "a refused code changes nothing");
    // The same withdrawn invite's code is refused even if it is the one already counted.
    assert_eq!(room.paste(&early), Err(Refusal::Code(CodeError::Withdrawn(old.invite_id()))));

    room.w.issue_invite(AMARA, [77; 16], MORNING).unwrap();
    let new = room.invite(AMARA);
    assert_ne!(new.invite, old.invite);
    assert_ne!(new.key, old.key, "a new invite has a new key");
    // Her new phone starts counting again: the ballot counted from the withdrawn invite
    // gives way without asking.
    let fresh = ranked_code(&new, room.round, &[SELF_SERVE, INBOUND], 1, 3);
    assert!(matches!(room.paste(&fresh), Ok(Outcome::Replaced(_))));
    assert_eq!(room.counted(AMARA), Some(Ballot::Ranking(vec![SELF_SERVE, INBOUND])));
    // Both invites stay on record, the old one marked withdrawn; they survive a file.
    let back = accord::domain::wire::restore(accord::domain::wire::to_json(&room.w).as_bytes()).unwrap();
    assert_eq!(back, room.w);
    assert_eq!(back.invites().iter().map(|i| i.is_withdrawn()).collect::<Vec<_>>(), vec![true, false]);
}

#[test]
fn a_removed_participant_s_invite_never_speaks_for_the_next_person_added() {
    let mut w = Workshop::new("Offsite", MORNING).unwrap();
    let ada = w.add_participant("Ada", None).unwrap();
    let ben = w.add_participant("Ben", None).unwrap();
    for g in ["Grow", "Keep"] {
        w.add_goal(accord::domain::model::NewGoal { title: g.to_string(), level: accord::domain::model::Level::Objective, parent: None, department: None })
            .unwrap();
    }
    let goals: Vec<GoalId> = w.goals().iter().map(|g| g.id).collect();
    let new = w
        .new_round(NewRound { name: "Now".into(), method: Method::Ranked, goals: goals.clone(), secrecy: Secrecy::Named, weighting: Weighting::Equal, timer_minutes: None })
        .unwrap();
    w.apply(new).unwrap();
    let round = w.rounds().next().unwrap().id;
    w.apply(w.set_round_status(round, RoundStatus::Open).unwrap()).unwrap();
    w.issue_invite(ben, [2; 16], MORNING).unwrap();
    let bens = invite_for(&w, &KEYS, ben, MORNING).unwrap();
    let bens_code = bens.seal(&bens.rounds[0], Ballot::Ranking(goals.clone()), 1, [1; 12]).unwrap();

    // Ben, the last one added, leaves; Cy joins. Cy does not get Ben's ID back.
    let removal = w.apply(accord::domain::model::Edit::RemoveParticipant(ben)).unwrap();
    let cy = w.add_participant("Cy", None).unwrap();
    assert_ne!(cy, ben);
    assert!(cy.0 > ben.0 && ada.0 < ben.0);
    assert_eq!(receive(&w, &KEYS, &bens_code, MORNING), Err(Refusal::Code(CodeError::UnknownParticipant(ben))));
    // Cy's own invite is another one altogether (and Cy, who joined after the round
    // opened, has nothing to vote on in it: its voters were fixed at opening).
    let cys = w.issue_invite(cy, [3; 16], MORNING).unwrap();
    assert_ne!(cys.0, bens.invite);
    assert!(invite_for(&w, &KEYS, cy, MORNING).is_err());
    // Even a genuine code sealed with Cy's own key for that round is refused, with why.
    let r = w.round(round).unwrap();
    let plain = serde_json::to_vec(&accord::domain::codec::Plain {
        r: round.0,
        f: accord::domain::codec::round_fingerprint(r.id, r.method, &r.goals),
        c: 1,
        k: 'r',
        g: goals.iter().map(|g| g.0).collect(),
        v: Vec::new(),
    })
    .unwrap();
    let cys_code = accord::domain::codec::seal_plaintext(&KEYS.key_for(cy, cys, &[3; 16]), KEYS.tag, cy, cys, &plain, [9; 12]);
    let refusal = receive(&w, &KEYS, &cys_code, MORNING).unwrap_err();
    assert!(matches!(refusal, Refusal::NotAVoter { .. }), "{refusal:?}");
    assert!(refusal.to_string().contains("Cy was not in the workshop when “Now” opened"), "{refusal}");
    assert_eq!(receive(&w, &KEYS, &bens_code, MORNING), Err(Refusal::Code(CodeError::UnknownParticipant(ben))));

    // Undoing Ben's removal brings back the same Ben, with his invite.
    let marks = w.next_ids();
    w.apply(removal).unwrap();
    assert_eq!(w.participant(ben).unwrap().name, "Ben");
    assert!(w.next_ids().covers(&marks), "marks never go down");
    assert!(matches!(receive(&w, &KEYS, &bens_code, MORNING).unwrap().outcome, Outcome::Accepted(_)));

    // Rounds, goals and departments too.
    let d = w.add_department("Sales", None).unwrap();
    w.remove_department(d).unwrap();
    assert_ne!(w.add_department("Ops", None).unwrap(), d);
    let r2 = w.new_round(NewRound { name: "Later".into(), method: Method::Ranked, goals: goals.clone(), secrecy: Secrecy::Named, weighting: Weighting::Equal, timer_minutes: None }).unwrap();
    let removed_round = match &r2 { accord::domain::model::Edit::PutRound(id, _) => *id, _ => unreachable!() };
    let undo_new = w.apply(r2).unwrap();
    w.apply(undo_new).unwrap();
    assert_ne!(w.next_round_id(), removed_round);
    let g = w.add_goal(accord::domain::model::NewGoal { title: "Third".into(), level: accord::domain::model::Level::Objective, parent: None, department: None }).unwrap();
    w.apply(accord::domain::model::Edit::RemoveGoal(g)).unwrap();
    assert_ne!(w.next_goal_id(), g);
}

#[test]
fn id_marks_travel_in_the_file_and_a_file_with_marks_too_low_is_refused_where_it_is_wrong() {
    let mut room = Room::with_open_round();
    room.invite(AMARA);
    let removed = room.w.add_participant("Temp", None).unwrap();
    room.w.remove_participant(removed).unwrap();
    let json = accord::domain::wire::to_json(&room.w);
    let back = accord::domain::wire::restore(json.as_bytes()).unwrap();
    assert_eq!(back.next_ids(), room.w.next_ids());
    assert_eq!(back.next_participant_id().0, removed.0 + 1, "the removed person's ID stays used");

    // A file from before marks: derived from the highest IDs in it.
    let mut doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    doc.as_object_mut().unwrap().remove("next_ids");
    let old = accord::domain::wire::restore(doc.to_string().as_bytes()).unwrap();
    assert_eq!(old.next_ids(), room.w.derived_next_ids());

    // Marks at or below an existing ID: refused, with the path.
    let highest_goal = room.w.goals().iter().map(|g| g.id.0).max().unwrap();
    doc["next_ids"] = serde_json::json!({"department": 99, "participant": 99, "goal": highest_goal, "round": 99, "invite": 99});
    let problems = accord::domain::wire::restore(doc.to_string().as_bytes()).unwrap_err().problems;
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].path, "$.next_ids.goal");
    assert!(problems[0].to_string().contains("must be above every goal ID"), "{}", problems[0]);
    // An invite record's participant counts as an issued ID.
    doc["next_ids"] = serde_json::json!({"department": 99, "participant": AMARA.0, "goal": 999, "round": 99, "invite": 99});
    let problems = accord::domain::wire::restore(doc.to_string().as_bytes()).unwrap_err().problems;
    assert_eq!(problems[0].path, "$.next_ids.participant");
    // A ballot naming an invite its voter was never issued.
    let code = ranked_code(&room.invite(AMARA), room.round, &[DACH], 1, 1);
    room.paste(&code).unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&accord::domain::wire::to_json(&room.w)).unwrap();
    let last = doc["rounds"].as_array().unwrap().len() - 1;
    assert_eq!(doc["rounds"][last]["ballots"][0]["source"], serde_json::json!({"invite": "i1", "counter": 1}));
    doc["rounds"][last]["ballots"][0]["source"]["invite"] = "i7".into();
    let problems = accord::domain::wire::restore(doc.to_string().as_bytes()).unwrap_err().problems;
    assert_eq!(problems[0].path, format!("$.rounds[{last}].ballots[0].source.invite"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Whatever edits (and undos) happen, the marks never go down and stay above every ID.
    #[test]
    fn id_marks_never_go_down(start in crate::support::any_workshop(), actions in prop::collection::vec(crate::support::any_action(), 0..30)) {
        let mut w = start;
        let mut h = History::default();
        let mut marks = w.next_ids();
        prop_assert!(marks.covers(&w.derived_next_ids()));
        for (i, action) in actions.into_iter().enumerate() {
            if let Some(edit) = crate::support::edit_for(&w, action) {
                let _ = h.apply(&mut w, edit);
            }
            if i % 3 == 2 {
                let _ = h.undo(&mut w);
            }
            prop_assert!(w.next_ids().covers(&marks), "marks went down");
            prop_assert!(w.next_ids().covers(&w.derived_next_ids()), "an ID at or above its mark");
            marks = w.next_ids();
        }
    }
}

#[test]
fn a_slow_or_far_future_clock_changes_nothing_only_the_device_counter_orders() {
    // The counter is all a code carries: there is no clock to be slow or in year 9999.
    let mut room = Room::with_open_round();
    let invite = room.invite(LUCIA);
    let first = ranked_code(&invite, room.round, &[DACH], 1, 1);
    let correction = ranked_code(&invite, room.round, &[INBOUND], 2, 2);
    let huge = ranked_code(&invite, room.round, &[SELF_SERVE], u64::MAX, 3);
    assert!(matches!(room.paste(&first), Ok(Outcome::Accepted(_))));
    assert!(matches!(room.paste(&correction), Ok(Outcome::Replaced(_))));
    assert_eq!(room.counted(LUCIA), Some(Ballot::Ranking(vec![INBOUND])));
    assert!(matches!(room.paste(&huge), Ok(Outcome::Replaced(_))));
    // A code with the same counter as the counted one but other contents (a device that
    // lost its data and started counting again) is refused as older, with the way out.
    let again = ranked_code(&invite, room.round, &[DACH], u64::MAX, 4);
    let refusal = room.paste(&again).unwrap_err();
    assert!(refusal.to_string().contains("send them a new invite"), "{refusal}");
    // The phone's draft keeps its counter; a damaged draft starts again at 0.
    let round = &invite.rounds[0];
    let draft = accord::domain::invitation::Draft { counter: 41, ..Default::default() };
    let kept = accord::domain::invitation::Draft::restore(&draft.to_json(), round);
    assert_eq!(kept.counter, 41);
    assert_eq!(kept.next_counter(), Some(42));
    assert_eq!(accord::domain::invitation::Draft { counter: u64::MAX, ..Default::default() }.next_counter(), None);
}

#[test]
fn a_phone_ballot_that_disagrees_with_one_cast_on_this_device_asks_the_facilitator() {
    let mut room = Room::with_open_round();
    // Lucía voted at the laptop (pass-the-device)…
    let here = room.w.cast(room.round, LUCIA, Ballot::Ranking(vec![DACH, INBOUND]), MORNING).unwrap();
    room.h.apply(&mut room.w, here).unwrap();
    let invite = room.invite(LUCIA);
    // …and the same ballot from her phone agrees: nothing to ask.
    let same = ranked_code(&invite, room.round, &[DACH, INBOUND], 1, 1);
    assert_eq!(room.paste(&same), Ok(Outcome::AlreadyCounted));
    // A different one is not counted by itself: the facilitator chooses.
    let other = ranked_code(&invite, room.round, &[SELF_SERVE], 2, 2);
    let before = room.w.clone();
    let received = receive(&room.w, &KEYS, &other, MORNING).unwrap();
    let line = received.describe(&room.w);
    assert!(line.contains("Choose which counts") && line.contains("cast on this device") && line.contains("invite i1"), "{line}");
    assert!(!line.contains("g5") && !line.contains("Self-serve"), "the choice never shows how anyone voted: {line}");
    let Outcome::Choose(choice) = received.outcome.clone() else { panic!("{:?}", received.outcome) };
    assert_eq!(choice.counted, accord::domain::voting::Source::ThisDevice);
    assert_eq!(received.edit(), None, "nothing counts without the facilitator's choice");
    assert_eq!(room.w, before);
    // The facilitator picks the phone's ballot.
    room.h.apply(&mut room.w, choice.edit).unwrap();
    assert_eq!(room.counted(LUCIA), Some(Ballot::Ranking(vec![SELF_SERVE])));
    // From then on her phone's codes order by counter again.
    assert_eq!(room.paste(&other), Ok(Outcome::AlreadyCounted));
    assert!(matches!(room.paste(&same), Err(Refusal::Older { .. })));
}

#[test]
fn an_old_invite_on_the_phone_knows_which_rounds_a_newer_invite_no_longer_lists() {
    let mut room = Room::with_open_round();
    let old = room.invite(AMARA);
    assert_eq!(old.standing([&old]), Default::default(), "alone, it cannot know");
    // The round closes; another opens; the facilitator sends a new link of her invite.
    let close = room.w.set_round_status(room.round, RoundStatus::Closed).unwrap();
    room.h.apply(&mut room.w, close).unwrap();
    let next = room
        .w
        .new_round(NewRound { name: "Runoff".into(), method: Method::Ranked, goals: vec![DACH, INBOUND], secrecy: Secrecy::Named, weighting: Weighting::Equal, timer_minutes: None })
        .unwrap();
    room.h.apply(&mut room.w, next).unwrap();
    let runoff = room.w.rounds().last().unwrap().id;
    let open = room.w.set_round_status(runoff, RoundStatus::Open).unwrap();
    room.h.apply(&mut room.w, open).unwrap();
    let newer = decode_invite(&encode_invite(&invite_for(&room.w, &KEYS, AMARA, Timestamp(MORNING.0 + 1)).unwrap())).unwrap();
    let standing = old.standing([&old, &newer]);
    assert_eq!(standing.newer.as_ref(), Some(&newer));
    assert_eq!(standing.gone.into_iter().collect::<Vec<_>>(), vec![room.round.0]);
    assert_eq!(newer.standing([&old, &newer]), Default::default(), "the newest knows of nothing newer");
}

// ----- authenticated hostile codes through the real ballot box -----

#[derive(Debug, Clone)]
enum Hostile {
    /// Dots that would wrap a u32 sum (the issue's 4294967295 + 2).
    HugeDots(u32, u32),
    /// A count that is no u32 at all.
    NegativeCount(i64),
    /// Scores or dots in the ranked round.
    WrongKind(bool),
    /// A goal of the workshop that is not in the round, or none at all.
    GoalOutside(u32),
    DuplicateRanked(u32),
    DuplicateDots(u32),
    EmptyRanking,
    EmptyDots,
    TenThousand,
    /// Another round of the workshop (closed), or one it never had.
    ClosedRound,
    NoSuchRound(u32),
    /// The right round with another fingerprint (set up again).
    OtherFingerprint(u32),
    RandomJson(String),
    RandomBytes(Vec<u8>),
}

fn any_hostile() -> impl Strategy<Value = Hostile> {
    prop_oneof![
        (u32::MAX - 10..=u32::MAX, 2u32..=u32::MAX).prop_map(|(a, b)| Hostile::HugeDots(a, b)),
        (i64::MIN..0i64).prop_map(Hostile::NegativeCount),
        any::<bool>().prop_map(Hostile::WrongKind),
        prop_oneof![1u32..5, 8u32..40, Just(u32::MAX)].prop_map(Hostile::GoalOutside),
        (5u32..=7).prop_map(Hostile::DuplicateRanked),
        (5u32..=7).prop_map(Hostile::DuplicateDots),
        Just(Hostile::EmptyRanking),
        Just(Hostile::EmptyDots),
        Just(Hostile::TenThousand),
        Just(Hostile::ClosedRound),
        (3u32..=u32::MAX).prop_map(Hostile::NoSuchRound),
        any::<u32>().prop_map(Hostile::OtherFingerprint),
        "\\PC{0,80}".prop_map(Hostile::RandomJson),
        prop::collection::vec(any::<u8>(), 0..120).prop_map(Hostile::RandomBytes),
    ]
}

/// The demo with two open rounds: ranked over three goals, and 3 dots with no cap per
/// goal over the same three.
struct Arena {
    room: Room,
    dots: RoundId,
    invite: Invite,
}

fn arena() -> Arena {
    let mut room = Room::with_open_round();
    let new = room
        .w
        .new_round(NewRound { name: "Dots".into(), method: Method::Dot { dots: 3, cap: None }, goals: vec![SELF_SERVE, DACH, INBOUND], secrecy: Secrecy::Named, weighting: Weighting::Equal, timer_minutes: None })
        .unwrap();
    room.h.apply(&mut room.w, new).unwrap();
    let dots = room.w.rounds().last().unwrap().id;
    let open = room.w.set_round_status(dots, RoundStatus::Open).unwrap();
    room.h.apply(&mut room.w, open).unwrap();
    let invite = room.invite(AMARA);
    Arena { room, dots, invite }
}

impl Arena {
    fn fingerprint(&self, round: RoundId) -> u32 {
        let r = self.room.w.round(round).unwrap();
        accord::domain::codec::round_fingerprint(r.id, r.method, &r.goals)
    }

    fn plain(&self, round: RoundId, k: char, g: Vec<u32>, v: Vec<u32>) -> Vec<u8> {
        let f = self.fingerprint(round);
        serde_json::to_vec(&accord::domain::codec::Plain { r: round.0, f, c: 1, k, g, v }).unwrap()
    }

    /// The hostile contents, and the refusal they must get.
    fn case(&self, h: &Hostile) -> (Vec<u8>, fn(&Refusal) -> bool) {
        use accord::domain::codec::Unreadable;
        use accord::domain::voting::BallotProblem as B;
        let ranked = self.room.round;
        let (a, b, c) = (SELF_SERVE.0, DACH.0, INBOUND.0);
        match h {
            Hostile::HugeDots(x, y) => (self.plain(self.dots, 'd', vec![a, b], vec![*x, *y]), |r| matches!(r, Refusal::Invalid { problem: B::OverBudget { .. } | B::GoalOverBudget { .. }, .. })),
            Hostile::NegativeCount(n) => {
                let f = self.fingerprint(self.dots);
                (format!(r#"{{"r":{},"f":{f},"c":1,"k":"d","g":[{a}],"v":[{n}]}}"#, self.dots.0).into_bytes(), |r| matches!(r, Refusal::Code(CodeError::Unreadable(Unreadable::Shape))))
            }
            Hostile::WrongKind(scores) => (
                self.plain(ranked, if *scores { 's' } else { 'd' }, vec![a], vec![1]),
                |r| matches!(r, Refusal::Invalid { problem: B::WrongKind { .. }, .. }),
            ),
            Hostile::GoalOutside(g) => (self.plain(ranked, 'r', vec![a, *g], vec![]), |r| matches!(r, Refusal::Invalid { problem: B::NotInRound(_), .. })),
            Hostile::DuplicateRanked(g) => (self.plain(ranked, 'r', vec![*g, c, *g], vec![]), |r| matches!(r, Refusal::Invalid { problem: B::RankedTwice(_), .. })),
            Hostile::DuplicateDots(g) => (self.plain(self.dots, 'd', vec![*g, *g], vec![1, 1]), |r| matches!(r, Refusal::Code(CodeError::Unreadable(Unreadable::Duplicate(_))))),
            Hostile::EmptyRanking => (self.plain(ranked, 'r', vec![], vec![]), |r| matches!(r, Refusal::Invalid { problem: B::Empty, .. })),
            Hostile::EmptyDots => (self.plain(self.dots, 'd', vec![], vec![]), |r| matches!(r, Refusal::Invalid { problem: B::Empty, .. })),
            Hostile::TenThousand => (self.plain(ranked, 'r', (1..=10_000).collect(), vec![]), |r| matches!(r, Refusal::Invalid { problem: B::NotInRound(_), .. })),
            Hostile::ClosedRound => {
                let closed = self.room.w.rounds().find(|r| r.status != RoundStatus::Open).unwrap().id;
                (self.plain(closed, 'r', vec![a], vec![]), |r| matches!(r, Refusal::RoundNotOpen { .. }))
            }
            Hostile::NoSuchRound(id) => {
                let plain = serde_json::to_vec(&accord::domain::codec::Plain { r: *id, f: 0, c: 1, k: 'r', g: vec![a], v: vec![] }).unwrap();
                (plain, |r| matches!(r, Refusal::OtherRound))
            }
            Hostile::OtherFingerprint(f) => {
                let f = if *f == self.fingerprint(ranked) { f.wrapping_add(1) } else { *f };
                let plain = serde_json::to_vec(&accord::domain::codec::Plain { r: ranked.0, f, c: 1, k: 'r', g: vec![a], v: vec![] }).unwrap();
                (plain, |r| matches!(r, Refusal::OtherRound))
            }
            Hostile::RandomJson(text) => (serde_json::to_vec(&serde_json::json!({ "ballot": text })).unwrap(), |r| matches!(r, Refusal::Code(CodeError::Unreadable(_)))),
            Hostile::RandomBytes(bytes) => {
                // Bytes that happen to be a valid ballot are vanishingly rare; keep the
                // property honest by making sure they are not JSON at all.
                let mut bytes = bytes.clone();
                bytes.insert(0, 0xff);
                (bytes, |r| matches!(r, Refusal::Code(CodeError::Unreadable(_))))
            }
        }
    }
}

fn kind_of(h: &Hostile) -> &'static str {
    match h {
        Hostile::HugeDots(..) => "huge dots",
        Hostile::NegativeCount(_) => "negative count",
        Hostile::WrongKind(_) => "wrong kind",
        Hostile::GoalOutside(_) => "goal outside the round",
        Hostile::DuplicateRanked(_) => "duplicate in a ranking",
        Hostile::DuplicateDots(_) => "duplicate in dots",
        Hostile::EmptyRanking | Hostile::EmptyDots => "empty",
        Hostile::TenThousand => "10,000 entries",
        Hostile::ClosedRound => "closed round",
        Hostile::NoSuchRound(_) => "round it never had",
        Hostile::OtherFingerprint(_) => "round set up again",
        Hostile::RandomJson(_) => "random JSON",
        Hostile::RandomBytes(_) => "random bytes",
    }
}

/// Codes sealed with Amara's genuine invite key whose contents are hostile: each is
/// refused with the reason that fits, and the workshop is unchanged.
#[test]
fn authentic_hostile_codes_are_refused_with_their_reason_and_change_nothing() {
    let arena = arena();
    let key = arena.invite.participant_key();
    let tag = arena.invite.workshop_tag();
    crate::codec::run_counted("authenticated hostile codes through the ballot box (by kind)", 1000, (any_hostile(), any::<[u8; 12]>()), |(h, nonce)| {
        let (plain, expected) = arena.case(&h);
        let code = accord::domain::codec::seal_plaintext(&key, tag, AMARA, arena.invite.invite_id(), &plain, nonce);
        let mut room_copy = Room { w: arena.room.w.clone(), h: History::default(), round: arena.room.round };
        let before = room_copy.w.clone();
        match room_copy.paste(&code) {
            Ok(outcome) => return Err(TestCaseError::fail(format!("{h:?} was counted: {outcome:?}"))),
            Err(refusal) => {
                prop_assert!(expected(&refusal), "{:?} refused as {:?} ({})", h, refusal, refusal);
                prop_assert!(!matches!(refusal, Refusal::Code(CodeError::Altered)), "a genuine code called altered");
            }
        }
        prop_assert_eq!(&room_copy.w, &before);
        Ok(kind_of(&h))
    });
}

#[test]
fn a_file_with_invites_marks_and_ballot_sources_validates_against_the_published_schema() {
    let mut room = Room::with_open_round();
    let old = room.invite(AMARA);
    room.paste(&ranked_code(&old, room.round, &[DACH], 1, 1)).unwrap();
    room.w.withdraw_invite(old.invite_id(), MORNING).unwrap();
    room.w.issue_invite(AMARA, [9; 16], MORNING).unwrap();
    let gone = room.w.add_participant("Temp", None).unwrap();
    room.w.remove_participant(gone).unwrap();
    let doc = serde_json::to_value(accord::domain::wire::to_document(&room.w)).unwrap();
    assert!(doc.get("next_ids").is_some() && doc["invites"].as_array().unwrap().len() == 2);
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/public/schema/accord-workshop-v1.schema.json")).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&doc).map(|e| format!("{}: {e}", e.instance_path())).collect();
    assert_eq!(errors, Vec::<String>::new());
    // The schema says what restore says about a malformed salt.
    let mut bad = doc.clone();
    bad["invites"][0]["salt"] = "short".into();
    assert!(!validator.is_valid(&bad));
    let problems = accord::domain::wire::restore(bad.to_string().as_bytes()).unwrap_err().problems;
    assert_eq!(problems[0].path, "$.invites[0].salt");
}

#[test]
fn a_goal_tree_carries_the_marks_so_a_seeded_workshop_never_reissues_a_deleted_goal_s_id() {
    use accord::domain::render::goal_tree::{agreed_tree, restore_tree, seed_workshop, to_json};
    let mut w = demo_workshop().unwrap();
    assert_eq!(agreed_tree(&w, MORNING).next_ids, None, "nothing deleted: nothing to say");
    let last = w.goals().iter().map(|g| g.id).max().unwrap();
    w.apply(accord::domain::model::Edit::RemoveGoal(last)).unwrap();
    let json = to_json(&agreed_tree(&w, MORNING));
    let tree = restore_tree(json.as_bytes()).unwrap();
    let seeded = seed_workshop(&tree, MORNING).unwrap();
    assert!(seeded.next_goal_id().0 > last.0, "the deleted goal's ID stays used");
    // Marks at or below a goal ID in the tree are refused where they are.
    let mut doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    doc["next_ids"]["goal"] = 1.into();
    let problems = restore_tree(doc.to_string().as_bytes()).unwrap_err().problems;
    assert_eq!(problems[0].path, "$.next_ids.goal");
    // And the published schema describes the field.
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/public/schema/accord-goal-tree-v1.schema.json")).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(validator.is_valid(&serde_json::from_str(&json).unwrap()));
}

#[test]
fn a_ballot_cast_here_that_disagrees_with_one_from_a_phone_asks_too() {
    use accord::domain::ballot_box::cast_here;
    let mut room = Room::with_open_round();
    let invite = room.invite(LUCIA);
    room.paste(&ranked_code(&invite, room.round, &[DACH], 1, 1)).unwrap();
    let same = cast_here(&room.w, room.round, LUCIA, Ballot::Ranking(vec![DACH]), MORNING).unwrap();
    assert_eq!(same, Outcome::AlreadyCounted);
    let Outcome::Choose(choice) = cast_here(&room.w, room.round, LUCIA, Ballot::Ranking(vec![INBOUND]), MORNING).unwrap() else { panic!() };
    assert!(matches!(choice.counted, accord::domain::voting::Source::Code { counter: 1, .. }));
    assert_eq!(choice.incoming, accord::domain::voting::Source::ThisDevice);
    // Someone with no phone ballot: accepted, then replaced, as before.
    assert!(matches!(cast_here(&room.w, room.round, AMARA, Ballot::Ranking(vec![DACH]), MORNING).unwrap(), Outcome::Accepted(_)));
}

#[test]
fn an_old_file_whose_ballot_was_stamped_in_year_9999_opens_and_blocks_nothing() {
    let mut room = Room::with_open_round();
    let here = room.w.cast(room.round, LUCIA, Ballot::Ranking(vec![DACH]), MORNING).unwrap();
    room.h.apply(&mut room.w, here).unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&accord::domain::wire::to_json(&room.w)).unwrap();
    let last = doc["rounds"].as_array().unwrap().len() - 1;
    // As files before issue 12 wrote a phone's ballot: the phone's clock, no source.
    doc["rounds"][last]["ballots"][0]["submitted"] = "9999-12-31T23:59:59.999Z".into();
    assert!(doc["rounds"][last]["ballots"][0].get("source").is_none());
    let mut w = accord::domain::wire::restore(doc.to_string().as_bytes()).unwrap();
    let cast = w.round(room.round).unwrap().ballots[&LUCIA].clone();
    assert_eq!(cast.at, Some(Timestamp::parse_rfc3339("9999-12-31T23:59:59.999Z").unwrap()));
    assert_eq!(cast.source, accord::domain::voting::Source::ThisDevice);
    // Her phone's later code is not refused as "older": the facilitator is asked.
    w.issue_invite(LUCIA, [1; 16], MORNING).unwrap();
    let invite = invite_for(&w, &KEYS, LUCIA, MORNING).unwrap();
    let code = invite.seal(&invite.rounds[0], Ballot::Ranking(vec![INBOUND]), 1, [1; 12]).unwrap();
    assert!(matches!(receive(&w, &KEYS, &code, MORNING).unwrap().outcome, Outcome::Choose(_)));
}

/// Issue 12, item 4, the other direction: Lucía's phone ballot counts; she then votes
/// differently at the laptop. The laptop's ballot is held (not counted, not silently
/// replacing hers), kept in the file, never undone, and the facilitator chooses.
#[test]
fn a_different_ballot_cast_here_over_a_phone_ballot_is_held_until_the_facilitator_chooses() {
    use accord::domain::ballot_box::{count_held, held_ballots, keep_counted, vote_here, Here};
    use accord::domain::voting::Source;
    use accord::domain::wire::{restore, to_json};
    let mut room = Room::with_open_round();
    let invite = room.invite(LUCIA);
    room.paste(&ranked_code(&invite, room.round, &[DACH], 1, 1)).unwrap();
    let held = |room: &Room| room.w.round(room.round).unwrap().held.get(&LUCIA).map(|c| c.ballot.clone());

    // At the laptop she ranks Inbound: held, and her phone ballot still counts.
    let Here::Hold(hold) = vote_here(&room.w, room.round, LUCIA, Ballot::Ranking(vec![INBOUND]), MORNING).unwrap() else { panic!() };
    room.h.apply(&mut room.w, hold).unwrap();
    assert_eq!(room.counted(LUCIA), Some(Ballot::Ranking(vec![DACH])));
    assert_eq!(held(&room), Some(Ballot::Ranking(vec![INBOUND])));
    let tally = tally_round(&room.w, room.w.round(room.round).unwrap(), Weighting::Equal, None).unwrap();
    assert_eq!((tally.ballots, tally.order[0].clone()), (1, vec![DACH]), "a held ballot is not counted");
    // Holding is not an undoable step: undo cannot take it (or her phone ballot) away.
    while room.h.undo(&mut room.w).unwrap().is_some() {}
    assert_eq!(held(&room), Some(Ballot::Ranking(vec![INBOUND])));
    assert_eq!(room.counted(LUCIA), Some(Ballot::Ranking(vec![DACH])));
    // It is in the workshop file (a reload loses nothing), valid against the schema…
    let back = restore(to_json(&room.w).as_bytes()).unwrap();
    assert_eq!(back, room.w);
    let schema = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/public/schema/accord-workshop-v1.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&serde_json::from_str(&schema).unwrap()).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&to_json(&room.w)).unwrap();
    assert_eq!(validator.iter_errors(&doc).map(|e| e.to_string()).collect::<Vec<_>>(), Vec::<String>::new());
    // …never in the presenter's copy…
    assert!(room.w.without_ballots().rounds().all(|r| r.held.is_empty()));
    // …and the facilitator is asked without being shown either ballot.
    let lines = held_ballots(&room.w, room.round);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].0, LUCIA);
    assert!(lines[0].1.starts_with("Lucía"), "{}", lines[0].1);
    for goal in [SELF_SERVE, DACH, INBOUND] {
        let title = room.w.goal(goal).unwrap().title.clone();
        assert!(!lines[0].1.contains(&title) && !lines[0].1.contains(&goal.to_string()), "{}", lines[0].1);
    }
    // Voting cannot end while a choice waits.
    let refusal = room.w.set_round_status(room.round, RoundStatus::Closed).unwrap_err().to_string();
    assert!(refusal.contains("choose which ballot counts for Lucía"), "{refusal}");

    // Choice one: keep the phone's ballot. The held one is gone, uncounted.
    let keep = keep_counted(&room.w, room.round, LUCIA).unwrap();
    room.h.apply(&mut room.w, keep).unwrap();
    assert_eq!((room.counted(LUCIA), held(&room)), (Some(Ballot::Ranking(vec![DACH])), None));
    assert!(keep_counted(&room.w, room.round, LUCIA).is_err(), "nothing left to choose");

    // She votes here twice more: the later one is held in place of the earlier…
    for order in [vec![INBOUND], vec![SELF_SERVE]] {
        let Here::Hold(hold) = vote_here(&room.w, room.round, LUCIA, Ballot::Ranking(order), MORNING).unwrap() else { panic!() };
        room.h.apply(&mut room.w, hold).unwrap();
    }
    assert_eq!(held(&room), Some(Ballot::Ranking(vec![SELF_SERVE])));
    // …and then the same as her phone: her latest word agrees with it, nothing waits.
    let Here::Unchanged(Some(settle)) = vote_here(&room.w, room.round, LUCIA, Ballot::Ranking(vec![DACH]), MORNING).unwrap() else { panic!() };
    room.h.apply(&mut room.w, settle).unwrap();
    assert_eq!((room.counted(LUCIA), held(&room)), (Some(Ballot::Ranking(vec![DACH])), None));
    assert_eq!(vote_here(&room.w, room.round, LUCIA, Ballot::Ranking(vec![DACH]), MORNING).unwrap(), Here::Unchanged(None));

    // Choice two: count the ballot cast here instead.
    let Here::Hold(hold) = vote_here(&room.w, room.round, LUCIA, Ballot::Ranking(vec![INBOUND]), MORNING).unwrap() else { panic!() };
    room.h.apply(&mut room.w, hold).unwrap();
    let count = count_held(&room.w, room.round, LUCIA).unwrap();
    room.h.apply(&mut room.w, count).unwrap();
    assert_eq!((room.counted(LUCIA), held(&room)), (Some(Ballot::Ranking(vec![INBOUND])), None));
    assert_eq!(room.w.round(room.round).unwrap().ballots[&LUCIA].source, Source::ThisDevice);
    let tally = tally_round(&room.w, room.w.round(room.round).unwrap(), Weighting::Equal, None).unwrap();
    assert_eq!((tally.ballots, tally.order[0].clone()), (1, vec![INBOUND]));
    // From now on she votes here as anyone does (replacing), and her phone's next code asks.
    assert!(matches!(vote_here(&room.w, room.round, LUCIA, Ballot::Ranking(vec![SELF_SERVE]), MORNING).unwrap(), Here::Count(_)));
    assert!(matches!(room.paste(&ranked_code(&invite, room.round, &[SELF_SERVE], 2, 2)), Ok(Outcome::Choose(_))));
    // Someone with no phone ballot: counted at once.
    assert!(matches!(vote_here(&room.w, room.round, AMARA, Ballot::Ranking(vec![DACH]), MORNING).unwrap(), Here::Count(_)));
    // With nothing waiting, voting can end.
    assert!(room.w.set_round_status(room.round, RoundStatus::Closed).is_ok());
}

/// Removing a person's ballot (the facilitator's logged action) takes a ballot of theirs
/// held here with it: nothing is left to choose against.
#[test]
fn removing_a_ballot_takes_the_one_held_beside_it() {
    use accord::domain::ballot_box::{held_ballots, vote_here, Here};
    let mut room = Room::with_open_round();
    let invite = room.invite(LUCIA);
    room.paste(&ranked_code(&invite, room.round, &[DACH], 1, 1)).unwrap();
    let Here::Hold(hold) = vote_here(&room.w, room.round, LUCIA, Ballot::Ranking(vec![INBOUND]), MORNING).unwrap() else { panic!() };
    room.h.apply(&mut room.w, hold).unwrap();
    let remove = room.w.remove_ballot(room.round, LUCIA, MORNING).unwrap();
    room.h.apply(&mut room.w, remove).unwrap();
    assert_eq!(room.counted(LUCIA), None);
    assert!(held_ballots(&room.w, room.round).is_empty());
    assert_eq!(room.w.round(room.round).unwrap().removed_ballots.len(), 1);
}

/// A file whose held ballots break the rules (authentic-looking JSON, wrong inside) is
/// refused on import with the reason: in a closed round, with no phone ballot beside it,
/// with a source, or not valid for the round.
#[test]
fn held_ballots_that_break_the_rules_are_refused_on_import() {
    use accord::domain::ballot_box::{vote_here, Here};
    use accord::domain::wire::{restore, to_json};
    let mut room = Room::with_open_round();
    let invite = room.invite(LUCIA);
    room.paste(&ranked_code(&invite, room.round, &[DACH], 1, 1)).unwrap();
    let Here::Hold(hold) = vote_here(&room.w, room.round, LUCIA, Ballot::Ranking(vec![INBOUND]), MORNING).unwrap() else { panic!() };
    room.h.apply(&mut room.w, hold).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&to_json(&room.w)).unwrap();
    let i = doc["rounds"].as_array().unwrap().iter().position(|r| r["held_ballots"].is_array()).unwrap();
    let refused = |change: &dyn Fn(&mut serde_json::Value)| {
        let mut bad = doc.clone();
        change(&mut bad["rounds"][i]);
        let problems = restore(bad.to_string().as_bytes()).unwrap_err().problems;
        problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
    };
    assert!(refused(&|r| r["status"] = "closed".into()).contains("holds Lucía Fernández's ballot waiting for the facilitator's choice"));
    assert!(refused(&|r| r["ballots"] = serde_json::json!([])).contains("has no ballot from their own device beside it"));
    assert!(refused(&|r| r["held_ballots"][0]["source"] = r["ballots"][0]["source"].clone()).contains("must be one cast on this device"));
    assert!(refused(&|r| r["held_ballots"][0]["ranking"] = serde_json::json!(["g1"])).contains("g1"));
    assert!(refused(&|r| r["held_ballots"][0]["participant"] = "p999".into()).contains("p999"));
}
