//! HTML fragments built in Rust (escaped here, rendered with `|safe`): search snippets with
//! `<mark>`, and old/new text of a changed provision with `<del>` / `<ins>`.

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A search snippet (`…处以【罚款】…`, with byte ranges of the matches) as HTML: everything
/// escaped, each match in `<mark>`, the 【】 around a match dropped.
pub fn snippet_html(snippet: &str, highlights: &[(usize, usize)]) -> String {
    const OPEN: &str = "【";
    const CLOSE: &str = "】";
    let mut out = String::with_capacity(snippet.len() + highlights.len() * 13);
    let mut pos = 0;
    let mut ranges: Vec<(usize, usize)> = highlights
        .iter()
        .copied()
        .filter(|&(s, e)| {
            s <= e
                && e <= snippet.len()
                && snippet.is_char_boundary(s)
                && snippet.is_char_boundary(e)
        })
        .collect();
    ranges.sort_unstable();
    for (s, e) in ranges {
        if s < pos {
            continue;
        }
        let before = &snippet[pos..s];
        let before = before.strip_suffix(OPEN).unwrap_or(before);
        out.push_str(&escape(before));
        out.push_str("<mark>");
        out.push_str(&escape(&snippet[s..e]));
        out.push_str("</mark>");
        pos = e;
        if snippet[pos..].starts_with(CLOSE) {
            pos += CLOSE.len();
        }
    }
    out.push_str(&escape(&snippet[pos..]));
    out
}

/// Old and new text as HTML with the characters only in the old text in `<del>` and those
/// only in the new text in `<ins>` (longest common subsequence over characters). Texts too
/// long for the quadratic table, or too different for marks to help, come back escaped
/// without marks.
pub fn diff_html(old: &str, new: &str) -> (String, String) {
    let a: Vec<char> = old.chars().collect();
    let b: Vec<char> = new.chars().collect();
    // Common prefix and suffix need no table.
    let pre = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let max_suf = a.len().min(b.len()) - pre;
    let suf = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(max_suf)
        .take_while(|(x, y)| x == y)
        .count();
    let am = &a[pre..a.len() - suf];
    let bm = &b[pre..b.len() - suf];
    if am.len().saturating_mul(bm.len()) > 1_500_000 {
        return (escape(old), escape(new));
    }
    // lcs[i][j] = LCS length of am[i..], bm[j..].
    let w = bm.len() + 1;
    let mut lcs = vec![0u32; (am.len() + 1) * w];
    for i in (0..am.len()).rev() {
        for j in (0..bm.len()).rev() {
            lcs[i * w + j] = if am[i] == bm[j] {
                lcs[(i + 1) * w + j + 1] + 1
            } else {
                lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
            };
        }
    }
    let common = pre + suf + lcs[0] as usize;
    if common * 3 < a.len().max(b.len()) {
        return (escape(old), escape(new));
    }
    // Walk the table: each side as runs of (changed?, text).
    let mut left: Vec<(bool, char)> = a[..pre].iter().map(|&c| (false, c)).collect();
    let mut right: Vec<(bool, char)> = b[..pre].iter().map(|&c| (false, c)).collect();
    let (mut i, mut j) = (0, 0);
    while i < am.len() && j < bm.len() {
        if am[i] == bm[j] {
            left.push((false, am[i]));
            right.push((false, bm[j]));
            i += 1;
            j += 1;
        } else if lcs[(i + 1) * w + j] >= lcs[i * w + j + 1] {
            left.push((true, am[i]));
            i += 1;
        } else {
            right.push((true, bm[j]));
            j += 1;
        }
    }
    left.extend(am[i..].iter().map(|&c| (true, c)));
    right.extend(bm[j..].iter().map(|&c| (true, c)));
    left.extend(a[a.len() - suf..].iter().map(|&c| (false, c)));
    right.extend(b[b.len() - suf..].iter().map(|&c| (false, c)));
    (runs_html(&left, "del"), runs_html(&right, "ins"))
}

fn runs_html(chars: &[(bool, char)], tag: &str) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let marked = chars[i].0;
        let run: String = chars[i..]
            .iter()
            .take_while(|(m, _)| *m == marked)
            .map(|&(_, c)| c)
            .collect();
        i += run.chars().count();
        if marked {
            out.push_str(&format!("<{tag}>{}</{tag}>", escape(&run)));
        } else {
            out.push_str(&escape(&run));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_marks_and_escapes() {
        let s = "对<b>处以【罚款】，【罚款】数额";
        let a = s.find("罚款").unwrap();
        let b = s.rfind("罚款").unwrap();
        let h = snippet_html(s, &[(a, a + 6), (b, b + 6)]);
        assert_eq!(h, "对&lt;b&gt;处以<mark>罚款</mark>，<mark>罚款</mark>数额");
        // Out-of-range or mid-character ranges are ignored, never panic.
        assert_eq!(snippet_html("罚款", &[(1, 2), (0, 99)]), "罚款");
    }

    #[test]
    fn diff_marks_changes() {
        let (o, n) = diff_html(
            "行政机关应当在七日内作出决定。",
            "行政机关应当在五日内作出书面决定。",
        );
        assert_eq!(o, "行政机关应当在<del>七</del>日内作出决定。");
        assert_eq!(
            n,
            "行政机关应当在<ins>五</ins>日内作出<ins>书面</ins>决定。"
        );
        let (o, n) = diff_html("<a>", "<a>b");
        assert_eq!(o, "&lt;a&gt;");
        assert_eq!(n, "&lt;a&gt;<ins>b</ins>");
    }
}
