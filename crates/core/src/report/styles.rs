//! The type styles of the 保后检查表.

use crate::sealed::layout::Style;

pub(super) const BODY: Style = Style::regular(9.5);

pub(super) const SMALL: Style = Style::regular(8.0);

pub(super) const CELL: Style = Style::regular(9.0);

pub(super) const CELL_BOLD: Style = Style::bold(9.0);

pub(super) const HEAD: Style = Style::bold(9.0);

pub(super) const BLANK_DATE: &str = "日期：______年____月____日";
