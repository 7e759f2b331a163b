//! Communicate and align: the agreed tree shared as a link, personal goals and department
//! drafts sent back, imported with their authors, re-sent without copies, near-duplicates
//! flagged — and everything a damaged or hostile code could try, refused whole.

use accord::domain::codec::WorkshopTag;
use accord::domain::demo::demo_workshop;
use accord::domain::model::{DepartmentId, Edit, GoalId, Level, Source, Status, Workshop};
use accord::domain::render::goal_tree::{agreed_tree, seed_workshop};
use accord::domain::share::contribution::{read_code, read_file, ReadError, MAX_GOALS};
use accord::domain::share::coverage::coverage;
use accord::domain::share::draft_link::{decode_draft, draft_invite, encode_draft, DraftLinkError};
use accord::domain::share::import::merge_duplicate;
use accord::domain::share::pack::{pack, PackError};
use accord::domain::share::similar::alike;
use accord::domain::share::tree_link::{decode_tree, encode_tree, TreeLinkError};
use accord::domain::share::{import, near_duplicates, Contribution, ImportRefused, SentGoal, Under};
use accord::domain::time::Timestamp;
use proptest::prelude::*;

const NOON: Timestamp = Timestamp(1_800_000_000_000);
const OURS: WorkshopTag = WorkshopTag([7, 1, 2, 3, 4, 5, 6, 7]);
// Northwind's demo: g6 "Open the DACH market with launch pricing" (Sales, d2), g8 "Cut
// onboarding time to 14 days" (Customer Success, d4), g1 and g2 objectives.
const DACH: GoalId = GoalId(6);
const ONBOARDING: GoalId = GoalId(8);

fn northwind() -> Workshop {
    demo_workshop().expect("the demo opens")
}

fn amaras_goals() -> Contribution {
    Contribution {
        source: Source::Personal,
        workshop: "Northwind Outfitters — Annual planning 2027".into(),
        tag: Some(OURS),
        department: None,
        author: "Amara Okafor".into(),
        device: 0x3f09_c2d1_a4b5_e6f7,
        goals: vec![
            SentGoal::new(1, "Translate the help centre into German", Level::Individual, Under::Goal { id: DACH, title: "Open the DACH market with launch pricing".into() }),
            SentGoal::new(2, "Run two onboarding webinars a month", Level::Individual, Under::Goal { id: ONBOARDING, title: "Cut onboarding time to 14 days".into() }),
        ],
    }
}

fn draft(department: u32, author: &str, device: u64, titles: &[&str]) -> Contribution {
    Contribution {
        source: Source::Draft,
        workshop: "Northwind Outfitters — Annual planning 2027".into(),
        tag: Some(OURS),
        department: Some(DepartmentId(department)),
        author: author.into(),
        device,
        goals: titles
            .iter()
            .enumerate()
            .map(|(i, t)| SentGoal::new(i as u32 + 1, *t, Level::DepartmentGoal, Under::Goal { id: GoalId(2), title: "Customers renew because they succeed".into() }))
            .collect(),
    }
}

fn imported(w: &mut Workshop, c: &Contribution) -> accord::domain::share::Imported {
    let done = import(w, Some(OURS), c, NOON).expect("imports");
    w.apply(done.edit.clone()).expect("the planned import applies");
    done
}

#[test]
fn the_shared_link_carries_the_whole_agreed_tree_and_the_workshop_tag() {
    let w = northwind();
    let tree = agreed_tree(&w, NOON);
    let link = encode_tree(&tree, Some(OURS));
    assert!(link.starts_with("ACT1.") && link[5..].bytes().all(|b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b)), "base32 after the prefix");
    let shared = decode_tree(&format!("https://accord.example/view/#tree={link}")).expect("a whole link opens");
    assert_eq!(shared.tree, tree);
    assert_eq!(shared.tag, Some(OURS));
    // "Open in Accord" seeds a workshop whose goals keep their IDs (stable identity).
    let seeded = seed_workshop(&shared.tree, NOON).expect("seeds");
    for g in w.goals() {
        assert_eq!(seeded.goal(g.id).map(|s| s.title.as_str()), Some(g.title.as_str()), "{} keeps its ID", g.id);
    }
}

#[test]
fn a_shared_link_cut_short_tampered_or_holding_a_bad_tree_opens_nothing() {
    let tree = agreed_tree(&northwind(), NOON);
    let link = encode_tree(&tree, None);
    assert!(matches!(decode_tree(&link[..link.len() / 2]), Err(TreeLinkError::Pack(PackError::Damaged))));
    assert!(matches!(decode_tree("ACR1.ABCDEF"), Err(TreeLinkError::Pack(PackError::WrongKind))));
    // Valid packing, valid JSON, a tree that breaks the file's rules: two goals share an ID.
    let mut value = serde_json::to_value(&tree).unwrap();
    let first_id = value["tree"][0]["id"].clone();
    value["tree"][1]["id"] = first_id;
    let forged = pack("ACT1.", serde_json::json!({ "tree": value }).to_string().as_bytes());
    assert!(matches!(decode_tree(&forged), Err(TreeLinkError::Tree(_))), "{:?}", decode_tree(&forged));
    // A title that would render differently than it reads.
    let mut value = serde_json::to_value(&tree).unwrap();
    value["tree"][0]["title"] = "Grow \u{202e}eunever".into();
    let forged = pack("ACT1.", serde_json::json!({ "tree": value }).to_string().as_bytes());
    assert!(matches!(decode_tree(&forged), Err(TreeLinkError::Tree(_))));
    // A deflate bomb: megabytes of nothing in a short link.
    let bomb = pack("ACT1.", &vec![b' '; 8 * 1024 * 1024]);
    assert!(bomb.len() < 40_000);
    assert!(matches!(decode_tree(&bomb), Err(TreeLinkError::Pack(PackError::TooLarge))));
}

#[test]
fn a_department_lead_gets_the_strategy_the_objectives_and_their_department() {
    let w = northwind();
    let invite = draft_invite(&w, Some(OURS), DepartmentId(2)).expect("Sales exists");
    assert_eq!(invite.department_name, "Sales");
    assert_eq!(invite.objectives.len(), 4);
    assert_eq!(invite.strategy, w.strategy);
    let decoded = decode_draft(&encode_draft(&invite)).expect("opens");
    assert_eq!(decoded, invite);
    assert!(draft_invite(&w, None, DepartmentId(99)).is_none());
    // Hostile: well packed, but the department's name is a disguise.
    let forged = pack("ACD1.", serde_json::json!({"w": "Northwind", "o": [], "d": ["d2", "Sa\u{202e}les", "#2563eb"]}).to_string().as_bytes());
    assert!(matches!(decode_draft(&forged), Err(DraftLinkError::Invalid(_))), "{:?}", decode_draft(&forged));
    let twice = pack("ACD1.", serde_json::json!({"w": "N", "o": [["g1", "A", ""], ["g1", "B", ""]], "d": ["d2", "Sales", "#2563eb"]}).to_string().as_bytes());
    assert!(matches!(decode_draft(&twice), Err(DraftLinkError::Invalid(_))));
}

#[test]
fn two_personal_goals_come_back_by_code_and_carry_the_goals_they_serve() {
    let mut w = northwind();
    let before = w.clone();
    assert_eq!(coverage(&w).carriers(DACH), Some(1), "the demo's Tom Becker carries DACH already");
    assert_eq!(coverage(&w).carriers(ONBOARDING), Some(0));
    let code = amaras_goals().to_code();
    assert!(code.starts_with("ACG1."));
    let c = read_code(&format!("https://accord.example/#give={code}")).expect("the code reads back");
    assert_eq!(c, amaras_goals());
    let done = imported(&mut w, &c);
    assert_eq!(done.added.len(), 2);
    assert!(done.adrift.is_empty() && done.duplicates.is_empty());
    assert_eq!(done.summary(&c), "Imported Amara Okafor's 2 goals: 2 goals added.");
    for (id, under, department) in [(done.added[0], DACH, 2), (done.added[1], ONBOARDING, 4)] {
        let g = w.goal(id).unwrap();
        assert_eq!((g.level, g.owner.as_str(), g.department, g.status), (Level::Individual, "Amara Okafor", Some(DepartmentId(department)), Status::Proposed));
        assert_eq!(w.parent(id), Some(under));
        let record = w.contributed(id).expect("the author is kept");
        assert_eq!((record.author.as_str(), record.source, record.received), ("Amara Okafor", Source::Personal, NOON));
    }
    let after = coverage(&w);
    assert_eq!((after.carriers(DACH), after.carriers(ONBOARDING)), (Some(2), Some(1)));
    // The matrix's cells: Customer Success under "Customers renew" has two department
    // goals (onboarding, churn prediction), one of them now carried.
    let cells = accord::domain::share::coverage::carried_by_cell(&w, &after);
    assert_eq!(cells.get(&(GoalId(2), DepartmentId(4))), Some(&(1, 2)));
    assert_eq!(cells.get(&(GoalId(1), DepartmentId(2))), Some(&(1, 1)), "DACH, carried by Tom's and Amara's goals");
    assert!(after.adrift.is_empty());
    // It survives the workshop file, authors and all.
    let file = accord::domain::wire::to_json(&w);
    assert_eq!(accord::domain::wire::restore(file.as_bytes()).expect("reads back"), w);
    assert_eq!(before.goals().len() + 2, w.goals().len());
}

#[test]
fn one_undo_reverts_a_whole_import() {
    let mut w = northwind();
    let before = w.clone();
    let done = import(&w, Some(OURS), &amaras_goals(), NOON).unwrap();
    let inverse = w.apply(done.edit).unwrap();
    w.apply(inverse).unwrap();
    // IDs are never reused, so the next goal ID stays past the goals the import added.
    assert_eq!(w.next_ids().goal, before.next_ids().goal + 2);
    w.restore_next_ids(before.next_ids()).unwrap();
    assert_eq!(w, before);
}

#[test]
fn the_same_code_twice_adds_nothing_and_an_edited_goal_updates_the_goal_it_became() {
    let mut w = northwind();
    let first = imported(&mut w, &amaras_goals());
    let goals = w.goals().len();
    assert_eq!(import(&w, Some(OURS), &amaras_goals(), NOON), Err(ImportRefused::NothingNew { goals: 2 }));
    let mut edited = amaras_goals();
    edited.goals[0].title = "Translate the help centre and the app into German".into();
    edited.goals[1].under = Under::Goal { id: GoalId(9), title: "Predict churn with a customer health score".into() };
    let second = imported(&mut w, &edited);
    assert_eq!(w.goals().len(), goals, "no copies");
    assert_eq!(second.updated, first.added);
    assert_eq!(w.goal(first.added[0]).unwrap().title, "Translate the help centre and the app into German");
    assert_eq!(w.parent(first.added[1]), Some(GoalId(9)));
}

#[test]
fn a_code_cannot_take_over_someone_elses_goal() {
    let mut w = northwind();
    imported(&mut w, &amaras_goals());
    // Same device number and goal numbers (copied from Amara's file), another name.
    let mut impostor = amaras_goals();
    impostor.author = "Ben Hall".into();
    impostor.goals[0].title = "Cancel the German launch".into();
    let refused = import(&w, Some(OURS), &impostor, NOON).unwrap_err();
    assert!(matches!(refused, ImportRefused::NotTheirs { .. }), "{refused:?}");
    assert!(refused.to_string().contains("Amara Okafor sent"), "{refused}");
    // A draft may not rewrite personal goals either.
    let mut as_draft = amaras_goals();
    as_draft.source = Source::Draft;
    as_draft.department = Some(DepartmentId(2));
    as_draft.goals.iter_mut().for_each(|g| g.level = Level::Initiative);
    assert!(matches!(import(&w, Some(OURS), &as_draft, NOON), Err(ImportRefused::NotTheirs { .. })));
}

#[test]
fn goals_written_for_another_workshop_are_refused_whole() {
    let w = northwind();
    let refused = import(&w, Some(WorkshopTag([9; 8])), &amaras_goals(), NOON).unwrap_err();
    assert_eq!(refused, ImportRefused::OtherWorkshop { written_for: "Northwind Outfitters — Annual planning 2027".into() });
    let mut stray = draft(2, "Lucía Fernández", 1, &["Win ten DACH logos"]);
    stray.department = Some(DepartmentId(42));
    assert_eq!(import(&w, Some(OURS), &stray, NOON), Err(ImportRefused::UnknownDepartment { department: "d42".into() }));
}

#[test]
fn personal_goals_under_a_goal_since_removed_or_rejected_hang_under_nothing_agreed() {
    let mut w = northwind();
    w.apply(Edit::RemoveGoal(GoalId(15))).unwrap(); // "Sponsor a booth at OutDoor Expo"
    let mut details = accord::domain::model::GoalDetails::of(w.goal(ONBOARDING).unwrap());
    details.status = Status::Rejected;
    w.apply(Edit::UpdateGoal(ONBOARDING, details)).unwrap();
    let mut c = amaras_goals();
    c.goals[0].under = Under::Goal { id: GoalId(15), title: "Sponsor a booth at OutDoor Expo".into() };
    let done = imported(&mut w, &c);
    assert_eq!(done.adrift.len(), 2);
    assert!(done.adrift[0].1.contains("no longer in the workshop"), "{}", done.adrift[0].1);
    assert!(done.adrift[1].1.contains("which is now rejected"), "{}", done.adrift[1].1);
    assert_eq!(coverage(&w).adrift, done.added);
    assert!(done.summary(&c).contains("2 goals under nothing agreed"));
}

#[test]
fn two_department_drafts_with_one_near_duplicate_flag_exactly_that_pair() {
    let mut w = northwind();
    let cs = draft(4, "Sofia Rossi", 11, &["Reduce customer churn to 5%", "Launch a customer advisory board"]);
    let marketing = draft(3, "Mei Chen", 22, &["Cut customer churn below 5%", "Publish a yearly outdoor retail report"]);
    imported(&mut w, &cs);
    let done = imported(&mut w, &marketing);
    assert_eq!(done.duplicates.len(), 1, "{:?}", done.duplicates);
    let pair = done.duplicates[0];
    let titles = [w.title_of(pair.a), w.title_of(pair.b)];
    assert!(titles.contains(&"Reduce customer churn to 5%".to_string()) && titles.contains(&"Cut customer churn below 5%".to_string()), "{titles:?}");
    assert_eq!(near_duplicates(&w), vec![pair]);
    // Drafted goals keep their department and author.
    let g = w.goal(done.added[0]).unwrap();
    assert_eq!((g.department, g.level, w.parent(g.id)), (Some(DepartmentId(3)), Level::DepartmentGoal, Some(GoalId(2))));
    assert_eq!(w.contributed(g.id).unwrap().author, "Mei Chen");
    // Keep both: the flag goes, and an undo brings it back.
    let mut kept = w.clone();
    let inverse = kept.apply(Edit::KeepApart(pair.a, pair.b, true)).unwrap();
    assert!(near_duplicates(&kept).is_empty());
    kept.apply(inverse).unwrap();
    assert_eq!(near_duplicates(&kept), vec![pair]);
    // Merge: one goal stays; the other is kept on record as rejected, "Merged into …".
    w.apply(merge_duplicate(&w, pair.a, pair.b).unwrap()).unwrap();
    assert!(near_duplicates(&w).is_empty());
    assert_eq!(w.goal(pair.b).unwrap().status, Status::Rejected);
    assert!(w.goal(pair.b).unwrap().description.starts_with("Merged into"));
    assert!(w.contributed(pair.b).is_some(), "the absorbed goal's author stays on record");
}

#[test]
fn contributions_that_pass_the_outer_checks_but_are_wrong_inside_are_refused() {
    let good = serde_json::to_value(amaras_goals().to_doc()).unwrap();
    let refuse = |change: &dyn Fn(&mut serde_json::Value), why: &str| {
        let mut v = good.clone();
        change(&mut v);
        let bytes = v.to_string();
        assert!(read_file(bytes.as_bytes()).is_err(), "{why}: accepted");
        // The same inside a well-packed code.
        assert!(matches!(read_code(&pack("ACG1.", bytes.as_bytes())), Err(ReadError::File(_))), "{why}: accepted as a code");
    };
    refuse(&|v| v["goals"][0]["level"] = "department_goal".into(), "a personal goal posing as a department goal");
    refuse(&|v| v["goals"][1]["key"] = 1.into(), "two goals with one number");
    refuse(&|v| v["goals"][0]["key"] = 0.into(), "goal number 0");
    refuse(&|v| v["goals"][0]["key"] = 4_294_967_296u64.into(), "a number past u32");
    refuse(&|v| v["goals"][0]["under"] = "#2".into(), "under a goal listed after it (a loop)");
    refuse(&|v| v["goals"][0]["under"] = "#1".into(), "under itself");
    refuse(&|v| v["goals"][0]["under"] = "g012".into(), "a goal ID with a leading zero");
    refuse(&|v| v["author"] = " Amara".into(), "an author padded with space");
    refuse(&|v| v["author"] = "".into(), "no author");
    refuse(&|v| v["goals"][0]["title"] = "x".repeat(201).into(), "a title over 200 characters");
    refuse(&|v| v["goals"][0]["under_title"] = "DACH\u{7}".into(), "a control character");
    refuse(&|v| v["device"] = "3F09C2D1A4B5E6F7".into(), "a device number in capitals (two spellings of one device)");
    refuse(&|v| v["tag"] = "07010203".into(), "a short tag");
    refuse(&|v| v["department"] = "d2".into(), "personal goals naming a department");
    refuse(&|v| v["source"] = "draft".into(), "a draft without its department");
    refuse(&|v| v["goals"] = serde_json::json!([]), "no goals");
    refuse(&|v| v["extra"] = true.into(), "an unknown key");
    refuse(&|v| v["version"] = 2.into(), "a future version");
    refuse(
        &|v| {
            let one = v["goals"][0].clone();
            v["goals"] = serde_json::Value::Array((1..=MAX_GOALS as u64 + 1).map(|k| { let mut g = one.clone(); g["key"] = k.into(); g }).collect());
        },
        "more goals than anyone sends",
    );
    let doubled = good.to_string().replacen("\"author\":\"Amara Okafor\"", "\"author\":\"Amara Okafor\",\"author\":\"Ben Hall\"", 1);
    assert!(read_file(doubled.as_bytes()).is_err(), "a key written twice");
}

#[test]
fn alike_titles_are_flagged_and_different_ones_are_not() {
    assert_eq!(alike("Reduce customer churn", "Reduce customer churn"), 100);
    assert!(alike("Reduce customer churn to 5%", "Cut customer churn below 5%") >= 55);
    assert!(alike("Launch a customer advisory board", "Publish a yearly outdoor retail report") < 55);
    assert!(alike("Hire two DACH account executives", "Hold gross margin above 70%") < 55);
    assert_eq!(alike("", "the of and"), 0);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn likeness_is_symmetric_and_bounded(a in "\\PC{0,40}", b in "\\PC{0,40}") {
        let (x, y) = (alike(&a, &b), alike(&b, &a));
        prop_assert_eq!(x, y);
        prop_assert!(x <= 100);
    }

    /// Any personal goals under any goals of any workshop: the import is one step that
    /// undoes exactly, survives the file, and sent again adds nothing.
    #[test]
    fn any_import_undoes_exactly_survives_the_file_and_never_duplicates(
        w in crate::support::any_workshop(),
        picks in prop::collection::vec((any::<usize>(), "[A-Za-z][A-Za-z ]{0,30}[A-Za-z]"), 1..6),
        device in any::<u64>(),
    ) {
        let goals: Vec<_> = w.goals().iter().map(|g| (g.id, g.title.clone())).collect();
        let sent: Vec<SentGoal> = picks.iter().enumerate().map(|(i, (pick, title))| {
            let under = if goals.is_empty() { Under::Nothing } else {
                let (id, t) = &goals[pick % goals.len()];
                Under::Goal { id: *id, title: t.clone() }
            };
            SentGoal::new(i as u32 + 1, title.clone(), Level::Individual, under)
        }).collect();
        let c = Contribution { source: Source::Personal, workshop: "Any".into(), tag: None, department: None, author: "Kim Lee".into(), device, goals: sent };
        let c = read_code(&c.to_code()).expect("what Accord writes, it reads");
        let done = import(&w, None, &c, NOON).expect("personal goals always find a place");
        let mut after = w.clone();
        let inverse = after.apply(done.edit.clone()).expect("the plan applies");
        prop_assert_eq!(after.goals().len(), w.goals().len() + c.goals.len());
        prop_assert_eq!(after.contributions().count(), w.contributions().count() + c.goals.len());
        let file = accord::domain::wire::to_json(&after);
        prop_assert_eq!(&accord::domain::wire::restore(file.as_bytes()).expect("reads back"), &after);
        prop_assert_eq!(import(&after, None, &c, NOON), Err(ImportRefused::NothingNew { goals: c.goals.len() }));
        let mut undone = after.clone();
        undone.apply(inverse).unwrap();
        undone.restore_next_ids(w.next_ids()).expect("nothing of the import is left");
        prop_assert_eq!(undone, w);
    }
}
