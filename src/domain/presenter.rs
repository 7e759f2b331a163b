//! What the facilitator's window tells the presenter window (a projector), as text sent
//! over a BroadcastChannel. The presenter treats every message as untrusted input: the
//! workshop in it goes through `restore` like any file.

use serde::{Deserialize, Serialize};

use crate::domain::codec::{decode_room, WorkshopKeys};
use crate::domain::disclosure;
use crate::domain::model::{GoalId, Workshop};
use crate::domain::room::room_fragment;
use crate::domain::voting::{Method, Round, RoundStatus, Secrecy};
use crate::domain::wire::{to_document, v1::WorkshopDoc};

/// What the projector shows; the facilitator picks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProjectorView {
    /// Nothing but the workshop's name (between activities).
    Blank,
    /// The strategy statement and the company objectives.
    Strategy,
    /// The whole goal tree.
    Tree,
    /// The alignment score, the gaps and the matrix.
    Alignment,
    /// The decision log.
    Decisions,
    /// The room: the join code, the open rounds' progress, then the revealed result.
    Room,
    /// The alignment map (the goal tree as a picture, with links and gaps).
    Map,
}

impl ProjectorView {
    pub const ALL: [ProjectorView; 7] = [
        ProjectorView::Blank,
        ProjectorView::Strategy,
        ProjectorView::Tree,
        ProjectorView::Alignment,
        ProjectorView::Decisions,
        ProjectorView::Room,
        ProjectorView::Map,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ProjectorView::Blank => "Nothing (workshop name only)",
            ProjectorView::Strategy => "Strategy and objectives",
            ProjectorView::Tree => "The goal tree",
            ProjectorView::Alignment => "Alignment score and matrix",
            ProjectorView::Decisions => "The decision log",
            ProjectorView::Room => "The room: join code, progress and results",
            ProjectorView::Map => "The alignment map (picture)",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            ProjectorView::Blank => "blank",
            ProjectorView::Strategy => "strategy",
            ProjectorView::Tree => "tree",
            ProjectorView::Alignment => "alignment",
            ProjectorView::Decisions => "decisions",
            ProjectorView::Room => "room",
            ProjectorView::Map => "map",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.slug() == slug)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum PresenterMessage {
    /// A presenter window has opened and wants the current picture.
    Hello,
    /// `room`: only for the room view (what it shows, worked out here, where the keys
    /// and the ballots are).
    Show { view: ProjectorView, title: String, workshop: Option<Box<Workshop>>, room: Option<Box<RoomPicture>> },
    /// The goal the facilitator has selected (or none): the projector's tree scrolls it
    /// into view and marks it. Sent apart from `Show`, so following a selection never
    /// resends the workshop.
    Focus { goal: Option<GoalId> },
}

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Wire {
    Hello,
    Show {
        view: ProjectorView,
        title: String,
        workshop: Option<Box<WorkshopDoc>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        room: Option<Box<RoomPicture>>,
    },
    Focus {
        goal: Option<String>,
    },
}

pub fn encode(message: &PresenterMessage) -> String {
    let wire = match message {
        PresenterMessage::Hello => Wire::Hello,
        PresenterMessage::Show { view, title, workshop, room } => Wire::Show {
            view: *view,
            title: title.clone(),
            workshop: workshop.as_deref().map(|w| Box::new(to_document(w))),
            room: room.clone(),
        },
        PresenterMessage::Focus { goal } => Wire::Focus { goal: goal.map(|g| g.to_string()) },
    };
    serde_json::to_string(&wire).expect("presenter messages serialise")
}

/// What to send for `view`: only what that view shows leaves the facilitator's window,
/// never a ballot, and nothing the disclosure policy withholds (no priority from a round
/// not yet revealed).
pub fn show(view: ProjectorView, workshop: &Workshop) -> PresenterMessage {
    PresenterMessage::Show {
        view,
        title: workshop.title.clone(),
        workshop: (!matches!(view, ProjectorView::Blank | ProjectorView::Room))
            .then(|| Box::new(crate::domain::disclosure::disclosed(workshop).without_ballots())),
        room: None,
    }
}

/// What to send for `view` when the facilitator's keys are at hand: the room view is
/// sent its `RoomPicture` (and no workshop); every other view as `show` sends it.
pub fn show_with_keys(view: ProjectorView, workshop: &Workshop, keys: &WorkshopKeys) -> PresenterMessage {
    match (show(view, workshop), view) {
        (PresenterMessage::Show { view, title, workshop: shown, .. }, ProjectorView::Room) => {
            PresenterMessage::Show { view, title, workshop: shown, room: Some(Box::new(room_picture(workshop, keys))) }
        }
        (message, _) => message,
    }
}

/// Whether `text` is a presenter window's hello (exactly when `decode` reads it as
/// `Hello`), read without the readers of the other messages, so the facilitator's page can
/// listen for presenters before it has fetched the code that answers them.
pub fn is_hello(text: &str) -> bool {
    crate::domain::wire::parse_json(text.as_bytes()).is_ok_and(|value| value.get("type").and_then(serde_json::Value::as_str) == Some("hello"))
}

/// Reads a message through the one door every file takes (`wire::parse_json`, then
/// `wire::deserialize_at` for its fields): the workshop in it is restored from its parsed
/// value like a file, never read as a typed copy first.
pub fn decode(text: &str) -> Result<PresenterMessage, String> {
    use crate::domain::wire::{deserialize_at, parse_json, restore_value};
    #[derive(Deserialize)]
    struct ShowFields {
        view: ProjectorView,
        title: String,
        #[serde(default)]
        room: Option<Box<RoomPicture>>,
    }
    #[derive(Deserialize)]
    struct FocusFields {
        #[serde(default)]
        goal: Option<String>,
    }
    let value = parse_json(text.as_bytes()).map_err(|e| e.to_string())?;
    Ok(match value.get("type").and_then(serde_json::Value::as_str) {
        Some("hello") => PresenterMessage::Hello,
        Some("show") => {
            let ShowFields { view, title, room } = deserialize_at(&value).map_err(|e| e.to_string())?;
            if let Some(room) = &room {
                room.check()?;
            }
            let workshop = match value.get("workshop") {
                None | Some(serde_json::Value::Null) => None,
                Some(doc) => Some(Box::new(restore_value(doc).map_err(|e| e.to_string())?)),
            };
            PresenterMessage::Show { view, title, workshop, room }
        }
        Some("focus") => {
            let FocusFields { goal } = deserialize_at(&value).map_err(|e| e.to_string())?;
            PresenterMessage::Focus { goal: goal.map(|g| GoalId::parse(&g).ok_or_else(|| format!("“{g}” is not a goal ID"))).transpose()? }
        }
        _ => return Err("not a message for the presenter (\"type\" is \"hello\", \"show\" or \"focus\")".into()),
    })
}

/// What the room view shows: the join code (for the open rounds) and where the room is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoomPicture {
    /// The room link's fragment (`room=ACR1.…`, public: the open rounds and the
    /// facilitator's public key); `None` when no round is open.
    pub fragment: Option<String>,
    pub stage: RoomStage,
}

/// Where the room is, read from the newest round that has been opened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "stage", rename_all = "snake_case")]
pub enum RoomStage {
    /// No round has been opened yet.
    Waiting,
    /// Rounds are open: each one's question and how many ballots are in.
    Voting { rounds: Vec<RoundProgress> },
    /// The newest round is closed and not yet revealed: no figure of it.
    Closed { name: String, ballots: usize },
    /// The newest round is revealed: its result, as the disclosure policy allows.
    Result(ResultPicture),
    /// The newest round is revealed but the policy withholds its result (and says why).
    Withheld { name: String, why: String },
}

/// One open round as the room sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoundProgress {
    pub round: u32,
    pub name: String,
    /// What the round asks, in words ("Rank the goals, most important first").
    pub question: String,
    /// Ballots in, out of the round's voters.
    pub cast: usize,
    pub of: usize,
    /// Who has voted, by name: only for a named round, never for an anonymous one.
    pub voted: Option<Vec<String>>,
    pub timer_minutes: Option<u32>,
}

/// A revealed round's result for the room: the order, ties tied, with each goal's figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultPicture {
    pub round: u32,
    pub name: String,
    /// What the figures are ("Dots", "Mean score", "Borda points").
    pub figure_name: String,
    pub ballots: usize,
    /// Best first; rows with the same `rank` are tied.
    pub rows: Vec<ResultRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultRow {
    /// Competition rank ("1, 2, 2, 4").
    pub rank: u32,
    pub title: String,
    pub figure: String,
    /// The bar's length, 0–1 (the figure over the largest figure).
    pub share: f64,
    /// Shares its rank with another goal.
    pub tied: bool,
}

impl ResultPicture {
    /// The goals sharing first place (more than one: a tie at the top).
    pub fn winners(&self) -> Vec<&str> {
        self.rows.iter().filter(|r| r.rank == 1).map(|r| r.title.as_str()).collect()
    }
}

impl RoomPicture {
    /// A picture that came over the channel is untrusted: its link must be a room link,
    /// its counts and bars must make sense.
    fn check(&self) -> Result<(), String> {
        if let Some(fragment) = &self.fragment {
            let code = fragment.strip_prefix("room=").ok_or("the room code is not a room link")?;
            decode_room(code).map_err(|e| e.to_string())?;
        }
        match &self.stage {
            RoomStage::Voting { rounds } => {
                if rounds.iter().any(|r| r.cast > r.of) {
                    return Err("more ballots than voters".into());
                }
            }
            RoomStage::Result(result) => {
                let mut last = 0;
                for row in &result.rows {
                    if !(0.0..=1.0).contains(&row.share) || row.rank == 0 || row.rank < last {
                        return Err("a result out of order".into());
                    }
                    last = row.rank;
                }
            }
            RoomStage::Waiting | RoomStage::Closed { .. } | RoomStage::Withheld { .. } => {}
        }
        Ok(())
    }
}

/// What a round asks, in words for the room.
pub fn question(method: Method) -> String {
    match method {
        Method::Dot { dots, cap: None } => format!("Spread {dots} dots over the goals that matter most"),
        Method::Dot { dots, cap: Some(cap) } => format!("Spread {dots} dots over the goals that matter most (at most {cap} on one goal)"),
        Method::Score { min, max } => format!("Score each goal from {min} to {max}"),
        Method::Ranked => "Rank the goals, most important first".into(),
    }
}

/// Each open round's progress: ballots in out of its voters, names only if it is named.
pub fn room_progress(w: &Workshop) -> Vec<RoundProgress> {
    w.rounds().filter(|r| r.status == RoundStatus::Open).map(|r| progress(w, r)).collect()
}

fn progress(w: &Workshop, r: &Round) -> RoundProgress {
    RoundProgress {
        round: r.id.0,
        name: r.name.clone(),
        question: question(r.method),
        cast: r.ballots.len(),
        of: w.participants().iter().filter(|p| r.is_voter(p.id)).count(),
        voted: (r.secrecy == Secrecy::Named)
            .then(|| w.participants().iter().filter(|p| r.ballots.contains_key(&p.id)).map(|p| p.name.clone()).collect()),
        timer_minutes: r.timer_minutes,
    }
}

/// The room view's picture of the workshop as it is now. The newest round that has
/// been opened decides the stage: open rounds show progress, a revealed one its result
/// through the disclosure policy, a closed one only that voting is closed.
pub fn room_picture(w: &Workshop, keys: &WorkshopKeys) -> RoomPicture {
    let fragment = room_fragment(w, keys).ok();
    let newest = w.rounds().filter(|r| r.status != RoundStatus::Draft).max_by_key(|r| r.id);
    let open = room_progress(w);
    let stage = match newest {
        None => RoomStage::Waiting,
        Some(r) if r.status == RoundStatus::Revealed => match disclosure::results(w, r) {
            Ok(shown) => {
                // The same order as the facilitator's results (ties listed by Borda points).
                let view = crate::domain::results_view::build(w, r, &shown, crate::domain::results_view::DEFAULT_GAP, &[]);
                let rows = view
                    .bars
                    .into_iter()
                    .map(|b| ResultRow { rank: b.rank, title: b.title, figure: b.figure, share: b.share, tied: b.tied })
                    .collect();
                RoomStage::Result(ResultPicture {
                    round: r.id.0,
                    name: r.name.clone(),
                    figure_name: view.figure_name.into(),
                    ballots: view.ballots,
                    rows,
                })
            }
            Err(why) => RoomStage::Withheld { name: r.name.clone(), why: why.to_string() },
        },
        Some(_) if !open.is_empty() => RoomStage::Voting { rounds: open },
        Some(r) => RoomStage::Closed { name: r.name.clone(), ballots: r.ballots.len() },
    };
    RoomPicture { fragment, stage }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::demo::demo_workshop;

    #[test]
    fn messages_survive_the_channel() {
        let demo = demo_workshop().unwrap();
        let message = show(ProjectorView::Tree, &demo);
        assert_eq!(decode(&encode(&message)), Ok(message));
        assert_eq!(decode(&encode(&PresenterMessage::Hello)), Ok(PresenterMessage::Hello));
    }

    #[test]
    fn a_hello_is_known_without_reading_the_other_messages() {
        let demo = demo_workshop().unwrap();
        let texts = [
            encode(&PresenterMessage::Hello),
            encode(&show(ProjectorView::Tree, &demo)),
            encode(&PresenterMessage::Focus { goal: None }),
            r#"{"type":"hello","extra":1}"#.to_string(),
            r#"{"type":"Hello"}"#.to_string(),
            r#"{"type":["hello"]}"#.to_string(),
            r#"{"type":"hello","type":"show"}"#.to_string(),
            r#"["hello"]"#.to_string(),
            r#""hello""#.to_string(),
            r#"{"type":"hello"} trailing"#.to_string(),
            String::new(),
        ];
        for text in texts {
            assert_eq!(is_hello(&text), decode(&text) == Ok(PresenterMessage::Hello), "{text}");
        }
        assert!(is_hello(&encode(&PresenterMessage::Hello)));
    }

    proptest::proptest! {
        #[test]
        fn is_hello_agrees_with_decode(text in r#"\{("type"|"kind"|"goal"|"view")?:?("hello"|"show"|"focus"|null|1|\[\])?,?("type":"hello")?\}?"#) {
            proptest::prop_assert_eq!(is_hello(&text), decode(&text) == Ok(PresenterMessage::Hello));
        }
    }

    #[test]
    fn a_blank_projector_is_sent_nothing_but_the_name() {
        let demo = demo_workshop().unwrap();
        let text = encode(&show(ProjectorView::Blank, &demo));
        assert!(!text.contains("strategy"), "{text}");
        assert!(matches!(decode(&text), Ok(PresenterMessage::Show { workshop: None, .. })));
    }

    #[test]
    fn the_projector_is_never_sent_a_ballot() {
        let demo = demo_workshop().unwrap();
        assert!(demo.rounds().any(|r| !r.ballots.is_empty()));
        let text = encode(&show(ProjectorView::Tree, &demo));
        assert!(!text.contains("\"ranking\""), "{text}");
        let Ok(PresenterMessage::Show { workshop: Some(shown), .. }) = decode(&text) else { panic!("decodes") };
        assert!(shown.rounds().all(|r| r.ballots.is_empty()));
    }

    use crate::domain::model::{NewRound, ParticipantId, RoundId};
    use crate::domain::time::Timestamp;
    use crate::domain::voting::{Ballot, Weighting};

    const KEYS: WorkshopKeys = WorkshopKeys::from_parts([42; 32], [9, 8, 7, 6, 5, 4, 3, 2]);
    const GOALS: [GoalId; 3] = [GoalId(5), GoalId(6), GoalId(7)];

    /// The demo with a new round over three goals, opened.
    fn with_open_round(method: Method, secrecy: Secrecy) -> (Workshop, RoundId) {
        let mut w = demo_workshop().unwrap();
        let new = w
            .new_round(NewRound { name: "Room vote".into(), method, goals: GOALS.to_vec(), secrecy, weighting: Weighting::Equal, timer_minutes: Some(5) })
            .unwrap();
        w.apply(new).unwrap();
        let id = w.rounds().map(|r| r.id).max().unwrap();
        w.apply(w.set_round_status(id, RoundStatus::Open).unwrap()).unwrap();
        (w, id)
    }

    fn cast(w: &mut Workshop, round: RoundId, who: u32, ballot: Ballot) {
        w.apply(w.cast(round, ParticipantId(who), ballot, Timestamp(1)).unwrap()).unwrap();
    }

    fn dots(pairs: &[(GoalId, u32)]) -> Ballot {
        Ballot::Dots(pairs.iter().copied().collect())
    }

    fn to(w: &mut Workshop, round: RoundId, status: RoundStatus) {
        w.apply(w.set_round_status(round, status).unwrap()).unwrap();
    }

    /// The picture as the presenter window receives it (through the channel's text).
    fn received(w: &Workshop) -> RoomPicture {
        let Ok(PresenterMessage::Show { workshop, room: Some(room), .. }) = decode(&encode(&show_with_keys(ProjectorView::Room, w, &KEYS))) else {
            panic!("the room view is sent a room picture")
        };
        assert!(workshop.is_none(), "the room view is sent no workshop");
        *room
    }

    #[test]
    fn the_room_view_carries_the_room_link_and_each_open_rounds_count() {
        let (mut w, id) = with_open_round(Method::Dot { dots: 3, cap: None }, Secrecy::Named);
        cast(&mut w, id, 1, dots(&[(GOALS[0], 3)]));
        let picture = received(&w);
        assert_eq!(picture.fragment, Some(room_fragment(&w, &KEYS).unwrap()));
        assert!(picture.fragment.as_deref().unwrap().starts_with("room=ACR1."));
        let RoomStage::Voting { rounds } = picture.stage else { panic!("voting: {:?}", picture.stage) };
        assert_eq!(rounds.len(), 1);
        assert_eq!((rounds[0].cast, rounds[0].of), (1, 12));
        assert_eq!(rounds[0].name, "Room vote");
        assert_eq!(rounds[0].question, "Spread 3 dots over the goals that matter most");
        assert_eq!(rounds[0].voted.as_deref(), Some(&[w.participant(ParticipantId(1)).unwrap().name.clone()][..]));
        assert_eq!(rounds[0].timer_minutes, Some(5));
        // Other views are sent no room picture; the room view is not what `show` sends it.
        assert!(matches!(show_with_keys(ProjectorView::Tree, &w, &KEYS), PresenterMessage::Show { room: None, workshop: Some(_), .. }));
        assert_eq!(ProjectorView::from_slug("room"), Some(ProjectorView::Room));
    }

    #[test]
    fn an_anonymous_round_never_names_who_has_voted() {
        let (mut w, id) = with_open_round(Method::Ranked, Secrecy::Anonymous);
        cast(&mut w, id, 1, Ballot::Ranking(GOALS.to_vec()));
        let name = w.participant(ParticipantId(1)).unwrap().name.clone();
        let text = encode(&show_with_keys(ProjectorView::Room, &w, &KEYS));
        assert!(!text.contains(&name), "{text}");
        let RoomStage::Voting { rounds } = received(&w).stage else { panic!("voting") };
        assert_eq!((rounds[0].cast, rounds[0].voted.clone()), (1, None));
    }

    #[test]
    fn a_closed_round_shows_no_figure_and_a_revealed_one_its_result_with_ties_tied() {
        let (mut w, id) = with_open_round(Method::Dot { dots: 3, cap: None }, Secrecy::Named);
        // Two goals tie at the top, the third has nothing.
        cast(&mut w, id, 1, dots(&[(GOALS[0], 3)]));
        cast(&mut w, id, 2, dots(&[(GOALS[1], 3)]));
        to(&mut w, id, RoundStatus::Closed);
        assert_eq!(received(&w).stage, RoomStage::Closed { name: "Room vote".into(), ballots: 2 });
        assert_eq!(received(&w).fragment, None, "no round open, no join code");
        to(&mut w, id, RoundStatus::Revealed);
        let RoomStage::Result(result) = received(&w).stage else { panic!("a result") };
        let title = |g: GoalId| w.goal(g).unwrap().title.clone();
        assert_eq!(result.winners().len(), 2, "{result:?}");
        assert_eq!(result.rows.iter().map(|r| (r.rank, r.tied, r.figure.as_str())).collect::<Vec<_>>(), [(1, true, "3"), (1, true, "3"), (3, false, "0")]);
        assert_eq!(result.rows[2].title, title(GOALS[2]));
        assert_eq!((result.rows[0].share, result.rows[2].share), (1.0, 0.0));
        assert_eq!((result.ballots, result.figure_name.as_str()), (2, "Dots"));
    }

    #[test]
    fn a_newer_open_round_replaces_the_result_and_a_withheld_one_says_why() {
        let (mut w, id) = with_open_round(Method::Ranked, Secrecy::Anonymous);
        cast(&mut w, id, 1, Ballot::Ranking(GOALS.to_vec()));
        cast(&mut w, id, 2, Ballot::Ranking(GOALS.to_vec()));
        to(&mut w, id, RoundStatus::Closed);
        to(&mut w, id, RoundStatus::Revealed);
        // Two anonymous ballots: the policy withholds the result, and so does the room.
        let RoomStage::Withheld { why, .. } = received(&w).stage else { panic!("withheld") };
        assert!(why.contains("withheld"), "{why}");
        // The runoff opens: the room is back to joining and counting.
        let new = w
            .new_round(NewRound { name: "Runoff".into(), method: Method::Ranked, goals: GOALS[..2].to_vec(), secrecy: Secrecy::Named, weighting: Weighting::Equal, timer_minutes: None })
            .unwrap();
        w.apply(new).unwrap();
        let runoff = w.rounds().map(|r| r.id).max().unwrap();
        to(&mut w, runoff, RoundStatus::Open);
        let picture = received(&w);
        let RoomStage::Voting { rounds } = picture.stage else { panic!("voting") };
        assert_eq!(rounds.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["Runoff"]);
        assert_eq!(picture.fragment, Some(room_fragment(&w, &KEYS).unwrap()));
    }

    #[test]
    fn a_forged_room_picture_is_refused() {
        let (mut w, id) = with_open_round(Method::Dot { dots: 3, cap: None }, Secrecy::Named);
        cast(&mut w, id, 1, dots(&[(GOALS[0], 3)]));
        let good = encode(&show_with_keys(ProjectorView::Room, &w, &KEYS));
        let fragment = room_fragment(&w, &KEYS).unwrap();
        for forged in [
            good.replace(&fragment, "room=ACR1.NOTAROOM"),
            good.replace(&fragment, "invite=ACI1.abc"),
            good.replace("\"cast\":1", "\"cast\":13"),
        ] {
            assert_ne!(forged, good);
            assert!(decode(&forged).is_err(), "{forged}");
        }
        to(&mut w, id, RoundStatus::Closed);
        to(&mut w, id, RoundStatus::Revealed);
        let good = encode(&show_with_keys(ProjectorView::Room, &w, &KEYS));
        for forged in [good.replace("\"share\":1.0", "\"share\":2.0"), good.replace("\"rank\":1,", "\"rank\":0,")] {
            assert_ne!(forged, good);
            assert!(decode(&forged).is_err(), "{forged}");
        }
    }

    #[test]
    fn a_message_with_a_key_written_twice_is_refused_like_a_file() {
        let demo = demo_workshop().unwrap();
        let text = encode(&show(ProjectorView::Tree, &demo));
        let twice = text.replacen("\"title\":", "\"title\":\"Forged\",\"title\":", 1);
        assert_ne!(twice, text);
        let refused = decode(&twice).unwrap_err();
        assert!(refused.contains("$.title") && refused.contains("written twice"), "{refused}");
    }

    #[test]
    fn a_forged_message_is_refused_not_shown() {
        assert!(decode("{\"type\":\"show\",\"view\":\"tree\",\"title\":\"x\",\"workshop\":{\"format\":\"accord-workshop\",\"version\":9}}").is_err());
        assert!(decode("not json").is_err());
    }

    #[test]
    fn the_facilitators_selection_is_sent_as_a_goal_id_and_a_forged_one_refused() {
        for goal in [Some(GoalId(12)), None] {
            let message = PresenterMessage::Focus { goal };
            assert_eq!(decode(&encode(&message)), Ok(message));
        }
        assert_eq!(encode(&PresenterMessage::Focus { goal: Some(GoalId(12)) }), r#"{"type":"focus","goal":"g12"}"#);
        for forged in [r#"{"type":"focus","goal":"g012"}"#, r#"{"type":"focus","goal":"<b>g1</b>"}"#, r#"{"type":"focus","goal":12}"#] {
            assert!(decode(forged).is_err(), "{forged}");
        }
    }
}
