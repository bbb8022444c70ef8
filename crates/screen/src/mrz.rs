//! Machine-readable zones (ICAO Doc 9303): parses the TD1, TD2 and TD3 layouts and the MRV-A/MRV-B visas
//! that a border officer's reader returns or that an officer types, and verifies every check digit.
//!
//! The parser is deliberately strict about what it *reads* and lenient about what it *judges*: text that
//! cannot be an MRZ (wrong shape, foreign characters, impossible dates, unknown document kinds) is an
//! error, but a failed check digit is not — the zone is still returned, with the failure recorded in
//! [`Mrz::checks`] and explained in [`Mrz::warnings`], so that the officer sees it rather than having the
//! document silently accepted or silently dropped. Nothing is ever corrected automatically: likely OCR
//! confusions are only suggested.

use std::fmt;

use thiserror::Error;

/// Which of the Doc 9303 layouts a zone follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MrzFormat {
    /// Identity card size: 3 lines of 30 characters.
    Td1,
    /// Larger card: 2 lines of 36 characters.
    Td2,
    /// Passport book: 2 lines of 44 characters.
    Td3,
    /// Full-size visa: 2 lines of 44, TD3 layout without the composite check digit.
    MrvA,
    /// Smaller visa: 2 lines of 36, TD2 layout without the composite check digit.
    MrvB,
}

impl MrzFormat {
    /// The name used in Doc 9303 ("TD1", "MRV-A", ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Td1 => "TD1",
            Self::Td2 => "TD2",
            Self::Td3 => "TD3",
            Self::MrvA => "MRV-A",
            Self::MrvB => "MRV-B",
        }
    }

    /// Number of lines in the zone.
    pub fn line_count(self) -> usize {
        match self {
            Self::Td1 => 3,
            Self::Td2 | Self::Td3 | Self::MrvA | Self::MrvB => 2,
        }
    }

    /// Number of characters in each line.
    pub fn line_len(self) -> usize {
        match self {
            Self::Td1 => 30,
            Self::Td2 | Self::MrvB => 36,
            Self::Td3 | Self::MrvA => 44,
        }
    }
}

impl fmt::Display for MrzFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A date as the zone writes it, `YYMMDD`. A part written `<<` (unknown) is held as 0 and the parse
/// carries a warning saying so; a month or day of 0 therefore always means "not known".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct MrzDate {
    pub yy: u8,
    pub mm: u8,
    pub dd: u8,
}

impl MrzDate {
    /// The full year of a date of birth. The zone only has two digits; since nobody is born in the
    /// future, a year past the current one belongs to the previous century.
    pub fn birth_year(&self, now_year: u16) -> u16 {
        let now_yy = now_year % 100;
        let century = now_year - now_yy;
        let century = if u16::from(self.yy) > now_yy { century.saturating_sub(100) } else { century };
        century.saturating_add(u16::from(self.yy))
    }

    /// The full year of an expiry date: travel documents expiring in the 1900s are long gone, so
    /// expiry years are read as 20xx.
    pub fn expiry_year(&self) -> u16 {
        2000 + u16::from(self.yy)
    }
}

impl fmt::Display for MrzDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}{:02}{:02}", self.yy, self.mm, self.dd)
    }
}

/// The outcome of one check digit. `expected` is what the field computes to, `found` what is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CheckResult {
    /// One of "document_number", "birth_date", "expiry_date", "personal_number", "composite".
    pub field: &'static str,
    pub expected: char,
    pub found: char,
    pub ok: bool,
}

/// A parsed machine-readable zone. Text fields are upper case with the `<` fillers removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mrz {
    pub format: MrzFormat,
    /// "P", "PD", "I", "ID", "V", ... (trailing filler removed).
    pub document_code: String,
    /// Doc 9303 three-letter code of the issuing state or organisation ("UTO", "D" for Germany).
    pub issuing_state: String,
    /// Primary identifier; words separated by single spaces.
    pub surname: String,
    /// Secondary identifier, one entry per name.
    pub given_names: Vec<String>,
    /// Fillers removed. On TD1 and TD2 a number longer than 9 characters is rebuilt from its overflow
    /// into the optional data, as Doc 9303 prescribes.
    pub document_number: String,
    pub nationality: String,
    pub birth_date: MrzDate,
    /// 'M' or 'F'; `None` when the zone says `<` or `X` (unspecified).
    pub sex: Option<char>,
    pub expiry_date: MrzDate,
    /// The optional data field (the personal number on TD3; optional data 1 on TD1, less any document
    /// number overflow), fillers trimmed from both ends.
    pub optional_data: String,
    /// TD1 only: optional data 2 on the second line, fillers trimmed. Empty for the other formats.
    pub optional_data_2: String,
    /// Every check digit the format defines, in zone order.
    pub checks: Vec<CheckResult>,
    /// Everything the officer should know that did not stop the parse, in plain English.
    pub warnings: Vec<String>,
}

impl Mrz {
    /// True only if every check digit of the zone verifies.
    pub fn all_checks_pass(&self) -> bool {
        self.checks.iter().all(|c| c.ok)
    }

    /// The checks that failed.
    pub fn failed_checks(&self) -> impl Iterator<Item = &CheckResult> {
        self.checks.iter().filter(|c| !c.ok)
    }

    /// The result of the named check, if the format has it.
    pub fn check(&self, field: &str) -> Option<&CheckResult> {
        self.checks.iter().find(|c| c.field == field)
    }
}

/// Why a text could not be read as a machine-readable zone.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MrzError {
    #[error(
        "an MRZ is 2 lines of 44 characters (TD3 passport, MRV-A visa), 2 lines of 36 (TD2 card, MRV-B visa) \
         or 3 lines of 30 (TD1 card), or those lines run together as 88, 72 or 90 characters; received {received}"
    )]
    WrongShape { received: String },

    #[error(
        "character {character:?} at line {line}, column {column} is not allowed in an MRZ: only A-Z, 0-9 and the \
         filler '<' are"
    )]
    InvalidCharacter { character: char, line: usize, column: usize },

    #[error("{field} '{value}' is not a valid MRZ date: {reason}")]
    InvalidDate { field: &'static str, value: String, reason: String },

    #[error(
        "the document code starts with {code:?}, which is no known kind of document: it must be P (passport), \
         I, A or C (identity card or other official travel document) or V (visa)"
    )]
    UnknownDocumentCode { code: char },

    #[error(
        "the document code starts with {code:?} (visa) but the zone is 3 lines of 30 (TD1 card); visas are \
         2 lines of 44 (MRV-A) or 2 lines of 36 (MRV-B)"
    )]
    VisaCodeOnCard { code: char },
}

/// The Doc 9303 check digit of `field`: weights 7, 3, 1 repeating; digits count as their value,
/// A–Z as 10–35 and the filler `<` as 0. `None` if the field holds any other character.
pub fn check_digit(field: &str) -> Option<char> {
    let mut sum: u32 = 0;
    for (i, c) in field.chars().enumerate() {
        let weight = match i % 3 {
            0 => 7,
            1 => 3,
            _ => 1,
        };
        sum = (sum + char_value(c)? * weight) % 10;
    }
    char::from_digit(sum, 10)
}

/// A document number in the one form used to compare it with reported stolen or lost documents and
/// with the documents of listed persons: `article3_domain::canonical_document_number`.
pub fn normalise_document_number(s: &str) -> String {
    article3_domain::canonical_document_number(s)
}

/// Reads a machine-readable zone. See the module documentation for what is an error and what is only
/// a failed check or a warning.
pub fn parse(input: &str) -> Result<Mrz, MrzError> {
    let lines = split_lines(input);
    check_characters(&lines)?;
    let (zone, size) = shape(lines)?;

    let mut warnings = Vec::new();
    let format = detect_format(size, zone.at(Pos::new(0, 0)), &mut warnings)?;
    let layout = Layout::of(format);

    let birth_date = parse_date("birth_date", zone.text(layout.birth), &mut warnings)?;
    let expiry_date = parse_date("expiry_date", zone.text(layout.expiry), &mut warnings)?;

    let (surname, given_names) = parse_name(zone.text(layout.name), &mut warnings);
    let sex = parse_sex(zone.at(layout.sex), &mut warnings);

    let mut checks = Vec::new();

    // Document number, with the Doc 9303 overflow rule: a filler in the check digit position means the
    // number goes on in the optional data, up to the first filler, whose last character is the check digit.
    let optional_raw = zone.text(layout.optional);
    let overflow_len = optional_raw.find('<').unwrap_or(optional_raw.len());
    let overflows = layout.number_may_overflow && zone.at(layout.number_check) == '<' && overflow_len > 0;
    let (document_number, optional_data) = if overflows {
        let rest = Span { start: layout.optional.start, len: overflow_len - 1, ..layout.optional };
        let check_pos = Pos::new(layout.optional.line, layout.optional.start + overflow_len - 1);
        verify(&zone, "document_number", &[layout.number, rest], check_pos, &mut checks, &mut warnings);
        let number = format!("{}{}", zone.text(layout.number), zone.text(rest));
        let after = optional_raw.get(overflow_len..).unwrap_or("");
        (strip_fillers(&number), trim_fillers(after))
    } else {
        verify(&zone, "document_number", &[layout.number], layout.number_check, &mut checks, &mut warnings);
        (strip_fillers(zone.text(layout.number)), trim_fillers(optional_raw))
    };

    verify(&zone, "birth_date", &[layout.birth], layout.birth_check, &mut checks, &mut warnings);
    verify(&zone, "expiry_date", &[layout.expiry], layout.expiry_check, &mut checks, &mut warnings);
    if let Some(pos) = layout.personal_check {
        verify(&zone, "personal_number", &[layout.optional], pos, &mut checks, &mut warnings);
    }
    if let Some((spans, pos)) = layout.composite {
        verify(&zone, "composite", spans, pos, &mut checks, &mut warnings);
    }

    let optional_data_2 = layout.optional_2.map(|s| trim_fillers(zone.text(s))).unwrap_or_default();

    Ok(Mrz {
        format,
        document_code: zone.text(DOCUMENT_CODE).trim_end_matches('<').to_owned(),
        issuing_state: zone.text(ISSUING_STATE).trim_end_matches('<').to_owned(),
        surname,
        given_names,
        document_number,
        nationality: zone.text(layout.nationality).trim_end_matches('<').to_owned(),
        birth_date,
        sex,
        expiry_date,
        optional_data,
        optional_data_2,
        checks,
        warnings,
    })
}

// ---------------------------------------------------------------------------------------------------
// Reading the text into lines.

/// Input lines, trimmed and upper-cased, blank ones dropped (readers and hand typing both add them).
fn split_lines(input: &str) -> Vec<String> {
    input.split(['\n', '\r']).map(str::trim).filter(|l| !l.is_empty()).map(str::to_ascii_uppercase).collect()
}

fn check_characters(lines: &[String]) -> Result<(), MrzError> {
    for (l, line) in lines.iter().enumerate() {
        if let Some((c, character)) =
            line.chars().enumerate().find(|&(_, ch)| !(ch.is_ascii_uppercase() || ch.is_ascii_digit() || ch == '<'))
        {
            return Err(MrzError::InvalidCharacter { character, line: l + 1, column: c + 1 });
        }
    }
    Ok(())
}

/// The three physical line lengths; the document code then tells the format apart.
#[derive(Clone, Copy)]
enum Size {
    Long,
    Medium,
    Card,
}

/// Checks the shape and splits run-together lines. Lines are ASCII by now, so lengths are character counts.
fn shape(lines: Vec<String>) -> Result<(Zone, Size), MrzError> {
    let lens: Vec<usize> = lines.iter().map(String::len).collect();
    let size = match lens.as_slice() {
        [88] | [44, 44] => Size::Long,
        [72] | [36, 36] => Size::Medium,
        [90] | [30, 30, 30] => Size::Card,
        _ => return Err(MrzError::WrongShape { received: describe_shape(&lens) }),
    };
    let lines = match (lines.as_slice(), size) {
        ([one], Size::Long) => chunks(one, 44),
        ([one], Size::Medium) => chunks(one, 36),
        ([one], Size::Card) => chunks(one, 30),
        _ => lines,
    };
    Ok((Zone { lines }, size))
}

fn chunks(line: &str, width: usize) -> Vec<String> {
    line.as_bytes().chunks(width).map(|c| String::from_utf8_lossy(c).into_owned()).collect()
}

fn describe_shape(lens: &[usize]) -> String {
    const SHOWN: usize = 4;
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    match lens {
        [] => "no text".to_owned(),
        [one] => format!("1 line of {one} character{}", plural(*one)),
        _ if lens.len() > SHOWN => {
            let shown: Vec<String> = lens.iter().take(SHOWN).map(usize::to_string).collect();
            format!("{} lines of {}, ... characters", lens.len(), shown.join(", "))
        }
        [init @ .., last] => {
            let shown: Vec<String> = init.iter().map(usize::to_string).collect();
            format!("{} lines of {} and {last} characters", lens.len(), shown.join(", "))
        }
    }
}

/// Chooses the layout from the line size and the first character of the document code. Codes that
/// Doc 9303 reserves for another size (a P on a card, an I on a passport page) are read with the
/// layout of the size, with a warning, since some states issue such documents.
fn detect_format(size: Size, code: char, warnings: &mut Vec<String>) -> Result<MrzFormat, MrzError> {
    let (format, expected) = match (size, code) {
        (_, c) if !matches!(c, 'P' | 'I' | 'A' | 'C' | 'V') => return Err(MrzError::UnknownDocumentCode { code }),
        (Size::Long, 'V') => return Ok(MrzFormat::MrvA),
        (Size::Medium, 'V') => return Ok(MrzFormat::MrvB),
        (Size::Card, 'V') => return Err(MrzError::VisaCodeOnCard { code }),
        (Size::Long, c) => (MrzFormat::Td3, c == 'P'),
        (Size::Medium, c) => (MrzFormat::Td2, c != 'P'),
        (Size::Card, c) => (MrzFormat::Td1, c != 'P'),
    };
    if !expected {
        warnings.push(format!(
            "document code '{code}' is unusual for a {} document (a P for passports is expected on 2 lines of 44, \
             I, A or C on cards); read with the {} layout",
            format.as_str(),
            format.as_str()
        ));
    }
    Ok(format)
}

// ---------------------------------------------------------------------------------------------------
// Layouts. Positions are 0-based here; messages to people are 1-based.

/// A run of characters on one line. `letters` says whether letters belong there: OCR hints never
/// suggest turning a digit into a letter inside a date or a check digit.
#[derive(Clone, Copy)]
struct Span {
    line: usize,
    start: usize,
    len: usize,
    letters: bool,
}

const fn span(line: usize, start: usize, len: usize, letters: bool) -> Span {
    Span { line, start, len, letters }
}

#[derive(Clone, Copy)]
struct Pos {
    line: usize,
    col: usize,
}

impl Pos {
    const fn new(line: usize, col: usize) -> Self {
        Self { line, col }
    }
}

const DOCUMENT_CODE: Span = span(0, 0, 2, true);
const ISSUING_STATE: Span = span(0, 2, 3, true);

/// Where each element sits in one format.
struct Layout {
    name: Span,
    number: Span,
    number_check: Pos,
    /// Whether the Doc 9303 rule for numbers longer than 9 characters applies (TD1 and TD2).
    number_may_overflow: bool,
    nationality: Span,
    birth: Span,
    birth_check: Pos,
    sex: Pos,
    expiry: Span,
    expiry_check: Pos,
    optional: Span,
    personal_check: Option<Pos>,
    optional_2: Option<Span>,
    composite: Option<(&'static [Span], Pos)>,
}

// The composite check digits cover these runs, check digits included; split so that each run knows
// whether letters may stand in it.
const TD1_COMPOSITE: &[Span] = &[
    span(0, 5, 9, true),
    span(0, 14, 1, false),
    span(0, 15, 15, true),
    span(1, 0, 7, false),
    span(1, 8, 7, false),
    span(1, 18, 11, true),
];
const TD2_COMPOSITE: &[Span] =
    &[span(1, 0, 9, true), span(1, 9, 1, false), span(1, 13, 7, false), span(1, 21, 7, false), span(1, 28, 7, true)];
const TD3_COMPOSITE: &[Span] = &[
    span(1, 0, 9, true),
    span(1, 9, 1, false),
    span(1, 13, 7, false),
    span(1, 21, 7, false),
    span(1, 28, 14, true),
    span(1, 42, 1, false),
];

impl Layout {
    fn of(format: MrzFormat) -> Self {
        match format {
            MrzFormat::Td1 => Self {
                name: span(2, 0, 30, true),
                number: span(0, 5, 9, true),
                number_check: Pos::new(0, 14),
                number_may_overflow: true,
                nationality: span(1, 15, 3, true),
                birth: span(1, 0, 6, false),
                birth_check: Pos::new(1, 6),
                sex: Pos::new(1, 7),
                expiry: span(1, 8, 6, false),
                expiry_check: Pos::new(1, 14),
                optional: span(0, 15, 15, true),
                personal_check: None,
                optional_2: Some(span(1, 18, 11, true)),
                composite: Some((TD1_COMPOSITE, Pos::new(1, 29))),
            },
            MrzFormat::Td2 | MrzFormat::MrvB => {
                let visa = format == MrzFormat::MrvB;
                Self {
                    name: span(0, 5, 31, true),
                    number: span(1, 0, 9, true),
                    number_check: Pos::new(1, 9),
                    number_may_overflow: !visa,
                    nationality: span(1, 10, 3, true),
                    birth: span(1, 13, 6, false),
                    birth_check: Pos::new(1, 19),
                    sex: Pos::new(1, 20),
                    expiry: span(1, 21, 6, false),
                    expiry_check: Pos::new(1, 27),
                    optional: span(1, 28, if visa { 8 } else { 7 }, true),
                    personal_check: None,
                    optional_2: None,
                    composite: if visa { None } else { Some((TD2_COMPOSITE, Pos::new(1, 35))) },
                }
            }
            MrzFormat::Td3 | MrzFormat::MrvA => {
                let visa = format == MrzFormat::MrvA;
                Self {
                    name: span(0, 5, 39, true),
                    number: span(1, 0, 9, true),
                    number_check: Pos::new(1, 9),
                    number_may_overflow: false,
                    nationality: span(1, 10, 3, true),
                    birth: span(1, 13, 6, false),
                    birth_check: Pos::new(1, 19),
                    sex: Pos::new(1, 20),
                    expiry: span(1, 21, 6, false),
                    expiry_check: Pos::new(1, 27),
                    optional: span(1, 28, if visa { 16 } else { 14 }, true),
                    personal_check: if visa { None } else { Some(Pos::new(1, 42)) },
                    optional_2: None,
                    composite: if visa { None } else { Some((TD3_COMPOSITE, Pos::new(1, 43))) },
                }
            }
        }
    }
}

/// The zone's lines, shape-checked and ASCII. Accessors fall back to fillers rather than panic, though
/// with a checked shape every layout position exists.
struct Zone {
    lines: Vec<String>,
}

impl Zone {
    fn text(&self, s: Span) -> &str {
        self.lines.get(s.line).and_then(|l| l.get(s.start..s.start + s.len)).unwrap_or("")
    }

    fn at(&self, p: Pos) -> char {
        self.lines.get(p.line).and_then(|l| l.as_bytes().get(p.col)).map_or('<', |&b| char::from(b))
    }
}

// ---------------------------------------------------------------------------------------------------
// Elements.

fn strip_fillers(s: &str) -> String {
    s.chars().filter(|&c| c != '<').collect()
}

fn trim_fillers(s: &str) -> String {
    s.trim_matches('<').to_owned()
}

fn parse_name(field: &str, warnings: &mut Vec<String>) -> (String, Vec<String>) {
    // A name that fills the field to the last character was probably cut to fit.
    if !field.ends_with('<') && !field.is_empty() {
        warnings.push("name may be truncated: the name field is full, with no filler at the end".to_owned());
    }
    if let Some((i, c)) = field.chars().enumerate().find(|(_, c)| c.is_ascii_digit()) {
        warnings.push(format!("name field holds a digit ('{c}' at position {}); names are letters only", i + 1));
    }
    let used = field.trim_end_matches('<');
    let (primary, secondary) = used.split_once("<<").unwrap_or((used, ""));
    let surname = primary.split('<').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
    let given_names = secondary.split('<').filter(|w| !w.is_empty()).map(str::to_owned).collect();
    (surname, given_names)
}

fn parse_sex(c: char, warnings: &mut Vec<String>) -> Option<char> {
    match c {
        'M' | 'F' => Some(c),
        '<' | 'X' => None,
        other => {
            warnings.push(format!("sex is written '{other}'; only M, F, X or < are defined, read as unspecified"));
            None
        }
    }
}

/// Reads `YYMMDD`, where each part is two digits or `<<` (unknown).
fn parse_date(field: &'static str, raw: &str, warnings: &mut Vec<String>) -> Result<MrzDate, MrzError> {
    let invalid = |reason: String| MrzError::InvalidDate { field, value: raw.to_owned(), reason };
    let bytes = raw.as_bytes();
    let (Some(y), Some(m), Some(d)) = (bytes.get(0..2), bytes.get(2..4), bytes.get(4..6)) else {
        return Err(invalid("it must be 6 characters".to_owned()));
    };
    let mut part = |pair: &[u8], name: &str| -> Result<u8, MrzError> {
        match pair {
            [b'<', b'<'] => {
                warnings.push(format!("{field}: {name} unknown (written <<), recorded as 00"));
                Ok(0)
            }
            [tens, units] if tens.is_ascii_digit() && units.is_ascii_digit() => Ok((tens - b'0') * 10 + (units - b'0')),
            _ => {
                let mut reason = "it must be 6 digits, YYMMDD, with << for an unknown part".to_owned();
                if let Some((i, c)) =
                    raw.chars().enumerate().find(|(_, c)| confused_with(*c).is_some_and(|r| r.is_ascii_digit()))
                {
                    let r = confused_with(c).unwrap_or(c);
                    reason.push_str(&format!(" ('{c}' at position {} may be a misread '{r}')", i + 1));
                }
                Err(invalid(reason))
            }
        }
    };
    let date = MrzDate { yy: part(y, "year")?, mm: part(m, "month")?, dd: part(d, "day")? };
    if date.mm > 12 {
        return Err(invalid(format!("there is no month {}", date.mm)));
    }
    if date.dd > 31 {
        return Err(invalid(format!("there is no day {}", date.dd)));
    }
    for (value, pair, name) in [(date.mm, m, "month"), (date.dd, d, "day")] {
        if value == 0 && pair == b"00" {
            warnings.push(format!("{field}: {name} written 00, read as unknown"));
        }
    }
    // Without the century 29 February cannot be judged, so February is allowed 29 days.
    let month_days = match date.mm {
        2 => 29,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if date.dd > month_days {
        warnings.push(format!("{field}: {raw} is not a calendar date (month {} has no day {})", date.mm, date.dd));
    }
    Ok(date)
}

// ---------------------------------------------------------------------------------------------------
// Check digits.

fn char_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        'A'..='Z' => Some(u32::from(c) - u32::from('A') + 10),
        '<' => Some(0),
        _ => None,
    }
}

/// The characters OCR engines and tired eyes confuse most often on an MRZ font.
fn confused_with(c: char) -> Option<char> {
    Some(match c {
        'O' => '0',
        '0' => 'O',
        'I' => '1',
        '1' => 'I',
        'B' => '8',
        '8' => 'B',
        'S' => '5',
        '5' => 'S',
        'Z' => '2',
        '2' => 'Z',
        _ => return None,
    })
}

/// Verifies the check digit at `check` over the concatenation of `spans`, records the result and, on
/// failure, explains it with any single OCR confusion that would make it pass.
fn verify(
    zone: &Zone,
    field: &'static str,
    spans: &[Span],
    check: Pos,
    checks: &mut Vec<CheckResult>,
    warnings: &mut Vec<String>,
) {
    let data: String = spans.iter().map(|s| zone.text(*s)).collect();
    let found = zone.at(check);
    // Doc 9303 lets an unused field carry a filler as its check digit.
    let expected = if found == '<' && data.bytes().all(|b| b == b'<') {
        '<'
    } else {
        // The zone's characters were checked, so this always computes; '?' would fail safely.
        check_digit(&data).unwrap_or('?')
    };
    let ok = expected == found;
    checks.push(CheckResult { field, expected, found, ok });
    if !ok {
        warnings
            .push(format!("{field}: check digit failed: the zone has '{found}', the field computes to '{expected}'"));
        warnings.extend(ocr_hints(field, spans, check, &data, found));
    }
}

fn ocr_hints(field: &'static str, spans: &[Span], check: Pos, data: &str, found: char) -> Vec<String> {
    let composite = field == "composite";
    let cells = spans.iter().flat_map(|s| (0..s.len).map(move |i| (s.line, s.start + i, s.letters)));
    let chars: Vec<char> = data.chars().collect();
    let mut hints = Vec::new();
    for (i, (&c, (line, col, letters))) in chars.iter().zip(cells).enumerate() {
        let Some(r) = confused_with(c) else { continue };
        if r.is_ascii_alphabetic() && !letters {
            continue;
        }
        let candidate: String = chars.iter().enumerate().map(|(j, &x)| if j == i { r } else { x }).collect();
        if check_digit(&candidate) == Some(found) {
            let place = if composite {
                format!("line {}, column {}", line + 1, col + 1)
            } else {
                format!("position {} (line {}, column {})", i + 1, line + 1, col + 1)
            };
            hints.push(format!("{field}: check digit passes if '{c}' at {place} is read as '{r}'"));
        }
    }
    if let Some(d) = confused_with(found)
        && d.is_ascii_digit()
        && check_digit(data) == Some(d)
    {
        hints.push(format!(
            "{field}: check digit passes if the check digit '{found}' (line {}, column {}) is read as '{d}'",
            check.line + 1,
            check.col + 1
        ));
    }
    hints
}
