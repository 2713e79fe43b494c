//! Gives libcpay.so its SONAME on Linux: `libcpay.so.<major>.<minor>` while the major version is 0 (where a
//! minor version may break the ABI, see CHANGELOG.md), `libcpay.so.<major>` from 1.0. A program linked with
//! `-lcpay` then records that name and needs a library of the same ABI at run time; `make install-c` and
//! the C archive of `make dist` install the file under it, with `libcpay.so` as a link for the linker.
use std::env;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("linux") {
        return;
    }
    let major = env::var("CARGO_PKG_VERSION_MAJOR").unwrap_or_default();
    let minor = env::var("CARGO_PKG_VERSION_MINOR").unwrap_or_default();
    let abi = if major == "0" { format!("0.{minor}") } else { major };
    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libcpay.so.{abi}");
}
