//! [`PaymentForm`]: what the buyer's browser posts to the gateway, and its HTML rendering.
//!
//! Every redirect-based gateway (Lyra, Computop, Ogone, Sips) is entered the same way: an HTML form of
//! hidden fields sent to the gateway's URL. Values are escaped for HTML attributes here, once, so a
//! buyer's name such as `O'Brien <b>` can never break out of the page.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// HTTP method of a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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

/// A ready-to-send payment form: target URL, method and fields (already signed or encrypted).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PaymentForm {
    /// The gateway URL the browser is sent to.
    pub action: String,
    /// POST or GET.
    pub method: FormMethod,
    /// Field name → value, sorted by name (gateways do not care about order; tests and diffs do).
    pub fields: BTreeMap<String, String>,
}

impl PaymentForm {
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
            "<form{id} method=\"{}\" action=\"{}\" accept-charset=\"UTF-8\">",
            self.method.as_str(),
            escape_html(&self.action)
        );
    }

    fn write_fields(&self, html: &mut String) {
        for (name, value) in &self.fields {
            let _ = writeln!(
                html,
                "  <input type=\"hidden\" name=\"{}\" value=\"{}\" />",
                escape_html(name),
                escape_html(value)
            );
        }
    }
}

/// Escape text for an HTML attribute value or element content.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> PaymentForm {
        let mut fields = BTreeMap::new();
        fields.insert("vads_cust_last_name".to_owned(), "O'Brien \"<b>\" & Fils".to_owned());
        fields.insert("signature".to_owned(), "a+b/c=".to_owned());
        PaymentForm { action: "https://pay.example/?a=1&b=2".to_owned(), method: FormMethod::Post, fields }
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
    fn serializes_as_plain_json() {
        let json = serde_json::to_value(form()).unwrap();
        assert_eq!(json["method"], "POST");
        assert_eq!(json["fields"]["signature"], "a+b/c=");
    }
}
