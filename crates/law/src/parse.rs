//! Statute Markdown parser (format: /work/shared/data/laws/README.md).
//!
//! Never fails and never panics: malformed lines become located errors
//! (`file:line: expected …, found …`) and numbering problems become warnings, while
//! everything else still loads.

use crate::code::{Kind, Seg};
use crate::date::Date;
use crate::error::{Diagnostic, LawError};
use crate::numeral;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// One unit of the statute tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// Unit kind.
    pub kind: Kind,
    /// Number as written: `第三十三条`, `第一款`, `（一）`, `1．`, `第二章`; empty for the law.
    pub num: String,
    /// Parsed number (paragraphs: position in the article).
    pub seg: Seg,
    /// Path code inside the law (`art_33__para_1`); empty for the law.
    pub code: String,
    /// Own text: the heading name for containers, the title for the law, the line's text
    /// without its number for articles (first paragraph), paragraphs, items and subitems.
    pub text: String,
    /// 1-based source line.
    pub line: u32,
    /// Child units in order.
    pub children: Vec<Node>,
}

impl Node {
    fn new(kind: Kind, num: String, seg: Seg, code: String, text: String, line: u32) -> Node {
        Node {
            kind,
            num,
            seg,
            code,
            text,
            line,
            children: Vec::new(),
        }
    }

    /// The unit's full text, which is what a citation of it means: an article's paragraphs
    /// joined by `\n`; a paragraph with its items (each prefixed by its number, e.g.
    /// `（一）`); an item with its subitems. Containers give their heading name.
    pub fn full_text(&self) -> String {
        let mut s = String::new();
        self.write_full_text(&mut s);
        s
    }

    fn write_full_text(&self, s: &mut String) {
        match self.kind {
            Kind::Article => {
                if self.children.is_empty() {
                    s.push_str(&self.text);
                }
                for (i, p) in self.children.iter().enumerate() {
                    if i > 0 {
                        s.push('\n');
                    }
                    p.write_full_text(s);
                }
            }
            Kind::Paragraph | Kind::Item => {
                s.push_str(&self.text);
                for c in &self.children {
                    if !s.is_empty() {
                        s.push('\n');
                    }
                    s.push_str(&c.num);
                    c.write_full_text(s);
                }
            }
            _ => s.push_str(&self.text),
        }
    }

    /// Depth-first iterator over this node and all descendants.
    pub fn walk(&self) -> impl Iterator<Item = &Node> {
        let mut stack = vec![self];
        std::iter::from_fn(move || {
            let n = stack.pop()?;
            stack.extend(n.children.iter().rev());
            Some(n)
        })
    }

    /// Canonical Chinese label of this unit alone: `第三十三条`, `第一款`, `第（一）项`, `第二章`.
    pub fn label(&self) -> String {
        self.seg.to_chinese()
    }
}

/// One header line: `2021年1月22日 第十三届…修订`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HistoryEntry {
    /// Date of the event.
    pub date: Date,
    /// The event as written (`第十三届全国人民代表大会常务委员会第二十五次会议修订`).
    pub event: String,
    /// True for a `… 施行` line (entry into force), not an adoption or amendment.
    pub effective: bool,
    /// Source line.
    pub line: u32,
}

/// A parsed statute file.
#[derive(Clone, Debug)]
pub struct Statute {
    /// File name as given (used in diagnostics).
    pub file: String,
    /// Law code: short title (`行政处罚法`), from the file name `<short title>(<date>).md`
    /// or else from the title without `中华人民共和国`.
    pub law: String,
    /// Official title from line 1.
    pub title: String,
    /// Version date from the file name, when it has one.
    pub version: Option<Date>,
    /// Header history lines in order.
    pub history: Vec<HistoryEntry>,
    /// Date of the first adoption/promulgation event.
    pub promulgated: Option<Date>,
    /// Date of the latest amendment or revision, if any.
    pub last_amended: Option<Date>,
    /// Entry into force of this text: a `施行` header line dated on or after the last event,
    /// else the `自YYYY年M月D日起施行` clause of the text when it is on or after the last
    /// event (true for adoptions and revisions, not for amendments by decision).
    pub effective: Option<Date>,
    /// The tree; its root is the [`Kind::Law`] node.
    pub root: Node,
    /// Numbering problems (gaps, repeats, out-of-order).
    pub warnings: Vec<Diagnostic>,
    /// Malformed lines (`expected …, found …`); the rest of the file still loaded.
    pub errors: Vec<Diagnostic>,
    index: HashMap<String, Box<[u32]>>,
}

impl Statute {
    /// Looks up a unit by path code (`art_33__para_1`; `""` is the law).
    pub fn get(&self, path: &str) -> Option<&Node> {
        let idx = self.index.get(path)?;
        let mut n = &self.root;
        for &i in idx.iter() {
            n = n.children.get(i as usize)?;
        }
        Some(n)
    }

    /// Looks up a unit by path segments.
    pub fn get_path(&self, path: &[Seg]) -> Option<&Node> {
        self.get(&crate::code::path_string(path))
    }

    /// All articles in order.
    pub fn articles(&self) -> impl Iterator<Item = &Node> {
        self.root.walk().filter(|n| n.kind == Kind::Article)
    }

    /// Number of articles.
    pub fn article_count(&self) -> usize {
        self.articles().count()
    }

    /// Version id `law@date` when the version date is known.
    pub fn version_id(&self) -> Option<String> {
        self.version.map(|d| crate::code::version_id(&self.law, d))
    }

    /// All units in document order (the law node first).
    pub fn units(&self) -> impl Iterator<Item = &Node> {
        self.root.walk()
    }

    fn build_index(&mut self) {
        let mut index = HashMap::new();
        let mut path = Vec::new();
        index_node(&self.root, &mut path, &mut index);
        self.index = index;
    }
}

fn index_node(n: &Node, path: &mut Vec<u32>, index: &mut HashMap<String, Box<[u32]>>) {
    // First occurrence wins when a malformed file repeats a number (already warned).
    index
        .entry(n.code.clone())
        .or_insert_with(|| path.clone().into_boxed_slice());
    for (i, c) in n.children.iter().enumerate() {
        path.push(i as u32);
        index_node(c, path, index);
        path.pop();
    }
}

/// Splits a statute file name `行政处罚法(2021-01-22).md` into short title and date.
pub fn split_file_name(name: &str) -> Option<(String, Date)> {
    let stem = name.strip_suffix(".md").unwrap_or(name);
    let open = stem.rfind(['(', '（'])?;
    let short = stem[..open].trim();
    let rest = &stem[open + stem[open..].chars().next()?.len_utf8()..];
    let date_str = rest.strip_suffix(')').or_else(|| rest.strip_suffix('）'))?;
    let date = date_str.parse().ok()?;
    if short.is_empty() {
        return None;
    }
    Some((short.to_string(), date))
}

/// The short title: the official title without the `中华人民共和国` prefix.
pub fn short_title(title: &str) -> &str {
    title.strip_prefix("中华人民共和国").unwrap_or(title)
}

/// Reads and parses one statute file. Only I/O fails; format problems are in
/// [`Statute::errors`] and [`Statute::warnings`].
pub fn parse_file(path: &Path) -> Result<Statute, LawError> {
    let bytes = std::fs::read(path).map_err(|source| LawError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let text = String::from_utf8_lossy(&bytes);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut st = parse_statute(&text, &name);
    if std::str::from_utf8(&bytes).is_err() {
        st.errors.push(Diagnostic {
            file: name,
            line: 0,
            message: "expected UTF-8 text, found invalid bytes (replaced with U+FFFD)".into(),
        });
    }
    Ok(st)
}

/// Cleans one line: drops `\r`, zero-width spaces and BOMs, trims whitespace (incl. U+3000).
fn clean(line: &str) -> String {
    let s: String = line
        .chars()
        .filter(|c| !matches!(c, '\u{200B}' | '\u{FEFF}' | '\r' | '\u{200C}' | '\u{200D}'))
        .collect();
    s.trim().to_string()
}

/// Quotes a line for a message, shortened to keep diagnostics readable.
fn quote(s: &str) -> String {
    let short: String = s.chars().take(40).collect();
    if short.len() < s.len() {
        format!("`{short}…`")
    } else {
        format!("`{short}`")
    }
}

/// `第` numeral, then the rest after the numeral. Returns (numeral string, value, rest).
fn take_di_numeral(s: &str) -> Option<(&str, Option<u32>, &str)> {
    let rest = s.strip_prefix('第')?;
    let end = rest
        .find(|c: char| !numeral::is_numeral_char(c))
        .unwrap_or(rest.len());
    if end == 0 {
        return None;
    }
    Some((&rest[..end], numeral::parse(&rest[..end]), &rest[end..]))
}

/// Recognises `之一` after an article or heading number.
fn take_zhi(s: &str) -> (u32, &str, bool) {
    if let Some(r) = s.strip_prefix('之') {
        let end = r
            .find(|c: char| !numeral::is_numeral_char(c))
            .unwrap_or(r.len());
        if end > 0 {
            return match numeral::parse(&r[..end]) {
                Some(v) if v > 0 => (v, &r[end..], true),
                _ => (0, s, false),
            };
        }
    }
    (0, s, true)
}

/// A classified body line.
enum Line<'a> {
    Heading {
        kind: Kind,
        num: &'a str,
        seg: Seg,
        name: String,
    },
    BadHeading,
    Article {
        num: &'a str,
        seg: Seg,
        rest: &'a str,
    },
    BadArticle,
    Item {
        num: &'a str,
        n: u32,
        rest: &'a str,
    },
    Subitem {
        num: &'a str,
        n: u32,
        rest: &'a str,
    },
    Text,
}

fn classify(s: &str) -> Line<'_> {
    if let Some(h) = s.strip_prefix('#') {
        let h = h.trim_start_matches('#').trim();
        let Some((_, value, rest)) = take_di_numeral(h) else {
            return Line::BadHeading;
        };
        let (kind, rest) = if let Some(r) = rest.strip_prefix("分编") {
            (Kind::Subpart, r)
        } else if let Some(r) = rest.strip_prefix('编') {
            (Kind::Part, r)
        } else if let Some(r) = rest.strip_prefix('章') {
            (Kind::Chapter, r)
        } else if let Some(r) = rest.strip_prefix('节') {
            (Kind::Section, r)
        } else {
            return Line::BadHeading;
        };
        let (sub, rest, ok) = take_zhi(rest);
        let Some(n) = value.filter(|&v| v > 0 && ok) else {
            return Line::BadHeading;
        };
        let num_len = h.len() - rest.len();
        let name: String = rest.chars().filter(|c| !c.is_whitespace()).collect();
        return Line::Heading {
            kind,
            num: &h[..num_len],
            seg: Seg { kind, num: n, sub },
            name,
        };
    }
    if let Some((_, value, rest)) = take_di_numeral(s)
        && let Some(after) = rest.strip_prefix('条')
    {
        let (sub, after, zhi_ok) = take_zhi(after);
        // Only `第X条` followed by a separator or the end is an article; `第三十条规定的…` is
        // an ordinary paragraph that happens to start with a cross-reference.
        let sep_ok = after.is_empty() || after.starts_with(char::is_whitespace);
        if sep_ok {
            let num = &s[..s.len() - after.len()];
            return match value.filter(|&v| v > 0 && zhi_ok) {
                Some(n) => Line::Article {
                    num,
                    seg: Seg {
                        kind: Kind::Article,
                        num: n,
                        sub,
                    },
                    rest: after.trim(),
                },
                None => Line::BadArticle,
            };
        }
    }
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(r) = s.strip_prefix(open)
            && let Some(end) = r.find(close)
        {
            let inner = &r[..end];
            if !inner.is_empty()
                && inner
                    .chars()
                    .all(|c| numeral::is_numeral_char(c) && !c.is_ascii_digit())
                && let Some(n) = numeral::parse(inner).filter(|&n| n > 0)
            {
                let num_len = open.len_utf8() + end + close.len_utf8();
                return Line::Item {
                    num: &s[..num_len],
                    n,
                    rest: s[num_len..].trim(),
                };
            }
        }
    }
    let digits_end = s
        .find(|c: char| !(c.is_ascii_digit() || ('０'..='９').contains(&c)))
        .unwrap_or(s.len());
    if digits_end > 0 && s[..digits_end].chars().count() <= 3 {
        let after = &s[digits_end..];
        for dot in ['．', '.'] {
            if let Some(r) = after.strip_prefix(dot)
                && !r.starts_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c))
                && let Some(n) = numeral::parse(&s[..digits_end]).filter(|&n| n > 0)
            {
                return Line::Subitem {
                    num: &s[..digits_end + dot.len_utf8()],
                    n,
                    rest: r.trim(),
                };
            }
        }
    }
    Line::Text
}

struct Builder<'f> {
    file: &'f str,
    stack: Vec<Node>,
    warnings: Vec<Diagnostic>,
    errors: Vec<Diagnostic>,
    last_article: Option<Seg>,
    seen_articles: HashSet<(u32, u32)>,
}

impl Builder<'_> {
    fn warn(&mut self, line: u32, message: String) {
        self.warnings.push(Diagnostic {
            file: self.file.to_string(),
            line,
            message,
        });
    }

    fn error(&mut self, line: u32, message: String) {
        self.errors.push(Diagnostic {
            file: self.file.to_string(),
            line,
            message,
        });
    }

    /// Closes open nodes until the top is a node that may contain `kind`.
    fn close_to(&mut self, kind: Kind) {
        while self.stack.len() > 1 && self.stack.last().is_some_and(|n| n.kind >= kind) {
            self.pop();
        }
    }

    fn pop(&mut self) {
        if self.stack.len() > 1
            && let Some(n) = self.stack.pop()
            && let Some(parent) = self.stack.last_mut()
        {
            parent.children.push(n);
        }
    }

    fn top(&self) -> &Node {
        // The law node is never popped, so the stack is never empty.
        &self.stack[self.stack.len().saturating_sub(1)]
    }

    fn top_kind(&self) -> Kind {
        self.stack.last().map(|n| n.kind).unwrap_or(Kind::Law)
    }

    /// Code of the innermost open container (part/chapter/…), for its children's codes.
    fn container_code(&self) -> String {
        self.stack
            .last()
            .map(|n| n.code.clone())
            .unwrap_or_default()
    }

    fn last_child_seg(&self, kind: Kind) -> Option<Seg> {
        self.top()
            .children
            .iter()
            .rev()
            .find(|c| c.kind == kind)
            .map(|c| c.seg)
    }

    /// Checks that `seg` follows the previous sibling of the same kind.
    fn check_sequence(
        &mut self,
        line: u32,
        prev: Option<Seg>,
        seg: Seg,
        what: &str,
        fmt: &dyn Fn(Seg) -> String,
    ) {
        let expected = match prev {
            None => Seg {
                num: 1,
                sub: 0,
                ..seg
            },
            Some(p) if seg.sub > 0 => Seg {
                num: p.num,
                sub: p.sub + 1,
                ..seg
            },
            Some(p) => Seg {
                num: p.num + 1,
                sub: 0,
                ..seg
            },
        };
        if seg == expected {
            return;
        }
        let problem = match prev {
            Some(p) if seg == p => "repeated",
            Some(p) if (seg.num, seg.sub) < (p.num, p.sub) => "out of order",
            _ => "gap",
        };
        self.warn(
            line,
            format!(
                "{what} numbering {problem}: expected {}, found {}",
                fmt(expected),
                fmt(seg)
            ),
        );
    }

    fn heading(&mut self, line: u32, kind: Kind, num: &str, seg: Seg, name: String) {
        self.close_to(kind);
        let prev = self.last_child_seg(kind);
        self.check_sequence(line, prev, seg, kind.name(), &|s| s.to_chinese());
        let parent = self.container_code();
        let code = if parent.is_empty() {
            seg.to_string()
        } else {
            format!("{parent}__{seg}")
        };
        self.stack
            .push(Node::new(kind, num.to_string(), seg, code, name, line));
    }

    fn article(&mut self, line: u32, num: &str, seg: Seg, rest: &str) {
        self.close_to(Kind::Article);
        let key = (seg.num, seg.sub);
        if self.seen_articles.contains(&key) {
            self.warn(
                line,
                format!(
                    "article numbering repeated: {} occurs again",
                    seg.to_chinese()
                ),
            );
        } else {
            let prev = self.last_article;
            self.check_sequence(line, prev, seg, "article", &|s| s.to_chinese());
        }
        self.seen_articles.insert(key);
        self.last_article = Some(seg);
        let mut art = Node::new(
            Kind::Article,
            num.to_string(),
            seg,
            seg.to_string(),
            rest.to_string(),
            line,
        );
        if !rest.is_empty() {
            art.children.push(Node::new(
                Kind::Paragraph,
                "第一款".into(),
                Seg::new(Kind::Paragraph, 1),
                format!("{seg}__para_1"),
                rest.to_string(),
                line,
            ));
        }
        self.stack.push(art);
    }

    /// Opens a new paragraph in the current article; false if there is no article.
    fn paragraph(&mut self, line: u32, text: &str) -> bool {
        self.close_to(Kind::Paragraph);
        if self.top_kind() != Kind::Article {
            return false;
        }
        let top = self.top();
        let n = top
            .children
            .iter()
            .filter(|c| c.kind == Kind::Paragraph)
            .count() as u32
            + 1;
        let code = format!("{}__para_{n}", top.code);
        // The article line itself is 第一款: keep the article's own text in step.
        let is_first = n == 1;
        let node = Node::new(
            Kind::Paragraph,
            format!("第{}款", numeral::format(n)),
            Seg::new(Kind::Paragraph, n),
            code,
            text.to_string(),
            line,
        );
        if let Some(art) = self.stack.last_mut() {
            if is_first && art.text.is_empty() {
                art.text = text.to_string();
            }
            art.children.push(node);
        }
        true
    }

    fn item(&mut self, line: u32, num: &str, n: u32, rest: &str) -> bool {
        self.close_to(Kind::Item);
        if self.top_kind() == Kind::Article
            && !self
                .top()
                .children
                .iter()
                .any(|c| c.kind == Kind::Paragraph)
        {
            // Items directly under an article line without text: they belong to 第一款.
            self.paragraph(line, "");
        }
        // Reopen the article's last paragraph: items are its children.
        if self.top_kind() == Kind::Article
            && let Some(art) = self.stack.last_mut()
            && let Some(p) = art.children.pop()
        {
            self.stack.push(p);
        }
        if self.top_kind() != Kind::Paragraph {
            return false;
        }
        let prev = self.last_child_seg(Kind::Item);
        let seg = Seg::new(Kind::Item, n);
        self.check_sequence(line, prev, seg, "item", &|s| {
            format!("（{}）", numeral::format(s.num))
        });
        let code = format!("{}__{seg}", self.top().code);
        self.stack.push(Node::new(
            Kind::Item,
            num.to_string(),
            seg,
            code,
            rest.to_string(),
            line,
        ));
        true
    }

    fn subitem(&mut self, line: u32, num: &str, n: u32, rest: &str) -> bool {
        self.close_to(Kind::Subitem);
        if self.top_kind() != Kind::Item {
            return false;
        }
        let prev = self.last_child_seg(Kind::Subitem);
        let seg = Seg::new(Kind::Subitem, n);
        self.check_sequence(line, prev, seg, "subitem", &|s| format!("{}.", s.num));
        let code = format!("{}__{seg}", self.top().code);
        self.stack.push(Node::new(
            Kind::Subitem,
            num.to_string(),
            seg,
            code,
            rest.to_string(),
            line,
        ));
        true
    }

    fn finish(mut self) -> (Node, Vec<Diagnostic>, Vec<Diagnostic>) {
        while self.stack.len() > 1 {
            self.pop();
        }
        let root = self.stack.pop().unwrap_or_else(|| {
            Node::new(
                Kind::Law,
                String::new(),
                Seg::new(Kind::Law, 0),
                String::new(),
                String::new(),
                1,
            )
        });
        (root, self.warnings, self.errors)
    }
}

/// The title line and the history lines of a statute's header.
struct Header {
    title: String,
    history: Vec<HistoryEntry>,
    /// The index of the first body line, when the header closed (or the body began unannounced).
    body_start: Option<usize>,
    errors: Vec<Diagnostic>,
}

/// Reads the title and the history lines up to `<!-- INFO END -->`.
fn parse_header(lines: &[&str], file: &str) -> Header {
    let mut header_errors = Vec::new();
    let mut err = |line: usize, message: String| {
        header_errors.push(Diagnostic {
            file: file.to_string(),
            line: line as u32,
            message,
        })
    };

    // Line 1: the title.
    let first = lines.first().map(|l| clean(l)).unwrap_or_default();
    let (title, mut i) = match first.strip_prefix('#') {
        Some(t) if !t.starts_with('#') && !t.trim().is_empty() => (t.trim().to_string(), 1),
        _ => {
            err(
                1,
                format!("expected title line `# <title>`, found {}", quote(&first)),
            );
            (String::new(), 0)
        }
    };

    // Header: history lines until `<!-- INFO END -->`.
    let mut history: Vec<HistoryEntry> = Vec::new();
    let mut body_start = None;
    while i < lines.len() {
        let l = clean(lines[i]);
        let lineno = i + 1;
        i += 1;
        if l.is_empty() {
            continue;
        }
        if l == "<!-- INFO END -->" {
            body_start = Some(i);
            break;
        }
        if let Some((date, len)) = Date::parse_chinese_prefix(&l) {
            push_history(&mut history, date, &l[len..], lineno as u32);
        } else if l.starts_with('#') || matches!(classify(&l), Line::Article { .. }) {
            // The header never closed: report and read the body from here.
            err(
                lineno,
                format!("expected `<!-- INFO END -->`, found {}", quote(&l)),
            );
            body_start = Some(lineno - 1);
            break;
        } else if let Some(last) = history.last_mut() {
            // A history entry wrapped onto a second line (土地管理法, 计量法).
            last.event.push_str(&l);
        } else {
            err(
                lineno,
                format!(
                    "expected history line `YYYY年M月D日 <event>`, found {}",
                    quote(&l)
                ),
            );
        }
    }
    if body_start.is_none() {
        err(
            lines.len().max(1),
            "expected `<!-- INFO END -->`, found end of file".to_string(),
        );
    }

    Header {
        title,
        history,
        body_start,
        errors: header_errors,
    }
}

/// Promulgation, last amendment and entry into force, from the history lines (an effective date
/// before the last event is an older version's) or, failing those, from the text.
fn version_dates(
    history: &[HistoryEntry],
    root: &Node,
) -> (Option<Date>, Option<Date>, Option<Date>) {
    let events: Vec<&HistoryEntry> = history.iter().filter(|h| !h.effective).collect();
    let promulgated = events.iter().map(|h| h.date).min();
    let last_event = events.iter().map(|h| h.date).max();
    let last_amended = if events.len() > 1 { last_event } else { None };
    let effective_line = history.iter().filter(|h| h.effective).map(|h| h.date).max();
    let not_before = |d: Date| last_event.is_none_or(|e| d >= e);
    let effective = effective_line
        .filter(|&d| not_before(d))
        .or_else(|| effective_from_text(root).filter(|&d| not_before(d)));

    (promulgated, last_amended, effective)
}

impl Builder<'_> {
    /// Adds one non-empty body line.
    fn line(&mut self, line: u32, l: &str) {
        match classify(l) {
            Line::Heading {
                kind,
                num,
                seg,
                name,
            } => self.heading(line, kind, num, seg, name),
            Line::BadHeading => self.error(
                line,
                format!(
                    "expected heading `第…编/分编/章/节 <name>`, found {}",
                    quote(l)
                ),
            ),
            Line::Article { num, seg, rest } => self.article(line, num, seg, rest),
            Line::BadArticle => self.error(
                line,
                format!("expected article number `第…条`, found {}", quote(l)),
            ),
            Line::Item { num, n, rest } => {
                if !self.item(line, num, n, rest) {
                    self.error(
                        line,
                        format!("expected an article before item, found {}", quote(l)),
                    );
                }
            }
            Line::Subitem { num, n, rest } => {
                if !self.subitem(line, num, n, rest) && !self.paragraph(line, l) {
                    self.error(
                        line,
                        format!("expected an article before text, found {}", quote(l)),
                    );
                }
            }
            Line::Text => {
                if !self.paragraph(line, l) {
                    self.error(
                        line,
                        format!("expected article `第…条`, found {}", quote(l)),
                    );
                }
            }
        }
    }
}

/// Parses statute Markdown. `file` names the source in diagnostics and, when it has the form
/// `<short title>(<YYYY-MM-DD>).md`, gives the law code and version date.
pub fn parse_statute(input: &str, file: &str) -> Statute {
    let lines: Vec<&str> = input.split('\n').collect();
    let Header {
        title,
        history,
        body_start,
        errors: header_errors,
    } = parse_header(&lines, file);
    let split = split_file_name(file);
    let law = match &split {
        Some((short, _)) => short.clone(),
        None if !title.is_empty() => short_title(&title).to_string(),
        None => file.strip_suffix(".md").unwrap_or(file).to_string(),
    };
    let root = Node::new(
        Kind::Law,
        String::new(),
        Seg::new(Kind::Law, 0),
        String::new(),
        title.clone(),
        1,
    );
    let mut b = Builder {
        file,
        stack: vec![root],
        warnings: Vec::new(),
        errors: header_errors,
        last_article: None,
        seen_articles: HashSet::new(),
    };

    for (idx, raw) in lines
        .iter()
        .enumerate()
        .skip(body_start.unwrap_or(lines.len()))
    {
        let l = clean(raw);
        if !l.is_empty() {
            b.line(idx as u32 + 1, &l);
        }
    }
    let (root, warnings, errors) = b.finish();

    let (promulgated, last_amended, effective) = version_dates(&history, &root);
    let mut st = Statute {
        file: file.to_string(),
        law,
        title,
        version: split.map(|(_, d)| d),
        history,
        promulgated,
        last_amended,
        effective,
        root,
        warnings,
        errors,
        index: HashMap::new(),
    };
    st.build_index();
    st
}

/// Adds a history entry; splits `…第一次修正根据2009年8月27日…第二次修正` (产品质量法) into two.
fn push_history(history: &mut Vec<HistoryEntry>, date: Date, rest: &str, line: u32) {
    let mut event = rest.trim().to_string();
    // A stray closing parenthesis at the end (文物保护法 and others).
    if (event.ends_with('）') && !event.contains('（'))
        || (event.ends_with(')') && !event.contains('('))
    {
        event.pop();
    }
    let mut next = None;
    if let Some(pos) = event.find("根据")
        && let Some((d2, len)) = Date::parse_chinese_prefix(&event[pos + "根据".len()..])
    {
        let tail = event[pos + "根据".len() + len..].trim().to_string();
        event.truncate(pos);
        next = Some((d2, tail));
    }
    let effective = event.ends_with("施行") && !event.contains("会议");
    history.push(HistoryEntry {
        date,
        event,
        effective,
        line,
    });
    if let Some((d2, tail)) = next {
        push_history(history, d2, &tail, line);
    }
}

/// `本法自2021年7月15日起施行` in the last articles.
fn effective_from_text(root: &Node) -> Option<Date> {
    let articles: Vec<&Node> = root.walk().filter(|n| n.kind == Kind::Article).collect();
    for art in articles.iter().rev().take(3) {
        let text = art.full_text();
        let mut rest = text.as_str();
        while let Some(pos) = rest.find('自') {
            rest = &rest[pos + '自'.len_utf8()..];
            if let Some((d, len)) = Date::parse_chinese_prefix(rest)
                && (rest[len..].starts_with("起施行") || rest[len..].starts_with("起实施"))
            {
                return Some(d);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# 中华人民共和国示例法\n\n2020年1月2日 第十三届全国人民代表大会常务委员会第十五次会议通过\n\n2021年3月4日 第十三届全国人民代表大会常务委员会第二十次会议修订\n\n<!-- INFO END -->\n\n## 第一章 总　则\n\n第一条 为了示例，制定本法。\n\n第二条 行政处罚的种类：\n\n（一）警告；\n\n（二）罚款。\n\n其他款。\n\n## 第二章 附 则\n\n### 第一节 一般规定\n\n第三条\n\n第一款文字:\n\n(一)甲;\n\n1．子目一；\n\n2.子目二。\n\n（二）乙。\n\n第三条之一 之一条文。\n\n第四条 本法自2021年7月1日起施行。";

    #[test]
    fn parses_sample_tree() {
        let st = parse_statute(SAMPLE, "示例法(2021-03-04).md");
        assert!(st.errors.is_empty(), "{:?}", st.errors);
        assert!(st.warnings.is_empty(), "{:?}", st.warnings);
        assert_eq!(st.law, "示例法");
        assert_eq!(st.title, "中华人民共和国示例法");
        assert_eq!(st.version, Some(Date::new(2021, 3, 4).unwrap()));
        assert_eq!(st.promulgated, Some(Date::new(2020, 1, 2).unwrap()));
        assert_eq!(st.last_amended, Some(Date::new(2021, 3, 4).unwrap()));
        assert_eq!(st.effective, Some(Date::new(2021, 7, 1).unwrap()));
        assert_eq!(st.article_count(), 5);
        let chp1 = st.get("chp_1").unwrap();
        assert_eq!(chp1.text, "总则");
        let a2 = st.get("art_2").unwrap();
        assert_eq!(a2.children.len(), 2);
        assert_eq!(st.get("art_2__para_1__item_2").unwrap().text, "罚款。");
        assert_eq!(st.get("art_2__para_2").unwrap().text, "其他款。");
        assert_eq!(
            a2.full_text(),
            "行政处罚的种类：\n（一）警告；\n（二）罚款。\n其他款。"
        );
        assert_eq!(st.get("chp_2__sec_1").unwrap().text, "一般规定");
        assert_eq!(st.get("art_3__para_1").unwrap().text, "第一款文字:");
        assert_eq!(
            st.get("art_3__para_1__item_1__subitem_2").unwrap().text,
            "子目二。"
        );
        assert_eq!(st.get("art_3__para_1__item_1").unwrap().num, "(一)");
        assert_eq!(st.get("art_3__para_1__item_2").unwrap().text, "乙。");
        assert_eq!(st.get("art_3_1").unwrap().num, "第三条之一");
        assert_eq!(st.get("art_3_1__para_1").unwrap().text, "之一条文。");
    }

    #[test]
    fn warns_on_numbering_and_reports_errors() {
        let text = "# 测试法\n<!-- INFO END -->\n第一条 a\n第三条 b\n第三条 c\n第二条 d\n（二）x\n## 目录\n孤立\n第十十条 坏";
        let st = parse_statute(text, "t.md");
        let w: Vec<String> = st.warnings.iter().map(|d| d.to_string()).collect();
        assert!(
            w.iter()
                .any(|m| m
                    .starts_with("t.md:4: article numbering gap: expected 第二条, found 第三条")),
            "{w:?}"
        );
        assert!(
            w.iter()
                .any(|m| m.starts_with("t.md:5: article numbering repeated")),
            "{w:?}"
        );
        assert!(
            w.iter()
                .any(|m| m.starts_with("t.md:6: article numbering out of order")),
            "{w:?}"
        );
        assert!(
            w.iter()
                .any(|m| m.starts_with("t.md:7: item numbering gap")),
            "{w:?}"
        );
        let e: Vec<String> = st.errors.iter().map(|d| d.to_string()).collect();
        assert!(
            e.iter().any(|m| m.starts_with("t.md:8: expected heading")),
            "{e:?}"
        );
        assert!(
            e.iter()
                .any(|m| m.starts_with("t.md:10: expected article number")),
            "{e:?}"
        );
        assert_eq!(st.article_count(), 4);
        // 孤立 after the bad heading is still a paragraph of 第二条.
        assert_eq!(st.get("art_2__para_2").unwrap().text, "孤立");
    }

    #[test]
    fn malformed_header() {
        let st = parse_statute("no title\n第一条 文字", "x.md");
        assert!(
            st.errors
                .iter()
                .any(|d| d.line == 1 && d.message.starts_with("expected title line"))
        );
        assert!(
            st.errors
                .iter()
                .any(|d| d.message.starts_with("expected `<!-- INFO END -->`"))
        );
        assert_eq!(st.article_count(), 1);
        let st = parse_statute("", "e.md");
        assert!(!st.errors.is_empty());
        let st = parse_statute("# 标题\n正文", "e.md");
        assert!(
            st.errors
                .iter()
                .any(|d| d.message.contains("found end of file"))
        );
    }

    #[test]
    fn zero_width_and_fullwidth_space() {
        let st = parse_statute(
            "# 法\n<!-- INFO END -->\n\u{200B}\n##\u{3000}第一章\u{3000}总则\n\u{200B}第一条\u{3000}文字。\n\u{200B}",
            "f.md",
        );
        assert!(st.errors.is_empty(), "{:?}", st.errors);
        assert_eq!(st.get("art_1__para_1").unwrap().text, "文字。");
        assert_eq!(st.get("chp_1").unwrap().text, "总则");
    }

    #[test]
    fn not_an_article_line() {
        let st = parse_statute(
            "# 法\n<!-- INFO END -->\n第一条 文字。\n第三十条规定的情形除外。",
            "f.md",
        );
        assert_eq!(st.article_count(), 1);
        assert_eq!(
            st.get("art_1__para_2").unwrap().text,
            "第三十条规定的情形除外。"
        );
    }

    #[test]
    fn file_names() {
        assert_eq!(
            split_file_name("行政处罚法(2021-01-22).md"),
            Some(("行政处罚法".into(), Date::new(2021, 1, 22).unwrap()))
        );
        assert_eq!(split_file_name("x.md"), None);
        assert_eq!(split_file_name("(2021-01-22).md"), None);
    }
}
