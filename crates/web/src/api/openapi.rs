//! The whole API in `/api/openapi.json`: the operations described by their handlers' own
//! annotations (typed schemas), completed from the route table for every other `/api/v1`
//! route (method, path parameters, request body, who may call it, the error responses), so the
//! document can never miss a route the router serves.

use serde_json::{Map, Value, json};

use crate::routes::{Access, RouteSpec, ScopeRule, spec_table};

/// Path parameters that are numeric ids; every other one is a string (a code, a month, a
/// certificate number, a law's name).
const NUMERIC: &[&str] = &["id", "item"];

/// `/api/v1/law/provisions/{*code}` → (`/api/v1/law/provisions/{code}`, ["code"]).
fn openapi_path(path: &str) -> (String, Vec<String>) {
    let mut names = Vec::new();
    let segs: Vec<String> = path
        .split('/')
        .map(
            |s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) => {
                    let name = name.trim_start_matches('*').to_string();
                    names.push(name.clone());
                    format!("{{{name}}}")
                }
                None => s.to_string(),
            },
        )
        .collect();
    (segs.join("/"), names)
}

fn access_text(a: Access) -> String {
    match a {
        Access::Public => "anyone".into(),
        Access::Console => "any signed-in console user".into(),
        Access::Perm(p) => format!("permission {p:?}"),
        Access::AnyOf(ps) => format!("any of the permissions {ps:?}"),
        Access::District(p) => format!("permission {p:?} with district-wide scope"),
    }
}

fn scope_text(s: ScopeRule) -> &'static str {
    match s {
        ScopeRule::Open => "no record scope",
        ScopeRule::DataScope => "records within the caller's data scope",
        ScopeRule::Own => "the caller's own records",
        ScopeRule::System => "system-wide (administrators)",
    }
}

fn operation(r: &RouteSpec, params: &[String], has_error_schema: bool) -> Value {
    let err = if has_error_schema {
        json!({"description": "Error: {code, message, message_en, field}",
               "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ApiErrorBody"}}}})
    } else {
        json!({"description": "Error: {code, message, message_en, field}"})
    };
    let method = r.method.as_str().to_ascii_lowercase();
    let id: String = format!("{method}{}", r.path)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let tag = r.path.split('/').nth(3).unwrap_or("api").to_string();
    let mut op = json!({
        "operationId": id,
        "tags": [tag],
        "summary": format!("{} {}", r.method, r.path),
        "description": format!(
            "Who may call: {}; data: {}.{}",
            access_text(r.access),
            scope_text(r.scope),
            if r.writes { " Writes (audited); needs the X-CSRF-Token header." } else { "" }
        ),
        "parameters": params.iter().map(|p| json!({
            "name": p, "in": "path", "required": true,
            "schema": if NUMERIC.contains(&p.as_str()) { json!({"type": "integer", "format": "int64"}) } else { json!({"type": "string"}) }
        })).collect::<Vec<_>>(),
        "responses": {
            "200": {"description": "OK", "content": {"application/json": {"schema": {}}}},
            "401": err.clone(), "403": err.clone(), "404": err.clone(), "422": err
        }
    });
    if r.method == axum::http::Method::POST
        && let Some(o) = op.as_object_mut()
    {
        o.insert(
            "requestBody".into(),
            json!({"required": true, "content": {"application/json": {"schema": {"type": "object"}}}}),
        );
    }
    op
}

/// Adds every `/api/v1` route of the table that the document lacks.
pub fn complete(doc: &mut Value) {
    let has_error_schema = doc.pointer("/components/schemas/ApiErrorBody").is_some();
    let Some(paths) = doc
        .as_object_mut()
        .map(|o| o.entry("paths").or_insert_with(|| json!({})))
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    for r in spec_table()
        .iter()
        .filter(|r| r.path.starts_with("/api/v1/"))
    {
        let (path, params) = openapi_path(r.path);
        let item = paths
            .entry(path)
            .or_insert_with(|| Value::Object(Map::new()));
        let method = r.method.as_str().to_ascii_lowercase();
        if let Some(item) = item.as_object_mut()
            && !item.contains_key(&method)
        {
            item.insert(method, operation(r, &params, has_error_schema));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcard_and_named_parameters() {
        assert_eq!(
            openapi_path("/api/v1/law/provisions/{*code}"),
            ("/api/v1/law/provisions/{code}".into(), vec!["code".into()])
        );
        assert_eq!(
            openapi_path("/api/v1/supervision/reviews/{id}/items/{item}").1,
            vec!["id".to_string(), "item".to_string()]
        );
    }
}
