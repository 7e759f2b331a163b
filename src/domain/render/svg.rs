//! An SVG picture of the agreed tree: one row per goal, indented by level, with its
//! department's colour *and* name, priority and status. Text is XML-escaped.

use std::fmt::Write;

use crate::domain::model::{GoalId, Status, Workshop};

fn xml(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

/// Priorities only from revealed rounds (the disclosure policy), each with its round.
pub fn tree(w: &Workshop) -> String {
    let w = &crate::domain::disclosure::disclosed(w);
    let mut rows: Vec<(usize, GoalId)> = Vec::new();
    fn walk(w: &Workshop, id: GoalId, depth: usize, rows: &mut Vec<(usize, GoalId)>) {
        if w.goal(id).is_some_and(|g| matches!(g.status, Status::Deferred | Status::Rejected)) {
            return;
        }
        rows.push((depth, id));
        for c in w.children(Some(id)) {
            walk(w, c, depth + 1, rows);
        }
    }
    for root in w.children(None) {
        walk(w, root, 0, &mut rows);
    }
    let (row, top, width) = (34, 70, 960);
    let height = top + row * rows.len() + 20;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="system-ui, sans-serif" font-size="14"><title>{}</title><rect width="100%" height="100%" fill="#ffffff"/><text x="16" y="30" font-size="20" font-weight="700" fill="#111111">{}</text><text x="16" y="52" fill="#555555">{}</text>"##,
        xml(&w.title),
        xml(&w.title),
        xml(&w.strategy.chars().take(140).collect::<String>())
    );
    for (i, (depth, id)) in rows.iter().enumerate() {
        let g = w.goal(*id).expect("walked goals exist");
        let (x, y) = (16 + depth * 28, top + i * row);
        let dept = g.department.and_then(|d| w.department(d));
        let colour = dept.map(|d| d.colour.to_string()).unwrap_or_else(|| "#9ca3af".into());
        let mut label = g.title.clone();
        if let Some(p) = g.priority {
            label = format!("#{} {label}", p.rank);
        }
        let round = g.priority.and_then(|p| w.round(p.round)).map(|r| format!("round “{}”", r.name.chars().take(40).collect::<String>()));
        let meta = [dept.map(|d| d.name.clone()), Some(g.status.wire_name().to_string()), round].into_iter().flatten().collect::<Vec<_>>().join(" · ");
        let _ = write!(
            svg,
            r##"<g><rect x="{x}" y="{y}" width="{}" height="{}" rx="6" fill="#f6f7f9" stroke="{colour}" stroke-width="2"/><rect x="{x}" y="{y}" width="6" height="{}" fill="{colour}"/><text x="{}" y="{}" fill="#111111" font-weight="{}">{}</text><text x="{}" y="{}" fill="#555555" text-anchor="end" font-size="12">{}</text></g>"##,
            width - x - 16,
            row - 6,
            row - 6,
            x + 14,
            y + 19,
            if g.level == crate::domain::model::Level::Objective { 700 } else { 400 },
            xml(&label.chars().take(80).collect::<String>()),
            width - 26,
            y + 19,
            xml(&meta)
        );
    }
    svg.push_str("</svg>\n");
    svg
}
