//! SOAP 1.1 for Payline, both directions: writing request envelopes and reading answers.
//!
//! Writing: every request is a document/literal envelope whose body element is in the `impl` namespace and
//! whose nested type members are in the `obj` namespace (both schemas of the WSDL are
//! `elementFormDefault="qualified"`). Every value goes through [`escape`]; the shapes come from code, never
//! from input.
//!
//! Reading: an answer is an untrusted byte string. It is parsed with quick-xml's namespace-aware reader into a
//! small tree (bounded in size, depth and element count), and elements are then matched by **local name and
//! namespace URI**, never by prefix: Payline, proxies and test doubles use `soapenv:`, `SOAP-ENV:`, `ns1:`,
//! default namespaces… interchangeably. Unknown elements are kept in the tree and ignored by the readers.

use crate::error::{Error, ErrorCode, Result};
use crate::money::truncate_for_message;
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

/// The SOAP 1.1 envelope namespace.
pub const SOAP_ENV: &str = "http://schemas.xmlsoap.org/soap/envelope/";
/// Payline's element namespace (requests and responses, `impl:`).
pub const NS_IMPL: &str = "http://impl.ws.payline.experian.com";
/// Payline's type namespace (members of `payment`, `order`, `result`…, `obj:`).
pub const NS_OBJ: &str = "http://obj.ws.payline.experian.com";

/// The largest answer accepted: a getWebPaymentDetails answer is a few KiB; 256 KiB leaves ample room.
pub const MAX_ANSWER_BYTES: usize = 256 * 1024;
/// Deeper nesting than any Payline type.
const MAX_DEPTH: usize = 32;
/// More elements than any Payline answer holds.
const MAX_ELEMENTS: usize = 4096;

/// Escape text for an XML element's content or an attribute value.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// A request body being written: `impl:` and `obj:` elements, values escaped.
#[derive(Debug, Default)]
pub struct Writer {
    out: String,
}

impl Writer {
    /// An empty body.
    pub fn new() -> Self {
        Writer::default()
    }

    /// `<impl:name>value</impl:name>`.
    pub fn impl_value(&mut self, name: &str, value: &str) {
        self.value("impl", name, value);
    }

    /// `<obj:name>value</obj:name>`.
    pub fn obj_value(&mut self, name: &str, value: &str) {
        self.value("obj", name, value);
    }

    /// An `obj:` value only when there is one.
    pub fn obj_opt(&mut self, name: &str, value: Option<&str>) {
        if let Some(value) = value {
            self.obj_value(name, value);
        }
    }

    /// Open `<prefix:name>`.
    pub fn open(&mut self, prefix: &str, name: &str) {
        self.out.push_str(&format!("<{prefix}:{name}>"));
    }

    /// Close `</prefix:name>`.
    pub fn close(&mut self, prefix: &str, name: &str) {
        self.out.push_str(&format!("</{prefix}:{name}>"));
    }

    fn value(&mut self, prefix: &str, name: &str, value: &str) {
        self.out.push_str(&format!("<{prefix}:{name}>{}</{prefix}:{name}>", escape(value)));
    }

    /// The complete envelope around `<impl:{operation}Request>` holding what was written.
    pub fn envelope(self, operation: &str) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<soapenv:Envelope xmlns:soapenv=\"{SOAP_ENV}\" \
             xmlns:impl=\"{NS_IMPL}\" xmlns:obj=\"{NS_OBJ}\"><soapenv:Header/><soapenv:Body>\
             <impl:{operation}Request>{}</impl:{operation}Request></soapenv:Body></soapenv:Envelope>",
            self.out
        )
    }
}

/// One parsed element: namespace URI, local name, its text and its child elements.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Element {
    /// Namespace URI (empty when the element is in no namespace).
    pub ns: String,
    /// Local name (without prefix).
    pub name: String,
    /// Concatenated text content directly inside the element, trimmed.
    pub text: String,
    /// Child elements, in document order.
    pub children: Vec<Element>,
}

impl Element {
    /// The first child with this namespace and local name.
    pub fn child(&self, ns: &str, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.ns == ns && c.name == name)
    }

    /// The text of the child `ns:name`, when present and not empty.
    pub fn child_text(&self, ns: &str, name: &str) -> Option<&str> {
        self.child(ns, name).map(|c| c.text.as_str()).filter(|t| !t.is_empty())
    }

    /// Every leaf below this element as (`a.b.c` local-name path, text); the first of repeated paths wins.
    pub fn leaves(&self, prefix: &str, out: &mut std::collections::BTreeMap<String, String>) {
        for child in &self.children {
            let path = if prefix.is_empty() { child.name.clone() } else { format!("{prefix}.{}", child.name) };
            if child.children.is_empty() {
                if !child.text.is_empty() {
                    out.entry(path).or_insert_with(|| child.text.clone());
                }
            } else {
                child.leaves(&path, out);
            }
        }
    }
}

/// Parse an XML document into its root element (strict: well-formed, bounded, prefixes declared).
pub fn parse(body: &str) -> Result<Element> {
    if body.len() > MAX_ANSWER_BYTES {
        return Err(Error::general(
            ErrorCode::TooLarge,
            format!("the SOAP answer is {} bytes; at most {MAX_ANSWER_BYTES} are accepted", body.len()),
        ));
    }
    let head = body.trim_start().get(..14).unwrap_or("").to_ascii_lowercase();
    if head.starts_with("<!doctype html") || head.starts_with("<html") {
        return Err(Error::general(
            ErrorCode::UnexpectedResponse,
            "the answer is an HTML page, not a SOAP envelope (a proxy or server error page?)",
        ));
    }
    let mut reader = NsReader::from_str(body);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let mut count = 0usize;
    loop {
        let position = reader.buffer_position();
        let (resolved, event) = reader.read_resolved_event().map_err(|e| malformed(position, &e.to_string()))?;
        match event {
            Event::Start(ref start) | Event::Empty(ref start) => {
                if root.is_some() {
                    return Err(malformed(position, "content after the root element"));
                }
                count += 1;
                if count > MAX_ELEMENTS || stack.len() >= MAX_DEPTH {
                    return Err(Error::general(
                        ErrorCode::TooLarge,
                        format!("the SOAP answer has more than {MAX_ELEMENTS} elements or {MAX_DEPTH} levels"),
                    ));
                }
                let ns = match resolved {
                    ResolveResult::Bound(ns) => String::from_utf8_lossy(ns.as_ref()).into_owned(),
                    ResolveResult::Unbound => String::new(),
                    ResolveResult::Unknown(prefix) => {
                        return Err(malformed(
                            position,
                            &format!("undeclared namespace prefix {:?}", String::from_utf8_lossy(&prefix)),
                        ))
                    }
                };
                let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
                let element = Element { ns, name, text: String::new(), children: Vec::new() };
                if matches!(event, Event::Empty(_)) {
                    attach(&mut stack, &mut root, element);
                } else {
                    stack.push(element);
                }
            }
            Event::End(_) => {
                let mut element = stack.pop().ok_or_else(|| malformed(position, "an unexpected closing tag"))?;
                element.text = element.text.trim().to_owned();
                attach(&mut stack, &mut root, element);
            }
            Event::Text(text) => {
                let text = text.unescape().map_err(|e| malformed(position, &e.to_string()))?;
                match stack.last_mut() {
                    Some(top) => top.text.push_str(&text),
                    None if text.trim().is_empty() => {}
                    None => return Err(malformed(position, "text outside the root element")),
                }
            }
            Event::CData(data) => {
                let bytes = data.into_inner();
                let text = std::str::from_utf8(&bytes).map_err(|_| malformed(position, "CDATA is not UTF-8"))?;
                match stack.last_mut() {
                    Some(top) => top.text.push_str(text),
                    None => return Err(malformed(position, "CDATA outside the root element")),
                }
            }
            Event::DocType(_) => {
                return Err(Error::general(
                    ErrorCode::UnexpectedResponse,
                    "the answer has a DOCTYPE: SOAP forbids document type declarations",
                ))
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::Eof => break,
        }
    }
    if !stack.is_empty() {
        return Err(Error::general(ErrorCode::Malformed, "the SOAP answer is truncated (unclosed elements)"));
    }
    root.ok_or_else(|| Error::general(ErrorCode::Malformed, "the answer holds no XML element"))
}

fn attach(stack: &mut [Element], root: &mut Option<Element>, element: Element) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(element),
        None => *root = Some(element),
    }
}

fn malformed(position: u64, why: &str) -> Error {
    Error::general(
        ErrorCode::Malformed,
        format!("the SOAP answer is not well-formed XML near byte {position}: {}", truncate_for_message(why)),
    )
}

/// The body element of a SOAP 1.1 answer, checked to be `impl:{expected}`; a SOAP Fault becomes a
/// [`ErrorCode::GatewayError`] carrying `faultcode`.
pub fn body_element(body: &str, expected: &str) -> Result<Element> {
    let root = parse(body)?;
    if root.ns != SOAP_ENV || root.name != "Envelope" {
        return Err(Error::general(
            ErrorCode::UnexpectedResponse,
            format!(
                "the answer is not a SOAP 1.1 envelope (root element {:?} in namespace {:?})",
                truncate_for_message(&root.name),
                truncate_for_message(&root.ns)
            ),
        ));
    }
    let soap_body = root
        .child(SOAP_ENV, "Body")
        .ok_or_else(|| Error::general(ErrorCode::UnexpectedResponse, "the SOAP envelope has no Body"))?;
    let first = soap_body
        .children
        .first()
        .ok_or_else(|| Error::general(ErrorCode::UnexpectedResponse, "the SOAP Body is empty"))?;
    if first.ns == SOAP_ENV && first.name == "Fault" {
        // SOAP 1.1 fault members are unqualified.
        let code = first.child_text("", "faultcode").unwrap_or("");
        let text = first.child_text("", "faultstring").unwrap_or("no faultstring");
        return Err(Error::general(
            ErrorCode::GatewayError,
            format!("Payline answered a SOAP fault: {}", truncate_for_message(text)),
        )
        .with_gateway_code(truncate_for_message(code)));
    }
    let found = soap_body.child(NS_IMPL, expected).ok_or_else(|| {
        Error::general(
            ErrorCode::UnexpectedResponse,
            format!(
                "the SOAP Body holds {:?} in namespace {:?}, not {expected} in {NS_IMPL}",
                truncate_for_message(&first.name),
                truncate_for_message(&first.ns)
            ),
        )
    })?;
    Ok(found.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn escapes_every_special_character() {
        assert_eq!(escape(r#"a&b<c>d"e'f"#), "a&amp;b&lt;c&gt;d&quot;e&apos;f");
    }

    #[test]
    fn matches_by_namespace_not_prefix() {
        let a = format!(
            r#"<S:Envelope xmlns:S="{SOAP_ENV}"><S:Body><x:pingResponse xmlns:x="{NS_IMPL}"><x:v>1</x:v></x:pingResponse></S:Body></S:Envelope>"#
        );
        let b = format!(
            r#"<Envelope xmlns="{SOAP_ENV}"><Body><pingResponse xmlns="{NS_IMPL}"><v>1</v></pingResponse></Body></Envelope>"#
        );
        for doc in [a, b] {
            let e = body_element(&doc, "pingResponse").unwrap();
            assert_eq!(e.child_text(NS_IMPL, "v"), Some("1"));
        }
        let wrong = format!(
            r#"<S:Envelope xmlns:S="{SOAP_ENV}"><S:Body><x:pingResponse xmlns:x="http://other"/></S:Body></S:Envelope>"#
        );
        assert_eq!(body_element(&wrong, "pingResponse").unwrap_err().code(), ErrorCode::UnexpectedResponse);
    }

    #[test]
    fn refuses_broken_documents() {
        let cases = [
            ("<a><b></a>", ErrorCode::Malformed),
            ("<a>", ErrorCode::Malformed),
            ("<p:a/>", ErrorCode::Malformed),
            ("<a/><b/>", ErrorCode::Malformed),
            ("<a>&unknown;</a>", ErrorCode::Malformed),
            ("", ErrorCode::Malformed),
            ("<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>", ErrorCode::UnexpectedResponse),
            ("<html><body>502</body></html>", ErrorCode::UnexpectedResponse),
        ];
        for (doc, code) in cases {
            assert_eq!(parse(doc).map(|_| ()).unwrap_err().code(), code, "{doc}");
        }
        let deep = "<a>".repeat(MAX_DEPTH + 1);
        assert_eq!(parse(&deep).unwrap_err().code(), ErrorCode::TooLarge);
    }

    proptest! {
        #[test]
        fn never_panics(doc in ".{0,300}") {
            let _ = body_element(&doc, "getWebPaymentDetailsResponse");
        }

        #[test]
        fn escaped_text_reads_back(text in "[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]{0,60}") {
            let doc = format!("<a>{}</a>", escape(&text));
            prop_assert_eq!(parse(&doc).unwrap().text, text.trim());
        }
    }
}
