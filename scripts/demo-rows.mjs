// Writes src/domain/demo/rows.rs from the demo workshop file (public/demo/), as static
// tables in the model's own types that the app builds the demo from, without parsing JSON
// or the restore path (issue #17: a first visit shows the demo before those are fetched). Run after editing the demo file:
//     node scripts/demo-rows.mjs
// The native test `the_demo_is_built_from_its_rows_as_its_file_restores` fails until
// this has been run, so the two never drift apart. Only the fields the demo uses are
// supported; anything else stops this script rather than being dropped.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const file = 'public/demo/northwind-annual-planning.json';
const raw = readFileSync(root + file);
const doc = JSON.parse(raw.toString('utf8'));

const fail = (why) => { console.error(`demo-rows: ${why}`); process.exit(1); };
const only = (what, obj, keys) => {
  for (const k of Object.keys(obj)) if (!keys.includes(k)) fail(`${what} has "${k}", which this script does not write`);
};
only('the workshop', doc, ['format', 'version', 'title', 'strategy', 'created', 'updated', 'departments', 'participants', 'goals', 'rounds', 'conflict_settings', 'decisions']);
if ((doc.decisions ?? []).length) fail('the demo has decisions, which this script does not write');

const s = (v) => JSON.stringify(v); // a JSON string is a valid Rust string literal here
// Each text is a slice of the file itself (`at(start, end)`, byte offsets), so the demo's
// words are in the app once: the file is also what a first visit stores.
const str = (v) => {
  if (typeof v !== 'string') fail(`expected text, found ${s(v)}`);
  if (v === '') return '""';
  const start = raw.indexOf(Buffer.from(s(v), 'utf8'));
  if (start < 0 || s(v).includes('\\')) fail(`text not written plainly in the file: ${s(v)}`);
  const shown = v.length > 32 ? `${v.slice(0, 31)}…` : v;
  if (shown.includes('*/')) fail(`text that would end a comment: ${s(v)}`);
  return `at(${start + 1}, ${start + Buffer.byteLength(s(v), 'utf8') - 1} /* ${shown} */)`;
};
const opt = (v, f) => (v === null || v === undefined ? 'None' : `Some(${f(v)})`);
const u32 = (v) => { if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) fail(`expected a count, found ${v}`); return String(v); };
const f64 = (v) => { if (typeof v !== 'number' || !Number.isFinite(v)) fail(`expected a number, found ${v}`); return Number.isInteger(v) ? `${v}.0` : String(v); };
const list = (v, f) => `&[${v.map(f).join(', ')}]`;
const camel = (v) => v.split('_').map((w) => w[0].toUpperCase() + w.slice(1)).join('');
// "g12" -> 12, checking the kind's letter.
const id = (letter) => (v) => { const m = new RegExp(`^${letter}([1-9][0-9]*)$`).exec(v); if (!m) fail(`expected a ${letter}… ID, found ${s(v)}`); return m[1]; };
const time = (v) => { if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(v)) fail(`expected a time, found ${s(v)}`); return `Timestamp(${Date.parse(v)})`; };
const colour = (v) => { const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/.exec(v); if (!m) fail(`expected a colour, found ${s(v)}`); return `Colour::rgb(0x${m[1]}, 0x${m[2]}, 0x${m[3]})`; };
const oneOf = (what, v, allowed, type) => { if (!allowed.includes(v)) fail(`${what} "${v}" is not one of ${allowed}`); return `${type}::${camel(v)}`; };

const out = [];
out.push('// Written by scripts/demo-rows.mjs from ' + file + '; do not edit.');
out.push('// The native tests check that these rows build the workshop that file restores to.');
out.push('');
out.push('use super::{at, DepartmentRow, GoalRow, ParticipantRow, RoundRow};');
out.push('use crate::domain::model::{Colour, Level, Status};');
out.push('use crate::domain::time::Timestamp;');
out.push('use crate::domain::voting::{Method, RoundStatus, Secrecy, Weighting};');
out.push('');
out.push(`pub const TITLE: &str = ${str(doc.title)};`);
out.push(`pub const STRATEGY: &str = ${str(doc.strategy ?? '')};`);
out.push(`pub const CREATED: Timestamp = ${time(doc.created)};`);
out.push(`pub const UPDATED: Timestamp = ${time(doc.updated)};`);
const cs = doc.conflict_settings;
if (cs) only('conflict_settings', cs, ['divergence', 'top']);
out.push(`/// Divergence, top.`);
out.push(`pub const CONFLICT_SETTINGS: Option<(f64, u32)> = ${opt(cs, (c) => `(${f64(c.divergence)}, ${u32(c.top)})`)};`);
out.push('');
out.push('pub static DEPARTMENTS: &[DepartmentRow] = &[');
for (const d of doc.departments ?? []) {
  only('a department', d, ['id', 'name', 'colour', 'capacity']);
  out.push(`    DepartmentRow { id: ${id('d')(d.id)}, name: ${str(d.name)}, colour: ${colour(d.colour)}, capacity: ${opt(d.capacity, u32)} },`);
}
out.push('];');
out.push('');
out.push('pub static PARTICIPANTS: &[ParticipantRow] = &[');
for (const p of doc.participants ?? []) {
  only('a participant', p, ['id', 'name', 'department']);
  out.push(`    ParticipantRow { id: ${id('p')(p.id)}, name: ${str(p.name)}, department: ${opt(p.department, id('d'))} },`);
}
out.push('];');
out.push('');
out.push('pub static GOALS: &[GoalRow] = &[');
for (const g of doc.goals ?? []) {
  only('a goal', g, ['id', 'title', 'description', 'level', 'parent', 'department', 'owner', 'effort', 'metric', 'target', 'status', 'depends_on', 'conflicts_with', 'priority']);
  if (g.priority) only('a priority', g.priority, ['round', 'rank', 'value']);
  out.push('    GoalRow {');
  out.push(`        id: ${id('g')(g.id)},`);
  out.push(`        title: ${str(g.title)},`);
  out.push(`        description: ${str(g.description ?? '')},`);
  out.push(`        level: ${oneOf('level', g.level, ['objective', 'department_goal', 'initiative', 'individual'], 'Level')},`);
  out.push(`        parent: ${opt(g.parent, id('g'))},`);
  out.push(`        department: ${opt(g.department, id('d'))},`);
  out.push(`        owner: ${str(g.owner ?? '')},`);
  out.push(`        effort: ${opt(g.effort, u32)},`);
  out.push(`        metric: ${str(g.metric ?? '')},`);
  out.push(`        target: ${str(g.target ?? '')},`);
  out.push(`        status: ${oneOf('status', g.status ?? 'proposed', ['proposed', 'agreed', 'deferred', 'rejected'], 'Status')},`);
  out.push(`        depends_on: ${list(g.depends_on ?? [], id('g'))},`);
  out.push(`        conflicts_with: ${list(g.conflicts_with ?? [], id('g'))},`);
  out.push(`        priority: ${opt(g.priority, (p) => `(${id('r')(p.round)}, ${u32(p.rank)}, ${f64(p.value)})`)},`);
  out.push('    },');
}
out.push('];');
out.push('');
out.push('pub static ROUNDS: &[RoundRow] = &[');
for (const r of doc.rounds ?? []) {
  only('a round', r, ['id', 'name', 'method', 'goals', 'status', 'secrecy', 'weighting', 'observers', 'timer_minutes', 'ballots', 'electorate']);
  if (r.method.kind !== 'ranked' || Object.keys(r.method).length !== 1) fail('only ranked rounds are written');
  out.push('    RoundRow {');
  out.push(`        id: ${id('r')(r.id)},`);
  out.push(`        name: ${str(r.name)},`);
  out.push('        method: Method::Ranked,');
  out.push(`        goals: ${list(r.goals, id('g'))},`);
  out.push(`        status: ${oneOf('round status', r.status, ['draft', 'open', 'closed', 'revealed'], 'RoundStatus')},`);
  out.push(`        secrecy: ${oneOf('secrecy', r.secrecy, ['named', 'anonymous'], 'Secrecy')},`);
  out.push(`        weighting: ${oneOf('weighting', r.weighting, ['equal', 'department_balanced'], 'Weighting')},`);
  out.push(`        observers: ${list(r.observers ?? [], id('p'))},`);
  out.push(`        timer_minutes: ${opt(r.timer_minutes, u32)},`);
  out.push('        // Participant, their ranking.');
  out.push('        ballots: &[');
  for (const b of r.ballots ?? []) {
    only('a ballot', b, ['participant', 'ranking']);
    out.push(`            (${id('p')(b.participant)}, ${list(b.ranking, id('g'))}),`);
  }
  out.push('        ],');
  if (r.status !== 'draft' && !r.electorate) fail('a round past draft without its electorate');
  out.push(`        electorate: ${opt(r.electorate, (e) => list(e, id('p')))},`);
  out.push('    },');
}
out.push('];');
writeFileSync(root + 'src/domain/demo/rows.rs', out.join('\n') + '\n');
console.log('demo-rows: wrote src/domain/demo/rows.rs');
