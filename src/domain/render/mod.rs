//! Renderings of a workshop shared by the app and the `accord` command-line tool: the
//! agreed goal tree as JSON, a Markdown report, ballots as CSV, and an SVG of the tree.

pub mod csv;
pub mod diff;
pub mod goal_tree;
pub mod markdown;
pub mod svg;
