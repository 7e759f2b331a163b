//! Communicate and align, with no server: the agreed tree goes out as a link anyone can
//! open in the viewer (`view/#tree=ACT1.…`); a department lead gets a draft link
//! (`view/#draft=ACD1.…`); people send their own goals and drafts back as a code, a file
//! or a link (`#give=ACG1.…`), which the facilitator imports into the workshop.
//!
//! Every link keeps its payload in the URL fragment, which browsers never send to a host.

pub mod arrival;
pub mod contribution;
pub mod coverage;
pub mod draft_link;
pub mod import;
pub mod kept;
pub mod pack;
pub mod similar;
pub mod tree_link;

pub use contribution::{Contribution, SentGoal, Under};
pub use import::{import, near_duplicates, Imported, ImportRefused, NearDuplicate};
pub use pack::PackError;
