//! The typed intermediate representation: everything the emitter needs, with every name decided.
//!
//! Nothing here refers to `openapiv3`; lowering is the only stage that reads the document.

use std::collections::BTreeMap;

/// A lowered API: types, operations grouped by tag, security and servers.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Api {
    /// Title, version and description of the document.
    pub info: ApiInfo,
    /// Servers in document order; the first is the default base URL.
    pub servers: Vec<Server>,
    /// The client's default base URL: the first server's, variables at their defaults, no
    /// trailing slash; empty when it has no host (a relative server, or none).
    pub base_url: String,
    /// The path of the first server (`/containerregistries`), which a base URL given without
    /// a path gets; empty without one.
    pub base_path: String,
    /// All named types.
    pub types: TypeArena,
    /// All operations, sorted by group then method name.
    pub operations: Vec<Operation>,
    /// The security schemes, sorted by their name in the document; operations refer to them
    /// by index.
    pub security_schemes: Vec<SecurityScheme>,
    /// The scheme the builder's `token` and the `{PREFIX}_TOKEN` variable set: the one that
    /// sends a token and most operations accept alone, then the best ranked.
    pub token_scheme: Option<usize>,
    /// The scheme the builder's `basic_auth` and the `{PREFIX}_USERNAME`/`_PASSWORD` variables
    /// set: the HTTP basic scheme most operations accept.
    pub basic_scheme: Option<usize>,
    /// The schemas the operations' error responses carry, the most used first: the crate's
    /// `ErrorModel` is `serde_json::Value` without any, an alias of the one, and an enum with one
    /// variant per schema when there are several.
    pub error_models: Vec<ErrorModel>,
    /// The names of each API group (by its struct name, `Operation::group`).
    pub groups: BTreeMap<String, GroupNames>,
}

/// A schema that error responses carry.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ErrorModel {
    /// Its type.
    pub ty: TypeRef,
    /// Its variant of the crate's `ErrorModel` enum (used when there are several), named after
    /// the schema (`Error`, `ApiErrorResponse`).
    pub variant: String,
    /// The function of the `ErrorModel` enum that decodes a body into this variant.
    pub decoder: String,
}

impl Api {
    /// The index of the model `ty` in [`Api::error_models`].
    pub fn error_model_index(&self, ty: &TypeRef) -> Option<usize> {
        self.error_models.iter().position(|model| model.ty == *ty)
    }
}

/// The names lowering decided for one API group besides its struct name.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct GroupNames {
    /// The module (and file) of the group under `apis`, e.g. `tokens_api`.
    pub module: String,
    /// The `Client` method that returns the group, e.g. `tokens_api`.
    pub accessor: String,
    /// The cargo feature that builds the group, e.g. `tokens` (kebab case, unique, never
    /// `default`).
    pub feature: String,
    /// The group's documentation: its tag's description, else a line naming the tag.
    pub doc: String,
    /// The group's subcommand in the `cli` feature's tool (kebab case, unique, e.g.
    /// `tokens`).
    pub command: String,
}

/// Document metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiInfo {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// `info.license`: its SPDX `identifier` (3.1) or its `name`.
    pub license: Option<String>,
}

/// One `servers` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Server {
    /// URL template, possibly with `{variables}`.
    pub url: String,
    /// Description from the document.
    pub description: Option<String>,
    /// Variables with their defaults, sorted by name.
    pub variables: BTreeMap<String, ServerVariable>,
}

impl Server {
    /// The URL the client uses by default: variables at their defaults, no trailing slash.
    pub fn default_url(&self) -> String {
        let mut url = self.url.clone();
        for (name, variable) in &self.variables {
            url = url.replace(&format!("{{{name}}}"), &variable.default);
        }
        url.trim_end_matches('/').to_string()
    }
}

/// A server URL variable.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServerVariable {
    /// Value used when the user sets none.
    pub default: String,
    /// Allowed values, when restricted.
    pub allowed: Vec<String>,
}

/// Which way a field travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Access {
    /// Sent and received.
    #[default]
    ReadWrite,
    /// `readOnly`: only ever sent by the server.
    ReadOnly,
    /// `writeOnly`: only ever sent by the client.
    WriteOnly,
}

impl Access {
    /// From the schema's two flags; a field that claims both travels both ways.
    pub fn of(read_only: bool, write_only: bool) -> Self {
        match (read_only, write_only) {
            (true, false) => Access::ReadOnly,
            (false, true) => Access::WriteOnly,
            _ => Access::ReadWrite,
        }
    }
}

/// Identifies a type in the [`TypeArena`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub struct TypeId(pub usize);

/// Every named type of the API; ids are indices.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct TypeArena {
    /// Definitions indexed by [`TypeId`].
    pub defs: Vec<TypeDef>,
}

impl TypeArena {
    /// The definition behind `id`.
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.defs[id.0]
    }

    /// All ids with their definitions.
    pub fn iter(&self) -> impl Iterator<Item = (TypeId, &TypeDef)> {
        self.defs.iter().enumerate().map(|(i, d)| (TypeId(i), d))
    }

    /// `ty` with named aliases followed to what they stand for.
    pub fn through_aliases<'t>(&'t self, ty: &'t TypeRef) -> &'t TypeRef {
        let mut ty = ty;
        for _ in 0..16 {
            match ty {
                TypeRef::Named(id) => match &self.get(*id).kind {
                    TypeKind::Alias(target) => ty = target,
                    _ => return ty,
                },
                _ => return ty,
            }
        }
        ty
    }

    /// The type an argument of type `ty` is taken as: an alias of a scalar or an array is
    /// taken as what it stands for (`&str` for an alias of `String`), other types as named.
    pub fn argument<'t>(&'t self, ty: &'t TypeRef) -> &'t TypeRef {
        match self.through_aliases(ty) {
            plain @ (TypeRef::Primitive(_) | TypeRef::Vec(_)) => plain,
            _ => ty,
        }
    }
}

/// Human documentation attached to an item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Docs {
    /// Short summary or title.
    pub summary: Option<String>,
    /// Longer description.
    pub description: Option<String>,
}

impl Docs {
    /// Documentation from a summary and a description; blank text counts as none, so that
    /// every documented item has a line that says something.
    pub fn new(summary: Option<&str>, description: Option<&str>) -> Self {
        let text = |text: Option<&str>| text.filter(|t| !t.trim().is_empty()).map(str::to_string);
        Docs {
            summary: text(summary),
            description: text(description),
        }
    }

    /// Whether there is nothing to say.
    pub fn is_empty(&self) -> bool {
        self.summary.is_none() && self.description.is_none()
    }
}

/// A named type.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct TypeDef {
    /// The Rust type name (UpperCamelCase, unique in the crate).
    pub name: String,
    /// The file (module) name it is emitted into (snake_case, unique).
    pub module: String,
    /// JSON pointer of the schema it came from.
    pub origin: String,
    /// Documentation.
    pub docs: Docs,
    /// Whether the schema is marked deprecated.
    pub deprecated: bool,
    /// Which way values of the type travel, so that only the serde impls it needs are derived.
    pub usage: Usage,
    /// The API groups (by struct name, sorted) whose operations reach the type: it is built
    /// when one of their features is on. Empty when it is always built: the error model,
    /// types no operation reaches, types every group reaches, and what those contain.
    pub groups: Vec<String>,
    /// The shape.
    pub kind: TypeKind,
}

/// Which way values of a type travel between client and server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Usage {
    /// Sent: part of a request body or parameter (needs `Serialize`).
    pub sent: bool,
    /// Received: part of a response body (needs `Deserialize`).
    pub received: bool,
}

impl Usage {
    /// Both ways: the default for types no operation reaches (a model library).
    pub const BOTH: Usage = Usage {
        sent: true,
        received: true,
    };
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum TypeKind {
    /// An object with known fields.
    Struct(StructDef),
    /// A string enum, open to values added later.
    StringEnum(Vec<EnumValue>),
    /// An integer enum, open to values added later.
    IntEnum(Vec<IntValue>),
    /// `oneOf` / `anyOf`.
    Union(UnionDef),
    /// A named alias of another type (`type Name = Target;`).
    Alias(TypeRef),
}

/// A value of a string enum.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct EnumValue {
    /// The value on the wire.
    pub value: String,
    /// The Rust variant name.
    pub variant: String,
}

/// One value of an integer enum.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct IntValue {
    /// The value on the wire.
    pub value: i64,
    /// The Rust variant name (`V2`, `Minus1`).
    pub variant: String,
}

/// An object type.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct StructDef {
    /// Fields in document order.
    pub fields: Vec<Field>,
    /// Type of `additionalProperties` values, when extra keys are collected.
    pub additional: Option<TypeRef>,
}

/// One property of an object.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Field {
    /// Property name on the wire.
    pub wire_name: String,
    /// Rust field identifier (may be a raw identifier like `r#type`).
    pub ident: String,
    /// Value type, without the `Option` wrappers that presence and nullability add.
    pub ty: TypeRef,
    /// Listed in `required`.
    pub required: bool,
    /// May be `null` on the wire.
    pub nullable: bool,
    /// Needs a `Box` to break a containment cycle.
    pub boxed: bool,
    /// Holds a secret that must never be printed.
    pub secret: bool,
    /// Documentation.
    pub docs: Docs,
    /// String checks done before sending.
    pub constraints: Constraints,
    /// Which way the field travels (`readOnly`, `writeOnly`).
    pub access: Access,
    /// The type holding the field only travels the way its `access` allows (a read-only field
    /// of a type that is only received), so `required` holds as written.
    pub one_way: bool,
    /// The model's setter for an optional field (`with_<field>`), unique within the model.
    pub setter: Option<String>,
    /// The setter that sends an explicit `null` (`with_<field>_null`), for optional nullable
    /// fields.
    pub null_setter: Option<String>,
    /// Marked deprecated.
    pub deprecated: bool,
    /// The `default` the schema documents, as JSON text (documentation only: an unset optional
    /// field is left to the server's default).
    pub default: Option<String>,
}

/// The `Option` layers around a field's value type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Layers {
    /// `T`.
    Value,
    /// `Option<T>`.
    Option,
    /// `Option<Option<T>>`.
    OptionOption,
}

/// How presence and nullability wrap a field's value type in the generated model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Presence {
    /// Always present, never null: `T`, a constructor argument.
    Required,
    /// Always present, may be null: `Option<T>`, a constructor argument, sent as `null` when `None`.
    RequiredNullable,
    /// May be absent: `Option<T>`, omitted when `None`.
    Optional,
    /// May be absent or null: `Option<Option<T>>` (absent / null / value).
    OptionalNullable,
}

impl Presence {
    /// The wrapping of `field`. Read-only and write-only fields are only ever present one way, so
    /// they are optional whatever `required` says, unless their type only travels that way.
    pub fn of(field: &Field) -> Presence {
        let required = field.required && (field.access == Access::ReadWrite || field.one_way);
        match (required, field.nullable) {
            (true, false) => Presence::Required,
            (true, true) => Presence::RequiredNullable,
            (false, false) => Presence::Optional,
            (false, true) => Presence::OptionalNullable,
        }
    }

    /// Whether the Rust field is an `Option`, an `Option<Option<_>>`, or the value itself.
    pub fn layers(self) -> Layers {
        match self {
            Presence::Required => Layers::Value,
            Presence::RequiredNullable | Presence::Optional => Layers::Option,
            Presence::OptionalNullable => Layers::OptionOption,
        }
    }

    /// Whether the model's constructor takes the field.
    pub fn in_constructor(self) -> bool {
        matches!(self, Presence::Required | Presence::RequiredNullable)
    }

    /// How the presence reads in a sentence.
    pub fn describe(self) -> &'static str {
        match self {
            Presence::Required => "required",
            Presence::RequiredNullable => "required and nullable",
            Presence::Optional => "optional",
            Presence::OptionalNullable => "optional and nullable",
        }
    }
}

/// `oneOf`/`anyOf` alternatives.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct UnionDef {
    /// The property that names the variant, when a discriminator is declared.
    pub discriminator: Option<String>,
    /// Alternatives in document order.
    pub variants: Vec<UnionVariant>,
    /// With a discriminator: the variant that keeps, as JSON, a value whose discriminator names
    /// none of the alternatives (one added by a later version of the API), e.g. `Unknown`.
    pub unknown: Option<String>,
}

/// One alternative of a union.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct UnionVariant {
    /// Rust variant name.
    pub name: String,
    /// The discriminator value selecting it (only with a discriminator).
    pub tag: Option<String>,
    /// Its payload.
    pub ty: TypeRef,
    /// Needs a `Box` to break a containment cycle.
    pub boxed: bool,
}

/// Validation rules checked client-side before a request is sent: those of the schema the
/// value is declared with, including the ones it reaches through `$ref` and `allOf`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Constraints {
    /// Regular expression the whole value must match.
    pub pattern: Option<String>,
    /// Minimum length in characters.
    pub min_length: Option<usize>,
    /// Maximum length in characters.
    pub max_length: Option<usize>,
    /// The `format` of a string that stays a `String` (`email`, `uri`, `hostname`, `byte`,
    /// ...). Not checked; the exercise program's sample values follow it.
    pub format: Option<String>,
    /// Lower bound of a number.
    pub minimum: Option<Bound>,
    /// Upper bound of a number.
    pub maximum: Option<Bound>,
    /// Fewest items of an array.
    pub min_items: Option<usize>,
    /// Most items of an array.
    pub max_items: Option<usize>,
    /// The constraints of each item of an array.
    pub items: Option<Box<Constraints>>,
    /// `multipleOf` of a number, in decimal notation. Not checked; the exercise program's
    /// sample values follow it.
    pub multiple_of: Option<String>,
}

impl Constraints {
    /// Whether there is nothing to check (`format` is not checked).
    pub fn is_empty(&self) -> bool {
        self.pattern.is_none()
            && self.min_length.is_none()
            && self.max_length.is_none()
            && self.minimum.is_none()
            && self.maximum.is_none()
            && self.min_items.is_none()
            && self.max_items.is_none()
            && self.items.as_ref().map_or(true, |items| items.is_empty())
    }
}

/// A bound of a number: the value as the document writes it, and whether it is excluded.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Bound {
    /// The bound in decimal notation (`0`, `2.5`).
    pub value: String,
    /// `exclusiveMinimum` / `exclusiveMaximum`.
    pub exclusive: bool,
}

impl Bound {
    /// The bound as a number.
    pub fn number(&self) -> f64 {
        self.value.parse().unwrap_or(0.0)
    }
}

/// A reference to a type as used by a field, parameter or body.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum TypeRef {
    /// A built-in scalar.
    Primitive(Primitive),
    /// A JSON array.
    Vec(Box<TypeRef>),
    /// A JSON object with arbitrary keys.
    Map(Box<TypeRef>),
    /// A type of the arena.
    Named(TypeId),
    /// Any JSON value.
    Json,
    /// A value that may be `null`, as an array's items or a map's values may be (fields carry
    /// their own nullability): `Option<T>`.
    Nullable(Box<TypeRef>),
}

/// Scalar types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Primitive {
    /// `String`.
    String,
    /// A string that must never be printed.
    Secret,
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `uuid::Uuid`.
    Uuid,
    /// RFC 3339 timestamp.
    DateTime,
    /// RFC 3339 full-date.
    Date,
    /// Raw bytes (binary bodies).
    Bytes,
}

/// HTTP methods an operation can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum HttpMethod {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
    /// PATCH
    Patch,
    /// TRACE
    Trace,
}

impl HttpMethod {
    /// The upper-case method name.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }
}

/// One API operation.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Operation {
    /// The `operationId`, or one derived from method and path.
    pub operation_id: String,
    /// Rust method name (`snake_case(operationId)`).
    pub method_name: String,
    /// The `_with_http_info` twin's name.
    pub info_method_name: String,
    /// The `_stream` companion's name (reserved for every operation).
    pub stream_method_name: String,
    /// The `_stream` companion the operation has, if any.
    pub stream: Option<StreamKind>,
    /// The status a successful answer has unless a mock says otherwise: the first declared
    /// success code, else the first redirect when redirects are the only outcomes, else `200`.
    pub default_status: u16,
    /// The name of its expectation on the `mock` feature's `MockApi` (`expect_<method>`).
    pub mock_method_name: String,
    /// API group (struct) the method lives on, e.g. `TokensApi`.
    pub group: String,
    /// The tag the group is named after, as the document writes it (none for `DefaultApi`).
    pub tag: Option<String>,
    /// HTTP method.
    pub method: HttpMethod,
    /// Path template.
    pub path: PathTemplate,
    /// Documentation.
    pub docs: Docs,
    /// Marked deprecated.
    pub deprecated: bool,
    /// Parameters: required first (in path order for path parameters), then optional.
    pub params: Vec<Parameter>,
    /// Request body.
    pub body: Option<RequestBody>,
    /// Declared responses, sorted by status.
    pub responses: Vec<Response>,
    /// What a successful call returns, decided from the success responses.
    pub success: Success,
    /// How its error responses decode, into which of [`Api::error_models`].
    pub errors: OperationErrors,
    /// The credentials it accepts: one of these alternatives, each a set of schemes sent
    /// together. An empty alternative means it may go without; no alternative at all sends
    /// nothing.
    pub security: Vec<Vec<SecurityNeed>>,
    /// Name of the options struct for optional parameters, if there are any.
    pub options_struct: Option<String>,
    /// Pagination detected for this operation.
    pub pagination: Option<Pagination>,
    /// The server this operation is sent to instead of the API's (its own or its path's),
    /// variables at their defaults; a relative one starts with `/`.
    pub server: Option<String>,
    /// JSON pointer of the operation.
    pub pointer: String,
    /// How the `cli` feature's tool offers the operation; `None` when it cannot (a body it
    /// cannot read, such as a file upload, or an answer it cannot print).
    pub cli: Option<CliCommand>,
}

/// An operation's command in the `cli` feature's tool: `<group> <name>`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CliCommand {
    /// The command (kebab case, unique within its group, e.g. `registries-tokens-get`).
    pub name: String,
    /// A short alias (`list`, `get`, `create`, `replace`, `update`, `delete`), when exactly
    /// one operation of the group earns it and it is no other command's name.
    pub alias: Option<String>,
    /// The argument of each parameter, by index in [`Operation::params`]: positional for a
    /// required one, a `--flag` for an optional one (kebab case, unique in the command).
    pub args: Vec<String>,
    /// For a JSON body that is an object of scalar properties only: one flag per property.
    pub body_fields: Vec<CliField>,
}

/// A flag setting one property of a flat request body.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CliField {
    /// The flag (kebab case, unique in the command).
    pub flag: String,
    /// The property on the wire.
    pub wire_name: String,
    /// Its value type.
    pub ty: TypeRef,
    /// Its documentation.
    pub docs: Docs,
}

/// A path template split into literal text and parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PathTemplate {
    /// The template as written in the document (placeholders by name, without a query).
    pub raw: String,
    /// Its parts in order.
    pub parts: Vec<PathPart>,
    /// Constant query pairs a path key carries (`/rest?method=list` sends `method=list`).
    pub query: Vec<(String, String)>,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PathPart {
    /// Literal text.
    Literal(String),
    /// A `{name}` placeholder: the index of its path parameter in [`Operation::params`].
    Param(usize),
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum ParamLocation {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// In a request header.
    Header,
    /// In the `Cookie` header.
    Cookie,
}

impl std::fmt::Display for ParamLocation {
    /// As the document's `in` writes it: `path`, `query`, `header`, `cookie`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        })
    }
}

/// How a parameter value is serialised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ParamStyle {
    /// `simple` (path and header).
    Simple,
    /// `form`, with `explode`.
    Form {
        /// `name=a&name=b` instead of `name=a,b`.
        explode: bool,
    },
    /// `deepObject`: `name[key]=value`.
    DeepObject,
    /// `label` (path): `.value`; arrays `.a,b`, exploded `.a.b`.
    Label {
        /// `.a.b` instead of `.a,b`.
        explode: bool,
    },
    /// `matrix` (path): `;name=value`; arrays `;name=a,b`, exploded `;name=a;name=b`.
    Matrix {
        /// `;name=a;name=b` instead of `;name=a,b`.
        explode: bool,
    },
}

/// One operation parameter.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Parameter {
    /// Name on the wire.
    pub wire_name: String,
    /// Rust identifier.
    pub ident: String,
    /// Location.
    pub location: ParamLocation,
    /// Required parameters are positional arguments; optional ones live in the options struct.
    pub required: bool,
    /// Value type.
    pub ty: TypeRef,
    /// Serialisation style.
    pub style: ParamStyle,
    /// Checks done before sending.
    pub constraints: Constraints,
    /// Default documented by the spec (not sent implicitly).
    pub default: Option<String>,
    /// Documentation.
    pub docs: Docs,
    /// Marked deprecated.
    pub deprecated: bool,
}

/// How a request body is encoded, and its type.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RequestBodyKind {
    /// `application/json` and `+json` types.
    Json(TypeRef),
    /// `application/x-www-form-urlencoded`.
    Form(TypeRef),
    /// `text/*` (also `text/event-stream`, which a request sends as text).
    Text,
    /// Binary (`application/octet-stream`, `*/*`, anything else): bytes, a file or a stream.
    Bytes,
    /// `multipart/form-data` of an object: a struct with one field per part.
    Multipart(MultipartForm),
    /// Any other multipart body: a payload the caller encodes, with its own `Content-Type`
    /// (which carries the boundary).
    EncodedMultipart,
}

/// How a response body is decoded, and its type.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ResponseBodyKind {
    /// `application/json` and `+json` types.
    Json(TypeRef),
    /// `text/*`.
    Text,
    /// `text/event-stream`: server-sent events, their data JSON of this type when the document
    /// gives a structured schema, else text.
    EventStream(Option<TypeRef>),
    /// Anything else (binary, forms, multipart): the raw bytes.
    Bytes,
}

/// A request body.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RequestBody {
    /// Whether it must be sent.
    pub required: bool,
    /// The media type sent in `Content-Type`.
    pub media_type: String,
    /// Encoding and type.
    pub kind: RequestBodyKind,
    /// Documentation.
    pub docs: Docs,
}

/// The typed parts of a `multipart/form-data` body: a struct with one field per part.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MultipartForm {
    /// The struct's name, unique among the items next to the API groups (`UploadFileForm`).
    pub name: String,
    /// One per property of the body's schema, in document order.
    pub parts: Vec<FormPart>,
}

/// One part of a multipart body.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FormPart {
    /// The part's name (the property).
    pub wire_name: String,
    /// The Rust field name.
    pub ident: String,
    /// Listed in the schema's `required`.
    pub required: bool,
    /// How the part is written.
    pub kind: PartKind,
    /// The `encoding` object's `contentType` for the part.
    pub content_type: Option<String>,
    /// Documentation.
    pub docs: Docs,
}

/// What a multipart part holds.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PartKind {
    /// A string, number, boolean or enum, sent as its text.
    Text(TypeRef),
    /// An array of those: one text part per item, under the same name (how OpenAPI sends an
    /// array of scalars in a form).
    Texts(TypeRef),
    /// Any other value, sent as JSON.
    Json(TypeRef),
    /// A file (`format: binary`).
    File,
    /// Several files under one name (an array of `format: binary`).
    Files,
}

/// What an operation's `_stream` companion hands out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum StreamKind {
    /// The items of every page of a paginated operation (without a body, with its pagination
    /// parameters among the options).
    Pages,
    /// The binary success body, chunk by chunk as it arrives.
    Body,
}

impl Operation {
    /// For an operation answering with server-sent events: `Some` of the type of their data
    /// (`None`: text).
    pub fn event_data(&self) -> Option<Option<&TypeRef>> {
        match &self.success {
            Success::Body(ResponseBody {
                kind: ResponseBodyKind::EventStream(data),
                ..
            }) => Some(data.as_ref()),
            _ => None,
        }
    }

    /// Whether the operation documents redirects as outcomes (its result holds a `Redirect`).
    pub fn keeps_redirects(&self) -> bool {
        match &self.success {
            Success::Redirect => true,
            Success::Variants { variants, .. } => variants.iter().any(|v| v.redirect),
            _ => false,
        }
    }
}

/// Which statuses a response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum StatusSpec {
    /// One status code.
    Code(u16),
    /// `2XX` and friends: the leading digit.
    Range(u8),
    /// `default`.
    Default,
}

impl std::fmt::Display for StatusSpec {
    /// As the document writes it: `200`, `2XX`, `default`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StatusSpec::Code(code) => write!(f, "{code}"),
            StatusSpec::Range(digit) => write!(f, "{digit}XX"),
            StatusSpec::Default => f.write_str("default"),
        }
    }
}

impl StatusSpec {
    /// Whether this covers a 2xx status.
    pub fn is_success(self) -> bool {
        match self {
            StatusSpec::Code(code) => (200..300).contains(&code),
            StatusSpec::Range(digit) => digit == 2,
            StatusSpec::Default => false,
        }
    }

    /// Whether this covers a 3xx status: a redirect the operation documents as an outcome.
    pub fn is_redirect(self) -> bool {
        match self {
            StatusSpec::Code(code) => (300..400).contains(&code),
            StatusSpec::Range(digit) => digit == 3,
            StatusSpec::Default => false,
        }
    }

    /// Whether this is an outcome of the call rather than an error: 2xx or 3xx.
    pub fn is_outcome(self) -> bool {
        self.is_success() || self.is_redirect()
    }
}

/// One declared response.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Response {
    /// Status covered.
    pub status: StatusSpec,
    /// The description from the document.
    pub description: Option<String>,
    /// Body, when the response has content.
    pub body: Option<ResponseBody>,
    /// Declared headers, by wire name.
    pub headers: Vec<ResponseHeader>,
}

/// What a successful call returns. Without any `2XX` response, `default` is the success response.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Success {
    /// No success response has a body: `()`.
    Empty,
    /// Every success response with a body has this one: `T`.
    Body(ResponseBody),
    /// This body for some statuses, none for `empty` (concrete codes): `Option<T>`.
    Optional {
        /// The body of the other success statuses.
        body: ResponseBody,
        /// Success statuses declared without a body; they give `None`.
        empty: Vec<u16>,
    },
    /// Only redirects (`3xx`) are documented outcomes: the runtime's `Redirect`, with the
    /// `Location`.
    Redirect,
    /// Success statuses with different bodies, or successes and redirects: an enum with one
    /// variant per status.
    Variants {
        /// The enum's name (unique among the crate's API items).
        name: String,
        /// One variant per success response, in status order.
        variants: Vec<SuccessVariant>,
    },
}

/// One variant of a [`Success::Variants`] enum.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SuccessVariant {
    /// Rust variant name (`Ok`, `Created`, `Status299`, ...).
    pub name: String,
    /// The status it stands for.
    pub status: StatusSpec,
    /// The description of the response.
    pub description: Option<String>,
    /// Its body, if it has one.
    pub body: Option<ResponseBody>,
    /// A redirect: the variant holds the runtime's `Redirect` instead of a body.
    pub redirect: bool,
}

/// A response body.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResponseBody {
    /// Media type as declared.
    pub media_type: String,
    /// Encoding and type.
    pub kind: ResponseBodyKind,
}

/// A declared response header.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResponseHeader {
    /// Header name.
    pub name: String,
    /// Documentation.
    pub description: Option<String>,
}

/// Which of the API's error models ([`Api::error_models`], by index) an operation's error
/// responses carry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct OperationErrors {
    /// The declared error statuses (codes, then ranges, then `default`) whose body is one of the
    /// models.
    pub by_status: Vec<(StatusSpec, usize)>,
    /// The models tried, in order, for any other status: those the operation declares, or the
    /// most used one of the API when it declares none.
    pub otherwise: Vec<usize>,
}

impl OperationErrors {
    /// The one model every error of the operation decodes into, when there is only one.
    pub fn single(&self) -> Option<usize> {
        let mut all = self
            .by_status
            .iter()
            .map(|(_, index)| *index)
            .chain(self.otherwise.iter().copied());
        let first = all.next()?;
        all.all(|index| index == first).then_some(first)
    }
}

/// A pagination shape recognised for an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Pagination {
    /// `offset`/`limit` query parameters; the next offset is `offset + items.len()`, until an
    /// empty page, the total, or a page without a link to the next one.
    Offset {
        /// The offset option: its index in [`Operation::params`].
        offset: usize,
        /// The items array in the response.
        items: FieldStep,
        /// Item type.
        item: TypeRef,
        /// The total count in the response, when there is one.
        total: Option<FieldStep>,
        /// The link to the next page in the response (`_links.next`), when there is one: a
        /// page without it is the last.
        next_link: Option<Vec<FieldStep>>,
    },
    /// An opaque cursor query parameter whose next value is read from the response.
    Cursor {
        /// The cursor option: its index in [`Operation::params`].
        cursor: usize,
        /// The items array in the response.
        items: FieldStep,
        /// Item type.
        item: TypeRef,
        /// Fields leading to the next cursor in the response.
        next: Vec<FieldStep>,
    },
}

/// One step through a response struct, with how the field is wrapped.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FieldStep {
    /// Rust identifier of the field.
    pub ident: String,
    /// How the field's value is wrapped in the model.
    pub presence: Presence,
    /// Its value type.
    pub ty: TypeRef,
}

/// A security scheme of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SecurityScheme {
    /// Its name in `components/securitySchemes`.
    pub name: String,
    /// What it sends, and how.
    pub kind: SchemeKind,
    /// The client builder's setter of its credential (`app_key`), unique among the builder's
    /// methods.
    pub setter: String,
    /// Its environment variable after the crate's prefix (`APP_KEY` gives `PETS_APP_KEY`).
    pub env: String,
    /// Its description.
    pub description: Option<String>,
}

/// How a scheme sends its credential.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SchemeKind {
    /// HTTP basic.
    Basic,
    /// A token (an API key or an HTTP bearer token) in a header, query parameter or cookie.
    Token {
        /// Where it goes.
        location: ParamLocation,
        /// The header, query parameter or cookie name.
        name: String,
        /// What precedes the token (`Bearer`), decided by lowering.
        prefix: Option<String>,
    },
    /// OAuth 2 or OpenID Connect: a bearer token in `Authorization`.
    OAuth2 {
        /// The client-credentials flow's `tokenUrl`.
        token_url: Option<String>,
        /// Where a refresh token is exchanged: a flow's `refreshUrl`, else a `tokenUrl`.
        refresh_url: Option<String>,
        /// The flows the document declares (`clientCredentials`, ...), or `openIdConnect`.
        flows: Vec<String>,
        /// The scopes the flows declare, with their descriptions.
        scopes: BTreeMap<String, String>,
    },
}

impl SchemeKind {
    /// How much the client prefers sending its API token by this scheme (lower is better):
    /// OAuth and bearer tokens, then API keys in a header, a query parameter, a cookie. `None`
    /// for basic auth, which takes a user name and password instead.
    pub fn token_rank(&self) -> Option<u8> {
        match self {
            SchemeKind::OAuth2 { .. } => Some(0),
            SchemeKind::Token {
                location, prefix, ..
            } => Some(match (location, prefix) {
                (ParamLocation::Header, Some(_)) => 0,
                (ParamLocation::Header, None) => 1,
                (ParamLocation::Query, _) => 2,
                (ParamLocation::Cookie | ParamLocation::Path, _) => 3,
            }),
            SchemeKind::Basic => None,
        }
    }

    /// What the scheme sends, in words: `HTTP basic`, ``an API key in header `X-Key` ``.
    pub fn describe(&self) -> String {
        match self {
            SchemeKind::Basic => "HTTP basic".into(),
            SchemeKind::Token {
                location,
                name,
                prefix,
            } => {
                let place = match location {
                    ParamLocation::Query | ParamLocation::Path => format!("{location} parameter"),
                    ParamLocation::Header | ParamLocation::Cookie => location.to_string(),
                };
                match (location, prefix) {
                    (ParamLocation::Header, Some(prefix)) => format!("`{name}: {prefix} <token>`"),
                    (_, Some(prefix)) => format!("a token in {place} `{name}` after `{prefix}`"),
                    (_, None) => format!("an API key in {place} `{name}`"),
                }
            }
            SchemeKind::OAuth2 { flows, .. } if flows.iter().any(|f| f == "openIdConnect") => {
                "an OpenID Connect token".into()
            }
            SchemeKind::OAuth2 { .. } => "an OAuth 2 token".into(),
        }
    }
}

/// One scheme an alternative requires, with the OAuth 2 scopes it asks for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
#[non_exhaustive]
pub struct SecurityNeed {
    /// Its index in [`Api::security_schemes`].
    pub scheme: usize,
    /// The scopes it asks for (OAuth 2).
    pub scopes: Vec<String>,
}

impl Api {
    /// Removes every piece of human documentation (descriptions, summaries, titles), leaving
    /// only the facts that shape the generated API. Two documents that differ only in prose
    /// lower to equal stripped IRs.
    pub fn strip_docs(&mut self) {
        self.info.description = None;
        for scheme in &mut self.security_schemes {
            scheme.description = None;
        }
        for server in &mut self.servers {
            server.description = None;
        }
        for group in self.groups.values_mut() {
            group.doc.clear();
        }
        for def in &mut self.types.defs {
            def.docs = Docs::default();
            if let TypeKind::Struct(def) = &mut def.kind {
                for field in &mut def.fields {
                    field.docs = Docs::default();
                }
            }
        }
        for operation in &mut self.operations {
            operation.docs = Docs::default();
            for param in &mut operation.params {
                param.docs = Docs::default();
            }
            if let Some(body) = &mut operation.body {
                body.docs = Docs::default();
            }
            if let Some(cli) = &mut operation.cli {
                for field in &mut cli.body_fields {
                    field.docs = Docs::default();
                }
            }
            if let Success::Variants { variants, .. } = &mut operation.success {
                for variant in variants {
                    variant.description = None;
                }
            }
            for response in &mut operation.responses {
                response.description = None;
                for header in &mut response.headers {
                    header.description = None;
                }
            }
        }
    }
}
