//! An import error, placed as `file:line:column` with the column's name, so a user can open
//! the file at the cell. Nothing is written when there is one.

use std::fmt;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

/// Boxed: errors are rare, and a `Result` of a row's cell stays one word wide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError(Box<Detail>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detail {
    pub file: String,
    /// 1-based line and column (in characters) of the cell, when the error has a place.
    pub line: Option<u64>,
    pub column: Option<u64>,
    /// The CSV column's name (or the JSON field's).
    pub field: Option<String>,
    pub message: String,
    pub hint: Option<String>,
}

impl ImportError {
    pub fn new(file: &str, message: impl Into<String>) -> Self {
        Self(Box::new(Detail {
            file: file.to_string(),
            line: None,
            column: None,
            field: None,
            message: message.into(),
            hint: None,
        }))
    }

    pub fn detail(&self) -> &Detail {
        &self.0
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.0.hint = Some(hint.into());
        self
    }

    pub fn field(mut self, field: &str) -> Self {
        self.0.field = Some(field.to_string());
        self
    }

    pub fn at(mut self, line: u64, column: u64) -> Self {
        self.0.line = Some(line);
        self.0.column = Some(column);
        self
    }
}

/// For the import's writing side, which works in `io::Result`s (the errors it finds there
/// are rare: a bucket file that does not read back).
impl From<ImportError> for std::io::Error {
    fn from(e: ImportError) -> Self {
        Self::other(e.to_string())
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.0;
        write!(f, "{}", d.file)?;
        if let Some(l) = d.line {
            write!(f, ":{l}")?;
            if let Some(c) = d.column {
                write!(f, ":{c}")?;
            }
        }
        write!(f, ": error: ")?;
        if let Some(name) = &d.field {
            write!(f, "column `{name}`: ")?;
        }
        write!(f, "{}", d.message)?;
        if let Some(h) = &d.hint {
            write!(f, "\n  hint: {h}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ImportError {}

/// Where field `field` (0-based) of the CSV record starting at byte `start` on line `line`
/// begins: its line and 1-based column in characters. Read again from the file, only when
/// there is an error to place: a quoted field may hold line breaks, so the record's line is
/// not always the cell's.
pub fn cell_place(path: &Path, start: u64, line: u64, field: usize) -> (u64, u64) {
    let mut buf = Vec::new();
    let read = std::fs::File::open(path).and_then(|mut f| {
        f.seek(SeekFrom::Start(start))?;
        // A record is seldom longer than this; a cell further in is placed at the record.
        f.take(1 << 20).read_to_end(&mut buf)
    });
    if read.is_err() {
        return (line, 1);
    }
    let (mut l, mut col, mut n, mut quoted) = (line, 1u64, 0usize, false);
    let mut i = 0;
    while i < buf.len() && n < field {
        let b = buf[i];
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => {
                n += 1;
            }
            b'\n' if quoted => {
                l += 1;
                col = 0;
            }
            b'\n' | b'\r' if !quoted => break,
            _ => {}
        }
        // Columns count characters: continuation bytes of UTF-8 do not start one.
        if b & 0xC0 != 0x80 {
            col += 1;
        }
        i += 1;
    }
    (l, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_read_as_file_line_column() {
        let e = ImportError::new("a.csv", "\"13/13/2018\" is not a date").field("action_date").at(3, 17);
        assert_eq!(e.to_string(), "a.csv:3:17: error: column `action_date`: \"13/13/2018\" is not a date");
        let e = ImportError::new("b.csv", "not a contracts file").hint("download the contracts file");
        assert_eq!(e.to_string(), "b.csv: error: not a contracts file\n  hint: download the contracts file");
    }

    #[test]
    fn a_cell_after_a_quoted_line_break_is_placed_on_its_own_line() {
        let dir = std::env::temp_dir().join(format!("et-cell-place-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("x.csv");
        std::fs::write(&path, "a,b,c\n1,\"two\nlines\",é,bad\n").expect("write");
        assert_eq!(cell_place(&path, 6, 2, 0), (2, 1));
        assert_eq!(cell_place(&path, 6, 2, 1), (2, 3));
        assert_eq!(cell_place(&path, 6, 2, 2), (3, 8));
        assert_eq!(cell_place(&path, 6, 2, 3), (3, 10));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
