//! Enums that are stored by a short name and shown in Chinese or English — categories, statuses,
//! grades. One macro for all modules, so that every such enum parses, stores and labels alike.

/// Declares `enum Name { Variant = "stored", "中文", "English"; … }` with `ALL`, `as_str`,
/// `label_zh`, `label_en`, `label(lang)` and `parse` (stored name or Chinese label). Serde uses
/// the stored name too, so JSON bodies kept in the database read the same as the columns.
macro_rules! labelled_enum {
    ($(#[$m:meta])* $name:ident { $($v:ident = $s:literal, $zh:literal, $en:literal;)* }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name { $(#[serde(rename = $s)] $v),* }
        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$v),*];
            /// Stored name.
            pub fn as_str(self) -> &'static str { match self { $($name::$v => $s),* } }
            /// Chinese label.
            pub fn label_zh(self) -> &'static str { match self { $($name::$v => $zh),* } }
            /// English label.
            pub fn label_en(self) -> &'static str { match self { $($name::$v => $en),* } }
            /// Parses the stored name or the Chinese label.
            pub fn parse(s: &str) -> Option<$name> {
                let s = s.trim();
                Self::ALL.iter().copied().find(|v| v.as_str() == s || v.label_zh() == s)
            }
            /// Label in a language ("zh" | "en").
            pub fn label(self, lang: &str) -> &'static str {
                if lang == "en" { self.label_en() } else { self.label_zh() }
            }
        }
    };
}

pub(crate) use labelled_enum;
