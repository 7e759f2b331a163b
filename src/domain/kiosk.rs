//! The pass-the-device kiosk: while people vote in turn on the facilitator's device, the
//! screen shows one ballot and nothing else, and only a deliberate facilitator action ends
//! it. Pure: what the kiosk remembers across a reload (its mark), what it shows for the
//! workshop as it is, and the names on its pick list.
//!
//! The mark is kept by the browser edge for the tab (sessionStorage), so a reload (F5, or
//! a voter going Back past the app and Forward again) comes back to the kiosk, not to the
//! facilitator's screens. Reading it fails closed: any mark at all keeps the kiosk up, and
//! a mark that cannot be read (or names another workshop, or a round that is gone or no
//! longer open) shows "hand the device back" until the facilitator ends it.

use super::model::{ParticipantId, RoundId, Workshop, WorkshopId};
use super::voting::{Round, RoundStatus, Source};

/// The prefix of a kiosk mark (and its version).
const MARK: &str = "accord-kiosk/1";

/// What the kiosk remembers: the workshop and round people are voting in. A field that
/// could not be read is `None` (the kiosk stays up, and takes no ballots).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KioskMark {
    pub workshop: Option<WorkshopId>,
    pub round: Option<RoundId>,
}

impl KioskMark {
    pub fn new(workshop: WorkshopId, round: RoundId) -> KioskMark {
        KioskMark { workshop: Some(workshop), round: Some(round) }
    }

    /// The stored form: `accord-kiosk/1 <workshop> <round>`.
    pub fn encode(&self) -> String {
        let field = |f: Option<String>| f.unwrap_or_else(|| "-".into());
        format!("{MARK} {} {}", field(self.workshop.map(|w| w.to_string())), field(self.round.map(|r| r.to_string())))
    }

    /// Reads a stored mark. Never fails: whatever is there keeps the kiosk up, so a damaged
    /// or altered mark cannot drop the kiosk and show the facilitator's screens.
    pub fn decode(stored: &str) -> KioskMark {
        let mut parts = stored.split(' ');
        if parts.next() != Some(MARK) {
            return KioskMark { workshop: None, round: None };
        }
        let workshop = parts.next().and_then(WorkshopId::parse);
        let round = parts.next().and_then(RoundId::parse);
        if parts.next().is_some() {
            return KioskMark { workshop: None, round: None };
        }
        KioskMark { workshop, round }
    }
}

/// What the kiosk shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KioskView {
    /// The ballot of this open round (pick your name, vote, "Done — pass it on").
    Vote { round: RoundId, name: String },
    /// No ballot can be cast here now; the device goes back to the facilitator.
    HandBack(HandBack),
}

/// Why the kiosk takes no ballot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandBack {
    /// The round is no longer open for voting (closed, revealed, or set back to draft).
    NotOpen,
    /// The round is not in the open workshop (removed, another workshop open, or a mark
    /// that could not be read).
    NoRound,
}

impl std::fmt::Display for HandBack {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            HandBack::NotOpen => "Voting in this round is not open any more, so this device takes no ballots. Please hand it back to the facilitator.",
            HandBack::NoRound => "This device is not taking ballots now. Please hand it back to the facilitator.",
        })
    }
}

/// What the kiosk shows for `mark`, with `workshop` open as `current`.
pub fn kiosk_view(mark: &KioskMark, current: Option<WorkshopId>, workshop: Option<&Workshop>) -> KioskView {
    let round = match (mark.workshop, mark.round, workshop) {
        (Some(w), Some(r), Some(open)) if Some(w) == current => open.round(r),
        _ => None,
    };
    match round {
        Some(r) if r.status == RoundStatus::Open => KioskView::Vote { round: r.id, name: r.name.clone() },
        Some(_) => KioskView::HandBack(HandBack::NotOpen),
        None => KioskView::HandBack(HandBack::NoRound),
    }
}

/// What the pick list says beside a name: exactly what the pass-the-device list has always
/// said, and nothing more (in particular, never whether a ballot cast here was then held
/// for the facilitator's choice).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickNote {
    /// Not voted yet.
    NotYet,
    /// Voted on this device; voting again replaces that ballot.
    VotedHere,
    /// Voted from their own device; a ballot here too is the facilitator's choice.
    VotedElsewhere,
}

impl PickNote {
    /// The words after the name on the pick button.
    pub fn suffix(self) -> &'static str {
        match self {
            PickNote::NotYet => "",
            PickNote::VotedHere => " (voted; voting again replaces your ballot)",
            PickNote::VotedElsewhere => " (voted on your own phone or laptop; vote here too and the facilitator chooses which counts)",
        }
    }
}

/// The names on the kiosk's pick list: the round's voters (the electorate fixed when it
/// opened, observers left out), in the participants' order, each with its note.
/// `participants` is (ID, name) in the workshop's order.
pub fn pick_list<'a>(round: &Round, participants: impl IntoIterator<Item = (ParticipantId, &'a str)>) -> Vec<(ParticipantId, String, PickNote)> {
    participants
        .into_iter()
        .filter(|(p, _)| round.is_voter(*p))
        .map(|(p, name)| {
            let note = match round.ballots.get(&p).map(|c| c.source) {
                None => PickNote::NotYet,
                Some(Source::ThisDevice) => PickNote::VotedHere,
                // Whether a ballot cast here since was held or not, the note stays the
                // same: the room learns nothing.
                Some(Source::Code { .. } | Source::Room { .. }) => PickNote::VotedElsewhere,
            };
            (p, name.to_string(), note)
        })
        .collect()
}

/// The kiosk's pick list for round `id` of `w` (empty if there is no such round).
pub fn picks(w: &Workshop, id: RoundId) -> Vec<(ParticipantId, String, PickNote)> {
    match w.round(id) {
        Some(round) => pick_list(round, w.participants().iter().map(|p| (p.id, p.name.as_str()))),
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::demo::demo_workshop;
    use crate::domain::model::{InviteId, NewRound};
    use crate::domain::time::Timestamp;
    use crate::domain::voting::{Ballot, Cast, Method, Secrecy, Weighting};

    const NOW: Timestamp = Timestamp(1_800_000_000_000);

    /// The demo with a new ranked round over its first three goals, opened.
    fn with_open_round() -> (Workshop, RoundId) {
        let mut w = demo_workshop().expect("the demo loads");
        let goals = w.goals().iter().take(3).map(|g| g.id).collect();
        let new = NewRound {
            name: "Kiosk round".into(),
            method: Method::Ranked,
            goals,
            secrecy: Secrecy::Named,
            weighting: Weighting::Equal,
            timer_minutes: None,
        };
        let edit = w.new_round(new).expect("a new round");
        w.apply(edit).expect("applied");
        let id = w.rounds().last().expect("the round").id;
        let open = w.set_round_status(id, RoundStatus::Open).expect("opens");
        w.apply(open).expect("applied");
        (w, id)
    }

    #[test]
    fn a_mark_reads_back_and_anything_else_still_keeps_the_kiosk_up() {
        let mark = KioskMark::new(WorkshopId(0x0123_4567_89ab_cdef), RoundId(7));
        assert_eq!(KioskMark::decode(&mark.encode()), mark);
        let blind = KioskMark { workshop: None, round: None };
        for stored in ["", "1", "accord-kiosk/2 0123456789abcdef r7", "{\"round\":\"r7\"}", format!("{} extra", mark.encode()).as_str()] {
            assert_eq!(KioskMark::decode(stored), blind, "{stored:?}");
        }
        // A damaged field is unread, not a reason to drop the kiosk.
        assert_eq!(KioskMark::decode("accord-kiosk/1 0123456789abcdef x7").round, None);
        assert_eq!(KioskMark::decode("accord-kiosk/1 nothex r7"), KioskMark { workshop: None, round: Some(RoundId(7)) });
    }

    #[test]
    fn the_kiosk_takes_ballots_only_for_its_open_round_in_its_workshop() {
        let (w, id) = with_open_round();
        let here = WorkshopId(42);
        let mark = KioskMark::new(here, id);
        assert_eq!(kiosk_view(&mark, Some(here), Some(&w)), KioskView::Vote { round: id, name: "Kiosk round".into() });
        // Another workshop open, no workshop, an unreadable mark: nothing to vote in.
        assert_eq!(kiosk_view(&mark, Some(WorkshopId(43)), Some(&w)), KioskView::HandBack(HandBack::NoRound));
        assert_eq!(kiosk_view(&mark, Some(here), None), KioskView::HandBack(HandBack::NoRound));
        assert_eq!(kiosk_view(&KioskMark::decode("junk"), Some(here), Some(&w)), KioskView::HandBack(HandBack::NoRound));
        assert_eq!(kiosk_view(&KioskMark::new(here, RoundId(999)), Some(here), Some(&w)), KioskView::HandBack(HandBack::NoRound));
        // Closed (or revealed, as the demo's round is): hand the device back.
        let closed = w.set_round_status(id, RoundStatus::Closed).expect("closes");
        let mut after = w.clone();
        after.apply(closed).expect("applied");
        assert_eq!(kiosk_view(&mark, Some(here), Some(&after)), KioskView::HandBack(HandBack::NotOpen));
        let revealed = w.rounds().find(|r| r.status == RoundStatus::Revealed).expect("the demo has a revealed round").id;
        assert_eq!(kiosk_view(&KioskMark::new(here, revealed), Some(here), Some(&w)), KioskView::HandBack(HandBack::NotOpen));
    }

    #[test]
    fn the_pick_list_names_the_voters_and_never_says_a_ballot_was_held() {
        let (w, id) = with_open_round();
        let people: Vec<(ParticipantId, String)> = w.participants().iter().map(|p| (p.id, p.name.clone())).collect();
        let list = |r: &Round| pick_list(r, people.iter().map(|(p, n)| (*p, n.as_str())));
        let mut round = w.round(id).expect("the round").clone();
        let [a, b, c, d, ..] = people.iter().map(|(p, _)| *p).collect::<Vec<_>>()[..] else { panic!("the demo has people") };
        let ballot = Ballot::Ranking(round.goals.clone());
        round.ballots.insert(a, Cast { ballot: ballot.clone(), at: Some(NOW), source: Source::ThisDevice });
        round.ballots.insert(b, Cast { ballot: ballot.clone(), at: Some(NOW), source: Source::Code { invite: InviteId(1), counter: 1 } });
        round.observers.insert(c);
        round.electorate.as_mut().expect("fixed on opening").remove(&d);
        let picks = list(&round);
        assert_eq!(picks.len(), people.len() - 2, "observers and people added later are not offered the device");
        assert!(picks.iter().all(|(p, _, _)| *p != c && *p != d));
        let note = |p: ParticipantId| picks.iter().find(|x| x.0 == p).map(|x| x.2);
        assert_eq!(note(a), Some(PickNote::VotedHere));
        assert_eq!(note(b), Some(PickNote::VotedElsewhere));
        assert!(picks.iter().filter(|x| x.0 != a && x.0 != b).all(|x| x.2 == PickNote::NotYet));
        // B then votes here with a different ballot, which is held: the list is unchanged.
        let mut held = round.clone();
        held.held.insert(b, Cast { ballot: Ballot::Ranking(round.goals.iter().rev().copied().collect()), at: Some(NOW), source: Source::ThisDevice });
        assert_eq!(list(&held), picks);
        assert_eq!(PickNote::VotedElsewhere.suffix(), " (voted on your own phone or laptop; vote here too and the facilitator chooses which counts)");
    }
}
