//! Reading upstream's positional arguments from the wire, with errors that name the argument.
//!
//! Three kinds of argument: *strings* (session keys, event texts) must be strings; *optional
//! strings* may also be `undefined`/`null` (upstream reads them with `?.`/`??`); *loose* values
//! are read through a `typeof … === "string"` check upstream, so a non-string counts as absent.

use serde_json::{Map, Value};

use super::wire::{is_nullish, is_undefined, type_name};

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

    /// A required string.
    pub fn string(&self, i: usize, name: &str) -> Result<&'a str, String> {
        self.get(i)
            .and_then(Value::as_str)
            .ok_or_else(|| self.expected(i, name, "a string"))
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

    /// A required object.
    pub fn object(&self, i: usize, name: &str) -> Result<&'a Map<String, Value>, String> {
        self.get(i)
            .and_then(Value::as_object)
            .ok_or_else(|| self.expected(i, name, "an object"))
    }

    /// An object, `undefined` or `null`.
    pub fn optional_object(
        &self,
        i: usize,
        name: &str,
    ) -> Result<Option<&'a Map<String, Value>>, String> {
        match self.get(i) {
            v if is_nullish(v) => Ok(None),
            Some(Value::Object(m)) => Ok(Some(m)),
            _ => Err(self.expected(i, name, "an object, undefined or null")),
        }
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
