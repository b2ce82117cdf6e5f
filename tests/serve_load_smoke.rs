//! The load test's machinery, small (`examples/classroom_load.rs` is the 48-session run):
//! four russh clients follow the presenter through three tour steps, and each step reaches
//! every screen within the deadline; then one client stops reading, and the others still see
//! the next step.

#[path = "common/classroom.rs"]
mod classroom;

use std::time::Instant;

use classroom::{Client, DEADLINE, Lesson, Spec, connect_all, first_after, late};

#[test]
fn every_follower_shows_each_step_and_a_stalled_one_holds_up_no_one() {
    let mut lesson = Lesson::start().expect("the server starts");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a runtime for the clients");
    let specs = [
        Spec { cols: 80, rows: 24, window: None },
        Spec { cols: 100, rows: 30, window: None },
        Spec { cols: 120, rows: 36, window: None },
        Spec { cols: 160, rows: 48, window: Some(16 * 1024) },
    ];
    let (clients, _refused): (Vec<Client>, _) =
        runtime.block_on(connect_all(lesson.address(), &specs)).expect("every client connects");
    let opening = lesson.opening();
    let waiting = runtime.block_on(late(&clients, &opening, Instant::now() + DEADLINE));
    assert!(waiting.is_empty(), "clients {waiting:?} never showed the tour's opening card");

    let mut sent = Vec::new();
    for k in 1..=3 {
        let at = lesson.step(k);
        let marker = lesson.marker(k);
        let waiting = runtime.block_on(late(&clients, &marker, Instant::now() + DEADLINE));
        assert!(waiting.is_empty(), "clients {waiting:?} never showed step {k}");
        sent.push((marker, at));
    }
    for (i, c) in clients.iter().enumerate() {
        let seen = c.seen();
        for (marker, at) in &sent {
            assert!(first_after(&seen, marker, *at).is_some(), "client {i} saw {marker} before it was sent");
        }
    }

    // The last client stops reading; two more steps still reach the other three.
    clients[3].stall();
    for k in 4..=5 {
        lesson.step(k);
        let waiting = runtime.block_on(late(&clients, &lesson.marker(k), Instant::now() + DEADLINE));
        assert!(waiting.is_empty(), "clients {waiting:?} never showed step {k} beside a stalled one");
    }
    assert!(
        !clients[3].seen().iter().any(|s| s.marker == lesson.marker(5)),
        "the stalled client read nothing more"
    );
    drop(clients);
    runtime.shutdown_background();
    lesson.close();
}
