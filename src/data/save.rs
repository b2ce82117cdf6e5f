//! Writing a file whole: a half-written dataset, state file or export must never be left
//! where the user's file was. Shared by the importer and the terminal side.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` through a temporary file beside it (named for this process, so two
/// writers never share one), synced, then renamed over it: the file is whole or untouched.
pub fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_whole_with(path, |w| w.write_all(bytes))
}

/// As [`write_whole`], for output made as it is written: `write` streams it into the
/// temporary file (buffered); an error from it leaves `path` untouched.
pub fn write_whole_with(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let tmp = temp_path(path);
    let result = File::create(&tmp).and_then(|f| {
        let mut w = BufWriter::with_capacity(1 << 20, f);
        write(&mut w)?;
        let f = w.into_inner().map_err(std::io::IntoInnerError::into_error)?;
        f.sync_all()
    });
    let result = result.and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// The temporary file beside `path` that is renamed over it (named for this process, so two
/// writers never share one).
pub fn temp_path(path: &Path) -> PathBuf {
    let file_name = path.file_name().map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{file_name}.tmp-{}", std::process::id()))
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    #[test]
    fn a_file_is_replaced_whole_and_no_temporary_is_left() {
        let dir = std::env::temp_dir().join(format!("et-save-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("out.json");
        std::fs::write(&path, "old").expect("old");
        super::write_whole(&path, b"new").expect("written");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "new");
        let missing = dir.join("no/such/folder/out.json");
        assert!(super::write_whole(&missing, b"x").is_err());
        let failed = super::write_whole_with(&path, |w| {
            w.write_all(b"half")?;
            Err(std::io::Error::other("stopped"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "new", "a failed stream leaves it");
        let left: Vec<_> = std::fs::read_dir(&dir).expect("dir").filter_map(Result::ok).collect();
        assert_eq!(left.len(), 1, "only the file itself: {left:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
