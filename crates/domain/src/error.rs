//! Errors the core reports: a caller's invalid field, an illegal transition, a forbidden action.

use std::fmt;

/// An input value that cannot be accepted, with the path of the field at fault
/// (for example `subject.birth_dates[1]` or `judicial.charges[0].max_penalty_months`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FieldError {
    pub field: String,
    /// A stable, machine-readable reason such as `required`, `unknown_country`, `impossible_date`.
    pub code: &'static str,
    pub message: String,
}

/// How many characters of an offending value an error message quotes.
pub const QUOTED_CHARS: usize = 60;

/// A value cut to a length fit for an error message: a refusal quotes what it refuses, it never echoes a
/// megabyte back.
pub fn quoted(value: &str) -> String {
    let mut chars = value.chars();
    let head: String = chars.by_ref().take(QUOTED_CHARS).collect();
    if chars.next().is_some() { format!("{head}…") } else { head }
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        Self { field: field.into(), code, message: message.into() }
    }

    pub fn required(field: impl Into<String>) -> Self {
        Self::new(field, "required", "this field is required")
    }

    /// Places a field path found inside a nested value under its parent, e.g. `names[0].full` under `subject`.
    #[must_use]
    pub fn within(mut self, parent: &str) -> Self {
        self.field = if self.field.is_empty() {
            parent.to_owned()
        } else if self.field.starts_with('[') {
            format!("{parent}{}", self.field)
        } else {
            format!("{parent}.{}", self.field)
        };
        self
    }
}

/// A lifecycle step that the current status does not allow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot {action} a {kind} that is {from}")]
pub struct TransitionError {
    pub kind: &'static str,
    pub from: &'static str,
    pub action: &'static str,
}

/// An action the actor's role or country does not permit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Forbidden {
    pub reason: String,
}

impl fmt::Display for Forbidden {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

impl Forbidden {
    pub fn new(reason: impl Into<String>) -> Self {
        Self { reason: reason.into() }
    }
}

/// Text fields share the same basic hygiene: trimmed, not empty, bounded, no control characters.
pub(crate) fn clean_text(field: &str, value: &str, max_chars: usize) -> Result<String, FieldError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(FieldError::required(field));
    }
    if trimmed.chars().count() > max_chars {
        return Err(FieldError::new(field, "too_long", format!("at most {max_chars} characters")));
    }
    if trimmed.chars().any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r') {
        return Err(FieldError::new(field, "control_character", "control characters are not allowed"));
    }
    Ok(trimmed.to_owned())
}

/// A reason someone must give (why a country will not act, how a namesake was told apart): the same
/// hygiene as [`clean_text`], and an empty one is refused saying what to give.
pub(crate) fn clean_reason(
    field: &str,
    value: &str,
    max_chars: usize,
    what_to_say: &str,
) -> Result<String, FieldError> {
    if value.trim().is_empty() {
        return Err(FieldError::new(field, "required", what_to_say));
    }
    clean_text(field, value, max_chars)
}

pub(crate) fn clean_optional(field: &str, value: Option<&str>, max_chars: usize) -> Result<Option<String>, FieldError> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => clean_text(field, v, max_chars).map(Some),
    }
}
