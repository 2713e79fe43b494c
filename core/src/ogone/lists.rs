//! The SHA-IN and SHA-OUT parameter lists: which parameters take part in each signature.
//!
//! Copied from the platform's published lists (Ogone e-Commerce documentation: the SHA-IN and SHA-OUT
//! parameter lists). A name ending in `*XX*` stands for that name followed by a number
//! (`AMOUNT*XX*` covers `AMOUNT1`, `AMOUNT2`, … of scheduled payments; `ITEMNAME*XX*` the basket lines).
//! A parameter that is not on the list is sent or received but not signed — hashing it anyway is the
//! classic cause of "unknown order/1/s" at the platform.

use std::collections::HashSet;
use std::sync::LazyLock;

/// Parameters signed by SHA-IN (requests), upper case, `*XX*` = a number.
pub const SHA_IN: [&str; 323] = [
    "ACCEPTANCE",
    "ACCEPTURL",
    "ADDMATCH",
    "ADDRMATCH",
    "AIACTIONNUMBER",
    "AIAGIATA",
    "AIAIRNAME",
    "AIAIRTAX",
    "AIBOOKIND*XX*",
    "AICARRIER*XX*",
    "AICHDET",
    "AICLASS*XX*",
    "AICONJTI",
    "AIDEPTCODE",
    "AIDESTCITY*XX*",
    "AIDESTCITYL*XX*",
    "AIEXTRAPASNAME*XX*",
    "AIEYCD",
    "AIFLDATE*XX*",
    "AIFLNUM*XX*",
    "AIGLNUM",
    "AIINVOICE",
    "AIIRST",
    "AIORCITY*XX*",
    "AIORCITYL*XX*",
    "AIPASNAME",
    "AIPROJNUM",
    "AISTOPOV*XX*",
    "AITIDATE",
    "AITINUM",
    "AITINUML*XX*",
    "AITYPCH",
    "AIVATAMNT",
    "AIVATAPPL",
    "ALIAS",
    "ALIASOPERATION",
    "ALIASPERSISTEDAFTERUSE",
    "ALIASUSAGE",
    "ALLOWCORRECTION",
    "AMOUNT",
    "AMOUNT*XX*",
    "AMOUNTHTVA",
    "AMOUNTTVA",
    "ARP_TRN",
    "BACKURL",
    "BATCHID",
    "BGCOLOR",
    "BIC",
    "BIN",
    "BLVERNUM",
    "BRAND",
    "BRANDVISUAL",
    "BUTTONBGCOLOR",
    "BUTTONTXTCOLOR",
    "CANCELURL",
    "CARDNO",
    "CATALOGURL",
    "CAVVALGORITHM_3D",
    "CAVV_3D",
    "CERTID",
    "CHECK_AAV",
    "CIVILITY",
    "CN",
    "COM",
    "COMPLUS",
    "CONVCCY",
    "COSTCENTER",
    "COSTCODE",
    "CREDITCODE",
    "CREDITDEBIT",
    "CUID",
    "CURRENCY",
    "CVC",
    "CVCFLAG",
    "DATA",
    "DATATYPE",
    "DATEIN",
    "DATEOUT",
    "DBXML",
    "DCC_COMMPERC",
    "DCC_CONVAMOUNT",
    "DCC_CONVCCY",
    "DCC_EXCHRATE",
    "DCC_EXCHRATETS",
    "DCC_INDICATOR",
    "DCC_MARGINPERC",
    "DCC_REF",
    "DCC_SOURCE",
    "DCC_VALID",
    "DECLINEURL",
    "DELIVERYDATE",
    "DEVICE",
    "DISCOUNTRATE",
    "DISPLAYMODE",
    "ECI",
    "ECI_3D",
    "ECOM_BILLTO_COMPANY",
    "ECOM_BILLTO_POSTAL_CITY",
    "ECOM_BILLTO_POSTAL_COUNTRYCODE",
    "ECOM_BILLTO_POSTAL_COUNTY",
    "ECOM_BILLTO_POSTAL_NAME_FIRST",
    "ECOM_BILLTO_POSTAL_NAME_LAST",
    "ECOM_BILLTO_POSTAL_NAME_PREFIX",
    "ECOM_BILLTO_POSTAL_POSTALCODE",
    "ECOM_BILLTO_POSTAL_STREET_LINE1",
    "ECOM_BILLTO_POSTAL_STREET_LINE2",
    "ECOM_BILLTO_POSTAL_STREET_LINE3",
    "ECOM_BILLTO_POSTAL_STREET_NUMBER",
    "ECOM_BILLTO_TELECOM_MOBILE_NUMBER",
    "ECOM_BILLTO_TELECOM_PHONE_NUMBER",
    "ECOM_CONSUMERID",
    "ECOM_CONSUMEROGID",
    "ECOM_CONSUMERORDERID",
    "ECOM_CONSUMERUSERALIAS",
    "ECOM_CONSUMERUSERID",
    "ECOM_CONSUMERUSERPWD",
    "ECOM_CONSUMER_GENDER",
    "ECOM_ESTIMATEDDELIVERYDATE",
    "ECOM_ESTIMATEDELIVERYDATE",
    "ECOM_PAYMENT_CARD_EXPDATE_MONTH",
    "ECOM_PAYMENT_CARD_EXPDATE_YEAR",
    "ECOM_PAYMENT_CARD_NAME",
    "ECOM_PAYMENT_CARD_VERIFICATION",
    "ECOM_SHIPMETHOD",
    "ECOM_SHIPMETHODDETAILS",
    "ECOM_SHIPMETHODSPEED",
    "ECOM_SHIPMETHODTYPE",
    "ECOM_SHIPTO_COMPANY",
    "ECOM_SHIPTO_DOB",
    "ECOM_SHIPTO_ONLINE_EMAIL",
    "ECOM_SHIPTO_POSTAL_CITY",
    "ECOM_SHIPTO_POSTAL_COUNTRYCODE",
    "ECOM_SHIPTO_POSTAL_COUNTY",
    "ECOM_SHIPTO_POSTAL_NAME_FIRST",
    "ECOM_SHIPTO_POSTAL_NAME_LAST",
    "ECOM_SHIPTO_POSTAL_NAME_PREFIX",
    "ECOM_SHIPTO_POSTAL_POSTALCODE",
    "ECOM_SHIPTO_POSTAL_STATE",
    "ECOM_SHIPTO_POSTAL_STREET_LINE1",
    "ECOM_SHIPTO_POSTAL_STREET_LINE2",
    "ECOM_SHIPTO_POSTAL_STREET_NUMBER",
    "ECOM_SHIPTO_TELECOM_FAX_NUMBER",
    "ECOM_SHIPTO_TELECOM_MOBILE_NUMBER",
    "ECOM_SHIPTO_TELECOM_PHONE_NUMBER",
    "ECOM_SHIPTO_TVA",
    "ED",
    "EMAIL",
    "EXCEPTIONURL",
    "EXCLPMLIST",
    "EXECUTIONDATE*XX*",
    "FACEXCL*XX*",
    "FACTOTAL*XX*",
    "FIRSTCALL",
    "FLAG3D",
    "FONTTYPE",
    "FORCECODE1",
    "FORCECODE2",
    "FORCECODEHASH",
    "FORCEPROCESS",
    "FORCETP",
    "FP_ACTIV",
    "GENERIC_BL",
    "GIROPAY_ACCOUNT_NUMBER",
    "GIROPAY_BLZ",
    "GIROPAY_OWNER_NAME",
    "GLOBORDERID",
    "GUID",
    "HDFONTTYPE",
    "HDTBLBGCOLOR",
    "HDTBLTXTCOLOR",
    "HEIGHTFRAME",
    "HOMEURL",
    "HTTP_ACCEPT",
    "HTTP_USER_AGENT",
    "INCLUDE_BIN",
    "INCLUDE_COUNTRIES",
    "INITIAL_REC_TRN",
    "INVDATE",
    "INVDISCOUNT",
    "INVLEVEL",
    "INVORDERID",
    "ISSUERID",
    "IST_MOBILE",
    "ITEMATTRIBUTES*XX*",
    "ITEMCATEGORY*XX*",
    "ITEMCOMMENTS*XX*",
    "ITEMDESC*XX*",
    "ITEMDISCOUNT*XX*",
    "ITEMFDMPRODUCTCATEG*XX*",
    "ITEMID*XX*",
    "ITEMNAME*XX*",
    "ITEMPRICE*XX*",
    "ITEMQUANT*XX*",
    "ITEMQUANTORIG*XX*",
    "ITEMUNITOFMEASURE*XX*",
    "ITEMVAT*XX*",
    "ITEMVATCODE*XX*",
    "ITEMWEIGHT*XX*",
    "ITEM_COUNT",
    "LANGUAGE",
    "LEVEL1AUTHCPC",
    "LIDEXCL*XX*",
    "LIMITCLIENTSCRIPTUSAGE",
    "LINE_REF",
    "LINE_REF1",
    "LINE_REF2",
    "LINE_REF3",
    "LINE_REF4",
    "LINE_REF5",
    "LINE_REF6",
    "LIST_BIN",
    "LIST_COUNTRIES",
    "LOGO",
    "MANDATEID",
    "MAXITEMQUANT*XX*",
    "MERCHANTID",
    "MODE",
    "MTIME",
    "MVER",
    "NETAMOUNT",
    "OPERATION",
    "ORDERID",
    "ORDERSHIPCOST",
    "ORDERSHIPMETH",
    "ORDERSHIPTAX",
    "ORDERSHIPTAXCODE",
    "ORIG",
    "OR_INVORDERID",
    "OR_ORDERID",
    "OWNERADDRESS",
    "OWNERADDRESS2",
    "OWNERCTY",
    "OWNERTELNO",
    "OWNERTELNO2",
    "OWNERTOWN",
    "OWNERZIP",
    "PAIDAMOUNT",
    "PARAMPLUS",
    "PARAMVAR",
    "PAYID",
    "PAYMENTOCCURRENCE",
    "PAYMETHOD",
    "PM",
    "PMLIST",
    "PMLISTPMLISTTYPE",
    "PMLISTTYPE",
    "PMLISTTYPEPMLIST",
    "PMTYPE",
    "POPUP",
    "POST",
    "PSPID",
    "PSWD",
    "RECIPIENTACCOUNTNUMBER",
    "RECIPIENTDOB",
    "RECIPIENTLASTNAME",
    "RECIPIENTZIP",
    "REF",
    "REFER",
    "REFID",
    "REFKIND",
    "REF_CUSTOMERID",
    "REF_CUSTOMERREF",
    "REGISTRED",
    "REMOTE_ADDR",
    "REQGENFIELDS",
    "RNPOFFERT",
    "RTIMEOUT",
    "RTIMEOUTREQUESTEDTIMEOUT",
    "SCORINGCLIENT",
    "SEQUENCETYPE",
    "SETT_BATCH",
    "SID",
    "SIGNDATE",
    "STATUS_3D",
    "SUBSCRIPTION_ID",
    "SUB_AM",
    "SUB_AMOUNT",
    "SUB_COM",
    "SUB_COMMENT",
    "SUB_CUR",
    "SUB_ENDDATE",
    "SUB_ORDERID",
    "SUB_PERIOD_MOMENT",
    "SUB_PERIOD_MOMENT_M",
    "SUB_PERIOD_MOMENT_WW",
    "SUB_PERIOD_NUMBER",
    "SUB_PERIOD_NUMBER_D",
    "SUB_PERIOD_NUMBER_M",
    "SUB_PERIOD_NUMBER_WW",
    "SUB_PERIOD_UNIT",
    "SUB_STARTDATE",
    "SUB_STATUS",
    "TAAL",
    "TAXINCLUDED*XX*",
    "TBLBGCOLOR",
    "TBLTXTCOLOR",
    "TID",
    "TITLE",
    "TOTALAMOUNT",
    "TP",
    "TRACK2",
    "TXSHIPPING",
    "TXSHIPPINGLOCATIONPROFILE",
    "TXTBADDR2",
    "TXTCOLOR",
    "TXTOKEN",
    "TXTOKENTXTOKENPAYPAL",
    "TXURL",
    "TXVERIFIER",
    "TYPE_COUNTRY",
    "UCAF_AUTHENTICATION_DATA",
    "UCAF_PAYMENT_CARD_CVC2",
    "UCAF_PAYMENT_CARD_EXPDATE_MONTH",
    "UCAF_PAYMENT_CARD_EXPDATE_YEAR",
    "UCAF_PAYMENT_CARD_NUMBER",
    "USERID",
    "USERTYPE",
    "VERSION",
    "WBTU_MSISDN",
    "WBTU_ORDERID",
    "WEIGHTUNIT",
    "WIN3DS",
    "WITHROOT",
];

/// Parameters signed by SHA-OUT (feedback to the shop), upper case.
pub const SHA_OUT: [&str; 63] = [
    "AAVADDRESS",
    "AAVCHECK",
    "AAVMAIL",
    "AAVNAME",
    "AAVPHONE",
    "AAVZIP",
    "ACCEPTANCE",
    "ALIAS",
    "AMOUNT",
    "BIC",
    "BIN",
    "BRAND",
    "CARDNO",
    "CCCTY",
    "CN",
    "COLLECTOR_BIC",
    "COLLECTOR_IBAN",
    "COMPLUS",
    "CREATION_STATUS",
    "CREDITDEBIT",
    "CURRENCY",
    "CVCCHECK",
    "DCC_COMMPERCENTAGE",
    "DCC_CONVAMOUNT",
    "DCC_CONVCCY",
    "DCC_EXCHRATE",
    "DCC_EXCHRATESOURCE",
    "DCC_EXCHRATETS",
    "DCC_INDICATOR",
    "DCC_MARGINPERCENTAGE",
    "DCC_VALIDHOURS",
    "DEVICEID",
    "DIGESTCARDNO",
    "ECI",
    "ED",
    "EMAIL",
    "ENCCARDNO",
    "FXAMOUNT",
    "FXCURRENCY",
    "IP",
    "IPCTY",
    "MANDATEID",
    "MOBILEMODE",
    "NBREMAILUSAGE",
    "NBRIPUSAGE",
    "NBRIPUSAGE_ALLTX",
    "NBRUSAGE",
    "NCERROR",
    "ORDERID",
    "PAYID",
    "PAYIDSUB",
    "PAYMENT_REFERENCE",
    "PM",
    "SCORING",
    "SCO_CATEGORY",
    "SEQUENCETYPE",
    "SIGNDATE",
    "STATUS",
    "SUBBRAND",
    "SUBSCRIPTION_ID",
    "TICKET",
    "TRXDATE",
    "VC",
];

/// A parameter list ready for lookups: its plain names, and the prefixes of its `*XX*` entries.
///
/// Every parameter of every signature is looked up (22 for a typical feedback, against 323 names for
/// SHA-IN): two hash lookups instead of a scan of the list, which was most of the time of a SHA-OUT check.
pub struct ParameterList {
    names: HashSet<&'static str>,
    numbered: HashSet<&'static str>,
}

impl ParameterList {
    fn new(list: &[&'static str]) -> Self {
        let (numbered, names): (Vec<&'static str>, Vec<&'static str>) =
            list.iter().partition(|entry| entry.ends_with(NUMBERED));
        let numbered = numbered.into_iter().map(|entry| entry.trim_end_matches(NUMBERED)).collect();
        Self { names: names.into_iter().collect(), numbered }
    }

    /// Whether the upper-case `name` is on the list, `*XX*` entries matching any number of digits (at
    /// least one).
    pub fn contains(&self, name: &str) -> bool {
        if self.names.contains(name) {
            return true;
        }
        let prefix = name.trim_end_matches(|c: char| c.is_ascii_digit());
        prefix.len() < name.len() && self.numbered.contains(prefix)
    }
}

/// [`SHA_IN`], ready for lookups.
pub static SHA_IN_NAMES: LazyLock<ParameterList> = LazyLock::new(|| ParameterList::new(&SHA_IN));
/// [`SHA_OUT`], ready for lookups.
pub static SHA_OUT_NAMES: LazyLock<ParameterList> = LazyLock::new(|| ParameterList::new(&SHA_OUT));

/// What ends an entry that stands for its prefix followed by a number.
const NUMBERED: &str = "*XX*";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_entries_match_numbers_only() {
        assert!(SHA_IN_NAMES.contains("AMOUNT"));
        assert!(SHA_IN_NAMES.contains("AMOUNT1"));
        assert!(SHA_IN_NAMES.contains("AMOUNT12"));
        assert!(SHA_IN_NAMES.contains("EXECUTIONDATE2"));
        assert!(!SHA_IN_NAMES.contains("EXECUTIONDATE"));
        assert!(!SHA_IN_NAMES.contains("AMOUNTX"));
        assert!(SHA_IN_NAMES.contains("ITEMNAME3"));
        assert!(!SHA_IN_NAMES.contains("SHASIGN"));
        assert!(!SHA_IN_NAMES.contains("pspid"), "names are compared upper case");
        assert!(SHA_OUT_NAMES.contains("NCERROR"));
        assert!(!SHA_OUT_NAMES.contains("PSPID"), "PSPID comes back unsigned");
    }

    #[test]
    fn lists_are_sorted_and_numbered_entries_well_formed() {
        for list in [&SHA_IN[..], &SHA_OUT[..]] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "the list is kept sorted, without repeats");
            for entry in list {
                let prefix = entry.strip_suffix(NUMBERED).unwrap_or(entry);
                assert!(!prefix.contains('*'), "{entry}: *XX* must end the name");
                if entry.ends_with(NUMBERED) {
                    assert!(
                        !prefix.ends_with(|c: char| c.is_ascii_digit()),
                        "{entry}: the number must be all of the digits"
                    );
                }
            }
        }
    }

    /// The list's definition, entry by entry: what the lookups must agree with.
    fn listed_by_scan(list: &[&str], name: &str) -> bool {
        list.iter().any(|entry| match entry.strip_suffix(NUMBERED) {
            None => *entry == name,
            Some(prefix) => name
                .strip_prefix(prefix)
                .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())),
        })
    }

    proptest::proptest! {
        #[test]
        fn lookups_agree_with_the_definition(
            entry in proptest::sample::select(SHA_IN.iter().chain(SHA_OUT.iter()).copied().collect::<Vec<_>>()),
            digits in "[0-9]{0,3}",
            noise in "[A-Z0-9*_]{0,2}",
        ) {
            let base = entry.trim_end_matches(NUMBERED);
            for name in [format!("{base}{digits}"), format!("{base}{noise}"), format!("{noise}{base}{digits}")] {
                proptest::prop_assert_eq!(SHA_IN_NAMES.contains(&name), listed_by_scan(&SHA_IN, &name), "{}", name);
                proptest::prop_assert_eq!(SHA_OUT_NAMES.contains(&name), listed_by_scan(&SHA_OUT, &name), "{}", name);
            }
        }
    }
}
