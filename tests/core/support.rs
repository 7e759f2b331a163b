//! Workshops for property tests: any sequence of facilitator edits, some refused, applied
//! to an empty workshop. Whatever the model accepts is, by definition, a workshop Accord
//! can hold, so it must survive export and import.

use accord::domain::model::{Colour, DepartmentId, GoalDetails, GoalId, Level, LinkKind, NewGoal, Status, Workshop};
use accord::domain::time::Timestamp;
use proptest::prelude::*;

#[derive(Debug, Clone)]
pub enum Edit {
    Title(String),
    Strategy(String),
    AddDepartment(String, Option<u32>, u8),
    AddParticipant(String, usize),
    AddGoal(String, Level, usize, usize),
    Describe(usize, String, String, Option<u32>, Status),
    Move(usize, usize),
    Link(usize, bool, usize),
    Remove(usize),
}

/// Text a facilitator might type, markup and all.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z ]{1,20}",
        "\\PC{0,30}",
        Just("<img src=x onerror=alert(1)>".to_string()),
        Just("Ünïcödé — “quotes” & 'apostrophes' 🚀".to_string()),
    ]
}

fn any_level() -> impl Strategy<Value = Level> {
    prop::sample::select(Level::ALL.to_vec())
}

fn any_edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        any_text().prop_map(Edit::Title),
        any_text().prop_map(Edit::Strategy),
        (any_text(), prop::option::of(0u32..500), any::<u8>()).prop_map(|(n, c, k)| Edit::AddDepartment(n, c, k)),
        (any_text(), any::<usize>()).prop_map(|(n, d)| Edit::AddParticipant(n, d)),
        (any_text(), any_level(), any::<usize>(), any::<usize>()).prop_map(|(t, l, p, d)| Edit::AddGoal(t, l, p, d)),
        (any::<usize>(), any_text(), any_text(), prop::option::of(0u32..100), prop::sample::select(Status::ALL.to_vec()))
            .prop_map(|(g, d, o, e, s)| Edit::Describe(g, d, o, e, s)),
        (any::<usize>(), any::<usize>()).prop_map(|(g, p)| Edit::Move(g, p)),
        (any::<usize>(), any::<bool>(), any::<usize>()).prop_map(|(a, c, b)| Edit::Link(a, c, b)),
        any::<usize>().prop_map(Edit::Remove),
    ]
}

fn pick_goal(w: &Workshop, i: usize) -> Option<GoalId> {
    let goals = w.goals();
    (!goals.is_empty()).then(|| goals[i % goals.len()].id)
}

fn pick_department(w: &Workshop, i: usize) -> Option<DepartmentId> {
    let departments = w.departments();
    // One choice in (n + 1) is "no department".
    departments.get(i % (departments.len() + 1)).map(|d| d.id)
}

pub fn apply(w: &mut Workshop, edit: Edit) {
    let _ = match edit {
        Edit::Title(t) => w.set_title(&t),
        Edit::Strategy(s) => w.set_strategy(&s),
        Edit::AddDepartment(n, c, k) => w.add_department(&n, c).and_then(|id| w.set_department_colour(id, Colour::rgb(k, 255 - k, k / 2))),
        Edit::AddParticipant(n, d) => {
            let department = pick_department(w, d);
            w.add_participant(&n, department).map(|_| ())
        }
        Edit::AddGoal(title, level, p, d) => {
            let parent = if p % 3 == 0 { None } else { pick_goal(w, p) };
            let department = pick_department(w, d);
            w.add_goal(NewGoal { title, level, parent, department }).map(|_| ())
        }
        Edit::Describe(g, description, owner, effort, status) => match pick_goal(w, g) {
            Some(id) => {
                let goal = w.goal(id).unwrap().clone();
                w.update_goal(
                    id,
                    GoalDetails { title: goal.title, description, level: goal.level, department: goal.department, owner, effort, status },
                )
            }
            None => Ok(()),
        },
        Edit::Move(g, p) => match pick_goal(w, g) {
            Some(id) => w.set_parent(id, if p % 4 == 0 { None } else { pick_goal(w, p) }),
            None => Ok(()),
        },
        Edit::Link(a, conflict, b) => match (pick_goal(w, a), pick_goal(w, b)) {
            (Some(a), Some(b)) => w.add_link(a, if conflict { LinkKind::ConflictsWith } else { LinkKind::DependsOn }, b),
            _ => Ok(()),
        },
        Edit::Remove(g) => match pick_goal(w, g) {
            Some(id) if g % 5 == 0 => w.remove_goal_subtree(id).map(|_| ()),
            _ => Ok(()),
        },
    };
}

pub fn any_workshop() -> impl Strategy<Value = Workshop> {
    (prop::collection::vec(any_edit(), 0..60), 0i64..4_000_000_000_000, 0i64..1_000_000_000).prop_map(
        |(edits, created, later)| {
            let mut w = Workshop::new("Workshop", Timestamp(created)).unwrap();
            for edit in edits {
                apply(&mut w, edit);
            }
            w.touch(Timestamp(created + later));
            w
        },
    )
}
