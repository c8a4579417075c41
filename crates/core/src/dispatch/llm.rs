//! Optional adapter to a large model deployed on the intranet behind an OpenAI-compatible
//! chat-completions endpoint (`FAZHI_LLM_URL`, e.g. `http://10.0.0.5:8000/v1/chat/completions`).
//! Never required: when it is not configured, down, slow or answers nonsense, the built-in
//! classifier answers. A minimal HTTP/1.1 client over tokio's TcpStream keeps the air-gapped
//! binary free of an HTTP client stack; intranet endpoints are plain http.

use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::classify::{Classifier, Ranked, Suggestion};

/// Where and how to reach the model.
#[derive(Debug, Clone)]
pub struct LlmConfig {
    /// `http://host:port/path`.
    pub url: String,
    pub model: String,
    pub timeout: Duration,
}

impl LlmConfig {
    /// From `FAZHI_LLM_URL`, `FAZHI_LLM_MODEL` (default `local`) and `FAZHI_LLM_TIMEOUT_MS`
    /// (default 3000); `None` when no URL is set.
    pub fn from_env() -> Option<LlmConfig> {
        let url = std::env::var("FAZHI_LLM_URL").ok()?;
        if url.trim().is_empty() {
            return None;
        }
        Some(LlmConfig {
            url: url.trim().to_string(),
            model: std::env::var("FAZHI_LLM_MODEL").unwrap_or_else(|_| "local".into()),
            timeout: Duration::from_millis(
                std::env::var("FAZHI_LLM_TIMEOUT_MS")
                    .ok()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(3000),
            ),
        })
    }
}

/// Suggests with the configured model, falling back to the built-in classifier.
pub async fn suggest(c: &Classifier, text: &str, address: &str) -> Suggestion {
    match LlmConfig::from_env() {
        Some(cfg) => suggest_with(&cfg, c, text, address).await,
        None => c.classify(text, address),
    }
}

/// Asks the model at `cfg`; on any failure the built-in answer, marked with the reason.
pub async fn suggest_with(
    cfg: &LlmConfig,
    c: &Classifier,
    text: &str,
    address: &str,
) -> Suggestion {
    let builtin = c.classify(text, address);
    match ask(cfg, c, text, address).await {
        Ok((label, confidence)) => merge(c, builtin, label, confidence, &cfg.model),
        Err(reason) => {
            tracing::warn!(%reason, "large-model endpoint failed; built-in classifier used");
            let mut s = builtin;
            s.engine = format!("builtin (fallback: {reason})");
            s
        }
    }
}

/// The model's department first, the built-in ranking after it; the power item from the
/// built-in step for that department.
fn merge(
    c: &Classifier,
    builtin: Suggestion,
    label: usize,
    confidence: f64,
    model: &str,
) -> Suggestion {
    let l = &c.labels()[label];
    let mut ranked = vec![Ranked {
        label,
        department_id: l.department_id,
        department: l.name.clone(),
        short_name: l.short_name.clone(),
        confidence,
    }];
    ranked.extend(builtin.ranked.iter().filter(|r| r.label != label).cloned());
    ranked.truncate(5);
    let agrees = builtin.top().map(|r| r.label) == Some(label);
    Suggestion {
        ranked,
        confidence,
        needs_human: confidence < c.threshold,
        power: if agrees { builtin.power } else { None },
        evidence: if agrees { builtin.evidence } else { Vec::new() },
        power_words: if agrees {
            builtin.power_words
        } else {
            Vec::new()
        },
        similar_order: builtin.similar_order,
        engine: model.to_string(),
    }
}

async fn ask(
    cfg: &LlmConfig,
    c: &Classifier,
    text: &str,
    address: &str,
) -> Result<(usize, f64), String> {
    let body = request_body(cfg, c, text, address);
    let resp = tokio::time::timeout(cfg.timeout, post_json(&cfg.url, &body.to_string()))
        .await
        .map_err(|_| format!("timeout after {} ms", cfg.timeout.as_millis()))??;
    let v: Value = serde_json::from_str(&resp).map_err(|e| format!("response is not JSON: {e}"))?;
    let content = v["choices"][0]["message"]["content"]
        .as_str()
        .ok_or("no choices[0].message.content")?;
    parse_answer(c, content)
}

/// How the model is to answer (appended to the system prompt).
const ANSWER_FORMAT: &str =
    "只回答 JSON：{\"department\": \"部门全称\", \"confidence\": 0到1之间的数}。";

/// The chat request: a system prompt listing the classifier's departments, and the complaint.
fn request_body(cfg: &LlmConfig, c: &Classifier, text: &str, address: &str) -> Value {
    let names: Vec<&str> = c.labels().iter().map(|l| l.name.as_str()).collect();
    json!({
        "model": cfg.model,
        "temperature": 0,
        "messages": [
            {"role": "system", "content": format!(
                "你是12345政务服务热线的工单分拨员。根据群众诉求，从下列部门中选出有权处理的一个部门：{}。{ANSWER_FORMAT}",
                names.join("、"))},
            {"role": "user", "content": format!("诉求内容：{text}\n诉求地址：{address}")}
        ]
    })
}

/// The model's answer as (label, confidence in 0..=1): the department by full or short name
/// (0.7 when no confidence is given), from JSON or, failing that, the bare text.
fn parse_answer(c: &Classifier, content: &str) -> Result<(usize, f64), String> {
    // Models often wrap JSON in prose or a code fence: take the outermost object.
    let obj = match (content.find('{'), content.rfind('}')) {
        (Some(a), Some(b)) if b > a => &content[a..=b],
        _ => content,
    };
    let (dept, conf) = match serde_json::from_str::<Value>(obj) {
        Ok(a) => (
            a["department"].as_str().unwrap_or("").to_string(),
            a["confidence"].as_f64().unwrap_or(0.7),
        ),
        Err(_) => (content.trim().to_string(), 0.7),
    };
    let label = c
        .label_of(&dept)
        .or_else(|| {
            c.labels()
                .iter()
                .position(|l| dept.contains(&l.name) || dept.contains(&l.short_name))
        })
        .ok_or_else(|| format!("unknown department in answer: {dept:?}"))?;
    Ok((label, conf.clamp(0.0, 1.0)))
}

/// POSTs JSON over HTTP/1.1 (`Connection: close`) and returns the body of a 2xx answer.
pub async fn post_json(url: &str, body: &str) -> Result<String, String> {
    let rest = url
        .strip_prefix("http://")
        .ok_or("only http:// endpoints are supported (intranet)")?;
    let (hostport, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let addr = if hostport.contains(':') {
        hostport.to_string()
    } else {
        format!("{hostport}:80")
    };
    let mut s = TcpStream::connect(&addr)
        .await
        .map_err(|e| format!("connect {addr}: {e}"))?;
    let mut req = format!(
        "POST {path} HTTP/1.1\r\nHost: {hostport}\r\nContent-Type: application/json\r\n\
         Accept: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    if let Ok(key) = std::env::var("FAZHI_LLM_KEY") {
        req.push_str(&format!("Authorization: Bearer {key}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes())
        .await
        .map_err(|e| format!("send: {e}"))?;
    let mut raw = Vec::new();
    // A bound on the answer: a classification is a few hundred bytes.
    let mut limited = s.take(4 * 1024 * 1024);
    limited
        .read_to_end(&mut raw)
        .await
        .map_err(|e| format!("read: {e}"))?;
    parse_response(&raw)
}

fn parse_response(raw: &[u8]) -> Result<String, String> {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("malformed HTTP response")?;
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let body = &raw[split + 4..];
    let status: u16 = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or("malformed status line")?;
    if !(200..300).contains(&status) {
        return Err(format!("HTTP {status}"));
    }
    let chunked = head.lines().any(|l| {
        l.to_ascii_lowercase().starts_with("transfer-encoding:")
            && l.to_ascii_lowercase().contains("chunked")
    });
    let body = if chunked {
        dechunk(body)?
    } else {
        body.to_vec()
    };
    String::from_utf8(body).map_err(|_| "response is not UTF-8".to_string())
}

fn dechunk(mut b: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    loop {
        let eol = b.windows(2).position(|w| w == b"\r\n").ok_or("bad chunk")?;
        let size_txt = String::from_utf8_lossy(&b[..eol]);
        let size = usize::from_str_radix(size_txt.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|_| "bad chunk size")?;
        b = &b[eol + 2..];
        if size == 0 {
            return Ok(out);
        }
        if b.len() < size {
            return Err("truncated chunk".into());
        }
        out.extend_from_slice(&b[..size]);
        b = b.get(size + 2..).unwrap_or(&[]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_plain_and_chunked_answers() {
        let r = parse_response(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}").expect("ok");
        assert_eq!(r, "{}");
        let r = parse_response(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{\"\r\n3\r\na\"}\r\n0\r\n\r\n",
        )
        .expect("ok");
        assert_eq!(r, "{\"a\"}");
        assert_eq!(
            parse_response(b"HTTP/1.1 503 Busy\r\n\r\n").unwrap_err(),
            "HTTP 503"
        );
    }
}
