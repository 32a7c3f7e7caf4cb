//! Turning the bytes of a page into text: byte-order mark, declared charset
//! (`<meta charset>`, `<meta http-equiv="Content-Type">`, or an HTTP header passed in),
//! and for undeclared legacy pages a guess by `chardetng`, decoded by `encoding_rs`.

use encoding_rs::Encoding;

/// How many leading bytes are searched for a `<meta>` charset declaration (the HTML
/// standard's prescan looks at 1024; real pages often put it later, so we look further).
const PRESCAN: usize = 8192;

/// Decodes a page to UTF-8 text. `declared` is a charset label from outside the page
/// (an HTTP `Content-Type` header), used when the page has no byte-order mark.
/// Returns the text and the name of the encoding used.
pub fn decode_html(bytes: &[u8], declared: Option<&str>) -> (String, &'static str) {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return (text.into_owned(), enc.name());
    }
    let from_meta = declared
        .and_then(|l| Encoding::for_label(l.trim().as_bytes()))
        .or_else(|| prescan_meta(&bytes[..bytes.len().min(PRESCAN)]));
    let enc = match from_meta {
        // A page declaring UTF-16 in ASCII-compatible bytes is really UTF-8 (HTML standard).
        Some(e) if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE => encoding_rs::UTF_8,
        // Legacy pages that say ISO-8859-1 are decoded as windows-1252 (encoding_rs maps
        // the label so already).
        Some(e) => e,
        None => guess(bytes),
    };
    let (text, _, _) = enc.decode(bytes);
    (text.into_owned(), enc.name())
}

/// Guesses the encoding of undeclared bytes: valid UTF-8 is UTF-8, else chardetng.
fn guess(bytes: &[u8]) -> &'static Encoding {
    if std::str::from_utf8(bytes).is_ok() {
        return encoding_rs::UTF_8;
    }
    let mut det = chardetng::EncodingDetector::new();
    // chardetng only needs a sample; 256 KiB keeps huge pages fast.
    det.feed(&bytes[..bytes.len().min(256 * 1024)], true);
    det.guess(None, true)
}

/// Finds a charset declared in `<meta charset=...>` or
/// `<meta http-equiv="Content-Type" content="text/html; charset=...">`.
fn prescan_meta(head: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let mut pos = 0;
    while let Some(off) = find(&lower[pos..], b"<meta") {
        let start = pos + off;
        let end = find(&lower[start..], b">").map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset") {
            let rest = &tag[c + 7..];
            let rest = trim_start(rest);
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = trim_start(rest);
                let rest = rest
                    .strip_prefix(b"\"")
                    .or_else(|| rest.strip_prefix(b"'"))
                    .unwrap_or(rest);
                let label_end = rest
                    .iter()
                    .position(|&b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>'))
                    .unwrap_or(rest.len());
                if let Some(enc) = Encoding::for_label(&rest[..label_end]) {
                    return Some(enc);
                }
            }
        }
        pos = end.max(start + 5);
        if pos >= lower.len() {
            break;
        }
    }
    None
}

fn trim_start(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &s[n..]
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_windows_1252() {
        let mut page = b"<html><head><meta charset=\"windows-1252\"></head><body><p>caf".to_vec();
        page.push(0xE9);
        page.extend_from_slice(b" cr\x92s</p></body></html>");
        let (text, enc) = decode_html(&page, None);
        assert_eq!(enc, "windows-1252");
        assert!(text.contains("café cr\u{2019}s"));
    }

    #[test]
    fn http_equiv_koi8r() {
        let (body, _, _) = encoding_rs::KOI8_R.encode("Москва сегодня объявила о переговорах");
        let mut page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=koi8-r\"></head><body><p>".to_vec();
        page.extend_from_slice(&body);
        page.extend_from_slice(b"</p></body></html>");
        let (text, enc) = decode_html(&page, None);
        assert_eq!(enc, "KOI8-R");
        assert!(text.contains("Москва сегодня"));
    }

    #[test]
    fn undeclared_shift_jis_is_guessed() {
        let story = "東京で新しい図書館が開館しました。市民は多くの本を読むことができます。図書館は駅の近くにあり、毎日開いています。";
        let (body, _, _) = encoding_rs::SHIFT_JIS.encode(story);
        let mut page = b"<html><body><p>".to_vec();
        page.extend_from_slice(&body);
        page.extend_from_slice(b"</p></body></html>");
        let (text, enc) = decode_html(&page, None);
        assert_eq!(enc, "Shift_JIS");
        assert!(text.contains("図書館"));
    }

    #[test]
    fn undeclared_koi8r_is_guessed() {
        let story = "Правительство объявило о новых мерах поддержки. Министр заявил, что программа начнётся в сентябре, а финансирование будет увеличено.";
        let (body, _, _) = encoding_rs::KOI8_R.encode(story);
        let (text, _) = decode_html(&body, None);
        assert!(text.contains("Правительство объявило"));
    }

    #[test]
    fn utf8_bom_wins() {
        let page = b"\xEF\xBB\xBF<meta charset=latin1><p>na\xC3\xAFve</p>";
        let (text, enc) = decode_html(page, None);
        assert_eq!(enc, "UTF-8");
        assert!(text.contains("naïve"));
    }
}
