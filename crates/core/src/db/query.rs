//! Composes a WHERE clause from fixed fragments, numbering `$n` placeholders as it goes, so
//! that only active filters reach the planner (SQLite cannot prune `$1 = '' OR …` itself) and
//! every value stays a bound parameter.

use sqlx::Any;
use sqlx::any::AnyArguments;
use sqlx::query::{Query, QueryAs};

/// A bound value.
#[derive(Debug, Clone)]
pub enum Bind {
    Int(i64),
    Text(String),
}

/// Fragments joined by AND, and their values.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    parts: Vec<String>,
    binds: Vec<Bind>,
}

impl Filter {
    /// An empty filter.
    pub fn new() -> Filter {
        Filter::default()
    }

    /// Adds a fragment whose `?` marks take `values` in order. Fragments are constants of our
    /// own code; values never enter the SQL text.
    pub fn and(
        &mut self,
        fragment: &'static str,
        values: impl IntoIterator<Item = Bind>,
    ) -> &mut Self {
        let mut sql = String::with_capacity(fragment.len() + 8);
        let mut vals = values.into_iter();
        for ch in fragment.chars() {
            if ch == '?'
                && let Some(v) = vals.next()
            {
                self.binds.push(v);
                sql.push_str(&format!("${}", self.binds.len()));
                continue;
            }
            sql.push(ch);
        }
        self.parts.push(sql);
        self
    }

    /// ` WHERE a AND b …` (or nothing).
    pub fn where_sql(&self) -> String {
        if self.parts.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.parts.join(" AND "))
        }
    }

    /// The next placeholder number (for LIMIT/OFFSET after the filter).
    pub fn next_index(&self) -> usize {
        self.binds.len() + 1
    }

    /// Binds the values to a query.
    pub fn bind<'q>(&self, mut q: Query<'q, Any, AnyArguments>) -> Query<'q, Any, AnyArguments> {
        for b in &self.binds {
            q = match b {
                Bind::Int(i) => q.bind(*i),
                Bind::Text(t) => q.bind(t.clone()),
            };
        }
        q
    }

    /// Binds the values to a typed query.
    pub fn bind_as<'q, O>(
        &self,
        mut q: QueryAs<'q, Any, O, AnyArguments>,
    ) -> QueryAs<'q, Any, O, AnyArguments> {
        for b in &self.binds {
            q = match b {
                Bind::Int(i) => q.bind(*i),
                Bind::Text(t) => q.bind(t.clone()),
            };
        }
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_placeholders_in_order() {
        let mut f = Filter::new();
        f.and("a = ?", [Bind::Int(1)]).and(
            "(b LIKE ? OR c LIKE ?)",
            [Bind::Text("x%".into()), Bind::Text("x%".into())],
        );
        assert_eq!(f.where_sql(), " WHERE a = $1 AND (b LIKE $2 OR c LIKE $3)");
        assert_eq!(f.next_index(), 4);
        assert_eq!(Filter::new().where_sql(), "");
    }
}
