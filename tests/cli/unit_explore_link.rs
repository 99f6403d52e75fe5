//! The unit tests of `heartbeat_spec::explore::link` (`src/explore/link.rs`), kept out of the
//! library so that `cargo test` compiles it once.

use std::net::{IpAddr, Ipv6Addr};
use std::path::PathBuf;

use heartbeat_model::config::Faults;

use heartbeat_model::RoutingModel;
use heartbeat_model::site::SiteTable;
use heartbeat_model::verify::trace::Trace;
use heartbeat_spec::explore::link::*;

use crate::explore_server::{b6_model as model, counterexample};

#[test]
fn link_opens_the_counterexample_and_names_the_command() {
    let m = model(Faults::NONE);
    let path = counterexample(&m);
    let link = link_to_path(&m, &path, &LinkOptions::default()).expect("a link");
    assert_eq!(
        link.url,
        format!("http://127.0.0.1:3000/#/steps/{}", link.steps)
    );
    assert_eq!(link.steps.split('/').count(), path.steps.len() + 1);
    assert_eq!(
        link.command,
        "heartbeat-spec explore --profile openclaw-2026.5.12 --scope global --main-key default \
             --agents 2 --site exec-exit --origin cron-run"
    );
    let trace = Trace::from_path(&m, &path);
    assert_eq!(
        link_to_trace(&m, &trace, &LinkOptions::default()).expect("a link"),
        link
    );
}

#[test]
fn port_and_host_go_into_url_and_command() {
    let m = model(Faults::NONE);
    let path = counterexample(&m);
    let options = LinkOptions {
        host: IpAddr::V6(Ipv6Addr::LOCALHOST),
        port: 4123,
        sites_file: None,
    };
    let link = link_to_path(&m, &path, &options).expect("a link");
    assert!(
        link.url.starts_with("http://[::1]:4123/#/steps/"),
        "{}",
        link.url
    );
    assert!(
        link.command.ends_with(" --host ::1 --port 4123"),
        "{}",
        link.command
    );
}

#[test]
fn faults_are_part_of_the_command() {
    let faulty = model(Faults {
        restarts: 1,
        ..Faults::NONE
    });
    let path = counterexample(&faulty);
    let link = link_to_path(&faulty, &path, &LinkOptions::default()).expect("a link");
    assert!(
        link.command.ends_with(" --origin cron-run --restarts 1"),
        "{}",
        link.command
    );
}

#[test]
fn models_the_flags_cannot_give_have_no_link() {
    // A site table that is not the built-in one, without the file it came from.
    let mut table = SiteTable::upstream();
    let site = table
        .sites
        .iter_mut()
        .find(|s| s.name == "exec-exit")
        .expect("exec-exit");
    site.summary.push_str(" (edited)");
    let m = model(Faults::NONE);
    let edited = RoutingModel::new(m.profile, m.config.clone(), &table).expect("valid");
    let path = counterexample(&edited);
    let err = link_to_path(&edited, &path, &LinkOptions::default()).expect_err("edited");
    assert!(matches!(err, LinkError::NotReproducible(_)), "{err}");
    assert!(err.to_string().contains("--sites"), "{err}");

    let missing = LinkOptions {
        sites_file: Some(PathBuf::from("/nonexistent/sites.toml")),
        ..LinkOptions::default()
    };
    let err = link_to_path(&m, &path, &missing).expect_err("no such file");
    assert!(err.to_string().contains("cannot read"), "{err}");
}

#[test]
fn a_path_of_another_model_is_refused() {
    let m = model(Faults::NONE);
    let path = counterexample(&m);
    let mut config = m.config.clone();
    config.agents = 1;
    let other = RoutingModel::new(m.profile, config, &SiteTable::upstream()).expect("valid");
    let err = link_to_path(&other, &path, &LinkOptions::default()).expect_err("foreign");
    assert!(matches!(err, LinkError::NotAPath(_)), "{err}");
}
