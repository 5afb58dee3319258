//! Issue 4, item 7: every enum decodes a value it does not know into `Unknown(UnknownValue)`,
//! keeps the string and sends it back unchanged.

use ionoscloud_container_registry::models::{
    ArtifactReadListId, ArtifactReadListType, ArtifactReadType, ArtifactVulnerabilityReadListId,
    ArtifactVulnerabilityReadListType, Day, PatchRegistryInput, PatchTokenInput,
    PatchTokenInputStatus, PostTokenProperties, PostTokenPropertiesStatus, PutTokenInput,
    RegistriesArtifactsGetOrderBy, RegistriesRepositoriesArtifactsGetOrderBy,
    RegistriesRepositoriesArtifactsVulnerabilitiesGetOrderBy, RegistriesRepositoriesGetOrderBy,
    RegistryArtifactsReadListId, RegistryArtifactsReadListType, RepositoryReadListId,
    RepositoryReadListType, RepositoryReadType, TokenPropertiesStatus, VulnerabilityReadListId,
    VulnerabilityReadListType, VulnerabilityReadType,
};
use serde_json::{json, Value};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::*;

/// Checks that `$known` decodes to `$expected`, surprising strings to `$unknown(..)`, and that
/// every value serialises back to the string it came from.
macro_rules! round_trips {
    ($ty:ty, $known:expr, $expected:expr, $unknown:path) => {{
        let decoded: $ty = serde_json::from_value(json!($known)).unwrap();
        assert_eq!(decoded, $expected);
        assert_eq!(serde_json::to_value(&decoded).unwrap(), json!($known));
        assert_eq!(decoded.to_string(), $known);
        for surprise in ["Surprise-Value", "", "enabled ", "MONDAY"] {
            let decoded: $ty = serde_json::from_value(json!(surprise)).unwrap();
            assert!(
                matches!(&decoded, $unknown(value) if value.get() == surprise),
                "{surprise:?}"
            );
            assert_eq!(serde_json::to_value(&decoded).unwrap(), json!(surprise));
            assert_eq!(decoded.to_string(), surprise);
        }
        // Not a string at all is still an error.
        assert!(serde_json::from_value::<$ty>(json!(7)).is_err());
    }};
}

#[test]
fn every_enum_keeps_unknown_values() {
    round_trips!(Day, "Sunday", Day::Sunday, Day::Unknown);
    round_trips!(
        TokenPropertiesStatus,
        "enabled",
        TokenPropertiesStatus::Enabled,
        TokenPropertiesStatus::Unknown
    );
    round_trips!(
        PostTokenPropertiesStatus,
        "disabled",
        PostTokenPropertiesStatus::Disabled,
        PostTokenPropertiesStatus::Unknown
    );
    round_trips!(
        PatchTokenInputStatus,
        "disabled",
        PatchTokenInputStatus::Disabled,
        PatchTokenInputStatus::Unknown
    );
    // The sort orders of API 1.2: a leading `-` is the descending variant.
    round_trips!(
        RegistriesRepositoriesGetOrderBy,
        "-artifactCount",
        RegistriesRepositoriesGetOrderBy::ArtifactCountDesc,
        RegistriesRepositoriesGetOrderBy::Unknown
    );
    round_trips!(
        RegistriesArtifactsGetOrderBy,
        "lastScan",
        RegistriesArtifactsGetOrderBy::LastScan,
        RegistriesArtifactsGetOrderBy::Unknown
    );
    round_trips!(
        RegistriesRepositoriesArtifactsGetOrderBy,
        "-vulnTotalScore",
        RegistriesRepositoriesArtifactsGetOrderBy::VulnTotalScoreDesc,
        RegistriesRepositoriesArtifactsGetOrderBy::Unknown
    );
    round_trips!(
        RegistriesRepositoriesArtifactsVulnerabilitiesGetOrderBy,
        "-publishedAt",
        RegistriesRepositoriesArtifactsVulnerabilitiesGetOrderBy::PublishedAtDesc,
        RegistriesRepositoriesArtifactsVulnerabilitiesGetOrderBy::Unknown
    );
    // The one-value kinds of the resources and collections of API 1.2.
    round_trips!(
        ArtifactReadType,
        "artifact",
        ArtifactReadType::Artifact,
        ArtifactReadType::Unknown
    );
    round_trips!(
        RepositoryReadType,
        "repository",
        RepositoryReadType::Repository,
        RepositoryReadType::Unknown
    );
    round_trips!(
        VulnerabilityReadType,
        "vulnerability",
        VulnerabilityReadType::Vulnerability,
        VulnerabilityReadType::Unknown
    );
    round_trips!(
        ArtifactReadListId,
        "artifacts",
        ArtifactReadListId::Artifacts,
        ArtifactReadListId::Unknown
    );
    round_trips!(
        RegistryArtifactsReadListId,
        "artifacts",
        RegistryArtifactsReadListId::Artifacts,
        RegistryArtifactsReadListId::Unknown
    );
    round_trips!(
        RepositoryReadListId,
        "repositories",
        RepositoryReadListId::Repositories,
        RepositoryReadListId::Unknown
    );
    round_trips!(
        ArtifactVulnerabilityReadListId,
        "vulnerabilities",
        ArtifactVulnerabilityReadListId::Vulnerabilities,
        ArtifactVulnerabilityReadListId::Unknown
    );
    round_trips!(
        VulnerabilityReadListId,
        "vulnerabilities",
        VulnerabilityReadListId::Vulnerabilities,
        VulnerabilityReadListId::Unknown
    );
    round_trips!(
        ArtifactReadListType,
        "collection",
        ArtifactReadListType::Collection,
        ArtifactReadListType::Unknown
    );
    round_trips!(
        RegistryArtifactsReadListType,
        "collection",
        RegistryArtifactsReadListType::Collection,
        RegistryArtifactsReadListType::Unknown
    );
    round_trips!(
        RepositoryReadListType,
        "collection",
        RepositoryReadListType::Collection,
        RepositoryReadListType::Unknown
    );
    round_trips!(
        ArtifactVulnerabilityReadListType,
        "collection",
        ArtifactVulnerabilityReadListType::Collection,
        ArtifactVulnerabilityReadListType::Unknown
    );
    round_trips!(
        VulnerabilityReadListType,
        "collection",
        VulnerabilityReadListType::Collection,
        VulnerabilityReadListType::Unknown
    );
    // Kept as sent, readable; no variant is made from a value outside the enum but by `from`.
    assert!(matches!(Day::from("Caturday"), Day::Unknown(value) if value.get() == "Caturday"));
    assert_eq!(Day::from("Caturday").as_str(), "Caturday");
    assert_eq!(Day::from("Monday").as_str(), "Monday");
}

/// The enums tested above are all the enums there are: a new one in the models fails this test
/// until it is added to [`every_enum_keeps_unknown_values`].
#[test]
fn every_enum_of_the_models_is_covered() {
    let models =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated-client/src/models");
    let mut enums = Vec::new();
    for entry in std::fs::read_dir(models).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in text.lines() {
            if let Some(name) = line.trim().strip_prefix("pub enum ") {
                let name = name.trim_end_matches(" {").to_owned();
                assert!(
                    text.contains("Unknown(UnknownValue<String>)"),
                    "{name} has no catch-all"
                );
                enums.push(name);
            }
        }
    }
    enums.sort();
    assert_eq!(
        enums,
        [
            "ArtifactReadListId",
            "ArtifactReadListType",
            "ArtifactReadType",
            "ArtifactVulnerabilityReadListId",
            "ArtifactVulnerabilityReadListType",
            "Day",
            "PatchTokenInputStatus",
            "PostTokenPropertiesStatus",
            "RegistriesArtifactsGetOrderBy",
            "RegistriesRepositoriesArtifactsGetOrderBy",
            "RegistriesRepositoriesArtifactsVulnerabilitiesGetOrderBy",
            "RegistriesRepositoriesGetOrderBy",
            "RegistryArtifactsReadListId",
            "RegistryArtifactsReadListType",
            "RepositoryReadListId",
            "RepositoryReadListType",
            "RepositoryReadType",
            "TokenPropertiesStatus",
            "VulnerabilityReadListId",
            "VulnerabilityReadListType",
            "VulnerabilityReadType"
        ]
    );
}

async fn server_answering(body: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_json(registry_json(REGISTRY_ID, "reg")))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn an_unknown_day_from_the_server_is_kept_and_sent_back_unchanged() {
    let mut registry = registry_json(REGISTRY_ID, "reg");
    registry["properties"]["garbageCollectionSchedule"] =
        json!({"days": ["Monday", "Caturday"], "time": "01:00:00"});
    let server = server_answering(registry).await;
    let api = client(&server).registries_api();
    let fetched = api.registries_find_by_id(registry_id()).await.unwrap();
    let schedule = fetched
        .properties
        .unwrap()
        .garbage_collection_schedule
        .flatten()
        .unwrap();
    assert_eq!(
        schedule.days.as_deref(),
        Some(&[Day::Monday, Day::from("Caturday")][..])
    );
    let patch = PatchRegistryInput::new().with_garbage_collection_schedule(schedule);
    api.registries_patch(registry_id(), &patch).await.unwrap();
    let sent: Value = requests(&server).await[1].body_json().unwrap();
    assert_eq!(
        sent,
        json!({"garbageCollectionSchedule": {"days": ["Monday", "Caturday"], "time": "01:00:00"}})
    );
}

#[tokio::test]
async fn an_unknown_token_status_from_the_server_is_kept_and_sent_back_unchanged() {
    let mut token = token_json(TOKEN_ID, "ci-token", "");
    token["properties"]["status"] = json!("suspended");
    let server = server_answering(token).await;
    let api = client(&server).tokens_api();
    let fetched = api
        .registries_tokens_find_by_id(registry_id(), token_id())
        .await
        .unwrap();
    let status = fetched.properties.unwrap().status.unwrap();
    assert_eq!(status, TokenPropertiesStatus::from("suspended"));
    let patch = PatchTokenInput::new().with_status(PatchTokenInputStatus::from(status.as_str()));
    api.registries_tokens_patch(registry_id(), token_id(), &patch)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let put = PutTokenInput::new(
        PostTokenProperties::new("ci-token")
            .with_status(PostTokenPropertiesStatus::from(status.to_string())),
    );
    api.registries_tokens_put(registry_id(), TOKEN_ID, &put)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let sent: Vec<Value> = requests(&server).await[1..]
        .iter()
        .map(|r| r.body_json().unwrap())
        .collect();
    assert_eq!(
        sent,
        [
            json!({"status": "suspended"}),
            json!({"properties": {"name": "ci-token", "status": "suspended"}}),
        ]
    );
}
