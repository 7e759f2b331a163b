//! The agreed tree as a link: `view/#tree=ACT1.<base32(deflate(json))>`. The JSON is the
//! goal-tree document (`render::goal_tree`, the same file `accord render --format json`
//! writes) with the workshop's tag beside it, so goals people send back name the workshop
//! they were written for. The viewer reads it through the goal-tree file's own strict
//! checks: a link is as untrusted as a file.

use serde::{Deserialize, Serialize};

use super::pack::{pack, unpack, PackError};
use crate::domain::codec::WorkshopTag;
use crate::domain::render::goal_tree::{restore_tree_value, GoalTreeDoc};
use crate::domain::wire::ImportError;

pub const PREFIX: &str = "ACT1.";
/// The fragment key the viewer reads.
pub const KEY: &str = "tree";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SharedDoc {
    /// The workshop tag, hex (absent when shared from a goal-tree file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    t: Option<String>,
    tree: serde_json::Value,
}

/// A tree as the viewer shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedTree {
    pub tag: Option<WorkshopTag>,
    pub tree: GoalTreeDoc,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TreeLinkError {
    Pack(PackError),
    /// The link opened, but the tree inside breaks the goal-tree file's rules.
    Tree(ImportError),
}

impl std::fmt::Display for TreeLinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TreeLinkError::Pack(PackError::WrongKind) => write!(f, "this is not an Accord goal-tree link"),
            TreeLinkError::Pack(PackError::Damaged) => write!(f, "this goal-tree link is damaged (was it cut off when copied?); ask for the link again"),
            TreeLinkError::Pack(PackError::TooLarge) => write!(f, "this goal-tree link is larger than Accord accepts"),
            TreeLinkError::Tree(e) => write!(f, "the goal tree in this link is not valid: {e}"),
        }
    }
}

pub fn encode_tree(tree: &GoalTreeDoc, tag: Option<WorkshopTag>) -> String {
    let doc = SharedDoc { t: tag.map(|t| t.hex()), tree: serde_json::to_value(tree).expect("goal trees serialise") };
    pack(PREFIX, &serde_json::to_vec(&doc).expect("shared trees serialise"))
}

pub fn decode_tree(text: &str) -> Result<SharedTree, TreeLinkError> {
    let json = unpack(PREFIX, text).map_err(TreeLinkError::Pack)?;
    let value = crate::domain::wire::parse_json(&json).map_err(TreeLinkError::Tree)?;
    let doc: SharedDoc = crate::domain::wire::deserialize_at(&value).map_err(TreeLinkError::Tree)?;
    let tag = match &doc.t {
        None => None,
        Some(t) => Some(WorkshopTag::from_hex(t).ok_or(TreeLinkError::Pack(PackError::Damaged))?),
    };
    Ok(SharedTree { tag, tree: restore_tree_value(&doc.tree).map_err(TreeLinkError::Tree)? })
}
