//! No side doors, one test per door: every request a student's connection can make besides
//! its one pty and shell is refused, and after each the server still serves a normal student.
//!
//! The doors are tried with the system's OpenSSH client where it sends the request, and with
//! a russh client of the tests' own where OpenSSH does not, or sends it without asking for an
//! answer (OpenSSH asks none for `env` and agent forwarding, so the refusal is only visible
//! from our client). `exec` is in `serve.rs`.

mod common;
#[path = "common/sshclient.rs"]
mod sshclient;

use std::io::Read;
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::serve::{Server, assert_moves, run, ssh_available};
use russh::{ChannelMsg, ChannelOpenFailure};
use sshclient::{reply, session, shell};

/// Runs an async check on a runtime of its own, so the tests stay plain `#[test]`s and can
/// drive OpenSSH in a pty beside it.
fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime").block_on(f)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Skips a test that needs the OpenSSH client where there is none.
macro_rules! need_ssh {
    () => {
        if !ssh_available() {
            eprintln!("no ssh client here: nothing checked");
            return;
        }
    };
}

#[test]
fn a_subsystem_is_refused_sftp_and_scp_get_nothing() {
    need_ssh!();
    let mut server = Server::start();
    let dir = common::temp_dir("refuse-subsystem");

    let mut args = server.options(&["-s"]);
    args.extend([common::serve::DESTINATION, "sftp"].map(String::from));
    let out = run("ssh", &args);
    assert!(!out.status.success(), "ssh -s sftp must fail: {out:?}");
    assert!(text(&out.stderr).contains("subsystem request failed"), "{}", text(&out.stderr));

    let mut args = server.options(&[]);
    args.push(common::serve::DESTINATION.into());
    let out = run("sftp", &args);
    assert!(!out.status.success(), "sftp must fail: {out:?}");

    // scp speaks SFTP by default since OpenSSH 9.0, and the old protocol (-O) is an exec of
    // `scp -f`: both are refused and nothing is copied.
    for legacy in [false, true] {
        let target = dir.join(if legacy { "legacy" } else { "sftp" });
        let mut args = server.options(if legacy { &["-O"] } else { &[] });
        args.push(format!("{}:/etc/hostname", common::serve::DESTINATION));
        args.push(target.display().to_string());
        let out = run("scp", &args);
        assert!(!out.status.success(), "scp (legacy: {legacy}) must fail: {out:?}");
        assert!(!target.exists(), "scp (legacy: {legacy}) copied a file");
    }
    server.assert_serves_a_student();
}

#[test]
fn a_subsystem_asked_by_our_client_is_failed_and_closed() {
    let server = Server::start();
    let ending = block_on(async {
        let conn = sshclient::connect(server.port).await;
        let mut ch = session(&conn).await;
        ch.request_subsystem(true, "sftp").await.expect("send subsystem");
        assert!(matches!(reply(&mut ch).await, Some(ChannelMsg::Failure)), "subsystem refused");
        sshclient::read_to_close(&mut ch, sshclient::STEP).await
    });
    assert!(ending.closed, "the channel is closed: {ending:?}");
    assert_eq!(ending.status, Some(1), "exit status 1: {ending:?}");
    assert!(text(&ending.stderr).contains("no subsystems"), "a line says why: {ending:?}");
    assert!(ending.data.is_empty(), "nothing on stdout: {ending:?}");
}

#[test]
fn env_is_refused_and_the_session_goes_on() {
    let mut server = Server::start();
    // Asked with a reply wanted, the refusal is a failure; the same channel then gets its pty
    // and shell as if nothing had happened.
    block_on(async {
        let conn = sshclient::connect(server.port).await;
        let mut ch = session(&conn).await;
        ch.set_env(true, "LD_PRELOAD", "/tmp/evil.so").await.expect("send env");
        assert!(matches!(reply(&mut ch).await, Some(ChannelMsg::Failure)), "env refused");
        ch.request_pty(true, "xterm", 80, 24, 0, 0, &[]).await.expect("send pty-req");
        assert!(matches!(reply(&mut ch).await, Some(ChannelMsg::Success)), "the pty after env");
        ch.request_shell(true).await.expect("send shell");
        assert!(matches!(reply(&mut ch).await, Some(ChannelMsg::Success)), "the shell after env");
    });
    // OpenSSH sends env without asking for a reply: nothing to see but that the session works.
    if ssh_available() {
        let mut s = server.ssh_in_pty(&["-o", "SetEnv=FOO=bar"]);
        s.wait_first_frame();
        assert_moves(&mut s);
        s.send(b"q");
        assert_eq!(s.wait_exit(), 0);
    }
    server.assert_serves_a_student();
}

#[test]
fn x11_forwarding_is_refused() {
    need_ssh!();
    let mut server = Server::start();
    let dir = common::temp_dir("refuse-x11");
    for flag in ["-X", "-Y"] {
        // ssh asks for X11 only with a display to forward; none has to exist.
        let log = dir.join(format!("ssh{flag}.log"));
        let args = server.ssh_args(&["-o", "LogLevel=INFO", "-E", &log.display().to_string(), flag]);
        let mut with_display = vec!["DISPLAY=:0".to_string(), "ssh".to_string()];
        with_display.extend(args);
        let args: Vec<&str> = with_display.iter().map(String::as_str).collect();
        let mut s = common::pty::Session::program("env", &args, 100, 30);
        s.wait_first_frame();
        assert_moves(&mut s);
        s.send(b"q");
        assert_eq!(s.wait_exit(), 0, "ssh {flag}: the session itself goes on");
        let log = std::fs::read_to_string(&log).expect("ssh's log");
        assert!(log.contains("X11 forwarding request failed"), "ssh {flag}: {log}");
    }
    block_on(async {
        let conn = sshclient::connect(server.port).await;
        let mut ch = session(&conn).await;
        ch.request_x11(true, false, "MIT-MAGIC-COOKIE-1", "00112233445566778899aabbccddeeff", 0)
            .await
            .expect("send x11-req");
        assert!(matches!(reply(&mut ch).await, Some(ChannelMsg::Failure)), "x11-req refused");
        // An X11 channel opened toward the server is refused too.
        let opened = conn.channel_open_x11("127.0.0.1", 6010).await;
        assert!(
            matches!(
                opened,
                Err(russh::Error::ChannelOpenFailure(ChannelOpenFailure::AdministrativelyProhibited))
            ),
            "x11 channel: {:?}",
            opened.map(|c| c.id())
        );
    });
    server.assert_serves_a_student();
}

/// An `ssh-agent` of the test's own, ended with the test.
struct Agent(Child);

impl Agent {
    fn start(socket: &Path) -> Option<Self> {
        let child = Command::new("ssh-agent")
            .args(["-D", "-a"])
            .arg(socket)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let agent = Self(child);
        let deadline = Instant::now() + Duration::from_secs(5);
        while UnixStream::connect(socket).is_err() {
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Some(agent)
    }
}

impl Drop for Agent {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn agent_forwarding_is_refused() {
    let mut server = Server::start();
    block_on(async {
        let conn = sshclient::connect(server.port).await;
        let mut ch = session(&conn).await;
        ch.agent_forward(true).await.expect("send auth-agent-req");
        assert!(matches!(reply(&mut ch).await, Some(ChannelMsg::Failure)), "agent forwarding refused");
        ch.request_pty(true, "xterm", 80, 24, 0, 0, &[]).await.expect("send pty-req");
        assert!(matches!(reply(&mut ch).await, Some(ChannelMsg::Success)), "the pty after the agent");
    });
    // OpenSSH asks for forwarding only when it reaches an agent, and asks no reply: the
    // request goes out (its log says so) and the session is unharmed.
    if ssh_available() {
        let dir = common::temp_dir("refuse-agent");
        let socket = dir.join("agent.sock");
        if let Some(_agent) = Agent::start(&socket) {
            let log = dir.join("ssh.log");
            let args = server.ssh_args(&["-o", "LogLevel=DEBUG1", "-E", &log.display().to_string(), "-A"]);
            let mut with_agent = vec![format!("SSH_AUTH_SOCK={}", socket.display()), "ssh".to_string()];
            with_agent.extend(args);
            let args: Vec<&str> = with_agent.iter().map(String::as_str).collect();
            let mut s = common::pty::Session::program("env", &args, 100, 30);
            s.wait_first_frame();
            assert_moves(&mut s);
            s.send(b"q");
            assert_eq!(s.wait_exit(), 0);
            let log = std::fs::read_to_string(&log).expect("ssh's log");
            assert!(log.contains("Requesting authentication agent forwarding"), "{log}");
        } else {
            eprintln!("no ssh-agent here: OpenSSH's agent request not checked");
        }
    }
    server.assert_serves_a_student();
}

#[test]
fn a_remote_forward_is_refused() {
    need_ssh!();
    let mut server = Server::start();
    let args = server.ssh_args(&["-N", "-o", "ExitOnForwardFailure=yes", "-R", "0:127.0.0.1:22"]);
    let out = run("ssh", &args);
    assert!(!out.status.success(), "ssh -R must fail: {out:?}");
    assert!(text(&out.stderr).contains("remote port forwarding failed"), "{}", text(&out.stderr));
    block_on(async {
        let conn = sshclient::connect(server.port).await;
        let asked = conn.tcpip_forward("127.0.0.1", 0).await;
        assert!(matches!(asked, Err(russh::Error::RequestDenied)), "tcpip-forward: {asked:?}");
    });
    server.assert_serves_a_student();
}

#[test]
fn unix_socket_forwards_are_refused_both_ways() {
    need_ssh!();
    let mut server = Server::start();
    let dir = common::temp_dir("refuse-streamlocal");

    // -R with sockets: a streamlocal-forward the server refuses.
    let remote = format!("{}:{}", dir.join("remote.sock").display(), dir.join("target.sock").display());
    let args = server.ssh_args(&["-N", "-o", "ExitOnForwardFailure=yes", "-R", &remote]);
    let out = run("ssh", &args);
    assert!(!out.status.success(), "ssh -R socket must fail: {out:?}");
    assert!(text(&out.stderr).contains("remote port forwarding failed"), "{}", text(&out.stderr));
    assert!(!dir.join("remote.sock").exists(), "nothing listens on the server's side");

    // -L with sockets: ssh listens here; a connection through it is a direct-streamlocal
    // channel the server refuses, so the local end closes at once.
    let local = dir.join("local.sock");
    let forward = format!("{}:{}", local.display(), dir.join("target.sock").display());
    let mut ssh = Command::new("ssh")
        .args(server.ssh_args(&["-o", "LogLevel=INFO", "-N", "-L", &forward]))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run ssh");
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut conn = loop {
        if let Ok(c) = UnixStream::connect(&local) {
            break c;
        }
        assert!(Instant::now() < deadline, "ssh never listened on {}", local.display());
        std::thread::sleep(Duration::from_millis(50));
    };
    conn.set_read_timeout(Some(Duration::from_secs(5))).expect("timeout");
    let mut buf = [0u8; 64];
    assert_eq!(conn.read(&mut buf).expect("the forward closes rather than hangs"), 0);
    // ssh logs the refusal as it closes the local end; give it a moment to write.
    std::thread::sleep(Duration::from_millis(300));
    let _ = ssh.kill();
    let out = ssh.wait_with_output().expect("ssh output");
    assert!(text(&out.stderr).contains("open failed"), "ssh reports the refusal: {}", text(&out.stderr));

    block_on(async {
        let conn = sshclient::connect(server.port).await;
        let asked = conn.streamlocal_forward(dir.join("ours.sock").display().to_string()).await;
        assert!(matches!(asked, Err(russh::Error::RequestDenied)), "streamlocal-forward: {asked:?}");
        let opened = conn.channel_open_direct_streamlocal("/run/docker.sock").await;
        assert!(
            matches!(
                opened,
                Err(russh::Error::ChannelOpenFailure(ChannelOpenFailure::AdministrativelyProhibited))
            ),
            "direct-streamlocal: {:?}",
            opened.map(|c| c.id())
        );
        let opened = conn.channel_open_direct_tcpip("127.0.0.1", 22, "127.0.0.1", 4000).await;
        assert!(
            matches!(
                opened,
                Err(russh::Error::ChannelOpenFailure(ChannelOpenFailure::AdministrativelyProhibited))
            ),
            "direct-tcpip: {:?}",
            opened.map(|c| c.id())
        );
    });
    server.assert_serves_a_student();
}

#[test]
fn a_shell_without_a_terminal_is_refused_with_a_reason() {
    let mut server = Server::start();
    if ssh_available() {
        let args = server.ssh_args(&["-T"]);
        let out = run("ssh", &args);
        assert!(!out.status.success(), "ssh -T must fail: {out:?}");
        assert!(text(&out.stderr).contains("shell request failed"), "{}", text(&out.stderr));
    }
    let ending = block_on(async {
        let conn = sshclient::connect(server.port).await;
        let mut ch = session(&conn).await;
        ch.request_shell(true).await.expect("send shell");
        assert!(matches!(reply(&mut ch).await, Some(ChannelMsg::Failure)), "a shell with no pty");
        sshclient::read_to_close(&mut ch, sshclient::STEP).await
    });
    assert!(ending.closed, "{ending:?}");
    assert_eq!(ending.status, Some(1), "{ending:?}");
    assert!(text(&ending.stderr).contains("needs a terminal"), "{ending:?}");
    assert!(ending.data.is_empty(), "no app was drawn: {ending:?}");
    server.assert_serves_a_student();
}

#[test]
fn a_second_pty_after_the_shell_is_refused() {
    let mut server = Server::start();
    block_on(async {
        let conn = sshclient::connect(server.port).await;
        let mut ch = shell(&conn, 80, 24).await;
        ch.request_pty(true, "xterm", 100, 30, 0, 0, &[]).await.expect("send pty-req");
        assert!(matches!(reply(&mut ch).await, Some(ChannelMsg::Failure)), "a second pty");
        ch.request_shell(true).await.expect("send shell");
        assert!(matches!(reply(&mut ch).await, Some(ChannelMsg::Failure)), "a second shell");
    });
    server.assert_serves_a_student();
}

#[test]
fn a_second_session_channel_is_refused() {
    let mut server = Server::start();
    block_on(async {
        let conn = sshclient::connect(server.port).await;
        let _first = shell(&conn, 80, 24).await;
        let second = conn.channel_open_session().await;
        assert!(
            matches!(
                second,
                Err(russh::Error::ChannelOpenFailure(ChannelOpenFailure::AdministrativelyProhibited))
            ),
            "a second session: {:?}",
            second.map(|c| c.id())
        );
    });
    if !ssh_available() {
        return;
    }
    // OpenSSH's multiplexing: a second `ssh` through the first one's control socket asks the
    // same connection for another session channel. The master logs the refusal and keeps
    // its own session; the second gets no session there.
    let dir = common::temp_dir("refuse-mux");
    let control = dir.join("control");
    let log = dir.join("master.log");
    let (control, log_path) = (control.display().to_string(), log.display().to_string());
    let mut master = server.ssh_in_pty(&[
        "-o",
        "ControlMaster=yes",
        "-o",
        &format!("ControlPath={control}"),
        "-o",
        "LogLevel=INFO",
        "-E",
        &log_path,
    ]);
    master.wait_first_frame();
    let args = server.ssh_args(&["-o", "ControlMaster=no", "-o", &format!("ControlPath={control}")]);
    let out = run("ssh", &args);
    // Refused by the master's peer, ssh falls back to a connection of its own, and that one,
    // with no terminal here, is refused its shell: either way there is no second session.
    assert!(!out.status.success(), "{out:?}");
    assert!(text(&out.stderr).contains("Session open refused by peer"), "{}", text(&out.stderr));
    let master_log = std::fs::read_to_string(&log).expect("the master's log");
    assert!(master_log.contains("open failed: administratively prohibited"), "{master_log}");
    assert_moves(&mut master);
    master.send(b"q");
    assert_eq!(master.wait_exit(), 0, "the master's own session goes on and ends cleanly");
    server.assert_serves_a_student();
}
