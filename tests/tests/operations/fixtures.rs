//! Realistic payloads written for these tests: each response body as the JSON a server sends,
//! next to the model it must decode into, built independently with the models' constructors.

use ionoscloud_container_registry::chrono::{DateTime, TimeZone, Utc};
use ionoscloud_container_registry::models::{
    self, ApiErrorMessage, ApiErrorResponse, ApiResourceMetadata, Credentials, Day, ErrorMessages,
    Location, LocationsResponse, PaginationLinks, PostRegistryOutput, PostTokenOutput,
    PutRegistryOutput, PutTokenOutput, RegistriesResponse, RegistryPagination, RegistryProperties,
    RegistryResponse, Scope, StorageUsage, TokenProperties, TokenPropertiesStatus, TokenResponse,
    TokensResponse, WeeklySchedule,
};
use ionoscloud_container_registry::uuid::Uuid;
use ionoscloud_container_registry::ErrorModel;
use serde_json::{json, Value};

pub const REGISTRY_ID: &str = "3f2c9a1e-7b4d-4e8a-9c61-0d5e2f8b7a43";
pub const OTHER_REGISTRY_ID: &str = "c81d4fae-7dec-41d0-a765-00a0c91e6bf6";
pub const TOKEN_ID: &str = "b7e4d2c0-5a19-4f3e-8d27-6c1a9e0f4b58";
pub const OTHER_TOKEN_ID: &str = "0e9a7c55-3b21-4d8f-b6a4-92f1c7d3e810";
pub const USER_ID: &str = "8d5f1a3b-2c4e-4f60-9a7b-1e3d5c7f9b02";
pub const DIGEST: &str = "sha256:4b1c2d3e5f60718293a4b5c6d7e8f9011223344556677889900aabbccddeeff0";
/// [`DIGEST`] as a path segment: its `:` percent-encoded.
pub const DIGEST_IN_PATH: &str =
    "sha256%3A4b1c2d3e5f60718293a4b5c6d7e8f9011223344556677889900aabbccddeeff0";
pub const VULNERABILITY_ID: &str = "CVE-2024-3094";
const API: &str = "https://api.example.test/containerregistries";

pub fn uuid(text: &str) -> Uuid {
    Uuid::parse_str(text).expect("a valid UUID literal")
}

/// A UTC timestamp, built without parsing text.
pub fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap()
}

pub fn registry_href(id: &str) -> String {
    format!("{API}/registries/{id}")
}

pub fn token_href(registry: &str, token: &str) -> String {
    format!("{API}/registries/{registry}/tokens/{token}")
}

// ---- Locations ----------------------------------------------------------------------------

pub fn locations_json() -> Value {
    json!({
        "id": "locations",
        "type": "collection",
        "href": format!("{API}/locations"),
        "items": [{"id": "de/fra"}, {"id": "de/txl"}, {"id": "es/vit"}]
    })
}

pub fn locations_model() -> LocationsResponse {
    LocationsResponse::new()
        .with_id("locations")
        .with_type("collection")
        .with_href(format!("{API}/locations"))
        .with_items(
            ["de/fra", "de/txl", "es/vit"]
                .into_iter()
                .map(|id| Location::new().with_id(id))
                .collect(),
        )
}

// ---- Registries ---------------------------------------------------------------------------

/// Metadata of a resource changed once after creation; the change time carries a `+02:00`
/// offset, which must come out as the same instant in UTC.
fn metadata_json(state: &str) -> Value {
    json!({
        "createdBy": "registry-admin@example.com",
        "createdByUserId": USER_ID,
        "createdDate": "2024-03-18T09:12:44Z",
        "lastModifiedBy": "ops-bot@example.com",
        "lastModifiedByUserId": "5a0b2e4d-9c81-4f37-a6d2-3e8f0c1b7d95",
        "lastModifiedDate": "2024-05-02T18:40:03+02:00",
        "state": state
    })
}

fn metadata_model(state: &str) -> ApiResourceMetadata {
    ApiResourceMetadata::new(
        "registry-admin@example.com",
        USER_ID,
        at(2024, 3, 18, 9, 12, 44),
        state,
    )
    .with_last_modified_by("ops-bot@example.com")
    .with_last_modified_by_user_id("5a0b2e4d-9c81-4f37-a6d2-3e8f0c1b7d95")
    .with_last_modified_date(at(2024, 5, 2, 16, 40, 3))
}

/// Metadata of a resource that was just created: no `lastModified*` yet, the date `null`.
fn fresh_metadata_json() -> Value {
    json!({
        "createdBy": "registry-admin@example.com",
        "createdByUserId": USER_ID,
        "createdDate": "2024-06-11T07:05:00Z",
        "lastModifiedDate": null,
        "state": "BUSY"
    })
}

fn fresh_metadata_model() -> ApiResourceMetadata {
    ApiResourceMetadata::new(
        "registry-admin@example.com",
        USER_ID,
        at(2024, 6, 11, 7, 5, 0),
        "BUSY",
    )
    .with_last_modified_date_null()
}

/// The properties of a registry in service: every optional field set.
fn registry_properties_json() -> Value {
    json!({
        "name": "acme-images",
        "location": "de/fra",
        "hostname": "acme-images-3f2c9a1e.cr.de-fra.example.test",
        "garbageCollectionSchedule": {"days": ["Monday", "Thursday"], "time": "02:30:00"},
        "storageUsage": {"bytes": 734003200_i64, "updatedAt": "2024-06-01T00:00:00Z"}
    })
}

fn registry_properties_model() -> RegistryProperties {
    RegistryProperties::new("de/fra", "acme-images")
        .with_hostname("acme-images-3f2c9a1e.cr.de-fra.example.test")
        .with_garbage_collection_schedule(weekly(&[Day::Monday, Day::Thursday], "02:30:00"))
        .with_storage_usage(
            StorageUsage::new(Some(734_003_200)).with_updated_at(at(2024, 6, 1, 0, 0, 0)),
        )
}

/// The properties of a registry that is still being set up: no schedule, usage not measured.
fn new_registry_properties_json() -> Value {
    json!({
        "name": "edge-cache",
        "location": "es/vit",
        "garbageCollectionSchedule": null,
        "storageUsage": {"bytes": null}
    })
}

fn new_registry_properties_model() -> RegistryProperties {
    RegistryProperties::new("es/vit", "edge-cache")
        .with_garbage_collection_schedule_null()
        .with_storage_usage(StorageUsage::new(None))
}

pub fn weekly(days: &[Day], time: &str) -> WeeklySchedule {
    WeeklySchedule::new(Some(days.to_vec()), time)
}

pub fn registry_json() -> Value {
    json!({
        "id": REGISTRY_ID,
        "type": "registry",
        "href": registry_href(REGISTRY_ID),
        "metadata": metadata_json("Running"),
        "properties": registry_properties_json()
    })
}

pub fn registry_model() -> RegistryResponse {
    RegistryResponse::new(
        Some(metadata_model("Running")),
        Some(registry_properties_model()),
    )
    .with_id(uuid(REGISTRY_ID))
    .with_type("registry")
    .with_href(registry_href(REGISTRY_ID))
}

fn new_registry_json() -> Value {
    json!({
        "id": OTHER_REGISTRY_ID,
        "type": "registry",
        "href": registry_href(OTHER_REGISTRY_ID),
        "metadata": fresh_metadata_json(),
        "properties": new_registry_properties_json()
    })
}

fn new_registry_model() -> RegistryResponse {
    RegistryResponse::new(
        Some(fresh_metadata_model()),
        Some(new_registry_properties_model()),
    )
    .with_id(uuid(OTHER_REGISTRY_ID))
    .with_type("registry")
    .with_href(registry_href(OTHER_REGISTRY_ID))
}

pub fn registries_json() -> Value {
    json!({
        "id": "registries",
        "type": "collection",
        "href": format!("{API}/registries?limit=2"),
        "items": [registry_json(), new_registry_json()],
        "pagination": {"limit": 2, "token": "eyJsYXN0IjoiZWRnZS1jYWNoZSJ9"},
        "_links": {
            "self": format!("{API}/registries?limit=2"),
            "previous": "",
            "next": format!("{API}/registries?limit=2&pagination.token=eyJsYXN0IjoiZWRnZS1jYWNoZSJ9")
        }
    })
}

pub fn registries_model() -> RegistriesResponse {
    RegistriesResponse::new(
        PaginationLinks::new(
            format!("{API}/registries?limit=2&pagination.token=eyJsYXN0IjoiZWRnZS1jYWNoZSJ9"),
            String::new(),
            format!("{API}/registries?limit=2"),
        ),
        RegistryPagination::new(2, "eyJsYXN0IjoiZWRnZS1jYWNoZSJ9"),
    )
    .with_id("registries")
    .with_type("collection")
    .with_href(format!("{API}/registries?limit=2"))
    .with_items(vec![registry_model(), new_registry_model()])
}

/// The answer to a POST: the new registry, still provisioning.
pub fn created_registry_json() -> Value {
    json!({
        "id": OTHER_REGISTRY_ID,
        "type": "registry",
        "href": registry_href(OTHER_REGISTRY_ID),
        "metadata": fresh_metadata_json(),
        "properties": {
            "name": "acme-images",
            "location": "de/fra",
            "hostname": "acme-images-c81d4fae.cr.de-fra.example.test",
            "garbageCollectionSchedule": {"days": ["Monday", "Thursday"], "time": "02:30:00"}
        }
    })
}

pub fn created_registry_model() -> PostRegistryOutput {
    PostRegistryOutput::new(
        Some(fresh_metadata_model()),
        Some(
            RegistryProperties::new("de/fra", "acme-images")
                .with_hostname("acme-images-c81d4fae.cr.de-fra.example.test")
                .with_garbage_collection_schedule(weekly(
                    &[Day::Monday, Day::Thursday],
                    "02:30:00",
                )),
        ),
    )
    .with_id(uuid(OTHER_REGISTRY_ID))
    .with_type("registry")
    .with_href(registry_href(OTHER_REGISTRY_ID))
}

/// The answer to a PUT: the stored registry, without `href` (optional fields may be missing).
pub fn replaced_registry_json() -> Value {
    json!({
        "id": REGISTRY_ID,
        "type": "registry",
        "metadata": metadata_json("BUSY"),
        "properties": {"name": "acme-images", "location": "de/fra"}
    })
}

pub fn replaced_registry_model() -> PutRegistryOutput {
    PutRegistryOutput::new(
        Some(metadata_model("BUSY")),
        Some(RegistryProperties::new("de/fra", "acme-images")),
    )
    .with_id(uuid(REGISTRY_ID))
    .with_type("registry")
}

// ---- Tokens -------------------------------------------------------------------------------

fn push_scope_json() -> Value {
    json!({"type": "repository", "name": "acme/*", "actions": ["pull", "push"]})
}

fn push_scope() -> Scope {
    Scope::new(
        Some(vec!["pull".into(), "push".into()]),
        "acme/*",
        "repository",
    )
}

/// A token as listed or fetched: the password is empty except right after creation.
pub fn token_json() -> Value {
    json!({
        "id": TOKEN_ID,
        "type": "token",
        "href": token_href(REGISTRY_ID, TOKEN_ID),
        "metadata": metadata_json("enabled"),
        "properties": {
            "name": "ci-pusher",
            "credentials": {"username": "ci-pusher", "password": ""},
            "expiryDate": "2025-01-31T23:59:59Z",
            "scopes": [push_scope_json()],
            "status": "enabled"
        }
    })
}

pub fn token_model() -> TokenResponse {
    TokenResponse::new(
        Some(metadata_model("enabled")),
        Some(
            TokenProperties::new(Some(Credentials::new("".into(), "ci-pusher")), "ci-pusher")
                .with_expiry_date(at(2025, 1, 31, 23, 59, 59))
                .with_scopes(vec![push_scope()])
                .with_status(TokenPropertiesStatus::Enabled),
        ),
    )
    .with_id(uuid(TOKEN_ID))
    .with_type("token")
    .with_href(token_href(REGISTRY_ID, TOKEN_ID))
}

/// A disabled token without expiry and without scopes (`null` for both).
fn disabled_token_json() -> Value {
    json!({
        "id": OTHER_TOKEN_ID,
        "type": "token",
        "href": token_href(REGISTRY_ID, OTHER_TOKEN_ID),
        "metadata": fresh_metadata_json(),
        "properties": {
            "name": "Nightly-Reader",
            "credentials": {"username": "Nightly-Reader", "password": ""},
            "expiryDate": null,
            "scopes": null,
            "status": "disabled"
        }
    })
}

fn disabled_token_model() -> TokenResponse {
    TokenResponse::new(
        Some(fresh_metadata_model()),
        Some(
            TokenProperties::new(
                Some(Credentials::new("".into(), "Nightly-Reader")),
                "Nightly-Reader",
            )
            .with_expiry_date_null()
            .with_scopes_null()
            .with_status(TokenPropertiesStatus::Disabled),
        ),
    )
    .with_id(uuid(OTHER_TOKEN_ID))
    .with_type("token")
    .with_href(token_href(REGISTRY_ID, OTHER_TOKEN_ID))
}

pub fn tokens_json() -> Value {
    let base = format!("{API}/registries/{REGISTRY_ID}/tokens");
    json!({
        "id": "tokens",
        "type": "collection",
        "href": format!("{base}?offset=10&limit=2"),
        "offset": 10,
        "limit": 2,
        "count": 2,
        "total": 14,
        "items": [token_json(), disabled_token_json()],
        "_links": {
            "self": format!("{base}?offset=10&limit=2"),
            "previous": format!("{base}?offset=8&limit=2"),
            "next": format!("{base}?offset=12&limit=2")
        }
    })
}

pub fn tokens_model() -> TokensResponse {
    let base = format!("{API}/registries/{REGISTRY_ID}/tokens");
    TokensResponse::new(
        PaginationLinks::new(
            format!("{base}?offset=12&limit=2"),
            format!("{base}?offset=8&limit=2"),
            format!("{base}?offset=10&limit=2"),
        ),
        2,
        2,
        10,
        14,
    )
    .with_id("tokens")
    .with_type("collection")
    .with_href(format!("{base}?offset=10&limit=2"))
    .with_items(vec![token_model(), disabled_token_model()])
}

/// The answer to a token POST: the only time the password is filled in.
pub fn created_token_json() -> Value {
    json!({
        "id": TOKEN_ID,
        "type": "token",
        "href": token_href(REGISTRY_ID, TOKEN_ID),
        "metadata": fresh_metadata_json(),
        "properties": {
            "name": "ci-pusher",
            "credentials": {"username": "ci-pusher", "password": "Zq8#mW2!vR5^kT9@pL3"},
            "expiryDate": "2025-01-31T23:59:59Z",
            "scopes": [push_scope_json()],
            "status": "enabled"
        }
    })
}

pub fn created_token_model() -> PostTokenOutput {
    PostTokenOutput::new(
        Some(fresh_metadata_model()),
        Some(
            TokenProperties::new(
                Some(Credentials::new("Zq8#mW2!vR5^kT9@pL3".into(), "ci-pusher")),
                "ci-pusher",
            )
            .with_expiry_date(at(2025, 1, 31, 23, 59, 59))
            .with_scopes(vec![push_scope()])
            .with_status(TokenPropertiesStatus::Enabled),
        ),
    )
    .with_id(uuid(TOKEN_ID))
    .with_type("token")
    .with_href(token_href(REGISTRY_ID, TOKEN_ID))
}

/// The answer to a token PUT: `credentials` is `null`, no optional fields at all.
pub fn replaced_token_json() -> Value {
    json!({
        "id": OTHER_TOKEN_ID,
        "metadata": fresh_metadata_json(),
        "properties": {"name": "Nightly-Reader", "credentials": null}
    })
}

pub fn replaced_token_model() -> PutTokenOutput {
    PutTokenOutput::new(
        Some(fresh_metadata_model()),
        Some(TokenProperties::new(None, "Nightly-Reader")),
    )
    .with_id(uuid(OTHER_TOKEN_ID))
}

// ---- Errors -------------------------------------------------------------------------------

pub fn error_json(status: u16, code: &str, message: &str) -> Value {
    json!({
        "httpStatus": status,
        "messages": [{"errorCode": code, "message": message}]
    })
}

/// The `ApiErrorResponse` body of an operation of API 1.0, as the crate's `ErrorModel`.
pub fn error_model(status: u16, code: &str, message: &str) -> ErrorModel {
    ErrorModel::ApiErrorResponse(ApiErrorResponse::new(
        i64::from(status),
        Some(vec![ApiErrorMessage::new(code, message)]),
    ))
}

/// The same body decoded as the `Error` schema of the operations added in 1.1 and 1.2.
pub fn new_error_model(status: u16, code: &str, message: &str) -> ErrorModel {
    ErrorModel::Error(
        models::ErrorModel::new()
            .with_http_status(i32::from(status))
            .with_messages(vec![ErrorMessages::new()
                .with_error_code(code)
                .with_message(message)]),
    )
}

// ---- Repositories, artifacts and vulnerabilities (API 1.2) ----------------------------

/// A repository of the registry as the API sends it.
pub fn repository_json(name: &str) -> Value {
    json!({
        "id": name,
        "type": "repository",
        "href": format!("{API}/registries/{REGISTRY_ID}/repositories/{name}"),
        "metadata": {
            "createdDate": "2026-03-01T09:00:00Z",
            "artifactCount": 3,
            "pullCount": 1200,
            "pushCount": 17,
            "lastPushedAt": "2026-11-30T22:15:00Z",
            "lastSeverity": "HIGH"
        },
        "properties": {"name": name}
    })
}

/// An artifact (an image of `nginx`) as the API sends it.
pub fn artifact_json() -> Value {
    json!({
        "id": DIGEST,
        "type": "artifact",
        "href": format!("{API}/registries/{REGISTRY_ID}/repositories/nginx/artifacts/{DIGEST}"),
        "metadata": {
            "lastPushedAt": "2026-11-30T22:15:00Z",
            "lastScannedAt": "2026-12-01T03:00:00Z",
            "pushCount": 2,
            "pullCount": 640,
            "vulnMaxSeverity": "CRITICAL",
            "vulnTotalScore": 31.5,
            "vulnTotalCount": 4,
            "vulnFixableCount": 3
        },
        "properties": {
            "repositoryName": "nginx",
            "digest": DIGEST,
            "tags": ["1.27", "latest"],
            "mediaType": "application/vnd.oci.image.manifest.v1+json"
        }
    })
}

/// A vulnerability as the API sends it.
pub fn vulnerability_json() -> Value {
    json!({
        "id": VULNERABILITY_ID,
        "type": "vulnerability",
        "href": format!("{API}/vulnerabilities/{VULNERABILITY_ID}"),
        "metadata": {"publishedAt": "2024-03-29T17:15:00Z", "updatedAt": "2024-04-02T08:00:00Z"},
        "properties": {
            "description": "Malicious code in the release tarballs of a compression library.",
            "recommendations": "Downgrade to an unaffected version.",
            "dataSource": {"id": "nvd", "url": "https://nvd.example.test"},
            "fixable": true,
            "affects": [{"type": "deb", "name": "xz-utils", "version": "5.6.0"}],
            "references": ["https://advisories.example.test/CVE-2024-3094"],
            "severity": "CRITICAL",
            "score": 10.0
        }
    })
}
