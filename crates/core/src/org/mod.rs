//! Organisation registry (执法主体与人员): departments (enforcement bodies), officers, their
//! enforcement cards (执法证) and yearly training and exams.

pub(crate) mod card;
mod department;
mod import;
mod officer;
mod payment;
mod training;

pub use card::{
    CARD_COLS, CARD_EXPIRY_WARNING_DAYS, CardRow, CardStatus, NewCard, add_card, card_valid_on,
    expiring_cards, row_to_card, set_card_status,
};
pub use department::{
    DepartmentRow, DeptKind, NewDepartment, create_department, find_department_by_name,
    list_departments, register_department, tree_order,
};
pub use import::{IMPORT_COLUMNS, ImportReport, RowError, import_officers, officer_template};
pub use officer::{
    NewOfficer, OfficerDetail, OfficerEdit, OfficerListRow, OfficerMove, OfficerQuery, OfficerSort,
    Page, PublicOfficer, create_officer, export_officers, get_officer, insert_officer,
    list_officers, list_public_officers, move_officer, officer_moves, update_officer,
};
pub use payment::{
    PAYMENT_FIELDS, PaymentDetails, PaymentDetailsRow, insert_payment_details,
    list_payment_details, payment_details_on, set_payment_details, validate_payment_details,
};
pub use training::{
    MIN_TRAINING_HOURS, TrainingCoverage, TrainingRow, latest_training_year, record_training,
    record_training_for, training_coverage,
};

/// Parses a JSON list column; a damaged value is an error naming the column.
pub(crate) fn json_list(s: &str, what: &'static str) -> crate::Result<Vec<String>> {
    crate::db::json::decode(s, what)
}
