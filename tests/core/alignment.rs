//! Orphans, unsupported objectives, dependency cycles and the matrix, on small workshops.

use accord::domain::alignment::{analyse, Share};
use accord::domain::demo::demo_workshop;
use accord::domain::model::{GoalId, Level, LinkKind, NewGoal, Workshop};
use accord::domain::time::Timestamp;

struct Builder(Workshop);

impl Builder {
    fn new() -> Self {
        let mut w = Workshop::new("Offsite", Timestamp(0)).unwrap();
        w.add_department("Sales", Some(20)).unwrap();
        w.add_department("Engineering", Some(50)).unwrap();
        Builder(w)
    }

    fn goal(&mut self, title: &str, level: Level, parent: Option<&str>, department: Option<&str>) -> GoalId {
        let parent = parent.map(|p| self.id(p));
        let department = department.map(|d| self.0.departments().iter().find(|x| x.name == d).unwrap().id);
        self.0.add_goal(NewGoal { title: title.into(), level, parent, department }).unwrap()
    }

    fn id(&self, title: &str) -> GoalId {
        self.0.goals().iter().find(|g| g.title == title).unwrap().id
    }

    fn titles(&self, ids: &[GoalId]) -> Vec<String> {
        ids.iter().map(|id| self.0.goal(*id).unwrap().title.clone()).collect()
    }
}

#[test]
fn orphans_and_unsupported_objectives_are_named() {
    let mut b = Builder::new();
    b.goal("Grow revenue", Level::Objective, None, None);
    b.goal("Lean operation", Level::Objective, None, None);
    b.goal("Open DACH", Level::DepartmentGoal, Some("Grow revenue"), Some("Sales"));
    b.goal("Trade-show booth", Level::DepartmentGoal, None, Some("Sales"));
    b.goal("Booth staffing", Level::Initiative, Some("Trade-show booth"), Some("Sales"));
    let a = analyse(&b.0);
    assert_eq!(b.titles(&a.orphans), ["Trade-show booth", "Booth staffing"]);
    assert_eq!(b.titles(&a.unsupported), ["Lean operation"]);
    assert_eq!(a.traced, Share { part: 1, whole: 3 });
    assert_eq!(a.supported, Share { part: 1, whole: 2 });
    assert_eq!(a.traced.percent(), 33);
}

#[test]
fn a_goal_without_a_department_does_not_count_as_support() {
    let mut b = Builder::new();
    b.goal("Grow revenue", Level::Objective, None, None);
    b.goal("Someone should do something", Level::DepartmentGoal, Some("Grow revenue"), None);
    assert_eq!(b.titles(&analyse(&b.0).unsupported), ["Grow revenue"]);
}

#[test]
fn dependency_cycles_are_found_goal_by_goal() {
    let mut b = Builder::new();
    b.goal("Grow revenue", Level::Objective, None, None);
    for t in ["Billing", "Checkout", "Events", "Docs"] {
        b.goal(t, Level::Initiative, Some("Grow revenue"), Some("Engineering"));
    }
    let link = |b: &mut Builder, from: &str, to: &str| {
        let (from, to) = (b.id(from), b.id(to));
        b.0.add_link(from, LinkKind::DependsOn, to).unwrap();
    };
    link(&mut b, "Checkout", "Billing");
    link(&mut b, "Billing", "Events");
    link(&mut b, "Docs", "Checkout");
    assert!(analyse(&b.0).cycles.is_empty(), "a chain is not a cycle");
    link(&mut b, "Events", "Checkout");
    let cycles = analyse(&b.0).cycles;
    assert_eq!(cycles.len(), 1);
    assert_eq!(b.titles(&cycles[0]), ["Billing", "Checkout", "Events"]);
}

#[test]
fn the_matrix_shows_where_departments_put_their_effort() {
    let demo = demo_workshop().unwrap();
    let a = analyse(&demo);
    let grow = &a.matrix[0];
    let name = |i: usize| demo.department(a.departments[i]).unwrap().name.clone();
    let by_department: Vec<(String, usize, u64)> =
        grow.cells.iter().enumerate().map(|(i, c)| (name(i), c.goals, c.effort)).collect();
    // Under "Grow recurring revenue": self-serve (40) + checkout (20) + localisation (12)
    // for engineering; DACH (30) + hires (8) + lighthouse customers (6) for sales.
    assert_eq!(by_department[0], ("Product & Engineering".into(), 3, 72));
    assert_eq!(by_department[1], ("Sales".into(), 3, 44));
    assert_eq!(by_department[2], ("Marketing".into(), 1, 25));
    assert_eq!(a.orphans.len(), 1);
    assert!(a.unsupported.is_empty());
    assert!(a.cycles.is_empty());
}
