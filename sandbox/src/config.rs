//! Settings: where to listen, where to keep state, which shops exist, how notifications are retried.

use cpay_core::lyra::{Algorithm, Mode};
use cpay_core::plan::options::{CpayOption, OptionCodes, ALL};
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
    /// The REST API password of TEST mode (HTTP Basic `site_id:password`, Lyra REST API V4, "Authentication
    /// phase"; `testpassword_…`).
    #[serde(default)]
    pub rest_test_password: Option<String>,
    /// The REST API password of PRODUCTION mode (`prodpassword_…`).
    #[serde(default)]
    pub rest_production_password: Option<String>,
    /// The Cpay options of the shop's contract and their codes (`{"cash": "COMPTANT", "credit10_free": …}`), what
    /// `vads_payment_option_code` preselects and reports. Cetelem sets them per contract (Sogecommerce guide
    /// "Ajouter le bouton de paiement Cpay", "Présentation"); without them, the sandbox's own table
    /// ([`demo_option_codes`]).
    #[serde(default)]
    pub option_codes: Option<OptionCodes>,
}

/// The Cpay option codes of the sandbox's contracts when a shop gives none: every option of cpay-core's
/// `plan::options`, with codes of its own (letters and digits, as `vads_payment_option_code` takes them: `an..32`).
/// They are the sandbox's, not Cetelem's: a real contract's codes come with the contract. The "avec frais" codes
/// read as their option without a table (`plan.cpay_options` names them); a shop recognises the others with its
/// `option_codes`.
pub fn demo_option_codes() -> OptionCodes {
    ALL.iter()
        .map(|&option| {
            let code = match (option.months(), option.with_fees()) {
                (None, _) if option == CpayOption::Cash => "COMPTANT".to_string(),
                (None, _) => "CREDIT".to_string(),
                (Some(m), Some(false)) => format!("CREDIT{m}SF"),
                (Some(m), _) => format!("CREDIT{m}"),
            };
            (option, code)
        })
        .collect()
}

impl LyraShop {
    /// The demo shop of Lyra's documentation ("Guide d'implémentation API Formulaire", signature example):
    /// site 12345678, TEST key 1122334455667788; and the REST API's demo TEST password (Lyra REST API V4,
    /// "Authentication phase": user 12345678, `testpassword_DEMOPRIVATEKEY23G4475zXZQ2UA5x7M`).
    pub fn demo() -> LyraShop {
        LyraShop {
            site_id: "12345678".into(),
            test_key: Some("1122334455667788".into()),
            production_key: None,
            algorithm: None,
            rest_test_password: Some(DEMO_REST_TEST_PASSWORD.into()),
            rest_production_password: None,
            option_codes: None,
        }
    }

    /// The Cpay options the shop's contract offers, in display order, each with its code.
    pub fn cpay_options(&self) -> Vec<(CpayOption, String)> {
        let codes = self.option_codes.clone().filter(|c| !c.is_empty()).unwrap_or_else(demo_option_codes);
        codes.into_iter().collect()
    }

    /// The mode whose REST password is `password`, if either is (compared in constant time).
    pub fn rest_mode(&self, password: &str) -> Option<Mode> {
        let matches = |candidate: &Option<String>| {
            candidate
                .as_deref()
                .filter(|p| !p.is_empty())
                .is_some_and(|p| cpay_core::secret::constant_time_eq(p.as_bytes(), password.as_bytes()))
        };
        if matches(&self.rest_test_password) {
            Some(Mode::Test)
        } else if matches(&self.rest_production_password) {
            Some(Mode::Production)
        } else {
            None
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

/// The REST API TEST password of the demo shop (Lyra REST API V4, "Authentication phase").
pub const DEMO_REST_TEST_PASSWORD: &str = "testpassword_DEMOPRIVATEKEY23G4475zXZQ2UA5x7M";

/// A merchant on the emulated Computop Paygate.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComputopShop {
    /// `MerchantID`.
    pub merchant_id: String,
    /// The Blowfish password (encrypts `Data`).
    pub blowfish_key: String,
    /// The AES password (16, 24 or 32 bytes), for a merchant whose `Data` is AES-encrypted.
    #[serde(default)]
    pub aes_key: Option<String>,
    /// The HMAC password (the `MAC`).
    pub mac_key: String,
    /// The smallest FullCB amount of its Cetelem contract, cents (default 9000).
    #[serde(default)]
    pub min_amount: Option<u64>,
    /// The largest FullCB amount of its Cetelem contract, cents (default 300000).
    #[serde(default)]
    pub max_amount: Option<u64>,
}

impl ComputopShop {
    /// The demo merchant: the passwords of Computop's public test vectors (`password` for Blowfish and HMAC).
    pub fn demo() -> ComputopShop {
        ComputopShop {
            merchant_id: "cpay_demo".into(),
            blowfish_key: "password".into(),
            aes_key: None,
            mac_key: "password".into(),
            min_amount: None,
            max_amount: None,
        }
    }

    /// The shop as cpay-core's configuration, so that every MAC and `Data` goes through the core.
    pub fn core_config(&self) -> Result<cpay_core::computop::ComputopConfig, String> {
        let mut value = serde_json::json!({
            "merchant_id": self.merchant_id, "blowfish_key": self.blowfish_key, "mac_key": self.mac_key,
        });
        if let Some(aes) = &self.aes_key {
            value["aes_key"] = aes.clone().into();
        }
        if let Some(min) = self.min_amount {
            value["min_amount"] = min.into();
        }
        if let Some(max) = self.max_amount {
            value["max_amount"] = max.into();
        }
        let config: cpay_core::computop::ComputopConfig =
            serde_json::from_value(value).map_err(|e| format!("Computop shop {:?}: {e}", self.merchant_id))?;
        config.validate().map_err(|e| format!("Computop shop {:?}: {}", self.merchant_id, e.message()))?;
        Ok(config)
    }
}

/// A shop (PSPID) on the emulated Ogone e-Commerce platform, with what its back office holds.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OgoneShop {
    /// `PSPID`.
    pub pspid: String,
    /// `sha1`, `sha256` or `sha512` (default), back office "Global security parameters".
    #[serde(default)]
    pub algorithm: Option<String>,
    /// The SHA-IN passphrase.
    pub sha_in: String,
    /// The SHA-OUT passphrase.
    pub sha_out: String,
    /// The DirectLink API user (`USERID`).
    #[serde(default)]
    pub user_id: Option<String>,
    /// That user's password (`PSWD`).
    #[serde(default)]
    pub api_password: Option<String>,
    /// The back office's "URL of the merchant's post-payment page" (direct feedback); `<PARAMVAR>` in it is
    /// replaced by the form's `PARAMVAR`. Default `<PARAMVAR>`: the form's `PARAMVAR` is the whole URL.
    #[serde(default)]
    pub feedback_url: Option<String>,
}

impl OgoneShop {
    /// The demo shop: PSPID `cpaydemo`, SHA-512, the SHA-IN passphrase of Ogone's signature example.
    pub fn demo() -> OgoneShop {
        OgoneShop {
            pspid: "cpaydemo".into(),
            algorithm: None,
            sha_in: "Mysecretsig1875!?".into(),
            sha_out: "Mysecretsig1875!?out".into(),
            user_id: Some("cpaydemoapi".into()),
            api_password: Some("cpaydemoapi-pass".into()),
            feedback_url: None,
        }
    }

    /// The back office's hash algorithm.
    pub fn algorithm(&self) -> cpay_core::ogone::Algorithm {
        self.algorithm
            .as_deref()
            .and_then(|a| cpay_core::ogone::Algorithm::parse(a).ok())
            .unwrap_or(cpay_core::ogone::Algorithm::Sha512)
    }

    /// The feedback URL template (`<PARAMVAR>` when the back office has none).
    pub fn feedback_template(&self) -> &str {
        self.feedback_url.as_deref().filter(|u| !u.is_empty()).unwrap_or("<PARAMVAR>")
    }
}

/// The `--config FILE` document: `{"lyra": [{"site_id": …, "test_key": …, "production_key": …,
/// "rest_test_password": …, "rest_production_password": …}], "computop": [{"merchant_id", "blowfish_key",
/// "mac_key"}], "ogone": [{"pspid", "sha_in", "sha_out"}], "payline": [{"merchant_id", "access_key",
/// "contracts"}], "sips": [{"merchant_id", "secret_key", "key_version"}]}`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShopsFile {
    /// Lyra shops, added to the demo shop (a shop with the demo's site id replaces it).
    #[serde(default)]
    pub lyra: Vec<LyraShop>,
    /// Computop merchants, added to the demo merchant (same rule).
    #[serde(default)]
    pub computop: Vec<ComputopShop>,
    /// Ogone shops, added to the demo shop (same rule).
    #[serde(default)]
    pub ogone: Vec<OgoneShop>,
    /// Payline merchants, added to the demo merchant (same rule).
    #[serde(default)]
    pub payline: Vec<PaylineShop>,
    /// Sips merchants, added to the demo merchant (same rule).
    #[serde(default)]
    pub sips: Vec<SipsShop>,
}

/// A merchant on the emulated Payline platform.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaylineShop {
    /// The merchant id (the HTTP Basic user of the web services).
    pub merchant_id: String,
    /// The access key (the HTTP Basic password).
    pub access_key: String,
    /// The contract numbers of the merchant's point of sale (default: `CETELEM_1`).
    #[serde(default = "default_payline_contracts")]
    pub contracts: Vec<String>,
}

fn default_payline_contracts() -> Vec<String> {
    vec!["CETELEM_1".into()]
}

impl PaylineShop {
    /// The sandbox's demo merchant: merchant id 1234567, access key DJMESHXYou6LmjQFdH, contract CETELEM_1.
    pub fn demo() -> PaylineShop {
        PaylineShop {
            merchant_id: "1234567".into(),
            access_key: "DJMESHXYou6LmjQFdH".into(),
            contracts: default_payline_contracts(),
        }
    }
}

/// A merchant on the emulated Sips 2.0 platform.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SipsShop {
    /// `merchantId`.
    pub merchant_id: String,
    /// The secret key of `key_version`.
    pub secret_key: String,
    /// `keyVersion`.
    #[serde(default = "default_key_version")]
    pub key_version: u32,
}

fn default_key_version() -> u32 {
    1
}

impl SipsShop {
    /// Worldline's simulation merchant (Worldline Sips documentation, "Simulation environment"): merchantId
    /// 002001000000001, secret key 002001000000001_KEY1, key version 1.
    pub fn demo() -> SipsShop {
        SipsShop { merchant_id: "002001000000001".into(), secret_key: "002001000000001_KEY1".into(), key_version: 1 }
    }

    /// The secret key.
    pub fn key(&self) -> Secret {
        Secret::new(self.secret_key.as_bytes().to_vec())
    }
}

/// A shop of one gateway, known by the id the gateway gives it (Lyra's site id, Computop's MerchantID, Ogone's
/// PSPID, Payline's and Sips' merchant id).
trait Shop {
    fn id(&self) -> &str;
}

/// `impl Shop` from the field that holds each gateway's shop id.
macro_rules! shop_id {
    ($($shop:ty => $field:ident),* $(,)?) => {
        $(impl Shop for $shop {
            fn id(&self) -> &str {
                &self.$field
            }
        })*
    };
}

shop_id!(
    LyraShop => site_id,
    ComputopShop => merchant_id,
    OgoneShop => pspid,
    PaylineShop => merchant_id,
    SipsShop => merchant_id,
);

/// The shop with this id.
fn find<'a, S: Shop>(shops: &'a [S], id: &str) -> Option<&'a S> {
    shops.iter().find(|s| s.id() == id)
}

/// Add `shop`, in place of the one with the same id (a `--config` file may redefine a demo shop).
fn replace<S: Shop>(shops: &mut Vec<S>, shop: S) {
    shops.retain(|s| s.id() != shop.id());
    shops.push(shop);
}

/// Everything the sandbox runs with.
#[derive(Debug, Clone)]
pub struct Config {
    /// The SQLite file; `None` keeps the state in memory.
    pub state: Option<PathBuf>,
    /// Lyra shops, demo shop first.
    pub lyra_shops: Vec<LyraShop>,
    /// Computop merchants, demo merchant first.
    pub computop_shops: Vec<ComputopShop>,
    /// Ogone shops, demo shop first.
    pub ogone_shops: Vec<OgoneShop>,
    /// Payline merchants, demo merchant first.
    pub payline_shops: Vec<PaylineShop>,
    /// Sips merchants, demo merchant first.
    pub sips_shops: Vec<SipsShop>,
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
            computop_shops: vec![ComputopShop::demo()],
            ogone_shops: vec![OgoneShop::demo()],
            payline_shops: vec![PaylineShop::demo()],
            sips_shops: vec![SipsShop::demo()],
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
            for (option, code) in shop.option_codes.iter().flatten() {
                cpay_core::lyra::fields::check("vads_payment_option_code", code)
                    .map_err(|e| format!("--config: Lyra option_codes.{}: {}", option.name(), e.message()))?;
            }
            replace(&mut self.lyra_shops, shop);
        }
        for shop in file.computop {
            shop.core_config().map_err(|e| format!("--config: {e}"))?;
            replace(&mut self.computop_shops, shop);
        }
        for shop in file.ogone {
            if shop.pspid.is_empty() || shop.sha_in.is_empty() || shop.sha_out.is_empty() {
                return Err("--config: an Ogone shop needs pspid, sha_in and sha_out".into());
            }
            if let Some(a) = &shop.algorithm {
                cpay_core::ogone::Algorithm::parse(a).map_err(|e| format!("--config: Ogone {}", e.message()))?;
            }
            replace(&mut self.ogone_shops, shop);
        }
        for shop in file.payline {
            if shop.merchant_id.is_empty() || shop.access_key.is_empty() || shop.contracts.is_empty() {
                return Err("--config: a Payline shop needs merchant_id, access_key and contracts".into());
            }
            replace(&mut self.payline_shops, shop);
        }
        for shop in file.sips {
            if !(1..=15).contains(&shop.merchant_id.len()) || shop.secret_key.is_empty() {
                return Err("--config: a Sips shop needs a merchant_id (up to 15 characters) and a secret_key".into());
            }
            replace(&mut self.sips_shops, shop);
        }
        Ok(())
    }

    /// The Computop merchant with this MerchantID.
    pub fn computop_shop(&self, merchant_id: &str) -> Option<&ComputopShop> {
        find(&self.computop_shops, merchant_id)
    }

    /// The Ogone shop with this PSPID.
    pub fn ogone_shop(&self, pspid: &str) -> Option<&OgoneShop> {
        find(&self.ogone_shops, pspid)
    }

    /// The Payline merchant with this id.
    pub fn payline_shop(&self, merchant_id: &str) -> Option<&PaylineShop> {
        find(&self.payline_shops, merchant_id)
    }

    /// The Sips merchant with this id.
    pub fn sips_shop(&self, merchant_id: &str) -> Option<&SipsShop> {
        find(&self.sips_shops, merchant_id)
    }

    /// The Lyra shop with this site id.
    pub fn lyra_shop(&self, site_id: &str) -> Option<&LyraShop> {
        find(&self.lyra_shops, site_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lyra_option_codes_from_the_config_file_or_the_sandbox_table() {
        let demo = Config::default().lyra_shop("12345678").unwrap().cpay_options();
        assert_eq!(demo.len(), 10);
        assert_eq!(demo[0], (CpayOption::Cash, "COMPTANT".to_string()));
        assert!(demo.contains(&(CpayOption::Credit10Free, "CREDIT10SF".to_string())));
        assert!(demo.iter().all(|(_, c)| cpay_core::lyra::fields::check("vads_payment_option_code", c).is_ok()));
        let mut config = Config::default();
        config
            .add_shops(r#"{"lyra": [{"site_id": "87654321", "test_key": "k", "option_codes": {"cash": "C1", "credit20_free": "C20SF"}}]}"#)
            .unwrap();
        let options = config.lyra_shop("87654321").unwrap().cpay_options();
        assert_eq!(options, [(CpayOption::Cash, "C1".to_string()), (CpayOption::Credit20Free, "C20SF".to_string())]);
        let bad = config.add_shops(r#"{"lyra": [{"site_id": "87654322", "option_codes": {"cash": "C_1"}}]}"#);
        assert!(bad.unwrap_err().contains("option_codes.cash"));
        assert!(config.add_shops(r#"{"lyra": [{"site_id": "87654323", "option_codes": {"cash10": "X"}}]}"#).is_err());
    }

    #[test]
    fn lyra_rest_passwords_from_the_config_file() {
        let mut config = Config::default();
        config
            .add_shops(
                r#"{"lyra": [{"site_id": "87654321", "test_key": "k", "rest_test_password": "testpassword_A",
                    "rest_production_password": "prodpassword_B"}]}"#,
            )
            .unwrap();
        let shop = config.lyra_shop("87654321").unwrap();
        assert_eq!(shop.rest_mode("testpassword_A"), Some(Mode::Test));
        assert_eq!(shop.rest_mode("prodpassword_B"), Some(Mode::Production));
        assert_eq!(shop.rest_mode("testpassword_"), None);
        assert_eq!(shop.rest_mode(""), None);
        let demo = config.lyra_shop("12345678").unwrap();
        assert_eq!(demo.rest_mode(DEMO_REST_TEST_PASSWORD), Some(Mode::Test));
        assert_eq!(LyraShop { rest_test_password: Some(String::new()), ..LyraShop::demo() }.rest_mode(""), None);
    }

    #[test]
    fn config_file_adds_and_replaces_computop_and_ogone_shops() {
        let mut config = Config::default();
        config
            .add_shops(
                r#"{"computop": [{"merchant_id": "shop2", "blowfish_key": "bf-pass", "mac_key": "hmac-pass",
                                  "min_amount": 5000}],
                    "ogone": [{"pspid": "cpaydemo", "algorithm": "sha256", "sha_in": "in", "sha_out": "out",
                               "feedback_url": "http://127.0.0.1:5000/<PARAMVAR>"}]}"#,
            )
            .unwrap();
        assert!(config.computop_shop("cpay_demo").is_some());
        let shop = config.computop_shop("shop2").unwrap().core_config().unwrap();
        assert_eq!((shop.min_amount.minor(), shop.max_amount.minor()), (5000, 300_000));
        assert_eq!(config.ogone_shops.len(), 1);
        let ogone = config.ogone_shop("cpaydemo").unwrap();
        assert_eq!(ogone.algorithm(), cpay_core::ogone::Algorithm::Sha256);
        assert_eq!(ogone.feedback_template(), "http://127.0.0.1:5000/<PARAMVAR>");
        assert_eq!(OgoneShop::demo().feedback_template(), "<PARAMVAR>");
        for bad in [
            r#"{"computop": [{"merchant_id": "", "blowfish_key": "k", "mac_key": "m"}]}"#,
            r#"{"computop": [{"merchant_id": "x", "blowfish_key": "k", "mac_key": ""}]}"#,
            r#"{"ogone": [{"pspid": "p", "sha_in": "", "sha_out": "o"}]}"#,
            r#"{"ogone": [{"pspid": "p", "sha_in": "i", "sha_out": "o", "algorithm": "md5"}]}"#,
        ] {
            assert!(Config::default().add_shops(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn config_file_adds_payline_and_sips_merchants() {
        let mut config = Config::default();
        config
            .add_shops(
                r#"{"payline": [{"merchant_id": "7654321", "access_key": "k", "contracts": ["CPAY_2"]}],
                    "sips": [{"merchant_id": "002001000000001", "secret_key": "other", "key_version": 2}]}"#,
            )
            .unwrap();
        assert_eq!(config.payline_shop("7654321").unwrap().contracts, ["CPAY_2"]);
        assert_eq!(config.payline_shop("1234567").unwrap().contracts, ["CETELEM_1"]);
        let sips = config.sips_shop("002001000000001").unwrap();
        assert_eq!((sips.secret_key.as_str(), sips.key_version), ("other", 2));
        assert_eq!(config.sips_shops.len(), 1);
        assert!(config.add_shops(r#"{"sips": [{"merchant_id": "", "secret_key": "x"}]}"#).is_err());
        assert!(config
            .add_shops(r#"{"payline": [{"merchant_id": "1", "access_key": "k", "contracts": []}]}"#)
            .is_err());
    }
}
