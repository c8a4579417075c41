//! Case-file review (案卷评查, issue 8 item 6): files drawn at random from archived cases per
//! body with the verifiable draw of `sampling::draw` ([`draws`]), pre-filled from the automatic
//! checks (`supervision::checks`), scored on the 100-point rubric with veto items
//! ([`rubric`]), confirmed or adjusted by a reviewer of the Justice Bureau ([`reviews`]).
//! Confirmed reviews feed the monthly assessment (it reads `case_reviews`). docs/case-review.md.

pub mod draws;
pub mod reviews;
pub mod rubric;

pub use draws::{
    DRAW_FORMAT, DrawRecord, DrawSpec, DrawSummary, DrawnFile, StoredDraw, get_draw, list_draws,
    verify_draw, verify_record,
};
pub use reviews::{
    ItemDecision, ItemRow, ManualItem, ReviewFile, ReviewQuery, ReviewRow, add_item,
    confirm_review, create_draw, decide_item, get_review, grade_counts, latest_year, list_reviews,
};
pub use rubric::{Decision, Grade, Item, ReviewStatus, Scored, Source, grade_of, score};
