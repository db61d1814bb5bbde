//! Column codecs for values rusqlite does not know: exact decimals kept as TEXT.

use rusqlite::Row;
use rusqlite::types::{FromSqlError, Type};
use rust_decimal::Decimal;
use std::str::FromStr;

pub(crate) fn decimal_text(value: &Decimal) -> String {
    value.normalize().to_string()
}

pub(crate) fn opt_decimal_text(value: &Option<Decimal>) -> Option<String> {
    value.as_ref().map(decimal_text)
}

pub(crate) fn get_decimal(row: &Row<'_>, idx: usize) -> rusqlite::Result<Decimal> {
    let text: String = row.get(idx)?;
    parse(idx, &text)
}

pub(crate) fn get_opt_decimal(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<Decimal>> {
    let text: Option<String> = row.get(idx)?;
    text.map(|t| parse(idx, &t)).transpose()
}

fn parse(idx: usize, text: &str) -> rusqlite::Result<Decimal> {
    Decimal::from_str(text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(
            idx,
            Type::Text,
            Box::new(FromSqlError::Other(Box::new(e))),
        )
    })
}
