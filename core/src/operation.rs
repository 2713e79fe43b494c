//! What an operation is: a name, a summary, a typed input, a typed output and the typed function between
//! them. Gateways declare theirs with [`operation!`](crate::operation!); [`crate::api`] lists them all.
//!
//! The handler of an operation only converts: JSON → input type, the typed function, output type → JSON.
//! So the typed Rust API and the JSON operation that the CLI, C, PHP, Python and Node call are one function
//! and cannot disagree.

use crate::error::Result;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// One operation of the registry.
pub trait Operation {
    /// `<gateway>.<verb>`, e.g. `lyra.notification`.
    const NAME: &'static str;
    /// The operation's doc comment: its first sentence is the summary every language shows.
    const DOC: &'static str;
    /// What the caller gives (a JSON object in every language).
    type Input: DeserializeOwned + JsonSchema;
    /// What the operation answers.
    type Output: Serialize + JsonSchema;
    /// The typed function that serves the operation.
    fn serve(input: Self::Input) -> Result<Self::Output>;
}

/// Declare an operation: a unit struct named `$ty` implementing [`Operation`], whose doc comment is the
/// operation's documentation in every language.
///
/// ```ignore
/// operation! {
///     /// The signature of the `vads_*` fields.
///     pub Sign = "lyra.sign", |input: SignInput| -> Signature { … }
/// }
/// ```
#[macro_export]
#[doc(hidden)]
macro_rules! operation {
    ($(#[doc = $doc:literal])+ $vis:vis $ty:ident = $name:literal,
     |$input:ident: $in:ty| -> $out:ty $body:block) => {
        $(#[doc = $doc])+
        #[derive(Debug, Clone, Copy)]
        $vis struct $ty;

        impl $crate::operation::Operation for $ty {
            const NAME: &'static str = $name;
            const DOC: &'static str = concat!($($doc, "\n"),+);
            type Input = $in;
            type Output = $out;
            fn serve($input: $in) -> $crate::Result<$out> $body
        }
    };
}
