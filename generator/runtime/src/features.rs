//! [`gated_module!`](crate::gated_module): a module built only when one of some cargo features
//! of the crate that invokes it is on.

/// Declares the file module `$module` and re-exports its items, both only when one of the
/// cargo features is on. The features are those of the crate that invokes the macro; a
/// generated crate gates each model with the features of the API groups that use it:
///
/// ```ignore
/// openapi_client_runtime::gated_module!(registry_response, "registries", "tokens");
/// // expands to
/// #[cfg(any(feature = "registries", feature = "tokens"))]
/// mod registry_response;
/// #[cfg(any(feature = "registries", feature = "tokens"))]
/// pub use self::registry_response::*;
/// ```
#[macro_export]
macro_rules! gated_module {
    ($module:ident, $($feature:literal),+ $(,)?) => {
        #[cfg(any($(feature = $feature),+))]
        mod $module;
        #[cfg(any($(feature = $feature),+))]
        #[cfg_attr(docsrs, doc(cfg(any($(feature = $feature),+))))]
        pub use self::$module::*;
    };
}
