//! The app's commands as registered actions, after Excalidraw's actions: one list, each
//! action with its name, its keyboard shortcuts and a condition over the app's situation
//! saying when it applies. The header's buttons, menus and the global key handler all ask
//! this list, so a key can never do what the button beside it refuses (Ctrl+Z while people
//! vote on this device is the case that matters: a cast ballot is secret and stays cast).
//!
//! Pure: the UI describes its situation as a plain value and a key press as a plain value.

use std::fmt;

/// The workshop's phases, one screen each (the phase lives in the URL fragment).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Phase {
    #[default]
    Define,
    Align,
    Prioritise,
    Resolve,
    Export,
}

impl Phase {
    pub const ALL: [Phase; 5] = [Phase::Define, Phase::Align, Phase::Prioritise, Phase::Resolve, Phase::Export];

    pub fn slug(self) -> &'static str {
        match self {
            Phase::Define => "define",
            Phase::Align => "align",
            Phase::Prioritise => "prioritise",
            Phase::Resolve => "resolve",
            Phase::Export => "export",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Phase::Define => "Define",
            Phase::Align => "Align",
            Phase::Prioritise => "Prioritise",
            Phase::Resolve => "Resolve",
            Phase::Export => "Export",
        }
    }

    pub fn from_hash(hash: &str) -> Phase {
        let slug = hash.trim_start_matches('#').trim_start_matches('/');
        Phase::ALL.into_iter().find(|p| p.slug() == slug).unwrap_or(Phase::Define)
    }
}

/// What the app is doing when an action is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Situation {
    pub phase: Phase,
    /// People are voting in turn on this device (pass-the-device is open).
    pub passing_device: bool,
    /// The keyboard focus is in a text field, whose own undo of the typing comes first.
    pub in_text_field: bool,
    /// Another tab edits this workshop; this tab only follows it.
    pub read_only: bool,
    /// Whether there is a change to undo, and one to redo.
    pub can_undo: bool,
    pub can_redo: bool,
}

/// Every action the app registers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActionId {
    Undo,
    Redo,
    /// Opens or closes the workshop library (the header's *Workshops* button).
    Library,
    /// Takes one person's ballot out of an open round (asks first; on the round's record).
    RemoveBallot,
}

/// Why an action does not apply now, in words for the facilitator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unavailable {
    /// Pass-the-device is open: nothing may reach back into the ballots being cast.
    PassingDevice,
    ReadOnly,
    NothingToUndo,
    NothingToRedo,
    /// A key pressed in a text field belongs to the field.
    InTextField,
}

impl fmt::Display for Unavailable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Unavailable::PassingDevice => {
                "Undo, redo, the library and removing ballots are off while people vote on this device; the facilitator ends that first (Facilitator → End voting here). A cast ballot is never undone."
            }
            Unavailable::ReadOnly => "This workshop is being edited in another tab, so this tab only follows it.",
            Unavailable::NothingToUndo => "Nothing to undo",
            Unavailable::NothingToRedo => "Nothing to redo",
            Unavailable::InTextField => "The text field handles this key itself.",
        })
    }
}

/// A key combination. `command` is Ctrl, or Cmd on a Mac (either works everywhere).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shortcut {
    pub command: bool,
    pub shift: bool,
    /// The key, lower case (`KeyboardEvent.key`).
    pub key: &'static str,
}

impl Shortcut {
    const fn command(key: &'static str, shift: bool) -> Shortcut {
        Shortcut { command: true, shift, key }
    }

    /// As shown in a button's title: "Ctrl+Shift+Z".
    pub fn label(&self) -> String {
        let mut label = String::new();
        if self.command {
            label.push_str("Ctrl+");
        }
        if self.shift {
            label.push_str("Shift+");
        }
        label.push_str(&self.key.to_uppercase());
        label
    }

    pub fn matches(&self, press: &KeyPress) -> bool {
        !press.alt && self.command == (press.ctrl || press.meta) && self.shift == press.shift && press.key.to_lowercase() == self.key
    }
}

/// A key press as the browser reports it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KeyPress {
    pub key: String,
    pub ctrl: bool,
    pub meta: bool,
    pub shift: bool,
    pub alt: bool,
}

/// One registered action.
#[derive(Debug, Clone, Copy)]
pub struct Action {
    pub id: ActionId,
    /// The button's text.
    pub name: &'static str,
    pub shortcuts: &'static [Shortcut],
    /// Whether a key press in a text field is the field's own (the action then lets it be).
    pub leaves_text_fields_alone: bool,
    refusal: fn(&Situation) -> Option<Unavailable>,
}

impl Action {
    /// Why the action does not apply in `situation`, or `None` if it does.
    pub fn unavailable(&self, situation: &Situation) -> Option<Unavailable> {
        (self.refusal)(situation)
    }

    pub fn applies(&self, situation: &Situation) -> bool {
        self.unavailable(situation).is_none()
    }

    /// "Ctrl+Z" (the first shortcut), for titles.
    pub fn shortcut_label(&self) -> Option<String> {
        self.shortcuts.first().map(Shortcut::label)
    }
}

fn undo_refusal(s: &Situation) -> Option<Unavailable> {
    if s.passing_device {
        Some(Unavailable::PassingDevice)
    } else if s.read_only {
        Some(Unavailable::ReadOnly)
    } else if !s.can_undo {
        Some(Unavailable::NothingToUndo)
    } else {
        None
    }
}

fn redo_refusal(s: &Situation) -> Option<Unavailable> {
    if s.passing_device {
        Some(Unavailable::PassingDevice)
    } else if s.read_only {
        Some(Unavailable::ReadOnly)
    } else if !s.can_redo {
        Some(Unavailable::NothingToRedo)
    } else {
        None
    }
}

fn library_refusal(s: &Situation) -> Option<Unavailable> {
    s.passing_device.then_some(Unavailable::PassingDevice)
}

fn remove_ballot_refusal(s: &Situation) -> Option<Unavailable> {
    if s.passing_device {
        Some(Unavailable::PassingDevice)
    } else if s.read_only {
        Some(Unavailable::ReadOnly)
    } else {
        None
    }
}

/// The registry: every action, its shortcuts and its condition.
pub const ACTIONS: [Action; 4] = [
    Action {
        id: ActionId::Undo,
        name: "Undo",
        shortcuts: &[Shortcut::command("z", false)],
        leaves_text_fields_alone: true,
        refusal: undo_refusal,
    },
    Action {
        id: ActionId::Redo,
        name: "Redo",
        shortcuts: &[Shortcut::command("z", true), Shortcut::command("y", false)],
        leaves_text_fields_alone: true,
        refusal: redo_refusal,
    },
    Action { id: ActionId::Library, name: "Workshops", shortcuts: &[], leaves_text_fields_alone: true, refusal: library_refusal },
    Action {
        id: ActionId::RemoveBallot,
        name: "Remove a ballot",
        shortcuts: &[],
        leaves_text_fields_alone: true,
        refusal: remove_ballot_refusal,
    },
];

pub fn action(id: ActionId) -> &'static Action {
    ACTIONS.iter().find(|a| a.id == id).expect("every action is registered")
}

/// What a key press does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyOutcome {
    /// No action has this shortcut, or the press belongs to a text field: the browser's.
    NotOurs,
    /// Run the action (and keep the browser from doing anything else with the key).
    Run(ActionId),
    /// The key is an action's, which does not apply now: nothing happens (the browser
    /// does nothing with it either).
    Refused(ActionId, Unavailable),
}

/// The action a key press asks for, and whether it applies in `situation`.
pub fn for_key(press: &KeyPress, situation: &Situation) -> KeyOutcome {
    let Some(action) = ACTIONS.iter().find(|a| a.shortcuts.iter().any(|s| s.matches(press))) else {
        return KeyOutcome::NotOurs;
    };
    if situation.in_text_field && action.leaves_text_fields_alone {
        return KeyOutcome::NotOurs;
    }
    match action.unavailable(situation) {
        None => KeyOutcome::Run(action.id),
        Some(why) => KeyOutcome::Refused(action.id, why),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(key: &str, ctrl: bool, shift: bool) -> KeyPress {
        KeyPress { key: key.into(), ctrl, shift, ..KeyPress::default() }
    }

    const EDITING: Situation = Situation {
        phase: Phase::Align,
        passing_device: false,
        in_text_field: false,
        read_only: false,
        can_undo: true,
        can_redo: true,
    };

    #[test]
    fn the_shortcuts_run_their_actions_when_editing() {
        assert_eq!(for_key(&press("z", true, false), &EDITING), KeyOutcome::Run(ActionId::Undo));
        assert_eq!(for_key(&press("Z", true, true), &EDITING), KeyOutcome::Run(ActionId::Redo));
        assert_eq!(for_key(&press("y", true, false), &EDITING), KeyOutcome::Run(ActionId::Redo));
        let mac = KeyPress { key: "z".into(), meta: true, ..KeyPress::default() };
        assert_eq!(for_key(&mac, &EDITING), KeyOutcome::Run(ActionId::Undo));
        assert_eq!(for_key(&press("z", false, false), &EDITING), KeyOutcome::NotOurs);
        let alt = KeyPress { alt: true, ..press("z", true, false) };
        assert_eq!(for_key(&alt, &EDITING), KeyOutcome::NotOurs);
        assert_eq!(for_key(&press("y", true, true), &EDITING), KeyOutcome::NotOurs);
    }

    #[test]
    fn nothing_undoes_or_redoes_while_people_vote_on_this_device() {
        let voting = Situation { passing_device: true, phase: Phase::Prioritise, ..EDITING };
        for key in [press("z", true, false), press("z", true, true), press("y", true, false)] {
            assert!(matches!(for_key(&key, &voting), KeyOutcome::Refused(_, Unavailable::PassingDevice)), "{key:?}");
        }
        for id in [ActionId::Undo, ActionId::Redo, ActionId::Library, ActionId::RemoveBallot] {
            assert_eq!(action(id).unavailable(&voting), Some(Unavailable::PassingDevice));
        }
    }

    #[test]
    fn keys_in_a_text_field_are_the_fields_own() {
        let typing = Situation { in_text_field: true, ..EDITING };
        assert_eq!(for_key(&press("z", true, false), &typing), KeyOutcome::NotOurs);
        // The buttons still apply: a click is not a key press in the field.
        assert!(action(ActionId::Undo).applies(&typing));
    }

    #[test]
    fn a_read_only_tab_and_an_empty_history_refuse() {
        let following = Situation { read_only: true, ..EDITING };
        assert_eq!(for_key(&press("z", true, false), &following), KeyOutcome::Refused(ActionId::Undo, Unavailable::ReadOnly));
        let fresh = Situation { can_undo: false, can_redo: false, ..EDITING };
        assert_eq!(action(ActionId::Undo).unavailable(&fresh), Some(Unavailable::NothingToUndo));
        assert_eq!(action(ActionId::Redo).unavailable(&fresh), Some(Unavailable::NothingToRedo));
        assert!(action(ActionId::Library).applies(&fresh));
    }

    #[test]
    fn every_action_is_registered_once_and_no_shortcut_is_shared() {
        for (i, a) in ACTIONS.iter().enumerate() {
            assert_eq!(ACTIONS.iter().position(|b| b.id == a.id), Some(i));
            for s in a.shortcuts {
                let owners = ACTIONS.iter().filter(|b| b.shortcuts.contains(s)).count();
                assert_eq!(owners, 1, "{} is shared", s.label());
            }
        }
        assert_eq!(action(ActionId::Redo).shortcut_label().as_deref(), Some("Ctrl+Shift+Z"));
    }

    #[test]
    fn phases_come_from_the_fragment() {
        assert_eq!(Phase::from_hash("#prioritise"), Phase::Prioritise);
        assert_eq!(Phase::from_hash("#/export"), Phase::Export);
        assert_eq!(Phase::from_hash("#nonsense"), Phase::Define);
    }
}
