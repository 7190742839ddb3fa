//! Source positions for config values.
//!
//! Validation runs after the YAML has been turned into typed structs, yet every
//! finding must still name `file:line:column` and the key path. `Spanned<T>`
//! carries both next to the value; it is transparent for serialization and for
//! the JSON Schema, so the schema describes plain values.

use std::borrow::Cow;
use std::ops::Deref;

use serde::Serialize;

/// Where a value was written: index into `config::LoadedConfig::files`,
/// 1-based line and column, and the key path (`plans[0].rules[1].schedule`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Span {
    pub file: u32,
    pub line: u32,
    pub column: u32,
    pub path: String,
}

/// A value with the position it was read from.
#[derive(Debug, Clone)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }

    /// A value without a source position (generated configs, tests).
    pub fn unspanned(value: T) -> Self {
        Spanned {
            value,
            span: Span::default(),
        }
    }

    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T> Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// Equality ignores the position: two configs that say the same thing are equal.
impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: Eq> Eq for Spanned<T> {}

impl<T: Serialize> Serialize for Spanned<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

impl<T: schemars::JsonSchema> schemars::JsonSchema for Spanned<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}
