//! The alignment map's layout and its SVG: no two boxes overlap, every child sits below
//! its parent, everything is inside the canvas, links join the right boxes, titles wrap
//! at words, the gap and "carried" flags, and user text stays text.

use std::collections::HashMap;

use accord::domain::demo::demo_workshop;
use accord::domain::map_layout::{
    layout, render_map_svg, text_width, wrap, EdgeKind, Tone, MapLayout, MapOptions, MAX_TITLE_LINES, SMALL_SIZE, TEXT_WIDTH,
    TITLE_SIZE,
};
use accord::domain::model::{Edit, GoalDetails, GoalId, Level, LinkKind, NewGoal, Status, Workshop};
use proptest::prelude::*;

use crate::support::{any_workshop, NOW};

/// Every geometric promise of the layout, checked on one workshop.
fn check_layout(w: &Workshop, m: &MapLayout) -> Result<(), String> {
    if m.nodes.len() != w.goals().len() {
        return Err(format!("{} nodes for {} goals", m.nodes.len(), w.goals().len()));
    }
    let canvas = m.canvas();
    if !canvas.contains(&m.strategy) {
        return Err("the strategy box leaves the canvas".into());
    }
    for (i, a) in m.nodes.iter().enumerate() {
        if !canvas.contains(&a.rect) {
            return Err(format!("{} at {:?} is outside the canvas {}×{}", a.goal, a.rect, m.width, m.height));
        }
        if a.rect.overlaps(&m.strategy) {
            return Err(format!("{} overlaps the strategy", a.goal));
        }
        for b in &m.nodes[i + 1..] {
            if a.rect.overlaps(&b.rect) {
                return Err(format!("{} {:?} overlaps {} {:?}", a.goal, a.rect, b.goal, b.rect));
            }
        }
        if let Some(parent) = w.parent(a.goal) {
            let p = m.node(parent).ok_or("parent missing")?;
            if p.rect.bottom() >= a.rect.y {
                return Err(format!("{} is not below its parent {}", a.goal, parent));
            }
        }
        if a.lines.is_empty() || a.lines.len() > MAX_TITLE_LINES {
            return Err(format!("{} has {} title lines", a.goal, a.lines.len()));
        }
        let bold = a.level == Level::Objective;
        for line in &a.lines {
            if text_width(line, TITLE_SIZE, bold) > TEXT_WIDTH + 0.001 {
                return Err(format!("{}: the line {line:?} is wider than its box", a.goal));
            }
        }
        for note in &a.notes {
            for line in &note.lines {
                if text_width(line, SMALL_SIZE, false) > TEXT_WIDTH + 0.001 {
                    return Err(format!("{}: the note {line:?} is wider than its box", a.goal));
                }
            }
        }
        // The text fits the box's height.
        let last = a.notes.len().checked_sub(1).map_or(a.meta_baseline(), |k| a.note_baseline(k, a.notes[k].lines.len() - 1));
        if last > a.rect.bottom() {
            return Err(format!("{}: text runs below the box", a.goal));
        }
    }
    for l in &m.legend {
        if l.x < 0.0 || l.y > m.height || l.x > m.width {
            return Err(format!("legend item {:?} is outside the canvas", l.label));
        }
    }
    // Links join the right boxes: one edge per parent link, per objective, per link.
    let mut expected: Vec<(EdgeKind, Option<GoalId>, GoalId)> = Vec::new();
    for g in w.goals() {
        match w.parent(g.id) {
            Some(p) => expected.push((EdgeKind::Tree, Some(p), g.id)),
            None if g.level == Level::Objective => expected.push((EdgeKind::Strategy, None, g.id)),
            None => {}
        }
    }
    for (from, kind, to) in w.links() {
        let kind = if kind == LinkKind::DependsOn { EdgeKind::DependsOn } else { EdgeKind::ConflictsWith };
        expected.push((kind, Some(from), to));
    }
    let mut got: Vec<(EdgeKind, Option<GoalId>, GoalId)> = m.edges.iter().map(|e| (e.kind, e.from, e.to)).collect();
    let key = |e: &(EdgeKind, Option<GoalId>, GoalId)| format!("{:?}{:?}{}", e.0, e.1, e.2);
    expected.sort_by_key(key);
    got.sort_by_key(key);
    if expected != got {
        return Err(format!("edges {got:?}, expected {expected:?}"));
    }
    for e in &m.edges {
        let to = m.node(e.to).ok_or("edge to a missing node")?;
        if !to.rect.on_edge(e.end) {
            return Err(format!("{:?} edge ends at {:?}, not on {}'s box {:?}", e.kind, e.end, e.to, to.rect));
        }
        match e.from {
            Some(f) => {
                let from = m.node(f).ok_or("edge from a missing node")?;
                if !from.rect.on_edge(e.start) {
                    return Err(format!("{:?} edge starts at {:?}, not on {}'s box", e.kind, e.start, f));
                }
            }
            None => {
                if !m.strategy.on_edge(e.start) {
                    return Err("a strategy edge does not start at the strategy".into());
                }
            }
        }
        if !e.path.starts_with(&format!("M{} {}", fmt(e.start.0), fmt(e.start.1))) {
            return Err(format!("path {} does not start at {:?}", e.path, e.start));
        }
        if !e.path.ends_with(&format!("{} {}", fmt(e.end.0), fmt(e.end.1))) && !e.path.ends_with(&format!("V{}", fmt(e.end.1))) {
            return Err(format!("path {} does not end at {:?}", e.path, e.end));
        }
    }
    Ok(())
}

fn fmt(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == r.trunc() { format!("{}", r as i64) } else { format!("{r:.1}") }
}

/// A small, strict XML well-formedness check: balanced tags, quoted attributes, no raw
/// `<` or `&` in text or attribute values outside the five entities and numeric ones.
fn well_formed(xml: &str) -> Result<(), String> {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = xml.trim_end();
    let entity_ok = |s: &str| -> Result<(), String> {
        let mut parts = s.split('&');
        parts.next();
        for p in parts {
            let end = p.find(';').ok_or_else(|| format!("a bare & before {:?}", &p[..p.len().min(20)]))?;
            let name = &p[..end];
            let ok = matches!(name, "amp" | "lt" | "gt" | "quot" | "apos")
                || (name.starts_with('#') && name[1..].chars().all(|c| c.is_ascii_digit()) && name.len() > 1);
            if !ok {
                return Err(format!("unknown entity &{name};"));
            }
        }
        Ok(())
    };
    let mut seen_root = false;
    while !rest.is_empty() {
        let Some(open) = rest.find('<') else {
            entity_ok(rest)?;
            if !stack.is_empty() || rest.trim().is_empty() {
                break;
            }
            return Err("text after the root".into());
        };
        let text = &rest[..open];
        if text.contains('>') {
            return Err(format!("raw > in text {text:?}"));
        }
        entity_ok(text)?;
        if stack.is_empty() && !text.trim().is_empty() {
            return Err("text outside the root".into());
        }
        let close = rest[open..].find('>').ok_or("unclosed tag")? + open;
        let tag = &rest[open + 1..close];
        if tag.contains('<') {
            return Err(format!("raw < inside the tag {tag:?}"));
        }
        if let Some(name) = tag.strip_prefix('/') {
            if stack.pop().as_deref() != Some(name) {
                return Err(format!("</{name}> closes nothing open"));
            }
        } else {
            if stack.is_empty() && seen_root {
                return Err("two roots".into());
            }
            seen_root = true;
            let self_closing = tag.ends_with('/');
            let body = tag.trim_end_matches('/');
            let name_end = body.find(char::is_whitespace).unwrap_or(body.len());
            let name = &body[..name_end];
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':') {
                return Err(format!("bad element name {name:?}"));
            }
            // Attributes: name="value" pairs, values without < or raw &.
            let mut attrs = body[name_end..].trim();
            let mut names = Vec::new();
            while !attrs.is_empty() {
                let eq = attrs.find('=').ok_or_else(|| format!("attribute without a value in {tag:?}"))?;
                let an = attrs[..eq].trim();
                if an.is_empty() || !an.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':') {
                    return Err(format!("bad attribute name {an:?}"));
                }
                if names.contains(&an) {
                    return Err(format!("attribute {an} twice"));
                }
                names.push(an);
                let after = &attrs[eq + 1..];
                let quote = after.chars().next().filter(|q| *q == '"' || *q == '\'').ok_or("unquoted attribute")?;
                let end = after[1..].find(quote).ok_or("unterminated attribute")? + 1;
                entity_ok(&after[1..end])?;
                attrs = after[end + 1..].trim_start();
            }
            if !self_closing {
                stack.push(name.to_string());
            }
        }
        rest = &rest[close + 1..];
    }
    if !stack.is_empty() {
        return Err(format!("unclosed elements {stack:?}"));
    }
    if !seen_root {
        return Err("no root".into());
    }
    Ok(())
}

fn add(w: &mut Workshop, title: &str, level: Level, parent: Option<GoalId>, dept: Option<usize>) -> GoalId {
    let department = dept.map(|i| w.departments()[i].id);
    match w.apply(Edit::AddGoal(NewGoal { title: title.into(), level, parent, department })).unwrap() {
        Edit::RemoveGoal(id) => id,
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_demo_lays_out_with_no_overlap_inside_the_canvas() {
    let w = demo_workshop().unwrap();
    let m = layout(&w, MapOptions::for_workshop(&w));
    check_layout(&w, &m).unwrap();
    assert!(m.edges.iter().any(|e| e.kind == EdgeKind::DependsOn));
    assert!(m.edges.iter().any(|e| e.kind == EdgeKind::ConflictsWith));
    // Objectives on the top row, then department goals, initiatives, individual goals.
    let top = |level: Level| m.nodes.iter().filter(|n| n.level == level).map(|n| n.rect.y).fold(f64::NAN, f64::max);
    assert!(top(Level::Objective) < top(Level::DepartmentGoal));
    assert!(top(Level::DepartmentGoal) < top(Level::Initiative));
    assert!(top(Level::Initiative) < top(Level::Individual));
    assert!(m.strategy.bottom() < top(Level::Objective));
}

#[test]
fn the_layout_is_deterministic() {
    let w = demo_workshop().unwrap();
    assert_eq!(layout(&w, MapOptions::for_workshop(&w)), layout(&w, MapOptions::for_workshop(&w)));
    assert_eq!(render_map_svg(&w), render_map_svg(&w));
}

#[test]
fn titles_wrap_between_words_and_end_in_an_ellipsis() {
    let title = "Expand into the Nordic markets with a local partner network and a dedicated onboarding team for every region we enter";
    let lines = wrap(title, TEXT_WIDTH, TITLE_SIZE, false, 3);
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines[2].ends_with('…'), "{lines:?}");
    let words: Vec<&str> = title.split(' ').collect();
    for line in &lines {
        assert!(text_width(line, TITLE_SIZE, false) <= TEXT_WIDTH);
        // Every word shown is a whole word of the title.
        for word in line.trim_end_matches('…').split(' ') {
            assert!(words.contains(&word), "{word:?} is a cut word in {lines:?}");
        }
    }
    // Short titles stay whole, on one line, without an ellipsis.
    assert_eq!(wrap("Grow revenue", TEXT_WIDTH, TITLE_SIZE, true, 3), vec!["Grow revenue".to_string()]);
    // A title that fits in exactly two lines gets no ellipsis.
    let two = wrap("Launch a self-serve plan for small teams and their first projects", TEXT_WIDTH, TITLE_SIZE, false, 3);
    assert!(two.len() <= 3 && !two.last().unwrap().ends_with('…'), "{two:?}");
    assert_eq!(two.join(" "), "Launch a self-serve plan for small teams and their first projects");
    // One word wider than the box is shown up to the width, then "…".
    let long = wrap(&"x".repeat(200), TEXT_WIDTH, TITLE_SIZE, false, 3);
    assert_eq!(long.len(), 1);
    assert!(long[0].ends_with('…') && text_width(&long[0], TITLE_SIZE, false) <= TEXT_WIDTH);
}

#[test]
fn gaps_and_carried_goals_are_flagged_from_the_tree() {
    let mut w = Workshop::new("Flags", NOW).unwrap();
    for name in ["Sales", "Marketing", "Ops"] {
        w.apply(Edit::AddDepartment { name: name.into(), capacity: None }).unwrap();
    }
    let grow = add(&mut w, "Grow revenue", Level::Objective, None, None);
    let keep = add(&mut w, "Keep customers", Level::Objective, None, None);
    let sell = add(&mut w, "Sell more", Level::DepartmentGoal, Some(grow), Some(0));
    let shout = add(&mut w, "Campaigns", Level::DepartmentGoal, Some(grow), Some(1));
    let stray = add(&mut w, "Stray goal", Level::DepartmentGoal, None, Some(2));
    let calls = add(&mut w, "Ten calls a day", Level::Individual, Some(sell), Some(0));
    let lone = add(&mut w, "My own thing", Level::Individual, None, None);
    let init = add(&mut w, "Old initiative", Level::Initiative, Some(shout), Some(1));
    let under_old = add(&mut w, "Under a deferred one", Level::Individual, Some(init), Some(1));
    let mut details = GoalDetails::of(w.goal(init).unwrap());
    details.status = Status::Deferred;
    w.apply(Edit::UpdateGoal(init, details)).unwrap();

    let m = layout(&w, MapOptions::for_workshop(&w));
    check_layout(&w, &m).unwrap();
    let ops = w.departments()[2].id;
    let node = |id| m.node(id).unwrap();
    assert_eq!(node(grow).flags.missing_departments, vec![ops]);
    assert!(node(grow).notes.iter().any(|n| n.text == "Gap: no goal yet from Ops"));
    assert!(!node(grow).flags.is_gap(), "a supported objective is only noted, not outlined as a gap");
    assert_eq!(node(keep).flags.missing_departments.len(), 3);
    assert!(node(keep).flags.unsupported && node(keep).flags.is_gap());
    assert!(node(keep).notes.iter().any(|n| n.text == "Gap: no department has a goal under this yet"));
    assert!(node(stray).flags.orphan && node(lone).flags.orphan);
    assert_eq!(node(sell).flags.carried_by, Some(1));
    assert!(node(sell).notes.iter().any(|n| n.text == "Carried by 1 individual goal"));
    // The individual goal under a deferred initiative does not carry the department goal.
    assert_eq!(node(shout).flags.carried_by, Some(0));
    assert!(node(shout).notes.iter().any(|n| n.text == "No one carries this yet" && n.tone == Tone::NotCarried));
    assert!(!node(calls).flags.under_nothing_agreed);
    assert!(node(lone).flags.under_nothing_agreed);
    assert!(node(under_old).flags.under_nothing_agreed);
    assert!(node(under_old).notes.iter().any(|n| n.text == "Gap: hangs under nothing agreed"));
    // Goals that trace to no objective sit on the right of everything under an objective.
    let traced_right = [grow, keep, sell, shout, calls, init, under_old].iter().map(|g| node(*g).rect.right()).fold(0.0, f64::max);
    assert!(node(stray).rect.x > traced_right && node(lone).rect.x > traced_right);
    // With the option off, the "carried" notes go; the gaps stay.
    let quiet = layout(&w, MapOptions { show_carried: false });
    assert!(quiet.node(sell).unwrap().notes.is_empty());
    assert!(quiet.node(lone).unwrap().notes.iter().any(|n| n.text.starts_with("Gap")));
}

#[test]
fn the_svg_escapes_user_text_and_is_well_formed() {
    let mut w = demo_workshop().unwrap();
    let hostile = "<script>alert(1)</script> & \"quotes\" 'apos' ]]> <!--";
    let mut details = GoalDetails::of(w.goal(GoalId(5)).unwrap());
    details.title = hostile.into();
    w.apply(Edit::UpdateGoal(GoalId(5), details)).unwrap();
    w.set_title("Q1 & <b>bold</b> plans").unwrap();
    w.set_strategy("Win <script>x</script> & more").unwrap();
    let svg = render_map_svg(&w);
    well_formed(&svg).unwrap();
    assert!(!svg.to_lowercase().contains("<script"), "raw <script in the SVG");
    assert!(!svg.contains("<b>") && !svg.contains("<!--"));
    assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"));
    assert!(svg.contains("Q1 &amp; &lt;b&gt;bold&lt;/b&gt; plans"));
    // Every goal is in the picture, by its full title.
    for g in demo_workshop().unwrap().goals().iter().filter(|g| g.id != GoalId(5)) {
        let escaped = g.title.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;");
        assert!(svg.contains(&format!("<title>{escaped}</title>")), "{} is missing", g.title);
    }
    // The checker itself refuses what it should.
    assert!(well_formed("<svg><text>a < b</text></svg>").is_err());
    assert!(well_formed("<svg><text>a & b</text></svg>").is_err());
    assert!(well_formed("<svg><g></svg>").is_err());
    assert!(well_formed(r#"<svg a="<"/>"#).is_err());
}

#[test]
fn an_empty_workshop_has_a_map() {
    let w = Workshop::new("Empty", NOW).unwrap();
    let m = layout(&w, MapOptions::for_workshop(&w));
    check_layout(&w, &m).unwrap();
    well_formed(&render_map_svg(&w)).unwrap();
}

#[test]
fn a_wide_level_skipping_tree_keeps_children_below_and_apart() {
    let mut w = Workshop::new("Wide", NOW).unwrap();
    let mut objectives = Vec::new();
    for i in 0..4 {
        objectives.push(add(&mut w, &format!("Objective {i} with a title long enough to wrap onto three lines or more for sure"), Level::Objective, None, None));
    }
    let mut by_parent: HashMap<GoalId, usize> = HashMap::new();
    for (i, o) in objectives.iter().enumerate() {
        // Skips levels: initiatives and individual goals straight under objectives.
        for level in [Level::Initiative, Level::Individual, Level::DepartmentGoal] {
            let child = add(&mut w, &format!("Child {i} {level}"), level, Some(*o), None);
            *by_parent.entry(*o).or_default() += 1;
            if level == Level::DepartmentGoal {
                add(&mut w, "Grandchild", Level::Individual, Some(child), None);
            }
        }
    }
    let a = w.goals()[1].id;
    let b = w.goals()[9].id;
    w.apply(Edit::AddLink(a, LinkKind::DependsOn, b)).unwrap();
    w.apply(Edit::AddLink(objectives[0], LinkKind::ConflictsWith, objectives[3])).unwrap();
    let m = layout(&w, MapOptions::for_workshop(&w));
    check_layout(&w, &m).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Whatever workshop the model accepts, its map has no overlapping boxes, keeps every
    /// box and child where it belongs, joins the right boxes, and is well-formed SVG.
    #[test]
    fn any_workshop_lays_out_cleanly(w in any_workshop(), carried in any::<bool>()) {
        let m = layout(&w, MapOptions { show_carried: carried });
        if let Err(e) = check_layout(&w, &m) {
            return Err(TestCaseError::fail(e));
        }
        let svg = render_map_svg(&w);
        if let Err(e) = well_formed(&svg) {
            return Err(TestCaseError::fail(format!("{e}\n{svg}")));
        }
        prop_assert!(!svg.to_lowercase().contains("<script"));
        prop_assert!(!svg.contains("<img"));
        // The map's gaps are the alignment analysis's gaps.
        let a = accord::domain::alignment::analyse(&w);
        let mut unsupported: Vec<GoalId> = m.nodes.iter().filter(|n| n.flags.unsupported).map(|n| n.goal).collect();
        let mut orphans: Vec<GoalId> = m.nodes.iter().filter(|n| n.flags.orphan).map(|n| n.goal).collect();
        unsupported.sort();
        orphans.sort();
        let (mut u, mut o) = (a.unsupported.clone(), a.orphans.clone());
        u.sort();
        o.sort();
        prop_assert_eq!(unsupported, u);
        prop_assert_eq!(orphans, o);
    }
}
