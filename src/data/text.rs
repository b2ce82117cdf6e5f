//! Dataset strings that share the file they were read from.
//!
//! A million-event file holds about ten million strings. Giving each its own allocation cost
//! more time than parsing the JSON and doubled the memory; instead the file's text is kept in
//! one shared buffer and most strings are a range of it. A string that had to change (JSON
//! escapes, sanitized characters, importers' text) owns its own buffer.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::{Arc, LazyLock};

/// Read-only text: a range of a shared buffer. Cheap to clone; derefs to `str`.
#[derive(Clone)]
pub struct Text {
    buf: Arc<String>,
    start: u32,
    len: u32,
}

static EMPTY: LazyLock<Arc<String>> = LazyLock::new(|| Arc::new(String::new()));

impl Text {
    /// `part` as a range of `buf`, when it lies inside it; `None` for text held elsewhere.
    pub fn within(buf: &Arc<String>, part: &str) -> Option<Self> {
        let start = (part.as_ptr() as usize).checked_sub(buf.as_ptr() as usize)?;
        let end = start.checked_add(part.len())?;
        // Same address and length inside the buffer means the same text; `get` also checks
        // that both ends fall on character boundaries.
        let inside = buf.get(start..end)?;
        if inside.as_ptr() != part.as_ptr() {
            return None;
        }
        Some(Self {
            buf: Arc::clone(buf),
            start: u32::try_from(start).ok()?,
            len: u32::try_from(end - start).ok()?,
        })
    }

    /// `part` shared from `buf` when it lies inside it, copied otherwise.
    pub fn from_buf(buf: &Arc<String>, part: &str) -> Self {
        Self::within(buf, part).unwrap_or_else(|| Self::from(part))
    }

    pub fn as_str(&self) -> &str {
        // The range was checked against the buffer when this was made, and buffers never change.
        let (start, len) = (self.start as usize, self.len as usize);
        self.buf.get(start..start + len).unwrap_or_default()
    }
}

impl From<String> for Text {
    fn from(mut s: String) -> Self {
        if s.is_empty() {
            return Self::default();
        }
        // Only a string over 4 GiB could be cut, and files are limited to 1 GiB.
        let mut len = s.len().min(u32::MAX as usize);
        while !s.is_char_boundary(len) {
            len -= 1;
        }
        s.truncate(len);
        Self { buf: Arc::new(s), start: 0, len: len as u32 }
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Self::from(s.to_string())
    }
}

impl Default for Text {
    fn default() -> Self {
        Self { buf: Arc::clone(&EMPTY), start: 0, len: 0 }
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl serde::Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl Hash for Text {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_of_the_buffer_are_shared() {
        let buf = Arc::new("say and do".to_string());
        let part = &buf[4..7];
        let t = Text::within(&buf, part).expect("inside");
        assert_eq!(t, "and");
        assert!(Arc::ptr_eq(&t.buf, &buf));
    }

    #[test]
    fn text_held_elsewhere_is_copied() {
        let buf = Arc::new("say and do".to_string());
        let other = String::from("and");
        assert!(Text::within(&buf, &other).is_none());
        let t = Text::from_buf(&buf, &other);
        assert_eq!(t, "and");
        assert!(!Arc::ptr_eq(&t.buf, &buf));
    }

    #[test]
    fn empty_and_owned_text() {
        assert_eq!(Text::default(), "");
        assert_eq!(Text::from(String::from("ICE")).len(), 3);
        assert_eq!(format!("{}|{:?}", Text::from("a"), Text::from("b")), "a|\"b\"");
    }
}
