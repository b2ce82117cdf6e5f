//! Writing a file whole: a half-written dataset, state file or export must never be left
//! where the user's file was. Shared by the importer and the terminal side.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` through a temporary file beside it (named for this process, so two
/// writers never share one), synced, then renamed over it: the file is whole or untouched.
pub fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let file_name = path.file_name().map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    let tmp = path.with_file_name(format!(".{file_name}.tmp-{}", std::process::id()));
    let result = std::fs::File::create(&tmp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    let result = result.and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
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
        let left: Vec<_> = std::fs::read_dir(&dir).expect("dir").filter_map(Result::ok).collect();
        assert_eq!(left.len(), 1, "only the file itself: {left:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
