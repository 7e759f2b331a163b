//! Own-device voting end to end in the core: the facilitator makes an invite, the
//! participant's device seals a ballot from it, the facilitator receives the code.

use accord::domain::ballot_box::{find_codes, receive, Outcome, Refusal};
use accord::domain::codec::{decode_invite, encode_invite, qr_symbol, read_qr, CodeError, Invite, QrSymbol, WorkshopKeys, QR_QUIET};
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

    /// The link text the facilitator sends, opened on the participant's phone.
    fn invite(&self, who: ParticipantId) -> Invite {
        let link = encode_invite(&invite_for(&self.w, &KEYS, who, MORNING).unwrap());
        decode_invite(&link).unwrap()
    }

    fn paste(&mut self, code: &str) -> Result<Outcome, Refusal> {
        let received = receive(&self.w, &KEYS, code)?;
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

fn ranked_code(invite: &Invite, round: RoundId, order: &[GoalId], at: i64, nonce: u8) -> String {
    let r = invite.round(round).unwrap();
    invite.seal(r, Ballot::Ranking(order.to_vec()), Timestamp(at), [nonce; 12]).unwrap()
}

#[test]
fn a_ballot_voted_on_a_phone_counts_once_and_a_newer_one_replaces_it() {
    let mut room = Room::with_open_round();
    let invite = room.invite(LUCIA);
    assert_eq!(invite.name, room.w.participant(LUCIA).unwrap().name);
    assert_eq!(invite.rounds.len(), 1, "only the open round travels");
    assert_eq!(invite.rounds[0].goals.iter().map(|g| g.id).collect::<Vec<_>>(), vec![5, 6, 7]);
    assert!(invite.rounds[0].goals.iter().all(|g| !g.parent.is_empty() && !g.department.is_empty()), "goals carry their context");

    let first = ranked_code(&invite, room.round, &[DACH, SELF_SERVE], MORNING.0 + 60_000, 1);
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
    let second = ranked_code(&invite, room.round, &[INBOUND], MORNING.0 + 120_000, 2);
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
    let code = ranked_code(&invite, room.round, &[SELF_SERVE, DACH, INBOUND], MORNING.0, 3);

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
    let foreign = ranked_code(&foreign_invite, room.round, &[DACH], MORNING.0, 4);
    let refusal = room.paste(&foreign).unwrap_err();
    assert_eq!(refusal, Refusal::Code(CodeError::OtherWorkshop));
    assert!(refusal.to_string().contains("another workshop"));

    // Someone with Amara's invite cannot speak for Lucía: her ID in a code sealed with
    // Amara's key fails to authenticate.
    let mut posing = invite.clone();
    posing.participant = LUCIA.0;
    let forged = ranked_code(&posing, room.round, &[DACH], MORNING.0, 5);
    assert_eq!(room.paste(&forged), Err(Refusal::Code(CodeError::Altered)));

    // A participant the workshop does not have.
    let mut stranger = invite.clone();
    stranger.participant = 99;
    stranger.key = KEYS.key_for(ParticipantId(99)).0;
    let unknown = ranked_code(&stranger, room.round, &[DACH], MORNING.0, 6);
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
    let code = ranked_code(&invite, room.round, &[SELF_SERVE], MORNING.0, 7);
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
    let stray = ranked_code(&invented, RoundId(42), &[SELF_SERVE], MORNING.0, 8);
    assert_eq!(room.paste(&stray), Err(Refusal::OtherRound));
}

#[test]
fn observers_and_closed_workshops_get_no_invite() {
    let room = Room::with_open_round();
    let mut w = room.w.clone();
    let watch = w.set_observer(room.round, LUCIA, true).unwrap();
    w.apply(watch).unwrap();
    assert!(matches!(invite_for(&w, &KEYS, LUCIA, MORNING), Err(InviteProblem::NothingToVoteOn { .. })));
    let demo = demo_workshop().unwrap();
    let problem = invite_for(&demo, &KEYS, AMARA, MORNING).unwrap_err();
    assert!(problem.to_string().contains("Open a round first"), "{problem}");
}

#[test]
fn the_participant_device_refuses_an_invalid_ballot_before_sealing() {
    let room = Room::with_open_round();
    let invite = room.invite(AMARA);
    let r = &invite.rounds[0];
    assert!(invite.seal(r, Ballot::Ranking(vec![]), MORNING, [0; 12]).is_err());
    assert!(invite.seal(r, Ballot::Ranking(vec![GoalId(1)]), MORNING, [0; 12]).is_err(), "goal not in the round");
    assert!(invite.seal(r, Ballot::Dots([(DACH, 1)].into()), MORNING, [0; 12]).is_err(), "wrong kind");
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
    let invite = invite_for(&w, &KEYS, voter, MORNING).unwrap();
    let code = invite.seal(&invite.rounds[0], Ballot::Ranking(goals), MORNING, [5; 12]).unwrap();
    println!("30-goal ranked ballot code: {} characters", code.len());
    let symbol = qr_symbol(&code).unwrap();
    println!("its QR code: version {} ({}×{} modules)", (symbol.size - 17) / 4, symbol.size, symbol.size);
    assert!(symbol.size <= 4 * 20 + 17, "fits comfortably: version 20 or below");
    let (side, luma) = picture(&symbol, 4);
    assert_eq!(read_qr(side, side, &luma), vec![code.clone()]);
    assert!(receive(&w, &KEYS, &code).is_ok());
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
    let link = encode_invite(&invite_for(&w, &KEYS, w.participants()[0].id, MORNING).unwrap());
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
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// However the codes from one person arrive (in any order, some twice), what counts
    /// in the end is the ballot they submitted last.
    #[test]
    fn the_latest_ballot_counts_whatever_the_order_codes_arrive(
        orders in prop::collection::vec(prop::sample::subsequence(vec![5u32, 6, 7], 1..=3).prop_shuffle(), 1..5),
        arrival in Just((0..8usize).collect::<Vec<_>>()).prop_shuffle(),
    ) {
        let mut room = Room::with_open_round();
        let invite = room.invite(AMARA);
        let codes: Vec<String> = orders
            .iter()
            .enumerate()
            .map(|(i, o)| ranked_code(&invite, room.round, &o.iter().map(|g| GoalId(*g)).collect::<Vec<_>>(), MORNING.0 + i as i64 * 1000, i as u8))
            .collect();
        for i in arrival.iter().map(|a| a % codes.len()) {
            let _ = room.paste(&codes[i]);
        }
        for code in &codes {
            let _ = room.paste(code);
        }
        let last = orders.last().unwrap().iter().map(|g| GoalId(*g)).collect::<Vec<_>>();
        prop_assert_eq!(room.counted(AMARA), Some(Ballot::Ranking(last)));
    }

    #[test]
    fn no_pasted_text_panics_the_ballot_box(text in "\\PC{0,300}") {
        let room = Room::with_open_round();
        for code in find_codes(&text) {
            let _ = receive(&room.w, &KEYS, code);
        }
        let _ = receive(&room.w, &KEYS, &format!("ACB1.{text}"));
    }

    #[test]
    fn qr_codes_read_back_what_they_hold(text in "[ -~]{1,300}") {
        let symbol = qr_symbol(&text).unwrap();
        let (side, luma) = picture(&symbol, 3);
        prop_assert_eq!(read_qr(side, side, &luma), vec![text]);
    }
}
