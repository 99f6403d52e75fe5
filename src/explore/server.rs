//! Starting the Explorer: a checked address, a server thread, and a wait until it answers.

use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use heartbeat_model::RoutingModel;

use super::link::base_url;

/// How long [`start`] waits for the server to answer.
const START_TIMEOUT: Duration = Duration::from_secs(10);

/// The address to listen on. `host` is an IP address or `localhost`; an address other than a
/// loopback one is refused unless `allow_remote`, since the Explorer has no authentication.
pub fn listen_address(host: &str, port: u16, allow_remote: bool) -> Result<SocketAddr, String> {
    let ip: IpAddr = if host.eq_ignore_ascii_case("localhost") {
        IpAddr::V4(Ipv4Addr::LOCALHOST)
    } else {
        host.parse().map_err(|_| {
            format!("--host `{host}` is not an IP address (use 127.0.0.1, ::1 or localhost)")
        })?
    };
    if !ip.is_loopback() && !allow_remote {
        return Err(format!(
            "--host {ip} is not a loopback address: the Explorer has no authentication, so \
             other machines could use it; add --allow-remote to listen there anyway"
        ));
    }
    Ok(SocketAddr::new(ip, port))
}

/// A running Explorer.
#[derive(Debug)]
pub struct Explorer {
    address: SocketAddr,
    thread: JoinHandle<()>,
}

impl Explorer {
    /// The address it listens on (the real port when port 0 was asked for).
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// `http://HOST:PORT/`.
    pub fn url(&self) -> String {
        base_url(self.address.ip(), self.address.port())
    }

    /// Is the server thread still serving?
    pub fn is_running(&self) -> bool {
        !self.thread.is_finished()
    }
}

/// Starts the Explorer for `model` on `address` (port 0: a free port chosen now) and returns
/// once it accepts connections. The server runs until the process ends.
pub fn start(model: RoutingModel, address: SocketAddr) -> Result<Explorer, String> {
    // stateright panics when it cannot listen; find out first, and say why.
    let probe =
        TcpListener::bind(address).map_err(|e| format!("cannot listen on {address}: {e}"))?;
    let address = probe
        .local_addr()
        .map_err(|e| format!("cannot listen on {address}: {e}"))?;
    drop(probe);
    let thread = std::thread::Builder::new()
        .name("explorer".into())
        .spawn(move || heartbeat_model::explorer_view::serve(model, address))
        .map_err(|e| format!("cannot start the Explorer's thread: {e}"))?;
    let explorer = Explorer { address, thread };
    let started = Instant::now();
    loop {
        if !explorer.is_running() {
            return Err(format!(
                "the Explorer stopped while starting on {address} (see the message above)"
            ));
        }
        if connects(address) {
            return Ok(explorer);
        }
        if started.elapsed() > START_TIMEOUT {
            return Err(format!(
                "the Explorer did not answer on {address} within {}s",
                START_TIMEOUT.as_secs()
            ));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn connects(address: SocketAddr) -> bool {
    let target = match address.ip() {
        // A server on every address answers on loopback.
        ip if ip.is_unspecified() => match ip {
            IpAddr::V4(_) => SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), address.port()),
            IpAddr::V6(_) => SocketAddr::new("::1".parse().expect("::1"), address.port()),
        },
        _ => address,
    };
    target
        .to_socket_addrs()
        .into_iter()
        .flatten()
        .any(|a| TcpStream::connect_timeout(&a, Duration::from_millis(200)).is_ok())
}
