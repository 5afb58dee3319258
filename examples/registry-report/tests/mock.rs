//! The report's logic against `MockApi`, the generated crate's mock server: what it asks the
//! API for, and what it makes of the answers.

use ionoscloud_container_registry::mock::MockApi;
use ionoscloud_container_registry::models::{
    self, Artifact, ArtifactMetadata, ArtifactRead, ArtifactReadList, ArtifactReadListId,
    ArtifactReadListType, ArtifactReadType, ArtifactVulnerabilityReadList,
    ArtifactVulnerabilityReadListId, ArtifactVulnerabilityReadListType, ErrorMessages, Links,
    PaginationLinks, Purl, RegistriesResponse, RegistryPagination, RegistryProperties,
    RegistryResponse, Repository, RepositoryMetadata, RepositoryRead, RepositoryReadList,
    RepositoryReadListId, RepositoryReadListType, RepositoryReadType, Vulnerability,
    VulnerabilityDataSource, VulnerabilityMetadata, VulnerabilityRead, VulnerabilityReadType,
};
use ionoscloud_container_registry::uuid::Uuid;
use ionoscloud_container_registry::{
    chrono, ErrorModel, RegistriesGetOptions, RegistriesRepositoriesArtifactsGetOptions,
    RegistriesRepositoriesArtifactsVulnerabilitiesGetOptions, RegistriesRepositoriesGetOptions,
};

const REGISTRY: &str = "3f2c9a1e-7b4d-4e8a-9c61-0d5e2f8b7a43";
const NGINX_1: &str = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
const NGINX_2: &str = "sha256:2222222222222222222222222222222222222222222222222222222222222222";

fn registry_id() -> Uuid {
    REGISTRY.parse().expect("a UUID")
}

fn registries() -> RegistriesResponse {
    // The last page: an empty continuation token.
    RegistriesResponse::new(
        PaginationLinks::new(String::new(), String::new(), String::new()),
        RegistryPagination::new(100, String::new()),
    )
    .with_items(vec![
        RegistryResponse::new(None, Some(RegistryProperties::new("de/fra", "acme-images")))
            .with_id(registry_id()),
        // Still being created: no ID yet, left out of the report.
        RegistryResponse::new(None, None),
    ])
}

fn repositories() -> RepositoryReadList {
    let repository = RepositoryRead::new(
        String::new(),
        "nginx",
        RepositoryMetadata::new(2, 10, 2),
        Repository::new("nginx"),
        RepositoryReadType::Repository,
    );
    RepositoryReadList::new(
        Links::new(),
        String::new(),
        RepositoryReadListId::Repositories,
        100,
        0,
        RepositoryReadListType::Collection,
    )
    .with_items(vec![repository])
}

fn artifact(digest: &str, tags: &[&str]) -> ArtifactRead {
    let mut properties = Artifact::new(
        digest,
        "application/vnd.oci.image.manifest.v1+json",
        "nginx",
    );
    if !tags.is_empty() {
        properties = properties.with_tags(tags.iter().map(|t| t.to_string()).collect());
    }
    ArtifactRead::new(
        String::new(),
        digest,
        ArtifactMetadata::new(chrono::Utc::now(), 4, 1),
        properties,
        ArtifactReadType::Artifact,
    )
}

fn artifacts() -> ArtifactReadList {
    ArtifactReadList::new(
        Links::new(),
        String::new(),
        ArtifactReadListId::Artifacts,
        100,
        0,
        ArtifactReadListType::Collection,
    )
    .with_items(vec![
        artifact(NGINX_1, &["1.27", "latest"]),
        artifact(NGINX_2, &[]),
    ])
}

fn vulnerability(id: &str, severity: &str) -> VulnerabilityRead {
    VulnerabilityRead::new(
        String::new(),
        id,
        VulnerabilityMetadata::new(chrono::Utc::now()),
        Vulnerability::new(
            vec![Purl::new("openssl", "deb", "3.0.11")],
            VulnerabilityDataSource::new(),
            "a vulnerability",
            true,
            7.5,
            severity,
        ),
        VulnerabilityReadType::Vulnerability,
    )
}

fn vulnerabilities(items: Vec<VulnerabilityRead>) -> ArtifactVulnerabilityReadList {
    ArtifactVulnerabilityReadList::new(
        Links::new(),
        String::new(),
        ArtifactVulnerabilityReadListId::Vulnerabilities,
        100,
        0,
        ArtifactVulnerabilityReadListType::Collection,
    )
    .with_items(items)
}

#[tokio::test]
async fn the_report_lists_repositories_artifacts_and_counts_by_severity() {
    let mock = MockApi::start().await;
    mock.expect_registries_get(&RegistriesGetOptions::default())
        .times(1)
        .respond(&registries())
        .await;
    mock.expect_registries_repositories_get(
        registry_id(),
        &RegistriesRepositoriesGetOptions::default(),
    )
    .times(1)
    .respond(&repositories())
    .await;
    mock.expect_registries_repositories_artifacts_get(
        registry_id(),
        "nginx",
        &RegistriesRepositoriesArtifactsGetOptions::default(),
    )
    .times(1)
    .respond(&artifacts())
    .await;
    let none = RegistriesRepositoriesArtifactsVulnerabilitiesGetOptions::default();
    mock.expect_registries_repositories_artifacts_vulnerabilities_get(
        registry_id(),
        "nginx",
        NGINX_1,
        &none,
    )
    .times(1)
    .respond(&vulnerabilities(vec![
        vulnerability("CVE-2024-0001", "HIGH"),
        vulnerability("CVE-2024-0002", "CRITICAL"),
        vulnerability("CVE-2024-0003", "HIGH"),
    ]))
    .await;
    mock.expect_registries_repositories_artifacts_vulnerabilities_get(
        registry_id(),
        "nginx",
        NGINX_2,
        &none,
    )
    .times(1)
    .respond(&vulnerabilities(Vec::new()))
    .await;

    let reports = registry_report::collect(&mock.client())
        .await
        .expect("the mock answers every call");

    assert_eq!(
        registry_report::render(&reports),
        format!(
            "registry acme-images ({REGISTRY})\n  repository nginx (2 artifacts)\n    \
             {NGINX_1} [1.27, latest]: CRITICAL 1, HIGH 2\n    \
             {NGINX_2} [untagged]: no known vulnerabilities\n"
        )
    );
    mock.verify().await;
}

#[tokio::test]
async fn an_error_of_the_new_operations_carries_their_error_model() {
    let mock = MockApi::start().await;
    mock.expect_registries_get(&RegistriesGetOptions::default())
        .respond(&registries())
        .await;
    let forbidden = models::ErrorModel::new()
        .with_http_status(403)
        .with_messages(vec![
            ErrorMessages::new().with_message("this token may not list repositories")
        ]);
    mock.expect_registries_repositories_get(
        registry_id(),
        &RegistriesRepositoriesGetOptions::default(),
    )
    .respond_error(403, &forbidden)
    .await;

    let error = registry_report::collect(&mock.client())
        .await
        .expect_err("the repositories listing is refused");

    assert_eq!(error.status().map(|s| s.as_u16()), Some(403));
    let model = error.api_error().and_then(|e| e.model.clone());
    assert_eq!(model, Some(ErrorModel::Error(forbidden)));
}

#[test]
fn an_account_without_registries_says_so() {
    assert_eq!(registry_report::render(&[]), "no registries\n");
}
