//! `src/cli.rs` and `src/main.rs`: the `cli` feature's command-line tool, `<group> <operation>`,
//! with the names lowering gave ([`crate::ir::CliCommand`]). What every tool shares (output,
//! bodies, exit codes, the dry run) is the runtime's `cli` module; this file only declares the
//! commands and calls the operations.

use super::args::positional_args;
use super::features::Features;
use super::types::{ident, rust_type, Spelling};
use crate::ir::{Api, CliCommand, Docs, Operation, StreamKind, TypeArena, TypeKind, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;

/// `src/main.rs`: the binary, which runs the tool with the client the environment configures.
pub fn main_file(crate_name: &str) -> TokenStream {
    let krate = ident(&crate_name.replace('-', "_"));
    quote! {
        //! The command-line tool of this API; see the crate's `cli` module.

        use #krate::{cli, ClientBuilder};
        use openapi_client_runtime::cli::{block_on, exit};

        fn main() -> std::process::ExitCode {
            exit(|args, io| block_on(cli::run(args, io, ClientBuilder::from_env())))
        }
    }
}

/// `src/cli.rs`: the command tree and the call of each operation.
pub fn cli_file(
    api: &Api,
    groups: &BTreeMap<&str, Vec<&Operation>>,
    features: &Features,
    crate_name: &str,
    env_prefix: &str,
) -> TokenStream {
    let about = format!(
        "The {} API (version {}) from the command line",
        api.info.title, api.info.version
    );
    let mut group_fns = Vec::new();
    let mut adds = Vec::new();
    let mut arms = Vec::new();
    for (group, operations) in groups {
        let Some(names) = api.groups.get(*group) else {
            continue;
        };
        let offered: Vec<(&Operation, &CliCommand)> = operations
            .iter()
            .filter_map(|op| Some((*op, op.cli.as_ref()?)))
            .collect();
        if offered.is_empty() {
            continue;
        }
        // A plain `cfg`: the docs.rs label of `Features::gate` is for items, not statements
        // and match arms.
        let gate = features
            .names(&[group])
            .first()
            .map(|feature| quote!(#[cfg(feature = #feature)]));
        let builder = ident(&format!("{}_command", names.module));
        let command = &names.command;
        let doc = first_line(&names.doc);
        let subcommands = offered
            .iter()
            .map(|(op, cli)| operation_command(op, cli, &api.types));
        let fn_doc = format!(" The `{command}` group's commands.");
        group_fns.push(quote! {
            #[doc = #fn_doc]
            #gate
            fn #builder() -> Command {
                cli::group(#command, #doc)
                    #(.subcommand(#subcommands))*
            }
        });
        adds.push(quote! {
            #gate
            let command = command.subcommand(#builder());
        });
        let accessor = ident(&names.accessor);
        for (op, cli) in offered {
            let call = operation_call(op, cli, &accessor, &api.types);
            let name = &cli.name;
            arms.push(quote! {
                #gate
                (#command, #name) => { #call }
            });
        }
    }
    let prefix = env_prefix;
    quote! {
        //! The command-line tool of this API (the `cli` feature): `<group> <operation>`, with the
        //! credentials and base URL of [`ClientBuilder::from_env`](crate::ClientBuilder::from_env).

        use openapi_client_runtime::cli::{self, clap::{ArgMatches, Command}, Failure, Globals};
        pub use openapi_client_runtime::cli::Io;
        // Types of parameters and bodies, when an offered operation has one of the models.
        #[allow(unused_imports)]
        use crate::models;

        /// Every command of the tool, with its arguments and help.
        pub fn command() -> Command {
            let command = cli::root(#crate_name, #about, #prefix);
            #(#adds)*
            command
        }

        #(#group_fns)*

        /// Runs the tool on `args` (the program's name first) with the client `builder`
        /// configures, writing to `io`; returns the exit code.
        pub async fn run(args: Vec<String>, io: &mut Io<'_>, builder: crate::ClientBuilder) -> u8 {
            let matches = match command().try_get_matches_from(args) {
                Ok(matches) => matches,
                Err(error) => return cli::clap_error(io, error),
            };
            let globals = Globals::from_matches(&matches);
            let Some((group, matches)) = matches.subcommand() else {
                return cli::EXIT_USAGE;
            };
            if group == "completions" {
                return cli::completions(io, command(), matches);
            }
            let mut builder = builder;
            if let Some(url) = &globals.base_url {
                builder = builder.base_url(url.as_str());
            }
            let dry = cli::DryRun::new(&<crate::Spec as openapi_client_runtime::Api>::CONFIG);
            if globals.dry_run {
                builder = builder
                    .http_client(dry.clone())
                    .retry_policy(crate::RetryPolicy::none());
            }
            let client = match builder.build() {
                Ok(client) => client,
                Err(error) => return cli::print_error(io, &globals, error),
            };
            let code = match call(&client, group, matches, &globals, io).await {
                Ok(code) => code,
                Err(failure) => cli::fail(io, failure),
            };
            if globals.dry_run {
                cli::finish_dry_run(io, &dry, code)
            } else {
                code
            }
        }

        /// Calls the operation `group` and its subcommand name, and prints the outcome.
        #[allow(unused_variables)]
        async fn call(
            client: &crate::Client,
            group: &str,
            matches: &ArgMatches,
            globals: &Globals,
            io: &mut Io<'_>,
        ) -> Result<u8, Failure> {
            let Some((operation, matches)) = matches.subcommand() else {
                return Ok(cli::EXIT_USAGE);
            };
            Ok(match (group, operation) {
                #(#arms)*
                _ => cli::EXIT_USAGE,
            })
        }
    }
}

/// The first line of `text`.
fn first_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .unwrap_or_default()
        .to_string()
}

/// The one-line help and the longer one of an item's documentation.
fn about(docs: &Docs) -> (String, String) {
    let summary = docs.summary.as_deref().map(first_line);
    let description = docs.description.as_deref().map(str::trim).unwrap_or("");
    match summary {
        Some(summary) => (summary, description.to_string()),
        None => (first_line(description), description.to_string()),
    }
}

/// The type an argument's text parses into, and whether it repeats (an array).
fn value_type(ty: &TypeRef, arena: &TypeArena) -> (TokenStream, bool) {
    match arena.argument(ty) {
        // Secrets are taken as text.
        TypeRef::Primitive(crate::ir::Primitive::Secret) => (quote!(String), false),
        TypeRef::Vec(item) => (rust_type(item, arena, Spelling::Qualified), true),
        other => (rust_type(other, arena, Spelling::Qualified), false),
    }
}

/// The values of an enum type, which its argument offers.
fn enum_values(ty: &TypeRef, arena: &TypeArena) -> Option<Vec<String>> {
    let item = match arena.through_aliases(ty) {
        TypeRef::Vec(item) => arena.through_aliases(item),
        other => other,
    };
    let TypeRef::Named(id) = item else {
        return None;
    };
    match &arena.get(*id).kind {
        TypeKind::StringEnum(values) => Some(values.iter().map(|v| v.value.clone()).collect()),
        TypeKind::IntEnum(values) => Some(values.iter().map(|v| v.value.to_string()).collect()),
        _ => None,
    }
}

/// One argument: positional for a required parameter, else a flag; typed, repeated for
/// arrays, limited to an enum's values.
fn argument(
    name: &str,
    ty: &TypeRef,
    help: &str,
    positional: bool,
    arena: &TypeArena,
) -> TokenStream {
    let (value, many) = value_type(ty, arena);
    let arg = if positional {
        let arg = quote!(cli::positional::<#value>(#name, #help));
        if many {
            quote!(#arg.num_args(1..))
        } else {
            arg
        }
    } else {
        quote!(cli::flag::<#value>(#name, #help, #many))
    };
    match enum_values(ty, arena) {
        Some(values) => quote!(cli::one_of::<#value>(#arg, &[#(#values),*])),
        None => arg,
    }
}

/// The help line of a parameter or property.
fn help(docs: &Docs, fallback: String) -> String {
    let (about, _) = about(docs);
    if about.is_empty() {
        fallback
    } else {
        about
    }
}

/// The command of one operation.
fn operation_command(op: &Operation, cli: &CliCommand, arena: &TypeArena) -> TokenStream {
    let (mut short, long) = about(&op.docs);
    if short.is_empty() {
        short = format!("{} {}", op.method.as_str(), op.path.raw);
    }
    if op.deprecated {
        short = format!("[deprecated] {short}");
    }
    let name = &cli.name;
    let alias = match &cli.alias {
        Some(alias) => quote!(Some(#alias)),
        None => quote!(None),
    };
    let mut args = Vec::new();
    for (param, arg) in op.params.iter().zip(&cli.args) {
        let fallback = format!("The `{}` {} parameter", param.wire_name, param.location);
        args.push(argument(
            arg,
            &param.ty,
            &help(&param.docs, fallback),
            param.required,
            arena,
        ));
    }
    if let Some(body) = &op.body {
        let required = body.required && cli.body_fields.is_empty();
        args.push(quote!(cli::body_arg(#required)));
    }
    for field in &cli.body_fields {
        let fallback = format!("The body's `{}` property", field.wire_name);
        args.push(argument(
            &field.flag,
            &field.ty,
            &help(&field.docs, fallback),
            false,
            arena,
        ));
    }
    if op.stream == Some(StreamKind::Pages) {
        args.push(quote!(cli::all_arg()));
    }
    quote! {
        cli::operation(#name, #alias, #short, #long)
            #(.arg(#args))*
    }
}

/// The statements of an operation's match arm: read the arguments, call, print.
fn operation_call(
    op: &Operation,
    cli: &CliCommand,
    accessor: &proc_macro2::Ident,
    arena: &TypeArena,
) -> TokenStream {
    let mut reads = Vec::new();
    // Required parameters, bound to their owned values.
    for (param, arg) in op.params.iter().zip(&cli.args).filter(|(p, _)| p.required) {
        let name = ident(&param.ident);
        let (value, many) = value_type(&param.ty, arena);
        reads.push(if many {
            quote!(let #name: Vec<#value> = cli::many(matches, #arg).unwrap_or_default();)
        } else {
            quote!(let #name: #value = cli::required(matches, #arg)?;)
        });
    }
    if let Some(body) = &op.body {
        let read = match &body.kind {
            crate::ir::RequestBodyKind::Text => quote!(let body = cli::body_text(matches, io)?;),
            _ => {
                let fields = cli.body_fields.iter().map(|field| {
                    let (value, _) = value_type(&field.ty, arena);
                    let flag = &field.flag;
                    let wire = &field.wire_name;
                    quote!(cli::set_field(&mut body, #wire, cli::optional::<#value>(matches, #flag))?;)
                });
                let mutable = (!cli.body_fields.is_empty()).then(|| quote!(mut));
                quote! {
                    let #mutable body = cli::body_json(matches, io)?;
                    #(#fields)*
                    let body = body.map(cli::decode_body).transpose()?;
                }
            }
        };
        reads.push(read);
    }
    let args = positional_args(op, arena);
    if let Some(body) = &op.body {
        // The body's argument is the last but the content type of an encoded multipart body,
        // which the tool does not offer.
        if let Some(arg) = args.iter().rev().find(|arg| arg.ident == "body") {
            let owned = &arg.owned;
            reads.push(if body.required {
                quote!(let body: #owned = cli::required_body(body)?;)
            } else {
                quote!(let body: #owned = body;)
            });
        }
    }
    let lent: Vec<&TokenStream> = args.iter().map(|arg| &arg.borrow).collect();
    let options = op.options_struct.as_ref().map(|name| {
        let name = ident(name);
        let fields = op
            .params
            .iter()
            .zip(&cli.args)
            .filter(|(p, _)| !p.required)
            .map(|(param, arg)| {
                let field = ident(&param.ident);
                let (_, many) = value_type(&param.ty, arena);
                if many {
                    quote!(#field: cli::many(matches, #arg))
                } else {
                    quote!(#field: cli::optional(matches, #arg))
                }
            });
        quote!(crate::apis::#name { #(#fields),* })
    });
    let options_arg = options.as_ref().map(|_| quote!(options));
    let call_args: Vec<TokenStream> = lent
        .into_iter()
        .cloned()
        .chain(options_arg.clone())
        .collect();
    let options_let = options.map(|options| quote!(let options = #options;));
    let info = ident(&op.info_method_name);
    let all = (op.stream == Some(StreamKind::Pages)).then(|| {
        let stream = ident(&op.stream_method_name);
        quote! {
            if cli::all(matches) {
                return Ok(cli::print_all(io, globals, api.#stream(#(#call_args),*)).await);
            }
        }
    });
    quote! {
        let api = client.#accessor();
        #(#reads)*
        #options_let
        #all
        cli::print(io, globals, api.#info(#(#call_args),*).await)
    }
}
