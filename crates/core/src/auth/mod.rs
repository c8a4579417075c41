//! Accounts, roles, permissions and data scope.
//!
//! Separation of duties (三员分立): the system, security and audit administrators are three
//! roles none of which can do another's work. Data scope is a typed predicate over the
//! department closure table, checked on reads and on writes.

mod password;
mod role;
mod scope;
mod session;
mod user;

pub use password::{check_password_policy, hash_password, verify_password};
pub use role::{Permission, Role};
pub use scope::{DataScope, Principal, ScopeBinds, scope_sql};
pub use session::{
    IDLE_TIMEOUT_MS, LOCK_AFTER_FAILURES, LOCK_DURATION_MS, LoginOutcome, SessionInfo,
    backdate_session, login, logout, resolve_session,
};
pub use user::{
    NewUser, UserRow, add_user, change_role, create_user, get_user, list_users, unlock,
};
