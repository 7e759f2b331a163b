//! What the facilitator's window tells the presenter window (a projector), as text sent
//! over a BroadcastChannel. The presenter treats every message as untrusted input: the
//! workshop in it goes through `restore` like any file.

use serde::{Deserialize, Serialize};

use crate::domain::model::Workshop;
use crate::domain::wire::{restore, to_document, v1::WorkshopDoc};

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
}

impl ProjectorView {
    pub const ALL: [ProjectorView; 5] = [
        ProjectorView::Blank,
        ProjectorView::Strategy,
        ProjectorView::Tree,
        ProjectorView::Alignment,
        ProjectorView::Decisions,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ProjectorView::Blank => "Nothing (workshop name only)",
            ProjectorView::Strategy => "Strategy and objectives",
            ProjectorView::Tree => "The goal tree",
            ProjectorView::Alignment => "Alignment map and matrix",
            ProjectorView::Decisions => "The decision log",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            ProjectorView::Blank => "blank",
            ProjectorView::Strategy => "strategy",
            ProjectorView::Tree => "tree",
            ProjectorView::Alignment => "alignment",
            ProjectorView::Decisions => "decisions",
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
    Show { view: ProjectorView, title: String, workshop: Option<Box<Workshop>> },
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Wire {
    Hello,
    Show { view: ProjectorView, title: String, workshop: Option<Box<WorkshopDoc>> },
}

pub fn encode(message: &PresenterMessage) -> String {
    let wire = match message {
        PresenterMessage::Hello => Wire::Hello,
        PresenterMessage::Show { view, title, workshop } => {
            Wire::Show { view: *view, title: title.clone(), workshop: workshop.as_deref().map(|w| Box::new(to_document(w))) }
        }
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
        workshop: (view != ProjectorView::Blank)
            .then(|| Box::new(crate::domain::disclosure::disclosed(workshop).without_ballots())),
    }
}

pub fn decode(text: &str) -> Result<PresenterMessage, String> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let wire: Wire = serde_json::from_value(value).map_err(|e| e.to_string())?;
    Ok(match wire {
        Wire::Hello => PresenterMessage::Hello,
        Wire::Show { view, title, workshop } => {
            let workshop = match workshop {
                Some(doc) => {
                    let json = serde_json::to_vec(&doc).map_err(|e| e.to_string())?;
                    Some(Box::new(restore(&json).map_err(|e| e.to_string())?))
                }
                None => None,
            };
            PresenterMessage::Show { view, title, workshop }
        }
    })
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

    #[test]
    fn a_forged_message_is_refused_not_shown() {
        assert!(decode("{\"type\":\"show\",\"view\":\"tree\",\"title\":\"x\",\"workshop\":{\"format\":\"accord-workshop\",\"version\":9}}").is_err());
        assert!(decode("not json").is_err());
    }
}
