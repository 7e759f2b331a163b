//! Issue #14's faults that live in the core: the SVG picture cut its strategy line at the
//! canvas edge, and results listed goals tied by Schulze in the round's order, not by
//! their Borda points.

use accord::domain::demo::demo_workshop;
use accord::domain::model::{Edit, GoalDetails, GoalId, ParticipantId, Workshop};
use accord::domain::render::svg;
use accord::domain::tally::{tally_round, Ratio, RoundResult};
use accord::domain::voting::{Ballot, Method, RoundStatus, Secrecy, Weighting};
use proptest::prelude::*;

use crate::support::{set_up_round, NOW};

/// Every `<text>` element of the picture: (x, font size, anchored at its end, bold, text).
fn texts(svg: &str) -> Vec<(f64, f64, bool, bool, String)> {
    let attr = |tag: &str, name: &str| {
        tag.split(&format!(" {name}=\"")).nth(1).and_then(|rest| rest.split('"').next()).map(str::to_string)
    };
    let mut found = Vec::new();
    let mut rest = svg;
    while let Some(start) = rest.find("<text") {
        let from = &rest[start..];
        let open_end = from.find('>').expect("a text tag closes");
        let tag = &from[..open_end];
        let close = from.find("</text>").expect("a text element ends");
        let content = from[open_end + 1..close]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&");
        found.push((
            attr(tag, "x").expect("x").parse().expect("x is a number"),
            attr(tag, "font-size").map_or(14.0, |s| s.parse().expect("a size")),
            attr(tag, "text-anchor").as_deref() == Some("end"),
            attr(tag, "font-weight").as_deref() == Some("700"),
            content,
        ));
        rest = &from[close..];
    }
    found
}

fn canvas_width(svg: &str) -> f64 {
    svg.split(" width=\"").nth(1).and_then(|r| r.split('"').next()).unwrap().parse().unwrap()
}

/// No line of text is estimated wider than the room between it and the canvas edge.
fn assert_every_line_fits(svg: &str) {
    let width = canvas_width(svg);
    let lines = texts(svg);
    assert!(!lines.is_empty());
    for (x, size, end, bold, text) in lines {
        let w = svg::text_width(&text, size) * if bold { 1.1 } else { 1.0 };
        let (left, right) = if end { (x - w, x) } else { (x, x + w) };
        assert!(left >= 0.0 && right <= width, "“{text}” runs from {left:.0} to {right:.0} px on a {width} px canvas");
    }
}

fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

const PROSE: &str = "Grow recurring revenue by a third while holding gross margin above seventy-two per cent, \
    open two new markets with a partner-led motion, halve the time a new customer needs to reach value, \
    and keep every team's roadmap traceable to one of these objectives, so that a decision made in one \
    department is visible to the others before it costs them a quarter of work.";

#[test]
fn the_svg_picture_wraps_the_whole_strategy_inside_the_canvas() {
    let mut w = demo_workshop().unwrap();
    w.apply(Edit::SetStrategy(PROSE.into())).unwrap();
    let picture = svg::tree(&w);
    assert_every_line_fits(&picture);
    // Nothing of the strategy is dropped: its lines, read in order, are the statement.
    let shown: Vec<String> = texts(&picture).into_iter().filter(|t| !t.3 && t.0 == 16.0 && t.1 == 14.0).map(|t| t.4).collect();
    assert!(shown.len() >= 3, "a long strategy takes several lines: {shown:?}");
    assert_eq!(words(&shown.join(" ")), words(PROSE));
}

#[test]
fn hostile_text_stays_inside_the_canvas_too() {
    // One unbroken token, wide capitals, wide East Asian characters, markup: in the
    // title, the strategy, every goal title, department name and round name.
    let token = "x".repeat(900);
    let capitals = "W".repeat(200);
    let wide = "戦略".repeat(100);
    let mut w = demo_workshop().unwrap();
    w.apply(Edit::SetTitle(capitals.clone())).unwrap();
    w.apply(Edit::SetStrategy(format!("{token} {wide} <b>&amp;</b> {capitals}"))).unwrap();
    let ids: Vec<GoalId> = w.goals().iter().map(|g| g.id).collect();
    for (i, id) in ids.into_iter().enumerate() {
        let mut details = GoalDetails::of(w.goal(id).unwrap());
        details.title = if i % 2 == 0 { capitals.clone() } else { wide.clone() };
        w.apply(Edit::UpdateGoal(id, details)).unwrap();
    }
    let departments: Vec<_> = w.departments().iter().map(|d| d.id).collect();
    for (i, d) in departments.into_iter().enumerate() {
        w.apply(Edit::RenameDepartment(d, format!("{i}{}", "M".repeat(79)))).unwrap();
    }
    let picture = svg::tree(&w);
    assert_every_line_fits(&picture);
    assert!(picture.contains("&lt;b&gt;&amp;amp;&lt;/b&gt;"), "text stays text");
}

#[test]
fn wrapping_breaks_at_spaces_and_only_breaks_a_word_too_long_for_a_line() {
    assert_eq!(svg::wrap("", 14.0, 100.0), Vec::<String>::new());
    let lines = svg::wrap("alpha beta gamma delta", 10.0, 60.0);
    assert!(lines.iter().all(|l| !l.starts_with(' ') && !l.ends_with(' ')), "{lines:?}");
    assert_eq!(lines.join(" "), "alpha beta gamma delta");
    let long = svg::wrap(&"a".repeat(50), 10.0, 60.0);
    assert!(long.len() > 1 && long.iter().all(|l| svg::text_width(l, 10.0) <= 60.0), "{long:?}");
    assert_eq!(long.concat(), "a".repeat(50));
    let fitted = svg::fit("Launch a self-serve plan for small teams", 14.0, 120.0);
    assert!(fitted.ends_with('…') && svg::text_width(&fitted, 14.0) <= 120.0, "{fitted}");
}

// ----- Results rows of tied goals are listed by their Borda points -----

const SELF_SERVE: GoalId = GoalId(5);
const DACH: GoalId = GoalId(6);
const INBOUND: GoalId = GoalId(7);

fn ranked_round(ballots: &[(u32, Vec<GoalId>)]) -> (Workshop, RoundResult) {
    let mut w = demo_workshop().unwrap();
    let r = set_up_round(&mut w, "Tied", Method::Ranked, vec![SELF_SERVE, DACH, INBOUND], Secrecy::Named, Weighting::Equal);
    w.apply(w.set_round_status(r, RoundStatus::Open).unwrap()).unwrap();
    for (who, order) in ballots {
        w.apply(w.cast(r, ParticipantId(*who), Ballot::Ranking(order.clone()), NOW).unwrap()).unwrap();
    }
    let result = tally_round(&w, w.round(r).unwrap(), Weighting::Equal, None).unwrap();
    (w, result)
}

fn assert_tiers_by_borda(result: &RoundResult) {
    for tier in &result.order {
        let points: Vec<&Ratio> = tier.iter().map(|g| &result.exact[g]).collect();
        assert!(points.windows(2).all(|p| p[0] >= p[1]), "a tier listed against its Borda points: {tier:?} {points:?}");
    }
}

#[test]
fn goals_tied_by_schulze_are_listed_by_their_borda_points() {
    // Self-serve and DACH tie head to head (1:1) and neither beats the other through
    // Inbound, but DACH has more Borda points (3 against 2): it is listed first, still tied.
    let (_, result) = ranked_round(&[(1, vec![SELF_SERVE, DACH, INBOUND]), (4, vec![DACH, INBOUND, SELF_SERVE])]);
    let tier = result.order.iter().find(|t| t.contains(&SELF_SERVE)).unwrap();
    assert!(tier.contains(&DACH), "they are tied: {:?}", result.order);
    let position = |g| tier.iter().position(|x| *x == g).unwrap();
    assert!(position(DACH) < position(SELF_SERVE), "{:?}, Borda {:?}", result.order, result.headline);
    assert_eq!(result.rank_of(DACH), result.rank_of(SELF_SERVE), "still one rank");
    assert_tiers_by_borda(&result);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn every_tier_is_listed_by_borda_points(orders in proptest::collection::vec((0usize..6, 1usize..=3), 1..8)) {
        let goals = [SELF_SERVE, DACH, INBOUND];
        let permutations: [[usize; 3]; 6] = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
        let ballots: Vec<(u32, Vec<GoalId>)> = orders
            .iter()
            .enumerate()
            .map(|(i, (p, len))| (i as u32 + 1, permutations[*p][..*len].iter().map(|k| goals[*k]).collect()))
            .collect();
        let (_, result) = ranked_round(&ballots);
        assert_tiers_by_borda(&result);
    }
}
