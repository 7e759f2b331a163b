//! QR codes both ways: a code's modules as an SVG path (drawn by the app, never from HTML
//! text), and text read back from a greyscale camera frame.

use qrcode::{EcLevel, QrCode};

/// A QR symbol: `size`×`size` modules, dark ones `true`, row by row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrSymbol {
    pub size: usize,
    pub dark: Vec<bool>,
}

/// The text does not fit in one QR code (even the largest, version 40).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooBigForQr {
    pub bytes: usize,
}

impl std::fmt::Display for TooBigForQr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "This is too long for one QR code ({} characters); use the link or the file instead.", self.bytes)
    }
}

/// The densest QR code worth putting on a projector for a room to scan: version 25 is
/// 117 modules, about 7 px a module when drawn 900 px tall on a 1080p projector, which a
/// phone still reads from the back of a meeting room. Denser codes are still drawn, with
/// a word to send the link in the chat as well.
pub const DENSEST_FOR_A_ROOM: usize = 25;

/// The quiet zone scanners need around a symbol, in modules.
pub const QUIET: usize = 4;

/// Encodes `text` at error-correction level M (15% of the symbol may be damaged or
/// glare-covered and it still reads), the usual choice for screens and paper.
pub fn qr_symbol(text: &str) -> Result<QrSymbol, TooBigForQr> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).map_err(|_| TooBigForQr { bytes: text.len() })?;
    let size = code.width();
    let dark = code.to_colors().into_iter().map(|c| c == qrcode::Color::Dark).collect();
    Ok(QrSymbol { size, dark })
}

/// Encodes `text` at error-correction level L, for a screen or projector (a clean,
/// glare-free surface): the same text in fewer, larger modules, which read from further
/// away. Text in capitals and digits is held in the denser alphanumeric mode.
pub fn qr_symbol_for_screen(text: &str) -> Result<QrSymbol, TooBigForQr> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::L).map_err(|_| TooBigForQr { bytes: text.len() })?;
    let size = code.width();
    let dark = code.to_colors().into_iter().map(|c| c == qrcode::Color::Dark).collect();
    Ok(QrSymbol { size, dark })
}

impl QrSymbol {
    /// The QR version (1–40) of a symbol this size.
    pub fn version(&self) -> usize {
        (self.size - 17) / 4
    }

    /// SVG path data for the dark modules, one unit per module, offset by the quiet zone
    /// (so the view box is `size + 2·QUIET` wide). Runs of dark modules in a row are one
    /// rectangle each, which keeps the path short.
    pub fn path_data(&self) -> String {
        let mut d = String::new();
        for y in 0..self.size {
            let row = &self.dark[y * self.size..(y + 1) * self.size];
            let mut x = 0;
            while x < self.size {
                if row[x] {
                    let start = x;
                    while x < self.size && row[x] {
                        x += 1;
                    }
                    d.push_str(&format!("M{} {}h{}v1h-{}z", start + QUIET, y + QUIET, x - start, x - start));
                } else {
                    x += 1;
                }
            }
        }
        d
    }

    /// The full width in modules, quiet zone included.
    pub fn extent(&self) -> usize {
        self.size + 2 * QUIET
    }
}

/// Every QR code found in a greyscale image (`luma`: one byte per pixel, row by row),
/// as text. Unreadable or non-text symbols are skipped.
pub fn read_qr(width: usize, height: usize, luma: &[u8]) -> Vec<String> {
    if width == 0 || height == 0 || luma.len() < width * height {
        return Vec::new();
    }
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| luma[y * width + x]);
    image.detect_grids().into_iter().filter_map(|grid| grid.decode().ok().map(|(_, text)| text)).collect()
}
