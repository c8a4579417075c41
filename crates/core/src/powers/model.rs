//! The records of the power list: items, violations, proposals, versions.

use serde::{Deserialize, Serialize};

use crate::labels::labelled_enum;

use super::penalty::{DiscretionStandard, LegalRange};

labelled_enum!(
    /// Category of an administrative power (the ten of the 权责清单 standard).
    Category {
        Licensing = "XK", "行政许可", "Licensing";
        Penalty = "CF", "行政处罚", "Penalty";
        Compulsion = "QZ", "行政强制", "Compulsion";
        Inspection = "JC", "行政检查", "Inspection";
        Levy = "ZS", "行政征收", "Levy";
        Benefit = "JF", "行政给付", "Benefit";
        Confirmation = "QR", "行政确认", "Confirmation";
        Reward = "JL", "行政奖励", "Reward";
        Adjudication = "CJ", "行政裁决", "Adjudication";
        Other = "QT", "其他行政权力", "Other power";
    }
);

labelled_enum!(
    /// Status of an item.
    ItemStatus {
        Pending = "pending", "待发布", "Pending";
        Active = "active", "有效", "In force";
        Cancelled = "cancelled", "已取消", "Cancelled";
    }
);

labelled_enum!(
    /// What a proposal does.
    ProposalKind {
        Add = "add", "新增", "Add";
        Change = "change", "变更", "Change";
        Cancel = "cancel", "取消", "Cancel";
    }
);

labelled_enum!(
    /// Why the list changes.
    ReasonKind {
        NewLaw = "new_law", "新法施行", "New law";
        Amendment = "amendment", "法律修改", "Amendment";
        Repeal = "repeal", "法律废止", "Repeal";
        Mandate = "mandate", "职能调整", "Mandate change";
    }
);

labelled_enum!(
    /// Where a proposal stands: draft → submitted → approved → published, or returned to the
    /// department (which edits and submits again), or withdrawn.
    ProposalStatus {
        Draft = "draft", "草稿", "Draft";
        Submitted = "submitted", "待审核", "Submitted";
        Returned = "returned", "已退回", "Returned";
        Approved = "approved", "已批准待发布", "Approved";
        Published = "published", "已发布", "Published";
        Withdrawn = "withdrawn", "已撤回", "Withdrawn";
    }
);

/// A violation (违法行为) under a penalty power: the provision broken, the provision that
/// penalises it, the range the law allows and the discretion standard inside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    pub name: String,
    /// Codes of the provisions violated (may be empty when the penalising article names the
    /// conduct itself).
    #[serde(default)]
    pub violated: Vec<String>,
    /// Code of the penalising provision.
    pub penalised: String,
    /// Parsed from the penalising provision's text.
    #[serde(default)]
    pub legal: LegalRange,
    #[serde(default)]
    pub discretion: DiscretionStandard,
}

/// The content of an item: what a version snapshots and a proposal proposes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PowerItem {
    /// 事项编码.
    pub code: String,
    pub name: String,
    pub category: Category,
    /// 子项.
    #[serde(default)]
    pub sub_items: Vec<String>,
    pub department_id: i64,
    /// Name of the department when written (kept in snapshots so old versions read right).
    #[serde(default)]
    pub department: String,
    /// Provision codes of the legal basis (version-free).
    pub basis: Vec<String>,
    /// The basis as cited (实施依据), e.g. 《中华人民共和国食品安全法》第一百二十二条.
    pub basis_citation: String,
    /// 责任事项.
    #[serde(default)]
    pub duties: String,
    /// 追责情形.
    #[serde(default)]
    pub accountability: String,
    /// 备注.
    #[serde(default)]
    pub remarks: String,
    #[serde(default)]
    pub violations: Vec<Violation>,
}

/// An item as stored.
#[derive(Debug, Clone, Serialize)]
pub struct ItemRow {
    pub id: i64,
    pub status: ItemStatus,
    pub published_version: Option<i64>,
    pub item: PowerItem,
}

/// A proposal as stored.
#[derive(Debug, Clone, Serialize)]
pub struct ProposalRow {
    pub id: i64,
    pub department_id: i64,
    pub department: String,
    pub item_id: Option<i64>,
    pub item_code: String,
    pub item_name: String,
    pub kind: ProposalKind,
    pub reason_kind: ReasonKind,
    pub reason: String,
    pub evidence: String,
    pub body: Option<PowerItem>,
    pub status: ProposalStatus,
    pub origin: String,
    pub created_by: String,
    pub review_note: String,
    pub reviewed_by: String,
    pub version_number: Option<i64>,
    pub created_at: i64,
}

/// A published version of the list.
#[derive(Debug, Clone, Serialize)]
pub struct VersionRow {
    pub id: i64,
    pub number: i64,
    pub published_on: String,
    pub published_at: i64,
    pub published_by: String,
    pub note: String,
    pub item_count: i64,
    pub adjustments: i64,
}
