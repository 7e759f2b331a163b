//! Invites and ballot codes: round trips, tampering, foreign codes, forgeries, and no
//! panic on any input.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use std::cell::RefCell;
use std::collections::BTreeMap;

use accord::domain::codec::{
    decode_invite, encode_invite, open_ballot, participant_key, seal_ballot, seal_plaintext, BallotContent, CodeError, Invite,
    InviteGoal, InviteRound, Opened, ParticipantKey, Plain, Unreadable, WorkshopSecret, WorkshopTag,
};
use accord::domain::model::{GoalId, InviteId, ParticipantId, RoundId};
use accord::domain::voting::Ballot;
use accord::domain::wire::v1::MethodDoc;
use proptest::prelude::*;

const SECRET: WorkshopSecret = WorkshopSecret([7; 32]);
const TAG: WorkshopTag = WorkshopTag([1, 2, 3, 4, 5, 6, 7, 8]);
const ADA: ParticipantId = ParticipantId(3);

/// Participants 1–12 each hold invite 100 + their number.
fn invite_of(p: ParticipantId) -> InviteId {
    InviteId(100 + p.0)
}

fn salt_of(p: ParticipantId) -> [u8; 16] {
    [p.0 as u8; 16]
}

fn key(p: ParticipantId) -> ParticipantKey {
    participant_key(&SECRET, TAG, p, invite_of(p), &salt_of(p))
}

fn keys(p: ParticipantId, i: InviteId) -> Result<ParticipantKey, CodeError> {
    if p.0 == 0 || p.0 > 12 {
        return Err(CodeError::UnknownParticipant(p));
    }
    if i != invite_of(p) {
        return Err(CodeError::UnknownInvite(i));
    }
    Ok(key(p))
}

fn seal(p: ParticipantId, content: &BallotContent, nonce: [u8; 12]) -> String {
    seal_ballot(&key(p), TAG, p, invite_of(p), content, nonce)
}

fn opened(p: ParticipantId, content: BallotContent) -> Opened {
    Opened { participant: p, invite: invite_of(p), content }
}

fn ranked(goals: &[u32]) -> BallotContent {
    BallotContent { round: RoundId(1), fingerprint: 77, ballot: Ballot::Ranking(goals.iter().map(|g| GoalId(*g)).collect()), counter: 3 }
}

fn any_content() -> impl Strategy<Value = BallotContent> {
    let marks = prop::collection::btree_map(1u32..500, 0u32..100, 0..30);
    (
        1u32..50,
        any::<u32>(),
        any::<u64>(),
        prop_oneof![
            marks.clone().prop_map(|m| Ballot::Dots(m.into_iter().map(|(g, v)| (GoalId(g), v)).collect())),
            marks.prop_map(|m| Ballot::Scores(m.into_iter().map(|(g, v)| (GoalId(g), v)).collect())),
            prop::collection::vec(1u32..500, 0..30).prop_map(|v| Ballot::Ranking(v.into_iter().map(GoalId).collect())),
        ],
    )
        .prop_map(|(r, f, c, ballot)| BallotContent { round: RoundId(r), fingerprint: f, ballot, counter: c })
}

#[test]
fn a_ranked_ballot_over_30_goals_fits_one_qr_code() {
    let goals: Vec<u32> = (1..=30).collect();
    let code = seal(ADA, &ranked(&goals), [9; 12]);
    // A version-40 QR code holds 2,953 bytes (binary, low error correction); 1,273 at the
    // high-correction level 'Q' we aim for.
    assert!(code.len() < 400, "{} characters", code.len());
}

#[test]
fn every_single_byte_alteration_is_rejected() {
    let code = seal(ADA, &ranked(&[5, 6, 7]), [9; 12]);
    let bytes = URL_SAFE_NO_PAD.decode(code.strip_prefix("ACB1.").unwrap()).unwrap();
    for at in 0..bytes.len() {
        for flip in [0x01u8, 0x80, 0xff] {
            let mut altered = bytes.clone();
            altered[at] ^= flip;
            let text = format!("ACB1.{}", URL_SAFE_NO_PAD.encode(&altered));
            assert!(open_ballot(&text, TAG, keys).is_err(), "byte {at} ^ {flip:#x} was accepted");
        }
    }
    assert_eq!(open_ballot(&code, TAG, keys).unwrap(), opened(ADA, ranked(&[5, 6, 7])));
}

#[test]
fn foreign_forged_and_truncated_codes_are_refused_with_their_reason() {
    let content = ranked(&[5, 6]);
    let other_tag = WorkshopTag([9; 8]);
    let foreign = seal_ballot(&participant_key(&SECRET, other_tag, ADA, invite_of(ADA), &salt_of(ADA)), other_tag, ADA, invite_of(ADA), &content, [1; 12]);
    assert_eq!(open_ballot(&foreign, TAG, keys), Err(CodeError::OtherWorkshop));
    // Ada tries to vote as participant 4 with her own key (naming 4's invite or her own).
    let forged = seal_ballot(&key(ADA), TAG, ParticipantId(4), invite_of(ParticipantId(4)), &content, [1; 12]);
    assert_eq!(open_ballot(&forged, TAG, keys), Err(CodeError::Altered));
    let forged = seal_ballot(&key(ADA), TAG, ParticipantId(4), invite_of(ADA), &content, [1; 12]);
    assert_eq!(open_ballot(&forged, TAG, keys), Err(CodeError::UnknownInvite(invite_of(ADA))));
    // Someone without an invite guesses a secret, or the salt.
    let guessed = seal_ballot(&participant_key(&WorkshopSecret([8; 32]), TAG, ADA, invite_of(ADA), &salt_of(ADA)), TAG, ADA, invite_of(ADA), &content, [1; 12]);
    assert_eq!(open_ballot(&guessed, TAG, keys), Err(CodeError::Altered));
    let other_salt = seal_ballot(&participant_key(&SECRET, TAG, ADA, invite_of(ADA), &[0; 16]), TAG, ADA, invite_of(ADA), &content, [1; 12]);
    assert_eq!(open_ballot(&other_salt, TAG, keys), Err(CodeError::Altered));
    let stranger = ParticipantId(99);
    let stranger_code = seal_ballot(&participant_key(&SECRET, TAG, stranger, invite_of(stranger), &salt_of(stranger)), TAG, stranger, invite_of(stranger), &content, [1; 12]);
    assert_eq!(open_ballot(&stranger_code, TAG, keys), Err(CodeError::UnknownParticipant(stranger)));
    let good = seal(ADA, &content, [1; 12]);
    // Cut off in a chat: either no longer base64 ("cut off") or failing authentication.
    // Which of the two depends on the cut length modulo 4; both kinds must occur.
    let cuts: Vec<CodeError> = (1..=8).map(|cut| open_ballot(&good[..good.len() - cut], TAG, keys).unwrap_err()).collect();
    assert!(cuts.iter().all(|e| matches!(e, CodeError::NotACode | CodeError::Altered)), "{cuts:?}");
    assert!(cuts.contains(&CodeError::NotACode) && cuts.contains(&CodeError::Altered), "{cuts:?}");
    assert_eq!(open_ballot("hello", TAG, keys), Err(CodeError::NotACode));
    assert_eq!(open_ballot(&format!("  {good}\n"), TAG, keys).map(|o| o.participant), Ok(ADA), "whitespace from a chat is fine");
}

fn invite(goals: usize) -> Invite {
    Invite {
        tag: TAG.0,
        title: "Northwind — Annual planning 2027".into(),
        strategy: "Grow beyond our home market.".into(),
        participant: ADA.0,
        name: "Ada Lovelace".into(),
        department: "Engineering".into(),
        issued: 1_795_772_096_000,
        key: key(ADA).0,
        invite: invite_of(ADA).0,
        rounds: vec![InviteRound {
            id: 1,
            name: "Department goals".into(),
            method: MethodDoc::Ranked,
            anonymous: true,
            goals: (1..=goals as u32)
                .map(|g| InviteGoal { id: g, title: format!("Department goal number {g} with a realistic title"), parent: "Grow revenue".into(), department: "Engineering".into() })
                .collect(),
        }],
    }
}

#[test]
fn an_invite_for_200_goals_is_a_link_a_browser_opens() {
    let text = encode_invite(&invite(200));
    // Chromium accepts URLs up to 2 MB; this stays far below.
    assert!(text.len() < 20_000, "{} characters", text.len());
    assert_eq!(decode_invite(&text), Ok(invite(200)));
}

/// A code in the version 1 layout (a key from the participant alone: not withdrawable).
#[test]
fn codes_from_invites_of_the_earlier_version_are_refused_as_such() {
    let code = seal(ADA, &ranked(&[5, 6]), [2; 12]);
    let mut bytes = URL_SAFE_NO_PAD.decode(code.strip_prefix("ACB1.").unwrap()).unwrap();
    // Version 1 had no invite in the header: 4 bytes shorter, version byte 1.
    bytes.drain(13..17);
    bytes[0] = 1;
    let old = format!("ACB1.{}", URL_SAFE_NO_PAD.encode(&bytes));
    let refused = open_ballot(&old, TAG, keys).unwrap_err();
    assert_eq!(refused, CodeError::OldInvite);
    assert!(refused.to_string().contains("send this person a new invite"), "{refused}");
}

/// What comes out of opening authentic plaintext: never "altered" (it authenticated).
#[test]
fn a_genuine_code_that_cannot_be_read_says_so_and_is_not_called_altered() {
    let cases: Vec<(&str, Vec<u8>, CodeError)> = vec![
        ("random bytes", vec![0xff, 0x00, 0x13, 0x37], CodeError::Unreadable(Unreadable::Shape)),
        ("empty", Vec::new(), CodeError::Unreadable(Unreadable::Shape)),
        ("other JSON", br#"{"hello":"world"}"#.to_vec(), CodeError::Unreadable(Unreadable::Shape)),
        ("negative count", br#"{"r":1,"f":7,"c":1,"k":"d","g":[5],"v":[-1]}"#.to_vec(), CodeError::Unreadable(Unreadable::Shape)),
        ("count above u32", br#"{"r":1,"f":7,"c":1,"k":"d","g":[5],"v":[4294967296]}"#.to_vec(), CodeError::Unreadable(Unreadable::Shape)),
        ("negative counter", br#"{"r":1,"f":7,"c":-1,"k":"r","g":[5]}"#.to_vec(), CodeError::Unreadable(Unreadable::Shape)),
        ("unknown kind", br#"{"r":1,"f":7,"c":1,"k":"x","g":[5]}"#.to_vec(), CodeError::Unreadable(Unreadable::Kind)),
        ("unpaired", br#"{"r":1,"f":7,"c":1,"k":"s","g":[5,6],"v":[1]}"#.to_vec(), CodeError::Unreadable(Unreadable::Unpaired { goals: 2, values: 1 })),
        ("ranking with values", br#"{"r":1,"f":7,"c":1,"k":"r","g":[5],"v":[1]}"#.to_vec(), CodeError::Unreadable(Unreadable::Unpaired { goals: 1, values: 1 })),
        ("duplicate goal", br#"{"r":1,"f":7,"c":1,"k":"d","g":[5,5],"v":[1,2]}"#.to_vec(), CodeError::Unreadable(Unreadable::Duplicate(GoalId(5)))),
    ];
    for (what, plain, expected) in cases {
        let code = seal_plaintext(&key(ADA), TAG, ADA, invite_of(ADA), &plain, [4; 12]);
        let refused = open_ballot(&code, TAG, keys).unwrap_err();
        assert_eq!(refused, expected, "{what}");
        assert!(refused.to_string().contains("genuine") && !refused.to_string().contains("altered"), "{what}: {refused}");
    }
}

/// Runs a property over `cases` generated values, counting each case under the label the
/// check returns, and prints the counts (so a run shows what it actually exercised).
pub(crate) fn run_counted<S: Strategy>(name: &str, cases: u32, strategy: S, check: impl Fn(S::Value) -> Result<&'static str, TestCaseError>)
where
    S::Value: std::fmt::Debug,
{
    let counts = RefCell::new(BTreeMap::<&'static str, u32>::new());
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(cases));
    let result = runner.run(&strategy, |value| {
        let label = check(value)?;
        *counts.borrow_mut().entry(label).or_default() += 1;
        Ok(())
    });
    println!("{name}: {:?}", counts.borrow());
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
}

#[test]
fn sealed_ballots_open_to_what_was_sealed() {
    run_counted("sealed ballots (by kind)", 1000, (any_content(), any::<[u8; 12]>(), 1u32..=12), |(content, nonce, p)| {
        let who = ParticipantId(p);
        let code = seal(who, &content, nonce);
        prop_assert_eq!(open_ballot(&code, TAG, keys), Ok(opened(who, content.clone())));
        Ok(match content.ballot {
            Ballot::Dots(_) => "dots",
            Ballot::Scores(_) => "scores",
            Ballot::Ranking(_) => "ranking",
        })
    });
}

#[test]
fn no_input_panics_the_decoders() {
    run_counted(
        "unauthenticated input (by refusal)",
        1000,
        ("\\PC{0,400}", prop::collection::vec(any::<u8>(), 0..400)),
        |(text, bytes)| {
            let _ = open_ballot(&text, TAG, keys);
            let _ = decode_invite(&text);
            let refused = open_ballot(&format!("ACB1.{}", URL_SAFE_NO_PAD.encode(&bytes)), TAG, keys);
            let _ = decode_invite(&format!("ACI1.{}", URL_SAFE_NO_PAD.encode(&bytes)));
            prop_assert!(refused.is_err());
            Ok(match refused.unwrap_err() {
                CodeError::NotACode => "not a code",
                CodeError::OldInvite => "old invite",
                CodeError::OtherWorkshop => "other workshop",
                _ => "other",
            })
        },
    );
}

/// Plaintext of every shape, sealed with a genuine key: it opens to a ballot or is
/// refused as unreadable, never as altered, and never panics.
#[test]
fn authenticated_arbitrary_plaintext_never_panics_and_is_never_called_altered() {
    let json = prop_oneof![
        // Random bytes.
        prop::collection::vec(any::<u8>(), 0..300),
        // Random JSON values.
        any_json().prop_map(|v| serde_json::to_vec(&v).unwrap()),
        // The ballot shape with hostile fields.
        (any::<u32>(), any::<u32>(), any::<u64>(), prop::sample::select(vec!['d', 's', 'r', 'x', '\u{0}']),
            prop::collection::vec(any::<u32>(), 0..40), prop::collection::vec(any::<u32>(), 0..40))
            .prop_map(|(r, f, c, k, g, v)| serde_json::to_vec(&Plain { r, f, c, k, g, v }).unwrap()),
    ];
    run_counted("authenticated plaintext (by outcome)", 1000, (json, any::<[u8; 12]>()), |(plain, nonce)| {
        let code = seal_plaintext(&key(ADA), TAG, ADA, invite_of(ADA), &plain, nonce);
        Ok(match open_ballot(&code, TAG, keys) {
            Ok(_) => "opened as a ballot",
            Err(CodeError::Unreadable(Unreadable::Shape)) => "unreadable: shape",
            Err(CodeError::Unreadable(Unreadable::Kind)) => "unreadable: kind",
            Err(CodeError::Unreadable(Unreadable::Unpaired { .. })) => "unreadable: unpaired",
            Err(CodeError::Unreadable(Unreadable::Duplicate(_))) => "unreadable: duplicate",
            Err(other) => return Err(TestCaseError::fail(format!("a genuine code was refused as {other:?}"))),
        })
    });
}

fn any_json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| Value::from(n)),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| Value::from(f)),
        "[a-z]{0,4}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(prop::sample::select(vec!["r", "f", "c", "k", "g", "v", "x"]), inner, 0..7)
                .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn invites_round_trip(goals in 0usize..60) {
        prop_assert_eq!(decode_invite(&encode_invite(&invite(goals))), Ok(invite(goals)));
    }
}
