//! The interface generated operations call: building a [`Request`] (parameter encodings,
//! bodies, security requirements), and turning the [`RawResponse`] of
//! [`Client::execute`](crate::Client::execute) into an [`ApiResponse`], with the operation's
//! [`ErrorDecoder`] for error bodies.

pub use crate::auth::{Need, Requirement};
pub use crate::body::ByteStream;
pub use crate::encoding::{
    json_text, json_value, label_param, matrix_param, path_param, path_segment,
};
pub use crate::request::Request;
pub use crate::response::{json_error_model, ApiResponse, ErrorDecoder, RawResponse};
