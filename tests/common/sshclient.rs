//! An SSH client of the tests' own (russh's client side), for what OpenSSH never sends or
//! never shows: a request with a reply asked for where OpenSSH asks none (`env`, agent), a
//! pty of 65535x65535, a window of 0x0, bytes no keyboard makes. Included with
//! `#[path = "common/sshclient.rs"]` by the tests that use it.

#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use russh::client::{self, Config, Handle, Msg};
use russh::keys::PublicKeyOrCertificate;
use russh::{Channel, ChannelMsg};

/// How long any one step here may take before the test fails.
pub const STEP: Duration = Duration::from_secs(5);

/// Trusts the server's key: the tests start the server themselves.
pub struct Trust;

impl client::Handler for Trust {
    type Error = russh::Error;

    async fn check_server_key(&mut self, _key: &PublicKeyOrCertificate) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

pub type Conn = Handle<Trust>;

/// A connection through the key exchange, not logged in.
pub async fn handshake(port: u16) -> Conn {
    let config = Arc::new(Config { nodelay: true, ..Config::default() });
    let connecting = client::connect(config, ("127.0.0.1", port), Trust);
    tokio::time::timeout(STEP, connecting).await.expect("connect in time").expect("connect")
}

/// A connection logged in with no credentials (the server's open, loopback access).
pub async fn connect(port: u16) -> Conn {
    let mut conn = handshake(port).await;
    let auth = tokio::time::timeout(STEP, conn.authenticate_none("class")).await;
    assert!(auth.expect("auth in time").expect("auth").success(), "the open server lets anyone in");
    conn
}

/// A session channel, opened.
pub async fn session(conn: &Conn) -> Channel<Msg> {
    tokio::time::timeout(STEP, conn.channel_open_session())
        .await
        .expect("the session channel opens in time")
        .expect("the session channel opens")
}

/// The server's answer to the last request that asked for one: `Success` or `Failure`.
/// Output, window adjustments and the like in between are skipped; `None` if the channel
/// closed first.
pub async fn reply(channel: &mut Channel<Msg>) -> Option<ChannelMsg> {
    let answer = async {
        loop {
            match channel.wait().await {
                Some(m @ (ChannelMsg::Success | ChannelMsg::Failure)) => return Some(m),
                Some(ChannelMsg::Close) | None => return None,
                Some(_) => {}
            }
        }
    };
    tokio::time::timeout(STEP, answer).await.expect("the server answers in time")
}

/// A student's session: pty `cols`x`rows`, then the shell, both granted.
pub async fn shell(conn: &Conn, cols: u32, rows: u32) -> Channel<Msg> {
    let mut ch = session(conn).await;
    ch.request_pty(true, "xterm-256color", cols, rows, 0, 0, &[]).await.expect("send pty-req");
    assert!(matches!(reply(&mut ch).await, Some(ChannelMsg::Success)), "the pty is granted");
    ch.request_shell(true).await.expect("send shell");
    assert!(matches!(reply(&mut ch).await, Some(ChannelMsg::Success)), "the shell is granted");
    ch
}

/// Everything on a channel until it closes, or `wait` passes: the data, the stderr data, the
/// exit status, whether it closed.
#[derive(Debug, Default)]
pub struct Ending {
    pub data: Vec<u8>,
    pub stderr: Vec<u8>,
    pub status: Option<u32>,
    pub closed: bool,
}

pub async fn read_to_close(channel: &mut Channel<Msg>, wait: Duration) -> Ending {
    let mut end = Ending::default();
    let reading = async {
        while let Some(msg) = channel.wait().await {
            match msg {
                ChannelMsg::Data { data } => end.data.extend_from_slice(&data),
                ChannelMsg::ExtendedData { data, .. } => end.stderr.extend_from_slice(&data),
                ChannelMsg::ExitStatus { exit_status } => end.status = Some(exit_status),
                ChannelMsg::Close => {
                    end.closed = true;
                    return;
                }
                _ => {}
            }
        }
        end.closed = true;
    };
    let _ = tokio::time::timeout(wait, reading).await;
    end
}

/// A small seeded generator (xorshift64*), so a failing run of random bytes can be replayed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn fill(&mut self, buf: &mut [u8]) {
        for chunk in buf.chunks_mut(8) {
            let n = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&n[..chunk.len()]);
        }
    }
}
