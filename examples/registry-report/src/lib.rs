//! A report of what a Container Registry account holds: for every registry, its repositories,
//! their artifacts, and each artifact's known vulnerabilities counted by severity.
//!
//! [`collect`] walks the API with the generated client (every listing through its `_stream`
//! method, so no page is missed) and [`render`] turns the result into text; `main.rs` only
//! builds the client from the environment and prints.

use futures::TryStreamExt;
use ionoscloud_container_registry::models::ArtifactRead;
use ionoscloud_container_registry::uuid::Uuid;
use ionoscloud_container_registry::{
    Client, Error, RegistriesGetOptions, RegistriesRepositoriesArtifactsGetOptions,
    RegistriesRepositoriesArtifactsVulnerabilitiesGetOptions, RegistriesRepositoriesGetOptions,
};
use std::collections::BTreeMap;
use std::fmt::Write;

/// One registry and its repositories.
#[derive(Debug, Clone, PartialEq)]
pub struct RegistryReport {
    /// The registry's name.
    pub name: String,
    /// Its ID.
    pub id: Uuid,
    /// Its repositories, in the order the API lists them.
    pub repositories: Vec<RepositoryReport>,
}

/// One repository and its artifacts.
#[derive(Debug, Clone, PartialEq)]
pub struct RepositoryReport {
    /// The repository's name.
    pub name: String,
    /// Its artifacts, in the order the API lists them.
    pub artifacts: Vec<ArtifactReport>,
}

/// One artifact and its vulnerabilities.
#[derive(Debug, Clone, PartialEq)]
pub struct ArtifactReport {
    /// The artifact's digest.
    pub digest: String,
    /// Its tags.
    pub tags: Vec<String>,
    /// How many known vulnerabilities it has of each severity.
    pub by_severity: BTreeMap<String, usize>,
}

/// Walks every registry of the account the client authenticates as (the listings of
/// repositories, artifacts and vulnerabilities need the API token).
pub async fn collect(client: &Client) -> Result<Vec<RegistryReport>, Error> {
    let registries: Vec<_> = client
        .registries_api()
        .registries_get_stream(RegistriesGetOptions::default())
        .try_collect()
        .await?;
    let mut reports = Vec::with_capacity(registries.len());
    for registry in registries {
        // A registry that is still being created has neither an ID nor properties yet.
        let (Some(id), Some(properties)) = (registry.id, registry.properties) else {
            continue;
        };
        let repositories: Vec<_> = client
            .repositories_api()
            .registries_repositories_get_stream(id, RegistriesRepositoriesGetOptions::default())
            .try_collect()
            .await?;
        let mut repository_reports = Vec::with_capacity(repositories.len());
        for repository in repositories {
            let name = repository.properties.name;
            let artifacts: Vec<ArtifactRead> = client
                .artifacts_api()
                .registries_repositories_artifacts_get_stream(
                    id,
                    &name,
                    RegistriesRepositoriesArtifactsGetOptions::default(),
                )
                .try_collect()
                .await?;
            let mut artifact_reports = Vec::with_capacity(artifacts.len());
            for artifact in artifacts {
                artifact_reports.push(artifact_report(client, id, &name, artifact).await?);
            }
            repository_reports.push(RepositoryReport {
                name,
                artifacts: artifact_reports,
            });
        }
        reports.push(RegistryReport {
            name: properties.name,
            id,
            repositories: repository_reports,
        });
    }
    Ok(reports)
}

/// Counts the vulnerabilities of one artifact by severity.
async fn artifact_report(
    client: &Client,
    registry: Uuid,
    repository: &str,
    artifact: ArtifactRead,
) -> Result<ArtifactReport, Error> {
    let digest = artifact.properties.digest;
    let mut by_severity = BTreeMap::new();
    let mut vulnerabilities = client
        .vulnerabilities_api()
        .registries_repositories_artifacts_vulnerabilities_get_stream(
            registry,
            repository,
            &digest,
            RegistriesRepositoriesArtifactsVulnerabilitiesGetOptions::default(),
        );
    while let Some(vulnerability) = vulnerabilities.try_next().await? {
        *by_severity
            .entry(vulnerability.properties.severity)
            .or_insert(0) += 1;
    }
    Ok(ArtifactReport {
        digest,
        tags: artifact.properties.tags.unwrap_or_default(),
        by_severity,
    })
}

/// The report as indented text: one line per registry, repository and artifact.
pub fn render(reports: &[RegistryReport]) -> String {
    let mut out = String::new();
    if reports.is_empty() {
        out.push_str("no registries\n");
    }
    for registry in reports {
        let _ = writeln!(out, "registry {} ({})", registry.name, registry.id);
        if registry.repositories.is_empty() {
            let _ = writeln!(out, "  no repositories");
        }
        for repository in &registry.repositories {
            let _ = writeln!(
                out,
                "  repository {} ({} artifacts)",
                repository.name,
                repository.artifacts.len()
            );
            for artifact in &repository.artifacts {
                let tags = if artifact.tags.is_empty() {
                    "untagged".to_string()
                } else {
                    artifact.tags.join(", ")
                };
                let counts = if artifact.by_severity.is_empty() {
                    "no known vulnerabilities".to_string()
                } else {
                    artifact
                        .by_severity
                        .iter()
                        .map(|(severity, count)| format!("{severity} {count}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let _ = writeln!(out, "    {} [{tags}]: {counts}", artifact.digest);
            }
        }
    }
    out
}
