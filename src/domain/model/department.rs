use std::fmt;

use super::ids::{DepartmentId, ParticipantId};

/// A department's colour on the map, as `#rrggbb`. Always valid: it can only be made by
/// parsing, so nothing downstream has to re-check it before putting it in a style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Colour([u8; 3]);

impl Colour {
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Colour([r, g, b])
    }

    pub fn parse(text: &str) -> Option<Self> {
        let hex = text.strip_prefix('#')?;
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Colour([byte(0)?, byte(2)?, byte(4)?]))
    }

    /// A readable colour for text on this background (black or white).
    pub fn contrast_text(self) -> Colour {
        let [r, g, b] = self.0.map(f64::from);
        let luma = 0.299 * r + 0.587 * g + 0.114 * b;
        if luma > 150.0 { Colour::rgb(0x11, 0x11, 0x11) } else { Colour::rgb(0xff, 0xff, 0xff) }
    }

    /// A palette for new departments, distinct and readable on light and dark grounds.
    pub fn palette(index: usize) -> Colour {
        const PALETTE: [Colour; 8] = [
            Colour::rgb(0x25, 0x63, 0xeb),
            Colour::rgb(0xd9, 0x77, 0x06),
            Colour::rgb(0x05, 0x96, 0x69),
            Colour::rgb(0xdb, 0x27, 0x77),
            Colour::rgb(0x7c, 0x3a, 0xed),
            Colour::rgb(0x08, 0x91, 0xb2),
            Colour::rgb(0x65, 0xa3, 0x0d),
            Colour::rgb(0xdc, 0x26, 0x26),
        ];
        PALETTE[index % PALETTE.len()]
    }
}

impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [r, g, b] = self.0;
        write!(f, "#{r:02x}{g:02x}{b:02x}")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Department {
    pub id: DepartmentId,
    pub name: String,
    pub colour: Colour,
    /// Effort the department can take on this period, in the same unit as goal effort
    /// (person-weeks). `None` when nobody has said.
    pub capacity: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    pub id: ParticipantId,
    pub name: String,
    /// `None` for guests who speak for no department (a facilitator, an executive sponsor).
    pub department: Option<DepartmentId>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_parse_only_as_six_hex_digits() {
        assert_eq!(Colour::parse("#2563EB").map(|c| c.to_string()), Some("#2563eb".into()));
        for bad in ["2563eb", "#25e", "#2563ebff", "#zz63eb", "red", "#25 3eb"] {
            assert_eq!(Colour::parse(bad), None, "{bad}");
        }
    }
}
