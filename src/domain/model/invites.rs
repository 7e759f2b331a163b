//! IDs that are never reused, and the personal invites a workshop has issued.
//!
//! - `NextIds`: the next ID of each kind to hand out. It only ever goes up (an ID once
//!   issued is never issued again, even after the thing is deleted and its deletion is
//!   undone), so a removed participant's old invite can never speak for someone new.
//! - `InviteRecord`: one invite issued to a participant: its own ID and a random value
//!   (`salt`) that, with the workshop secret the facilitator's browser keeps, derives the
//!   key its ballot codes are sealed with. Withdrawing an invite keeps the record (so its
//!   codes are refused as withdrawn rather than unknown) and is final: it is not an
//!   undoable edit, so no Ctrl+Z in the room can bring a leaked invite back.

use super::error::ModelError;
use super::ids::{DepartmentId, GoalId, InviteId, ParticipantId, RoundId};
use super::workshop::Workshop;
use crate::domain::time::Timestamp;

/// The next ID of each kind; every ID in the workshop is below its mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NextIds {
    pub department: u32,
    pub participant: u32,
    pub goal: u32,
    pub round: u32,
    pub invite: u32,
}

impl Default for NextIds {
    fn default() -> Self {
        NextIds { department: 1, participant: 1, goal: 1, round: 1, invite: 1 }
    }
}

/// The largest ID of any kind: the wire form holds at most nine digits (`g999999999`).
pub const LAST_ID: u32 = 999_999_999;

fn raise(mark: &mut u32, id: u32) {
    *mark = (*mark).max(id.saturating_add(1));
}

impl NextIds {
    pub(super) fn see_department(&mut self, id: DepartmentId) {
        raise(&mut self.department, id.0);
    }
    pub(super) fn see_participant(&mut self, id: ParticipantId) {
        raise(&mut self.participant, id.0);
    }
    pub(super) fn see_goal(&mut self, id: GoalId) {
        raise(&mut self.goal, id.0);
    }
    pub(super) fn see_round(&mut self, id: RoundId) {
        raise(&mut self.round, id.0);
    }
    pub(super) fn see_invite(&mut self, id: InviteId) {
        raise(&mut self.invite, id.0);
    }

    /// The mark of one kind of ID.
    pub fn of(&self, kind: IdKind) -> u32 {
        match kind {
            IdKind::Department => self.department,
            IdKind::Participant => self.participant,
            IdKind::Goal => self.goal,
            IdKind::Round => self.round,
            IdKind::Invite => self.invite,
        }
    }

    /// Whether every mark is at least `other`'s (marks never go down).
    pub fn covers(&self, other: &NextIds) -> bool {
        IdKind::ALL.into_iter().all(|kind| self.of(kind) >= other.of(kind))
    }
}

/// One personal invite, as the workshop file keeps it. The salt is not secret on its own:
/// without the workshop secret (kept only in the facilitator's browser) it derives nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InviteRecord {
    pub id: InviteId,
    pub participant: ParticipantId,
    pub salt: [u8; 16],
    /// When the facilitator issued it (the facilitator's clock; shown, never compared).
    pub issued: Timestamp,
    pub withdrawn: Option<Timestamp>,
}

impl InviteRecord {
    pub fn is_withdrawn(&self) -> bool {
        self.withdrawn.is_some()
    }
}

/// Which ID kind a `NextIds` mark is for (for problems that name it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    Department,
    Participant,
    Goal,
    Round,
    Invite,
}

impl IdKind {
    pub const ALL: [IdKind; 5] = [IdKind::Department, IdKind::Participant, IdKind::Goal, IdKind::Round, IdKind::Invite];

    pub fn key(self) -> &'static str {
        match self {
            IdKind::Department => "department",
            IdKind::Participant => "participant",
            IdKind::Goal => "goal",
            IdKind::Round => "round",
            IdKind::Invite => "invite",
        }
    }
}

impl Workshop {
    /// Refuses an ID past the last one the wire form can hold (a workshop that has used
    /// up a kind of ID), rather than hand one out that no file could carry.
    pub(super) fn check_fresh(&self, id: u32, kind: IdKind) -> Result<(), ModelError> {
        if id > LAST_ID {
            return Err(ModelError::IdsExhausted(kind.key()));
        }
        Ok(())
    }

    /// The next IDs this workshop will hand out.
    pub fn next_ids(&self) -> NextIds {
        self.next_ids
    }

    /// Sets the marks read from a file. Refused (with the first kind that is too low) if a
    /// mark is not above every ID of its kind the workshop holds; marks already above
    /// the file's stay (they never go down).
    pub fn restore_next_ids(&mut self, next: NextIds) -> Result<(), IdKind> {
        let derived = self.derived_next_ids();
        if let Some(kind) = IdKind::ALL.into_iter().find(|kind| next.of(*kind) < derived.of(*kind)) {
            return Err(kind);
        }
        self.next_ids = next;
        Ok(())
    }

    /// The least marks the workshop's contents allow: one above every ID it holds
    /// (invites name participants, ballots name invites, so those count too).
    pub fn derived_next_ids(&self) -> NextIds {
        let mut n = NextIds::default();
        self.departments.iter().for_each(|d| n.see_department(d.id));
        self.participants.iter().for_each(|p| n.see_participant(p.id));
        self.goals.iter().for_each(|g| n.see_goal(g.id));
        self.rounds.keys().for_each(|r| n.see_round(*r));
        for i in &self.invites {
            n.see_invite(i.id);
            n.see_participant(i.participant);
        }
        self.room.devices.keys().for_each(|p| n.see_participant(*p));
        n
    }

    // ----- invites -----

    /// Every invite issued, oldest first.
    pub fn invites(&self) -> &[InviteRecord] {
        &self.invites
    }

    pub fn invite(&self, id: InviteId) -> Option<&InviteRecord> {
        self.index.invites.get(&id).and_then(|at| self.invites.get(*at))
    }

    /// The participant's newest invite that is not withdrawn.
    pub fn current_invite(&self, participant: ParticipantId) -> Option<&InviteRecord> {
        self.invites.iter().rev().find(|i| i.participant == participant && !i.is_withdrawn())
    }

    /// Issues a new invite to a participant. `salt`: fresh random bytes from the edge.
    pub fn issue_invite(&mut self, participant: ParticipantId, salt: [u8; 16], now: Timestamp) -> Result<InviteId, ModelError> {
        self.participant(participant).ok_or(ModelError::UnknownParticipant(participant))?;
        let id = InviteId(self.next_ids.invite);
        self.check_fresh(id.0, IdKind::Invite)?;
        self.insert_invite(InviteRecord { id, participant, salt, issued: now, withdrawn: None })?;
        Ok(id)
    }

    /// Withdraws an invite for good: ballot codes made from it are refused from now on.
    pub fn withdraw_invite(&mut self, id: InviteId, now: Timestamp) -> Result<(), ModelError> {
        let at = *self.index.invites.get(&id).ok_or(ModelError::UnknownInvite(id))?;
        let record = &mut self.invites[at];
        if record.withdrawn.is_some() {
            return Err(ModelError::BadMethod(format!("Invite {id} was already withdrawn.")));
        }
        record.withdrawn = Some(now);
        Ok(())
    }

    /// Adds an invite record as it was (imports use this). Its participant need not be in
    /// the workshop any more (a removed participant's invites stay on record, and their
    /// codes are refused as from an unknown participant).
    pub fn insert_invite(&mut self, record: InviteRecord) -> Result<(), ModelError> {
        if self.invite(record.id).is_some() {
            return Err(ModelError::BadMethod(format!("Two invites have the ID {}.", record.id)));
        }
        if record.withdrawn.is_some_and(|w| w < record.issued) {
            return Err(ModelError::BadMethod(format!("Invite {} is withdrawn before it was issued.", record.id)));
        }
        self.next_ids.see_invite(record.id);
        self.next_ids.see_participant(record.participant);
        self.index.invites.insert(record.id, self.invites.len());
        self.invites.push(record);
        Ok(())
    }
}
