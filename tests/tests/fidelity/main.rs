//! Issue 23: the clients of the `constraints`, `routing` and `flawed` fixtures (generated into
//! `OUT_DIR` by this crate's build script) against loopback servers. Constraints are checked
//! before sending wherever a value reaches them (named schemas, `allOf` parts, array items,
//! number bounds); operations go to their own servers unless told otherwise; documented
//! redirects are outcomes and others are followed within their origin; the flaws a document
//! once was refused for are read the one safe way; and what a contract run of public documents
//! found (`realworld`) goes on the wire as the document means it.

include!(concat!(env!("OUT_DIR"), "/constraints_client.rs"));
include!(concat!(env!("OUT_DIR"), "/routing_client.rs"));
include!(concat!(env!("OUT_DIR"), "/flawed_client.rs"));
include!(concat!(env!("OUT_DIR"), "/realworld_client.rs"));

mod constraints;
mod flawed;
mod realworld;
mod routing;
