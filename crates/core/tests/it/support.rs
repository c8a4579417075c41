use fazhi_core::BINHAI_REGION;
use fazhi_core::audit::{Actor, AuditedTx};
use fazhi_core::auth::{DataScope, NewUser, Principal, Role, create_user};
use fazhi_core::db::Db;
use fazhi_core::org::{DeptKind, NewDepartment, create_department};
use fazhi_core::testing::fresh_db;

/// A fresh database with a small tree: 区市场监管局 > 塘沽市场监管所, and 区应急局.
pub struct World {
    pub db: Db,
    pub market: i64,
    pub market_unit: i64,
    pub safety: i64,
}

pub async fn world() -> World {
    let db = fresh_db().await.expect("fresh db");
    let mut tx = AuditedTx::begin(&db, Actor::system("test"))
        .await
        .expect("tx");
    let mk = |name: &str, parent: Option<i64>| NewDepartment {
        region: BINHAI_REGION.into(),
        name: name.into(),
        short_name: name.into(),
        uscc: None,
        uscc_confirmed: false,
        kind: DeptKind::Agency,
        parent_id: parent,
        domains: vec!["食品安全".into()],
        area: String::new(),
        sort_order: 0,
    };
    let market = create_department(&mut tx, &mk("区市场监管局", None))
        .await
        .expect("market");
    let market_unit = create_department(&mut tx, &mk("塘沽市场监管所", Some(market)))
        .await
        .expect("unit");
    let safety = create_department(&mut tx, &mk("区应急局", None))
        .await
        .expect("safety");
    tx.commit().await.expect("commit");
    World {
        db,
        market,
        market_unit,
        safety,
    }
}

pub fn principal(role: Role, dept: Option<i64>, scope: DataScope) -> Principal {
    Principal {
        user_id: 1,
        username: format!("{}-test", role.as_str()),
        display_name: "测试".into(),
        role,
        department_id: dept,
        department_name: String::new(),
        scope,
        region: BINHAI_REGION.into(),
    }
}

pub async fn add_user(
    db: &Db,
    username: &str,
    role: Role,
    dept: Option<i64>,
    scope: DataScope,
) -> i64 {
    let mut tx = AuditedTx::begin(db, Actor::system("test"))
        .await
        .expect("tx");
    let id = create_user(
        &mut tx,
        &NewUser {
            username: username.into(),
            display_name: username.into(),
            password: "Secret#2024x".into(),
            role,
            department_id: dept,
            scope,
            officer_id: None,
            region: BINHAI_REGION.into(),
        },
    )
    .await
    .expect("user");
    tx.commit().await.expect("commit");
    id
}

/// Synthetic identity numbers with valid check digits.
pub fn idn(seq: u16) -> String {
    let birth = chrono::NaiveDate::from_ymd_opt(1985, 7, 15).expect("date");
    fazhi_core::ids::IdentityNumber::generate(BINHAI_REGION, birth, seq)
        .expect("id")
        .as_str()
        .to_string()
}

/// The shared statute corpus, parsed once per test binary.
pub fn corpus() -> &'static fazhi_law::Corpus {
    static C: std::sync::OnceLock<fazhi_law::Corpus> = std::sync::OnceLock::new();
    C.get_or_init(|| {
        let dir = fazhi_core::law::default_laws_dir().expect("statutes (../shared/data/laws)");
        fazhi_law::Corpus::load(&dir).expect("corpus")
    })
}
