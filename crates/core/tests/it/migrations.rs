//! The two migration folders must describe the same schema: every storage query runs unchanged
//! on both backends, so a column added to one folder only would fail on the other backend at
//! run time, far from the migration. The comparison is by parsing (table → column names),
//! which needs no PostgreSQL and runs in every test run; column types legitimately differ
//! (`INTEGER PRIMARY KEY AUTOINCREMENT` against `BIGINT GENERATED ... AS IDENTITY`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fazhi_core::db::{MIGRATIONS_POSTGRES, MIGRATIONS_SQLITE, Migration};

/// Table name → column names.
type Schema = BTreeMap<String, BTreeSet<String>>;

/// Words that open a table constraint rather than a column definition.
const CONSTRAINTS: &[&str] = &["primary", "unique", "foreign", "check", "constraint"];

/// The SQL without `--` comments (they may hold semicolons and parentheses).
fn strip_comments(sql: &str) -> String {
    sql.lines()
        .map(|l| l.split("--").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A bare identifier: lower case, without quotes.
fn ident(word: &str) -> String {
    word.trim_matches(|c| c == '"' || c == '`')
        .to_ascii_lowercase()
}

/// Splits at the commas outside parentheses (`NUMERIC(10, 2)`, `UNIQUE (a, b)`).
fn top_level_items(body: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut depth, mut from) = (0i32, 0usize);
    for (i, ch) in body.char_indices() {
        match ch {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&body[from..i]);
                from = i + 1;
            }
            _ => {}
        }
    }
    items.push(&body[from..]);
    items
}

/// Applies the CREATE TABLE and ALTER TABLE ... ADD COLUMN statements of `sql` to `schema`.
fn apply(schema: &mut Schema, sql: &str) -> Result<(), String> {
    for stmt in strip_comments(sql).split(';') {
        let words: Vec<&str> = stmt.split_whitespace().collect();
        let lower: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
        let lw: Vec<&str> = lower.iter().map(String::as_str).collect();
        match lw.as_slice() {
            ["create", "table", rest @ ..] => {
                let skip = if rest.starts_with(&["if", "not", "exists"]) {
                    3
                } else {
                    0
                };
                let name = rest
                    .get(skip)
                    .ok_or_else(|| format!("CREATE TABLE without a name: {stmt}"))?;
                let name = ident(name.split('(').next().unwrap_or(name));
                let (open, close) = match (stmt.find('('), stmt.rfind(')')) {
                    (Some(o), Some(c)) if o < c => (o, c),
                    _ => return Err(format!("CREATE TABLE {name} without a column list")),
                };
                let columns = schema.entry(name).or_default();
                for item in top_level_items(&stmt[open + 1..close]) {
                    let Some(first) = item.split_whitespace().next() else {
                        continue;
                    };
                    let first = ident(first);
                    if !CONSTRAINTS.contains(&first.as_str()) {
                        columns.insert(first);
                    }
                }
            }
            ["alter", "table", table, "add", "column", rest @ ..] => {
                let skip = if rest.starts_with(&["if", "not", "exists"]) {
                    3
                } else {
                    0
                };
                let column = rest
                    .get(skip)
                    .ok_or_else(|| format!("ADD COLUMN without a name: {stmt}"))?;
                schema
                    .entry(ident(table))
                    .or_default()
                    .insert(ident(column));
            }
            _ => {}
        }
    }
    Ok(())
}

fn schema_of<'a>(sqls: impl IntoIterator<Item = &'a str>) -> Result<Schema, String> {
    let mut schema = Schema::new();
    for sql in sqls {
        apply(&mut schema, sql)?;
    }
    Ok(schema)
}

/// Every difference between the two schemas, one line each (empty when they agree).
fn differences(a_name: &str, a: &Schema, b_name: &str, b: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    for (table, columns) in a {
        match b.get(table) {
            None => out.push(format!("table {table} only in {a_name}")),
            Some(other) => {
                for c in columns.difference(other) {
                    out.push(format!("column {table}.{c} only in {a_name}"));
                }
                for c in other.difference(columns) {
                    out.push(format!("column {table}.{c} only in {b_name}"));
                }
            }
        }
    }
    for table in b.keys().filter(|t| !a.contains_key(*t)) {
        out.push(format!("table {table} only in {b_name}"));
    }
    out
}

fn sqls(ms: &'static [Migration]) -> impl Iterator<Item = &'static str> {
    ms.iter().map(|m| m.sql)
}

#[test]
fn both_backends_define_the_same_tables_and_columns() {
    let sqlite = schema_of(sqls(MIGRATIONS_SQLITE)).expect("sqlite migrations parse");
    let postgres = schema_of(sqls(MIGRATIONS_POSTGRES)).expect("postgres migrations parse");
    // A parser that saw nothing would agree with itself: the foundation tables must be there.
    for table in ["departments", "officers", "users", "audit_log", "cases"] {
        assert!(sqlite.contains_key(table), "sqlite schema lacks {table}");
    }
    assert!(
        sqlite["departments"].contains("officer_count"),
        "ALTER TABLE ... ADD COLUMN is read"
    );
    let diff = differences("sqlite", &sqlite, "postgres", &postgres);
    assert!(
        diff.is_empty(),
        "migration folders differ:\n{}",
        diff.join("\n")
    );
}

#[test]
fn both_backends_have_the_same_migration_files_and_embed_them_all() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations");
    let files = |dir: &str| -> BTreeSet<String> {
        std::fs::read_dir(root.join(dir))
            .expect("migration folder")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".sql"))
            .collect()
    };
    let embedded = |ms: &[Migration]| -> BTreeSet<String> {
        ms.iter()
            .map(|m| format!("{}_{}.sql", m.version, m.name))
            .collect()
    };
    assert_eq!(files("sqlite"), files("postgres"));
    assert_eq!(files("sqlite"), embedded(MIGRATIONS_SQLITE));
    assert_eq!(files("postgres"), embedded(MIGRATIONS_POSTGRES));
}

#[test]
fn comparison_catches_a_column_added_to_one_folder_only() {
    let a = schema_of([
        "-- a comment; with (parentheses\nCREATE TABLE t (\n  id INTEGER PRIMARY KEY AUTOINCREMENT,\n  \
         name TEXT NOT NULL DEFAULT '',\n  amount NUMERIC(10, 2),\n  UNIQUE (name, amount)\n);",
        "ALTER TABLE t ADD COLUMN extra BIGINT NOT NULL DEFAULT 0;",
    ])
    .expect("parse a");
    let b = schema_of([
        "CREATE TABLE IF NOT EXISTS t (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, \
         name TEXT NOT NULL, amount NUMERIC(10, 2), PRIMARY KEY (id));",
        "CREATE TABLE u (id BIGINT);",
    ])
    .expect("parse b");
    let expected: BTreeSet<String> = ["id", "name", "amount", "extra"]
        .into_iter()
        .map(String::from)
        .collect();
    assert_eq!(a["t"], expected);
    assert_eq!(
        differences("a", &a, "b", &b),
        vec!["column t.extra only in a", "table u only in b"]
    );
    // The same schema on both sides: no difference, whatever the types.
    assert!(differences("a", &a, "a2", &a.clone()).is_empty());
}
