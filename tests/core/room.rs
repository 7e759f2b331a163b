//! One code for the whole room, in the core: the facilitator shows the room link, phones
//! join once and send one sealed code for every open round, and the ballot box binds each
//! person to their phone. Written as a room of twelve would meet it, and as the person
//! who wants to break it would try.

use accord::domain::ballot_box::{receive_room, Delivery, Refusal, RoundOutcome};
use accord::domain::codec::{
    base32, from_base32, decode_room, encode_room, is_room_code, open_room_ballot, qr_symbol_for_screen, seal_room_plaintext, DENSEST_FOR_A_ROOM, CodeError, DeviceSecret, RoomDoc, RoomPlain,
    RoomPlainBallot, WorkshopKeys,
};
use accord::domain::demo::demo_workshop;
use accord::domain::history::History;
use accord::domain::model::{Edit, GoalId, NewRound, ParticipantId, RoundId, Workshop};
use accord::domain::room::{invite_round, room_for, room_fragment, Phone, SendProblem, Who};
use accord::domain::time::Timestamp;
use accord::domain::voting::{Ballot, Method, RoundStatus, Secrecy, Source, Weighting};
use accord::domain::wire::{restore, to_json};
use proptest::prelude::*;

const KEYS: WorkshopKeys = WorkshopKeys::from_parts([42; 32], [9, 8, 7, 6, 5, 4, 3, 2]);
const AMARA: ParticipantId = ParticipantId(1);
const BEN: ParticipantId = ParticipantId(2);
const SELF_SERVE: GoalId = GoalId(5);
const DACH: GoalId = GoalId(6);
const INBOUND: GoalId = GoalId(7);
const NOW: Timestamp = Timestamp(1_800_000_000_000);

struct Hall {
    w: Workshop,
    h: History,
    ranked: RoundId,
    dots: RoundId,
}

impl Hall {
    /// The demo with two rounds open at once: a ranking of three revenue goals and five
    /// dots over the same goals.
    fn open() -> Hall {
        let (mut w, mut h) = (demo_workshop().unwrap(), History::default());
        let mut open = |w: &mut Workshop, name: &str, method| {
            let new = w
                .new_round(NewRound {
                    name: name.into(),
                    method,
                    goals: vec![SELF_SERVE, DACH, INBOUND],
                    secrecy: Secrecy::Named,
                    weighting: Weighting::Equal,
                    timer_minutes: None,
                })
                .unwrap();
            h.apply(w, new).unwrap();
            let id = w.rounds().last().unwrap().id;
            let status = w.set_round_status(id, RoundStatus::Open).unwrap();
            h.apply(w, status).unwrap();
            id
        };
        let ranked = open(&mut w, "Revenue bets", Method::Ranked);
        let dots = open(&mut w, "Where the dots go", Method::Dot { dots: 5, cap: None });
        Hall { w, h, ranked, dots }
    }

    fn room(&self) -> RoomDoc {
        // Through the link text, as a phone gets it.
        decode_room(&encode_room(&room_for(&self.w, &KEYS).unwrap())).unwrap()
    }

    fn receive(&self, code: &str) -> Result<Delivery, Refusal> {
        receive_room(&self.w, &KEYS, code, NOW)
    }

    /// Receives a code and counts what needs no choice.
    fn count(&mut self, code: &str) -> Delivery {
        let d = self.receive(code).unwrap();
        if let Some(edit) = d.edit() {
            self.h.apply(&mut self.w, edit).unwrap();
        }
        d
    }

    fn counted(&self, round: RoundId, who: ParticipantId) -> Option<(Ballot, Source)> {
        self.w.round(round).unwrap().ballots.get(&who).map(|c| (c.ballot.clone(), c.source))
    }
}

fn phone(room: &RoomDoc, who: ParticipantId, seed: u8) -> Phone {
    Phone::join(Who::Listed { id: who.0, name: room.person(who.0).unwrap().to_string() }, [seed; 32])
}

fn rank(p: &mut Phone, round: RoundId, order: &[GoalId]) {
    p.drafts.entry(round.0).or_default().ranking = order.to_vec();
}

fn dots(p: &mut Phone, round: RoundId, marks: &[(GoalId, u32)]) {
    p.drafts.entry(round.0).or_default().marks = marks.iter().copied().collect();
}

#[test]
fn the_room_link_carries_the_open_rounds_the_people_and_the_public_key_only() {
    let hall = Hall::open();
    let room = hall.room();
    assert_eq!(room.r.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["Revenue bets", "Where the dots go"]);
    assert_eq!(room.p.len(), 12, "everyone in the demo may choose their name");
    assert_eq!(room.room_key().unwrap(), KEYS.room_key());
    // Context for the phone: each goal with the goal it sits under and its department.
    let shown = invite_round(&room, room.round(hall.ranked).unwrap());
    assert!(shown.goals.iter().all(|g| !g.title.is_empty() && !g.parent.is_empty() && !g.department.is_empty()), "{shown:?}");
    // Nothing secret: neither the workshop secret nor anything derived from it for invites.
    let link = encode_room(&room);
    let inflated = serde_json::to_string(&room).unwrap();
    for secret in [KEYS.to_text()] {
        assert!(!link.contains(&secret) && !inflated.contains(&secret));
    }
    assert!(!inflated.contains("salt"));
}

#[test]
fn with_no_round_open_there_is_no_room_link_and_the_facilitator_is_told_why() {
    let w = demo_workshop().unwrap();
    assert_eq!(room_for(&w, &KEYS).unwrap_err().to_string(), "Open a round first: the room code carries the rounds that are open.");
}

#[test]
fn the_demo_room_link_fits_one_qr_code_a_phone_reads_off_a_projector() {
    let hall = Hall::open();
    let link = format!("http://127.0.0.1:8080/vote/#{}", room_fragment(&hall.w, &KEYS).unwrap());
    let symbol = qr_symbol_for_screen(&link).unwrap();
    let version = symbol.version();
    // On a 1080p projector the room view draws the code 900 px tall.
    let pixels_per_module = 900 / symbol.extent();
    println!("demo room link: {} characters, QR version {version} at level L ({} modules, {pixels_per_module} px a module at 900 px)", link.len(), symbol.size);
    assert!(version <= 17, "version {version}: the demo's room code grew");
    assert!(version <= DENSEST_FOR_A_ROOM, "version {version} is too dense to read off a projector from the back row");
    assert!(pixels_per_module >= 8);
}

#[test]
fn a_phone_joins_once_and_one_code_counts_every_open_round_and_binds_the_phone() {
    let mut hall = Hall::open();
    let room = hall.room();
    let mut amara = phone(&room, AMARA, 1);
    rank(&mut amara, hall.ranked, &[DACH, SELF_SERVE]);
    dots(&mut amara, hall.dots, &[(INBOUND, 3), (DACH, 2)]);
    let code = amara.seal(&room, [1; 12]).unwrap();
    assert!(is_room_code(&code));
    let d = hall.count(&code);
    assert_eq!(d.describe(), vec![
        (true, "Accepted: Amara Okafor's ballot for “Revenue bets”.".to_string()),
        (true, "Accepted: Amara Okafor's ballot for “Where the dots go”.".to_string()),
    ]);
    assert_eq!(hall.counted(hall.ranked, AMARA).unwrap().0, Ballot::Ranking(vec![DACH, SELF_SERVE]));
    assert_eq!(hall.counted(hall.dots, AMARA).unwrap().0, Ballot::Dots([(INBOUND, 3), (DACH, 2)].into_iter().collect()));
    assert_eq!(hall.w.device_of(AMARA), Some(d.device));
    // The same code again changes nothing.
    let again = hall.count(&code);
    assert!(again.edit().is_none());
    assert!(again.describe().iter().all(|(ok, line)| *ok && line.starts_with("Already counted")));
}

#[test]
fn a_later_code_from_the_same_phone_replaces_and_an_earlier_one_is_refused_in_any_order() {
    let mut hall = Hall::open();
    let room = hall.room();
    let mut amara = phone(&room, AMARA, 1);
    rank(&mut amara, hall.ranked, &[DACH]);
    let first = amara.seal(&room, [1; 12]).unwrap();
    rank(&mut amara, hall.ranked, &[INBOUND, DACH]);
    let second = amara.seal(&room, [2; 12]).unwrap();
    // The second arrives first (a slow chat): the first is then older and refused.
    hall.count(&second);
    let late = hall.receive(&first).unwrap();
    assert_eq!(
        late.rounds[0].2,
        Err(Refusal::Older { participant: "Amara Okafor".into(), round: "Revenue bets".into() })
    );
    assert!(late.edit().is_none());
    assert_eq!(hall.counted(hall.ranked, AMARA).unwrap().0, Ballot::Ranking(vec![INBOUND, DACH]));
}

#[test]
fn a_second_phone_claiming_someone_is_flagged_and_counts_only_when_the_facilitator_accepts_it() {
    let mut hall = Hall::open();
    let room = hall.room();
    let mut amara = phone(&room, AMARA, 1);
    rank(&mut amara, hall.ranked, &[DACH]);
    hall.count(&amara.seal(&room, [1; 12]).unwrap());
    // Someone else in the room picks "Amara Okafor" on their own phone.
    let mut impostor = phone(&room, AMARA, 7);
    rank(&mut impostor, hall.ranked, &[SELF_SERVE]);
    let code = impostor.seal(&room, [7; 12]).unwrap();
    let d = hall.receive(&code).unwrap();
    assert!(d.needs_choice());
    assert!(d.edit().is_none(), "never silently counted");
    let (ok, line) = &d.describe()[0];
    assert!(!ok);
    assert!(line.starts_with("Not counted yet: this code for Amara Okafor comes from another phone"), "{line}");
    assert_eq!(hall.counted(hall.ranked, AMARA).unwrap().0, Ballot::Ranking(vec![DACH]));
    // Amara lost her phone and this really is her: the facilitator accepts the new one.
    hall.h.apply(&mut hall.w, d.accepted_edit().unwrap()).unwrap();
    assert_eq!(hall.counted(hall.ranked, AMARA).unwrap().0, Ballot::Ranking(vec![SELF_SERVE]));
    assert_eq!(hall.w.device_of(AMARA), Some(d.device));
    // The old phone is now the one that needs accepting.
    rank(&mut amara, hall.ranked, &[INBOUND]);
    assert!(hall.receive(&amara.seal(&room, [3; 12]).unwrap()).unwrap().other_phone.is_some());
}

#[test]
fn a_phone_that_votes_as_one_person_cannot_claim_another() {
    let mut hall = Hall::open();
    let room = hall.room();
    let mut amara = phone(&room, AMARA, 1);
    rank(&mut amara, hall.ranked, &[DACH]);
    hall.count(&amara.seal(&room, [1; 12]).unwrap());
    // The same key (a hostile page reusing the phone's secret) claiming Ben.
    let mut as_ben = Phone::join(Who::Listed { id: BEN.0, name: "x".into() }, [1; 32]);
    rank(&mut as_ben, hall.ranked, &[INBOUND]);
    let refused = hall.receive(&as_ben.seal(&room, [2; 12]).unwrap()).unwrap_err();
    assert_eq!(refused, Refusal::PhoneOfAnother { bound: "Amara Okafor".into(), claims: hall.w.participant(BEN).unwrap().name.clone() });
}

#[test]
fn a_code_pasted_into_the_room_chat_reveals_nothing_to_a_thirteenth_phone_with_the_room_link() {
    let hall = Hall::open();
    let room = hall.room();
    let mut amara = phone(&room, AMARA, 1);
    rank(&mut amara, hall.ranked, &[DACH, SELF_SERVE, INBOUND]);
    let code = amara.seal(&room, [1; 12]).unwrap();
    // The thirteenth phone has the room link, so the tag and the public room key, and its
    // own key pair. Whatever keys it can make (its own workshop secret with the same tag,
    // or Amara's public key), it cannot open the code.
    for guess in 0..=255u8 {
        let keys = WorkshopKeys::from_parts([guess; 32], KEYS.tag.0);
        if keys == KEYS {
            continue;
        }
        assert_eq!(open_room_ballot(&code, &keys), Err(CodeError::Altered));
    }
    // And the code's bytes do not hold the ballot in the clear.
    let body = code.trim_start_matches("ACB1.");
    assert!(!body.contains("ranking") && !code.contains("\"g\""));
}

#[test]
fn a_walk_in_joins_with_their_first_code_when_the_facilitator_allows_it() {
    let mut hall = Hall::open();
    let mut sam = Phone::join(Who::WalkIn { name: "Sam Rivera".into() }, [5; 32]);
    let room = hall.room();
    rank(&mut sam, hall.ranked, &[INBOUND]);
    let code = sam.seal(&room, [5; 12]).unwrap();
    assert_eq!(hall.receive(&code).unwrap_err(), Refusal::NoWalkIns { name: "Sam Rivera".into() });
    hall.h.apply(&mut hall.w, Edit::SetWalkIns(true)).unwrap();
    assert!(hall.room().walk);
    let before = hall.w.participants().len();
    let d = hall.count(&code);
    assert!(d.joins);
    assert_eq!(hall.w.participants().len(), before + 1);
    let sam_id = hall.w.participants().last().unwrap().id;
    assert_eq!(hall.w.participant(sam_id).unwrap().name, "Sam Rivera");
    assert!(hall.w.round(hall.ranked).unwrap().is_voter(sam_id), "a walk-in joins the round they voted in");
    // Their next code is the same person, whatever the phone now says its name is.
    let mut again = Phone::join(Who::WalkIn { name: "Sammy".into() }, [5; 32]);
    again.counter = sam.counter;
    rank(&mut again, hall.ranked, &[DACH]);
    let d = hall.count(&again.seal(&room, [6; 12]).unwrap());
    assert_eq!((d.participant, d.joins), (sam_id, false));
    assert_eq!(hall.counted(hall.ranked, sam_id).unwrap().0, Ballot::Ranking(vec![DACH]));
    assert_eq!(hall.w.participants().len(), before + 1);
}

#[test]
fn a_walk_in_cannot_take_a_listed_name_or_smuggle_invisible_characters() {
    let mut hall = Hall::open();
    hall.h.apply(&mut hall.w, Edit::SetWalkIns(true)).unwrap();
    let room = hall.room();
    for (typed, why) in [
        (" amara okafor ", "Amara Okafor is already a participant"),
        ("Eve\u{202e}nimda", "text-direction override"),
        ("", "can't be empty"),
    ] {
        let mut p = Phone::join(Who::WalkIn { name: typed.into() }, [9; 32]);
        rank(&mut p, hall.ranked, &[DACH]);
        match hall.receive(&p.seal(&room, [9; 12]).unwrap()) {
            Err(Refusal::WalkInName { name, why: said }) => {
                assert!(said.contains(why), "{typed:?}: {said}");
                assert!(!name.contains('\u{202e}'));
            }
            other => panic!("{typed:?}: {other:?}"),
        }
    }
}

#[test]
fn authentic_codes_that_are_wrong_inside_are_refused_and_count_nothing() {
    let hall = Hall::open();
    let room = hall.room();
    let secret = DeviceSecret([3; 32]);
    let seal = |participant: u32, plain: &RoomPlain| {
        seal_room_plaintext(&secret, &room.room_key().unwrap(), room.tag().unwrap(), participant, &serde_json::to_vec(plain).unwrap(), [3; 12]).unwrap()
    };
    let ranked = room.round(hall.ranked).unwrap();
    let dots_round = room.round(hall.dots).unwrap();
    let b = |r: &accord::domain::codec::RoomRound, k, g: Vec<u32>, v: Vec<u32>| RoomPlainBallot { r: r.id, f: r.fingerprint(), k, g, v };
    // 4,294,967,295 dots typed into a form.
    let stuffed = RoomPlain { c: 1, n: None, b: vec![b(dots_round, 'd', vec![5, 6], vec![u32::MAX, 1])] };
    assert!(matches!(hall.receive(&seal(AMARA.0, &stuffed)).unwrap().rounds[0].2, Err(Refusal::Invalid { .. })));
    // A round set up again since the phone read the link.
    let stale = RoomPlain { c: 1, n: None, b: vec![RoomPlainBallot { f: ranked.fingerprint() ^ 1, ..b(ranked, 'r', vec![5], vec![]) }] };
    assert_eq!(hall.receive(&seal(AMARA.0, &stale)).unwrap().rounds[0].2, Err(Refusal::OtherRound));
    // Two ballots for one round, none at all, a name beside a listed person, no name for a walk-in.
    for plain in [
        RoomPlain { c: 1, n: None, b: vec![b(ranked, 'r', vec![5], vec![]), b(ranked, 'r', vec![6], vec![])] },
        RoomPlain { c: 1, n: None, b: vec![] },
    ] {
        assert!(matches!(hall.receive(&seal(AMARA.0, &plain)), Err(Refusal::Code(CodeError::Unreadable(_)))));
    }
    let named = RoomPlain { c: 1, n: Some("Ben".into()), b: vec![b(ranked, 'r', vec![5], vec![])] };
    assert!(matches!(hall.receive(&seal(AMARA.0, &named)), Err(Refusal::Code(CodeError::Unreadable(_)))));
    assert!(matches!(hall.receive(&seal(0, &RoomPlain { n: None, ..named.clone() })), Err(Refusal::Code(CodeError::Unreadable(_)))));
    // Someone the workshop does not have.
    let ghost = RoomPlain { c: 1, n: None, b: vec![b(ranked, 'r', vec![5], vec![])] };
    assert_eq!(hall.receive(&seal(999, &ghost)).unwrap_err(), Refusal::Code(CodeError::UnknownParticipant(ParticipantId(999))));
}

#[test]
fn a_degenerate_phone_key_or_a_cut_code_is_refused_without_panicking() {
    let hall = Hall::open();
    let room = hall.room();
    let mut amara = phone(&room, AMARA, 1);
    rank(&mut amara, hall.ranked, &[DACH]);
    let code = amara.seal(&room, [1; 12]).unwrap();
    // The header's phone key replaced by zeros (a low-order point): it authenticates nothing.
    use base64::Engine;
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut bytes = engine.decode(code.trim_start_matches("ACB1.")).unwrap();
    bytes[13..45].fill(0);
    assert_eq!(hall.receive(&format!("ACB1.{}", engine.encode(&bytes))).unwrap_err(), Refusal::Code(CodeError::Altered));
    for cut in [10, 40, code.len() - 1] {
        assert!(hall.receive(&code[..cut]).is_err());
    }
}

#[test]
fn a_phone_with_nothing_filled_in_or_an_invalid_ballot_makes_no_code() {
    let hall = Hall::open();
    let room = hall.room();
    let mut amara = phone(&room, AMARA, 1);
    assert_eq!(amara.seal(&room, [1; 12]).unwrap_err(), SendProblem::Empty);
    dots(&mut amara, hall.dots, &[(DACH, 9)]);
    assert!(matches!(amara.seal(&room, [1; 12]).unwrap_err(), SendProblem::Ballot { .. }));
    assert_eq!(amara.counter, 0, "a refused code uses no counter");
}

#[test]
fn what_a_phone_keeps_survives_a_reload() {
    let hall = Hall::open();
    let room = hall.room();
    let mut amara = phone(&room, AMARA, 1);
    rank(&mut amara, hall.ranked, &[DACH, INBOUND]);
    amara.seal(&room, [1; 12]).unwrap();
    let back = Phone::restore(&amara.to_json(), &room).unwrap();
    assert_eq!(back, amara);
    assert!(Phone::restore("{\"secret\":\"short\"}", &room).is_none());
}

#[test]
fn bound_phones_walk_ins_and_room_ballots_survive_the_workshop_file() {
    let mut hall = Hall::open();
    hall.h.apply(&mut hall.w, Edit::SetWalkIns(true)).unwrap();
    let room = hall.room();
    let mut amara = phone(&room, AMARA, 1);
    rank(&mut amara, hall.ranked, &[DACH]);
    hall.count(&amara.seal(&room, [1; 12]).unwrap());
    let mut sam = Phone::join(Who::WalkIn { name: "Sam".into() }, [5; 32]);
    dots(&mut sam, hall.dots, &[(DACH, 5)]);
    hall.count(&sam.seal(&room, [5; 12]).unwrap());
    let json = to_json(&hall.w);
    let back = restore(json.as_bytes()).unwrap();
    assert_eq!(to_json(&back), json);
    assert_eq!(back.device_of(AMARA), hall.w.device_of(AMARA));
    assert!(back.walk_ins());
    // A file binding one person to two phones, or with a damaged key, is refused.
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let mut twice = doc.clone();
    let first = twice["room"]["devices"][0].clone();
    twice["room"]["devices"].as_array_mut().unwrap().push(first);
    assert!(restore(twice.to_string().as_bytes()).is_err());
    let mut damaged = doc.clone();
    damaged["room"]["devices"][0]["key"] = "AAAA".into();
    let problems = restore(damaged.to_string().as_bytes()).unwrap_err().to_string();
    assert!(problems.contains("$.room.devices[0].key"), "{problems}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Base32 reads back every byte string, and no other text than the one it wrote.
    #[test]
    fn base32_round_trips(bytes in prop::collection::vec(any::<u8>(), 0..80)) {
        let text = base32(&bytes);
        prop_assert_eq!(from_base32(&text), Some(bytes.clone()));
        prop_assert_eq!(from_base32(&text.to_lowercase()), Some(bytes));
        prop_assert!(text.bytes().all(|c| c.is_ascii_uppercase() || (b'2'..=b'7').contains(&c)));
    }

    /// Whatever order a phone's codes arrive in, the ballot that counts is the one it
    /// made last, and each code is either counted, already counted or refused as older.
    #[test]
    fn the_phone_s_last_code_counts_whatever_order_they_arrive_in(
        orders in prop::collection::vec(prop::sample::subsequence(vec![SELF_SERVE, DACH, INBOUND], 1..=3), 1..6),
        arrival in prop::collection::vec(any::<prop::sample::Index>(), 0..8),
    ) {
        let mut hall = Hall::open();
        let room = hall.room();
        let mut amara = phone(&room, AMARA, 1);
        let mut codes = Vec::new();
        for (i, order) in orders.iter().enumerate() {
            rank(&mut amara, hall.ranked, order);
            codes.push(amara.seal(&room, [i as u8; 12]).unwrap());
        }
        let mut sequence: Vec<usize> = arrival.iter().map(|ix| ix.index(codes.len())).collect();
        sequence.extend(0..codes.len());
        for i in sequence {
            let d = hall.receive(&codes[i]).unwrap();
            let expected = d.rounds.iter().all(|(_, _, r)| {
                matches!(r, Ok(RoundOutcome::Accepted | RoundOutcome::Replaced | RoundOutcome::AlreadyCounted) | Err(Refusal::Older { .. }))
            });
            prop_assert!(expected, "{:?}", d.rounds);
            if let Some(edit) = d.edit() {
                hall.h.apply(&mut hall.w, edit).unwrap();
            }
        }
        prop_assert_eq!(hall.counted(hall.ranked, AMARA).unwrap().0, Ballot::Ranking(orders.last().unwrap().clone()));
    }
}
