//! Ballots as CSV, one row per mark (tidy: round, voter, goal, value), for spreadsheets.
//! Only revealed rounds; anonymous rounds number their voters in a shuffled order.

use crate::domain::voting::{Ballot, Method};
use crate::domain::model::Workshop;

/// RFC 4180 quoting, and a leading quote for text a spreadsheet would run as a formula
/// (OWASP's list: `=`, `+`, `-`, `@`, tab and carriage return).
pub fn field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() };
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s }
}

/// The ballots of every round whose results are shown (the disclosure policy): named
/// rounds by name; anonymous rounds as "voter N" in an order shuffled from `seed` (pass
/// fresh randomness), departments too small to show alone as "other departments".
pub fn ballots(w: &Workshop, seed: u64) -> String {
    let mut out = String::from("round,round_name,method,voter,department,goal,goal_title,value\n");
    for round in w.rounds() {
        let method = match round.method {
            Method::Dot { .. } => "dots",
            Method::Score { .. } => "score",
            Method::Ranked => "rank",
        };
        let Ok(listed) = crate::domain::disclosure::listed_ballots(w, round, seed) else { continue };
        for row in listed {
            // Places counted in u64: no ranking length can wrap them.
            let marks: Vec<(crate::domain::model::GoalId, u64)> = match row.ballot {
                Ballot::Dots(m) | Ballot::Scores(m) => m.iter().map(|(g, v)| (*g, u64::from(*v))).collect(),
                Ballot::Ranking(order) => order.iter().zip(1u64..).map(|(g, place)| (*g, place)).collect(),
            };
            for (goal, value) in marks {
                let title = w.title_of(goal);
                out.push_str(&[
                    round.id.to_string(),
                    field(&round.name),
                    method.to_string(),
                    field(&row.voter),
                    field(&row.department),
                    goal.to_string(),
                    field(&title),
                    value.to_string(),
                ].join(","));
                out.push('\n');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{Level, NewGoal, NewRound};
    use crate::domain::time::Timestamp;
    use crate::domain::voting::{RoundStatus, Secrecy, Weighting};

    /// Names, departments, titles and round names that start like formulas come out of the
    /// ballots CSV guarded.
    #[test]
    fn ballots_csv_guards_text_a_facilitator_typed() {
        let mut w = Workshop::new("Guard", Timestamp(0)).unwrap();
        let d = w.add_department("=cmd|' /C calc'!A0", None).unwrap();
        let voters: Vec<_> = ["+Plus", "-Minus", "@At"].iter().map(|n| w.add_participant(n, Some(d)).unwrap()).collect();
        let goals: Vec<_> = ["=SUM(A1:A9)", "Fine"]
            .iter()
            .map(|t| w.add_goal(NewGoal { title: (*t).into(), level: Level::Objective, parent: None, department: None }).unwrap())
            .collect();
        let new = w
            .new_round(NewRound { name: "@round".into(), method: Method::Dot { dots: 2, cap: None }, goals: goals.clone(), secrecy: Secrecy::Named, weighting: Weighting::Equal, timer_minutes: None })
            .unwrap();
        w.apply(new).unwrap();
        let r = w.rounds().last().unwrap().id;
        let open = w.set_round_status(r, RoundStatus::Open).unwrap();
        w.apply(open).unwrap();
        for v in &voters {
            let cast = w.cast(r, *v, Ballot::Dots([(goals[0], 2)].into()), Timestamp(1)).unwrap();
            w.apply(cast).unwrap();
        }
        // Ballots are listed once the round is revealed (the disclosure policy).
        for status in [RoundStatus::Closed, RoundStatus::Revealed] {
            let change = w.set_round_status(r, status).unwrap();
            w.apply(change).unwrap();
        }
        let csv = ballots(&w, 7);
        for line in csv.lines().skip(1) {
            let cells: Vec<&str> = line.split(',').collect();
            assert_eq!(cells[1], "'@round", "{line}");
            assert!(cells[3].starts_with('\''), "{line}");
            assert!(cells[4].starts_with("'=cmd"), "{line}");
            assert!(cells[6].starts_with("'=SUM"), "{line}");
        }
        assert_eq!(csv.lines().count(), 4);
    }

    /// Every prefix a spreadsheet runs as a formula or uses to hide one (OWASP's CSV
    /// injection list) is neutralised with a leading quote, then quoted as RFC 4180 needs.
    #[test]
    fn the_formula_guard_covers_every_dangerous_first_character() {
        assert_eq!(field("=1+2"), "'=1+2");
        assert_eq!(field("+SUM(A1)"), "'+SUM(A1)");
        assert_eq!(field("-2+3"), "'-2+3");
        assert_eq!(field("@cmd"), "'@cmd");
        assert_eq!(field("\t=1+2"), "'\t=1+2");
        assert_eq!(field("\r=1+2"), "\"'\r=1+2\"");
        assert_eq!(field("=HYPERLINK(\"http://x\",\"y\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
        assert_eq!(field("plain, text"), "\"plain, text\"");
        assert_eq!(field("Sales"), "Sales");
        assert_eq!(field("a=b"), "a=b", "only a leading character is dangerous");
    }
}
