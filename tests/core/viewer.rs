//! What the viewer keeps on a device (`share::kept`): goal numbers never reused, levels
//! that fit, the stored list read back as strictly as a file, and the contribution it
//! sends decoding to exactly what was written and importing under the goals it names.

use accord::domain::codec::WorkshopTag;
use accord::domain::demo::demo_workshop;
use accord::domain::model::{DepartmentId, GoalId, Level, Source};
use accord::domain::share::contribution::read_code;
use accord::domain::share::kept::{draft_key, tree_key, DeviceCounter, Kept, KeptError, Written};
use accord::domain::share::{import, Under};
use accord::domain::time::Timestamp;
use proptest::prelude::*;

fn titled(t: &str) -> Written {
    Written { title: t.into(), ..Written::default() }
}

fn under(id: u32, title: &str) -> Under {
    Under::Goal { id: GoalId::parse(&format!("g{id}")).unwrap(), title: title.into() }
}

#[test]
fn goal_numbers_are_never_given_twice_on_a_device() {
    let mut counter = DeviceCounter::new(0xfeed);
    let mut mine = Kept::new(counter.device);
    let mut draft = Kept::new(counter.device);
    let a = mine.add(&mut counter, &titled("Ship the onboarding email"), Level::Individual, under(5, "Cut churn"), Some(Level::DepartmentGoal)).unwrap();
    let b = draft.add(&mut counter, &titled("Grow the pipeline"), Level::DepartmentGoal, under(1, "Grow"), Some(Level::Objective)).unwrap();
    assert_eq!(mine.remove(a), 1);
    let c = mine.add(&mut counter, &titled("Ship it again"), Level::Individual, under(5, "Cut churn"), Some(Level::DepartmentGoal)).unwrap();
    assert_eq!((a, b, c), (1, 2, 3));
    // The counter read back from storage goes on where it was.
    assert_eq!(DeviceCounter::from_text(&counter.to_text()), Some(counter));
}

#[test]
fn a_lost_counter_still_numbers_above_every_kept_goal() {
    let mut counter = DeviceCounter::new(7);
    let mut mine = Kept::new(7);
    for t in ["one", "two", "three"] {
        mine.add(&mut counter, &titled(t), Level::Individual, under(5, "x"), Some(Level::Initiative)).unwrap();
    }
    let mut fresh = DeviceCounter::new(7);
    assert_eq!(mine.add(&mut fresh, &titled("four"), Level::Individual, under(5, "x"), Some(Level::Initiative)), Ok(4));
}

#[test]
fn the_last_number_is_refused_rather_than_wrapped() {
    let mut counter = DeviceCounter { device: 1, next: u32::MAX };
    let mut mine = Kept::new(1);
    assert_eq!(mine.add(&mut counter, &titled("a"), Level::Individual, Under::Nothing, None), Err(KeptError::Exhausted));
    assert!(mine.goals.is_empty());
    // A stored counter of 0 (never written by Accord) is refused.
    assert_eq!(DeviceCounter::from_text("0000000000000001:0"), None);
}

#[test]
fn levels_must_fit_and_parents_must_exist() {
    let mut counter = DeviceCounter::new(9);
    let mut draft = Kept::new(9);
    let goal = draft.add(&mut counter, &titled("Win DACH"), Level::DepartmentGoal, under(1, "Grow"), Some(Level::Objective)).unwrap();
    let initiative = draft.add(&mut counter, &titled("Hire a DACH lead"), Level::Initiative, Under::Sent(goal), None).unwrap();
    assert_eq!(
        draft.add(&mut counter, &titled("Under an initiative"), Level::DepartmentGoal, Under::Sent(initiative), None),
        Err(KeptError::WrongLevel { level: Level::DepartmentGoal, under: Level::Initiative })
    );
    assert_eq!(draft.add(&mut counter, &titled("Orphan"), Level::Initiative, Under::Sent(99), None), Err(KeptError::NoSuchGoal));
    assert_eq!(
        draft.add(&mut counter, &titled("Beside an objective"), Level::Objective, under(1, "Grow"), Some(Level::Objective)),
        Err(KeptError::WrongLevel { level: Level::Objective, under: Level::Objective })
    );
    // Removing the goal takes its initiative with it.
    assert_eq!(draft.remove(goal), 2);
    assert!(draft.goals.is_empty());
}

#[test]
fn text_is_checked_by_the_workshops_rules() {
    let mut counter = DeviceCounter::new(3);
    let mut mine = Kept::new(3);
    assert!(matches!(mine.add(&mut counter, &titled("   "), Level::Individual, Under::Nothing, None), Err(KeptError::Text(_))));
    assert!(matches!(mine.add(&mut counter, &titled("evil\u{202e}txt"), Level::Individual, Under::Nothing, None), Err(KeptError::Text(_))));
    assert!(matches!(mine.set_author("Amara\u{7}"), Err(KeptError::Text(_))));
    // Spaces around what was typed are trimmed, as everywhere in Accord.
    mine.set_author("  Amara Okafor ").unwrap();
    assert_eq!(mine.author, "Amara Okafor");
    let k = mine.add(&mut counter, &titled("  Answer every ticket in a day "), Level::Individual, Under::Nothing, None).unwrap();
    assert_eq!(mine.goal(k).unwrap().title, "Answer every ticket in a day");
    assert!(matches!(mine.edit(k, &titled("")), Err(KeptError::Text(_))));
    assert_eq!(mine.goal(k).unwrap().title, "Answer every ticket in a day");
}

#[test]
fn nothing_is_sent_without_a_name_and_a_goal() {
    let mut counter = DeviceCounter::new(3);
    let mut mine = Kept::new(3);
    assert_eq!(mine.contribution(Source::Personal, "W", None, None), Err(KeptError::NoName));
    mine.set_author("Amara").unwrap();
    assert_eq!(mine.contribution(Source::Personal, "W", None, None), Err(KeptError::NoGoals));
    mine.add(&mut counter, &titled("a"), Level::Individual, Under::Nothing, None).unwrap();
    assert!(mine.contribution(Source::Personal, "W", None, None).is_ok());
}

#[test]
fn the_stored_list_reads_back_and_damage_is_refused() {
    let mut counter = DeviceCounter::new(0xabc);
    let mut draft = Kept::new(0xabc);
    let empty = Kept::from_json(&draft.to_json(Source::Draft), Source::Draft).unwrap();
    assert_eq!(empty, draft);
    draft.set_author("Lena").unwrap();
    let g = draft.add(&mut counter, &Written { title: "Win DACH".into(), metric: "ARR".into(), target: "€2M".into(), ..Written::default() }, Level::DepartmentGoal, under(1, "Grow"), Some(Level::Objective)).unwrap();
    draft.add(&mut counter, &titled("Hire a lead"), Level::Initiative, Under::Sent(g), None).unwrap();
    assert_eq!(Kept::from_json(&draft.to_json(Source::Draft), Source::Draft), Ok(draft.clone()));
    // Valid JSON, wrong inside: an individual goal in a draft is fine, an objective is not;
    // a personal list holds only individual goals; a child before its parent; padding.
    let json = draft.to_json(Source::Draft);
    assert!(Kept::from_json(&json, Source::Personal).is_err());
    assert!(Kept::from_json(&json.replace("department_goal", "objective"), Source::Draft).is_err());
    assert!(Kept::from_json(&json.replace("\"#1\"", "\"#7\""), Source::Draft).is_err());
    assert!(Kept::from_json(&json.replace("Win DACH", " Win DACH"), Source::Draft).is_err());
    assert!(Kept::from_json(&json.replace("0000000000000abc", "abc"), Source::Draft).is_err());
    assert!(Kept::from_json(&json.replace("\"author\"", "\"extra\":1,\"author\""), Source::Draft).is_err());
    assert!(Kept::from_json(&json.replace("\"key\":2", "\"key\":1"), Source::Draft).is_err());
    assert!(Kept::from_json(&json.replace("\"key\":2", "\"key\":0"), Source::Draft).is_err());
    assert!(Kept::from_json(&json.replace("\"#1\"", "\"#01\""), Source::Draft).is_err());
    assert!(Kept::from_json(&json.replace("\"under_title\":\"Grow\",", ""), Source::Draft).is_err());
    assert!(Kept::from_json(&json.replace("\"title\":\"Hire a lead\"", "\"title\":7"), Source::Draft).is_err());
    assert!(Kept::from_json(&json.replace("\"goals\":[", "\"goals\":[{},"), Source::Draft).is_err());
    assert!(Kept::from_json("{", Source::Draft).is_err());
}

#[test]
fn keys_follow_the_workshop_or_the_link() {
    let tag = WorkshopTag([1, 2, 3, 4, 5, 6, 7, 8]);
    assert_eq!(tree_key(Some(tag), "ACT1.AAAA"), "accord.view.0102030405060708");
    assert_eq!(tree_key(Some(tag), "ACT1.BBBB"), tree_key(Some(tag), "ACT1.AAAA"));
    assert_eq!(tree_key(None, "view/#tree=ACT1.AB CD"), tree_key(None, "ACT1.ABCD"));
    assert_ne!(tree_key(None, "ACT1.ABCD"), tree_key(None, "ACT1.ABCE"));
    let d = DepartmentId::parse("d2").unwrap();
    assert_eq!(draft_key(Some(tag), d, "x"), "accord.view.draft.0102030405060708.d2");
}

#[test]
fn personal_goals_sent_back_import_under_the_goals_they_serve() {
    let w = demo_workshop().unwrap();
    let served = w.goals().iter().find(|g| g.level == Level::DepartmentGoal).unwrap();
    let mut counter = DeviceCounter::new(0x1234_5678_9abc_def0);
    let mut mine = Kept::new(counter.device);
    mine.set_author("Amara Okafor").unwrap();
    let first = Under::Goal { id: served.id, title: served.title.clone() };
    mine.add(&mut counter, &titled("Call ten churned customers a week"), Level::Individual, first.clone(), Some(served.level)).unwrap();
    mine.add(&mut counter, &titled("Write the win-back playbook"), Level::Individual, first, Some(served.level)).unwrap();
    let sent = mine.contribution(Source::Personal, &w.title, None, None).unwrap();
    let back = read_code(&sent.to_code()).unwrap();
    assert_eq!(back, sent);
    let imported = import(&w, None, &back, Timestamp(1_700_000_000_000)).unwrap();
    assert_eq!(imported.added.len(), 2);
    let mut after = w.clone();
    after.apply(imported.edit).unwrap();
    for id in &imported.added {
        assert_eq!(after.parent(*id), Some(served.id));
        assert_eq!(after.contributed(*id).unwrap().author, "Amara Okafor");
    }
}

proptest! {
    /// Whatever is added and removed, in any order, numbers only go up and the list always
    /// reads back as it was and sends a code that decodes to itself.
    #[test]
    fn any_edits_keep_numbers_unique_and_the_list_readable(ops in proptest::collection::vec((0u8..3, 0usize..6, "[a-z ]{0,12}"), 1..30)) {
        let mut counter = DeviceCounter::new(42);
        let mut draft = Kept::new(42);
        draft.set_author("Lead").unwrap();
        let mut given: Vec<u32> = Vec::new();
        for (op, pick, title) in ops {
            let keys: Vec<u32> = draft.goals.iter().map(|g| g.key).collect();
            let picked = (!keys.is_empty()).then(|| keys[pick % keys.len()]);
            match (op, picked) {
                (0, _) | (1, None) => {
                    if let Ok(k) = draft.add(&mut counter, &titled(&title), Level::DepartmentGoal, under(1, "Grow"), Some(Level::Objective)) { given.push(k) }
                }
                (1, Some(p)) => {
                    if let Ok(k) = draft.add(&mut counter, &titled(&title), Level::Initiative, Under::Sent(p), None) { given.push(k) }
                }
                (_, Some(p)) => { draft.remove(p); }
                _ => {}
            }
            prop_assert!(given.windows(2).all(|w| w[0] < w[1]));
            prop_assert_eq!(Kept::from_json(&draft.to_json(Source::Draft), Source::Draft), Ok(draft.clone()));
        }
        if let Ok(c) = draft.contribution(Source::Draft, "W", None, DepartmentId::parse("d1")) {
            prop_assert_eq!(read_code(&c.to_code()), Ok(c));
        }
    }
}

#[test]
fn file_names_keep_only_letters_digits_and_dashes() {
    use accord::domain::share::kept::file_name;
    assert_eq!(file_name("Amara Okafor", Source::Personal), "goals-Amara-Okafor.json");
    assert_eq!(file_name("../../etc/passwd", Source::Personal), "goals-etc-passwd.json");
    assert_eq!(file_name("Zoë <b>", Source::Draft), "draft-Zoë-b.json");
    assert_eq!(file_name("!!!", Source::Personal), "goals.json");
}

#[test]
fn an_uncompressed_code_reads_back_like_a_compressed_one() {
    use accord::domain::share::pack::{pack_stored, unpack};
    let mut counter = DeviceCounter::new(5);
    let mut mine = Kept::new(5);
    mine.set_author("Amara").unwrap();
    mine.add(&mut counter, &titled("Answer every ticket in a day"), Level::Individual, under(5, "Cut churn"), Some(Level::DepartmentGoal)).unwrap();
    let c = mine.contribution(Source::Personal, "W", None, None).unwrap();
    assert_eq!(read_code(&c.to_code_uncompressed()), Ok(c.clone()));
    assert_eq!(read_code(&c.to_code_uncompressed()), read_code(&c.to_code()));
    // Empty, one block exactly, and several blocks.
    for n in [0usize, 1, 65_535, 65_536, 200_000] {
        let bytes: Vec<u8> = (0..n).map(|i| (i % 251) as u8).collect();
        assert_eq!(unpack("X.", &pack_stored("X.", &bytes)), Ok(bytes), "{n} bytes");
    }
    // A cut code is refused, not read short.
    let code = c.to_code_uncompressed();
    assert!(read_code(&code[..code.len() - 8]).is_err());
}
