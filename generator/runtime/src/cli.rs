//! The `cli` feature: what every generated command-line tool shares, so that each generated
//! `cli` module only declares its commands and calls its operations. Global options, argument
//! parsing into the parameters' types, request bodies (`--body @file`, `-` for stdin, inline
//! JSON, flags per field), printing (JSON, pretty on a terminal, or a table), the dry-run
//! transport and the exit codes: 0 success, 1 API error, 2 usage, 3 transport or timeout.

use std::fmt;
use std::io::{IsTerminal, Read, Write};
use std::sync::{Arc, Mutex};

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Arg, ArgAction, ArgMatches, Command};
use futures::StreamExt;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::auth::{Location, SchemeKind};
use crate::compat::BoxFuture;
use crate::http::{HttpClient, TransportError};
use crate::{ApiConfig, ApiResponse, Error, PageStream};

pub use clap;
pub use clap_complete;

/// Exit code of a successful command.
pub const EXIT_OK: u8 = 0;
/// Exit code when the API answered with an error status (or an answer that does not decode).
pub const EXIT_API: u8 = 1;
/// Exit code of a usage error: bad arguments, a body that does not parse or validate.
pub const EXIT_USAGE: u8 = 2;
/// Exit code when no answer came: the transport failed or the time ran out.
pub const EXIT_TRANSPORT: u8 = 3;

/// Where a command reads and writes: the process's streams, or buffers in tests.
pub struct Io<'a> {
    /// Standard output: results.
    pub out: &'a mut dyn Write,
    /// Standard error: errors and request ids.
    pub err: &'a mut dyn Write,
    /// Standard input, read by `--body -`.
    pub input: &'a mut dyn Read,
    /// Whether `out` is a terminal (JSON is then pretty-printed).
    pub terminal: bool,
}

/// Runs `run` on the process's arguments and streams and exits with the code it returns:
/// the `main` of a generated tool.
pub fn exit(run: impl FnOnce(Vec<String>, &mut Io<'_>) -> u8) -> std::process::ExitCode {
    let args: Vec<String> = std::env::args_os()
        .map(|arg| arg.to_string_lossy().into_owned())
        .collect();
    let terminal = std::io::stdout().is_terminal();
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr();
    let mut input = std::io::stdin();
    let mut io = Io {
        out: &mut out,
        err: &mut err,
        input: &mut input,
        terminal,
    };
    let code = run(args, &mut io);
    let _ = io.out.flush();
    std::process::ExitCode::from(code)
}

/// Runs `future` to its exit code on a Tokio runtime on this thread.
pub fn block_on(future: impl std::future::Future<Output = u8>) -> u8 {
    match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime.block_on(future),
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            EXIT_TRANSPORT
        }
    }
}

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Output {
    /// JSON: pretty on a terminal, compact otherwise.
    Json,
    /// A text table of the scalar fields of a list.
    Table,
}

/// The options every command takes.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Globals {
    /// `--base-url`.
    pub base_url: Option<String>,
    /// `--output`.
    pub output: Output,
    /// `--include`: status and headers around the body.
    pub include: bool,
    /// `--dry-run`: print the request instead of sending it.
    pub dry_run: bool,
}

impl Globals {
    /// The global options of the parsed command line.
    pub fn from_matches(matches: &ArgMatches) -> Self {
        let flag = |name: &str| matches.try_get_one::<bool>(name).ok().flatten() == Some(&true);
        let output = match matches
            .try_get_one::<String>("output")
            .ok()
            .flatten()
            .map(String::as_str)
        {
            Some("table") => Output::Table,
            _ => Output::Json,
        };
        Globals {
            base_url: matches
                .try_get_one::<String>("base-url")
                .ok()
                .flatten()
                .cloned(),
            output,
            include: flag("include"),
            dry_run: flag("dry-run"),
        }
    }
}

/// The root command `name`, with the global options and the `completions` subcommand.
pub fn root(name: &'static str, about: &'static str, env: &'static str) -> Command {
    let after = format!(
        "Credentials and the base URL are read from the environment as the library reads them \
         ({env}_TOKEN, {env}_USERNAME and {env}_PASSWORD, {env}_API_URL, ...).\n\
         Exit codes: 0 success, 1 API error, 2 usage, 3 transport or timeout."
    );
    Command::new(name)
        .about(about)
        .after_help(after)
        .subcommand_required(true)
        .arg_required_else_help(true)
        .arg(
            Arg::new("base-url")
                .long("base-url")
                .global(true)
                .value_name("URL")
                .help("The API's base URL (instead of the environment's or the default)"),
        )
        .arg(
            Arg::new("output")
                .long("output")
                .short('o')
                .global(true)
                .value_parser(["json", "table"])
                .default_value("json")
                .help("How results are printed"),
        )
        .arg(
            Arg::new("include")
                .long("include")
                .short('i')
                .global(true)
                .action(ArgAction::SetTrue)
                .help("Print the HTTP status and response headers with the body"),
        )
        .arg(
            Arg::new("dry-run")
                .long("dry-run")
                .global(true)
                .action(ArgAction::SetTrue)
                .help(
                    "Print the request that would be sent (credentials redacted) and send nothing",
                ),
        )
        .subcommand(
            Command::new("completions")
                .about("Print a shell completion script")
                .arg(
                    Arg::new("shell")
                        .required(true)
                        .value_parser(clap::value_parser!(clap_complete::Shell)),
                ),
        )
}

/// A group of operations: `name` with its operations as subcommands.
pub fn group(name: &'static str, about: &'static str) -> Command {
    Command::new(name)
        .about(about)
        .subcommand_required(true)
        .arg_required_else_help(true)
}

/// An operation's command: `name`, an optional short `alias`, its summary as `about` and its
/// description as `long_about`.
pub fn operation(
    name: &'static str,
    alias: Option<&'static str>,
    about: &'static str,
    long_about: &'static str,
) -> Command {
    let command = Command::new(name).about(about);
    let command = match alias {
        Some(alias) => command.visible_alias(alias),
        None => command,
    };
    if long_about.is_empty() {
        command
    } else {
        command.long_about(long_about)
    }
}

/// A required parameter: positional, parsed as `T`.
pub fn positional<T>(name: &'static str, help: &'static str) -> Arg
where
    T: DeserializeOwned + Clone + Send + Sync + 'static,
{
    Arg::new(name)
        .required(true)
        .help(help)
        .value_parser(parse::<T>)
}

/// An optional parameter: `--name <value>`, parsed as `T`; `many` repeats it for arrays.
pub fn flag<T>(name: &'static str, help: &'static str, many: bool) -> Arg
where
    T: DeserializeOwned + Clone + Send + Sync + 'static,
{
    let arg = Arg::new(name)
        .long(name)
        .help(help)
        .value_parser(parse::<T>);
    if many {
        arg.action(ArgAction::Append)
    } else {
        arg
    }
}

/// Restricts `arg` to the enum's `values` (listed in the help), parsed as `T`.
pub fn one_of<T>(arg: Arg, values: &'static [&'static str]) -> Arg
where
    T: DeserializeOwned + Clone + Send + Sync + 'static,
{
    arg.value_parser(PossibleValuesParser::new(values).try_map(|text| parse::<T>(&text)))
}

/// `--body`: the request body as `@file`, `-` (stdin) or inline JSON.
pub fn body_arg(required: bool) -> Arg {
    Arg::new("body")
        .long("body")
        .value_name("JSON|@FILE|-")
        .required(required)
        .help("The request body: inline JSON, @file.json, or - to read standard input")
}

/// `--all` for an operation with pages: every item of every page, one JSON line each.
pub fn all_arg() -> Arg {
    Arg::new("all")
        .long("all")
        .action(ArgAction::SetTrue)
        .help("Follow the pages and print every item, one JSON line each")
}

/// Whether an operation's `--all` is given.
pub fn all(matches: &ArgMatches) -> bool {
    matches.try_get_one::<bool>("all").ok().flatten() == Some(&true)
}

/// Parses one argument as `T`: a JSON string of the text first (strings, enums, ids, dates),
/// then the text as JSON (numbers, booleans, objects).
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    match serde_json::from_value(Value::String(text.to_string())) {
        Ok(value) => Ok(value),
        // What the text as a string lacked is the better message for a value typed as text.
        Err(as_string) => serde_json::from_str(text).map_err(|_| as_string.to_string()),
    }
}

/// Why a command stopped before calling the API, with its exit code.
#[derive(Debug)]
pub struct Failure {
    /// The exit code.
    pub code: u8,
    /// What to tell the user.
    pub message: String,
}

impl Failure {
    /// A usage error.
    pub fn usage(message: impl Into<String>) -> Self {
        Failure {
            code: EXIT_USAGE,
            message: message.into(),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The value of required argument `name`.
pub fn required<T: Clone + Send + Sync + 'static>(
    matches: &ArgMatches,
    name: &str,
) -> Result<T, Failure> {
    optional(matches, name).ok_or_else(|| Failure::usage(format!("<{name}> is required")))
}

/// The value of optional argument `name`.
pub fn optional<T: Clone + Send + Sync + 'static>(matches: &ArgMatches, name: &str) -> Option<T> {
    matches.try_get_one::<T>(name).ok().flatten().cloned()
}

/// The values of repeated argument `name`, `None` when it is not given.
pub fn many<T: Clone + Send + Sync + 'static>(matches: &ArgMatches, name: &str) -> Option<Vec<T>> {
    matches
        .try_get_many::<T>(name)
        .ok()
        .flatten()
        .map(|values| values.cloned().collect())
}

/// The JSON given with `--body`, if any: the contents of `@file`, standard input for `-`,
/// else the text itself.
pub fn body_json(matches: &ArgMatches, io: &mut Io<'_>) -> Result<Option<Value>, Failure> {
    let Some(text) = body_text(matches, io)? else {
        return Ok(None);
    };
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|error| Failure::usage(format!("the body is not valid JSON: {error}")))
}

/// The text given with `--body`, read as [`body_json`] reads it.
pub fn body_text(matches: &ArgMatches, io: &mut Io<'_>) -> Result<Option<String>, Failure> {
    let Some(given) = optional::<String>(matches, "body") else {
        return Ok(None);
    };
    if given == "-" {
        let mut text = String::new();
        io.input
            .read_to_string(&mut text)
            .map_err(|error| Failure::usage(format!("cannot read standard input: {error}")))?;
        return Ok(Some(text));
    }
    if let Some(path) = given.strip_prefix('@') {
        return std::fs::read_to_string(path)
            .map(Some)
            .map_err(|error| Failure::usage(format!("cannot read {path}: {error}")));
    }
    Ok(Some(given))
}

/// Sets property `wire` of the body to `value` when given (a flag of a flat body overrides
/// what `--body` said).
pub fn set_field<T: Serialize>(
    body: &mut Option<Value>,
    wire: &str,
    value: Option<T>,
) -> Result<(), Failure> {
    let Some(value) = value else {
        return Ok(());
    };
    let value = serde_json::to_value(value)
        .map_err(|error| Failure::usage(format!("--{wire}: {error}")))?;
    let object = body.get_or_insert_with(|| Value::Object(Map::new()));
    match object {
        Value::Object(map) => {
            map.insert(wire.to_string(), value);
            Ok(())
        }
        _ => Err(Failure::usage(format!(
            "--{wire} needs a body that is a JSON object"
        ))),
    }
}

/// Decodes the body's JSON as the operation's body type.
pub fn decode_body<T: DeserializeOwned>(body: Value) -> Result<T, Failure> {
    serde_json::from_value(body)
        .map_err(|error| Failure::usage(format!("the body does not fit the schema: {error}")))
}

/// A body that must be given.
pub fn required_body<T>(body: Option<T>) -> Result<T, Failure> {
    body.ok_or_else(|| Failure::usage("a body is required: give --body"))
}

/// Prints a clap error (usage, `--help`, `--version`) and returns its exit code.
pub fn clap_error(io: &mut Io<'_>, error: clap::Error) -> u8 {
    let text = error.render().to_string();
    let code = u8::try_from(error.exit_code()).unwrap_or(EXIT_USAGE);
    if error.use_stderr() {
        let _ = io.err.write_all(text.as_bytes());
    } else {
        let _ = io.out.write_all(text.as_bytes());
    }
    code
}

/// Prints `failure` to standard error and returns its exit code.
pub fn fail(io: &mut Io<'_>, failure: Failure) -> u8 {
    let _ = writeln!(io.err, "error: {failure}");
    failure.code
}

/// Prints the completion script of `command` for the shell `matches` names.
pub fn completions(io: &mut Io<'_>, mut command: Command, matches: &ArgMatches) -> u8 {
    let Some(shell) = optional::<clap_complete::Shell>(matches, "shell") else {
        return fail(io, Failure::usage("a shell is required"));
    };
    let name = command.get_name().to_string();
    clap_complete::generate(shell, &mut command, name, io.out);
    EXIT_OK
}

/// Prints the outcome of a call: its data (with status and headers under `--include`), or
/// the error.
pub fn print<T: Serialize, M: Serialize + fmt::Debug>(
    io: &mut Io<'_>,
    globals: &Globals,
    result: Result<ApiResponse<T>, Error<M>>,
) -> u8 {
    match result {
        Ok(response) => {
            let data = match serde_json::to_value(&response.data) {
                Ok(data) => data,
                Err(error) => return fail(io, Failure::usage(error.to_string())),
            };
            if globals.include {
                let mut headers = Map::new();
                for (name, value) in &response.headers {
                    let value = if value.is_sensitive() || name == "set-cookie" {
                        "<redacted>".to_string()
                    } else {
                        String::from_utf8_lossy(value.as_bytes()).into_owned()
                    };
                    headers.insert(name.to_string(), Value::String(value));
                }
                let whole = serde_json::json!({
                    "status": response.status.as_u16(),
                    "headers": headers,
                    "body": data,
                });
                write_json(io, &whole);
            } else if data.is_null() {
                // Nothing to print for an answer without a body.
            } else {
                match globals.output {
                    Output::Table => {
                        let table = table(&data);
                        let _ = io.out.write_all(table.as_bytes());
                    }
                    Output::Json => write_json(io, &data),
                }
            }
            EXIT_OK
        }
        Err(error) => print_error(io, globals, error),
    }
}

/// Prints every item of `stream`, one compact JSON line each; an error ends it.
pub async fn print_all<T: Serialize, M: Serialize + fmt::Debug>(
    io: &mut Io<'_>,
    globals: &Globals,
    mut stream: PageStream<T, M>,
) -> u8 {
    while let Some(item) = stream.next().await {
        match item {
            Ok(item) => {
                let line = serde_json::to_string(&item).unwrap_or_else(|_| "null".into());
                let _ = writeln!(io.out, "{line}");
            }
            Err(error) => return print_error(io, globals, error),
        }
    }
    EXIT_OK
}

/// Prints `error` to standard error (an API error as its error model in JSON, with the
/// request id) and returns its exit code.
pub fn print_error<M: Serialize + fmt::Debug>(
    io: &mut Io<'_>,
    globals: &Globals,
    error: Error<M>,
) -> u8 {
    match error {
        // The dry run's transport stops every call; [`finish_dry_run`] prints the request.
        Error::Transport(_) if globals.dry_run => EXIT_OK,
        Error::Api(api) => {
            let _ = writeln!(io.err, "error: the server answered HTTP {}", api.status);
            let body = match &api.model {
                Some(model) => serde_json::to_string_pretty(model).ok(),
                None => api.body_text().map(str::to_string),
            };
            if let Some(body) = body.filter(|body| !body.is_empty()) {
                let _ = writeln!(io.err, "{body}");
            }
            if let Some(id) = &api.request_id {
                let _ = writeln!(io.err, "request id: {id}");
            }
            EXIT_API
        }
        Error::Decode(_) | Error::ResponseTooLarge { .. } => {
            let _ = writeln!(io.err, "error: {error}");
            EXIT_API
        }
        Error::Transport(_) | Error::Timeout(_) | Error::Token { .. } | Error::Hook(_) => {
            let _ = writeln!(io.err, "error: {error}");
            EXIT_TRANSPORT
        }
        _ => {
            let _ = writeln!(io.err, "error: {error}");
            EXIT_USAGE
        }
    }
}

/// Writes `value` as JSON: pretty on a terminal, one line otherwise.
fn write_json(io: &mut Io<'_>, value: &Value) {
    let text = if io.terminal {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    };
    let _ = writeln!(io.out, "{}", text.unwrap_or_default());
}

/// A text table of `value`: the rows of an array of objects (or of the first such array in an
/// object, like a page's `items`), its columns the keys with scalar values; any other value
/// as one row of its scalar fields.
pub fn table(value: &Value) -> String {
    let rows: Vec<&Map<String, Value>> = match value {
        Value::Array(items) => items.iter().filter_map(Value::as_object).collect(),
        Value::Object(object) => object
            .values()
            .find_map(|field| match field {
                Value::Array(items) if items.iter().any(Value::is_object) => {
                    Some(items.iter().filter_map(Value::as_object).collect())
                }
                _ => None,
            })
            .unwrap_or_else(|| vec![object]),
        scalar => return format!("{}\n", cell(scalar)),
    };
    let mut columns: Vec<&str> = Vec::new();
    for row in &rows {
        for (key, field) in row.iter() {
            if !field.is_object() && !field.is_array() && !columns.contains(&key.as_str()) {
                columns.push(key);
            }
        }
    }
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            columns
                .iter()
                .map(|column| row.get(*column).map(cell).unwrap_or_default())
                .collect()
        })
        .collect();
    let widths: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(index, column)| {
            cells
                .iter()
                .map(|row| row[index].chars().count())
                .chain([column.chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |values: Vec<&str>| {
        let padded: Vec<String> = values
            .iter()
            .zip(&widths)
            .map(|(value, width)| format!("{value:<width$}"))
            .collect();
        format!("{}\n", padded.join("  ").trim_end())
    };
    let mut text = line(columns.clone());
    for row in &cells {
        text.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    text
}

/// One cell: strings without quotes, other scalars as JSON.
fn cell(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The transport of `--dry-run`: records the request it is given, with credentials redacted,
/// and answers with a transport error, so that nothing is sent.
#[derive(Clone, Default)]
pub struct DryRun {
    printed: Arc<Mutex<String>>,
    secret_headers: Vec<String>,
    secret_query: Vec<String>,
}

impl fmt::Debug for DryRun {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DryRun").finish_non_exhaustive()
    }
}

impl DryRun {
    /// A dry run of the API configured by `config`, whose schemes say where credentials go.
    pub fn new(config: &ApiConfig) -> Self {
        let mut dry = DryRun {
            secret_headers: vec![
                "authorization".into(),
                "proxy-authorization".into(),
                "cookie".into(),
            ],
            ..DryRun::default()
        };
        for scheme in config.schemes {
            if let SchemeKind::Token { location, name, .. } = scheme.kind {
                match location {
                    Location::Query => dry.secret_query.push(name.to_string()),
                    _ => dry.secret_headers.push(name.to_ascii_lowercase()),
                }
            }
        }
        dry
    }

    /// What the request would have been, once the call was made.
    pub fn printed(&self) -> String {
        self.printed
            .lock()
            .map(|text| text.clone())
            .unwrap_or_default()
    }

    /// The request as text: method and URL, headers, blank line, body.
    fn describe(&self, request: &reqwest::Request) -> String {
        let mut url = request.url().clone();
        if !self.secret_query.is_empty() {
            let pairs: Vec<(String, String)> = url
                .query_pairs()
                .map(|(name, value)| {
                    let value = if self.secret_query.iter().any(|secret| *secret == name) {
                        "<redacted>".to_string()
                    } else {
                        value.into_owned()
                    };
                    (name.into_owned(), value)
                })
                .collect();
            if !pairs.is_empty() {
                url.query_pairs_mut().clear().extend_pairs(pairs);
            }
        }
        let mut text = format!("{} {}\n", request.method(), url);
        for (name, value) in request.headers() {
            let secret = value.is_sensitive()
                || self
                    .secret_headers
                    .iter()
                    .any(|secret| secret == name.as_str());
            let value = if secret {
                "<redacted>".to_string()
            } else {
                String::from_utf8_lossy(value.as_bytes()).into_owned()
            };
            text.push_str(&format!("{name}: {value}\n"));
        }
        if let Some(body) = request.body().and_then(|body| body.as_bytes()) {
            text.push('\n');
            text.push_str(&String::from_utf8_lossy(body));
            text.push('\n');
        }
        text
    }
}

/// What the dry-run transport fails the call with.
#[derive(Debug)]
struct NotSent;

impl fmt::Display for NotSent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("dry run: the request was not sent")
    }
}

impl std::error::Error for NotSent {}

impl HttpClient for DryRun {
    fn send(
        &self,
        request: reqwest::Request,
    ) -> BoxFuture<'_, Result<reqwest::Response, TransportError>> {
        let text = self.describe(&request);
        if let Ok(mut printed) = self.printed.lock() {
            printed.push_str(&text);
        }
        Box::pin(async { Err(TransportError::other(NotSent)) })
    }
}

/// The end of a dry run: prints the request that would have been sent and succeeds, or, when
/// the call stopped before sending (bad arguments, missing credentials), keeps its code.
pub fn finish_dry_run(io: &mut Io<'_>, dry: &DryRun, code: u8) -> u8 {
    let printed = dry.printed();
    if printed.is_empty() {
        return code;
    }
    let _ = io.out.write_all(printed.as_bytes());
    EXIT_OK
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_has_the_scalar_columns_of_a_list() {
        let page = serde_json::json!({
            "id": "tokens",
            "items": [
                {"id": "a", "properties": {"name": "x"}, "size": 3},
                {"id": "bb", "state": "ok"}
            ]
        });
        assert_eq!(table(&page), "id  size  state\na   3\nbb        ok\n");
        assert_eq!(table(&serde_json::json!({"name": "one"})), "name\none\n");
        assert_eq!(table(&serde_json::json!(true)), "true\n");
    }

    #[test]
    fn arguments_parse_as_text_first_then_as_json() {
        assert_eq!(parse::<String>("42"), Ok("42".to_string()));
        assert_eq!(parse::<i32>("42"), Ok(42));
        assert_eq!(parse::<bool>("true"), Ok(true));
        assert!(parse::<i32>("forty").is_err());
    }

    #[test]
    fn flags_of_a_flat_body_override_its_json() {
        let mut body = Some(serde_json::json!({"name": "a", "size": 1}));
        set_field(&mut body, "name", Some("b")).unwrap();
        set_field::<i32>(&mut body, "size", None).unwrap();
        assert_eq!(body, Some(serde_json::json!({"name": "b", "size": 1})));
        let mut none = None;
        set_field(&mut none, "size", Some(2)).unwrap();
        assert_eq!(none, Some(serde_json::json!({"size": 2})));
        let mut array = Some(serde_json::json!([]));
        assert!(set_field(&mut array, "size", Some(2)).is_err());
    }

    #[test]
    fn the_dry_run_redacts_credentials() {
        let config = ApiConfig {
            default_base_url: "https://example.test",
            base_path: "",
            user_agent: "test",
            env_api_url: "TEST_API_URL",
            schemes: &[crate::auth::Scheme {
                name: "key",
                kind: SchemeKind::Token {
                    location: Location::Query,
                    name: "api_key",
                    prefix: None,
                },
                env: "TEST_KEY",
            }],
            token_scheme: Some(0),
            basic_scheme: None,
            env_token: "TEST_TOKEN",
            env_username: "TEST_USERNAME",
            env_password: "TEST_PASSWORD",
        };
        let dry = DryRun::new(&config);
        let mut request = reqwest::Request::new(
            reqwest::Method::GET,
            "https://example.test/items?api_key=s3cret&page=2"
                .parse()
                .unwrap(),
        );
        request
            .headers_mut()
            .insert("authorization", "Bearer s3cret".parse().unwrap());
        let text = dry.describe(&request);
        assert!(!text.contains("s3cret"), "{text}");
        assert!(
            text.starts_with("GET https://example.test/items?api_key=%3Credacted%3E&page=2\n"),
            "{text}"
        );
        assert!(text.contains("authorization: <redacted>\n"), "{text}");
    }
}
