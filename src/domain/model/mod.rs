//! The workshop model: departments, participants and the goal tree.

mod department;
mod edit;
mod error;
mod goal;
mod graph;
mod ids;
mod invites;
pub mod text;
pub mod room;
pub mod contributed;
mod rounds;
mod workshop;

pub use department::{Colour, Department, Participant};
pub use edit::{Edit, RemovedGoals};
pub use error::{ModelError, Named};
pub use goal::{Goal, Level, LinkKind, Priority, Status};
pub use graph::GoalGraph;
pub use ids::{DepartmentId, GoalId, InviteId, ParticipantId, RoundId, WorkshopId};
pub use invites::{IdKind, InviteRecord, NextIds, LAST_ID};
pub use text::Field;
pub use room::RoomRecord;
pub use contributed::{Contributed, ContributedRecord, Origin, Source};
pub use rounds::{NewRound, MAX_RANKED_GOALS};
pub use workshop::{GoalDetails, NewGoal, Workshop};

#[cfg(test)]
mod tests;
