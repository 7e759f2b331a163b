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
    let (row, width) = (34, 960);
    // The title and the whole strategy, wrapped to the canvas (never cut at its edge).
    let text_room = (width - 2 * MARGIN) as f64;
    let title_lines = wrap(&w.title, TITLE_SIZE * BOLD, text_room);
    let strategy_lines = wrap(&w.strategy, BODY_SIZE, text_room);
    let mut header = String::new();
    let mut y = 30;
    for line in &title_lines {
        let _ = write!(header, r##"<text x="{MARGIN}" y="{y}" font-size="20" font-weight="700" fill="#111111">{}</text>"##, xml(line));
        y += 26;
    }
    y -= 4;
    for line in &strategy_lines {
        let _ = write!(header, r##"<text x="{MARGIN}" y="{y}" fill="#555555">{}</text>"##, xml(line));
        y += 20;
    }
    let top = y + 4;
    let height = top + row * rows.len() + 20;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="system-ui, sans-serif" font-size="14"><title>{}</title><rect width="100%" height="100%" fill="#ffffff"/>{header}"##,
        xml(&w.title),
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
        let round = g.priority.and_then(|p| w.round(p.round)).map(|r| format!("round “{}”", r.name));
        let meta = [dept.map(|d| d.name.clone()), Some(g.status.wire_name().to_string()), round].into_iter().flatten().collect::<Vec<_>>().join(" · ");
        // The details (right-aligned) take at most two fifths of the row; the title the
        // rest, each ellipsised at a word to fit, so neither runs past the edge or over the other.
        let row_width = width - x - 16;
        let meta = fit(&meta, META_SIZE, row_width as f64 * 0.4);
        let title_room = row_width as f64 - 14.0 - 10.0 - 12.0 - text_width(&meta, META_SIZE);
        let bold = g.level == crate::domain::model::Level::Objective;
        let label = fit(&label, BODY_SIZE * if bold { BOLD } else { 1.0 }, title_room);
        let _ = write!(
            svg,
            r##"<g><rect x="{x}" y="{y}" width="{}" height="{}" rx="6" fill="#f6f7f9" stroke="{colour}" stroke-width="2"/><rect x="{x}" y="{y}" width="6" height="{}" fill="{colour}"/><text x="{}" y="{}" fill="#111111" font-weight="{}">{}</text><text x="{}" y="{}" fill="#555555" text-anchor="end" font-size="12">{}</text></g>"##,
            row_width,
            row - 6,
            row - 6,
            x + 14,
            y + 19,
            if bold { 700 } else { 400 },
            xml(&label),
            width - 26,
            y + 19,
            xml(&meta)
        );
    }
    svg.push_str("</svg>\n");
    svg
}

const MARGIN: usize = 16;
const TITLE_SIZE: f64 = 20.0;
const BODY_SIZE: f64 = 14.0;
const META_SIZE: f64 = 12.0;
/// Bold text is about a tenth wider.
const BOLD: f64 = 1.1;

/// An estimate of one character's advance in a sans-serif face, in em, on the wide side
/// (so text estimated to fit does fit): wide East Asian characters and emoji a full em,
/// wide capitals and `m`/`w` most of one, other capitals and digits seven tenths, the rest
/// six tenths.
pub fn char_em(c: char) -> f64 {
    match c {
        c if (c as u32) >= 0x1100 && is_wide(c) => 1.0,
        'M' | 'W' | 'm' | 'w' | '@' | '%' | '—' => 0.95,
        c if c.is_uppercase() || c.is_ascii_digit() => 0.72,
        'i' | 'l' | 'j' | '\'' | '.' | ',' | ':' | ';' | '!' | '|' | ' ' => 0.32,
        c if c.is_ascii() => 0.6,
        // Accented and other scripts: as wide as a capital.
        _ => 0.75,
    }
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x1F300..=0x1FAFF | 0x20000..=0x3FFFD)
}

/// The estimated width of `text` at `size` px (see `char_em`).
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars().map(char_em).sum::<f64>() * size
}

/// `text` in lines no wider than `max` px at `size` px (by `text_width`): broken at white
/// space, each paragraph (line break) on a new line, and a word longer than a line broken
/// between characters. Empty text gives no lines.
pub fn wrap(text: &str, size: f64, max: f64) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let joined = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
            if text_width(&joined, size) <= max {
                line = joined;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // The word alone: broken between characters while it is too long for a line.
            for c in word.chars() {
                let mut next = line.clone();
                next.push(c);
                if !line.is_empty() && text_width(&next, size) > max {
                    lines.push(std::mem::take(&mut line));
                    line.push(c);
                } else {
                    line = next;
                }
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
    }
    lines
}

/// `text` on one line no wider than `max` px: whole if it fits, otherwise cut at a word
/// (or, for one long word, between characters) with an ellipsis.
pub fn fit(text: &str, size: f64, max: f64) -> String {
    if text_width(text, size) <= max {
        return text.to_string();
    }
    let room = max - text_width("…", size);
    let mut cut = String::new();
    for c in text.chars() {
        cut.push(c);
        if text_width(&cut, size) > room {
            cut.pop();
            break;
        }
    }
    // Back to the last word boundary if there is one in the second half of the cut.
    if let Some(space) = cut.rfind(' ').filter(|i| *i > cut.len() / 2) {
        cut.truncate(space);
    }
    format!("{}…", cut.trim_end())
}
