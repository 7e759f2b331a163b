//! The room, as the workshop keeps it: whether people not on the list may join by typing
//! their name (walk-ins), and which phone each person is bound to. The first ballot from
//! a phone that joined by the room link binds its person to that phone; a later code for
//! the same person from another phone counts only when the facilitator accepts that phone
//! (see `ballot_box::room`), which binds them to it instead.

use std::collections::BTreeMap;

use super::{ModelError, ParticipantId, Workshop};
use crate::domain::codec::DeviceKey;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoomRecord {
    pub walk_ins: bool,
    /// Each person's phone (a removed person's binding stays on record, like their
    /// invites: their codes are refused as from someone the workshop does not have).
    pub devices: BTreeMap<ParticipantId, DeviceKey>,
}

impl Workshop {
    pub fn walk_ins(&self) -> bool {
        self.room.walk_ins
    }

    /// The phone `participant` is bound to, if a room ballot of theirs was ever counted.
    pub fn device_of(&self, participant: ParticipantId) -> Option<DeviceKey> {
        self.room.devices.get(&participant).copied()
    }

    /// Who the phone with `device` is bound to.
    pub fn bound_to(&self, device: &DeviceKey) -> Option<ParticipantId> {
        self.room.devices.iter().find(|(_, d)| *d == device).map(|(p, _)| *p)
    }

    pub fn bound_devices(&self) -> &BTreeMap<ParticipantId, DeviceKey> {
        &self.room.devices
    }

    pub(super) fn set_walk_ins(&mut self, allowed: bool) -> bool {
        std::mem::replace(&mut self.room.walk_ins, allowed)
    }

    /// Binds (or with `None` unbinds) a person's phone; returns the binding it replaced.
    /// One phone is one person: a phone already bound to someone else is refused.
    pub(super) fn bind_device(&mut self, participant: ParticipantId, device: Option<DeviceKey>) -> Result<Option<DeviceKey>, ModelError> {
        match device {
            Some(device) => {
                if let Some(other) = self.bound_to(&device).filter(|p| *p != participant) {
                    let name = |p| self.participant(p).map(|x| x.name.clone()).unwrap_or_else(|| p.to_string());
                    return Err(ModelError::BadMethod(format!(
                        "This phone already votes as {}; one phone cannot also vote as {}.",
                        name(other),
                        name(participant)
                    )));
                }
                self.next_ids.see_participant(participant);
                Ok(self.room.devices.insert(participant, device))
            }
            None => Ok(self.room.devices.remove(&participant)),
        }
    }
}
