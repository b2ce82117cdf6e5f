//! A cursor over JSON text, for `read`: strings borrowed from the text, numbers parsed by
//! serde_json itself, and `None` for anything it is not sure of.

use std::borrow::Cow;

use smallvec::{Array, SmallVec};

use super::Str;
use super::object::push_growing;

/// A position in JSON text.
pub struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

/// Eight copies of a byte, to test eight bytes at once.
const fn splat(b: u8) -> u64 {
    0x0101_0101_0101_0101 * b as u64
}

/// Where the first `"`, `\` or control character at or after `from` is. Eight bytes at a
/// time: summaries run to hundreds of bytes.
#[inline(always)]
fn special(bytes: &[u8], mut from: usize) -> Option<usize> {
    // The lowest byte flagged in each test is exact: a false flag can only come from a borrow
    // out of a true one below it.
    while let Some(chunk) = bytes.get(from..from + 8) {
        let mut eight = [0; 8];
        eight.copy_from_slice(chunk);
        let x = u64::from_le_bytes(eight);
        let zero = |y: u64| y.wrapping_sub(splat(1)) & !y;
        let found = (zero(x ^ splat(b'"')) | zero(x ^ splat(b'\\')) | (x.wrapping_sub(splat(0x20)) & !x))
            & splat(0x80);
        if found != 0 {
            return Some(from + (found.trailing_zeros() / 8) as usize);
        }
        from += 8;
    }
    let rest = bytes.get(from..)?;
    rest.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20).map(|p| from + p)
}

impl<'a> Cursor<'a> {
    #[inline]
    pub fn new(text: &'a str) -> Self {
        Self { text, at: 0 }
    }

    #[inline]
    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    /// The next byte that is not white space, left unread.
    #[inline]
    fn peek(&mut self) -> Option<u8> {
        let bytes = self.bytes();
        // White space is all at or below b' ': a minified file has none, and pays one test.
        match bytes.get(self.at) {
            Some(&b) if b > b' ' => Some(b),
            _ => self.peek_past_space(),
        }
    }

    #[cold]
    fn peek_past_space(&mut self) -> Option<u8> {
        let bytes = self.bytes();
        while let Some(&b) = bytes.get(self.at) {
            if !matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
                return Some(b);
            }
            self.at += 1;
        }
        None
    }

    /// Steps over `byte` if it comes next.
    #[inline]
    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        self.at += usize::from(found);
        found
    }

    #[inline]
    fn expect(&mut self, byte: u8) -> Option<()> {
        self.eat(byte).then_some(())
    }

    /// Steps over `word` (`null`, `true`, `false`) if it comes next.
    #[inline]
    fn word(&mut self, word: &str) -> bool {
        self.peek().is_some() && self.literal(word.as_bytes()).is_some()
    }

    /// Nothing but white space is left.
    #[inline]
    pub fn end(&mut self) -> Option<()> {
        self.peek().is_none().then_some(())
    }

    /// A string, borrowed from the text unless it has escapes.
    #[inline(always)]
    pub fn string(&mut self) -> Option<Str<'a>> {
        self.expect(b'"')?;
        let start = self.at;
        match self.scan()? {
            Ok(s) => Some(s),
            Err(at) => self.escaped(start, at),
        }
    }

    /// The rest of a string whose opening quote has been read: `Ok` with it, past its closing
    /// quote, when it has no escapes, else `Err` with where the first backslash (or control
    /// byte) is, and the cursor left where it was.
    #[inline(always)]
    fn scan(&mut self) -> Option<Result<Str<'a>, usize>> {
        let start = self.at;
        let end = special(self.bytes(), start)?;
        if self.bytes()[end] != b'"' {
            return Some(Err(end));
        }
        self.at = end + 1;
        // Both ends are at an ASCII byte, so the slice falls on character boundaries.
        self.text.get(start..end).map(|s| Ok(Str(Cow::Borrowed(s))))
    }

    /// The rest of a string that has escapes from `start`, its first byte, where `at` is the
    /// first backslash (or a control character, which JSON does not allow).
    #[cold]
    fn escaped(&mut self, start: usize, mut at: usize) -> Option<Str<'a>> {
        let bytes = self.bytes();
        while bytes[at] == b'\\' {
            at = special(bytes, at + 2)?;
        }
        if bytes[at] != b'"' {
            return None;
        }
        self.at = at + 1;
        // serde_json unescapes it, so that it is exactly the string serde would read.
        let quoted = self.text.get(start - 1..at + 1)?;
        serde_json::from_str::<String>(quoted).ok().map(|s| Str(Cow::Owned(s)))
    }

    /// Steps over exactly `bytes` (no white space first) if they come next.
    #[inline(always)]
    pub fn literal(&mut self, bytes: &[u8]) -> Option<()> {
        let found = self.bytes()[self.at..].starts_with(bytes);
        self.at += if found { bytes.len() } else { 0 };
        found.then_some(())
    }

    /// The rest of a string whose opening quote has been read, if it has no escapes.
    #[inline(always)]
    pub fn plain(&mut self) -> Option<Str<'a>> {
        self.scan()?.ok()
    }

    /// What `read` reads, or `None` with the cursor where it was.
    #[inline(always)]
    pub fn exactly<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        let at = self.at;
        let found = read(self);
        if found.is_none() {
            self.at = at;
        }
        found
    }

    /// A string field's value: `Some(None)` for null.
    #[inline(always)]
    pub fn opt_str(&mut self) -> Option<Option<Str<'a>>> {
        if self.word("null") { Some(None) } else { self.string().map(Some) }
    }

    /// A number field's value, parsed by serde_json itself so that it is the same `f64`.
    pub fn opt_f64(&mut self) -> Option<Option<f64>> {
        if self.word("null") {
            return Some(None);
        }
        self.peek()?;
        let start = self.at;
        let bytes = self.bytes();
        while bytes.get(self.at).is_some_and(|b| matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
        {
            self.at += 1;
        }
        serde_json::from_str::<f64>(self.text.get(start..self.at)?).ok().map(Some)
    }

    pub fn opt_bool(&mut self) -> Option<Option<bool>> {
        if self.word("null") {
            Some(None)
        } else if self.word("true") {
            Some(Some(true))
        } else if self.word("false") {
            Some(Some(false))
        } else {
            None
        }
    }

    /// `null` if it comes next.
    #[inline]
    pub fn null(&mut self) -> bool {
        self.word("null")
    }

    /// A list, each item read by `item` and handed to `take`.
    pub fn each(&mut self, mut item: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.expect(b'[')?;
        if self.eat(b']') {
            return Some(());
        }
        loop {
            item(self)?;
            if !self.eat(b',') {
                return self.expect(b']');
            }
        }
    }

    pub fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let mut list = Vec::new();
        self.each(|c| item(c).map(|x| list.push(x)))?;
        Some(list)
    }

    /// A short list kept inline, grown as serde's reading grows it.
    pub fn small<A: Array>(
        &mut self,
        mut item: impl FnMut(&mut Self) -> Option<A::Item>,
    ) -> Option<SmallVec<A>> {
        let mut list = SmallVec::new();
        self.each(|c| item(c).map(|x| push_growing(&mut list, x)))?;
        Some(list)
    }

    /// A JSON object. `field` reads the value of each key and says which field it filled (a
    /// bit number below 32), or `None` for a key the record does not have; a key seen twice
    /// gives up, as serde refuses it.
    pub fn record(&mut self, mut field: impl FnMut(&mut Self, &'a str) -> Option<u32>) -> Option<()> {
        self.expect(b'{')?;
        if self.eat(b'}') {
            return Some(());
        }
        let mut seen = 0u32;
        loop {
            // An escaped key would have to be unescaped before matching: serde does that.
            let Str(Cow::Borrowed(key)) = self.string()? else { return None };
            self.expect(b':')?;
            let bit = 1 << field(self, key)?;
            if seen & bit != 0 {
                return None;
            }
            seen |= bit;
            if !self.eat(b',') {
                return self.expect(b'}');
            }
        }
    }

    /// An optional record: `Some(None)` for null.
    pub fn opt<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        if self.null() { Some(None) } else { read(self).map(Some) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_finds_the_first_quote_backslash_or_control_byte() {
        for (text, want) in [
            ("abc\"", Some(3)),
            ("abcdefghijk\"lm", Some(11)),
            ("abcdefgh\\\"", Some(8)),
            ("abcdefg\u{1}hijk\"", Some(7)),
            ("\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{7f}xx\"", Some(13)),
            ("no end here at all", None),
            ("", None),
        ] {
            assert_eq!(special(text.as_bytes(), 0), want, "{text:?}");
        }
    }

    #[test]
    fn strings_borrow_unless_escaped() {
        let mut c = Cursor::new(r#" "plain" "a \"b\" \u00e9\\" "#);
        assert!(matches!(c.string(), Some(Str(Cow::Borrowed("plain")))));
        let escaped = c.string().expect("read");
        assert!(matches!(escaped.0, Cow::Owned(_)));
        assert_eq!(&*escaped, "a \"b\" \u{e9}\\");
        assert_eq!(c.end(), Some(()));
    }

    #[test]
    fn numbers_are_serde_jsons_own() {
        for text in ["0", "-1", "157934095.4", "1e3", "2.5E-2", "123456789012345678901234567890"] {
            let mut c = Cursor::new(text);
            let mine = c.opt_f64().flatten().expect("a number");
            assert_eq!(mine.to_bits(), serde_json::from_str::<f64>(text).expect("serde").to_bits(), "{text}");
        }
        for text in ["-", "1.", "01", "1e", "\"1\"", "true"] {
            assert!(Cursor::new(text).opt_f64().is_none(), "{text}");
        }
    }
}
