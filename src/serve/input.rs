//! Bytes from a student's channel become the same crossterm events the local app reads.
//!
//! terminput's parser (crossterm's own, extracted) does the decoding; this only feeds it the
//! way crossterm's reader does: one byte at a time, emitting an event as soon as the bytes so
//! far make one. An SSH packet is not a key: an arrow can arrive split across packets, a
//! UTF-8 letter too, and one packet can hold many keys. A lone Esc at the end of a packet may
//! be the start of a sequence, so it waits [`ESC_WAIT`] for more before it counts as Esc.
//! The buffer is capped, so a sequence the parser never finishes cannot swallow later input.

use std::time::Duration;

use crossterm::event::Event;

/// How long a lone Esc waits for the rest of a sequence (the research's 30 ms).
pub const ESC_WAIT: Duration = Duration::from_millis(30);
/// An unfinished sequence longer than this is dropped (crossterm #1104).
const SEQUENCE_CAP: usize = 256;
/// A bracketed paste longer than this is dropped.
const PASTE_CAP: usize = 16 * 1024;
const PASTE_START: &[u8] = b"\x1b[200~";

/// The bytes of an event not yet complete.
#[derive(Debug, Default)]
pub struct Decoder {
    buf: Vec<u8>,
}

impl Decoder {
    /// Feeds `bytes`; returns the events they complete, in order.
    pub fn push(&mut self, bytes: &[u8]) -> Vec<Event> {
        let mut out = Vec::new();
        for &b in bytes {
            // Esc then Esc: the first was a key of its own.
            if self.buf == [0x1b] && b == 0x1b {
                out.extend(convert(terminput::Event::Key(terminput::KeyCode::Esc.into())));
                self.buf.clear();
            }
            self.buf.push(b);
            // A lone Esc is decided by the next byte or by the timeout, never here.
            if self.buf == [0x1b] {
                continue;
            }
            match terminput::Event::parse_from(&self.buf) {
                Ok(Some(ev)) => {
                    out.extend(convert(ev));
                    self.buf.clear();
                }
                Ok(None) => {
                    let cap = if self.buf.starts_with(PASTE_START) { PASTE_CAP } else { SEQUENCE_CAP };
                    if self.buf.len() > cap {
                        self.buf.clear();
                    }
                }
                Err(_) => self.buf.clear(),
            }
        }
        out
    }

    /// True when a lone Esc is waiting: the caller calls [`Decoder::timeout`] after [`ESC_WAIT`].
    pub fn esc_pending(&self) -> bool {
        self.buf == [0x1b]
    }

    /// No more bytes came: a lone Esc was the Esc key.
    pub fn timeout(&mut self) -> Option<Event> {
        if self.esc_pending() {
            self.buf.clear();
            return convert(terminput::Event::Key(terminput::KeyCode::Esc.into()));
        }
        None
    }
}

/// terminput's event as crossterm's; events crossterm has no name for are dropped.
fn convert(ev: terminput::Event) -> Option<Event> {
    terminput_crossterm::to_crossterm(ev).ok()
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;

    fn keys(events: &[Event]) -> Vec<KeyCode> {
        events
            .iter()
            .filter_map(|e| match e {
                Event::Key(KeyEvent { code, .. }) => Some(*code),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn many_keys_in_one_packet() {
        let mut d = Decoder::default();
        assert_eq!(keys(&d.push(b"jjq")), [KeyCode::Char('j'), KeyCode::Char('j'), KeyCode::Char('q')]);
    }

    #[test]
    fn an_arrow_split_across_packets_is_one_key() {
        let mut d = Decoder::default();
        assert!(d.push(b"\x1b").is_empty());
        assert!(d.esc_pending());
        assert!(d.push(b"[").is_empty());
        assert_eq!(keys(&d.push(b"B")), [KeyCode::Down]);
        assert_eq!(d.timeout(), None);
    }

    #[test]
    fn a_lone_esc_is_esc_after_the_wait() {
        let mut d = Decoder::default();
        assert!(d.push(b"\x1b").is_empty());
        assert_eq!(d.timeout().map(|e| keys(&[e])), Some(vec![KeyCode::Esc]));
        assert_eq!(keys(&d.push(b"\x1b\x1b")), [KeyCode::Esc]);
    }

    #[test]
    fn utf8_split_across_packets_is_one_letter() {
        let mut d = Decoder::default();
        let e = "é".as_bytes();
        assert!(d.push(&e[..1]).is_empty());
        assert_eq!(keys(&d.push(&e[1..])), [KeyCode::Char('é')]);
    }

    #[test]
    fn ctrl_c_is_a_key_with_control() {
        let mut d = Decoder::default();
        let ev = d.push(b"\x03");
        assert!(matches!(ev.as_slice(), [Event::Key(k)] if k.modifiers.contains(KeyModifiers::CONTROL)));
    }

    #[test]
    fn an_unfinished_sequence_cannot_swallow_later_input() {
        let mut d = Decoder::default();
        let mut junk = b"\x1b[?".to_vec();
        junk.extend(std::iter::repeat_n(b'1', 400));
        d.push(&junk);
        assert_eq!(keys(&d.push(b"j")), [KeyCode::Char('j')]);
    }

    #[test]
    fn a_bracketed_paste_is_one_event() {
        let mut d = Decoder::default();
        let ev = d.push(b"\x1b[200~hello\x1b[201~");
        assert!(matches!(ev.as_slice(), [Event::Paste(p)] if p == "hello"));
    }
}
