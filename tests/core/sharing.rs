//! The facilitator's side of sharing (#16): which shared link opened the app, codes
//! found in pasted text, the words shown about goals sent back, and the import paths
//! the app takes (another workshop's code refused, the same code twice, two drafts with
//! a near-duplicate, keep both and its undo, coverage).

use accord::domain::codec::WorkshopTag;
use accord::domain::demo::demo_workshop;
use accord::domain::history::History;
use accord::domain::model::{Contributed, DepartmentId, Edit, GoalId, Level, Origin, Source, Workshop};
use accord::domain::share::arrival::{arrival, carried_line, contribution_codes, give_question, received_line, Arrival};
use accord::domain::share::contribution::read_code;
use accord::domain::share::coverage::coverage;
use accord::domain::share::{import, near_duplicates, Contribution, ImportRefused, SentGoal, Under};
use accord::domain::time::Timestamp;

const TAG: WorkshopTag = WorkshopTag([9, 8, 7, 6, 5, 4, 3, 2]);
const OTHER_TAG: WorkshopTag = WorkshopTag([1, 1, 1, 1, 1, 1, 1, 1]);
const NOW: Timestamp = Timestamp(1_800_000_000_000);
/// The demo's Marketing goal, which no individual goal carries yet.
const INBOUND: GoalId = GoalId(7);

fn personal(tag: WorkshopTag) -> Contribution {
    let under = Under::Goal { id: INBOUND, title: "Double qualified inbound pipeline".into() };
    Contribution {
        source: Source::Personal,
        workshop: "Northwind Outfitters — Annual planning 2027".into(),
        tag: Some(tag),
        department: None,
        author: "Amara Okafor".into(),
        device: 0x1234_5678_9abc_def0,
        goals: vec![
            SentGoal::new(1, "Run four webinars a quarter", Level::Individual, under.clone()),
            SentGoal::new(2, "Publish two customer stories a month", Level::Individual, under),
        ],
    }
}

fn draft(department: u32, device: u64, author: &str, title: &str) -> Contribution {
    Contribution {
        source: Source::Draft,
        workshop: "Northwind Outfitters — Annual planning 2027".into(),
        tag: Some(TAG),
        department: Some(DepartmentId(department)),
        author: author.into(),
        device,
        goals: vec![SentGoal::new(1, title, Level::DepartmentGoal, Under::Goal { id: GoalId(1), title: "objective".into() })],
    }
}

fn take(w: &mut Workshop, h: &mut History, c: &Contribution) -> Result<String, ImportRefused> {
    let imported = import(w, Some(TAG), c, NOW)?;
    h.apply(w, imported.edit.clone()).expect("the import applies");
    Ok(imported.summary(c))
}

#[test]
fn the_fragment_says_which_shared_thing_opened_the_app() {
    assert_eq!(arrival("#tree=ACT1.ABC"), Some(Arrival::Tree("ACT1.ABC".into())));
    assert_eq!(arrival("give=ACG1.XYZ"), Some(Arrival::Give("ACG1.XYZ".into())));
    assert_eq!(arrival("#draft=ACD1.Q"), Some(Arrival::Draft("ACD1.Q".into())));
    // A damaged link is still recognised by its key, so it is answered, not ignored.
    assert_eq!(arrival("#give=garbage"), Some(Arrival::Give("garbage".into())));
    for other in ["", "#", "#align", "#presenter/0123456789abcdef", "#invite=ACI1.x", "#treeish=1", "#lab/schulze"] {
        assert_eq!(arrival(other), None, "{other}");
    }
}

#[test]
fn codes_are_found_in_chat_text_and_links_and_read_back() {
    let a = personal(TAG).to_code();
    let b = draft(2, 7, "Lucia Romano", "Win twenty enterprise accounts").to_code();
    // A chat app wrapped the first code over two lines and wrote words around both.
    let (head, tail) = a.split_at(40);
    let chat = format!("Amara: here you go {head}\n{tail} thanks!\nLucia: mine is https://x.example/#give={b}");
    let found = contribution_codes(&chat);
    assert_eq!(found.len(), 2);
    assert_eq!(read_code(&found[0]).expect("the wrapped code reads"), personal(TAG));
    assert_eq!(read_code(&found[1]).expect("the code in the link reads").author, "Lucia Romano");
    // Codes one per line, nothing between them (a list pasted from a chat export).
    let listed = contribution_codes(&format!("{a}\n{b}\n"));
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert_eq!(read_code(&listed[0]).expect("the first of the list reads"), personal(TAG));
    assert_eq!(read_code(&listed[1]).expect("the second of the list reads").author, "Lucia Romano");
    assert!(contribution_codes("no codes here, only ACB1.BALLOT").is_empty());
    // A code cut off in the middle is found, and refused when read.
    let cut = contribution_codes(&a[..a.len() - 7]);
    assert_eq!(cut.len(), 1);
    assert!(read_code(&cut[0]).is_err());
}

#[test]
fn the_words_about_goals_sent_back() {
    assert_eq!(give_question(&personal(TAG), "Northwind"), "Import Amara Okafor's 2 goals into “Northwind”?");
    let record = Contributed { source: Source::Personal, author: "Amara Okafor".into(), origin: Origin { device: 1, key: 1 }, received: Timestamp::parse_rfc3339("2026-11-29T14:02:00Z").unwrap() };
    assert_eq!(received_line(&record), "sent by Amara Okafor · received 2026-11-29 14:02 UTC");
    assert_eq!(received_line(&Contributed { source: Source::Draft, ..record }), "drafted by Amara Okafor · received 2026-11-29 14:02 UTC");
    assert_eq!(carried_line(0), "no one's goals carry this yet");
    assert_eq!(carried_line(1), "carried by 1 personal goal");
    assert_eq!(carried_line(3), "carried by 3 personal goals");
}

#[test]
fn personal_goals_carry_their_department_goal_once_and_another_workshops_code_changes_nothing() {
    let mut w = demo_workshop().unwrap();
    let mut h = History::default();
    let before = w.clone();
    // Sealed for another workshop (a real code, valid inside): refused, nothing changed.
    let refused = import(&w, Some(TAG), &personal(OTHER_TAG), NOW).unwrap_err();
    assert!(matches!(refused, ImportRefused::OtherWorkshop { .. }), "{refused:?}");
    assert_eq!(w, before);

    assert_eq!(coverage(&w).carriers(INBOUND), Some(0));
    let said = take(&mut w, &mut h, &personal(TAG)).unwrap();
    assert_eq!(said, "Imported Amara Okafor's 2 goals: 2 goals added.");
    assert_eq!(coverage(&w).carriers(INBOUND), Some(2));
    assert_eq!(carried_line(coverage(&w).carriers(INBOUND).unwrap()), "carried by 2 personal goals");
    let added: Vec<_> = w.contributions().map(|(g, c)| (w.parent(g), c.author.clone(), c.received)).collect();
    assert_eq!(added, vec![(Some(INBOUND), "Amara Okafor".to_string(), NOW); 2]);

    // The same code again: already imported, nothing changes.
    let after = w.clone();
    let again = take(&mut w, &mut h, &personal(TAG)).unwrap_err();
    assert_eq!(again.to_string(), "Already imported: all 2 goals are in the workshop, unchanged.");
    assert_eq!(w, after);

    // One step for undo.
    h.undo(&mut w).unwrap();
    assert_eq!(w.contributions().count(), 0);
    assert_eq!(coverage(&w).carriers(INBOUND), Some(0));
}

#[test]
fn two_drafts_with_a_near_duplicate_are_flagged_and_keep_both_undoes() {
    let mut w = demo_workshop().unwrap();
    let mut h = History::default();
    take(&mut w, &mut h, &draft(2, 11, "Lucia Romano", "Reduce churn of enterprise customers")).unwrap();
    let said = take(&mut w, &mut h, &draft(4, 12, "Sam Lee", "Reduce enterprise customer churn")).unwrap();
    assert!(said.contains("1 possible duplicate to look at"), "{said}");
    let drafted: Vec<GoalId> = w.contributions().map(|(g, _)| g).collect();
    let pair = |w: &Workshop| near_duplicates(w).into_iter().find(|d| drafted.contains(&d.a) && drafted.contains(&d.b));
    let flagged = pair(&w).expect("the two drafts' goals are flagged");
    assert!(flagged.percent >= 55);

    h.apply(&mut w, Edit::KeepApart(flagged.a, flagged.b, true)).unwrap();
    assert_eq!(pair(&w), None);
    h.undo(&mut w).unwrap();
    assert_eq!(pair(&w), Some(flagged));
}
