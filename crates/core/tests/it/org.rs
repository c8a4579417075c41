//! The organisation registry: validation, data scope on reads and writes, import all-or-nothing.

use fazhi_core::Error;
use fazhi_core::audit::{Actor, AuditedTx};
use fazhi_core::auth::{DataScope, Role};
use fazhi_core::excel::write_table;
use fazhi_core::org::{
    DeptKind, IMPORT_COLUMNS, NewDepartment, NewOfficer, OfficerQuery, create_department,
    create_officer, get_officer, import_officers, list_officers,
};

use crate::support::{idn, principal, world};

fn officer(dept: i64, name: &str, seq: u16) -> NewOfficer {
    NewOfficer {
        department_id: dept,
        name: name.into(),
        id_number: idn(seq),
        posts: vec![],
        card: None,
    }
}

async fn count(db: &fazhi_core::db::Db) -> i64 {
    let r: (i64,) = sqlx::query_as("SELECT CAST(COUNT(*) AS BIGINT) FROM officers")
        .fetch_one(db.pool())
        .await
        .expect("count");
    r.0
}

#[tokio::test]
async fn officers_are_scoped_on_reads_and_writes() {
    let w = world().await;
    let market_admin = principal(Role::DeptAdmin, Some(w.market), DataScope::DepartmentTree);
    let safety_admin = principal(Role::DeptAdmin, Some(w.safety), DataScope::DepartmentTree);
    let a = create_officer(&w.db, &market_admin, &officer(w.market_unit, "甲", 1))
        .await
        .expect("create");
    let b = create_officer(&w.db, &safety_admin, &officer(w.safety, "乙", 2))
        .await
        .expect("create");
    // Writing into another department is refused and writes nothing.
    let e = create_officer(&w.db, &market_admin, &officer(w.safety, "丙", 3))
        .await
        .expect_err("scope");
    assert!(matches!(e, Error::Forbidden { .. }), "{e:?}");
    assert_eq!(count(&w.db).await, 2);
    // Guessing another department's id reads as not found.
    let e = get_officer(&w.db, &market_admin, b)
        .await
        .expect_err("scope");
    assert!(matches!(e, Error::NotFound { .. }));
    assert_eq!(
        get_officer(&w.db, &market_admin, a)
            .await
            .expect("own")
            .name,
        "甲"
    );
    let q = OfficerQuery {
        page_size: 50,
        ..Default::default()
    };
    assert_eq!(
        list_officers(&w.db, &market_admin, &q)
            .await
            .expect("list")
            .total,
        1
    );
    let sup = principal(Role::Supervisor, Some(w.safety), DataScope::District);
    let all = list_officers(&w.db, &sup, &q).await.expect("list");
    assert_eq!(all.total, 2);
    // A supervisor sees identity numbers masked; the maintaining admin sees them whole.
    assert!(all.rows.iter().all(|r| r.id_number.contains('*')));
    assert!(
        !get_officer(&w.db, &market_admin, a)
            .await
            .expect("own")
            .id_number
            .contains('*')
    );
    // Roles without the permission are refused outright.
    let sys = principal(Role::SysAdmin, None, DataScope::NoData);
    assert!(matches!(
        list_officers(&w.db, &sys, &q).await,
        Err(Error::Forbidden { .. })
    ));
    let officer_role = principal(Role::Officer, Some(w.market), DataScope::OwnDepartment);
    assert!(matches!(
        create_officer(&w.db, &officer_role, &officer(w.market, "丁", 4)).await,
        Err(Error::Forbidden { .. })
    ));
}

#[tokio::test]
async fn identity_numbers_are_checked_and_unique() {
    let w = world().await;
    let admin = principal(Role::DeptAdmin, Some(w.market), DataScope::DepartmentTree);
    let mut bad = officer(w.market, "甲", 1);
    bad.id_number = "120116198507150122".into(); // wrong check digit
    let e = create_officer(&w.db, &admin, &bad)
        .await
        .expect_err("check digit");
    assert_eq!(e.field(), Some("id_number"));
    assert!(!e.message_zh().is_empty() && !e.message_en().is_empty());
    create_officer(&w.db, &admin, &officer(w.market, "甲", 1))
        .await
        .expect("create");
    let e = create_officer(&w.db, &admin, &officer(w.market, "乙", 1))
        .await
        .expect_err("duplicate");
    assert_eq!(e.code(), "officer.exists");
    assert_eq!(count(&w.db).await, 1);
}

#[tokio::test]
async fn credit_codes_need_a_valid_check_or_confirmation() {
    let w = world().await;
    let mut tx = AuditedTx::begin(&w.db, Actor::system("t"))
        .await
        .expect("tx");
    let d = |uscc: &str, confirmed: bool, name: &str| NewDepartment {
        region: fazhi_core::BINHAI_REGION.into(),
        name: name.into(),
        short_name: String::new(),
        uscc: Some(uscc.into()),
        uscc_confirmed: confirmed,
        kind: DeptKind::Agency,
        parent_id: None,
        domains: vec![],
        area: String::new(),
        sort_order: 0,
    };
    create_department(&mut tx, &d("914403001922038216", false, "甲局"))
        .await
        .expect("valid code");
    let e = create_department(&mut tx, &d("914403001922038217", false, "乙局"))
        .await
        .expect_err("bad check");
    assert_eq!(e.field(), Some("uscc"));
    create_department(&mut tx, &d("914403001922038217", true, "乙局"))
        .await
        .expect("confirmed");
    tx.commit().await.expect("commit");
    let rows = fazhi_core::org::list_departments(&w.db, fazhi_core::BINHAI_REGION)
        .await
        .expect("list");
    let b = rows.iter().find(|r| r.name == "乙局").expect("乙局");
    assert!(!b.uscc_check_ok, "a confirmed failing code is flagged");
}

fn sheet(rows: &[[&str; 8]]) -> Vec<u8> {
    let data: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    write_table("执法人员", &IMPORT_COLUMNS, &data).expect("xlsx")
}

#[tokio::test]
async fn import_reports_every_bad_row_and_writes_nothing() {
    let w = world().await;
    let admin = principal(Role::DeptAdmin, Some(w.market), DataScope::DepartmentTree);
    let good1 = idn(11);
    let good2 = idn(12);
    let file = sheet(&[
        [
            "张三",
            &good1,
            "区市场监管局",
            "执法岗",
            "C001",
            "食品安全",
            "2024-01-01",
            "2026-12-31",
        ],
        [
            "李四",
            "120116198507150122",
            "区市场监管局",
            "",
            "",
            "",
            "",
            "",
        ],
        ["王五", &good2, "不存在的局", "", "", "", "", ""],
        ["赵六", &idn(13), "区应急局", "", "", "", "", ""],
        ["", &idn(14), "区市场监管局", "", "", "", "", ""],
        [
            "孙七",
            &idn(15),
            "区市场监管局",
            "",
            "C002",
            "",
            "2024-13-01",
            "2026-12-31",
        ],
        [
            "周八",
            &good1,
            "塘沽市场监管所",
            "",
            "C001",
            "",
            "2024-01-01",
            "2026-12-31",
        ],
    ]);
    let rep = import_officers(&w.db, &admin, &file).await.expect("report");
    assert_eq!(rep.imported, 0);
    let at: Vec<(usize, String)> = rep
        .errors
        .iter()
        .map(|e| (e.row, e.column.clone()))
        .collect();
    assert!(at.contains(&(3, "B 身份证号".into())), "{at:?}");
    assert!(at.contains(&(4, "C 所属部门".into())), "{at:?}");
    assert!(at.contains(&(5, "C 所属部门".into())), "scope: {at:?}");
    assert!(at.contains(&(6, "A 姓名".into())), "{at:?}");
    assert!(at.contains(&(7, "G 发证日期".into())), "{at:?}");
    assert!(
        at.contains(&(8, "E 执法证号".into())),
        "repeated card: {at:?}"
    );
    assert!(
        at.contains(&(8, "B 身份证号".into())),
        "repeated id: {at:?}"
    );
    assert!(
        rep.errors
            .iter()
            .all(|e| !e.reason.is_empty() && !e.reason_en.is_empty())
    );
    assert_eq!(count(&w.db).await, 0, "nothing may be written");

    let ok = sheet(&[
        [
            "张三",
            &good1,
            "区市场监管局",
            "执法岗",
            "C001",
            "食品安全；产品质量",
            "2024-01-01",
            "2026-12-31",
        ],
        ["王五", &good2, "塘沽市场监管所", "", "", "", "", ""],
    ]);
    let rep = import_officers(&w.db, &admin, &ok).await.expect("import");
    assert!(rep.errors.is_empty(), "{:?}", rep.errors);
    assert_eq!(rep.imported, 2);
    assert_eq!(count(&w.db).await, 2);
}

#[tokio::test]
async fn malformed_files_are_refused_clearly() {
    let w = world().await;
    let admin = principal(Role::DeptAdmin, Some(w.market), DataScope::DepartmentTree);
    let e = import_officers(&w.db, &admin, b"this is not a spreadsheet")
        .await
        .expect_err("garbage");
    assert_eq!(e.code(), "excel.malformed");
    let wrong_header =
        write_table("x", &["名字", "号码"], &[vec!["a".into(), "b".into()]]).expect("xlsx");
    let e = import_officers(&w.db, &admin, &wrong_header)
        .await
        .expect_err("header");
    assert_eq!(e.code(), "import.header");
    let sup = principal(Role::Supervisor, None, DataScope::District);
    assert!(matches!(
        import_officers(&w.db, &sup, &sheet(&[])).await,
        Err(Error::Forbidden { .. })
    ));
    assert_eq!(count(&w.db).await, 0);
}

#[tokio::test]
async fn a_damaged_stored_list_is_an_error_not_an_empty_list() {
    let w = world().await;
    let admin = principal(Role::DeptAdmin, Some(w.market), DataScope::DepartmentTree);
    let id = create_officer(&w.db, &admin, &officer(w.market_unit, "甲", 1))
        .await
        .expect("create");
    sqlx::query("UPDATE officers SET posts = $1 WHERE id = $2")
        .bind("[\"执法岗\"")
        .bind(id)
        .execute(w.db.pool())
        .await
        .expect("damage");
    let e = get_officer(&w.db, &admin, id)
        .await
        .expect_err("damaged posts");
    assert!(
        matches!(&e, Error::Internal(m) if m.contains("officers.posts")),
        "{e:?}"
    );
}
