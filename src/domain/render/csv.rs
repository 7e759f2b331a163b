//! Ballots as CSV, one row per mark (tidy: round, voter, goal, value), for spreadsheets.
//! Only revealed rounds; anonymous rounds number their voters in a shuffled order.

use crate::domain::voting::{Ballot, Method};
use crate::domain::model::Workshop;

/// RFC 4180 quoting, and a leading quote for text a spreadsheet would run as a formula.
fn field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) { format!("'{s}") } else { s.to_string() };
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
            let marks: Vec<(crate::domain::model::GoalId, u32)> = match row.ballot {
                Ballot::Dots(m) | Ballot::Scores(m) => m.iter().map(|(g, v)| (*g, *v)).collect(),
                Ballot::Ranking(order) => order.iter().enumerate().map(|(i, g)| (*g, i as u32 + 1)).collect(),
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
