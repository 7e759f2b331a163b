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

    /// WCAG 2 relative luminance (0 black – 1 white).
    pub fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        let [r, g, b] = self.0;
        0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    }

    /// WCAG 2 contrast ratio between two colours (1–21; 4.5 is AA for text, 3 for
    /// shapes beside each other).
    pub fn contrast(self, other: Colour) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// A readable colour for text on this background: near-black or white, whichever
    /// contrasts more (by WCAG luminance, not a guess from the channels).
    pub fn contrast_text(self) -> Colour {
        let (dark, light) = (Colour::rgb(0x11, 0x11, 0x11), Colour::rgb(0xff, 0xff, 0xff));
        if self.contrast(dark) > self.contrast(light) { dark } else { light }
    }

    /// The palette for new departments: eight hues far apart (CIE76 ΔE ≥ 30), each
    /// with AA text on it (`contrast_text`, 4.5:1) and 3:1 against the app's light and
    /// dark grounds (`SURFACES`), so a swatch, a map node or a chip reads in both themes.
    pub const PALETTE: [Colour; 8] = [
        Colour::rgb(0x25, 0x63, 0xeb), // blue
        Colour::rgb(0xb4, 0x53, 0x09), // amber
        Colour::rgb(0x05, 0x96, 0x69), // green
        Colour::rgb(0xdb, 0x27, 0x77), // pink
        Colour::rgb(0x93, 0x33, 0xea), // purple
        Colour::rgb(0x08, 0x91, 0xb2), // cyan
        Colour::rgb(0x4d, 0x7c, 0x0f), // olive
        Colour::rgb(0xdc, 0x26, 0x26), // red
    ];

    /// The grounds department colours sit on (style/main.css: light `--bg`,
    /// `--surface`, `--surface-2`; dark the same three).
    pub const SURFACES: [Colour; 6] = [
        Colour::rgb(0xf6, 0xf7, 0xf9),
        Colour::rgb(0xee, 0xf0, 0xf4),
        Colour::rgb(0xff, 0xff, 0xff),
        Colour::rgb(0x12, 0x14, 0x17),
        Colour::rgb(0x1c, 0x1f, 0x24),
        Colour::rgb(0x18, 0x1b, 0x20),
    ];

    /// Whether this colour works as a department colour: text on it (`contrast_text`)
    /// reaches AA (4.5:1) and it stands out 3:1 from every ground in `SURFACES`, light
    /// and dark. The error says which test failed, with the ratio.
    pub fn readable_everywhere(self) -> Result<(), String> {
        let text = self.contrast(self.contrast_text());
        if text < 4.5 {
            return Err(format!("{self}: text on it only {text:.2}:1"));
        }
        for ground in Colour::SURFACES {
            let ratio = self.contrast(ground);
            if ratio < 3.0 {
                return Err(format!("{self}: only {ratio:.2}:1 on {ground}"));
            }
        }
        Ok(())
    }

    /// A palette colour for the `index`th new department.
    pub fn palette(index: usize) -> Colour {
        Self::PALETTE[index % Self::PALETTE.len()]
    }

    /// CIE L*a*b* (D65), to tell how far apart two colours look.
    pub fn lab(self) -> [f64; 3] {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        let [r, g, b] = self.0.map(channel);
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.950_47;
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.088_83;
        let f = |t: f64| if t > 0.008_856 { t.cbrt() } else { 7.787 * t + 16.0 / 116.0 };
        [116.0 * f(y) - 16.0, 500.0 * (f(x) - f(y)), 200.0 * (f(y) - f(z))]
    }

    /// CIE76 colour difference (about 2.3 is just noticeable; 30 is clearly another hue).
    pub fn distance(self, other: Colour) -> f64 {
        let (a, b) = (self.lab(), other.lab());
        ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
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

    fn readable(c: Colour) -> Result<(), String> {
        c.readable_everywhere()
    }

    #[test]
    fn contrast_ratios_are_wcags() {
        let black = Colour::rgb(0, 0, 0);
        let white = Colour::rgb(255, 255, 255);
        assert!((black.contrast(white) - 21.0).abs() < 1e-9);
        assert!((white.contrast(white) - 1.0).abs() < 1e-9);
        // #767676 on white is the classic 4.54:1.
        assert!((Colour::rgb(0x76, 0x76, 0x76).contrast(white) - 4.54).abs() < 0.01);
    }

    #[test]
    fn every_palette_colour_is_readable_in_light_and_dark() {
        for c in Colour::PALETTE {
            readable(c).unwrap();
        }
        // The check has teeth: the old palette's amber took white text at 3.2:1, and its
        // violet sat at 2.9:1 on the dark surface.
        assert!(readable(Colour::rgb(0xd9, 0x77, 0x06)).is_err());
        assert!(readable(Colour::rgb(0x7c, 0x3a, 0xed)).is_err());
        assert!(readable(Colour::rgb(0xfa, 0xcc, 0x15)).is_err(), "yellow vanishes on white");
    }

    #[test]
    fn palette_colours_are_far_apart() {
        for (i, a) in Colour::PALETTE.iter().enumerate() {
            for b in &Colour::PALETTE[i + 1..] {
                let d = a.distance(*b);
                assert!(d >= 30.0, "{a} and {b} are only {d:.1} apart");
            }
        }
        assert!(Colour::rgb(0x7c, 0x3a, 0xed).distance(Colour::rgb(0x93, 0x33, 0xea)) < 30.0);
    }

    #[test]
    fn text_on_a_colour_is_whichever_of_black_and_white_reads_better() {
        for c in Colour::PALETTE.into_iter().chain([Colour::rgb(0xd9, 0x77, 0x06), Colour::rgb(0x05, 0x96, 0x69)]) {
            let chosen = c.contrast(c.contrast_text());
            assert!(chosen >= c.contrast(Colour::rgb(0x11, 0x11, 0x11)) && chosen >= c.contrast(Colour::rgb(255, 255, 255)), "{c}");
        }
    }
}
