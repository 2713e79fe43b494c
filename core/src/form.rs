//! [`PaymentForm`]: what the buyer's browser posts to the gateway, and its HTML rendering.
//!
//! Every redirect-based gateway (Lyra, Computop, Ogone, Sips) is entered the same way: an HTML form of
//! hidden fields sent to the gateway's URL. Values are escaped for HTML attributes here, once, so a
//! buyer's name such as `O'Brien <b>` can never break out of the page.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// What every `<gateway>.form` operation returns: the form and its HTML.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct FormPage {
    /// The form, for a shop that renders it itself.
    pub form: PaymentForm,
    /// The escaped HTML form, ready to print in the checkout page.
    pub html: String,
    /// For a GET form (Computop allows one): the same request as a URL to redirect the browser to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_url: Option<String>,
}

impl FormPage {
    /// The label of the submit button when the shop gives none.
    pub const DEFAULT_SUBMIT_LABEL: &'static str = "Payer";

    /// The page for `form`: a plain form, or one that submits itself on load (`auto_submit`).
    pub fn new(form: PaymentForm, auto_submit: bool, submit_label: Option<String>) -> FormPage {
        let label = submit_label.as_deref().unwrap_or(Self::DEFAULT_SUBMIT_LABEL);
        let html = if auto_submit { form.to_auto_submit_html(label) } else { form.to_html(label) };
        FormPage { redirect_url: form.redirect_url(), form, html }
    }
}

/// HTTP method of a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum FormMethod {
    /// `POST` (the default everywhere; keeps fields out of logs and Referer headers).
    Post,
    /// `GET` (Computop allows it).
    Get,
}

impl FormMethod {
    /// `"POST"` or `"GET"`.
    pub fn as_str(self) -> &'static str {
        match self {
            FormMethod::Post => "POST",
            FormMethod::Get => "GET",
        }
    }
}

/// The character set a gateway expects the browser to post the form in (`accept-charset`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
pub enum FormCharset {
    /// UTF-8: every gateway's default.
    #[default]
    #[serde(rename = "UTF-8")]
    Utf8,
    /// ISO-8859-1: Ogone shops configured for it hash the ISO bytes, so the browser must post them.
    #[serde(rename = "ISO-8859-1")]
    Iso88591,
}

impl FormCharset {
    /// The charset's name as HTML writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            FormCharset::Utf8 => "UTF-8",
            FormCharset::Iso88591 => "ISO-8859-1",
        }
    }
}

/// A ready-to-send payment form: target URL, method, charset and fields (already signed or encrypted).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct PaymentForm {
    /// The gateway URL the browser is sent to.
    pub action: String,
    /// POST or GET.
    pub method: FormMethod,
    /// The charset the browser must post the fields in.
    #[serde(default)]
    pub charset: FormCharset,
    /// Field name → value, sorted by name (gateways do not care about order; tests and diffs do).
    pub fields: BTreeMap<String, String>,
}

impl PaymentForm {
    /// For a GET form: the URL that carries the same request (the action with the fields as its query).
    pub fn redirect_url(&self) -> Option<String> {
        (self.method == FormMethod::Get).then(|| {
            let query = crate::urlencoded::encode(self.fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            format!("{}?{query}", self.action)
        })
    }

    /// The form as HTML with a visible submit button labelled `submit_label`.
    pub fn to_html(&self, submit_label: &str) -> String {
        let mut html = String::with_capacity(128 + self.fields.len() * 64);
        self.write_open(&mut html, None);
        self.write_fields(&mut html);
        let _ = writeln!(html, "  <input type=\"submit\" value=\"{}\" />", escape_html(submit_label));
        html.push_str("</form>\n");
        html
    }

    /// The form as HTML that submits itself on load; the button stays for browsers without JavaScript.
    pub fn to_auto_submit_html(&self, submit_label: &str) -> String {
        let mut html = String::with_capacity(256 + self.fields.len() * 64);
        self.write_open(&mut html, Some("cpay-payment-form"));
        self.write_fields(&mut html);
        let _ =
            writeln!(html, "  <noscript><input type=\"submit\" value=\"{}\" /></noscript>", escape_html(submit_label));
        html.push_str("</form>\n");
        html.push_str("<script>document.getElementById(\"cpay-payment-form\").submit();</script>\n");
        html
    }

    fn write_open(&self, html: &mut String, id: Option<&str>) {
        let id = id.map(|id| format!(" id=\"{id}\"")).unwrap_or_default();
        let _ = writeln!(
            html,
            "<form{id} method=\"{}\" action=\"{}\" accept-charset=\"{}\">",
            self.method.as_str(),
            escape_html(&self.action),
            self.charset.as_str()
        );
    }

    fn write_fields(&self, html: &mut String) {
        // Pieces pushed one after the other: `writeln!` with two escaped `String`s per field cost more than
        // the rest of a Lyra form put together.
        for (name, value) in &self.fields {
            html.push_str("  <input type=\"hidden\" name=\"");
            push_escaped_html(html, name);
            html.push_str("\" value=\"");
            push_escaped_html(html, value);
            html.push_str("\" />\n");
        }
    }
}

/// Escape text for an HTML attribute value or element content.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped_html(&mut out, text);
    out
}

/// Append `text` to `out`, escaped as [`escape_html`] does; runs without a special character are copied
/// whole.
fn push_escaped_html(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(i) = rest.find(['&', '<', '>', '"', '\'']) {
        out.push_str(&rest[..i]);
        out.push_str(match rest.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> PaymentForm {
        let mut fields = BTreeMap::new();
        fields.insert("vads_cust_last_name".to_owned(), "O'Brien \"<b>\" & Fils".to_owned());
        fields.insert("signature".to_owned(), "a+b/c=".to_owned());
        PaymentForm {
            action: "https://pay.example/?a=1&b=2".to_owned(),
            method: FormMethod::Post,
            charset: FormCharset::Utf8,
            fields,
        }
    }

    #[test]
    fn escapes_every_attribute() {
        let html = form().to_html("Payer");
        assert!(html.contains("value=\"O&#39;Brien &quot;&lt;b&gt;&quot; &amp; Fils\""));
        assert!(html.contains("action=\"https://pay.example/?a=1&amp;b=2\""));
        assert!(html.contains("name=\"signature\" value=\"a+b/c=\""));
        assert!(!html.contains("<b>"));
        assert!(html.starts_with("<form method=\"POST\""));
    }

    #[test]
    fn auto_submit_keeps_a_fallback_button() {
        let html = form().to_auto_submit_html("Payer <maintenant>");
        assert!(html.contains("<noscript><input type=\"submit\" value=\"Payer &lt;maintenant&gt;\" /></noscript>"));
        assert!(html.contains("getElementById(\"cpay-payment-form\").submit()"));
    }

    #[test]
    fn escapes_each_special_character_and_keeps_the_rest() {
        assert_eq!(escape_html("é&<>\"'x"), "é&amp;&lt;&gt;&quot;&#39;x");
        assert_eq!(escape_html(""), "");
        assert_eq!(escape_html("plain text"), "plain text");
    }

    #[test]
    fn serializes_as_plain_json() {
        let json = serde_json::to_value(form()).unwrap();
        assert_eq!(json["method"], "POST");
        assert_eq!(json["fields"]["signature"], "a+b/c=");
    }
}
