//! Resident memory of this process, read from `/proc/self/status` (Linux). Elsewhere both
//! readings are 0 and a memory ceiling never triggers, which the CLI says when one is asked for.

fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
        })
        .unwrap_or(0)
}

/// Current resident set size in bytes.
pub fn current_rss_bytes() -> u64 {
    status_kib("VmRSS:") * 1024
}

/// Peak resident set size of the process so far, in bytes.
pub fn peak_rss_bytes() -> u64 {
    status_kib("VmHWM:") * 1024
}

/// Can this platform measure memory?
pub fn supported() -> bool {
    current_rss_bytes() > 0
}
