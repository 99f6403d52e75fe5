//! JUnit XML for CI dashboards: one test suite per profile, one test case per model and
//! property. A verdict that differs from its expectation is a failure; an incomplete one is
//! skipped.

use std::fmt::Write;

use heartbeat_model::verify::Verdict;
use heartbeat_model::verify::sweep::SweepReport;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub fn junit(report: &SweepReport) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"heartbeat-spec check\" tests=\"{}\" failures=\"{}\" skipped=\"{}\" time=\"{:.3}\">",
        report
            .models
            .iter()
            .map(|m| m.properties.len())
            .sum::<usize>(),
        report.totals.unexpected,
        report.totals.incomplete,
        report.totals.seconds
    );
    let mut profiles: Vec<_> = report.models.iter().map(|m| m.profile).collect();
    profiles.dedup();
    for profile in profiles {
        let models: Vec<_> = report
            .models
            .iter()
            .filter(|m| m.profile == profile)
            .collect();
        let cases: Vec<_> = models
            .iter()
            .flat_map(|m| m.properties.iter().map(move |p| (m, p)))
            .collect();
        let failures = cases.iter().filter(|(_, p)| p.unexpected()).count();
        let skipped = cases
            .iter()
            .filter(|(_, p)| p.verdict == Verdict::Incomplete)
            .count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{profile}\" tests=\"{}\" failures=\"{failures}\" skipped=\"{skipped}\">",
            cases.len()
        );
        for (m, p) in cases {
            let name = escape(&format!("{} {}: {}", p.id, p.name, m.config));
            let _ = write!(
                out,
                "    <testcase classname=\"{profile}\" name=\"{name}\" time=\"{:.3}\"",
                m.stats.seconds
            );
            if p.unexpected() {
                let message = escape(&format!(
                    "{} is {}, expected {}",
                    p.name,
                    p.verdict.name(),
                    p.expected.name()
                ));
                let body = p
                    .trace
                    .as_ref()
                    .map(|t| escape(&t.render_text()))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    ">\n      <failure message=\"{message}\">{body}</failure>\n    </testcase>"
                );
            } else if p.verdict == Verdict::Incomplete {
                let reason = escape(m.stats.stopped_by.as_deref().unwrap_or("budget"));
                let _ = writeln!(
                    out,
                    ">\n      <skipped message=\"incomplete: {reason}\"/>\n    </testcase>"
                );
            } else {
                let _ = writeln!(out, "/>");
            }
        }
        let _ = writeln!(out, "  </testsuite>");
    }
    out.push_str("</testsuites>\n");
    out
}
