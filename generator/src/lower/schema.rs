//! Lowers JSON schemas into [`TypeRef`]s and named [`TypeDef`]s in the arena.

use super::constraints::constraints_of;
use crate::diagnostics::{pointer, Diagnostic, Diagnostics, Severity};
use crate::ir::{
    Access, Constraints, Docs, EnumValue, Field, IntValue, Presence, Primitive, StructDef,
    TypeArena, TypeDef, TypeId, TypeKind, TypeRef, UnionDef, UnionVariant, Usage,
};
use crate::naming::{self, Scope};
use crate::resolve::{component_name, component_pointer, Resolver};
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};
use std::collections::BTreeMap;

/// Builds the type arena; shared by the whole lowering stage so names stay unique.
pub struct TypeBuilder<'a> {
    resolver: Resolver<'a>,
    defs: Vec<Option<TypeDef>>,
    components: BTreeMap<&'a str, TypeId>,
    type_names: Scope,
    module_names: Scope,
    /// Inline schemas being lowered right now (by address), to catch one that contains itself,
    /// with the slot reserved for its name once it does.
    inline_stack: Vec<(*const Schema, Option<TypeId>)>,
}

/// Most parts one `allOf` may merge, counting nested ones; far above any real document.
const MAX_ALL_OF_PARTS: usize = 4096;

/// Properties, required names and nullability gathered from an object or an `allOf`.
#[derive(Default)]
struct ObjectParts<'a> {
    properties: Vec<(&'a str, &'a ReferenceOr<Box<Schema>>, String)>,
    /// Required names, each with the pointer of the object that requires it.
    required: Vec<(&'a str, String)>,
    additional: Option<(&'a AdditionalProperties, String)>,
}

impl<'a> TypeBuilder<'a> {
    /// Assigns ids and names to every component schema, so references resolve in any order.
    pub fn new(
        resolver: Resolver<'a>,
        schemas: impl Iterator<Item = &'a str>,
        reserved_types: &[&str],
    ) -> Self {
        let mut builder = TypeBuilder {
            resolver,
            defs: Vec::new(),
            components: BTreeMap::new(),
            type_names: Scope::with_reserved(reserved_types),
            module_names: Scope::with_reserved(&["mod"]),
            inline_stack: Vec::new(),
        };
        let mut names: Vec<&str> = schemas.collect();
        names.sort_unstable();
        for name in names {
            let id = TypeId(builder.defs.len());
            builder.defs.push(None);
            builder.components.insert(name, id);
        }
        builder
    }

    /// Lowers every component schema into its reserved slot.
    pub fn lower_components(
        &mut self,
        schemas: &'a indexmap::IndexMap<String, ReferenceOr<Schema>>,
        diags: &mut Diagnostics,
    ) {
        let ids: Vec<(&'a str, TypeId)> = self.components.iter().map(|(k, v)| (*k, *v)).collect();
        // Component names are claimed before any inline type is named, spellings that are
        // already valid type names first, so a schema keeps its own name whenever possible.
        let mut order = ids.clone();
        order.sort_by_key(|(name, _)| (naming::type_name(name) != *name, *name));
        let mut names: BTreeMap<TypeId, (String, String)> = BTreeMap::new();
        for (name, id) in order {
            let type_name = self.claim_type(name);
            let module = self.module_names.claim(naming::module_name(&type_name));
            names.insert(id, (type_name, module));
        }
        for (name, id) in ids {
            let at = component_pointer("schemas", name);
            let (type_name, module) = names.remove(&id).unwrap_or_default();
            let (kind, docs, deprecated) = match schemas.get(name) {
                Some(ReferenceOr::Item(schema)) => {
                    let kind = match self.shape(schema, &at, &type_name, diags) {
                        Shape::Ref(target) => TypeKind::Alias(target),
                        Shape::Kind(kind) => kind,
                    };
                    (kind, docs_of(schema), schema.schema_data.deprecated)
                }
                Some(item @ ReferenceOr::Reference { reference }) => {
                    // A chain of references that ends where it started would be a recursive
                    // type alias; references of an unsupported form are handled by `lower_ref`.
                    let target = match self.resolver.schema(item, "#") {
                        Err(err) if component_name(reference, "schemas").is_ok() => {
                            diags.push(Diagnostic {
                                pointer: at.clone(),
                                message: any_json(err.message, err.severity),
                                ..err
                            });
                            TypeRef::Json
                        }
                        _ => self.lower_ref(item, &at, &type_name, diags),
                    };
                    (TypeKind::Alias(target), Docs::default(), false)
                }
                None => (TypeKind::Alias(TypeRef::Json), Docs::default(), false),
            };
            self.defs[id.0] = Some(TypeDef {
                name: type_name,
                module,
                origin: at,
                docs,
                deprecated,
                usage: Usage::BOTH,
                groups: Vec::new(),
                kind,
            });
        }
    }

    /// Finishes building: every reserved slot must have been filled.
    pub fn finish(self) -> TypeArena {
        TypeArena {
            defs: self
                .defs
                .into_iter()
                .map(|def| {
                    def.unwrap_or_else(|| TypeDef {
                        name: "Unresolved".into(),
                        module: "unresolved".into(),
                        origin: "#".into(),
                        docs: Docs::default(),
                        deprecated: false,
                        usage: Usage::BOTH,
                        groups: Vec::new(),
                        kind: TypeKind::Alias(TypeRef::Json),
                    })
                })
                .collect(),
        }
    }

    /// The id of component schema `name`.
    pub fn component(&self, name: &str) -> Option<TypeId> {
        self.components.get(name).copied()
    }

    /// The resolver used for references.
    pub fn resolver(&self) -> Resolver<'a> {
        self.resolver
    }

    fn claim_type(&mut self, raw: &str) -> String {
        self.type_names.claim(naming::type_name(raw))
    }

    fn add(&mut self, name: String, origin: &str, schema: &Schema, kind: TypeKind) -> TypeRef {
        self.defs.push(None);
        let id = TypeId(self.defs.len() - 1);
        self.fill(id, name, origin, schema, kind);
        TypeRef::Named(id)
    }

    /// Puts a named type into the slot `id`.
    fn fill(&mut self, id: TypeId, name: String, origin: &str, schema: &Schema, kind: TypeKind) {
        let module = self.module_names.claim(naming::module_name(&name));
        self.defs[id.0] = Some(TypeDef {
            name,
            module,
            origin: origin.to_string(),
            docs: docs_of(schema),
            deprecated: schema.schema_data.deprecated,
            usage: Usage::BOTH,
            groups: Vec::new(),
            kind,
        });
    }

    /// Lowers a possibly-referenced schema; inline objects and enums become types named `hint`.
    pub fn lower_ref(
        &mut self,
        schema: &'a ReferenceOr<Schema>,
        at: &str,
        hint: &str,
        diags: &mut Diagnostics,
    ) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, at, diags),
            ReferenceOr::Item(schema) => self.lower_inline(schema, at, hint, diags),
        }
    }

    /// Same as [`Self::lower_ref`] for boxed schemas.
    pub fn lower_boxed(
        &mut self,
        schema: &'a ReferenceOr<Box<Schema>>,
        at: &str,
        hint: &str,
        diags: &mut Diagnostics,
    ) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, at, diags),
            ReferenceOr::Item(schema) => self.lower_inline(schema, at, hint, diags),
        }
    }

    fn reference(&mut self, reference: &str, at: &str, diags: &mut Diagnostics) -> TypeRef {
        let found = component_name(reference, "schemas")
            .map_err(|message| {
                if unsupported_form(reference) {
                    Diagnostic::warning(at, format!("{message}; the value is typed as any JSON"))
                        .with_hint(UNSUPPORTED_REF_HINT)
                } else {
                    Diagnostic::error(at, message).with_hint(
                        "only local `#/components/schemas/Name` references are supported",
                    )
                }
            })
            .and_then(|name| {
                self.component(name).ok_or_else(|| {
                    Diagnostic::warning(
                        at,
                        format!(
                            "`$ref: {reference}` points to nothing in this document; the value \
                             is typed as any JSON"
                        ),
                    )
                    .with_hint(format!("define `{name}` under `components/schemas`"))
                })
            });
        match found {
            Ok(id) => TypeRef::Named(id),
            Err(diagnostic) => {
                diags.push(diagnostic);
                TypeRef::Json
            }
        }
    }

    /// Lowers an inline schema, creating a named type when it needs one.
    pub fn lower_inline(
        &mut self,
        schema: &'a Schema,
        at: &str,
        hint: &str,
        diags: &mut Diagnostics,
    ) -> TypeRef {
        // An `allOf` copies the properties of its parts, so an inline schema can come back to
        // itself (`A.p: {allOf: [B]}`, `B: {allOf: [A]}`): a type of infinite size unless it
        // is named, so it gets a name, reserved here and filled when its lowering ends. Found
        // by fuzzing (`fuzz-regressions/allof-loop.json`).
        let address: *const Schema = schema;
        if let Some(open) = self.inline_stack.iter_mut().find(|(a, _)| *a == address) {
            let id = *open.1.get_or_insert_with(|| {
                self.defs.push(None);
                TypeId(self.defs.len() - 1)
            });
            diags.push(
                Diagnostic::warning(
                    at,
                    "this schema contains itself through `allOf`; it is given a name of its own",
                )
                .with_hint("move it to `components/schemas` to choose that name"),
            );
            return TypeRef::Named(id);
        }
        self.inline_stack.push((address, None));
        let lowered = self.lower_inline_once(schema, at, hint, diags);
        let reserved = self.inline_stack.pop().and_then(|(_, id)| id);
        match reserved {
            // The named type was created in the reserved slot.
            Some(id) if lowered == TypeRef::Named(id) => lowered,
            Some(id) => {
                let name = self.claim_type(hint);
                self.fill(id, name, at, schema, TypeKind::Alias(lowered));
                TypeRef::Named(id)
            }
            None => lowered,
        }
    }

    fn lower_inline_once(
        &mut self,
        schema: &'a Schema,
        at: &str,
        hint: &str,
        diags: &mut Diagnostics,
    ) -> TypeRef {
        if !needs_name(schema) {
            return match self.shape(schema, at, hint, diags) {
                Shape::Ref(target) => target,
                Shape::Kind(_) => TypeRef::Json,
            };
        }
        let name = self.claim_type(hint);
        match self.shape(schema, at, &name, diags) {
            Shape::Ref(target) => target,
            Shape::Kind(kind) => match self.inline_stack.last().and_then(|(_, id)| *id) {
                Some(id) => {
                    self.fill(id, name, at, schema, kind);
                    TypeRef::Named(id)
                }
                None => self.add(name, at, schema, kind),
            },
        }
    }

    fn shape(
        &mut self,
        schema: &'a Schema,
        at: &str,
        name: &str,
        diags: &mut Diagnostics,
    ) -> Shape {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                let values: Vec<&str> = string
                    .enumeration
                    .iter()
                    .flatten()
                    .map(String::as_str)
                    .collect();
                if !values.is_empty() {
                    return Shape::Kind(string_enum(&values));
                }
                Shape::Ref(TypeRef::Primitive(match &string.format {
                    VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Primitive::DateTime,
                    VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Primitive::Date,
                    VariantOrUnknownOrEmpty::Item(StringFormat::Password) => Primitive::Secret,
                    VariantOrUnknownOrEmpty::Unknown(format) => string_primitive(format),
                    _ => Primitive::String,
                }))
            }
            SchemaKind::Type(Type::Integer(integer)) => {
                let values: Vec<i64> = integer.enumeration.iter().flatten().copied().collect();
                if !values.is_empty() {
                    return Shape::Kind(int_enum(&values));
                }
                Shape::Ref(TypeRef::Primitive(match &integer.format {
                    VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Primitive::I32,
                    _ => Primitive::I64,
                }))
            }
            SchemaKind::Type(Type::Number(number)) => {
                if let Some(values) = whole_number_enum(number) {
                    return Shape::Kind(int_enum(&values));
                }
                Shape::Ref(TypeRef::Primitive(match &number.format {
                    VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Primitive::F32,
                    VariantOrUnknownOrEmpty::Unknown(format) => number_primitive(Some(format)),
                    _ => Primitive::F64,
                }))
            }
            SchemaKind::Type(Type::Boolean(_)) => Shape::Ref(TypeRef::Primitive(Primitive::Bool)),
            SchemaKind::Type(Type::Array(array)) => {
                Shape::Ref(self.array(array.items.as_ref(), at, name, diags))
            }
            SchemaKind::Type(Type::Object(object)) => {
                let mut parts = ObjectParts::default();
                parts.collect(
                    &object.properties,
                    &object.required,
                    object.additional_properties.as_ref(),
                    at,
                );
                self.object(parts, name, diags)
            }
            SchemaKind::AllOf { all_of } => {
                self.all_of(all_of, ObjectParts::default(), at, name, diags)
            }
            SchemaKind::OneOf { one_of } => {
                self.union(schema, one_of, &pointer(at, &["oneOf"]), name, diags)
            }
            SchemaKind::AnyOf { any_of } => {
                self.union(schema, any_of, &pointer(at, &["anyOf"]), name, diags)
            }
            SchemaKind::Not { .. } => {
                diags.push(
                    Diagnostic::warning(
                        pointer(at, &["not"]),
                        "`not` schemas are not supported; the value is typed as any JSON",
                    )
                    .with_hint("describe what the value is rather than what it is not"),
                );
                Shape::Ref(TypeRef::Json)
            }
            SchemaKind::Any(any) => {
                let typ = any.typ.as_deref();
                let mut declared = ObjectParts::default();
                declared.collect(
                    &any.properties,
                    &any.required,
                    any.additional_properties.as_ref(),
                    at,
                );
                if !any.all_of.is_empty() {
                    // Properties and `required` beside the `allOf` belong to the same object.
                    return self.all_of(&any.all_of, declared, at, name, diags);
                }
                if !any.one_of.is_empty() {
                    return self.union(schema, &any.one_of, &pointer(at, &["oneOf"]), name, diags);
                }
                if !any.any_of.is_empty() {
                    return self.union(schema, &any.any_of, &pointer(at, &["anyOf"]), name, diags);
                }
                let object = typ == Some("object")
                    || (typ.is_none()
                        && (!any.properties.is_empty() || any.additional_properties.is_some()));
                if typ == Some("array") || (any.items.is_some() && !object && typ.is_none()) {
                    return Shape::Ref(self.array(any.items.as_ref(), at, name, diags));
                }
                let strings: Vec<&str> =
                    any.enumeration.iter().filter_map(|v| v.as_str()).collect();
                if !strings.is_empty()
                    && strings.len() == any.enumeration.len()
                    && matches!(typ, None | Some("string"))
                {
                    return Shape::Kind(string_enum(&strings));
                }
                if object {
                    if any.items.is_some() {
                        diags.push(Diagnostic::warning(
                            pointer(at, &["items"]),
                            "`items` on an object schema is ignored",
                        ));
                    }
                    return self.object(declared, name, diags);
                }
                // A type with keywords of another type beside it (`type: string` with
                // `maximum`): the type decides, the foreign keywords are left out.
                Shape::Ref(match typ {
                    Some("string") => TypeRef::Primitive(
                        any.format
                            .as_deref()
                            .map_or(Primitive::String, string_primitive),
                    ),
                    Some("integer") => TypeRef::Primitive(match any.format.as_deref() {
                        Some("int32") => Primitive::I32,
                        _ => Primitive::I64,
                    }),
                    Some("number") => TypeRef::Primitive(number_primitive(any.format.as_deref())),
                    Some("boolean") => TypeRef::Primitive(Primitive::Bool),
                    _ => TypeRef::Json,
                })
            }
        }
    }

    fn array(
        &mut self,
        items: Option<&'a ReferenceOr<Box<Schema>>>,
        at: &str,
        name: &str,
        diags: &mut Diagnostics,
    ) -> TypeRef {
        let item = match items {
            Some(items) => {
                let item = self.lower_boxed(
                    items,
                    &pointer(at, &["items"]),
                    &format!("{name}Item"),
                    diags,
                );
                self.nullable_if(item, items)
            }
            None => TypeRef::Json,
        };
        TypeRef::Vec(Box::new(item))
    }

    /// `ty`, as `Nullable` when `schema` allows `null` (an array's items, a map's values).
    fn nullable_if(&self, ty: TypeRef, schema: &'a ReferenceOr<Box<Schema>>) -> TypeRef {
        let nullable = self
            .resolver
            .boxed_schema(schema, "#")
            .is_ok_and(|resolved| allows_null(resolved.item, self.resolver));
        if nullable && ty != TypeRef::Json {
            TypeRef::Nullable(Box::new(ty))
        } else {
            ty
        }
    }

    fn object(&mut self, parts: ObjectParts<'a>, name: &str, diags: &mut Diagnostics) -> Shape {
        let additional = parts
            .additional
            .and_then(|(additional, at)| match additional {
                AdditionalProperties::Any(true) => Some(TypeRef::Json),
                AdditionalProperties::Any(false) => None,
                AdditionalProperties::Schema(schema) => {
                    let value = self.lower_ref(schema, &at, &format!("{name}Value"), diags);
                    let nullable = self
                        .resolver
                        .schema(schema, "#")
                        .is_ok_and(|resolved| allows_null(resolved.item, self.resolver));
                    Some(if nullable && value != TypeRef::Json {
                        TypeRef::Nullable(Box::new(value))
                    } else {
                        value
                    })
                }
            });
        if parts.properties.is_empty() {
            return Shape::Ref(TypeRef::Map(Box::new(additional.unwrap_or(TypeRef::Json))));
        }
        let mut idents = Scope::with_reserved(&["additional_properties"]);
        let mut fields = Vec::with_capacity(parts.properties.len());
        for (wire_name, property, at) in parts.properties {
            let hint = format!("{name}{}", naming::type_name(wire_name));
            let ty = self.lower_boxed(property, &at, &hint, diags);
            let resolved = self
                .resolver
                .boxed_schema(property, "#")
                .ok()
                .map(|r| r.item);
            let default = resolved
                .and_then(|schema| schema.schema_data.default.as_ref())
                .map(serde_json::Value::to_string);
            let (nullable, constraints, docs, read_only, write_only, deprecated, secret_format) =
                match resolved {
                    Some(schema) => (
                        allows_null(schema, self.resolver),
                        constraints_of(schema, self.resolver),
                        match property {
                            ReferenceOr::Item(_) => docs_of(schema),
                            ReferenceOr::Reference { .. } => Docs::default(),
                        },
                        schema.schema_data.read_only,
                        schema.schema_data.write_only,
                        schema.schema_data.deprecated,
                        ty == TypeRef::Primitive(Primitive::Secret),
                    ),
                    None => (
                        false,
                        Constraints::default(),
                        Docs::default(),
                        false,
                        false,
                        false,
                        false,
                    ),
                };
            let ident = idents.claim(naming::value_ident(wire_name));
            let secret = secret_format
                || (ty == TypeRef::Primitive(Primitive::String) && is_secret_name(&ident));
            fields.push(Field {
                ty: if secret {
                    TypeRef::Primitive(Primitive::Secret)
                } else {
                    ty
                },
                required: parts.required.iter().any(|(n, _)| *n == wire_name),
                wire_name: wire_name.to_string(),
                ident,
                nullable,
                boxed: false,
                secret,
                docs,
                constraints,
                access: Access::of(read_only, write_only),
                one_way: false,
                setter: None,
                null_setter: None,
                deprecated,
                default,
            });
        }
        // A required name no property declares: the document wants it sent, so the struct has
        // it, typed as any JSON value.
        let mut undeclared: Vec<(&str, &String)> = Vec::new();
        for (wire_name, at) in &parts.required {
            if fields.iter().any(|f| f.wire_name == *wire_name)
                || undeclared.iter().any(|(n, _)| n == wire_name)
            {
                continue;
            }
            undeclared.push((wire_name, at));
        }
        for (wire_name, at) in undeclared {
            diags.push(
                Diagnostic::warning(
                    pointer(at, &["required"]),
                    format!(
                        "`{wire_name}` is required but not among the properties; it is a field of \
                         any JSON value"
                    ),
                )
                .with_hint(format!("declare `{wire_name}` under `properties`")),
            );
            fields.push(Field {
                ty: TypeRef::Json,
                required: true,
                wire_name: wire_name.to_string(),
                ident: idents.claim(naming::value_ident(wire_name)),
                nullable: false,
                boxed: false,
                secret: false,
                docs: Docs::default(),
                constraints: Constraints::default(),
                access: Access::ReadWrite,
                one_way: false,
                setter: None,
                null_setter: None,
                deprecated: false,
                default: None,
            });
        }
        name_setters(&mut fields);
        Shape::Kind(TypeKind::Struct(StructDef { fields, additional }))
    }

    /// Merges the parts of an `allOf` into `declared`, the properties and `required` written
    /// beside it.
    fn all_of(
        &mut self,
        all_of: &'a [ReferenceOr<Schema>],
        declared: ObjectParts<'a>,
        at: &str,
        name: &str,
        diags: &mut Diagnostics,
    ) -> Shape {
        let nothing_beside = declared.is_empty();
        if let [only @ ReferenceOr::Reference { .. }] = all_of {
            if nothing_beside {
                return Shape::Ref(self.lower_ref(
                    only,
                    &pointer(at, &["allOf", "0"]),
                    name,
                    diags,
                ));
            }
        }
        // Parts that are not objects (a string with a `pattern` here, a `maxLength` there)
        // describe one value: it has the type of the first part that names one, and the
        // constraints of all of them (see `constraints_of`).
        if let Some((part, part_at)) = self.scalar_part(all_of, at).filter(|_| nothing_beside) {
            return match part {
                ReferenceOr::Reference { reference } => {
                    Shape::Ref(self.reference(reference, &part_at, diags))
                }
                ReferenceOr::Item(schema) => self.shape(schema, &part_at, name, diags),
            };
        }
        let mut parts = ObjectParts::default();
        let mut stack: Vec<(&'a ReferenceOr<Schema>, String, usize)> = all_of
            .iter()
            .enumerate()
            .rev()
            .map(|(i, s)| (s, pointer(at, &["allOf", &i.to_string()]), 0))
            .collect();
        // Parts merged so far: an `allOf` that names itself twice (`A: {allOf: [A, A]}`) would
        // otherwise double at every level below the depth limit (found by fuzzing:
        // `fuzz-regressions/allof-self-twice.yaml`).
        let mut merged = 0usize;
        while let Some((part, part_at, depth)) = stack.pop() {
            merged += 1;
            if merged > MAX_ALL_OF_PARTS {
                diags.push(Diagnostic::error(
                    at,
                    "`allOf` nests too deeply or refers to itself",
                ));
                break;
            }
            let resolved = match self.resolver.schema(part, "#") {
                Ok(resolved) => resolved,
                Err(err) => {
                    let unsupported = match part {
                        ReferenceOr::Reference { reference } => {
                            unsupported_form(reference)
                                && component_name(reference, "schemas").is_err()
                        }
                        ReferenceOr::Item(_) => false,
                    };
                    diags.push(if unsupported {
                        Diagnostic::warning(
                            part_at,
                            format!("{}; this part of the `allOf` is left out", err.message),
                        )
                        .with_hint(UNSUPPORTED_REF_HINT)
                    } else if err.severity == Severity::Warning {
                        Diagnostic {
                            pointer: part_at,
                            message: format!(
                                "{}; this part of the `allOf` is left out",
                                err.message
                            ),
                            ..err
                        }
                    } else {
                        Diagnostic {
                            pointer: part_at,
                            ..err
                        }
                    });
                    continue;
                }
            };
            let schema = resolved.item;
            let base = resolved
                .component
                .map(|n| component_pointer("schemas", n))
                .unwrap_or(part_at);
            match &schema.schema_kind {
                SchemaKind::Type(Type::Object(object)) => parts.collect(
                    &object.properties,
                    &object.required,
                    object.additional_properties.as_ref(),
                    &base,
                ),
                SchemaKind::Any(any)
                    if any.all_of.is_empty()
                        && (any.typ.is_none() || any.typ.as_deref() == Some("object"))
                        && any.one_of.is_empty()
                        && any.any_of.is_empty() =>
                {
                    parts.collect(
                        &any.properties,
                        &any.required,
                        any.additional_properties.as_ref(),
                        &base,
                    )
                }
                SchemaKind::AllOf { all_of: nested }
                | SchemaKind::Any(openapiv3::AnySchema { all_of: nested, .. })
                    if !nested.is_empty() =>
                {
                    if depth > 32 {
                        diags.push(Diagnostic::error(
                            base,
                            "`allOf` nests too deeply or refers to itself",
                        ));
                        continue;
                    }
                    for (i, s) in nested.iter().enumerate().rev() {
                        stack.push((s, pointer(&base, &["allOf", &i.to_string()]), depth + 1));
                    }
                }
                _ => diags.push(
                    Diagnostic::warning(
                        base,
                        "only object schemas can be merged by `allOf`; this part is ignored",
                    )
                    .with_hint("use `oneOf` for alternatives, or make the part an object"),
                ),
            }
        }
        parts.merge(declared);
        self.object(parts, name, diags)
    }

    /// The part that gives an `allOf` of non-object parts its type, with its pointer; `None`
    /// when some part is an object or a union (the parts then merge as an object), or no part
    /// names a type.
    fn scalar_part(
        &self,
        all_of: &'a [ReferenceOr<Schema>],
        at: &str,
    ) -> Option<(&'a ReferenceOr<Schema>, String)> {
        match self.scalar_parts(all_of, at, 0) {
            ScalarParts::Typed(part, part_at) => Some((part, part_at)),
            ScalarParts::Object | ScalarParts::Untyped => None,
        }
    }

    fn scalar_parts(
        &self,
        all_of: &'a [ReferenceOr<Schema>],
        at: &str,
        depth: usize,
    ) -> ScalarParts<'a> {
        if depth > 8 {
            return ScalarParts::Object;
        }
        let mut typed = ScalarParts::Untyped;
        for (index, part) in all_of.iter().enumerate() {
            let part_at = pointer(at, &["allOf", &index.to_string()]);
            let Ok(resolved) = self.resolver.schema(part, "#") else {
                return ScalarParts::Object;
            };
            let found = match &resolved.item.schema_kind {
                SchemaKind::Type(Type::Object(_))
                | SchemaKind::OneOf { .. }
                | SchemaKind::AnyOf { .. }
                | SchemaKind::Not { .. } => ScalarParts::Object,
                SchemaKind::Type(_) => ScalarParts::Typed(part, part_at),
                SchemaKind::AllOf { all_of: nested } => {
                    self.scalar_parts(nested, &part_at, depth + 1)
                }
                SchemaKind::Any(any) => {
                    if !any.properties.is_empty()
                        || any.additional_properties.is_some()
                        || any.typ.as_deref() == Some("object")
                        || !any.one_of.is_empty()
                        || !any.any_of.is_empty()
                    {
                        ScalarParts::Object
                    } else if !any.all_of.is_empty() {
                        self.scalar_parts(&any.all_of, &part_at, depth + 1)
                    } else if any.typ.is_some()
                        || !any.enumeration.is_empty()
                        || any.items.is_some()
                    {
                        ScalarParts::Typed(part, part_at)
                    } else {
                        ScalarParts::Untyped
                    }
                }
            };
            match found {
                ScalarParts::Object => return ScalarParts::Object,
                ScalarParts::Typed(..) if matches!(typed, ScalarParts::Untyped) => typed = found,
                _ => {}
            }
        }
        typed
    }

    fn union(
        &mut self,
        schema: &'a Schema,
        alternatives: &'a [ReferenceOr<Schema>],
        at: &str,
        name: &str,
        diags: &mut Diagnostics,
    ) -> Shape {
        let discriminator = schema.schema_data.discriminator.as_ref();
        let mut names = Scope::new();
        let mut variants = Vec::with_capacity(alternatives.len());
        for (index, alternative) in alternatives.iter().enumerate() {
            let variant_at = pointer(at, &[&index.to_string()]);
            let component = match alternative {
                ReferenceOr::Reference { reference } => component_name(reference, "schemas").ok(),
                ReferenceOr::Item(_) => None,
            };
            // An inline variant whose discriminator property allows one value is named after it.
            let inline_tag = match (alternative, discriminator) {
                (ReferenceOr::Item(item), Some(d)) => {
                    single_value(item, &d.property_name, self.resolver)
                }
                _ => None,
            };
            let stem = match &inline_tag {
                Some(tag) => naming::type_name(tag),
                None => format!("Variant{}", index + 1),
            };
            let ty = self.lower_ref(alternative, &variant_at, &format!("{name}{stem}"), diags);
            let label = match (&ty, component) {
                (_, Some(component)) => naming::type_name(component),
                (_, None) if inline_tag.is_some() => stem.clone(),
                (TypeRef::Primitive(p), None) => format!("{p:?}"),
                (TypeRef::Vec(_), None) => "Array".to_string(),
                (TypeRef::Map(_), None) => "Object".to_string(),
                _ => format!("Variant{}", index + 1),
            };
            // The mapping's value for the variant, else the component name, else (for an inline
            // variant) the single value its discriminator property allows.
            let tag = discriminator.and_then(|d| {
                let target = match alternative {
                    ReferenceOr::Reference { reference } => reference.as_str(),
                    ReferenceOr::Item(_) => "",
                };
                let mapped = d
                    .mapping
                    .iter()
                    .find(|(_, to)| to.as_str() == target || component == Some(to.as_str()))
                    .map(|(value, _)| value.clone());
                mapped
                    .or_else(|| component.map(str::to_string))
                    .or_else(|| inline_tag.clone())
            });
            variants.push(UnionVariant {
                name: names.claim(label),
                tag,
                ty,
                boxed: false,
            });
        }
        if variants.is_empty() {
            diags.push(Diagnostic::warning(
                at,
                "an empty `oneOf`/`anyOf` is typed as any JSON",
            ));
            return Shape::Ref(TypeRef::Json);
        }
        let mut discriminator = discriminator.map(|d| d.property_name.clone());
        let mut tags: Vec<Option<&str>> = variants.iter().map(|v| v.tag.as_deref()).collect();
        tags.sort_unstable();
        let ambiguous = tags.iter().any(Option::is_none) || tags.windows(2).any(|w| w[0] == w[1]);
        if let Some(property) = discriminator.as_ref().filter(|_| ambiguous) {
            diags.push(
                Diagnostic::warning(
                    at,
                    format!(
                        "not every variant has its own `{property}` value (an inline variant \
                         needs a `mapping` entry or a single-value `enum`); the variants are \
                         tried in order instead"
                    ),
                )
                .with_hint("refer to the variants with `$ref`, or list their values in `mapping`"),
            );
            discriminator = None;
            for variant in &mut variants {
                variant.tag = None;
            }
        }
        let unknown = discriminator
            .as_ref()
            .map(|_| names.claim("Unknown".to_string()));
        Shape::Kind(TypeKind::Union(UnionDef {
            discriminator,
            variants,
            unknown,
        }))
    }
}

/// How to get rid of a schema reference of an unsupported form.
const UNSUPPORTED_REF_HINT: &str =
    "bundle the document so that every schema is under `components/schemas` (e.g. `redocly bundle`)";

/// Whether a schema reference has a form the generator does not follow (another document, or a
/// pointer that is not `#/components/<section>/Name`); a reference into the wrong component
/// section is a mistake in the document instead.
fn unsupported_form(reference: &str) -> bool {
    !reference.starts_with("#/components/") || reference.starts_with("#/components/schemas/")
}

/// A resolution message, completed with what a warning means for the type.
fn any_json(message: String, severity: Severity) -> String {
    match severity {
        Severity::Warning => format!("{message}; the type is any JSON"),
        Severity::Error => message,
    }
}

/// What the parts of an `allOf` are, taken together.
enum ScalarParts<'a> {
    /// Some part is an object or a union.
    Object,
    /// No part is an object; this one (with its pointer) is the first that names a type.
    Typed(&'a ReferenceOr<Schema>, String),
    /// No part names a type.
    Untyped,
}

/// What a schema lowers to: a plain type reference, or a type that needs a name.
enum Shape {
    Ref(TypeRef),
    Kind(TypeKind),
}

impl<'a> ObjectParts<'a> {
    fn collect(
        &mut self,
        properties: &'a indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &'a [String],
        additional: Option<&'a AdditionalProperties>,
        at: &str,
    ) {
        for (name, schema) in properties {
            let property_at = pointer(at, &["properties", name]);
            match self
                .properties
                .iter_mut()
                .find(|(n, _, _)| *n == name.as_str())
            {
                Some(existing) => *existing = (name.as_str(), schema, property_at),
                None => self.properties.push((name.as_str(), schema, property_at)),
            }
        }
        self.required
            .extend(required.iter().map(|name| (name.as_str(), at.to_string())));
        if let Some(additional) = additional {
            self.additional = Some((additional, pointer(at, &["additionalProperties"])));
        }
    }

    /// Whether nothing was gathered.
    fn is_empty(&self) -> bool {
        self.properties.is_empty() && self.required.is_empty() && self.additional.is_none()
    }

    /// Adds `other`'s properties (replacing those of the same name), required names and
    /// additional properties.
    fn merge(&mut self, other: ObjectParts<'a>) {
        for (name, schema, at) in other.properties {
            match self.properties.iter_mut().find(|(n, _, _)| *n == name) {
                Some(existing) => *existing = (name, schema, at),
                None => self.properties.push((name, schema, at)),
            }
        }
        self.required.extend(other.required);
        if other.additional.is_some() {
            self.additional = other.additional;
        }
    }
}

/// Names the setters of a model's optional fields, unique within the model: `note` and
/// `note_null` both want `with_note_null`.
pub(super) fn name_setters(fields: &mut [Field]) {
    let mut names = Scope::with_reserved(&["new"]);
    for field in fields {
        field.setter = None;
        field.null_setter = None;
        let presence = Presence::of(field);
        if presence.in_constructor() {
            continue;
        }
        let setter = names.claim(naming::join("with", &field.ident));
        if presence == Presence::OptionalNullable {
            field.null_setter = Some(names.claim(format!("{setter}_null")));
        }
        field.setter = Some(setter);
    }
}

/// The only value property `property` of an inline object schema allows (`enum: [circle]`).
fn single_value(schema: &Schema, property: &str, resolver: Resolver<'_>) -> Option<String> {
    let properties = match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => &object.properties,
        SchemaKind::Any(any) => &any.properties,
        _ => return None,
    };
    let resolved = resolver.boxed_schema(properties.get(property)?, "#").ok()?;
    let values: Vec<&str> = match &resolved.item.schema_kind {
        SchemaKind::Type(Type::String(string)) => string
            .enumeration
            .iter()
            .flatten()
            .map(String::as_str)
            .collect(),
        SchemaKind::Any(any) => any.enumeration.iter().filter_map(|v| v.as_str()).collect(),
        _ => Vec::new(),
    };
    match values.as_slice() {
        [only] => Some(only.to_string()),
        _ => None,
    }
}

/// Whether `schema` allows `null`: it is `nullable`, or it is a union of which every
/// alternative is.
fn allows_null(schema: &Schema, resolver: Resolver<'_>) -> bool {
    if schema.schema_data.nullable {
        return true;
    }
    let alternatives = match &schema.schema_kind {
        SchemaKind::OneOf { one_of } => one_of,
        SchemaKind::AnyOf { any_of } => any_of,
        SchemaKind::Any(any) if !any.one_of.is_empty() => &any.one_of,
        SchemaKind::Any(any) if !any.any_of.is_empty() => &any.any_of,
        _ => return false,
    };
    alternatives.iter().all(|alternative| {
        resolver
            .schema(alternative, "#")
            .is_ok_and(|resolved| resolved.item.schema_data.nullable)
    })
}

/// The primitive of a string with a `format` the `openapiv3` crate does not know by name.
fn string_primitive(format: &str) -> Primitive {
    match format {
        "date-time" => Primitive::DateTime,
        "date" => Primitive::Date,
        "password" => Primitive::Secret,
        "uuid" => Primitive::Uuid,
        _ => Primitive::String,
    }
}

/// The primitive of a number with `format`: an integer format makes it an integer.
fn number_primitive(format: Option<&str>) -> Primitive {
    match format {
        Some("float") => Primitive::F32,
        Some("int32") => Primitive::I32,
        Some("int64") => Primitive::I64,
        _ => Primitive::F64,
    }
}

/// The values of a number enum whose values are all whole (`enum: [0, 1]`), which is an
/// integer enum.
fn whole_number_enum(number: &openapiv3::NumberType) -> Option<Vec<i64>> {
    let values: Vec<f64> = number.enumeration.iter().flatten().copied().collect();
    let whole = values.iter().all(|v| v.fract() == 0.0 && v.abs() < 9.0e15);
    // Whole and within 2^53: the cast is exact.
    (!values.is_empty() && whole).then(|| values.iter().map(|v| *v as i64).collect())
}

fn needs_name(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => s.enumeration.iter().any(Option::is_some),
        SchemaKind::Type(Type::Integer(i)) => i.enumeration.iter().any(Option::is_some),
        SchemaKind::Type(Type::Number(n)) => whole_number_enum(n).is_some(),
        SchemaKind::Type(Type::Object(o)) => !o.properties.is_empty(),
        SchemaKind::AllOf { .. } | SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => true,
        SchemaKind::Any(any) => {
            !any.properties.is_empty()
                || !any.all_of.is_empty()
                || !any.one_of.is_empty()
                || !any.any_of.is_empty()
                || any.enumeration.iter().any(|v| v.is_string())
        }
        _ => false,
    }
}

/// An integer enum of `values`, each once, named `V2` (`Minus1` for `-1`).
fn int_enum(values: &[i64]) -> TypeKind {
    let mut seen = std::collections::BTreeSet::new();
    TypeKind::IntEnum(
        values
            .iter()
            .filter(|value| seen.insert(**value))
            .map(|&value| IntValue {
                value,
                variant: if value < 0 {
                    format!("Minus{}", value.unsigned_abs())
                } else {
                    format!("V{value}")
                },
            })
            .collect(),
    )
}

fn string_enum(values: &[&str]) -> TypeKind {
    let mut names = Scope::with_reserved(&["Unknown"]);
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for value in values {
        if seen.contains(value) {
            continue;
        }
        seen.push(value);
        out.push(EnumValue {
            value: value.to_string(),
            variant: names.claim(naming::variant_name(value)),
        });
    }
    TypeKind::StringEnum(out)
}

/// Documentation of a schema: its title as summary and its description.
pub fn docs_of(schema: &Schema) -> Docs {
    Docs::new(
        schema.schema_data.title.as_deref(),
        schema.schema_data.description.as_deref(),
    )
}

/// Field names whose values are credentials and must never be printed.
fn is_secret_name(ident: &str) -> bool {
    ident == "password"
        || ident.ends_with("_password")
        || ident == "secret"
        || ident.ends_with("_secret")
}
