//! The alignment map: a picture of the goal tree, laid out here so the app, the
//! projector and the SVG export draw exactly the same thing.
//!
//! The strategy sits on top; below it one row per level (company objectives, department
//! goals, initiatives, individual goals), so every child is below its parent (levels
//! strictly deepen downward). Within the rows the tree is laid out tidily: each leaf
//! takes the next column and a parent sits centred over its children, so subtrees occupy
//! disjoint column ranges and no two boxes overlap. Goals that trace to no objective form
//! a group of their own on the right. Titles are wrapped at word boundaries by a
//! character-width estimate and end in an ellipsis after three lines.
//!
//! The flags come from the tree alone: an objective lists the departments with no goal
//! under it; a goal that traces to no objective is flagged; a department goal says how
//! many individual (day-to-day) goals sit under it, or that no one carries it yet; an
//! individual goal under nothing agreed (no objective above it, or a deferred or rejected
//! goal above it) is flagged. Deterministic: the same workshop gives the same layout.

use std::collections::HashMap;
use std::fmt::Write;

use crate::domain::alignment::objective_of_each;
use crate::domain::model::{Colour, DepartmentId, GoalId, Level, LinkKind, Status, Workshop};

/// Width of a goal's box.
pub const NODE_WIDTH: f64 = 208.0;
/// Space between neighbouring boxes in a row.
const H_GAP: f64 = 24.0;
/// Distance between the centres of neighbouring columns.
const SLOT: f64 = NODE_WIDTH + H_GAP;
/// Space between rows (edges are routed through it).
const V_GAP: f64 = 56.0;
pub const MARGIN: f64 = 24.0;
/// Inner padding of a box; the department's colour bar is on its left.
const PAD: f64 = 10.0;
const BAR: f64 = 6.0;
pub const TITLE_SIZE: f64 = 14.0;
const TITLE_LINE: f64 = 18.0;
pub const SMALL_SIZE: f64 = 12.0;
const SMALL_LINE: f64 = 16.0;
pub const HEADING_SIZE: f64 = 20.0;
/// A title is cut with an ellipsis after this many lines; a note after two.
pub const MAX_TITLE_LINES: usize = 3;
const MAX_NOTE_LINES: usize = 2;
/// The narrowest the picture gets (room for the strategy and the legend).
const MIN_INNER_WIDTH: f64 = 480.0;
/// Width available for a box's text.
pub const TEXT_WIDTH: f64 = NODE_WIDTH - BAR - 2.0 * PAD;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn right(&self) -> f64 {
        self.x + self.w
    }
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
    pub fn centre_x(&self) -> f64 {
        self.x + self.w / 2.0
    }
    /// Whether the two rectangles share any area (touching edges do not count).
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.right() && other.x < self.right() && self.y < other.bottom() && other.y < self.bottom()
    }
    /// Whether `other` lies wholly inside this rectangle.
    pub fn contains(&self, other: &Rect) -> bool {
        other.x >= self.x && other.y >= self.y && other.right() <= self.right() && other.bottom() <= self.bottom()
    }
    /// Whether the point lies on this rectangle's outline.
    pub fn on_edge(&self, (x, y): (f64, f64)) -> bool {
        let near = |a: f64, b: f64| (a - b).abs() < 0.01;
        let within = |v: f64, lo: f64, hi: f64| v >= lo - 0.01 && v <= hi + 0.01;
        ((near(x, self.x) || near(x, self.right())) && within(y, self.y, self.bottom()))
            || ((near(y, self.y) || near(y, self.bottom())) && within(x, self.x, self.right()))
    }
}

/// How a note on a box reads: a gap to act on, or good news.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Gap,
    Carried,
    /// A department goal nobody's individual goals carry yet (a prompt, not a fault).
    NotCarried,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub tone: Tone,
    /// The note in full (for accessible text), and as wrapped for the box.
    pub text: String,
    pub lines: Vec<String>,
}

/// What the tree says about one goal (computed whatever is shown).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NodeFlags {
    /// Objectives: departments with no goal under this objective, in department order.
    pub missing_departments: Vec<DepartmentId>,
    /// Objectives: no goal of any department under it (as `alignment::analyse` says).
    pub unsupported: bool,
    /// Below objective level: traces to no company objective.
    pub orphan: bool,
    /// Department goals: how many individual goals (not deferred or rejected) sit
    /// anywhere under it; `Some(0)` is "no one carries this yet". `None` for other levels.
    pub carried_by: Option<usize>,
    /// Individual goals: under nothing agreed (no objective above it, or a deferred or
    /// rejected goal above it).
    pub under_nothing_agreed: bool,
}

impl NodeFlags {
    /// A gap the outline shows (red, dashed): an objective no department supports, a goal
    /// tracing to no objective, an individual goal under nothing agreed. (Departments
    /// missing under a supported objective are only noted in words.)
    pub fn is_gap(&self) -> bool {
        self.unsupported || self.orphan || self.under_nothing_agreed
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct MapNode {
    pub goal: GoalId,
    pub title: String,
    pub level: Level,
    pub status: Status,
    pub department: Option<DepartmentId>,
    /// The department's colour, grey for a goal without one.
    pub colour: Colour,
    pub rect: Rect,
    /// The title wrapped to the box (ellipsis after `MAX_TITLE_LINES`).
    pub lines: Vec<String>,
    /// Department · level · status, on one line.
    pub meta: String,
    pub flags: NodeFlags,
    /// The flags as shown, each wrapped.
    pub notes: Vec<Note>,
}

impl MapNode {
    /// Baselines of the box's text, top to bottom: title lines, then the meta line, then
    /// each note's lines.
    pub fn title_baseline(&self, i: usize) -> f64 {
        self.rect.y + PAD + TITLE_SIZE + i as f64 * TITLE_LINE
    }
    pub fn meta_baseline(&self) -> f64 {
        self.rect.y + PAD + self.lines.len() as f64 * TITLE_LINE + 2.0 + SMALL_SIZE
    }
    /// The baseline of line `line` of note `note`.
    pub fn note_baseline(&self, note: usize, line: usize) -> f64 {
        let before = self.notes[..note].iter().fold(0usize, |n, x| n.saturating_add(x.lines.len()));
        self.meta_baseline() + before.saturating_add(line).saturating_add(1) as f64 * SMALL_LINE
    }
    pub fn text_x(&self) -> f64 {
        self.rect.x + BAR + PAD
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeKind {
    /// From the strategy to a company objective.
    Strategy,
    /// From a goal to a goal directly under it.
    Tree,
    /// `from` depends on `to` (drawn as an arrow to `to`).
    DependsOn,
    /// The two goals conflict (drawn dashed red).
    ConflictsWith,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MapEdge {
    pub kind: EdgeKind,
    /// `None` only for `Strategy` edges (they start at the strategy box).
    pub from: Option<GoalId>,
    pub to: GoalId,
    pub start: (f64, f64),
    pub end: (f64, f64),
    /// SVG path data from `start` to `end`.
    pub path: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LegendItem {
    /// `None` for the link keys.
    pub colour: Option<Colour>,
    pub label: String,
    pub x: f64,
    pub y: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Caption {
    pub text: String,
    pub x: f64,
    pub y: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MapOptions {
    /// Show on each department goal whether individual goals carry it.
    pub show_carried: bool,
}

impl MapOptions {
    /// Carried/not carried is shown once anyone has an individual goal in the tree.
    pub fn for_workshop(w: &Workshop) -> Self {
        MapOptions { show_carried: w.goals().iter().any(|g| g.level == Level::Individual) }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct MapLayout {
    pub width: f64,
    pub height: f64,
    /// The workshop's title, one line, ellipsised.
    pub heading: String,
    pub heading_y: f64,
    pub strategy: Rect,
    pub strategy_lines: Vec<String>,
    pub nodes: Vec<MapNode>,
    pub edges: Vec<MapEdge>,
    pub captions: Vec<Caption>,
    pub legend: Vec<LegendItem>,
}

impl MapLayout {
    pub fn node(&self, goal: GoalId) -> Option<&MapNode> {
        self.nodes.iter().find(|n| n.goal == goal)
    }
    pub fn canvas(&self) -> Rect {
        Rect { x: 0.0, y: 0.0, w: self.width, h: self.height }
    }
}

// ----- text measure -----

/// An estimate of a character's advance in ems for a sans-serif face, on the generous
/// side so that real text fits the width it was wrapped to.
fn char_em(c: char) -> f64 {
    match c {
        ' ' => 0.3,
        'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | '(' | ')' | '[' | ']' | 'I' => 0.32,
        'f' | 't' | 'r' => 0.42,
        'm' | 'w' | 'M' | 'W' | '@' | '%' | '—' => 0.92,
        'A'..='Z' => 0.7,
        '0'..='9' => 0.6,
        c if c.is_ascii() => 0.58,
        // East Asian wide characters, emoji and other pictographs take a full em.
        c if ('\u{1100}'..='\u{115f}').contains(&c)
            || ('\u{2e80}'..='\u{a4cf}').contains(&c)
            || ('\u{ac00}'..='\u{d7a3}').contains(&c)
            || ('\u{f900}'..='\u{faff}').contains(&c)
            || ('\u{fe30}'..='\u{fe4f}').contains(&c)
            || ('\u{ff00}'..='\u{ff60}').contains(&c)
            || ('\u{1f000}'..='\u{1faff}').contains(&c)
            || ('\u{20000}'..='\u{3fffd}').contains(&c) =>
        {
            1.05
        }
        // Combining marks take no room of their own.
        c if ('\u{0300}'..='\u{036f}').contains(&c) => 0.0,
        _ => 0.7,
    }
}

/// The estimated width of `text` at `size` px (bold is a little wider).
pub fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let ems: f64 = text.chars().map(char_em).sum();
    ems * size * if bold { 1.08 } else { 1.0 }
}

/// The longest prefix of `word` that fits `max` with an ellipsis after it.
fn cut_to_fit(word: &str, max: f64, size: f64, bold: bool) -> String {
    let mut out = String::new();
    for c in word.chars() {
        out.push(c);
        if text_width(&format!("{out}…"), size, bold) > max {
            out.pop();
            break;
        }
    }
    format!("{}…", out.trim_end())
}

/// Wraps `text` into at most `max_lines` lines of at most `max` px, breaking only between
/// words. A line cut short ends in "…": after the last allowed line, or where one word is
/// wider than the whole line (it is shown up to the width, then "…").
pub fn wrap(text: &str, max: f64, size: f64, bold: bool, max_lines: usize) -> Vec<String> {
    let fits = |s: &str| text_width(s, size, bold) <= max;
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut truncated = false;
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() { word.to_string() } else { format!("{current} {word}") };
        if fits(&candidate) {
            current = candidate;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        if fits(word) {
            current = word.to_string();
        } else {
            lines.push(cut_to_fit(word, max, size, bold));
        }
        if lines.len() >= max_lines {
            truncated = true;
            break;
        }
    }
    if !truncated && !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        truncated = true;
    }
    if truncated {
        if let Some(last) = lines.last_mut() {
            if !last.ends_with('…') {
                let mut words: Vec<&str> = last.split(' ').collect();
                loop {
                    let joined = words.join(" ");
                    if fits(&format!("{joined}…")) {
                        *last = format!("{joined}…");
                        break;
                    }
                    if words.len() == 1 {
                        *last = cut_to_fit(words[0], max, size, bold);
                        break;
                    }
                    words.pop();
                }
            }
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

// ----- flags -----

fn flags_of_each(w: &Workshop) -> HashMap<GoalId, NodeFlags> {
    let objective_of = objective_of_each(w);
    let mut flags: HashMap<GoalId, NodeFlags> = w.goals().iter().map(|g| (g.id, NodeFlags::default())).collect();
    // Which departments have a goal under each objective.
    let mut present: HashMap<GoalId, Vec<DepartmentId>> = HashMap::new();
    for g in w.goals() {
        match objective_of.get(&g.id).copied().flatten() {
            None => {
                if g.level != Level::Objective {
                    flags.get_mut(&g.id).expect("every goal has flags").orphan = true;
                }
            }
            Some(objective) if objective != g.id => {
                if let Some(d) = g.department {
                    present.entry(objective).or_default().push(d);
                }
            }
            Some(_) => {}
        }
    }
    let coverage = crate::domain::share::coverage::coverage(w);
    for g in w.goals() {
        let f = flags.get_mut(&g.id).expect("every goal has flags");
        match g.level {
            Level::Objective => {
                let there = present.get(&g.id).map(Vec::as_slice).unwrap_or(&[]);
                f.missing_departments = w.departments().iter().map(|d| d.id).filter(|d| !there.contains(d)).collect();
                f.unsupported = there.is_empty();
            }
            // Carried and adrift as the Align panels count them (one definition).
            Level::DepartmentGoal => f.carried_by = Some(coverage.carriers(g.id).unwrap_or(0)),
            Level::Initiative => {}
            Level::Individual => f.under_nothing_agreed = f.orphan || coverage.is_adrift(g.id),
        }
    }
    flags
}

fn notes_for(w: &Workshop, goal: &crate::domain::model::Goal, flags: &NodeFlags, options: MapOptions) -> Vec<Note> {
    let mut notes = Vec::new();
    let mut push = |tone: Tone, text: String| {
        let lines = wrap(&text, TEXT_WIDTH, SMALL_SIZE, false, MAX_NOTE_LINES);
        notes.push(Note { tone, text, lines });
    };
    if flags.unsupported {
        push(Tone::Gap, "Gap: no department has a goal under this yet".into());
    } else if !flags.missing_departments.is_empty() {
        let names: Vec<&str> =
            flags.missing_departments.iter().filter_map(|d| w.department(*d)).map(|d| d.name.as_str()).collect();
        push(Tone::Gap, format!("Gap: no goal yet from {}", names.join(", ")));
    }
    if flags.orphan {
        push(Tone::Gap, "Gap: traces to no company objective".into());
    } else if flags.under_nothing_agreed {
        push(Tone::Gap, "Gap: hangs under nothing agreed".into());
    }
    if options.show_carried && goal.status != Status::Rejected && goal.status != Status::Deferred {
        match flags.carried_by {
            Some(0) => push(Tone::NotCarried, "No one carries this yet".into()),
            Some(1) => push(Tone::Carried, "Carried by 1 individual goal".into()),
            Some(n) => push(Tone::Carried, format!("Carried by {n} individual goals")),
            None => {}
        }
    }
    notes
}

// ----- layout -----

const ROWS: [Level; 4] = Level::ALL;

fn row_of(level: Level) -> usize {
    ROWS.iter().position(|l| *l == level).expect("every level has a row")
}

/// Lays out the map of `w`.
pub fn layout(w: &Workshop, options: MapOptions) -> MapLayout {
    let mut children: HashMap<Option<GoalId>, Vec<GoalId>> = HashMap::new();
    for g in w.goals() {
        children.entry(w.parent(g.id)).or_default().push(g.id);
    }
    let flags = flags_of_each(w);
    let level_of: HashMap<GoalId, Level> = w.goals().iter().map(|g| (g.id, g.level)).collect();

    // Columns: each leaf takes the next one, a parent sits centred over its children.
    let mut centre: HashMap<GoalId, f64> = HashMap::with_capacity(w.goals().len());
    let mut next = 0usize;
    fn place(
        id: GoalId,
        children: &HashMap<Option<GoalId>, Vec<GoalId>>,
        centre: &mut HashMap<GoalId, f64>,
        next: &mut usize,
    ) -> f64 {
        let kids = children.get(&Some(id)).map(Vec::as_slice).unwrap_or(&[]);
        let c = if kids.is_empty() {
            *next += 1;
            (*next - 1) as f64
        } else {
            let first = place(kids[0], children, centre, next);
            let mut last = first;
            for k in &kids[1..] {
                last = place(*k, children, centre, next);
            }
            (first + last) / 2.0
        };
        centre.insert(id, c);
        c
    }
    let roots = children.get(&None).cloned().unwrap_or_default();
    let (objectives, orphans): (Vec<GoalId>, Vec<GoalId>) =
        roots.into_iter().partition(|id| level_of.get(id) == Some(&Level::Objective));
    for id in &objectives {
        place(*id, &children, &mut centre, &mut next);
    }
    let objective_columns = next;
    let orphan_start = if !orphans.is_empty() && next > 0 { next + 1 } else { next };
    next = orphan_start;
    for id in &orphans {
        place(*id, &children, &mut centre, &mut next);
    }
    let columns = next;

    let span = if columns == 0 { 0.0 } else { (columns - 1) as f64 * SLOT + NODE_WIDTH };
    let inner = span.max(MIN_INNER_WIDTH);
    let width = inner + 2.0 * MARGIN;
    // The goals are centred when the picture is wider than they are.
    let offset = MARGIN + (inner - span) / 2.0;

    // Heading and strategy.
    let heading = wrap(&w.title, inner, HEADING_SIZE, true, 1).remove(0);
    let heading_y = MARGIN + HEADING_SIZE;
    let strategy_width = if objective_columns > 0 {
        ((objective_columns - 1) as f64 * SLOT + NODE_WIDTH).clamp(MIN_INNER_WIDTH, inner)
    } else {
        MIN_INNER_WIDTH
    };
    let strategy_text = if w.strategy.trim().is_empty() { "No strategy written yet".to_string() } else { w.strategy.clone() };
    let strategy_lines = wrap(&strategy_text, strategy_width - 2.0 * PAD, TITLE_SIZE, false, 3);
    let strategy_x = if objective_columns > 0 {
        let mid = offset + (objective_columns - 1) as f64 * SLOT / 2.0 + NODE_WIDTH / 2.0;
        (mid - strategy_width / 2.0).clamp(MARGIN, MARGIN + inner - strategy_width)
    } else {
        MARGIN
    };
    let strategy = Rect {
        x: strategy_x,
        y: heading_y + 14.0,
        w: strategy_width,
        h: 2.0 * PAD + SMALL_LINE + strategy_lines.len() as f64 * TITLE_LINE,
    };

    // Nodes, with their heights; then the rows' heights and positions.
    let mut nodes: Vec<MapNode> = Vec::with_capacity(w.goals().len());
    for g in w.goals() {
        let bold = g.level == Level::Objective;
        let title = if g.title.trim().is_empty() { "(untitled)".to_string() } else { g.title.clone() };
        let lines = wrap(&title, TEXT_WIDTH, TITLE_SIZE, bold, MAX_TITLE_LINES);
        let dept = g.department.and_then(|d| w.department(d));
        let mut meta: Vec<String> = Vec::new();
        if let Some(d) = dept {
            meta.push(d.name.clone());
        }
        meta.push(g.level.label().to_string());
        if g.status != Status::Proposed {
            meta.push(g.status.wire_name().to_string());
        }
        let meta = wrap(&meta.join(" · "), TEXT_WIDTH, SMALL_SIZE, false, 1).remove(0);
        let f = flags.get(&g.id).cloned().unwrap_or_default();
        let notes = notes_for(w, g, &f, options);
        let note_lines = notes.iter().fold(0usize, |n, x| n.saturating_add(x.lines.len()));
        let h = 2.0 * PAD + lines.len() as f64 * TITLE_LINE + 2.0 + SMALL_LINE + note_lines as f64 * SMALL_LINE;
        let x = offset + centre.get(&g.id).copied().unwrap_or(0.0) * SLOT;
        nodes.push(MapNode {
            goal: g.id,
            title: g.title.clone(),
            level: g.level,
            status: g.status,
            department: g.department,
            colour: dept.map(|d| d.colour).unwrap_or(Colour::rgb(0x9c, 0xa3, 0xaf)),
            rect: Rect { x, y: 0.0, w: NODE_WIDTH, h },
            lines,
            meta,
            flags: f,
            notes,
        });
    }
    let caption_height = SMALL_LINE + 8.0;
    let mut row_height = [0.0f64; 4];
    for n in &nodes {
        let r = row_of(n.level);
        row_height[r] = row_height[r].max(n.rect.h);
    }
    if !orphans.is_empty() {
        row_height[0] = row_height[0].max(caption_height);
    }
    let mut row_top = [0.0f64; 4];
    let mut y = strategy.bottom() + V_GAP;
    for r in 0..ROWS.len() {
        row_top[r] = y;
        if row_height[r] > 0.0 {
            y += row_height[r] + V_GAP;
        }
    }
    let rows_bottom = y - V_GAP;
    for n in &mut nodes {
        n.rect.y = row_top[row_of(n.level)];
    }
    let mut captions = Vec::new();
    if !orphans.is_empty() {
        captions.push(Caption {
            text: wrap("Under no objective:", (columns - orphan_start) as f64 * SLOT - H_GAP, SMALL_SIZE, true, 1).remove(0),
            x: offset + orphan_start as f64 * SLOT,
            y: row_top[0] + SMALL_SIZE,
        });
    }

    // Edges.
    let index: HashMap<GoalId, usize> = nodes.iter().enumerate().map(|(i, n)| (n.goal, i)).collect();
    let mut edges = Vec::new();
    for id in &objectives {
        let n = &nodes[index[id]];
        let start = (strategy.centre_x(), strategy.bottom());
        let end = (n.rect.centre_x(), n.rect.y);
        edges.push(MapEdge { kind: EdgeKind::Strategy, from: None, to: *id, start, end, path: elbow(start, end, start.1 + V_GAP / 2.0) });
    }
    for g in w.goals() {
        if let Some(parent) = w.parent(g.id) {
            let (p, c) = (&nodes[index[&parent]], &nodes[index[&g.id]]);
            let start = (p.rect.centre_x(), p.rect.bottom());
            let end = (c.rect.centre_x(), c.rect.y);
            // The turn sits in the gap below the parent's row, which no box enters.
            let turn = row_top[row_of(p.level)] + row_height[row_of(p.level)] + V_GAP / 2.0;
            edges.push(MapEdge { kind: EdgeKind::Tree, from: Some(parent), to: g.id, start, end, path: elbow(start, end, turn) });
        }
    }
    let mut links = w.links();
    crate::domain::order::sort(&mut links);
    for (from, kind, to) in links {
        let (Some(a), Some(b)) = (index.get(&from), index.get(&to)) else { continue };
        let (a, b) = (&nodes[*a].rect, &nodes[*b].rect);
        let (start, end, path) = link_path(a, b);
        let kind = match kind {
            LinkKind::DependsOn => EdgeKind::DependsOn,
            LinkKind::ConflictsWith => EdgeKind::ConflictsWith,
        };
        edges.push(MapEdge { kind, from: Some(from), to, start, end, path });
    }

    // The legend: each department's colour and name, then the link keys, wrapped.
    let mut legend = Vec::new();
    let legend_top = rows_bottom.max(strategy.bottom()) + 32.0;
    let (mut lx, mut ly) = (MARGIN, legend_top + SMALL_SIZE);
    let mut item = |colour: Option<Colour>, label: String| {
        let label = wrap(&label, inner - 24.0, SMALL_SIZE, false, 1).remove(0);
        let w = 24.0 + text_width(&label, SMALL_SIZE, false) + 20.0;
        if lx > MARGIN && lx + w > MARGIN + inner {
            lx = MARGIN;
            ly += SMALL_LINE + 6.0;
        }
        legend.push(LegendItem { colour, label, x: lx, y: ly });
        lx += w;
    };
    for d in w.departments() {
        item(Some(d.colour), d.name.clone());
    }
    item(None, "depends on (arrow to what it needs)".into());
    item(None, "conflicts with (dashed red)".into());
    let height = ly + 8.0 + MARGIN;

    MapLayout { width, height, heading, heading_y, strategy, strategy_lines, nodes, edges, captions, legend }
}

fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == r.trunc() { format!("{}", r as i64) } else { format!("{r:.1}") }
}

/// Down from `start`, across at `turn`, down to `end`.
fn elbow(start: (f64, f64), end: (f64, f64), turn: f64) -> String {
    format!("M{} {}V{}H{}V{}", num(start.0), num(start.1), num(turn), num(end.0), num(end.1))
}

/// A link between two boxes: a curve from the side of `a` facing `b` to the side of `b`
/// facing `a` (over the top when both are in one row). Both ends sit on the outlines.
fn link_path(a: &Rect, b: &Rect) -> ((f64, f64), (f64, f64), String) {
    let quarter = NODE_WIDTH / 4.0;
    let toward = |from: &Rect, to: &Rect| {
        if to.centre_x() > from.centre_x() + 0.5 {
            from.centre_x() + quarter
        } else if to.centre_x() < from.centre_x() - 0.5 {
            from.centre_x() - quarter
        } else {
            from.centre_x() + quarter / 2.0
        }
    };
    let (ax, bx) = (toward(a, b), toward(b, a));
    if (a.y - b.y).abs() < 0.5 {
        let (start, end) = ((ax, a.y), (bx, b.y));
        let lift = 36.0;
        let path = format!(
            "M{} {}C{} {} {} {} {} {}",
            num(start.0),
            num(start.1),
            num(start.0),
            num(start.1 - lift),
            num(end.0),
            num(end.1 - lift),
            num(end.0),
            num(end.1)
        );
        (start, end, path)
    } else {
        let (start, end) = if a.y < b.y { ((ax, a.bottom()), (bx, b.y)) } else { ((ax, a.y), (bx, b.bottom())) };
        let mid = (start.1 + end.1) / 2.0;
        let path = format!(
            "M{} {}C{} {} {} {} {} {}",
            num(start.0),
            num(start.1),
            num(start.0),
            num(mid),
            num(end.0),
            num(mid),
            num(end.0),
            num(end.1)
        );
        (start, end, path)
    }
}

// ----- the picture as a file -----

fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Colours of the picture (light, on its own white ground, so it prints and projects).
pub mod ink {
    pub const GROUND: &str = "#ffffff";
    pub const TEXT: &str = "#111827";
    pub const MUTED: &str = "#4b5563";
    pub const GAP: &str = "#b91c1c";
    pub const CARRIED: &str = "#047857";
    pub const NOT_CARRIED: &str = "#92400e";
    pub const TREE: &str = "#6b7280";
    pub const DEPENDS: &str = "#1f2937";
    pub const CONFLICT: &str = "#dc2626";
    pub const BOX: &str = "#ffffff";
    pub const OBJECTIVE_BOX: &str = "#f1f5f9";
    pub const OUT_BOX: &str = "#f3f4f6";
    pub const STRATEGY_BOX: &str = "#eef2ff";
}

/// A goal's box outline: its department's colour; red and dashed for a gap, grey and
/// dashed when deferred or rejected.
pub fn node_stroke(n: &MapNode) -> (String, Option<&'static str>) {
    if n.flags.is_gap() {
        (ink::GAP.to_string(), Some("6 4"))
    } else if matches!(n.status, Status::Deferred | Status::Rejected) {
        (ink::TREE.to_string(), Some("3 3"))
    } else {
        (n.colour.to_string(), None)
    }
}

pub fn tone_ink(tone: Tone) -> &'static str {
    match tone {
        Tone::Gap => ink::GAP,
        Tone::Carried => ink::CARRIED,
        Tone::NotCarried => ink::NOT_CARRIED,
    }
}

pub fn node_fill(n: &MapNode) -> &'static str {
    match (n.level, n.status) {
        (_, Status::Deferred | Status::Rejected) => ink::OUT_BOX,
        (Level::Objective, _) => ink::OBJECTIVE_BOX,
        _ => ink::BOX,
    }
}

pub fn edge_style(kind: EdgeKind) -> (&'static str, f64, Option<&'static str>, bool) {
    // (colour, width, dash, arrow)
    match kind {
        EdgeKind::Strategy | EdgeKind::Tree => (ink::TREE, 1.5, None, false),
        EdgeKind::DependsOn => (ink::DEPENDS, 2.0, None, true),
        EdgeKind::ConflictsWith => (ink::CONFLICT, 2.0, Some("7 5"), false),
    }
}

/// The accessible description of a goal's box (its title is its name).
pub fn node_description(n: &MapNode) -> String {
    let mut parts = vec![n.meta.clone()];
    parts.extend(n.notes.iter().map(|note| note.text.clone()));
    parts.join(". ")
}

/// The alignment map as a standalone SVG file. All user text is escaped.
pub fn render_map_svg(w: &Workshop) -> String {
    render_layout_svg(&layout(w, MapOptions::for_workshop(w)))
}

pub fn render_layout_svg(m: &MapLayout) -> String {
    let mut s = String::new();
    let (width, height) = (num(m.width), num(m.height));
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" role="img" aria-labelledby="map-title"><title id="map-title">Alignment map: {}</title>"##,
        xml(&m.heading)
    );
    let _ = write!(
        s,
        r##"<defs><marker id="map-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="{}"/></marker></defs><rect width="100%" height="100%" fill="{}"/>"##,
        ink::DEPENDS,
        ink::GROUND
    );
    let _ = write!(
        s,
        r##"<text x="{}" y="{}" font-size="{}" font-weight="700" fill="{}">{}</text>"##,
        num(MARGIN),
        num(m.heading_y),
        num(HEADING_SIZE),
        ink::TEXT,
        xml(&m.heading)
    );
    let st = &m.strategy;
    let _ = write!(
        s,
        r##"<g><rect x="{}" y="{}" width="{}" height="{}" rx="8" fill="{}" stroke="#6366f1"/><text x="{}" y="{}" font-size="{}" font-weight="700" fill="{}">Strategy</text>"##,
        num(st.x),
        num(st.y),
        num(st.w),
        num(st.h),
        ink::STRATEGY_BOX,
        num(st.x + PAD),
        num(st.y + PAD + SMALL_SIZE),
        num(SMALL_SIZE),
        ink::MUTED
    );
    for (i, line) in m.strategy_lines.iter().enumerate() {
        let _ = write!(
            s,
            r##"<text x="{}" y="{}" font-size="{}" fill="{}">{}</text>"##,
            num(st.x + PAD),
            num(st.y + PAD + SMALL_LINE + TITLE_SIZE + i as f64 * TITLE_LINE),
            num(TITLE_SIZE),
            ink::TEXT,
            xml(line)
        );
    }
    s.push_str("</g>");
    for e in &m.edges {
        let (colour, width, dash, arrow) = edge_style(e.kind);
        let _ = write!(
            s,
            r##"<path d="{}" fill="none" stroke="{colour}" stroke-width="{}"{}{}/>"##,
            e.path,
            num(width),
            dash.map(|d| format!(r#" stroke-dasharray="{d}""#)).unwrap_or_default(),
            if arrow { r#" marker-end="url(#map-arrow)""# } else { "" }
        );
    }
    for c in &m.captions {
        let _ = write!(
            s,
            r##"<text x="{}" y="{}" font-size="{}" font-weight="700" fill="{}">{}</text>"##,
            num(c.x),
            num(c.y),
            num(SMALL_SIZE),
            ink::GAP,
            xml(&c.text)
        );
    }
    for n in &m.nodes {
        let r = &n.rect;
        let (stroke, dash) = node_stroke(n);
        let _ = write!(
            s,
            r##"<g data-goal="{}"><title>{}</title><rect x="{}" y="{}" width="{}" height="{}" rx="6" fill="{}" stroke="{stroke}" stroke-width="2"{}/><rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>"##,
            n.goal,
            xml(&n.title),
            num(r.x),
            num(r.y),
            num(r.w),
            num(r.h),
            node_fill(n),
            dash.map(|d| format!(r#" stroke-dasharray="{d}""#)).unwrap_or_default(),
            num(r.x + 1.0),
            num(r.y + 1.0),
            num(BAR),
            num(r.h - 2.0),
            n.colour
        );
        let weight = if n.level == Level::Objective { 700 } else { 400 };
        for (i, line) in n.lines.iter().enumerate() {
            let _ = write!(
                s,
                r##"<text x="{}" y="{}" font-size="{}" font-weight="{weight}" fill="{}">{}</text>"##,
                num(n.text_x()),
                num(n.title_baseline(i)),
                num(TITLE_SIZE),
                ink::TEXT,
                xml(line)
            );
        }
        let _ = write!(
            s,
            r##"<text x="{}" y="{}" font-size="{}" fill="{}">{}</text>"##,
            num(n.text_x()),
            num(n.meta_baseline()),
            num(SMALL_SIZE),
            ink::MUTED,
            xml(&n.meta)
        );
        for (k, note) in n.notes.iter().enumerate() {
            let colour = tone_ink(note.tone);
            for (i, line) in note.lines.iter().enumerate() {
                let _ = write!(
                    s,
                    r##"<text x="{}" y="{}" font-size="{}" font-weight="600" fill="{colour}">{}</text>"##,
                    num(n.text_x()),
                    num(n.note_baseline(k, i)),
                    num(SMALL_SIZE),
                    xml(line)
                );
            }
        }
        s.push_str("</g>");
    }
    for item in &m.legend {
        match item.colour {
            Some(c) => {
                let _ = write!(
                    s,
                    r##"<rect x="{}" y="{}" width="14" height="14" rx="3" fill="{c}"/>"##,
                    num(item.x),
                    num(item.y - 11.0)
                );
            }
            None => {
                let dashed = item.label.starts_with("conflicts");
                let (colour, dash, arrow) = if dashed { (ink::CONFLICT, r#" stroke-dasharray="7 5""#, "") } else { (ink::DEPENDS, "", r#" marker-end="url(#map-arrow)""#) };
                let _ = write!(
                    s,
                    r##"<path d="M{} {}H{}" stroke="{colour}" stroke-width="2"{dash}{arrow}/>"##,
                    num(item.x),
                    num(item.y - 4.0),
                    num(item.x + 18.0)
                );
            }
        }
        let _ = write!(
            s,
            r##"<text x="{}" y="{}" font-size="{}" fill="{}">{}</text>"##,
            num(item.x + 24.0),
            num(item.y),
            num(SMALL_SIZE),
            ink::TEXT,
            xml(&item.label)
        );
    }
    s.push_str("</svg>\n");
    s
}
