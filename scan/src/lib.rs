//! Finds every call of the system-event queue's enqueue functions in an OpenClaw source
//! checkout (TypeScript) or an unpacked npm package (its compiled `dist/` JavaScript), with a
//! real parser (oxc), and classifies each call's session key, owner and wake (SPEC §7.1,
//! SC1–SC7).
//!
//! The scan reads code from pull requests, which is untrusted input: it never panics on bad
//! input, refuses files nested deeper than [`MAX_NESTING`], and reports a file that does not
//! parse with its path, line and column.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

mod visit;

/// The queue's enqueue functions, by the names the code calls them (SPEC SC2). Calls reach
/// them directly, through renamed imports, or as a property (`runtime.system.…`, `deps.…`).
pub const ENQUEUE_FUNCTIONS: &[&str] = &[
    "enqueueSystemEvent",
    "enqueueSystemEventWithReceipt",
    "enqueueSystemEventEntry",
    "enqueueOwnedSystemEventEntry",
    "enqueueRoutedSystemEvent",
    "enqueueSystemEventFromSdk",
    "enqueueSystemEventEntryFromSdk",
];

/// The wake request functions (SPEC SC4).
pub const WAKE_FUNCTIONS: &[&str] = &[
    "requestHeartbeat",
    "requestHeartbeatNow",
    "requestSessionEventWake",
    "requestSessionEventWakeAndWait",
];

/// Bracket nesting beyond which a file is refused rather than parsed (SPEC SC6): real code
/// stays far below it, and the parser and the walk recurse once per level.
pub const MAX_NESTING: usize = 1_000;

/// Files larger than this are refused (SPEC SC6); the largest published bundle is ~20 MB.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// How a call chooses its session key (SPEC SC3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyClass {
    /// `event-route`, `queue-key(<inner>)`, `raw`, `literal` or `unknown`.
    pub class: String,
    /// The expression the key comes from, as written (shortened).
    pub expr: String,
}

/// The wake a call's function requests (SPEC SC4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Wake {
    /// `scoped`, `session-key`, `untargeted`, `none` or `unknown`.
    pub shape: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The wake call as written (callee), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call: Option<String>,
    /// The enclosing function the wake is requested in, when it is not the call's own
    /// function (a closure that enqueues while its enclosing function wakes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
}

/// One enqueue call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallSite {
    /// The source path (a checkout's path, or the bundle's `//#region` path).
    pub file: String,
    /// The file that was parsed, relative to the scanned root (for a checkout: `file`).
    pub artifact: String,
    /// 1-based line and column in `artifact`.
    pub line: u32,
    pub col: u32,
    /// The innermost named enclosing function, object-key- or class-qualified, with the
    /// `switch` case labels in brackets (`handleNodeEvent[exec.started|exec.finished]`).
    pub function: String,
    /// The callee as written (`enqueueSystemEvent`, `params.deps.enqueueSystemEvent`).
    pub callee: String,
    pub key: KeyClass,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    pub wake: Wake,
    /// `file-stem#function#key#wake`: stable across releases and bundles (SPEC SC5).
    pub fingerprint: String,
}

/// What was scanned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputKind {
    Package,
    Checkout,
}

/// A whole scan.
#[derive(Debug, Clone, Serialize)]
pub struct Scan {
    pub kind: InputKind,
    /// The package.json version (a release number) for a package; none for a checkout.
    pub release: Option<String>,
    pub files_parsed: usize,
    /// Plain-text count of enqueue names followed by `(`, minus definitions (SPEC SC2): the
    /// scan must find at least this many calls.
    pub lower_bound: usize,
    pub calls: Vec<CallSite>,
}

/// Bad input (exit 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScanError {
    /// The path does not exist or cannot be read.
    Io { path: String, message: String },
    /// The path is neither a checkout nor a package.
    NotAnInput { path: String },
    /// A file does not parse.
    Parse {
        file: String,
        line: u32,
        col: u32,
        message: String,
    },
    /// A file nested deeper than [`MAX_NESTING`] or larger than [`MAX_FILE_BYTES`].
    TooLarge { file: String, message: String },
}

impl fmt::Display for ScanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScanError::Io { path, message } => write!(f, "cannot read {path}: {message}"),
            ScanError::NotAnInput { path } => write!(
                f,
                "{path} is neither an OpenClaw source checkout (package.json and src/ with .ts files) \
                 nor an unpacked npm package (package.json and dist/ with .js/.mjs files)"
            ),
            ScanError::Parse {
                file,
                line,
                col,
                message,
            } => write!(f, "{file}:{line}:{col}: does not parse: {message}"),
            ScanError::TooLarge { file, message } => write!(f, "{file}: refused: {message}"),
        }
    }
}

impl std::error::Error for ScanError {}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(src: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(src.len());
    let mut o = offset;
    while !src.is_char_boundary(o) {
        o -= 1;
    }
    let before = &src[..o];
    let line = before.bytes().filter(|b| *b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(col).unwrap_or(u32::MAX),
    )
}

/// A bundle file's `//#region <path>` … `//#endregion` ranges (byte offsets).
fn regions(src: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut stack: Vec<(usize, String)> = Vec::new();
    let mut offset = 0;
    for line in src.split_inclusive('\n') {
        let t = line.trim();
        if let Some(rest) = t.strip_prefix("//#region ") {
            stack.push((offset, rest.trim().to_string()));
        } else if t == "//#endregion" {
            if let Some((start, path)) = stack.pop() {
                out.push((start, offset + line.len(), path));
            }
        }
        offset += line.len();
    }
    out
}

/// The source path of `offset` in a bundle: the innermost region, else the chunk stem.
fn region_at(regions: &[(usize, usize, String)], offset: usize) -> Option<&str> {
    regions
        .iter()
        .filter(|(s, e, _)| *s <= offset && offset < *e)
        .min_by_key(|(s, e, _)| e - s)
        .map(|(_, _, p)| p.as_str())
}

/// A chunk's file stem without the bundler's `-<8 char hash>`:
/// `server-node-events-D6y0H8SA.js` → `server-node-events`.
pub fn chunk_stem(file_name: &str) -> String {
    let base = file_name.rsplit('/').next().unwrap_or(file_name);
    let stem = base
        .strip_suffix(".d.ts")
        .or_else(|| base.rsplit_once('.').map(|(s, _)| s))
        .unwrap_or(base);
    let b = stem.as_bytes();
    if b.len() > 9 && b[b.len() - 9] == b'-' {
        let hash = &stem[stem.len() - 8..];
        let hashy = hash
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-');
        let mixed = hash
            .bytes()
            .any(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        if hashy && mixed {
            return stem[..stem.len() - 9].to_string();
        }
    }
    stem.to_string()
}

/// The stem of a source path for fingerprints: `src/gateway/server-node-events.ts` →
/// `server-node-events`.
pub fn source_stem(path: &str) -> String {
    let base = path.rsplit('/').next().unwrap_or(path);
    match base.split_once('.') {
        Some((s, _)) if !s.is_empty() => s.to_string(),
        _ => base.to_string(),
    }
}

/// Deepest bracket nesting, counted over the raw text (strings and comments included, so it
/// over-estimates; that only makes the cap stricter).
pub fn max_nesting(src: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for b in src.bytes() {
        match b {
            b'(' | b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$'
}

/// The plain-text lower bound of one file (SPEC SC2): occurrences of an enqueue function name
/// (as a whole word) followed by optional spaces and `(`, minus those preceded by `function`.
pub fn text_lower_bound(src: &str) -> usize {
    let bytes = src.as_bytes();
    let mut n = 0;
    for name in ENQUEUE_FUNCTIONS {
        let mut from = 0;
        while let Some(i) = src[from..].find(name) {
            let start = from + i;
            let end = start + name.len();
            from = end;
            if start > 0 && is_ident_byte(bytes[start - 1]) {
                continue;
            }
            if end < bytes.len() && is_ident_byte(bytes[end]) {
                continue;
            }
            let mut j = end;
            while j < bytes.len() && (bytes[j] == b' ' || bytes[j] == b'\t') {
                j += 1;
            }
            if j >= bytes.len() || bytes[j] != b'(' {
                continue;
            }
            let before = src[..start].trim_end();
            let word = before
                .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '*'))
                .next()
                .unwrap_or("");
            if matches!(word, "function" | "function*" | "get" | "set") {
                continue;
            }
            n += 1;
        }
    }
    n
}

/// Scan one file's text. `artifact` names it in messages; `bundle` maps positions through
/// `//#region` markers (else every call's file is `artifact`).
pub fn scan_source(artifact: &str, src: &str, bundle: bool) -> Result<Vec<CallSite>, ScanError> {
    let depth = max_nesting(src);
    if depth > MAX_NESTING {
        return Err(ScanError::TooLarge {
            file: artifact.to_string(),
            message: format!("brackets nest {depth} deep (the scanner's limit is {MAX_NESTING})"),
        });
    }
    let raw = visit::scan_program(artifact, src)?;
    // Line starts, once per file (a minified bundle is one 50 MB file with dozens of calls).
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(src.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_col = |offset: usize| {
        let line = line_starts.partition_point(|s| *s <= offset).max(1);
        let start = line_starts[line - 1];
        let col = src.get(start..offset).map_or(1, |t| t.chars().count() + 1);
        (
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(col).unwrap_or(u32::MAX),
        )
    };
    let regs = if bundle { regions(src) } else { Vec::new() };
    let stem = chunk_stem(artifact);
    Ok(raw
        .into_iter()
        .map(|r| {
            let (line, col) = line_col(r.offset);
            let file = if bundle {
                region_at(&regs, r.offset).map_or_else(|| stem.clone(), str::to_string)
            } else {
                artifact.to_string()
            };
            let fp_stem = if bundle && region_at(&regs, r.offset).is_none() {
                stem.clone()
            } else {
                source_stem(&file)
            };
            let fingerprint = format!(
                "{}#{}#{}#{}",
                fp_stem, r.function, r.key.class, r.wake.shape
            );
            CallSite {
                file,
                artifact: artifact.to_string(),
                line,
                col,
                function: r.function,
                callee: r.callee,
                key: r.key,
                owner: r.owner,
                wake: r.wake,
                fingerprint,
            }
        })
        .collect())
}

fn collect_files(
    dir: &Path,
    accept: &dyn Fn(&str) -> bool,
    out: &mut Vec<PathBuf>,
) -> Result<(), ScanError> {
    let io = |e: std::io::Error| ScanError::Io {
        path: dir.display().to_string(),
        message: e.to_string(),
    };
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(io)?
        .collect::<Result<_, _>>()
        .map_err(io)?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().to_string();
        let ft = e.file_type().map_err(io)?;
        let path = e.path();
        if ft.is_dir() {
            if name == "node_modules" || name.starts_with('.') {
                continue;
            }
            collect_files(&path, accept, out)?;
        } else if ft.is_file() && accept(&name) {
            out.push(path);
        }
    }
    Ok(())
}

fn relative(path: &Path, root: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Scan a checkout or a package (SPEC SC1). Files are scanned in path order; the first file
/// that does not parse fails the whole scan (a skipped file could hide a call site).
pub fn scan_path(root: &Path) -> Result<Scan, ScanError> {
    let meta = std::fs::metadata(root).map_err(|e| ScanError::Io {
        path: root.display().to_string(),
        message: e.to_string(),
    })?;
    let not_input = || ScanError::NotAnInput {
        path: root.display().to_string(),
    };
    if !meta.is_dir() || !root.join("package.json").is_file() {
        return Err(not_input());
    }
    let mut files = Vec::new();
    let (kind, bundle) = if root.join("src").is_dir() {
        let ts = |n: &str| {
            (n.ends_with(".ts") || n.ends_with(".tsx") || n.ends_with(".mts"))
                && !n.ends_with(".d.ts")
                && !n.contains(".test.")
                && !n.contains(".spec.")
        };
        for sub in ["src", "extensions", "packages"] {
            let d = root.join(sub);
            if d.is_dir() {
                collect_files(&d, &ts, &mut files)?;
            }
        }
        (InputKind::Checkout, false)
    } else if root.join("dist").is_dir() {
        let js = |n: &str| n.ends_with(".js") || n.ends_with(".mjs") || n.ends_with(".cjs");
        collect_files(&root.join("dist"), &js, &mut files)?;
        (InputKind::Package, true)
    } else {
        return Err(not_input());
    };
    if files.is_empty() {
        return Err(not_input());
    }
    let release = if kind == InputKind::Package {
        let pj = std::fs::read_to_string(root.join("package.json")).map_err(|e| ScanError::Io {
            path: root.join("package.json").display().to_string(),
            message: e.to_string(),
        })?;
        let v: serde_json::Value = serde_json::from_str(&pj).map_err(|e| ScanError::Parse {
            file: root.join("package.json").display().to_string(),
            line: u32::try_from(e.line()).unwrap_or(0),
            col: u32::try_from(e.column()).unwrap_or(0),
            message: e.to_string(),
        })?;
        v.get("version")
            .and_then(|v| v.as_str())
            .map(str::to_string)
    } else {
        None
    };
    let mut scan = Scan {
        kind,
        release,
        files_parsed: 0,
        lower_bound: 0,
        calls: Vec::new(),
    };
    for f in files {
        let rel = relative(&f, root);
        let len = std::fs::metadata(&f).map(|m| m.len()).unwrap_or(0);
        if len > MAX_FILE_BYTES {
            return Err(ScanError::TooLarge {
                file: rel,
                message: format!("{len} bytes (the scanner's limit is {MAX_FILE_BYTES})"),
            });
        }
        let bytes = std::fs::read(&f).map_err(|e| ScanError::Io {
            path: rel.clone(),
            message: e.to_string(),
        })?;
        let src = String::from_utf8_lossy(&bytes);
        let lb = text_lower_bound(&src);
        // Files that cannot contain a call are counted but not parsed (the lower bound and the
        // names are the same test: a call needs the name in the text).
        scan.files_parsed += 1;
        if !ENQUEUE_FUNCTIONS.iter().any(|n| src.contains(n)) {
            continue;
        }
        scan.lower_bound += lb;
        scan.calls.extend(scan_source(&rel, &src, bundle)?);
    }
    Ok(scan)
}

/// Run `f` on a thread with a large stack (the parser recurses per nesting level). An error
/// names what went wrong with the thread (it cannot be spawned, or `f` panicked).
pub fn with_big_stack<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, String> {
    let h = std::thread::Builder::new()
        .stack_size(256 * 1024 * 1024)
        .spawn(f)
        .map_err(|e| format!("cannot start the scanner thread: {e}"))?;
    h.join()
        .map_err(|_| "the scanner panicked (a bug: please report the input)".to_string())
}

/// Count calls per fingerprint, for summaries.
pub fn by_fingerprint(calls: &[CallSite]) -> HashMap<&str, usize> {
    let mut m = HashMap::new();
    for c in calls {
        *m.entry(c.fingerprint.as_str()).or_insert(0) += 1;
    }
    m
}
