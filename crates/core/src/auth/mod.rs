//! Accounts, roles, permissions and data scope.
//!
//! Separation of duties (三员分立): the system, security and audit administrators are three
//! roles none of which can do another's work. Data scope is a typed predicate over the
//! department closure table, checked on reads and on writes.

mod import;
mod link;
mod password;
mod role;
mod scope;
mod session;
pub mod throttle;
mod user;

pub use import::{ACCOUNT_COLUMNS, EXAMPLE_USERNAME, account_template, import_accounts};
pub use link::{
    AccountLink, account_links, add_linked_user, add_linked_user_cli, apply_link, link_account,
    set_disabled, set_disabled_by_username,
};
pub use password::{check_password_policy, hash_password, verify_password};
pub use role::{Permission, Role};
pub use scope::{DataScope, Principal, ScopeBinds, scope_sql};
pub use session::{
    ABSOLUTE_LIFETIME_MS, IDLE_TIMEOUT_MS, LoginOutcome, SessionInfo, backdate_session,
    backdate_session_start, login, login_from, logout, resolve_session, server_key,
};
pub use throttle::{AttemptGroup, AttemptRow, recent_attempts, waiting_accounts};
pub use user::{
    AdminRequest, NewUser, UserRow, add_user, change_role, create_user, decide_admin_request,
    get_user, list_admin_requests, list_users, role_change_allowed, unlock, unlock_by_username,
};
