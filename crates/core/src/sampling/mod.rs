//! Double-random, one-public inspections (双随机、一公开) with joint cross-department tasks.
//!
//! Subjects are drawn at random from the directory (名录库), officers are drawn at random from
//! those holding a valid card, and the draw and the results are public (优化营商环境条例
//! 第五十四条; 市场主体登记管理条例 第三十八条). The draw is verifiable: see `draw` and
//! docs/sampling.md, from which tools/verify_draw.py re-implements it independently.

pub mod draw;
mod model;
mod results;
mod subjects;
mod tasks;

pub use draw::{DrawExport, DrawInputs, QuotaRule, VerifyReport, verify_export};
pub use model::{Outcome, RiskGrade, TaskStatus};
pub use results::{
    DrawListRow, InspectionRow, PUBLISH_WITHIN_WORKING_DAYS, Publication, Stats, TaskDetail,
    TaskQuery, complete_in_tx, complete_task, export_draw, get_task, late_results, list_draws,
    list_tasks, public_task, public_tasks, publication, publish_in_tx, publish_results,
    record_in_tx, record_result, result_deadline, stats,
};
pub use subjects::{
    NewSubject, SUBJECT_COLUMNS, SubjectQuery, SubjectRow, check_subject_file, import_subjects,
    insert_subjects, list_subjects, register_conflict, subject_template, validate_subject,
};
pub use tasks::{
    NewPlan, NewTask, NewTaskDept, PlanRow, TaskDeptRow, TaskRow, commit_in_tx, commit_task,
    create_plan, create_task, draw_in_tx, draw_task, insert_plan, insert_task, inspection_matters,
    list_plans, require_lead, task_ids_of_plan, task_of_inspection,
};
