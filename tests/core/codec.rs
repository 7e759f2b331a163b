//! Invites and ballot codes: round trips, tampering, foreign codes, forgeries, and no
//! panic on any input.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use accord::domain::codec::{
    decode_invite, encode_invite, open_ballot, participant_key, seal_ballot, BallotContent, CodeError, Invite, InviteGoal,
    InviteRound, WorkshopSecret, WorkshopTag,
};
use accord::domain::model::{GoalId, ParticipantId, RoundId};
use accord::domain::voting::Ballot;
use accord::domain::wire::v1::MethodDoc;
use proptest::prelude::*;

const SECRET: WorkshopSecret = WorkshopSecret([7; 32]);
const TAG: WorkshopTag = WorkshopTag([1, 2, 3, 4, 5, 6, 7, 8]);
const ADA: ParticipantId = ParticipantId(3);

fn keys(p: ParticipantId) -> Option<accord::domain::codec::ParticipantKey> {
    (p.0 <= 12).then(|| participant_key(&SECRET, TAG, p))
}

fn ranked(goals: &[u32]) -> BallotContent {
    BallotContent { round: RoundId(1), fingerprint: 77, ballot: Ballot::Ranking(goals.iter().map(|g| GoalId(*g)).collect()), sequence: 1_795_772_096_000 }
}

fn any_content() -> impl Strategy<Value = BallotContent> {
    let marks = prop::collection::btree_map(1u32..500, 0u32..100, 0..30);
    (
        1u32..50,
        any::<u32>(),
        any::<i64>(),
        prop_oneof![
            marks.clone().prop_map(|m| Ballot::Dots(m.into_iter().map(|(g, v)| (GoalId(g), v)).collect())),
            marks.prop_map(|m| Ballot::Scores(m.into_iter().map(|(g, v)| (GoalId(g), v)).collect())),
            prop::collection::vec(1u32..500, 0..30).prop_map(|v| Ballot::Ranking(v.into_iter().map(GoalId).collect())),
        ],
    )
        .prop_map(|(r, f, s, ballot)| BallotContent { round: RoundId(r), fingerprint: f, ballot, sequence: s })
}

#[test]
fn a_ranked_ballot_over_30_goals_fits_one_qr_code() {
    let goals: Vec<u32> = (1..=30).collect();
    let code = seal_ballot(&participant_key(&SECRET, TAG, ADA), TAG, ADA, &ranked(&goals), [9; 12]);
    // A version-40 QR code holds 2,953 bytes (binary, low error correction); 1,273 at the
    // high-correction level 'Q' we aim for.
    assert!(code.len() < 400, "{} characters", code.len());
}

#[test]
fn every_single_byte_alteration_is_rejected() {
    let code = seal_ballot(&participant_key(&SECRET, TAG, ADA), TAG, ADA, &ranked(&[5, 6, 7]), [9; 12]);
    let bytes = URL_SAFE_NO_PAD.decode(code.strip_prefix("ACB1.").unwrap()).unwrap();
    for at in 0..bytes.len() {
        for flip in [0x01u8, 0x80, 0xff] {
            let mut altered = bytes.clone();
            altered[at] ^= flip;
            let text = format!("ACB1.{}", URL_SAFE_NO_PAD.encode(&altered));
            assert!(open_ballot(&text, TAG, keys).is_err(), "byte {at} ^ {flip:#x} was accepted");
        }
    }
    assert_eq!(open_ballot(&code, TAG, keys).unwrap(), (ADA, ranked(&[5, 6, 7])));
}

#[test]
fn foreign_forged_and_truncated_codes_are_refused_with_their_reason() {
    let content = ranked(&[5, 6]);
    let other_tag = WorkshopTag([9; 8]);
    let foreign = seal_ballot(&participant_key(&SECRET, other_tag, ADA), other_tag, ADA, &content, [1; 12]);
    assert_eq!(open_ballot(&foreign, TAG, keys), Err(CodeError::OtherWorkshop));
    // Ada tries to vote as participant 4 with her own key.
    let forged = seal_ballot(&participant_key(&SECRET, TAG, ADA), TAG, ParticipantId(4), &content, [1; 12]);
    assert_eq!(open_ballot(&forged, TAG, keys), Err(CodeError::Altered));
    // Someone without an invite guesses a secret.
    let guessed = seal_ballot(&participant_key(&WorkshopSecret([8; 32]), TAG, ADA), TAG, ADA, &content, [1; 12]);
    assert_eq!(open_ballot(&guessed, TAG, keys), Err(CodeError::Altered));
    let stranger = seal_ballot(&participant_key(&SECRET, TAG, ParticipantId(99)), TAG, ParticipantId(99), &content, [1; 12]);
    assert_eq!(open_ballot(&stranger, TAG, keys), Err(CodeError::UnknownParticipant(ParticipantId(99))));
    let good = seal_ballot(&participant_key(&SECRET, TAG, ADA), TAG, ADA, &content, [1; 12]);
    // Cut off in a chat: either no longer base64 ("cut off") or failing authentication.
    // Which of the two depends on the cut length modulo 4; both kinds must occur.
    let cuts: Vec<CodeError> = (1..=8).map(|cut| open_ballot(&good[..good.len() - cut], TAG, keys).unwrap_err()).collect();
    assert!(cuts.iter().all(|e| matches!(e, CodeError::NotACode | CodeError::Altered)), "{cuts:?}");
    assert!(cuts.contains(&CodeError::NotACode) && cuts.contains(&CodeError::Altered), "{cuts:?}");
    assert_eq!(open_ballot("hello", TAG, keys), Err(CodeError::NotACode));
    assert_eq!(open_ballot(&format!("  {good}\n"), TAG, keys).map(|(p, _)| p), Ok(ADA), "whitespace from a chat is fine");
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
        key: participant_key(&SECRET, TAG, ADA).0,
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn sealed_ballots_open_to_what_was_sealed(content in any_content(), nonce in any::<[u8; 12]>(), p in 1u32..=12) {
        let who = ParticipantId(p);
        let code = seal_ballot(&participant_key(&SECRET, TAG, who), TAG, who, &content, nonce);
        prop_assert_eq!(open_ballot(&code, TAG, keys), Ok((who, content)));
    }

    #[test]
    fn no_input_panics_the_decoders(text in "\\PC{0,400}", bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = open_ballot(&text, TAG, keys);
        let _ = decode_invite(&text);
        let _ = open_ballot(&format!("ACB1.{}", URL_SAFE_NO_PAD.encode(&bytes)), TAG, keys);
        let _ = decode_invite(&format!("ACI1.{}", URL_SAFE_NO_PAD.encode(&bytes)));
    }

    #[test]
    fn invites_round_trip(goals in 0usize..60) {
        prop_assert_eq!(decode_invite(&encode_invite(&invite(goals))), Ok(invite(goals)));
    }
}
