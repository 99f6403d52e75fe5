//! Reading upstream's positional arguments from the wire, with errors that name the argument.
//!
//! Every kind of argument answers what upstream answers for `undefined` and `null` (SPEC EV3):
//! *optional strings* (upstream reads them with `?.`/`??`) read a nullish value as absent;
//! *nullable keys* read it as the empty key; *dereferenced strings* (upstream calls a method on
//! them without `?.`) answer upstream's `TypeError` message verbatim; *loose* values are read
//! through a `typeof … === "string"` check upstream, so any non-string counts as absent.
//! A non-nullish value of the wrong type, where upstream would call a string method on it or
//! coerce it, answers `argument N (NAME): expected …` instead (a deliberate difference, EV3).

use serde_json::{Map, Value};

use super::wire::{is_nullish, is_undefined, type_name, undefined, without_undefined};

/// JavaScript's message for reading property `prop` of `undefined` or `null` (observed verbatim
/// on the three releases' Node.js runtime, e.g. `isCronSystemEvent(null)`).
pub fn nullish_read(v: Option<&Value>, prop: &str) -> String {
    let what = if v.is_some_and(Value::is_null) {
        "null"
    } else {
        "undefined"
    };
    format!("Cannot read properties of {what} (reading '{prop}')")
}

/// The arguments of one call.
pub struct Args<'a> {
    values: &'a [Value],
}

impl<'a> Args<'a> {
    /// Wrap the `args` array of a request.
    pub fn new(values: &'a [Value]) -> Self {
        Args { values }
    }

    /// Argument `i` (0-based); a missing argument is `undefined`, as in JavaScript.
    pub fn get(&self, i: usize) -> Option<&'a Value> {
        self.values.get(i).filter(|v| !is_undefined(v))
    }

    fn expected(&self, i: usize, name: &str, what: &str) -> String {
        format!(
            "argument {} ({name}): expected {what}, got {}",
            i + 1,
            type_name(self.values.get(i))
        )
    }

    /// The wire value of argument `i` as upstream received it (`undefined` when missing).
    pub fn raw(&self, i: usize) -> Value {
        match self.get(i) {
            Some(Value::Object(m)) => Value::Object(without_undefined(m)),
            Some(v) => v.clone(),
            None => undefined(),
        }
    }

    /// A string upstream calls `.PROP()` on without `?.`: `undefined`/`null` answer upstream's
    /// `TypeError` verbatim (`Cannot read properties of undefined (reading 'PROP')`).
    pub fn dereferenced_string(&self, i: usize, name: &str, prop: &str) -> Result<&'a str, String> {
        match self.get(i) {
            Some(Value::String(s)) => Ok(s),
            v if is_nullish(v) => Err(nullish_read(v, prop)),
            _ => Err(self.expected(i, name, "a string")),
        }
    }

    /// A key upstream reads as `(key ?? "")`: `undefined`/`null` are the empty key.
    pub fn nullable_key(&self, i: usize, name: &str) -> Result<&'a str, String> {
        Ok(self.optional_string(i, name)?.unwrap_or(""))
    }

    /// A key upstream reads through a `typeof` check: every non-string is the empty key.
    pub fn typeof_key(&self, i: usize) -> &'a str {
        self.loose_string(i).unwrap_or("")
    }

    /// A string, `undefined` or `null`.
    pub fn optional_string(&self, i: usize, name: &str) -> Result<Option<&'a str>, String> {
        match self.get(i) {
            v if is_nullish(v) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            _ => Err(self.expected(i, name, "a string, undefined or null")),
        }
    }

    /// Any value; only a string counts.
    pub fn loose_string(&self, i: usize) -> Option<&'a str> {
        self.get(i).and_then(Value::as_str)
    }

    /// An object upstream reads a property of without `?.` (first `PROP`): `undefined`/`null`
    /// answer upstream's `TypeError` verbatim; any other non-object (a string, number, boolean
    /// or array) has none of the properties read, so it reads as `{}` — exactly upstream.
    pub fn dereferenced_object(
        &self,
        i: usize,
        prop: &str,
    ) -> Result<Option<&'a Map<String, Value>>, String> {
        match self.get(i) {
            Some(Value::Object(m)) => Ok(Some(m)),
            v if is_nullish(v) => Err(nullish_read(v, prop)),
            _ => Ok(None),
        }
    }

    /// An object upstream spreads (`{...opts}`); callers read `undefined`/`null` themselves.
    pub fn object(&self, i: usize, name: &str) -> Result<&'a Map<String, Value>, String> {
        self.get(i)
            .and_then(Value::as_object)
            .ok_or_else(|| self.expected(i, name, "an object, undefined or null"))
    }

    /// An object upstream reads with `?.`: anything but an object has none of its properties.
    pub fn object_or_empty(&self, i: usize) -> Option<&'a Map<String, Value>> {
        self.get(i).and_then(Value::as_object)
    }
}

/// A field of an options object that must be a string, `undefined` or `null`.
pub fn optional_string_field<'a>(
    obj: &'a Map<String, Value>,
    path: &str,
    name: &str,
) -> Result<Option<&'a str>, String> {
    match obj.get(name) {
        v if is_nullish(v) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        other => Err(format!(
            "{path}.{name}: expected a string, undefined or null, got {}",
            type_name(other)
        )),
    }
}
