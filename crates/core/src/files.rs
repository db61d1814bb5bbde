//! Files written so that a full disk, a killed process or a power cut never leaves half of one
//! under its name: the bytes go to a temporary file beside it, which is fsynced, renamed into
//! place, and its folder fsynced. Reports, exports and the re-keyed database all go this way.

use crate::i18n::Locale;
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

/// Why a file could not be written, in the user's language (the system's own words for a cause
/// without a sentence of ours).
pub fn write_failure(source: &std::io::Error, l: Locale) -> String {
    use std::io::ErrorKind::*;
    match source.kind() {
        _ if source.raw_os_error() == Some(28) => {
            l.pick("磁盘已满", "磁碟已滿", "the disk is full")
        }
        StorageFull => l.pick("磁盘已满", "磁碟已滿", "the disk is full"),
        AlreadyExists => l.pick(
            "该文件夹已存在，未覆盖",
            "該資料夾已存在，未覆蓋",
            "the folder exists already and was not overwritten",
        ),
        NotFound => l.pick(
            "所在文件夹不存在",
            "所在資料夾不存在",
            "its folder does not exist",
        ),
        PermissionDenied => l.pick("没有写入权限", "沒有寫入權限", "permission denied"),
        _ => return source.to_string(),
    }
    .to_owned()
}
