//! A key sequence under way: a count typed before a motion (`5j`, `10k`), or the first key of a
//! two-key command (`gg`, `zz`, `yi`, `ma`, `'a`). Kept in the state so the keymap can read it
//! and the status bar can say what the next key will do; `update` alone changes it.

/// The first key of a two-key command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prefix {
    /// `g`: `gg` goes to the first event (or to the counted one, `5gg`).
    G,
    /// `z`: `zz` centres the selection, `zt` puts it at the top; alone, zoom.
    Z,
    /// `y`: `yy` copies the citation, `yi` the event id; alone, the citation.
    Y,
    /// `m`: the next letter names a mark at the selection.
    Mark,
    /// `'`: the next letter goes to that mark; `''` goes back.
    Jump,
}

impl Prefix {
    /// The key itself, as typed.
    pub fn key(self) -> char {
        match self {
            Self::G => 'g',
            Self::Z => 'z',
            Self::Y => 'y',
            Self::Mark => 'm',
            Self::Jump => '\'',
        }
    }

    /// Whether the key does something of its own when nothing follows it in time (`z` zooms,
    /// `y` copies the citation, `g` goes to the top); a mark key waits for its letter.
    pub fn settles_alone(self) -> bool {
        matches!(self, Self::G | Self::Z | Self::Y)
    }
}

/// What has been typed of a sequence so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pending {
    /// The count typed so far, and how many digits it has (a lone digit is also a key of its
    /// own: `3` focuses the comparison when no motion follows).
    pub count: Option<Count>,
    pub prefix: Option<Prefix>,
}

/// A typed count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    pub value: u32,
    pub digits: u8,
}

/// Counts stop growing here: nothing in a timeline is ten million steps away.
pub const MAX_COUNT: u32 = 9_999_999;

impl Pending {
    pub fn is_empty(&self) -> bool {
        self.count.is_none() && self.prefix.is_none()
    }

    /// Whether the terminal should settle the sequence after a short wait with no key: a
    /// count, or a prefix that means something alone.
    pub fn times_out(&self) -> bool {
        self.count.is_some() || self.prefix.is_some_and(Prefix::settles_alone)
    }

    /// Adds a digit to the count.
    pub fn push_digit(&mut self, d: u8) {
        let c = self.count.map_or(Count { value: 0, digits: 0 }, |c| c);
        self.count = Some(Count {
            value: (c.value.saturating_mul(10).saturating_add(u32::from(d))).min(MAX_COUNT),
            digits: c.digits.saturating_add(1),
        });
    }

    /// The count to repeat a motion by: 1 when none was typed.
    pub fn times(&self) -> usize {
        self.count.map_or(1, |c| usize::try_from(c.value.max(1)).unwrap_or(1))
    }

    /// What the status bar shows while a sequence waits: `5…`, `z…`, `'…`.
    pub fn shown(&self) -> String {
        let mut s = String::new();
        if let Some(c) = self.count {
            s.push_str(&c.value.to_string());
        }
        if let Some(p) = self.prefix {
            s.push(p.key());
        }
        s.push('…');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_build_a_count_that_stops_growing() {
        let mut p = Pending::default();
        assert_eq!(p.times(), 1);
        p.push_digit(1);
        p.push_digit(0);
        assert_eq!(p.times(), 10);
        assert_eq!(p.count.map(|c| c.digits), Some(2));
        for _ in 0..20 {
            p.push_digit(9);
        }
        assert_eq!(p.count.map(|c| c.value), Some(MAX_COUNT));
        assert!(p.times_out());
        assert_eq!(p.shown(), "9999999…");
    }

    #[test]
    fn only_keys_with_a_meaning_alone_time_out() {
        let wait = |prefix| Pending { count: None, prefix: Some(prefix) }.times_out();
        assert!(wait(Prefix::Z) && wait(Prefix::Y) && wait(Prefix::G));
        assert!(!wait(Prefix::Mark) && !wait(Prefix::Jump), "a mark key waits for its letter");
        assert!(!Pending::default().times_out());
    }
}
