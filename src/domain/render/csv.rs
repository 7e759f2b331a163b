//! Ballots as CSV, one row per mark (tidy: round, voter, goal, value), for spreadsheets.
//! Anonymous rounds number their voters instead of naming them.

use crate::domain::voting::{Ballot, Method, Secrecy};
use crate::domain::model::Workshop;

/// RFC 4180 quoting, and a leading quote for text a spreadsheet would run as a formula.
fn field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) { format!("'{s}") } else { s.to_string() };
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s }
}

pub fn ballots(w: &Workshop) -> String {
    let mut out = String::from("round,round_name,method,voter,department,goal,goal_title,value\n");
    for round in w.rounds() {
        let method = match round.method {
            Method::Dot { .. } => "dots",
            Method::Score { .. } => "score",
            Method::Ranked => "rank",
        };
        for (n, (participant, cast)) in round.ballots.iter().enumerate() {
            let ballot = &cast.ballot;
            let person = w.participant(*participant);
            let voter = match round.secrecy {
                Secrecy::Named => person.map(|p| p.name.clone()).unwrap_or_default(),
                Secrecy::Anonymous => format!("voter {}", n + 1),
            };
            let department = person.and_then(|p| p.department).and_then(|d| w.department(d)).map(|d| d.name.clone()).unwrap_or_default();
            let marks: Vec<(crate::domain::model::GoalId, u32)> = match ballot {
                Ballot::Dots(m) | Ballot::Scores(m) => m.iter().map(|(g, v)| (*g, *v)).collect(),
                Ballot::Ranking(order) => order.iter().enumerate().map(|(i, g)| (*g, i as u32 + 1)).collect(),
            };
            for (goal, value) in marks {
                let title = w.title_of(goal);
                out.push_str(&[
                    round.id.to_string(),
                    field(&round.name),
                    method.to_string(),
                    field(&voter),
                    field(&department),
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
