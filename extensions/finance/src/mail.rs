//! Reading an e-mail with the `mail-parser` crate (RFC 5322 and MIME, RFC 2045-2049):
//! bodies of any transfer encoding (base64, quoted-printable) and charset come out as UTF-8
//! text, HTML-only bodies as text (mail-parser's own HTML-to-text), and every binary part
//! with its decoded bytes. On top of that this module decides which part is the receipt.

use mail_parser::{Address, Message, MessageParser, MimeHeaders, PartType};

/// Images smaller than this are logos, spacers and tracking pixels, never a receipt.
pub const MIN_RECEIPT_IMAGE_BYTES: usize = 4096;

/// A part that may hold the receipt: a PDF or an image that is not decoration.
pub struct Candidate {
    pub filename: String,
    pub media_type: String,
    pub data: Vec<u8>,
}

/// A binary part that was not taken as the receipt, and why.
pub struct Skipped {
    pub filename: String,
    pub media_type: String,
    pub reason: &'static str,
}

/// What the finance extension needs from one message (and the messages forwarded in it).
pub struct Mail {
    pub message_id: Option<String>,
    pub subject: Option<String>,
    /// The sender's display name, else the capitalised first label of its domain. For a
    /// forwarded message, the original sender (the shop), not the person who forwarded it.
    pub sender: Option<String>,
    /// The text of every body, HTML converted to text, forwarded messages included.
    pub text: String,
    /// Receipt candidates, best first: PDFs, then images, larger first.
    pub candidates: Vec<Candidate>,
    pub skipped: Vec<Skipped>,
    /// Binary parts of any kind (candidates, skipped and others).
    pub binary_parts: usize,
}

impl Mail {
    /// Nothing to read at all: no body text and no attachment.
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty() && self.binary_parts == 0
    }
}

/// Parses a raw message; `None` when there is no message in it (empty input).
pub fn parse(raw: &[u8]) -> Option<Mail> {
    if raw.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    let message = MessageParser::default().parse(raw)?;
    let mut mail = Mail {
        message_id: message.message_id().map(str::to_string),
        subject: message.subject().map(str::to_string),
        sender: sender(message.from()),
        text: String::new(),
        candidates: Vec::new(),
        skipped: Vec::new(),
        binary_parts: 0,
    };
    collect(&message, &mut mail, 0);
    mail.candidates.sort_by(|a, b| {
        let pdf = |c: &Candidate| c.media_type != "application/pdf";
        pdf(a).cmp(&pdf(b)).then(b.data.len().cmp(&a.data.len()))
    });
    Some(mail)
}

/// Adds the bodies and binary parts of `message` (and, recursively, of the messages it
/// carries as `message/rfc822` parts) to `mail`.
fn collect(message: &Message<'_>, mail: &mut Mail, depth: usize) {
    for index in 0..message.text_body_count() {
        let Some(part) = message.text_part(index as u32) else {
            continue;
        };
        let text = match &part.body {
            PartType::Text(text) => text.to_string(),
            PartType::Html(html) => html_to_text(html),
            _ => continue,
        };
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        // The part that reads like a receipt goes first (a forwarded receipt before the
        // forwarder's note), so the extractor sees the shop's own lines at the top.
        if has_amount(text) && !has_amount(&mail.text) {
            mail.text = format!("{text}\n\n{}", mail.text).trim_end().to_string();
        } else {
            if !mail.text.is_empty() {
                mail.text.push_str("\n\n");
            }
            mail.text.push_str(text);
        }
    }
    let referenced = referenced_content_ids(message);
    for part in &message.parts {
        let data = match &part.body {
            PartType::Binary(data) | PartType::InlineBinary(data) => data.as_ref(),
            PartType::Message(inner) if depth < 4 => {
                if let Some(original) = sender(inner.from()) {
                    mail.sender = Some(original); // forwarded: the shop, not the forwarder
                }
                collect(inner, mail, depth + 1);
                continue;
            }
            _ => continue,
        };
        mail.binary_parts += 1;
        let filename = safe_filename(part.attachment_name());
        let media_type = media_type(part, &filename);
        let reason = if media_type == "application/pdf" {
            None
        } else if !media_type.starts_with("image/") {
            Some("not a PDF or an image")
        } else if part
            .content_id()
            .is_some_and(|id| referenced.iter().any(|r| r == id.trim_matches(['<', '>'])))
        {
            Some("an image the HTML body shows inline (cid:), e.g. a logo")
        } else if part.content_id().is_some()
            && part.content_disposition().is_some_and(|d| d.is_inline())
        {
            Some("an inline image with a Content-ID (part of the HTML layout)")
        } else if data.len() < MIN_RECEIPT_IMAGE_BYTES {
            Some("an image too small to be a receipt")
        } else {
            None
        };
        match reason {
            None => mail.candidates.push(Candidate {
                filename,
                media_type,
                data: data.to_vec(),
            }),
            Some(reason) => mail.skipped.push(Skipped {
                filename,
                media_type,
                reason,
            }),
        }
    }
}

/// HTML to text with mail-parser's converter, which breaks lines only at `<br>` and `</p>`:
/// closing block tags (headings, table rows, list items, divs) get a `<br>` first, and table
/// cells a space, so `<h1>Shop</h1><p>Total 5.00</p>` does not run together as `ShopTotal`.
pub fn html_to_text(html: &str) -> String {
    const BLOCKS: [&str; 14] = [
        "h1", "h2", "h3", "h4", "h5", "h6", "div", "tr", "li", "table", "title", "section",
        "header", "footer",
    ];
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    while let Some(start) = rest.find("</") {
        let (before, tag) = rest.split_at(start);
        out.push_str(before);
        let Some(end) = tag.find('>') else {
            rest = tag;
            break;
        };
        let name = tag[2..end].trim().to_ascii_lowercase();
        out.push_str(&tag[..=end]);
        if BLOCKS.contains(&name.as_str()) {
            out.push_str("<br>");
        } else if name == "td" || name == "th" {
            out.push(' ');
        }
        rest = &tag[end + 1..];
    }
    out.push_str(rest);
    decode_entities(&mail_parser::decoders::html::html_to_text(&out))
}

/// Character references mail-parser left in the text. Its named-entity table is a
/// compile-time hash map that finds nothing on wasm32 (`&amp;` stays `&amp;`; natively it
/// works), so the common named ones and all numeric ones are decoded here, after the markup
/// is gone (decoding `&lt;` before would make tags).
fn decode_entities(text: &str) -> String {
    const NAMED: [(&str, char); 12] = [
        ("amp", '&'),
        ("lt", '<'),
        ("gt", '>'),
        ("quot", '"'),
        ("apos", '\''),
        ("nbsp", ' '),
        ("euro", '€'),
        ("pound", '£'),
        ("yen", '¥'),
        ("cent", '¢'),
        ("copy", '©'),
        ("reg", '®'),
    ];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest[1..].find(';').map(|i| i + 1).filter(|&i| i <= 10);
        let decoded = end.and_then(|end| {
            let name = &rest[1..end];
            let numeric = name
                .strip_prefix('#')
                .and_then(|n| match n.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => n.parse().ok(),
                });
            let c = match numeric {
                Some(code) => char::from_u32(code),
                None => NAMED.iter().find(|(n, _)| *n == name).map(|(_, c)| *c),
            }?;
            Some((c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `type/subtype` in lower case; a PDF sent as `application/octet-stream` is a PDF.
fn media_type(part: &mail_parser::MessagePart<'_>, filename: &str) -> String {
    let declared = part
        .content_type()
        .map(|ct| match ct.subtype() {
            Some(sub) => format!("{}/{}", ct.ctype(), sub),
            None => ct.ctype().to_string(),
        })
        .unwrap_or_else(|| "application/octet-stream".into())
        .to_ascii_lowercase();
    let pdf_name = filename.to_ascii_lowercase().ends_with(".pdf");
    if declared == "application/octet-stream" && (pdf_name || part.contents().starts_with(b"%PDF-"))
    {
        return "application/pdf".into();
    }
    declared
}

/// The Content-IDs the message's HTML bodies refer to with `cid:` URLs.
fn referenced_content_ids(message: &Message<'_>) -> Vec<String> {
    let mut ids = Vec::new();
    for part in message.html_bodies() {
        let Some(html) = part.text_contents() else {
            continue;
        };
        for piece in html.split("cid:").skip(1) {
            let id: String = piece
                .chars()
                .take_while(|c| !matches!(c, '"' | '\'' | ')' | '>' | ' ' | '\t' | '\r' | '\n'))
                .collect();
            if !id.is_empty() {
                ids.push(id);
            }
        }
    }
    ids
}

/// A file name usable as a sidecar name.
fn safe_filename(name: Option<&str>) -> String {
    let cleaned: String = name
        .unwrap_or("")
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control())
        .take(120)
        .collect();
    let cleaned = cleaned.trim().to_string();
    if cleaned.is_empty() || cleaned == "." || cleaned == ".." || cleaned.starts_with('.') {
        "attachment".into()
    } else {
        cleaned
    }
}

/// The display name of the first sender, else the capitalised first label of its domain.
fn sender(from: Option<&Address<'_>>) -> Option<String> {
    let addr = from?.first()?;
    if let Some(name) = addr.name() {
        let name = name.trim().trim_matches('"').trim();
        if !name.is_empty() {
            return Some(name.to_string());
        }
    }
    let domain = addr.address()?.rsplit('@').next()?;
    let label = domain.split('.').next()?;
    let mut chars = label.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
}

const AMOUNT_WORDS: &[&str] = &[
    "total", "amount", "sum", "paid", "charged", "balance", "due", "betrag", "summe", "gesamt",
    "montant", "importe",
];
const CURRENCY_MARKS: &[&str] = &["$", "€", "£", "¥", "₹", "₩", "zł"];
const CURRENCY_CODES: &[&str] = &[
    "USD", "EUR", "GBP", "CHF", "JPY", "CAD", "AUD", "NZD", "SEK", "NOK", "DKK", "PLN", "CZK",
    "HUF", "INR", "CNY", "BRL", "MXN", "ZAR", "SGD", "HKD", "KRW", "TRY", "RON", "BGN",
];

/// Whether a text reads like a receipt: an amount with two decimals (`7.75`, `58,20`) and a
/// word or currency sign that says it is money. "Your receipt is attached." is not.
pub fn has_amount(text: &str) -> bool {
    let bytes = text.as_bytes();
    let decimal_amount = bytes.windows(4).any(|w| {
        w[0].is_ascii_digit()
            && (w[1] == b'.' || w[1] == b',')
            && w[2].is_ascii_digit()
            && w[3].is_ascii_digit()
    });
    if !decimal_amount {
        return false;
    }
    let lower = text.to_lowercase();
    let word = |w: &&str| {
        lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|token| token == *w)
    };
    AMOUNT_WORDS.iter().any(word)
        || CURRENCY_MARKS.iter().any(|m| text.contains(m))
        || text
            .split(|c: char| !c.is_ascii_alphabetic())
            .any(|token| CURRENCY_CODES.contains(&token))
}
