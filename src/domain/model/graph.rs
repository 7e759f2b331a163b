//! The structure of the goal tree, held with petgraph: the hierarchy (parent → child) and
//! the links between goals (`depends_on`, `conflicts_with`) as two directed graph maps over
//! goal IDs. This module knows nothing of titles or levels; `Workshop` checks those rules
//! and calls in here only with changes it has already allowed.

use petgraph::algo::has_path_connecting;
use petgraph::graphmap::DiGraphMap;
use petgraph::Direction;

use super::goal::LinkKind;
use super::ids::GoalId;

#[derive(Debug, Clone, Default)]
pub struct GoalGraph {
    /// Edges run from parent to child. Every goal is a node, with or without a parent.
    hierarchy: DiGraphMap<GoalId, ()>,
    /// `DependsOn` edges run from the dependent goal to the goal it needs.
    /// `ConflictsWith` is symmetric and stored once, from the lower ID to the higher.
    links: DiGraphMap<GoalId, LinkKind>,
}

impl GoalGraph {
    pub fn add_goal(&mut self, goal: GoalId) {
        self.hierarchy.add_node(goal);
        self.links.add_node(goal);
    }

    pub fn remove_goal(&mut self, goal: GoalId) {
        self.hierarchy.remove_node(goal);
        self.links.remove_node(goal);
    }

    pub fn contains(&self, goal: GoalId) -> bool {
        self.hierarchy.contains_node(goal)
    }

    pub fn parent(&self, goal: GoalId) -> Option<GoalId> {
        self.hierarchy.neighbors_directed(goal, Direction::Incoming).next()
    }

    /// Children in no particular order; `Workshop::children` puts them in sibling order.
    pub fn children(&self, goal: GoalId) -> impl Iterator<Item = GoalId> + '_ {
        self.hierarchy.neighbors_directed(goal, Direction::Outgoing)
    }

    /// Whether `ancestor` is `goal` itself or above it in the hierarchy.
    pub fn is_ancestor_or_self(&self, ancestor: GoalId, goal: GoalId) -> bool {
        has_path_connecting(&self.hierarchy, ancestor, goal, None)
    }

    /// The goal and everything beneath it, parents before children.
    pub fn subtree(&self, goal: GoalId) -> Vec<GoalId> {
        let mut out = vec![goal];
        let mut next = 0;
        while next < out.len() {
            let mut kids: Vec<GoalId> = self.children(out[next]).collect();
            crate::domain::order::sort(&mut kids);
            out.extend(kids);
            next += 1;
        }
        out
    }

    pub fn set_parent(&mut self, goal: GoalId, parent: Option<GoalId>) {
        if let Some(old) = self.parent(goal) {
            self.hierarchy.remove_edge(old, goal);
        }
        if let Some(new) = parent {
            self.hierarchy.add_edge(new, goal, ());
        }
    }

    /// The kind of link between two goals in either direction, if any.
    pub fn link_between(&self, a: GoalId, b: GoalId) -> Option<LinkKind> {
        self.links.edge_weight(a, b).or_else(|| self.links.edge_weight(b, a)).copied()
    }

    pub fn has_link(&self, from: GoalId, kind: LinkKind, to: GoalId) -> bool {
        let (a, b) = oriented(from, kind, to);
        self.links.edge_weight(a, b) == Some(&kind)
    }

    pub fn add_link(&mut self, from: GoalId, kind: LinkKind, to: GoalId) {
        let (a, b) = oriented(from, kind, to);
        self.links.add_edge(a, b, kind);
    }

    pub fn remove_link(&mut self, from: GoalId, kind: LinkKind, to: GoalId) {
        if self.has_link(from, kind, to) {
            let (a, b) = oriented(from, kind, to);
            self.links.remove_edge(a, b);
        }
    }

    /// Goals that `goal` depends on, in ID order.
    pub fn depends_on(&self, goal: GoalId) -> Vec<GoalId> {
        let mut out: Vec<GoalId> = self
            .links
            .edges_directed(goal, Direction::Outgoing)
            .filter(|(_, _, kind)| **kind == LinkKind::DependsOn)
            .map(|(_, to, _)| to)
            .collect();
        crate::domain::order::sort(&mut out);
        out
    }

    /// Goals that `goal` conflicts with, in ID order.
    pub fn conflicts_with(&self, goal: GoalId) -> Vec<GoalId> {
        let mut out: Vec<GoalId> = self
            .links
            .edges_directed(goal, Direction::Outgoing)
            .chain(self.links.edges_directed(goal, Direction::Incoming))
            .filter(|(_, _, kind)| **kind == LinkKind::ConflictsWith)
            .map(|(a, b, _)| if a == goal { b } else { a })
            .collect();
        crate::domain::order::sort(&mut out);
        out.dedup();
        out
    }

    /// Every link, as `(from, kind, to)`, sorted: a canonical form for comparing graphs.
    pub fn all_links(&self) -> Vec<(GoalId, LinkKind, GoalId)> {
        let mut out: Vec<_> = self.links.all_edges().map(|(a, b, kind)| (a, *kind, b)).collect();
        crate::domain::order::sort(&mut out);
        out
    }

    fn all_parent_edges(&self) -> Vec<(GoalId, GoalId)> {
        let mut out: Vec<_> = self.hierarchy.all_edges().map(|(p, c, _)| (p, c)).collect();
        crate::domain::order::sort(&mut out);
        out
    }

    fn all_goals(&self) -> Vec<GoalId> {
        let mut out: Vec<_> = self.hierarchy.nodes().collect();
        crate::domain::order::sort(&mut out);
        out
    }
}

fn oriented(from: GoalId, kind: LinkKind, to: GoalId) -> (GoalId, GoalId) {
    match kind {
        LinkKind::DependsOn => (from, to),
        LinkKind::ConflictsWith => (from.min(to), from.max(to)),
    }
}

/// Two graphs are equal when they hold the same goals, parents and links, whatever order
/// the edges were added in.
impl PartialEq for GoalGraph {
    fn eq(&self, other: &Self) -> bool {
        self.all_goals() == other.all_goals()
            && self.all_parent_edges() == other.all_parent_edges()
            && self.all_links() == other.all_links()
    }
}

impl Eq for GoalGraph {}
