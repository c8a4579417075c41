//! Issue 15 in core: the officer template's example row and officer names (what reaches the
//! public portal).

use fazhi_core::auth::{DataScope, Role};
use fazhi_core::org::{NewOfficer, create_officer, import_officers, officer_template};

use crate::support::{idn, principal, world};

#[tokio::test]
async fn the_templates_example_row_is_refused_not_imported() {
    let w = world().await;
    let admin = principal(Role::DeptAdmin, Some(w.market), DataScope::DepartmentTree);
    let template = officer_template().expect("template");
    let rep = import_officers(&w.db, &admin, &template)
        .await
        .expect("report");
    assert_eq!(rep.imported, 0);
    assert_eq!(rep.errors.len(), 1, "{:?}", rep.errors);
    assert_eq!(rep.errors[0].row, 2);
    assert!(rep.errors[0].reason.contains("示例行"), "{:?}", rep.errors);
    assert!(rep.errors[0].reason_en.contains("example row"));
    let n: (i64,) = sqlx::query_as("SELECT CAST(COUNT(*) AS BIGINT) FROM officers")
        .fetch_one(w.db.pool())
        .await
        .expect("count");
    assert_eq!(n.0, 0);
}

#[tokio::test]
async fn officer_names_with_markup_or_links_are_refused() {
    let w = world().await;
    let admin = principal(Role::DeptAdmin, Some(w.market), DataScope::DepartmentTree);
    for (i, bad) in ["<b>张三</b>", "李四 http://evil.example", "王五123"]
        .into_iter()
        .enumerate()
    {
        let e = create_officer(
            &w.db,
            &admin,
            &NewOfficer {
                department_id: w.market,
                name: bad.into(),
                id_number: idn(40 + i as u16),
                posts: vec![],
                card: None,
            },
        )
        .await
        .expect_err(bad);
        assert_eq!(e.code(), "security.officer_name");
        assert!(e.message_en().contains("middle dot"));
    }
    create_officer(
        &w.db,
        &admin,
        &NewOfficer {
            department_id: w.market,
            name: "阿卜杜拉·艾力".into(),
            id_number: idn(50),
            posts: vec![],
            card: None,
        },
    )
    .await
    .expect("a name with a middle dot");
}
