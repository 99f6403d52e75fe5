//! The wire form of JavaScript values: JSON, plus `{"$undefined": true}` for `undefined`.

use serde_json::{Map, Value};

/// The JSON object that stands for JavaScript `undefined`.
pub fn undefined() -> Value {
    let mut m = Map::new();
    m.insert("$undefined".into(), Value::Bool(true));
    Value::Object(m)
}

/// True for the `undefined` marker.
pub fn is_undefined(v: &Value) -> bool {
    matches!(v, Value::Object(m) if m.len() == 1 && m.get("$undefined") == Some(&Value::Bool(true)))
}

/// `undefined` or `null`: the values upstream's `?.` and `??` treat as absent.
pub fn is_nullish(v: Option<&Value>) -> bool {
    v.is_none_or(|v| v.is_null() || is_undefined(v))
}

/// JavaScript truthiness of a JSON value (`undefined` is falsy).
pub fn is_truthy(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) | Some(Value::Bool(false)) => false,
        Some(Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0),
        Some(Value::String(s)) => !s.is_empty(),
        Some(v) => !is_undefined(v),
    }
}

/// The JavaScript-ish name of a value's type, for error messages.
pub fn type_name(v: Option<&Value>) -> &'static str {
    match v {
        None => "undefined",
        Some(v) if is_undefined(v) => "undefined",
        Some(Value::Null) => "null",
        Some(Value::Bool(_)) => "boolean",
        Some(Value::Number(_)) => "number",
        Some(Value::String(_)) => "string",
        Some(Value::Array(_)) => "array",
        Some(Value::Object(_)) => "object",
    }
}

/// `obj.field` on an object; `None` for a missing or `undefined` field, or a non-object.
pub fn field<'a>(obj: Option<&'a Value>, name: &str) -> Option<&'a Value> {
    match obj {
        Some(Value::Object(m)) => m.get(name).filter(|v| !is_undefined(v)),
        _ => None,
    }
}

/// An object with its `undefined`-valued keys left out, as JavaScript serialisation would.
pub fn without_undefined(map: &Map<String, Value>) -> Map<String, Value> {
    map.iter()
        .filter(|(_, v)| !is_undefined(v))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}
