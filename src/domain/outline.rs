//! The goal tree as rows to show: which goals are visible given collapsed subtrees and
//! the map's filters, at what depth, in sibling order. Objectives come first, then the
//! top-level goals that trace to no objective.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::domain::model::{DepartmentId, GoalId, Level, LinkKind, Status, Workshop};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Case-insensitive text to find in titles, descriptions and owners.
    pub text: String,
    pub department: Option<DepartmentId>,
    pub status: Option<Status>,
}

impl Filter {
    pub fn is_active(&self) -> bool {
        !self.text.trim().is_empty() || self.department.is_some() || self.status.is_some()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OutlineRow {
    pub id: GoalId,
    pub depth: usize,
    pub has_children: bool,
    /// Shown expanded (always, while a filter is active).
    pub expanded: bool,
    /// Matches the active filter (false when no filter is active).
    pub matched: bool,
}

/// Children of every goal (and of the top, `None`), in sibling order, in one pass.
pub fn children_map(w: &Workshop) -> HashMap<Option<GoalId>, Vec<GoalId>> {
    let mut map: HashMap<Option<GoalId>, Vec<GoalId>> = HashMap::new();
    for goal in w.goals() {
        map.entry(w.parent(goal.id)).or_default().push(goal.id);
    }
    map
}

pub fn outline(w: &Workshop, collapsed: &HashSet<GoalId>, filter: &Filter) -> Vec<OutlineRow> {
    let children = children_map(w);
    let active = filter.is_active();
    let needle = filter.text.trim().to_lowercase();
    let matched: HashSet<GoalId> = if active {
        w.goals()
            .iter()
            .filter(|g| {
                (needle.is_empty()
                    || g.title.to_lowercase().contains(&needle)
                    || g.description.to_lowercase().contains(&needle)
                    || g.owner.to_lowercase().contains(&needle))
                    && filter.department.is_none_or(|d| g.department == Some(d))
                    && filter.status.is_none_or(|s| g.status == s)
            })
            .map(|g| g.id)
            .collect()
    } else {
        HashSet::new()
    };
    // With a filter, a goal is shown if it matches or leads to a match.
    let mut shown: HashSet<GoalId> = HashSet::new();
    if active {
        for id in &matched {
            let mut current = Some(*id);
            while let Some(g) = current {
                if !shown.insert(g) {
                    break;
                }
                current = w.parent(g);
            }
        }
    }

    let level_of: HashMap<GoalId, Level> = w.goals().iter().map(|g| (g.id, g.level)).collect();
    let mut roots: Vec<GoalId> = children.get(&None).cloned().unwrap_or_default();
    crate::domain::order::sort_by_key(&mut roots, |id| level_of.get(id) != Some(&Level::Objective)); // stable: objectives first

    let mut rows = Vec::new();
    let mut stack: Vec<(GoalId, usize)> = roots.into_iter().rev().map(|id| (id, 0)).collect();
    while let Some((id, depth)) = stack.pop() {
        if active && !shown.contains(&id) {
            continue;
        }
        let kids = children.get(&Some(id)).map(Vec::as_slice).unwrap_or(&[]);
        let expanded = active || !collapsed.contains(&id);
        rows.push(OutlineRow { id, depth, has_children: !kids.is_empty(), expanded, matched: matched.contains(&id) });
        if expanded {
            stack.extend(kids.iter().rev().map(|k| (*k, depth + 1)));
        }
    }
    rows
}

/// Every goal with children: what "collapse all" collapses.
pub fn all_parents(w: &Workshop) -> HashSet<GoalId> {
    w.goals().iter().filter_map(|g| w.parent(g.id)).collect()
}

/// The goal tree without its free text: every goal's place (list order, level, parent),
/// department, status and effort, the departments in order, and the links. Everything the
/// alignment analysis (`alignment::analyse`) and `share::coverage` read is here and no
/// title, description, owner, metric or target is, so a view that recomputes them only
/// when the shape changes skips the work on a text edit and is never stale (see the
/// property test below); the outline without a filter reads nothing else either.
/// Derived and compared, never stored.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Shape {
    goals: Vec<GoalShape>,
    departments: Vec<DepartmentId>,
    links: Vec<(GoalId, LinkKind, GoalId)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct GoalShape {
    id: GoalId,
    level: Level,
    parent: Option<GoalId>,
    department: Option<DepartmentId>,
    status: Status,
    effort: Option<u32>,
}

impl Shape {
    pub fn of(w: &Workshop) -> Shape {
        Shape {
            goals: w
                .goals()
                .iter()
                .map(|g| GoalShape {
                    id: g.id,
                    level: g.level,
                    parent: w.parent(g.id),
                    department: g.department,
                    status: g.status,
                    effort: g.effort,
                })
                .collect(),
            departments: w.departments().iter().map(|d| d.id).collect(),
            links: w.links(),
        }
    }
}

/// The rows of a list of `total` rows, each `row_height` pixels high, that a scrolling frame
/// `viewport` pixels high scrolled to `scroll_top` shows, widened by `overscan` rows on each
/// side: what a virtualised list renders. Always within `0..total`; covers every row the
/// viewport touches; never moves back as `scroll_top` grows. Nonsense measures (negative,
/// not a number, a row height that is not positive) read as an empty viewport at the top.
pub fn visible_window(scroll_top: f64, viewport: f64, row_height: f64, total: usize, overscan: usize) -> Range<usize> {
    let sane = |x: f64| if x.is_finite() && x > 0.0 { x } else { 0.0 };
    if !(row_height.is_finite() && row_height > 0.0) || total == 0 {
        return 0..total.min(overscan);
    }
    let (top, height) = (sane(scroll_top), sane(viewport));
    // `as usize` saturates (and floors) for large or fractional values.
    let first = ((top / row_height).floor() as usize).min(total);
    let past = (((top + height) / row_height).ceil() as usize).clamp(first, total);
    let start = first.saturating_sub(overscan);
    let end = past.saturating_add(overscan).min(total);
    start.min(end)..end
}

/// Where to scroll a frame (its new `scroll_top`) so row `index` is wholly in view, or
/// `None` when it already is: the least movement that shows it.
pub fn scroll_to_show(index: usize, scroll_top: f64, viewport: f64, row_height: f64) -> Option<f64> {
    let top = index as f64 * row_height;
    let bottom = top + row_height;
    if top < scroll_top {
        Some(top)
    } else if bottom > scroll_top + viewport {
        Some((bottom - viewport).max(0.0).min(top))
    } else {
        None
    }
}

/// The goals above `goal` that are collapsed: what must open for the outline to show it.
pub fn collapsed_ancestors(w: &Workshop, collapsed: &HashSet<GoalId>, goal: GoalId) -> Vec<GoalId> {
    let mut out = Vec::new();
    let mut up = w.parent(goal);
    while let Some(p) = up {
        if collapsed.contains(&p) {
            out.push(p);
        }
        up = w.parent(p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::demo::demo_workshop;

    fn titles(w: &Workshop, rows: &[OutlineRow]) -> Vec<String> {
        rows.iter().map(|r| format!("{}{}", "  ".repeat(r.depth), w.goal(r.id).unwrap().title)).collect()
    }

    #[test]
    fn collapsed_subtrees_hide_their_goals() {
        let demo = demo_workshop().unwrap();
        let all = outline(&demo, &HashSet::new(), &Filter::default());
        assert_eq!(all.len(), 25);
        assert_eq!(all.last().map(|r| r.depth), Some(0), "the orphan comes last, at the top level");
        let rows = outline(&demo, &all_parents(&demo), &Filter::default());
        assert_eq!(titles(&demo, &rows).len(), 5, "four objectives and the orphan");
    }

    #[test]
    fn a_filter_shows_matches_with_the_goals_that_lead_to_them() {
        let demo = demo_workshop().unwrap();
        let filter = Filter { text: "lighthouse".into(), ..Filter::default() };
        let rows = outline(&demo, &all_parents(&demo), &filter);
        assert_eq!(
            titles(&demo, &rows),
            [
                "Grow recurring revenue to €60M",
                "  Open the DACH market with launch pricing",
                "    Hire two DACH account executives",
                "      Close the first five DACH lighthouse customers"
            ]
        );
        assert_eq!(rows.iter().filter(|r| r.matched).count(), 1);
    }

    #[test]
    fn the_window_shows_the_rows_in_view_and_the_overscan() {
        // 40 px rows, a 400 px frame scrolled to 1,000 px: rows 25..35 in view.
        assert_eq!(visible_window(1000.0, 400.0, 40.0, 2000, 5), 20..40);
        assert_eq!(visible_window(0.0, 400.0, 40.0, 2000, 5), 0..15);
        assert_eq!(visible_window(1010.0, 400.0, 40.0, 2000, 0), 25..36, "a row cut at either edge is rendered");
        // Scrolled to the end, and past it (the list shrank under a scrolled frame).
        assert_eq!(visible_window(80_000.0 - 400.0, 400.0, 40.0, 2000, 5), 1985..2000);
        assert_eq!(visible_window(1e9, 400.0, 40.0, 2000, 5), 1995..2000);
        assert_eq!(visible_window(0.0, 400.0, 40.0, 3, 5), 0..3);
        assert_eq!(visible_window(0.0, 400.0, 40.0, 0, 5), 0..0);
        // Nonsense measures: an empty viewport at the top.
        assert_eq!(visible_window(f64::NAN, 400.0, 40.0, 2000, 5), 0..15);
        assert_eq!(visible_window(-50.0, f64::INFINITY, 40.0, 2000, 5), 0..5);
        assert_eq!(visible_window(100.0, 400.0, 0.0, 2000, 5), 0..5);
    }

    #[test]
    fn scrolling_to_show_a_row_moves_the_least() {
        assert_eq!(scroll_to_show(30, 1000.0, 400.0, 40.0), None, "row 30 (1200..1240) is in view");
        assert_eq!(scroll_to_show(10, 1000.0, 400.0, 40.0), Some(400.0), "above: its top at the top");
        assert_eq!(scroll_to_show(40, 1000.0, 400.0, 40.0), Some(1240.0), "below: its bottom at the bottom");
        assert_eq!(scroll_to_show(35, 1010.0, 400.0, 40.0), Some(1040.0), "cut at the bottom: scrolled just enough");
        assert_eq!(scroll_to_show(0, 0.0, 400.0, 40.0), None);
        assert_eq!(scroll_to_show(5, 0.0, 20.0, 40.0), Some(200.0), "a row taller than the frame shows its top");
    }

    #[test]
    fn a_collapsed_goal_above_is_what_hides_a_goal() {
        let demo = demo_workshop().unwrap();
        let all = all_parents(&demo);
        let deepest = outline(&demo, &HashSet::new(), &Filter::default()).into_iter().max_by_key(|r| r.depth).unwrap();
        let above = collapsed_ancestors(&demo, &all, deepest.id);
        assert_eq!(above.len(), deepest.depth);
        let mut open = all.clone();
        for id in above {
            open.remove(&id);
        }
        assert!(outline(&demo, &open, &Filter::default()).iter().any(|r| r.id == deepest.id));
        assert!(collapsed_ancestors(&demo, &open, deepest.id).is_empty());
    }

    mod properties {
        use proptest::prelude::*;

        use super::super::*;
        use crate::domain::alignment::analyse;
        use crate::domain::model::{Edit, GoalDetails, Status};
        use crate::domain::sample::generated_workshop;
        use crate::domain::share::coverage::coverage;

        proptest! {
            #[test]
            fn the_window_stays_within_the_list(top in -1e6f64..1e7, view in 0f64..5000.0, h in 1f64..200.0, total in 0usize..5000, over in 0usize..50) {
                let w = visible_window(top, view, h, total, over);
                prop_assert!(w.start <= w.end && w.end <= total);
                // Never more than the viewport's rows (one cut at each edge) and the overscan.
                prop_assert!(w.end - w.start <= (view / h).ceil() as usize + 1 + 2 * over);
            }

            #[test]
            fn the_window_covers_the_viewport(top in 0f64..1e6, view in 0f64..5000.0, h in 1f64..200.0, total in 0usize..5000, over in 0usize..50) {
                let w = visible_window(top, view, h, total, over);
                let first = (top / h).floor() as usize;
                let last = ((top + view) / h).ceil() as usize;
                for i in first.min(total)..last.min(total) {
                    prop_assert!(w.contains(&i), "row {i} is in view but not in {w:?}");
                }
            }

            #[test]
            fn the_window_never_moves_back_as_the_frame_scrolls_down(a in -1e3f64..1e6, d in 0f64..1e5, view in 0f64..5000.0, h in 1f64..200.0, total in 0usize..5000, over in 0usize..50) {
                let before = visible_window(a, view, h, total, over);
                let after = visible_window(a + d, view, h, total, over);
                prop_assert!(before.start <= after.start && before.end <= after.end);
            }

            #[test]
            fn scrolling_to_show_a_row_shows_it(index in 0usize..5000, top in 0f64..2e5, view in 1f64..5000.0, h in 1f64..200.0) {
                match scroll_to_show(index, top, view, h) {
                    None => prop_assert!(index as f64 * h >= top && (index + 1) as f64 * h <= top + view),
                    Some(new) => {
                        let row = index as f64 * h;
                        prop_assert!(new >= 0.0 && row >= new - 1e-6);
                        if h <= view {
                            prop_assert!(row + h <= new + view + 1e-6);
                        }
                        prop_assert!(visible_window(new, view, h, index + 1, 0).contains(&index));
                    }
                }
            }

            /// The views that recompute the analysis and coverage only when the shape
            /// changes are never stale: whatever edit is made, an unchanged shape means an
            /// unchanged analysis and coverage. And text edits never change the shape.
            #[test]
            fn an_unchanged_shape_means_unchanged_analysis_and_coverage(seed in any::<u64>(), picks in proptest::collection::vec((any::<u32>(), 0u8..11, any::<u32>()), 1..12)) {
                let mut w = generated_workshop(seed, 120);
                for (pick, kind, value) in picks {
                    let goals = w.goals().len();
                    if goals == 0 { break; }
                    let id = w.goals()[pick as usize % goals].id;
                    let other = w.goals()[value as usize % goals].id;
                    let mut details = GoalDetails::of(w.goal(id).unwrap());
                    let text = format!("Text {value}");
                    let (edit, text_only) = match kind {
                        0 => { details.title = text; (Some(Edit::UpdateGoal(id, details)), true) }
                        1 => { details.description = text; (Some(Edit::UpdateGoal(id, details)), true) }
                        2 => { details.owner = text.clone(); details.metric = text.clone(); details.target = text; (Some(Edit::UpdateGoal(id, details)), true) }
                        3 => { details.status = Status::ALL[value as usize % Status::ALL.len()]; (Some(Edit::UpdateGoal(id, details)), false) }
                        4 => { details.effort = (value % 3 != 0).then_some(value % 500); (Some(Edit::UpdateGoal(id, details)), false) }
                        5 => { details.department = (value % 5 != 0).then(|| w.departments()[value as usize % w.departments().len()].id); (Some(Edit::UpdateGoal(id, details)), false) }
                        6 => (Some(Edit::AddLink(id, LinkKind::DependsOn, other)), false),
                        7 => ([Workshop::move_up, Workshop::move_down, Workshop::indent, Workshop::outdent][value as usize % 4](&w, id), false),
                        8 => (Some(w.reparent(id, Some(other))), false),
                        9 => { details.level = crate::domain::model::Level::ALL[value as usize % 4]; (Some(Edit::UpdateGoal(id, details)), false) }
                        _ => (Some(Edit::RemoveGoal(id)), false),
                    };
                    let Some(edit) = edit else { continue };
                    let collapsed: HashSet<GoalId> = w.goals().iter().step_by(3).map(|g| g.id).collect();
                    let rows = outline(&w, &collapsed, &Filter::default());
                    let (shape, analysis, covered) = (Shape::of(&w), analyse(&w), coverage(&w));
                    if w.apply(edit).is_err() { continue; }
                    let after = Shape::of(&w);
                    if text_only {
                        prop_assert_eq!(&after, &shape, "a text edit changed the shape");
                    }
                    if after == shape {
                        prop_assert_eq!(analyse(&w), analysis);
                        prop_assert_eq!(coverage(&w), covered);
                        prop_assert_eq!(outline(&w, &collapsed, &Filter::default()), rows, "the unfiltered outline reads the shape only");
                    }
                }
            }
        }
    }
}
