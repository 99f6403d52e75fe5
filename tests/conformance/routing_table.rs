//! The routing table (SPEC.md §4, rules T1–T3): an insta snapshot of the full text table in
//! `snapshots/`, plus the verdicts SPEC T2 and T3 say it must show.

use heartbeat_model::Profile;
use heartbeat_routing::routing::config::Scope;
use heartbeat_routing::routing::delivery::Delivery;
use heartbeat_spec::table::{OriginKind, TableRow, render_json, render_text, routing_table};

fn verdict(rows: &[TableRow], p: Profile, scope: Scope, mk: &str, o: OriginKind) -> Delivery {
    rows.iter()
        .find(|r| r.profile == p && r.scope == scope && r.main_key == mk && r.origin == o)
        .and_then(|r| r.verdict)
        .unwrap_or_else(|| panic!("no verdict for {p} {scope:?} {mk} {o:?}"))
}

/// T1/T2: the whole table, reviewed line by line against SPEC §3–§4 and the observed builds before it was accepted.
#[test]
fn t1_routing_table_snapshot() {
    let text = render_text(&routing_table(&Profile::ALL));
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!("routing_table", text));
}

/// T2: stranding under global scope and a custom mainKey before the fix (5.7 and the drafts),
/// none for cron-run origins from 5.12 on (SPEC E2, W2, H4, T2; PR #50818).
#[test]
fn t2_cron_run_verdicts_before_and_after_the_fix() {
    use Delivery::*;
    use OriginKind::{CronRun, CronRunDescendant};
    let rows = routing_table(&Profile::ALL);
    let (ps, gl) = (Scope::PerSender, Scope::Global);
    for o in [CronRun, CronRunDescendant] {
        for mk in ["main", "work"] {
            assert_eq!(
                verdict(&rows, Profile::Openclaw2026_5_7, ps, mk, o),
                RunsInCronRun
            );
            assert_eq!(
                verdict(&rows, Profile::Openclaw2026_5_7, gl, mk, o),
                Stranded
            );
            for d in [
                Profile::Pr50818UntargetedCronWake,
                Profile::Pr50818LiteralMain,
            ] {
                assert_eq!(verdict(&rows, d, gl, mk, o), Stranded, "{d} global");
            }
            for p in [
                Profile::Openclaw2026_5_12,
                Profile::Openclaw2026_9_6,
                Profile::Reference,
            ] {
                assert_eq!(verdict(&rows, p, ps, mk, o), Surfaced, "{p} {mk}");
                assert_eq!(verdict(&rows, p, gl, mk, o), Surfaced, "{p} global {mk}");
            }
        }
        let untargeted = Profile::Pr50818UntargetedCronWake;
        assert_eq!(verdict(&rows, untargeted, ps, "main", o), FanOut);
        assert_eq!(verdict(&rows, untargeted, ps, "work", o), Stranded);
        assert_eq!(
            verdict(&rows, Profile::Pr50818LiteralMain, ps, "main", o),
            Surfaced
        );
        assert_eq!(
            verdict(&rows, Profile::Pr50818LiteralMain, ps, "work", o),
            Stranded
        );
    }
}

/// T2: subagent and bare-sentinel origins, which only the reference fixes (SPEC E5, W5, Q5).
#[test]
fn t2_subagent_and_sentinel_verdicts() {
    let rows = routing_table(&Profile::ALL);
    for scope in [Scope::PerSender, Scope::Global] {
        for mk in ["main", "work"] {
            for p in Profile::ALL {
                let sub = verdict(&rows, p, scope, mk, OriginKind::Subagent);
                let expected = if p == Profile::Reference {
                    Delivery::Surfaced
                } else {
                    Delivery::Stranded
                };
                assert_eq!(sub, expected, "{p} subagent {scope:?} {mk}");
            }
            let bare = verdict(&rows, Profile::Reference, scope, mk, OriginKind::BareGlobal);
            assert_eq!(bare, Delivery::Surfaced);
        }
    }
    // Per-sender, a bare `global` event is stranded in every release (untargeted fan-out in
    // ≤ 2026.5.12 that peeks agent main queues; agent:<owner>:global vs agent main in 2026.9.6).
    for p in Profile::RELEASES {
        for mk in ["main", "work"] {
            let v = verdict(&rows, p, Scope::PerSender, mk, OriginKind::BareGlobal);
            assert_eq!(v, Delivery::Stranded, "{p} {mk}");
        }
    }
}

/// T2, E8: under global scope, events from non-main, non-cron-run sessions (DM, group, durable
/// cron base) are stranded in every release, and surfaced by the reference, which routes every
/// agent-scoped key to the agent's global queue (the model's rule R11).
#[test]
fn t2_global_scope_strands_other_sessions_in_every_release() {
    let rows = routing_table(&Profile::ALL);
    for p in Profile::ALL {
        for o in [
            OriginKind::ChannelDm,
            OriginKind::Group,
            OriginKind::CronBase,
        ] {
            let expected = if p == Profile::Reference {
                Delivery::Surfaced
            } else {
                Delivery::Stranded
            };
            assert_eq!(
                verdict(&rows, p, Scope::Global, "work", o),
                expected,
                "{p} {o:?}"
            );
            assert_eq!(
                verdict(&rows, p, Scope::PerSender, "work", o) == Delivery::Stranded,
                p.is_draft() && o == OriginKind::CronBase,
                "{p} {o:?}"
            );
        }
    }
}

/// T1: the JSON rendering has one object per row and the same verdicts as the text.
#[test]
fn t1_json_rendering_matches_the_rows() {
    let rows = routing_table(&[Profile::Openclaw2026_9_6]);
    let json = render_json(&rows);
    let items = json.as_array().expect("an array");
    assert_eq!(items.len(), rows.len());
    assert_eq!(rows.len(), 2 * 2 * OriginKind::ALL.len());
    for (row, item) in rows.iter().zip(items) {
        assert_eq!(item["verdict"], row.verdict.expect("a verdict").to_string());
        assert_eq!(item["originSessionKey"], row.origin_key.as_str());
    }
}
