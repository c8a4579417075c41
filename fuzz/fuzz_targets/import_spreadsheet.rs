//! The spreadsheet import must never panic, hang or allocate without bound: any bytes either
//! read into rows within the import's limits or give a bilingual error (bombs included: see the
//! corpus in crates/core/src/excel.rs's tests).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match fazhi_core::excel::read_first_sheet(data) {
        Ok(rows) => {
            assert!(rows.len() <= fazhi_core::excel::MAX_READ_ROWS as usize);
            let cells: usize = rows.iter().map(Vec::len).sum();
            assert!(
                rows.iter()
                    .all(|r| r.len() <= fazhi_core::excel::MAX_READ_COLS as usize),
                "a row wider than the limit"
            );
            let _ = cells;
            // The template check every import runs next.
            let _ = fazhi_core::excel::template_rows(&rows, &["姓名", "身份证号"]);
        }
        Err(e) => {
            assert!(!e.message_zh().is_empty() && !e.message_en().is_empty());
        }
    }
});
