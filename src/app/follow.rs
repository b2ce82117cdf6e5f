//! The classroom's two sides, as state: where the presenter is ([`Stage`]), what a student's
//! session knows of it ([`Follow`]), and what the teacher's screen shows of the room
//! ([`Room`]). The server carries stages between apps; `update` applies them; no terminal or
//! network here.

use super::mode::{Present, TourState};

/// Where a presenter is: what a follower needs to show the same thing. The selected event,
/// the tour and step, and the slide when presenting (how many contracts are revealed, a
/// tour's card, the whole text or not). A step number being typed is not part of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stage {
    pub event: usize,
    pub tour: Option<TourState>,
    pub slide: Option<Present>,
}

/// A student session's link to the presenter: the latest stage heard (latest wins: a slow
/// session skips stages, it never queues them) and whether the student follows it. A session
/// starts following; a key that moves the student frees them; `F` follows again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Follow {
    pub presenter: Option<Stage>,
    pub following: bool,
}

impl Follow {
    /// A new student: following, the presenter not heard from yet.
    pub fn start() -> Self {
        Self { presenter: None, following: true }
    }
}

/// The room as the teacher's screen shows it: how students join, and how many are there.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Room {
    /// The exact line students type, e.g. `ssh -p 2222 class@192.168.1.20`.
    pub join: String,
    /// The join code students are asked for, when there is one.
    pub code: Option<String>,
    /// The host key's fingerprint (`SHA256:…`), for students who check it.
    pub fingerprint: String,
    /// How students are admitted, in words.
    pub access: String,
    pub counts: RoomCounts,
}

/// Students connected, and how many of them follow the presenter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RoomCounts {
    pub connected: usize,
    pub following: usize,
}

impl RoomCounts {
    /// `12 students · 9 following`, for the status bar and the slide's frame.
    pub fn words(self) -> String {
        let s = if self.connected == 1 { "" } else { "s" };
        format!("{} student{s} · {} following", self.connected, self.following)
    }
}
