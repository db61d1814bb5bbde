//! An .xlsx weighed before calamine opens it. An .xlsx is a ZIP of XML parts; calamine reads
//! the shared-strings table whole when it opens the workbook, and a ZIP entry may declare one
//! size and unpack to another. So every part is unpacked here first, counting bytes as they
//! come and stopping at the limit, whatever the ZIP declares: a few kilobytes that unpack to
//! gigabytes (a zip bomb) are refused in the time it takes to unpack the limit, holding one
//! buffer.

use super::limits::{MAX_GRID_CELLS, MAX_SHARED_STRINGS_BYTES, MAX_UNPACKED_BYTES, ReadError};
use std::io::{Cursor, Read};

/// Refuses an .xlsx whose parts unpack to more than [`MAX_UNPACKED_BYTES`], whose shared-strings
/// table unpacks to more than [`MAX_SHARED_STRINGS_BYTES`] or holds more strings than a sheet
/// may have cells.
pub(super) fn weigh_xlsx(bytes: &[u8]) -> Result<(), ReadError> {
    let damaged = |e: zip::result::ZipError| ReadError::Damaged(e.to_string());
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
    let mut total: u64 = 0;
    let mut buffer = vec![0u8; 64 * 1024];
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(damaged)?;
        let shared = entry.name().eq_ignore_ascii_case("xl/sharedStrings.xml");
        let mut part: u64 = 0;
        let mut strings = ElementCounter::new(b"<si");
        loop {
            let read = match entry.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => n,
                // A part that does not unpack is calamine's to name (it names the part).
                Err(_) => break,
            };
            part += read as u64;
            total += read as u64;
            if total > MAX_UNPACKED_BYTES {
                return Err(ReadError::TooBigUnpacked {
                    megabytes: MAX_UNPACKED_BYTES >> 20,
                });
            }
            if shared {
                if part > MAX_SHARED_STRINGS_BYTES {
                    return Err(ReadError::TooBigUnpacked {
                        megabytes: MAX_SHARED_STRINGS_BYTES >> 20,
                    });
                }
                if strings.feed(&buffer[..read]) > MAX_GRID_CELLS {
                    return Err(ReadError::TooLarge {
                        rows: strings.count,
                        columns: 1,
                    });
                }
            }
        }
    }
    Ok(())
}

/// Counts the opening tags of one element (`<si>` or `<si …>`) in XML fed in pieces.
struct ElementCounter {
    tag: &'static [u8],
    /// The last bytes of the previous piece, so a tag split between pieces is counted.
    tail: Vec<u8>,
    count: u64,
}

impl ElementCounter {
    fn new(tag: &'static [u8]) -> Self {
        Self {
            tag,
            tail: Vec::new(),
            count: 0,
        }
    }

    fn feed(&mut self, piece: &[u8]) -> u64 {
        let mut joined = std::mem::take(&mut self.tail);
        joined.extend_from_slice(piece);
        let width = self.tag.len() + 1;
        let mut at = 0;
        while at + width <= joined.len() {
            if joined[at..].starts_with(self.tag)
                && matches!(
                    joined[at + self.tag.len()],
                    b'>' | b'/' | b' ' | b'\t' | b'\r' | b'\n'
                )
            {
                self.count += 1;
                at += width;
            } else {
                at += 1;
            }
        }
        self.tail = joined[at..].to_vec();
        self.count
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in parts {
            out.start_file(*name, options).unwrap();
            out.write_all(data).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn tags_split_between_pieces_are_counted_once() {
        let xml = b"<sst><si><t>a</t></si><si xml:space=\"x\"><t>b</t></si><sst2/></sst>";
        for cut in 0..xml.len() {
            let mut counter = ElementCounter::new(b"<si");
            counter.feed(&xml[..cut]);
            assert_eq!(counter.feed(&xml[cut..]), 2, "cut at {cut}");
        }
    }

    #[test]
    fn a_shared_strings_bomb_is_refused_before_it_is_held() {
        // 130 MB of one repeated string deflates to well under a megabyte.
        let strings = b"<si><t>xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx</t></si>".repeat(80 << 20 >> 5);
        let bomb = zip_of(&[("xl/sharedStrings.xml", &strings)]);
        assert!(bomb.len() < 1 << 20, "{} bytes", bomb.len());
        assert_eq!(
            weigh_xlsx(&bomb),
            Err(ReadError::TooBigUnpacked { megabytes: 64 })
        );
        // Short strings, many of them: more strings than a sheet may have cells.
        let many = b"<si/><si></si>".repeat(1_600_000);
        assert!(matches!(
            weigh_xlsx(&zip_of(&[("xl/sharedStrings.xml", &many)])),
            Err(ReadError::TooLarge { rows, .. }) if rows > MAX_GRID_CELLS
        ));
    }

    #[test]
    fn parts_that_unpack_to_more_than_the_limit_together_are_refused() {
        let zeros = vec![b' '; 200 << 20];
        let bomb = zip_of(&[
            ("xl/worksheets/sheet1.xml", &zeros),
            ("xl/worksheets/sheet2.xml", &zeros),
            ("xl/worksheets/sheet3.xml", &zeros),
        ]);
        assert_eq!(
            weigh_xlsx(&bomb),
            Err(ReadError::TooBigUnpacked { megabytes: 512 })
        );
        let fits = zip_of(&[("xl/worksheets/sheet1.xml", &zeros)]);
        assert_eq!(weigh_xlsx(&fits), Ok(()));
    }
}
