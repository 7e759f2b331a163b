//! `accord`: the command-line toolkit over Accord's core, for goal trees kept in
//! repositories and pipelines. `accord --help` lists the commands, `accord SUB --help`
//! explains one.
//!
//! Arguments are parsed by clap: help and `--version` exit 0; an unknown, mistyped or
//! missing argument is a usage error (exit 2) with a hint. Everything is written to a
//! locked, buffered stdout with `writeln!`, so a reader that goes away (`accord tally
//! big.json | head -1`) ends the command quietly instead of a panic.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use accord::domain::disclosure::{self, Hidden};
use accord::domain::open::{open_file, AccordFile};
use accord::domain::render::{csv, diff, goal_tree, markdown, svg};
use accord::domain::share::{self, contribution, tree_link, Contribution, ImportRefused};
use accord::domain::tally::{compare, Detail, RoundResult};
use accord::domain::time::Timestamp;

const EXIT_STATUS: &str = "Exit status: 0 ok, 1 invalid input or failed check, 2 usage error.";

#[derive(Parser)]
#[command(
    name = "accord",
    version,
    about = "Validate, tally, render, diff, share and merge Accord workshop and goal-tree files",
    after_help = EXIT_STATUS,
    arg_required_else_help = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check workshop and goal-tree files; exit 1 if any is invalid
    #[command(after_help = "Each problem is named with its JSON path, e.g. $.goals[3].parent.")]
    Validate {
        /// Workshop or goal-tree files (JSON)
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Recompute the results of a workshop's revealed rounds
    #[command(after_help = "Shows nothing of a round that is not revealed, like the app; --audit recounts every round.")]
    Tally {
        /// A workshop file
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Only this round (its ID, e.g. r2)
        #[arg(long, value_name = "ID")]
        round: Option<String>,
        /// JSON, with the exact figures as fractions (headline_exact)
        #[arg(long)]
        json: bool,
        /// Recount every round, revealed or not (the file's owner holds every ballot)
        #[arg(long)]
        audit: bool,
    },
    /// The app's renderings of a workshop
    Render {
        /// A workshop file (a goal-tree file for --format json)
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// md: the report; csv: the ballots; svg: the tree picture; json: the agreed goal tree; map: the alignment map (SVG)
        #[arg(long, value_enum, value_name = "FORMAT")]
        format: RenderFormat,
    },
    /// What changed between two goal trees (workshop files are read as their agreed trees)
    #[command(after_help = "Every field of every goal, departments, decisions and the next IDs are compared; \
only the export time is not. JSON output follows schema/accord-diff-v1.schema.json.")]
    Diff {
        /// The earlier file
        #[arg(value_name = "OLD")]
        old: PathBuf,
        /// The later file
        #[arg(value_name = "NEW")]
        new: PathBuf,
        /// text: a line per change; json: the changes as data; md: a pull-request comment
        #[arg(long, value_enum, value_name = "FORMAT", default_value_t = DiffFormat::Text)]
        format: DiffFormat,
        /// The same as --format json
        #[arg(long, conflicts_with = "format")]
        json: bool,
    },
    /// Print the share link of a goal tree (the agreed tree of a workshop file)
    #[command(after_help = "The tree travels in the link's fragment (after #), which browsers never send to a host. \
On stderr: whether the link fits one QR code. Exit status: 0 ok, 1 invalid file, 2 usage error.")]
    Share {
        /// A workshop or goal-tree file
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Where Accord is served; the link opens BASE/view/
        #[arg(long, value_name = "URL", default_value = "http://127.0.0.1:8080/")]
        base: String,
    },
    /// Import goals sent back (department drafts, personal goals) into a workshop file
    #[command(after_help = "DRAFT is a file of goals sent back (accord-contribution JSON) or a text file holding \
an ACG1. code or a #give= link. All or nothing: if any is invalid or refused, nothing is written. A goal sent \
again updates the goal it became. Possible duplicates across departments are listed on stderr. \
Exit status: 0 merged (or nothing new), 1 invalid or refused input, 2 usage error.")]
    Merge {
        /// The workshop file
        #[arg(value_name = "WORKSHOP")]
        workshop: PathBuf,
        /// Drafts and personal goals, imported in this order
        #[arg(required = true, value_name = "DRAFT")]
        drafts: Vec<PathBuf>,
        /// Write the merged workshop here instead of stdout
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// The time the goals are recorded as received (RFC 3339); default: now
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
    },
    /// Print a shell completion script
    #[command(after_help = "For example: accord completions bash > ~/.local/share/bash-completion/completions/accord")]
    Completions {
        #[arg(value_enum, value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum RenderFormat {
    Md,
    Csv,
    Svg,
    Json,
    Map,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiffFormat {
    Text,
    Json,
    Md,
}

/// A line on stderr; a closed stderr is not worth failing over.
fn warn(message: &str) {
    let _ = writeln!(io::stderr().lock(), "{message}");
}

fn load(path: &Path) -> Result<AccordFile, String> {
    let shown = path.display();
    let bytes = std::fs::read(path).map_err(|e| format!("{shown}: cannot read ({e})"))?;
    open_file(&bytes).map_err(|e| format!("{shown}: invalid\n{}", indent(&e.to_string())))
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}")).collect::<Vec<_>>().join("\n")
}

/// A file as a goal tree: a workshop file as its agreed tree. Goals sent back are not a
/// tree until they are imported into a workshop (`accord merge`).
fn load_tree(path: &Path) -> Result<goal_tree::GoalTreeDoc, String> {
    match load(path)? {
        AccordFile::GoalTree(t) => Ok(*t),
        AccordFile::Workshop(w) => Ok(goal_tree::agreed_tree(&w, w.updated)),
        AccordFile::Contribution(_) => Err(format!(
            "{}: this file holds goals sent back, not a goal tree; merge it into a workshop with `accord merge`",
            path.display()
        )),
    }
}

fn validate(out: &mut dyn Write, files: &[PathBuf]) -> io::Result<ExitCode> {
    let mut ok = true;
    for path in files {
        let shown = path.display();
        match load(path) {
            Ok(AccordFile::Workshop(w)) => writeln!(out, "{shown}: ok (workshop “{}”, {} goals, {} rounds)", w.title, w.goals().len(), w.rounds().count())?,
            Ok(AccordFile::GoalTree(t)) => writeln!(out, "{shown}: ok (goal tree of “{}”, {} goals)", t.workshop, goal_tree::all_goals(&t).len())?,
            Ok(AccordFile::Contribution(c)) => writeln!(out, "{shown}: ok ({} for “{}”)", c.describe(), c.workshop)?,
            Err(e) => {
                ok = false;
                writeln!(out, "{e}")?;
            }
        }
    }
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// What `tally` shows of a round: the disclosed results (the app's policy), or with
/// `--audit` the whole recount (the file holds every ballot; its owner may recount it).
struct Shown {
    overall: RoundResult,
    agreement: Option<f64>,
    divergence: Vec<(accord::domain::model::GoalId, f64)>,
}

fn tally(out: &mut dyn Write, path: &Path, round: Option<&str>, json: bool, audit: bool) -> io::Result<ExitCode> {
    let shown_path = path.display();
    let w = match load(path) {
        Ok(AccordFile::Workshop(w)) => w,
        Ok(AccordFile::GoalTree(_) | AccordFile::Contribution(_)) => {
            warn(&format!("{shown_path}: only a workshop file holds ballots; tally needs a workshop file"));
            return Ok(ExitCode::from(1));
        }
        Err(e) => {
            warn(&e);
            return Ok(ExitCode::from(1));
        }
    };
    let rounds: Vec<_> = w.rounds().filter(|r| round.is_none_or(|id| r.id.to_string() == id)).collect();
    if rounds.is_empty() {
        warn(&format!("{shown_path}: {}", if round.is_some() { "no such round" } else { "no rounds" }));
        return Ok(ExitCode::from(1));
    }
    let title = |g| w.title_of(g);
    let mut listed = Vec::new();
    let mut refused = false;
    for r in rounds {
        let shown = if audit {
            compare(&w, r).map(|c| Shown { overall: c.overall, agreement: c.agreement, divergence: c.divergence }).map_err(Hidden::Uncountable)
        } else {
            disclosure::results(&w, r).map(|d| Shown { overall: d.overall, agreement: d.agreement, divergence: d.divergence })
        };
        let c = match shown {
            Ok(c) => c,
            Err(Hidden::Uncountable(e)) => {
                warn(&format!("{shown_path}: round {} “{}”: {e}", r.id, r.name));
                refused = true;
                continue;
            }
            Err(hidden) => {
                // Nothing of it: the same rule as the app, its exports and `render`.
                if json {
                    listed.push(serde_json::json!({ "round": r.id.to_string(), "name": r.name, "hidden": hidden.to_string() }));
                } else {
                    writeln!(out, "Round {} “{}” ({}, {}): {hidden} (--audit recounts it)", r.id, r.name, r.method.label(), r.status.label())?;
                }
                continue;
            }
        };
        if json {
            listed.push(serde_json::json!({
                "round": r.id.to_string(),
                "name": r.name,
                "method": r.method.label(),
                "ballots": c.overall.ballots,
                "order": c.overall.order.iter().map(|t| t.iter().map(ToString::to_string).collect::<Vec<_>>()).collect::<Vec<_>>(),
                "headline": c.overall.headline.iter().map(|(g, v)| (g.to_string(), *v)).collect::<std::collections::BTreeMap<_, _>>(),
                // The same figures exactly, as fractions in lowest terms ("7/2"): the order
                // was decided on these.
                "headline_exact": c.overall.exact.iter().map(|(g, v)| (g.to_string(), v.to_string())).collect::<std::collections::BTreeMap<_, _>>(),
                "agreement": c.agreement,
                "divergence": c.divergence.iter().map(|(g, d)| (g.to_string(), *d)).collect::<std::collections::BTreeMap<_, _>>(),
            }));
        } else {
            writeln!(out, "Round {} “{}” ({}, {} ballots, {})", r.id, r.name, r.method.label(), c.overall.ballots, r.status.label())?;
            for (place, tier) in c.overall.order.iter().enumerate() {
                for g in tier {
                    let figure = c.overall.headline.get(g).copied().unwrap_or(0.0);
                    let tie = if tier.len() > 1 { " (tie)" } else { "" };
                    writeln!(out, "  {}{tie}. {} — {figure:.2}", c.overall.rank_of(*g).unwrap_or(place as u32 + 1), title(*g))?;
                }
            }
            if let Detail::Ranked { .. } = c.overall.detail {
                writeln!(out, "  (Schulze order; figures are Borda points)")?;
            }
            if let Some(a) = c.agreement {
                writeln!(out, "  Kendall's W between departments: {a:.3}")?;
            }
        }
    }
    if json {
        serde_json::to_writer_pretty(&mut *out, &listed).map_err(io::Error::from)?;
        writeln!(out)?;
    }
    Ok(if refused { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// 64 random bits from the standard library's randomly keyed hasher.
fn fresh_seed() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    std::collections::hash_map::RandomState::new().build_hasher().finish()
}

fn render(out: &mut dyn Write, path: &Path, format: RenderFormat) -> io::Result<ExitCode> {
    let w = match load(path) {
        Ok(AccordFile::Workshop(w)) => w,
        Ok(AccordFile::GoalTree(t)) if format == RenderFormat::Json => {
            writeln!(out, "{}", goal_tree::to_json(&t))?;
            return Ok(ExitCode::SUCCESS);
        }
        Ok(AccordFile::GoalTree(_) | AccordFile::Contribution(_)) => {
            let name = format.to_possible_value().map(|v| v.get_name().to_string()).unwrap_or_default();
            warn(&format!("{}: render --format {name} needs a workshop file", path.display()));
            return Ok(ExitCode::from(1));
        }
        Err(e) => {
            warn(&e);
            return Ok(ExitCode::from(1));
        }
    };
    match format {
        RenderFormat::Md => write!(out, "{}", markdown::report(&w))?,
        // Anonymous voters are numbered in an order shuffled afresh each run (std's
        // per-process random hash keys; no clock, no participant order).
        RenderFormat::Csv => write!(out, "{}", csv::ballots(&w, fresh_seed()))?,
        RenderFormat::Svg => write!(out, "{}", svg::tree(&w))?,
        RenderFormat::Json => writeln!(out, "{}", goal_tree::to_json(&goal_tree::agreed_tree(&w, w.updated)))?,
        RenderFormat::Map => write!(out, "{}", accord::domain::map_layout::render_map_svg(&accord::domain::disclosure::disclosed(&w)))?,
    }
    Ok(ExitCode::SUCCESS)
}

fn diff_files(out: &mut dyn Write, old: &Path, new: &Path, format: DiffFormat) -> io::Result<ExitCode> {
    let (old, new) = match (load_tree(old), load_tree(new)) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(e), _) | (_, Err(e)) => {
            warn(&e);
            return Ok(ExitCode::from(1));
        }
    };
    let changes = diff::diff(&old, &new);
    match format {
        DiffFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &changes).map_err(io::Error::from)?;
            writeln!(out)?;
        }
        DiffFormat::Text => write!(out, "{}", diff::text(&changes))?,
        DiffFormat::Md => write!(out, "{}", diff::markdown(&changes))?,
    }
    Ok(ExitCode::SUCCESS)
}

fn completions(out: &mut dyn Write, shell: clap_complete::Shell) -> io::Result<ExitCode> {
    // Generated into memory first: the generator cannot report a write that fails.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "accord", &mut script);
    out.write_all(&script)?;
    Ok(ExitCode::SUCCESS)
}

fn share(out: &mut dyn Write, path: &Path, base: &str) -> io::Result<ExitCode> {
    let tree = match load_tree(path) {
        Ok(tree) => tree,
        Err(e) => {
            warn(&e);
            return Ok(ExitCode::from(1));
        }
    };
    let link = format!("{}/view/#{}={}", base.trim_end_matches('/'), tree_link::KEY, tree_link::encode_tree(&tree, None));
    writeln!(out, "{link}")?;
    let chars = link.chars().count();
    // A QR code denser than this is hard for a phone to read off a screen (see codec::qr).
    match accord::domain::codec::qr_symbol_for_screen(&link) {
        Ok(symbol) if symbol.version() <= accord::domain::codec::DENSEST_FOR_A_ROOM => {
            warn(&format!("{chars} characters; fits one QR code (version {}, {} modules a side)", symbol.version(), symbol.size))
        }
        _ => warn(&format!("{chars} characters; too long for one QR code a phone reads: send the link or the goal-tree file")),
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads one DRAFT argument: a contribution file, or text holding a code.
fn load_contribution(path: &Path) -> Result<Contribution, String> {
    let shown = path.display();
    let bytes = std::fs::read(path).map_err(|e| format!("{shown}: cannot read ({e})"))?;
    let text = String::from_utf8_lossy(&bytes);
    if text.contains(contribution::PREFIX) && !text.trim_start().starts_with('{') {
        return contribution::read_code(&text).map_err(|e| format!("{shown}: invalid\n{}", indent(&e.to_string())));
    }
    match load(path)? {
        AccordFile::Contribution(c) => Ok(*c),
        _ => Err(format!("{shown}: this is not a file of goals sent back (a draft or personal goals)")),
    }
}

fn merge(out: &mut dyn Write, workshop: &Path, drafts: &[PathBuf], output: Option<&Path>, at: Option<&str>) -> io::Result<ExitCode> {
    let now = match at {
        Some(text) => match Timestamp::parse_rfc3339(text) {
            Some(t) => t,
            None => {
                warn(&format!("--at {text}: not a time like 2026-11-27T09:30:00.000Z"));
                return Ok(ExitCode::from(2));
            }
        },
        None => Timestamp(
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX)),
        ),
    };
    let mut w = match load(workshop) {
        Ok(AccordFile::Workshop(w)) => *w,
        Ok(_) => {
            warn(&format!("{}: merge needs a workshop file", workshop.display()));
            return Ok(ExitCode::from(1));
        }
        Err(e) => {
            warn(&e);
            return Ok(ExitCode::from(1));
        }
    };
    let mut failed = false;
    for path in drafts {
        let c = match load_contribution(path) {
            Ok(c) => c,
            Err(e) => {
                warn(&e);
                failed = true;
                continue;
            }
        };
        // The keys stay in the facilitator's browser: a file has no tag to check against.
        match share::import(&w, None, &c, now) {
            Ok(imported) => {
                if let Err(e) = w.apply(imported.edit.clone()) {
                    warn(&format!("{}: {e}", path.display()));
                    failed = true;
                    continue;
                }
                warn(&format!("{}: {}", path.display(), imported.summary(&c)));
                for (_, why) in &imported.adrift {
                    warn(&format!("  under nothing agreed: {why}"));
                }
            }
            Err(ImportRefused::NothingNew { goals }) => warn(&format!("{}: {}", path.display(), ImportRefused::NothingNew { goals })),
            Err(refused) => {
                warn(&format!("{}: {refused}", path.display()));
                failed = true;
            }
        }
    }
    if failed {
        warn("Nothing was written.");
        return Ok(ExitCode::from(1));
    }
    let who = |g| {
        let goal = w.goal(g);
        let dept = goal.and_then(|x| x.department).and_then(|d| w.department(d)).map_or(String::new(), |d| d.name.clone());
        let from = w.contributed(g).map_or(String::new(), |c| format!(", from {}", c.author));
        format!("“{}” ({dept}{from})", w.title_of(g))
    };
    for d in share::near_duplicates(&w) {
        warn(&format!("possible duplicate ({}% alike): {} ≈ {}", d.percent, who(d.a), who(d.b)));
    }
    w.touch(now);
    let json = accord::domain::wire::to_json(&w);
    match output {
        Some(file) => {
            if let Err(e) = std::fs::write(file, format!("{json}\n")) {
                warn(&format!("{}: cannot write ({e})", file.display()));
                return Ok(ExitCode::from(1));
            }
        }
        None => writeln!(out, "{json}")?,
    }
    Ok(ExitCode::SUCCESS)
}

fn run(out: &mut dyn Write, command: Command) -> io::Result<ExitCode> {
    match command {
        Command::Validate { files } => validate(out, &files),
        Command::Tally { file, round, json, audit } => tally(out, &file, round.as_deref(), json, audit),
        Command::Render { file, format } => render(out, &file, format),
        Command::Diff { old, new, format, json } => diff_files(out, &old, &new, if json { DiffFormat::Json } else { format }),
        Command::Share { file, base } => share(out, &file, &base),
        Command::Merge { workshop, drafts, output, at } => merge(out, &workshop, &drafts, output.as_deref(), at.as_deref()),
        Command::Completions { shell } => completions(out, shell),
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and --version go to stdout and exit 0; usage errors to stderr, exit 2.
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match run(&mut out, cli.command).and_then(|code| out.flush().map(|()| code)) {
        Ok(code) => code,
        // The reader went away (`| head -1`): it has all it wanted.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            warn(&format!("accord: cannot write the output ({e})"));
            ExitCode::from(1)
        }
    }
}
