//! Excel in and out: any list exports to .xlsx; imports read the first sheet into text cells.
//! Parsing outside files never panics; a malformed file is a clear error.

use std::io::Cursor;

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

/// Reads the first sheet of an .xlsx/.xls/.ods file into rows of trimmed text. An .xlsx sheet is
/// read cell by cell and refused at the first cell beyond `MAX_READ_ROWS` × `MAX_READ_COLS`: a
/// sheet's stated size is not trusted, since a file of two cells, A1 and XFD1048576, would
/// otherwise make the reader allocate the whole grid between them.
pub fn read_first_sheet(bytes: &[u8]) -> Result<Vec<Vec<String>>> {
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(too_large());
    }
    let bad = |e: String| {
        Error::of(Code::ExcelMalformed)
            .for_field("file")
            .arg("error", e)
    };
    let mut wb =
        open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())).map_err(|e| bad(e.to_string()))?;
    if let Sheets::Xlsx(x) = &mut wb {
        return read_xlsx_cells(x).map_err(|e| match e {
            CellsError::Xlsx(e) => bad(e.to_string()),
            CellsError::Refused(e) => e,
        });
    }
    let range = wb
        .worksheet_range_at(0)
        .ok_or_else(|| bad("no worksheet".into()))?
        .map_err(|e| bad(e.to_string()))?;
    Ok(range
        .rows()
        .map(|row| row.iter().map(cell_text).collect())
        .collect())
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
