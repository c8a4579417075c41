//! Features of a complaint text: jieba words (with the departments' keywords added to the
//! dictionary, so 占道经营 stays one word) and character bigrams of Chinese runs (so a phrase
//! jieba splits differently still matches).

use std::sync::OnceLock;

use jieba_rs::Jieba;

use crate::{Code, Error, Result};

/// Longest order text accepted (characters): a 12345 record is a few hundred characters; more
/// is a pasted document, not a complaint.
pub const MAX_TEXT_CHARS: usize = 2000;

/// Words that say nothing about who is responsible (the way callers open and close a call).
const STOPWORDS: &[&str] = &[
    "来电",
    "来电人",
    "市民",
    "反映",
    "称",
    "我们",
    "他们",
    "自己",
    "这个",
    "那个",
    "一个",
    "没有",
    "已经",
    "还是",
    "就是",
    "什么",
    "怎么",
    "希望",
    "要求",
    "请求",
    "处理",
    "问题",
    "情况",
    "现在",
    "一直",
    "非常",
    "特别",
    "因为",
    "所以",
    "但是",
    "而且",
    "可以",
    "不能",
    "需要",
    "目前",
    "附近",
    "某",
    "家里",
    "知道",
    "时候",
    "进行",
    "相关",
    "部门",
    "有关",
    "存在",
    "发现",
    "表示",
    "认为",
    "咨询",
    "投诉",
    "举报",
    "诉求",
    "解决",
    "尽快",
    "严重",
    "天津",
    "滨海",
    "新区",
    "滨海新区",
];

/// Kind of a feature, which sets its weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeatKind {
    Word,
    Bigram,
}

/// One feature of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feat {
    pub text: String,
    pub kind: FeatKind,
}

static JIEBA: OnceLock<Jieba> = OnceLock::new();

/// Installs the tokeniser with extra dictionary words (first call wins; later calls keep the
/// first dictionary — every model of a process shares the keyword file, so they agree).
pub fn init_tokenizer<'a>(extra: impl IntoIterator<Item = &'a str>) {
    if JIEBA.get().is_some() {
        return;
    }
    let mut j = Jieba::new();
    for w in extra {
        if w.chars().count() >= 2 {
            j.add_word(w, Some(50_000), None);
        }
    }
    let _ = JIEBA.set(j);
}

fn jieba() -> &'static Jieba {
    JIEBA.get_or_init(Jieba::new)
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
}

/// Checks an order text: not empty, not huge, no control characters (a sign of a wrong
/// encoding or a binary upload).
pub fn validate_text(text: &str) -> Result<&str> {
    let t = text.trim();
    if t.is_empty() {
        return Err(Error::of(Code::DispatchTextEmpty).for_field("text"));
    }
    let n = t.chars().count();
    if n > MAX_TEXT_CHARS {
        return Err(Error::of(Code::DispatchTextTooLong)
            .for_field("text")
            .arg("chars", n)
            .arg("max_text_chars", MAX_TEXT_CHARS));
    }
    if t.contains('\u{FFFD}')
        || t.chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(Error::of(Code::DispatchTextEncoding).for_field("text"));
    }
    Ok(t)
}

/// Decodes bytes as UTF-8 with a clear error for another encoding (GBK exports are common).
pub fn decode_utf8(bytes: &[u8]) -> Result<&str> {
    std::str::from_utf8(bytes).map_err(|e| {
        Error::of(Code::DispatchEncoding)
            .for_field("file")
            .arg("byte", e.valid_up_to() + 1)
    })
}

/// Jieba words (two or more characters, or ASCII words such as KTV, 5G) that carry meaning.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for t in jieba().cut(text, false) {
        let w = t.word.trim();
        let n = w.chars().count();
        let ascii_word = w.chars().all(|c| c.is_ascii_alphanumeric()) && !w.is_empty();
        let cjk_word = n >= 2 && w.chars().all(is_cjk);
        if (ascii_word || cjk_word) && !STOPWORDS.contains(&w) {
            out.push(w.to_uppercase());
        }
    }
    out
}

/// Every feature of a text: its words, then the bigrams of its Chinese runs.
pub fn features(text: &str) -> Vec<Feat> {
    let mut out: Vec<Feat> = words(text)
        .into_iter()
        .map(|w| Feat {
            text: w,
            kind: FeatKind::Word,
        })
        .collect();
    let chars: Vec<char> = text.chars().collect();
    for w in chars.windows(2) {
        if is_cjk(w[0]) && is_cjk(w[1]) {
            let b: String = w.iter().collect();
            if !STOPWORDS.contains(&b.as_str()) {
                out.push(Feat {
                    text: format!("#{b}"),
                    kind: FeatKind::Bigram,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_bigrams() {
        let f = features("楼下饭店油烟直排，KTV噪音扰民");
        assert!(
            f.iter()
                .any(|x| x.text == "油烟" && x.kind == FeatKind::Word)
        );
        assert!(f.iter().any(|x| x.text == "KTV"));
        assert!(f.iter().any(|x| x.text == "#直排"));
        assert!(!f.iter().any(|x| x.text == "#，K"));
    }

    #[test]
    fn bad_text_is_refused() {
        assert_eq!(
            validate_text("  ").unwrap_err().code(),
            "dispatch.text_empty"
        );
        let huge = "噪".repeat(MAX_TEXT_CHARS + 1);
        assert_eq!(
            validate_text(&huge).unwrap_err().code(),
            "dispatch.text_too_long"
        );
        assert_eq!(
            validate_text("乱码\u{FFFD}\u{FFFD}").unwrap_err().code(),
            "dispatch.text_encoding"
        );
        assert_eq!(
            decode_utf8(&[0xC4, 0xE3, 0xBA, 0xC3]).unwrap_err().code(),
            "dispatch.encoding"
        );
        assert_eq!(validate_text(" 油烟扰民 ").ok(), Some("油烟扰民"));
    }
}
