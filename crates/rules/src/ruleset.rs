//! The rule set: a versioned data file of thresholds and term lists, parsed without any dependency.

use std::collections::BTreeMap;

use crate::text::fold;

/// One term of a list, as written and as compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub language: String,
    /// As written in the data file (shown in evidence).
    pub text: String,
    pub(crate) folded: String,
    /// Matches any word starting with it (the data file marks such terms with a trailing `*`).
    pub(crate) prefix: bool,
}

/// A currency amounts in charges and facts may be written in.
#[derive(Debug, Clone, PartialEq)]
pub struct Currency {
    /// ISO 4217 code.
    pub code: String,
    /// Indicative value of one unit in US dollars.
    pub usd: f64,
    /// Symbols and words naming it, folded to lower case; a trailing `*` marks a prefix.
    pub names: Vec<String>,
}

/// An election or protest wave after which a state pursued opponents abroad (Art. 3 context).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoliticalEvent {
    pub country: String,
    pub from: time::Date,
    pub to: time::Date,
    pub kind: String,
    pub what: String,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RuleSet {
    pub version: String,
    pub thresholds: BTreeMap<String, f64>,
    pub terms: BTreeMap<String, Vec<Term>>,
    pub currencies: Vec<Currency>,
    /// Country code → the currency code its `$`, `peso`, `dinar`… mean.
    pub local_currency: BTreeMap<String, String>,
    pub political_events: Vec<PoliticalEvent>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("rule set, line {line}: {problem}")]
pub struct RuleSetError {
    pub line: usize,
    pub problem: String,
}

/// The term lists and thresholds every rule set must have: a file without them is refused at load,
/// not discovered missing during a review.
const REQUIRED_LISTS: &[&str] = &[
    "behavioural_norms",
    "family_private",
    "private_dispute",
    "administrative",
    "serious_crime_link",
    "political_offence",
    "terrorism",
    "membership_only",
    "bounced_cheque",
];
const REQUIRED_THRESHOLDS: &[&str] = &[
    "prosecution_min_months",
    "sentence_min_months",
    "facts_min_words",
    "requester_min_decided",
    "requester_refusal_rate_refer",
    "requester_deletion_rate_refer",
    "coordinated_min_countries",
    "coordinated_window_days",
    "cheque_min_usd",
    "cheque_repeated_min_count",
    "conversion_margin",
    "flight_context_window_months",
];

impl RuleSet {
    pub fn parse(text: &str) -> Result<Self, RuleSetError> {
        let mut version = None;
        let mut thresholds = BTreeMap::new();
        let mut terms: BTreeMap<String, Vec<Term>> = BTreeMap::new();
        let mut currencies: Vec<Currency> = Vec::new();
        let mut local_currency = BTreeMap::new();
        let mut political_events = Vec::new();
        let mut section: Option<String> = None;
        for (index, raw) in text.lines().enumerate() {
            let line_no = index + 1;
            let err = |problem: String| RuleSetError { line: line_no, problem };
            let line = raw.split_once('#').map_or(raw, |(before, _)| before).trim();
            if line.is_empty() {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = Some(name.trim().to_owned());
                continue;
            }
            match section.as_deref() {
                None => {
                    let (key, value) = line.split_once('=').ok_or_else(|| err("expected `key = value`".into()))?;
                    match key.trim() {
                        "version" => version = Some(value.trim().to_owned()),
                        other => return Err(err(format!("unknown setting `{other}`"))),
                    }
                }
                Some("thresholds") => {
                    let (key, value) = line.split_once('=').ok_or_else(|| err("expected `name = number`".into()))?;
                    let number: f64 =
                        value.trim().parse().map_err(|_| err(format!("`{}` is not a number", value.trim())))?;
                    if !number.is_finite() || number < 0.0 {
                        return Err(err(format!("`{}` must be a non-negative number", key.trim())));
                    }
                    thresholds.insert(key.trim().to_owned(), number);
                }
                Some(s) if s.starts_with("terms.") => {
                    let (language, term) =
                        line.split_once('|').ok_or_else(|| err("expected `language | term`".into()))?;
                    let term = term.trim();
                    let (body, prefix) = match term.strip_suffix('*') {
                        Some(stem) => (stem, true),
                        None => (term, false),
                    };
                    let folded = fold(body);
                    if folded.is_empty() {
                        return Err(err("an empty term".into()));
                    }
                    terms.entry(s["terms.".len()..].to_owned()).or_default().push(Term {
                        language: language.trim().to_owned(),
                        text: term.to_owned(),
                        folded,
                        prefix,
                    });
                }
                Some("currencies") => {
                    let (code, rest) =
                        line.split_once('=').ok_or_else(|| err("expected `CODE = rate | names`".into()))?;
                    let (rate, names) =
                        rest.split_once('|').ok_or_else(|| err("expected `CODE = rate | names`".into()))?;
                    let code = code.trim();
                    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
                        return Err(err(format!("`{code}` is not an ISO 4217 currency code")));
                    }
                    let usd: f64 =
                        rate.trim().parse().map_err(|_| err(format!("`{}` is not a number", rate.trim())))?;
                    if !usd.is_finite() || usd <= 0.0 {
                        return Err(err(format!("the rate of {code} must be a positive number")));
                    }
                    let mut names: Vec<String> =
                        names.split(',').map(|n| n.trim().to_lowercase()).filter(|n| !n.is_empty()).collect();
                    names.push(code.to_lowercase());
                    currencies.push(Currency { code: code.to_owned(), usd, names });
                }
                Some("local_currency") => {
                    let (country, code) = line.split_once('=').ok_or_else(|| err("expected `CC = CODE`".into()))?;
                    local_currency.insert(country.trim().to_owned(), code.trim().to_owned());
                }
                Some("political_events") => {
                    let fields: Vec<&str> = line.split('|').map(str::trim).collect();
                    let [country, from, to, kind, what, source] = fields[..] else {
                        return Err(err("expected `country | from | to | kind | what | source`".into()));
                    };
                    let date = |v: &str| parse_date(v).ok_or_else(|| err(format!("`{v}` is not a date (YYYY-MM-DD)")));
                    let (from, to) = (date(from)?, date(to)?);
                    if to < from {
                        return Err(err("the event ends before it starts".into()));
                    }
                    if country.len() != 2 || what.is_empty() || source.is_empty() {
                        return Err(err("an event needs a two-letter country, a description and a source".into()));
                    }
                    political_events.push(PoliticalEvent {
                        country: country.to_owned(),
                        from,
                        to,
                        kind: kind.to_owned(),
                        what: what.to_owned(),
                        source: source.to_owned(),
                    });
                }
                Some(other) => return Err(err(format!("unknown section [{other}]"))),
            }
        }
        let version = version.ok_or_else(|| RuleSetError { line: 0, problem: "no `version = …` line".into() })?;
        for list in REQUIRED_LISTS {
            if !terms.contains_key(*list) {
                return Err(RuleSetError { line: 0, problem: format!("missing section [terms.{list}]") });
            }
        }
        for threshold in REQUIRED_THRESHOLDS {
            if !thresholds.contains_key(*threshold) {
                return Err(RuleSetError { line: 0, problem: format!("missing threshold `{threshold}`") });
            }
        }
        for (country, code) in &local_currency {
            if !currencies.iter().any(|c| &c.code == code) {
                return Err(RuleSetError {
                    line: 0,
                    problem: format!("[local_currency] {country} = {code}: no such entry in [currencies]"),
                });
            }
        }
        Ok(Self { version, thresholds, terms, currencies, local_currency, political_events })
    }

    /// A threshold; the required ones are checked at parse time, so a missing one here is zero.
    pub fn threshold(&self, name: &str) -> f64 {
        self.thresholds.get(name).copied().unwrap_or(0.0)
    }

    /// The first term of `list` found in `folded_text`.
    pub(crate) fn find(&self, list: &str, folded_text: &str) -> Option<&Term> {
        self.terms.get(list)?.iter().find(|t| crate::text::contains_term(folded_text, &t.folded, t.prefix))
    }
}

fn parse_date(text: &str) -> Option<time::Date> {
    let mut parts = text.splitn(3, '-').map(str::parse::<u32>);
    let (Some(Ok(y)), Some(Ok(m)), Some(Ok(d))) = (parts.next(), parts.next(), parts.next()) else { return None };
    let month = time::Month::try_from(u8::try_from(m).ok()?).ok()?;
    time::Date::from_calendar_date(i32::try_from(y).ok()?, month, u8::try_from(d).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_rule_set_parses() {
        let rules = RuleSet::parse(crate::SHIPPED_RULESET).unwrap();
        assert!(!rules.version.is_empty());
        assert_eq!(rules.threshold("prosecution_min_months"), 24.0);
        assert!(rules.terms["political_offence"].iter().any(|t| t.language == "ru"));
    }

    #[test]
    fn bad_files_name_the_line() {
        let base = "version = 1\n[thresholds]\nprosecution_min_months = x\n";
        assert_eq!(RuleSet::parse(base).unwrap_err().line, 3);
        assert!(RuleSet::parse("[terms.a]\nno separator\n").unwrap_err().problem.contains("language | term"));
        assert!(RuleSet::parse("version = 1\n").unwrap_err().problem.contains("missing"));
        assert!(RuleSet::parse("[nonsense]\nx = 1\n").unwrap_err().problem.contains("unknown section"));
    }
}
