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

/// A file's name as a person reads it. Names are Unicode on Windows and UTF-8 on today's Linux,
/// but a file copied from an older Chinese system (an old Linux desktop, an archive unpacked
/// without its encoding) keeps its name's GBK bytes: those are decoded as GB18030 (GBK's
/// superset) instead of showing as "�ڱ���ϸ.csv". Anything else undecodable keeps the
/// replacement character.
pub fn shown_name(path: &Path) -> String {
    let Some(name) = path.file_name() else {
        return path.display().to_string();
    };
    if let Some(text) = name.to_str() {
        return text.to_owned();
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        if let Some(text) = encoding_rs::GB18030
            .decode_without_bom_handling_and_without_replacement(name.as_bytes())
        {
            return text.into_owned();
        }
    }
    name.to_string_lossy().into_owned()
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

#[cfg(test)]
mod tests {
    use super::shown_name;
    use std::path::Path;

    #[test]
    fn a_name_reads_as_utf8_or_as_the_gbk_an_older_system_wrote() {
        assert_eq!(shown_name(Path::new("/a/在保明细.csv")), "在保明细.csv");
        assert_eq!(shown_name(Path::new("ledger.xlsx")), "ledger.xlsx");
        #[cfg(unix)]
        {
            use std::ffi::OsStr;
            use std::os::unix::ffi::OsStrExt;
            let (gbk, _, bad) = encoding_rs::GBK.encode("在保明细.csv");
            assert!(!bad);
            let path = Path::new("/mnt/u盘").join(OsStr::from_bytes(&gbk));
            assert_eq!(shown_name(&path), "在保明细.csv");
            // Neither UTF-8 nor GB18030: the replacement character, never a failure.
            let odd = Path::new(OsStr::from_bytes(b"\x81\x30\xff.csv"));
            assert!(shown_name(odd).ends_with(".csv"));
            assert!(shown_name(odd).contains('\u{FFFD}'));
        }
    }
}
