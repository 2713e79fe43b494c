//! Settings: where to listen, where to keep state, which shops exist, how notifications are retried.

use cpay_core::lyra::{Algorithm, Mode};
use cpay_core::Secret;
use serde::Deserialize;
use std::path::PathBuf;
use std::time::Duration;

/// A shop on the emulated Lyra platform.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LyraShop {
    /// `vads_site_id` (8 digits).
    pub site_id: String,
    /// The TEST key (certificate).
    #[serde(default)]
    pub test_key: Option<String>,
    /// The PRODUCTION key.
    #[serde(default)]
    pub production_key: Option<String>,
    /// `hmac-sha256` (default) or `sha1`.
    #[serde(default)]
    pub algorithm: Option<String>,
}

impl LyraShop {
    /// The demo shop of Lyra's documentation ("Guide d'implémentation API Formulaire", signature example):
    /// site 12345678, TEST key 1122334455667788.
    pub fn demo() -> LyraShop {
        LyraShop {
            site_id: "12345678".into(),
            test_key: Some("1122334455667788".into()),
            production_key: None,
            algorithm: None,
        }
    }

    /// The key for `mode`, if the shop has one.
    pub fn key(&self, mode: Mode) -> Option<Secret> {
        let key = match mode {
            Mode::Test => self.test_key.as_ref(),
            Mode::Production => self.production_key.as_ref(),
        };
        key.filter(|k| !k.is_empty()).map(|k| Secret::new(k.as_bytes().to_vec()))
    }

    /// The signature algorithm.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm.as_deref().and_then(|a| Algorithm::parse(a).ok()).unwrap_or_default()
    }
}

/// The `--config FILE` document: `{"lyra": [{"site_id": …, "test_key": …, "production_key": …}]}`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShopsFile {
    /// Lyra shops, added to the demo shop (a shop with the demo's site id replaces it).
    #[serde(default)]
    pub lyra: Vec<LyraShop>,
}

/// Everything the sandbox runs with.
#[derive(Debug, Clone)]
pub struct Config {
    /// The SQLite file; `None` keeps the state in memory.
    pub state: Option<PathBuf>,
    /// Lyra shops, demo shop first.
    pub lyra_shops: Vec<LyraShop>,
    /// Delays before each retry of an IPN the shop did not answer with 2xx (their count is the retry count).
    pub ipn_retry_delays: Vec<Duration>,
    /// How long one IPN attempt may take.
    pub ipn_timeout: Duration,
    /// The delay of a "delayed IPN" fault when the request names none.
    pub default_fault_delay: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            state: None,
            lyra_shops: vec![LyraShop::demo()],
            // Lyra replays a failed IPN 4 times, 15 minutes apart (Lyra "Guide d'implémentation API Formulaire",
            // "Rejeu automatique en cas d'échec"); the sandbox keeps the count and shortens the delay.
            ipn_retry_delays: vec![Duration::from_secs(2); 4],
            ipn_timeout: Duration::from_secs(10),
            default_fault_delay: Duration::from_secs(3),
        }
    }
}

impl Config {
    /// Add the shops of a `--config` file (JSON).
    pub fn add_shops(&mut self, text: &str) -> Result<(), String> {
        let file: ShopsFile = serde_json::from_str(text).map_err(|e| format!("--config: {e}"))?;
        for shop in file.lyra {
            if !(shop.site_id.len() == 8 && shop.site_id.bytes().all(|b| b.is_ascii_digit())) {
                return Err(format!("--config: Lyra site_id {:?} is not 8 digits", shop.site_id));
            }
            self.lyra_shops.retain(|s| s.site_id != shop.site_id);
            self.lyra_shops.push(shop);
        }
        Ok(())
    }

    /// The Lyra shop with this site id.
    pub fn lyra_shop(&self, site_id: &str) -> Option<&LyraShop> {
        self.lyra_shops.iter().find(|s| s.site_id == site_id)
    }
}
