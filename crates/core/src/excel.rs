//! Excel in and out: any list exports to .xlsx; imports read the first sheet into text cells.
//! Parsing outside files never panics; a malformed file is a clear error.

use std::io::{Cursor, Read};
use std::sync::{Condvar, Mutex};
use std::time::{Duration as StdDuration, Instant};

use calamine::{Data, DataRef, Reader, Sheets, open_workbook_auto_from_rs};
use chrono::{Duration, NaiveDate};
use rust_xlsxwriter::{Format, Workbook};

use crate::{Code, Error, Result};

/// Largest upload accepted for an import (bytes).
pub const MAX_UPLOAD_BYTES: usize = 5 * 1024 * 1024;
/// Largest number of data rows in one import.
pub const MAX_IMPORT_ROWS: usize = 5000;

/// Writes one sheet with a bold header row.
pub fn write_table(sheet: &str, headers: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>> {
    let xl = |e: rust_xlsxwriter::XlsxError| Error::Internal(format!("xlsx: {e}"));
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet).map_err(xl)?;
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    for (c, h) in headers.iter().enumerate() {
        let c = u16::try_from(c).map_err(|_| Error::Internal("too many columns".into()))?;
        ws.write_string_with_format(0, c, *h, &bold).map_err(xl)?;
        ws.set_column_width(c, 18).map_err(xl)?;
        // Text format keeps identity numbers and dates exactly as typed when a template is filled.
        ws.set_column_format(c, &text).map_err(xl)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1).map_err(|_| Error::Internal("too many rows".into()))?;
        for (c, v) in row.iter().enumerate() {
            let c = u16::try_from(c).map_err(|_| Error::Internal("too many columns".into()))?;
            ws.write_string(r, c, v).map_err(xl)?;
        }
    }
    ws.set_freeze_panes(1, 0).map_err(xl)?;
    wb.save_to_buffer().map_err(xl)
}

/// Rows an import reads at most: the row limit, the header and a margin for blank rows.
pub const MAX_READ_ROWS: u32 = MAX_IMPORT_ROWS as u32 + 100;
/// Columns an import reads at most (every template has far fewer).
pub const MAX_READ_COLS: u32 = 200;

/// Largest number of entries in an upload's zip (an .xlsx of ours has about ten).
pub const MAX_ZIP_ENTRIES: usize = 200;
/// Largest size of one zip entry once expanded, counted while reading (the declared size is not
/// trusted).
pub const MAX_ENTRY_BYTES: u64 = 24 * 1024 * 1024;
/// Largest total of all entries once expanded.
pub const MAX_EXPANDED_BYTES: u64 = 40 * 1024 * 1024;
/// Most shared strings (`<si>` items) a workbook may declare; calamine holds them all in memory.
pub const MAX_SHARED_STRINGS: usize = 300_000;
/// Most non-empty cells read from a sheet.
pub const MAX_READ_CELLS: usize = 300_000;
/// Longest time one upload may be parsed; past it the import is refused.
pub const MAX_PARSE_TIME: StdDuration = StdDuration::from_secs(10);
/// Uploads parsed at the same time, process-wide; others wait for a slot within their time limit.
pub const MAX_CONCURRENT_PARSES: usize = 2;

/// Reads the first sheet of an .xlsx file into rows of trimmed text, bounded in every dimension
/// an attacker controls:
/// - bytes: at most `MAX_UPLOAD_BYTES`;
/// - the zip: entries, each entry's expanded size and the total expanded size are counted while
///   decompressing (`MAX_ZIP_ENTRIES`, `MAX_ENTRY_BYTES`, `MAX_EXPANDED_BYTES`), shared strings
///   counted (`MAX_SHARED_STRINGS`) before calamine reads anything;
/// - the sheet: read cell by cell and refused at the first cell beyond `MAX_READ_ROWS` ×
///   `MAX_READ_COLS` or past `MAX_READ_CELLS` cells (a sheet's stated size is not trusted: a file
///   of two cells, A1 and XFD1048576, would otherwise make the reader allocate the grid between);
/// - time: the parse runs on a thread of its own, at most `MAX_CONCURRENT_PARSES` at once, and is
///   abandoned after `MAX_PARSE_TIME`; on a multi-threaded runtime the caller's worker hands its
///   other tasks away while it waits (`block_in_place`), so other requests go on.
///
/// Other formats (.xls, .xlsb, .ods) are refused: their readers allocate a sheet's whole range.
pub fn read_first_sheet(bytes: &[u8]) -> Result<Vec<Vec<String>>> {
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(too_large());
    }
    let deadline = Instant::now() + MAX_PARSE_TIME;
    let owned = bytes.to_vec();
    let (tx, rx) = std::sync::mpsc::sync_channel(1);
    std::thread::Builder::new()
        .name("fazhi-xlsx".into())
        .spawn(move || {
            let r = match ParseSlot::acquire(deadline) {
                Some(_slot) => parse_bounded(&owned, deadline),
                None => Err(timed_out()),
            };
            let _ = tx.send(r);
        })
        .map_err(|e| Error::Internal(format!("spawn parser: {e}")))?;
    let wait = || rx.recv_timeout(MAX_PARSE_TIME + StdDuration::from_millis(200));
    let received = match tokio::runtime::Handle::try_current() {
        Ok(h) if h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => {
            tokio::task::block_in_place(wait)
        }
        _ => wait(),
    };
    received.unwrap_or_else(|_| Err(timed_out()))
}

fn timed_out() -> Error {
    Error::of(Code::SecurityImportTimeout)
        .for_field("file")
        .arg("secs", MAX_PARSE_TIME.as_secs())
}

fn bomb(zh: impl Into<String>, en: impl Into<String>) -> Error {
    Error::of(Code::SecurityUploadBomb)
        .for_field("file")
        .arg_zh_en("reason", zh.into(), en.into())
}

/// A slot of the process-wide parse limit, released on drop.
struct ParseSlot;

static SLOTS: Mutex<usize> = Mutex::new(0);
static SLOT_FREED: Condvar = Condvar::new();

impl ParseSlot {
    fn acquire(deadline: Instant) -> Option<ParseSlot> {
        let mut n = SLOTS.lock().ok()?;
        while *n >= MAX_CONCURRENT_PARSES {
            let left = deadline.checked_duration_since(Instant::now())?;
            n = SLOT_FREED.wait_timeout(n, left).ok()?.0;
        }
        *n += 1;
        Some(ParseSlot)
    }
}

impl Drop for ParseSlot {
    fn drop(&mut self) {
        if let Ok(mut n) = SLOTS.lock() {
            *n = n.saturating_sub(1);
        }
        SLOT_FREED.notify_one();
    }
}

/// Checks an upload's zip by expanding every entry into nothing, counting as it goes: refused at
/// the first limit crossed, whatever the entries declare.
pub fn check_zip(bytes: &[u8], deadline: Instant) -> Result<()> {
    let bad = |e: String| {
        Error::of(Code::ExcelMalformed)
            .for_field("file")
            .arg("error", e)
    };
    let not_xlsx = || {
        bomb(
            "仅支持 .xlsx 格式，请在 Excel 或 WPS 中另存为 .xlsx 后上传",
            "only .xlsx is accepted; save the file as .xlsx in Excel or WPS and upload it again",
        )
    };
    if !bytes.starts_with(b"PK") {
        return Err(if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            not_xlsx()
        } else {
            bad("not an .xlsx (zip) file".into())
        });
    }
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    if z.len() > MAX_ZIP_ENTRIES {
        return Err(bomb(
            format!("压缩包内文件 {} 个，上限 {MAX_ZIP_ENTRIES}", z.len()),
            format!(
                "{} files in the archive, at most {MAX_ZIP_ENTRIES}",
                z.len()
            ),
        ));
    }
    if z.index_for_name("xl/workbook.xml").is_none() {
        return Err(not_xlsx());
    }
    let mut total = 0u64;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..z.len() {
        let mut f = z.by_index(i).map_err(|e| bad(e.to_string()))?;
        let name: String = f
            .name()
            .map(|n| n.chars().take(100).collect())
            .unwrap_or_default();
        let shared = name.ends_with("sharedStrings.xml");
        let (mut entry, mut strings, mut carry) = (0u64, 0usize, [0u8; 2]);
        loop {
            let n = f.read(&mut buf).map_err(|e| bad(e.to_string()))?;
            if n == 0 {
                break;
            }
            entry += n as u64;
            total += n as u64;
            if entry > MAX_ENTRY_BYTES || total > MAX_EXPANDED_BYTES {
                let mb = |b: u64| b / 1024 / 1024;
                return Err(bomb(
                    format!(
                        "解压后超过 {} MB（单个文件上限 {} MB）：{name}",
                        mb(MAX_EXPANDED_BYTES),
                        mb(MAX_ENTRY_BYTES)
                    ),
                    format!(
                        "expands beyond {} MB ({} MB per file): {name}",
                        mb(MAX_EXPANDED_BYTES),
                        mb(MAX_ENTRY_BYTES)
                    ),
                ));
            }
            if shared {
                strings += count_items(&carry, &buf[..n]);
                if strings > MAX_SHARED_STRINGS {
                    return Err(bomb(
                        format!("共享字符串超过 {MAX_SHARED_STRINGS} 个"),
                        format!("more than {MAX_SHARED_STRINGS} shared strings"),
                    ));
                }
                if n >= 2 {
                    carry = [buf[n - 2], buf[n - 1]];
                }
            }
            if Instant::now() > deadline {
                return Err(timed_out());
            }
        }
    }
    Ok(())
}

/// `<si` items in a chunk, counting one that starts in the last two bytes of the previous chunk.
fn count_items(carry: &[u8; 2], chunk: &[u8]) -> usize {
    const PAT: &[u8] = b"<si";
    let head: Vec<u8> = carry
        .iter()
        .chain(chunk.iter().take(PAT.len() - 1))
        .copied()
        .collect();
    let across = head.windows(PAT.len()).filter(|w| *w == PAT).count();
    across + chunk.windows(PAT.len()).filter(|w| *w == PAT).count()
}

fn parse_bounded(bytes: &[u8], deadline: Instant) -> Result<Vec<Vec<String>>> {
    check_zip(bytes, deadline)?;
    let bad = |e: String| {
        Error::of(Code::ExcelMalformed)
            .for_field("file")
            .arg("error", e)
    };
    let mut wb = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    match &mut wb {
        Sheets::Xlsx(x) => read_xlsx_cells(x, deadline).map_err(|e| match e {
            CellsError::Xlsx(e) => bad(e.to_string()),
            CellsError::Refused(e) => e,
        }),
        _ => Err(bomb(
            "仅支持 .xlsx 格式，请在 Excel 或 WPS 中另存为 .xlsx 后上传",
            "only .xlsx is accepted; save the file as .xlsx in Excel or WPS and upload it again",
        )),
    }
}

/// Why a streamed sheet was not read.
enum CellsError {
    Xlsx(calamine::XlsxError),
    Refused(Error),
}

/// The first sheet of an .xlsx, cell by cell, as the dense rows a range would give: from the
/// first row and column holding a value, every row as wide as the widest.
fn read_xlsx_cells<RS: std::io::Read + std::io::Seek>(
    x: &mut calamine::Xlsx<RS>,
    deadline: Instant,
) -> std::result::Result<Vec<Vec<String>>, CellsError> {
    let Some(name) = x.sheet_names().first().cloned() else {
        return Err(CellsError::Refused(
            Error::of(Code::ExcelMalformed)
                .for_field("file")
                .arg("error", "no worksheet"),
        ));
    };
    let mut reader = x.worksheet_cells_reader(&name).map_err(CellsError::Xlsx)?;
    let mut cells: Vec<(u32, u32, String)> = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(CellsError::Xlsx)? {
        let (row, col) = cell.get_position();
        if matches!(cell.get_value(), DataRef::Empty) {
            continue;
        }
        if row >= MAX_READ_ROWS || col >= MAX_READ_COLS {
            return Err(CellsError::Refused(
                Error::of(Code::ExcelSheetTooLarge)
                    .for_field("file")
                    .arg("row", row + 1)
                    .arg("col", column_letter(col as usize))
                    .arg("max_rows", MAX_READ_ROWS)
                    .arg("max_cols", MAX_READ_COLS),
            ));
        }
        if cells.len() >= MAX_READ_CELLS {
            return Err(CellsError::Refused(bomb(
                format!("非空单元格超过 {MAX_READ_CELLS} 个"),
                format!("more than {MAX_READ_CELLS} non-empty cells"),
            )));
        }
        if cells.len().is_multiple_of(4096) && Instant::now() > deadline {
            return Err(CellsError::Refused(timed_out()));
        }
        cells.push((row, col, cell_text(&Data::from(cell.get_value().clone()))));
    }
    let (Some(top), Some(left)) = (
        cells.iter().map(|c| c.0).min(),
        cells.iter().map(|c| c.1).min(),
    ) else {
        return Ok(Vec::new());
    };
    let height = cells.iter().map(|c| c.0 - top + 1).max().unwrap_or(0) as usize;
    let width = cells.iter().map(|c| c.1 - left + 1).max().unwrap_or(0) as usize;
    let mut rows = vec![vec![String::new(); width]; height];
    for (r, c, text) in cells {
        rows[(r - top) as usize][(c - left) as usize] = text;
    }
    Ok(rows)
}

/// The data rows of an upload made from one of our templates or exports: checks the header row
/// against `columns` in order (a trailing `*` marks a required column in templates) and returns
/// every non-blank row with its Excel row number (the header is row 1). Refuses, bilingually, an
/// empty file, a wrong header, a file without data and one over `MAX_IMPORT_ROWS` rows.
pub fn template_rows<'a>(
    rows: &'a [Vec<String>],
    columns: &[&str],
) -> Result<Vec<(usize, &'a Vec<String>)>> {
    let Some(header) = rows.first() else {
        return Err(Error::of(Code::ImportEmpty).for_field("file"));
    };
    let header_ok = columns
        .iter()
        .enumerate()
        .all(|(i, c)| header.get(i).map(|h| h.trim_end_matches('*').trim()) == Some(*c));
    if !header_ok {
        return Err(Error::of(Code::ImportHeader).for_field("file").arg_zh_en(
            "columns",
            columns.join("、"),
            columns.join(", "),
        ));
    }
    let data: Vec<(usize, &Vec<String>)> = rows
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
        .map(|(i, r)| (i + 1, r))
        .collect();
    if data.is_empty() {
        return Err(Error::of(Code::ImportNoRows).for_field("file"));
    }
    if data.len() > MAX_IMPORT_ROWS {
        return Err(Error::of(Code::ImportTooManyRows)
            .for_field("file")
            .arg("max_import_rows", MAX_IMPORT_ROWS)
            .arg("rows", data.len()));
    }
    Ok(data)
}

/// The error for an oversized upload.
pub fn too_large() -> Error {
    Error::of(Code::UploadTooLarge)
        .for_field("file")
        .arg("max", MAX_UPLOAD_BYTES / 1024 / 1024)
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => excel_serial_date(dt.as_f64())
            .map(|d| d.to_string())
            .unwrap_or_default(),
        Data::DateTimeIso(s) => s.chars().take(10).collect(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#ERROR {e:?}"),
    }
}

/// Excel's serial dates count days from 1899-12-30 (the 1900 leap-year bug included).
fn excel_serial_date(serial: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_signed(Duration::days(serial.trunc() as i64))
}

/// Column letter of a 0-based index (A, B, …, Z, AA …).
pub fn column_letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// The bomb corpus of the upload tests (core and web): a huge declared dimension, a zip bomb, a
/// sharedStrings bomb, too many zip entries and a legacy .xls, each well under the upload limit.
/// Every one must be refused with a bilingual error, quickly.
#[doc(hidden)]
pub fn bomb_corpus() -> Result<Vec<(&'static str, Vec<u8>)>> {
    let xl = |e: rust_xlsxwriter::XlsxError| Error::Internal(format!("xlsx: {e}"));
    let sheet = |cells: &[(u32, u16, &str)]| -> Result<Vec<u8>> {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        for &(r, c, v) in cells {
            ws.write_string(r, c, v).map_err(xl)?;
        }
        wb.save_to_buffer().map_err(xl)
    };
    let base = sheet(&[(0, 0, "a")])?;
    let ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    let mut sheet_xml =
        format!("<?xml version=\"1.0\"?><worksheet xmlns=\"{ns}\"><sheetData>").into_bytes();
    sheet_xml.resize(sheet_xml.len() + 30 * 1024 * 1024, b' ');
    sheet_xml.extend_from_slice(b"</sheetData></worksheet>");
    let mut strings = format!("<?xml version=\"1.0\"?><sst xmlns=\"{ns}\">").into_bytes();
    for _ in 0..MAX_SHARED_STRINGS + 10 {
        strings.extend_from_slice(b"<si><t>x</t></si>");
    }
    strings.extend_from_slice(b"</sst>");
    let many: Vec<(String, Vec<u8>)> = (0..MAX_ZIP_ENTRIES + 1)
        .map(|i| (format!("x/{i}.xml"), vec![b'x'; 10]))
        .collect();
    let many_refs: Vec<(&str, &[u8])> = many
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    let mut xls = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    xls.resize(4096, 0);
    Ok(vec![
        (
            "huge dimension (A1 + XFD1048576)",
            sheet(&[(0, 0, "a"), (1_048_575, 16_383, "b")])?,
        ),
        (
            "zip bomb (a 30 MB sheet)",
            rezip(&base, &[("xl/worksheets/sheet1.xml", &sheet_xml)])?,
        ),
        (
            "many shared strings",
            rezip(&base, &[("xl/sharedStrings.xml", &strings)])?,
        ),
        ("many zip entries", rezip(&base, &many_refs)?),
        ("legacy .xls", xls),
    ])
}

/// A copy of an .xlsx with entries replaced or added (the bomb corpus is made from a real
/// workbook, so that only the bomb differs).
fn rezip(base: &[u8], replace: &[(&str, &[u8])]) -> Result<Vec<u8>> {
    use std::io::Write;
    let ze = |e: zip::result::ZipError| Error::Internal(format!("zip: {e}"));
    let io = |e: std::io::Error| Error::Internal(format!("zip: {e}"));
    let mut z = zip::ZipArchive::new(Cursor::new(base)).map_err(ze)?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    let mut done = Vec::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).map_err(ze)?;
        let name = f.name().map_err(ze)?.to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).map_err(io)?;
        if let Some((n, d)) = replace.iter().find(|(n, _)| *n == name) {
            done.push(n.to_string());
            data = d.to_vec();
        }
        out.start_file(name, opts).map_err(ze)?;
        out.write_all(&data).map_err(io)?;
    }
    for (n, d) in replace {
        if !done.iter().any(|x| x == n) {
            out.start_file(n.to_string(), opts).map_err(ze)?;
            out.write_all(d).map_err(io)?;
        }
    }
    Ok(out.finish().map_err(ze)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sheet of the given cells, written by the export library.
    fn sheet(cells: &[(u32, u16, &str)]) -> Vec<u8> {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        for &(r, c, v) in cells {
            ws.write_string(r, c, v).unwrap();
        }
        wb.save_to_buffer().unwrap()
    }

    #[test]
    fn two_far_apart_cells_are_refused_without_reading_the_grid_between() {
        // A1 and XFD1048576: a range of 2^34 cells if the sheet's size were trusted.
        let bytes = sheet(&[(0, 0, "a"), (1_048_575, 16_383, "b")]);
        let e = read_first_sheet(&bytes).unwrap_err();
        assert_eq!(e.code(), "excel.sheet_too_large");
        assert!(e.message_zh().contains("XFD"), "{}", e.message_zh());
        assert!(e.message_en().contains("1048576"), "{}", e.message_en());
        // Just past the limits, either way.
        let rows = sheet(&[(0, 0, "a"), (MAX_READ_ROWS, 0, "b")]);
        assert_eq!(
            read_first_sheet(&rows).unwrap_err().code(),
            "excel.sheet_too_large"
        );
        let cols = sheet(&[(0, 0, "a"), (0, MAX_READ_COLS as u16, "b")]);
        assert_eq!(
            read_first_sheet(&cols).unwrap_err().code(),
            "excel.sheet_too_large"
        );
        // At the limits, read.
        let edge = sheet(&[(MAX_READ_ROWS - 1, (MAX_READ_COLS - 1) as u16, "z")]);
        assert_eq!(
            read_first_sheet(&edge).unwrap(),
            vec![vec!["z".to_string()]]
        );
    }

    #[test]
    fn the_bomb_corpus_is_refused_in_both_languages_within_a_second() {
        for (what, bytes) in bomb_corpus().unwrap() {
            assert!(
                bytes.len() < MAX_UPLOAD_BYTES,
                "{what}: {} bytes",
                bytes.len()
            );
            let t = Instant::now();
            let e = read_first_sheet(&bytes).expect_err(what);
            let took = t.elapsed();
            assert!(
                matches!(e.code(), "security.upload_bomb" | "excel.sheet_too_large"),
                "{what}: {}",
                e.code()
            );
            assert!(!e.message_zh().is_empty() && !e.message_en().is_empty());
            assert_ne!(e.message_zh(), e.message_en(), "{what}");
            assert!(took < StdDuration::from_secs(1), "{what} took {took:?}");
        }
    }

    #[test]
    fn rows_start_at_the_first_cell_holding_a_value_and_are_as_wide_as_the_widest() {
        let bytes = sheet(&[(2, 1, "h1"), (2, 2, "h2"), (3, 1, " x "), (5, 3, "y")]);
        let rows = read_first_sheet(&bytes).unwrap();
        assert_eq!(
            rows,
            vec![
                vec!["h1".to_string(), "h2".into(), String::new()],
                vec!["x".into(), String::new(), String::new()],
                vec![String::new(), String::new(), String::new()],
                vec![String::new(), String::new(), "y".into()],
            ]
        );
    }

    #[test]
    fn round_trip() {
        let bytes = write_table(
            "表",
            &["姓名", "身份证号"],
            &[vec!["张三".into(), "120116198507150121".into()]],
        )
        .expect("write");
        let rows = read_first_sheet(&bytes).expect("read");
        assert_eq!(rows[0], vec!["姓名", "身份证号"]);
        assert_eq!(rows[1], vec!["张三", "120116198507150121"]);
    }

    #[test]
    fn garbage_is_a_clear_error() {
        let e = read_first_sheet(b"PK\x03\x04 not really a zip").expect_err("must fail");
        assert_eq!(e.code(), "excel.malformed");
        assert!(e.message_zh().contains("无法读取"));
        let e = read_first_sheet(&vec![0u8; MAX_UPLOAD_BYTES + 1]).expect_err("must fail");
        assert_eq!(e.code(), "upload.too_large");
    }

    #[test]
    fn letters_and_serial_dates() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(
            excel_serial_date(45292.0),
            NaiveDate::from_ymd_opt(2024, 1, 1)
        );
        assert_eq!(excel_serial_date(-5.0), None);
    }
}
