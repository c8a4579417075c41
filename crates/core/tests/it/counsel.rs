//! Legal counsel on the real storage: registrations checked against 律师法 (refusals bilingual,
//! nothing written), appointments, assignments and opinions keyed by subject, the roles and the
//! data scope, and the figures counted from the records.

use chrono::NaiveDate;
use fazhi_core::BINHAI_REGION;
use fazhi_core::auth::{DataScope, Role};
use fazhi_core::counsel::{Kind, NewCounsel, SubjectKind, opinions, registry, stats};
use fazhi_core::db::Db;
use sqlx::Row;

use crate::support::{principal, world};

fn d(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

pub(crate) fn lawyer(kind: Kind, name: &str, qual: &str, dept: i64, from: &str) -> NewCounsel {
    NewCounsel {
        kind,
        name: name.into(),
        qualification_no: qual.into(),
        licence_no: format!("L{qual}"),
        firm: if kind == Kind::Lawyer {
            "天津塘沽律师事务所".into()
        } else {
            String::new()
        },
        specialty: "行政法".into(),
        department_id: dept,
        starts_on: d(from),
        ends_on: None,
    }
}

async fn count(db: &Db, table: &str) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM {table}"
    )))
    .fetch_one(db.pool())
    .await
    .expect("count")
    .try_get(0)
    .expect("n")
}

#[tokio::test]
async fn registrations_follow_the_lawyers_law_and_refusals_write_nothing() {
    let w = world().await;
    let bureau = principal(Role::Supervisor, None, DataScope::District);
    let body = principal(Role::DeptAdmin, Some(w.market), DataScope::DepartmentTree);
    // Only the Justice Bureau registers.
    let e = registry::register(
        &w.db,
        &body,
        &lawyer(
            Kind::PublicLawyer,
            "王立新",
            "A2012001",
            w.market,
            "2024-01-01",
        ),
    )
    .await
    .expect_err("a body cannot register");
    assert!(matches!(e, fazhi_core::Error::Forbidden { .. }));
    // 律师法 第五条: the qualification.
    let mut n = lawyer(Kind::PublicLawyer, "王立新", "", w.market, "2024-01-01");
    let e = registry::register(&w.db, &bureau, &n)
        .await
        .expect_err("no qualification");
    assert!(e.message_zh().contains("第五条"), "{}", e.message_zh());
    assert_eq!(e.field(), Some("qualification_no"));
    // 第十三条: the certificate.
    n.qualification_no = "A2012001".into();
    n.licence_no = " ".into();
    let e = registry::register(&w.db, &bureau, &n)
        .await
        .expect_err("no certificate");
    assert!(e.message_zh().contains("第十三条"), "{}", e.message_zh());
    assert!(e.message_en().contains("art"), "{}", e.message_en());
    // 第十条: a lawyer names the firm.
    let mut l = lawyer(Kind::Lawyer, "李秀英", "A2009002", w.market, "2024-01-01");
    l.firm.clear();
    let e = registry::register(&w.db, &bureau, &l)
        .await
        .expect_err("no firm");
    assert!(e.message_zh().contains("第十条"), "{}", e.message_zh());
    // Bad input: a short name, an unknown body, a term ending before it starts.
    let mut x = lawyer(Kind::Scholar, "王", "", w.market, "2024-01-01");
    assert!(registry::register(&w.db, &bureau, &x).await.is_err());
    x.name = "张教授".into();
    x.department_id = 999_999;
    let e = registry::register(&w.db, &bureau, &x)
        .await
        .expect_err("unknown body");
    assert_eq!(e.field(), Some("department_id"));
    x.department_id = w.market;
    x.ends_on = Some(d("2023-12-31"));
    assert!(registry::register(&w.db, &bureau, &x).await.is_err());
    assert_eq!(count(&w.db, "counsel").await, 0, "nothing written");
    assert_eq!(count(&w.db, "counsel_appointments").await, 0);

    // 第十一条: a public-sector lawyer cannot also be registered as a practising lawyer.
    registry::register(
        &w.db,
        &bureau,
        &lawyer(
            Kind::PublicLawyer,
            "王立新",
            "A2012001",
            w.market,
            "2024-01-01",
        ),
    )
    .await
    .expect("public lawyer");
    let e = registry::register(
        &w.db,
        &bureau,
        &lawyer(Kind::Lawyer, "王立新", "A2012001", w.safety, "2024-01-01"),
    )
    .await
    .expect_err("dual practice");
    assert!(e.message_zh().contains("第十一条"), "{}", e.message_zh());
    let e = registry::register(
        &w.db,
        &bureau,
        &lawyer(
            Kind::PublicLawyer,
            "王立新",
            "A2012001",
            w.safety,
            "2024-01-01",
        ),
    )
    .await
    .expect_err("registered twice");
    assert_eq!(e.code(), "counsel.refused");
    assert_eq!(count(&w.db, "counsel").await, 1);
}

#[tokio::test]
async fn scope_appointments_opinions_and_the_figures_counted_from_records() {
    let w = world().await;
    let bureau = principal(Role::Supervisor, None, DataScope::District);
    let market = principal(Role::DeptAdmin, Some(w.market), DataScope::DepartmentTree);
    let safety = principal(Role::DeptAdmin, Some(w.safety), DataScope::DepartmentTree);
    let a = registry::register(
        &w.db,
        &bureau,
        &lawyer(Kind::PublicLawyer, "王立新", "A1", w.market, "2023-01-01"),
    )
    .await
    .expect("a");
    let b = registry::register(
        &w.db,
        &bureau,
        &lawyer(
            Kind::PublicLawyer,
            "李秀英",
            "A2",
            w.market_unit,
            "2024-03-01",
        ),
    )
    .await
    .expect("b");
    let c = registry::register(
        &w.db,
        &bureau,
        &lawyer(Kind::PublicLawyer, "赵德胜", "A3", w.safety, "2020-01-01"),
    )
    .await
    .expect("c");
    // A lawyer whose appointment ended in 2023 does not count for 2024.
    let mut old = lawyer(Kind::PublicLawyer, "周玉兰", "A4", w.safety, "2019-01-01");
    old.ends_on = Some(d("2023-06-30"));
    registry::register(&w.db, &bureau, &old).await.expect("old");
    registry::register(
        &w.db,
        &bureau,
        &lawyer(Kind::Lawyer, "孙宏伟", "A5", w.market, "2024-01-01"),
    )
    .await
    .expect("adviser");

    // Scope: the market bureau sees its own tree, not the safety bureau's; the Justice Bureau
    // sees all.
    let (mine, n) = registry::list(&w.db, &market, None, None, 100, 0)
        .await
        .expect("list");
    assert_eq!(n, 3);
    assert!(mine.iter().all(|x| x.department_id != w.safety));
    assert!(registry::get(&w.db, &market, c).await.is_err(), "invisible");
    assert!(registry::get(&w.db, &safety, c).await.is_ok());
    assert_eq!(
        registry::list(&w.db, &bureau, Some(Kind::PublicLawyer), None, 100, 0)
            .await
            .expect("all")
            .1,
        4
    );
    let public = principal(Role::Enterprise, None, DataScope::NoData);
    assert!(
        registry::list(&w.db, &public, None, None, 10, 0)
            .await
            .is_err()
    );

    // A public-sector lawyer serves one body at a time.
    let e = registry::appoint(&w.db, &bureau, a, w.safety, d("2024-06-01"), None)
        .await
        .expect_err("still in office");
    assert_eq!(e.code(), "counsel.refused");
    assert!(
        registry::appoint(&w.db, &market, a, w.safety, d("2024-06-01"), None)
            .await
            .is_err(),
        "a body cannot appoint"
    );

    let s = stats::year(&w.db, BINHAI_REGION, 2024)
        .await
        .expect("stats");
    assert_eq!(
        (
            s.public_lawyers,
            s.bodies_with_public_lawyers,
            s.legal_advisers
        ),
        (3, 3, 1)
    );
    assert_eq!(
        stats::year(&w.db, BINHAI_REGION, 2023)
            .await
            .expect("2023")
            .public_lawyers,
        3,
        "a, c and the one who left in 2023"
    );

    // Opinions are given by assigned counsel on a subject of any module.
    let subject = 42;
    let e = opinions::give(
        &w.db,
        &bureau,
        b,
        SubjectKind::Normative,
        subject,
        d("2024-05-01"),
        "建议删除增设许可的条款。",
    )
    .await
    .expect_err("not assigned");
    assert_eq!(e.code(), "counsel.refused");
    let e = opinions::assign(
        &w.db,
        &bureau,
        b,
        SubjectKind::Normative,
        subject,
        d("2024-02-01"),
    )
    .await
    .expect_err("not yet appointed on that day");
    assert_eq!(e.code(), "counsel.refused");
    opinions::assign(
        &w.db,
        &bureau,
        b,
        SubjectKind::Normative,
        subject,
        d("2024-04-01"),
    )
    .await
    .expect("assign");
    for (on, text) in [("2024-03-30", "早于指派"), ("2024-05-01", "  ")] {
        assert!(
            opinions::give(
                &w.db,
                &bureau,
                b,
                SubjectKind::Normative,
                subject,
                d(on),
                text
            )
            .await
            .is_err(),
            "{on}"
        );
    }
    assert_eq!(count(&w.db, "counsel_opinions").await, 0, "nothing written");
    opinions::give(
        &w.db,
        &bureau,
        b,
        SubjectKind::Normative,
        subject,
        d("2024-05-01"),
        "建议删除增设许可的条款。",
    )
    .await
    .expect("opinion");
    let by_body = registry::by_body(&w.db, &bureau, d("2024-12-31"))
        .await
        .expect("by body");
    let unit = by_body
        .iter()
        .find(|f| f.department_id == w.market_unit)
        .expect("unit");
    assert_eq!((unit.public_lawyers, unit.opinions), (1, 1));
    assert_eq!(
        opinions::for_subject(&w.db, BINHAI_REGION, SubjectKind::Normative, subject)
            .await
            .expect("list")
            .len(),
        1
    );
    let s = stats::year(&w.db, BINHAI_REGION, 2024)
        .await
        .expect("stats");
    assert_eq!(s.opinions, 1);

    // Deleting records changes the figures.
    for sql in [
        "DELETE FROM counsel_opinions WHERE counsel_id = $1",
        "DELETE FROM counsel_assignments WHERE counsel_id = $1",
        "DELETE FROM counsel_appointments WHERE counsel_id = $1",
        "DELETE FROM counsel WHERE id = $1",
    ] {
        sqlx::query(sql)
            .bind(b)
            .execute(w.db.pool())
            .await
            .expect("delete");
    }
    let s = stats::year(&w.db, BINHAI_REGION, 2024)
        .await
        .expect("stats");
    assert_eq!(
        (s.public_lawyers, s.bodies_with_public_lawyers, s.opinions),
        (2, 2, 0)
    );
}
