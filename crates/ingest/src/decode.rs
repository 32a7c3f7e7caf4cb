//! Bytes to text: BOMs, declared or detected legacy encodings, line endings.

use crate::IngestError;

/// Text decoded from bytes, with the encoding that was used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, with CRLF and lone CR normalised to LF and any BOM removed.
    pub text: String,
    /// The encoding's WHATWG name (`UTF-8`, `windows-1252`, `Shift_JIS`, ...).
    pub encoding: &'static str,
    /// Whether the encoding was guessed (no BOM, not valid UTF-8).
    pub guessed: bool,
    /// Whether malformed sequences were replaced with U+FFFD.
    pub had_errors: bool,
}

/// Decodes bytes to text: a BOM wins; valid UTF-8 is taken as is; anything else is
/// detected with `chardetng` and decoded with `encoding_rs`. Binary data (NUL bytes or
/// mostly control characters) is refused. `what` names the input in errors.
pub fn decode_bytes(bytes: &[u8], what: &str) -> Result<Decoded, IngestError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(IngestError::Empty(what.to_string()));
    }
    let (encoding, bom_len) = match encoding_rs::Encoding::for_bom(bytes) {
        Some((enc, len)) => (Some(enc), len),
        None => (None, 0),
    };
    let body = &bytes[bom_len..];
    // UTF-16 text has NUL bytes by design; only check for binary when not UTF-16.
    let is_utf16 =
        encoding.is_some_and(|e| e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE);
    if !is_utf16 && looks_binary(body) {
        return Err(IngestError::Binary(what.to_string()));
    }
    let (encoding, guessed) = match encoding {
        Some(e) => (e, false),
        None if std::str::from_utf8(body).is_ok() => (encoding_rs::UTF_8, false),
        None => {
            let mut detector = chardetng::EncodingDetector::new();
            detector.feed(body, true);
            (detector.guess(None, true), true)
        }
    };
    let (cow, had_errors) = encoding.decode_without_bom_handling(body);
    let text = normalise_newlines(&cow);
    if text.trim().is_empty() {
        return Err(IngestError::Empty(what.to_string()));
    }
    Ok(Decoded {
        text,
        encoding: encoding.name(),
        guessed,
        had_errors,
    })
}

/// NUL bytes, or more than 10% control bytes other than tab/newline/CR/form feed, in
/// the first 8 KiB.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    if sample.contains(&0) {
        return true;
    }
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
        .count();
    controls * 10 > sample.len()
}

/// CRLF and lone CR become LF.
fn normalise_newlines(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_bom_and_crlf() {
        let d = decode_bytes(b"\xEF\xBB\xBFHello\r\nworld\r", "t").expect("decodes");
        assert_eq!(d.text, "Hello\nworld\n");
        assert_eq!(d.encoding, "UTF-8");
        assert!(!d.guessed);
    }

    #[test]
    fn utf16le_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Caf\u{e9} news".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode_bytes(&bytes, "t").expect("decodes");
        assert_eq!(d.text, "Caf\u{e9} news");
    }

    #[test]
    fn windows_1252_is_detected() {
        // "The minister\u{2019}s caf\u{e9} r\u{e9}sum\u{e9}" in windows-1252.
        let bytes = b"The minister\x92s caf\xe9 r\xe9sum\xe9 was discussed at length by the d\xe9l\xe9gation.";
        let d = decode_bytes(bytes, "t").expect("decodes");
        assert!(d.guessed);
        assert!(d.text.contains("caf\u{e9}"), "{}", d.text);
        assert!(d.text.contains('\u{2019}'));
    }

    #[test]
    fn binary_and_empty_are_refused() {
        assert!(matches!(
            decode_bytes(b"\x00\x01\x02PK\x03\x04", "junk.bin"),
            Err(IngestError::Binary(_))
        ));
        assert!(matches!(
            decode_bytes(b"  \n\t", "e"),
            Err(IngestError::Empty(_))
        ));
        assert!(matches!(decode_bytes(b"", "e"), Err(IngestError::Empty(_))));
    }
}
