//! Work-order dispatch (工单分拨派转): complaints and reports from the 12345 hotline, the
//! portal, the API and imports reach the department that holds the power to act.
//!
//! - `classify`, `text`: the built-in classifier (pure); `knowledge`: its seed and cache;
//! - `llm`: the optional adapter to an OpenAI-compatible endpoint, with the built-in fallback;
//! - `order`: kinds, statuses and time limits (pure rules); `store`: storage and the status
//!   flow; `service`: permission-checked operations and reads; `import`: 12345 CSV/Excel;
//! - accuracy on a labelled file and the 2024 demo year: `fazhi_demo::dispatch`.

pub mod classify;
pub mod import;
pub mod knowledge;
pub mod llm;
pub mod order;
pub mod service;
pub mod store;
pub mod text;

pub use classify::{Classifier, DEFAULT_THRESHOLD, Evidence, Label, PowerRef, Ranked, Suggestion};
pub use import::{IMPORT_COLUMNS, OrderImportReport, import_orders, parse_csv};
pub use knowledge::{LabelledLine, model, training_lines};
pub use order::{OrderKind, OrderStatus, Step, complaint_acceptance_due, statutory_note};
pub use service::{
    DeptStats, DispatchStats, EventRow, OrderDetail, OrderQuery, View, create_order,
    department_step, dispatch_targets, dispatcher_step, find_duplicates, get_order, list_orders,
    stats, submit_public, suggest,
};
pub use store::{NewOrder, OrderRow, SOURCES, StepArgs};
pub use text::{MAX_TEXT_CHARS, validate_text};
