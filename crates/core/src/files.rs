//! Files written so that a full disk, a killed process or a power cut never leaves half of one
//! under its name: the bytes go to a temporary file beside it, which is fsynced, renamed into
//! place, and its folder fsynced. Reports, exports and the re-keyed database all go this way.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` whole, or leaves `path` as it was (and no temporary file behind).
pub fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".to_owned());
    let tmp = folder_of(path).join(format!(".{name}.part"));
    let written = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    sync_folder_of(path)
}

/// Makes a rename or a new file in `path`'s folder durable.
pub fn sync_folder_of(path: &Path) -> std::io::Result<()> {
    sync_dir(folder_of(path))
}

/// fsyncs a folder (its entries), on Unix; elsewhere the rename is as durable as it gets.
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}
