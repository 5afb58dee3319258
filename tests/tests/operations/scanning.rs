//! The operations of API 1.1 and 1.2: repositories, artifacts and vulnerabilities. What each
//! puts on the wire (the API token only, `offset`/`limit` as integers, `orderBy` values with
//! their sign, `filter.*` parameters), how each answer decodes, their `Error` bodies, and a
//! stream that follows `_links.next` over three pages.

use crate::fixtures::*;
use crate::support::{assert_sent, client, mock_server, respond_once, Credential, Expected, BASE};
use futures::TryStreamExt;
use ionoscloud_container_registry::models::{
    Artifact, ArtifactMetadata, ArtifactRead, ArtifactReadList, ArtifactReadListId,
    ArtifactReadListType, ArtifactReadType, ArtifactVulnerabilityReadList, Links, Purl,
    RegistriesArtifactsGetOrderBy, RegistriesRepositoriesArtifactsGetOrderBy,
    RegistriesRepositoriesArtifactsVulnerabilitiesGetOrderBy, RegistriesRepositoriesGetOrderBy,
    Repository, RepositoryMetadata, RepositoryRead, RepositoryReadList, RepositoryReadListId,
    RepositoryReadListType, RepositoryReadType, Vulnerability, VulnerabilityDataSource,
    VulnerabilityMetadata, VulnerabilityRead, VulnerabilityReadType,
};
use ionoscloud_container_registry::{
    Error, RegistriesArtifactsGetOptions, RegistriesRepositoriesArtifactsGetOptions,
    RegistriesRepositoriesArtifactsVulnerabilitiesGetOptions, RegistriesRepositoriesGetOptions,
};
use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, ResponseTemplate};

const API: &str = "https://api.example.test/containerregistries";

fn registry_path() -> String {
    format!("{BASE}/registries/{REGISTRY_ID}")
}

// ---- Fixtures -----------------------------------------------------------------------------

fn repository_model(name: &str) -> RepositoryRead {
    RepositoryRead::new(
        format!("{API}/registries/{REGISTRY_ID}/repositories/{name}"),
        name,
        RepositoryMetadata::new(3, 1200, 17)
            .with_created_date(at(2026, 3, 1, 9, 0, 0))
            .with_last_pushed_at(at(2026, 11, 30, 22, 15, 0))
            .with_last_severity("HIGH"),
        Repository::new(name),
        RepositoryReadType::Repository,
    )
}

fn artifact_model() -> ArtifactRead {
    ArtifactRead::new(
        format!("{API}/registries/{REGISTRY_ID}/repositories/nginx/artifacts/{DIGEST}"),
        DIGEST,
        ArtifactMetadata::new(at(2026, 11, 30, 22, 15, 0), 640, 2)
            .with_last_scanned_at(at(2026, 12, 1, 3, 0, 0))
            .with_vuln_max_severity("CRITICAL")
            .with_vuln_total_score(31.5)
            .with_vuln_total_count(4)
            .with_vuln_fixable_count(3),
        Artifact::new(
            DIGEST,
            "application/vnd.oci.image.manifest.v1+json",
            "nginx",
        )
        .with_tags(vec!["1.27".into(), "latest".into()]),
        ArtifactReadType::Artifact,
    )
}

fn vulnerability_model() -> VulnerabilityRead {
    VulnerabilityRead::new(
        format!("{API}/vulnerabilities/{VULNERABILITY_ID}"),
        VULNERABILITY_ID,
        VulnerabilityMetadata::new(at(2024, 3, 29, 17, 15, 0))
            .with_updated_at(at(2024, 4, 2, 8, 0, 0)),
        Vulnerability::new(
            vec![Purl::new("xz-utils", "deb", "5.6.0")],
            VulnerabilityDataSource::new()
                .with_id("nvd")
                .with_url("https://nvd.example.test"),
            "Malicious code in the release tarballs of a compression library.",
            true,
            10.0,
            "CRITICAL",
        )
        .with_recommendations("Downgrade to an unaffected version.")
        .with_references(vec!["https://advisories.example.test/CVE-2024-3094".into()]),
        VulnerabilityReadType::Vulnerability,
    )
}

/// A collection page: `items` at `offset`, with a `next` link unless it is the last.
fn page_json(
    id: &str,
    href: &str,
    items: Vec<Value>,
    offset: i32,
    limit: i32,
    last: bool,
) -> Value {
    let mut links = json!({"self": format!("{href}?offset={offset}&limit={limit}")});
    if offset > 0 {
        links["prev"] = json!(format!(
            "{href}?offset={}&limit={limit}",
            (offset - limit).max(0)
        ));
    }
    if !last {
        links["next"] = json!(format!("{href}?offset={}&limit={limit}", offset + limit));
    }
    json!({
        "id": id, "type": "collection", "href": href,
        "items": items, "offset": offset, "limit": limit, "_links": links
    })
}

// ---- Repositories -------------------------------------------------------------------------

#[tokio::test]
async fn registries_repositories_get() {
    let server = mock_server().await;
    let href = format!("{API}/registries/{REGISTRY_ID}/repositories");
    let page = page_json(
        "repositories",
        &href,
        vec![repository_json("nginx"), repository_json("web/api")],
        20,
        2,
        false,
    );
    respond_once(&server, crate::support::json(200, page)).await;
    let client = client(&server, Credential::Token);

    let list = client
        .repositories_api()
        .registries_repositories_get(
            uuid(REGISTRY_ID),
            RegistriesRepositoriesGetOptions::default()
                .offset(20)
                .limit(2)
                .filter_name("web/")
                .filter_vulnerability_severity("HIGH")
                .order_by(RegistriesRepositoriesGetOrderBy::LastPushDesc),
        )
        .await
        .unwrap();

    let expected = RepositoryReadList::new(
        Links::new()
            .with_self_(format!("{href}?offset=20&limit=2"))
            .with_prev(format!("{href}?offset=18&limit=2"))
            .with_next(format!("{href}?offset=22&limit=2")),
        href.clone(),
        RepositoryReadListId::Repositories,
        2,
        20,
        RepositoryReadListType::Collection,
    )
    .with_items(vec![repository_model("nginx"), repository_model("web/api")]);
    assert_eq!(list, expected);
    assert_sent(
        &server,
        Expected {
            method: "GET",
            path: &format!("{}/repositories", registry_path()),
            // Integers as digits, the sign of `-lastPush` kept, `/` encoded in the filter.
            query: Some(
                "offset=20&limit=2&filter.name=web%2F&filter.vulnerabilitySeverity=HIGH&orderBy=-lastPush",
            ),
            credential: Credential::Token,
            body: None,
        },
    )
    .await;
}

#[tokio::test]
async fn registries_repositories_find_by_name() {
    let server = mock_server().await;
    respond_once(
        &server,
        crate::support::json(200, repository_json("web/api")),
    )
    .await;
    let client = client(&server, Credential::Token);

    let repository = client
        .repositories_api()
        .registries_repositories_find_by_name(uuid(REGISTRY_ID), "web/api")
        .await
        .unwrap();

    assert_eq!(repository, repository_model("web/api"));
    assert_sent(
        &server,
        Expected {
            method: "GET",
            // A repository name with a `/` stays one path segment.
            path: &format!("{}/repositories/web%2Fapi", registry_path()),
            query: None,
            credential: Credential::Token,
            body: None,
        },
    )
    .await;
}

// ---- Artifacts ----------------------------------------------------------------------------

#[tokio::test]
async fn registries_artifacts_get() {
    let server = mock_server().await;
    let href = format!("{API}/registries/{REGISTRY_ID}/artifacts");
    let page = page_json("artifacts", &href, vec![artifact_json()], 0, 100, true);
    respond_once(&server, crate::support::json(200, page)).await;
    let client = client(&server, Credential::Token);

    let list = client
        .artifacts_api()
        .registries_artifacts_get(
            uuid(REGISTRY_ID),
            RegistriesArtifactsGetOptions::default()
                .filter_vulnerability_id(VULNERABILITY_ID)
                .order_by(RegistriesArtifactsGetOrderBy::VulnFixableCount),
        )
        .await
        .unwrap();

    assert_eq!(list.items, Some(vec![artifact_model()]));
    assert_eq!((list.offset, list.limit), (0, 100));
    assert_eq!(list.links.next, None);
    assert_sent(
        &server,
        Expected {
            method: "GET",
            path: &format!("{}/artifacts", registry_path()),
            query: Some("filter.vulnerabilityId=CVE-2024-3094&orderBy=vulnFixableCount"),
            credential: Credential::Token,
            body: None,
        },
    )
    .await;
}

#[tokio::test]
async fn registries_repositories_artifacts_get() {
    let server = mock_server().await;
    let href = format!("{API}/registries/{REGISTRY_ID}/repositories/nginx/artifacts");
    let page = page_json("artifacts", &href, vec![artifact_json()], 5, 1, true);
    respond_once(&server, crate::support::json(200, page)).await;
    let client = client(&server, Credential::Token);

    let list = client
        .artifacts_api()
        .registries_repositories_artifacts_get(
            uuid(REGISTRY_ID),
            "nginx",
            RegistriesRepositoriesArtifactsGetOptions::default()
                .offset(5)
                .limit(1)
                .order_by(RegistriesRepositoriesArtifactsGetOrderBy::VulnMaxSeverityDesc),
        )
        .await
        .unwrap();

    let expected = ArtifactReadList::new(
        Links::new()
            .with_self_(format!("{href}?offset=5&limit=1"))
            .with_prev(format!("{href}?offset=4&limit=1")),
        href.clone(),
        ArtifactReadListId::Artifacts,
        1,
        5,
        ArtifactReadListType::Collection,
    )
    .with_items(vec![artifact_model()]);
    assert_eq!(list, expected);
    assert_sent(
        &server,
        Expected {
            method: "GET",
            path: &format!("{}/repositories/nginx/artifacts", registry_path()),
            query: Some("offset=5&limit=1&orderBy=-vulnMaxSeverity"),
            credential: Credential::Token,
            body: None,
        },
    )
    .await;
}

#[tokio::test]
async fn registries_repositories_artifacts_find_by_digest() {
    let server = mock_server().await;
    respond_once(&server, crate::support::json(200, artifact_json())).await;
    let client = client(&server, Credential::Token);

    let artifact = client
        .artifacts_api()
        .registries_repositories_artifacts_find_by_digest(uuid(REGISTRY_ID), "nginx", DIGEST)
        .await
        .unwrap();

    assert_eq!(artifact, artifact_model());
    assert_sent(
        &server,
        Expected {
            method: "GET",
            path: &format!(
                "{}/repositories/nginx/artifacts/{DIGEST_IN_PATH}",
                registry_path()
            ),
            query: None,
            credential: Credential::Token,
            body: None,
        },
    )
    .await;
}

// ---- Vulnerabilities ----------------------------------------------------------------------

#[tokio::test]
async fn registries_repositories_artifacts_vulnerabilities_get() {
    let server = mock_server().await;
    let href = format!(
        "{API}/registries/{REGISTRY_ID}/repositories/nginx/artifacts/{DIGEST}/vulnerabilities"
    );
    let page = page_json(
        "vulnerabilities",
        &href,
        vec![vulnerability_json()],
        0,
        10,
        true,
    );
    respond_once(&server, crate::support::json(200, page)).await;
    let client = client(&server, Credential::Token);

    let list: ArtifactVulnerabilityReadList = client
        .vulnerabilities_api()
        .registries_repositories_artifacts_vulnerabilities_get(
            uuid(REGISTRY_ID),
            "nginx",
            DIGEST,
            RegistriesRepositoriesArtifactsVulnerabilitiesGetOptions::default()
                .limit(10)
                .filter_severity("CRITICAL")
                .filter_fixable(true)
                .order_by(RegistriesRepositoriesArtifactsVulnerabilitiesGetOrderBy::ScoreDesc),
        )
        .await
        .unwrap();

    assert_eq!(list.items, Some(vec![vulnerability_model()]));
    assert_sent(
        &server,
        Expected {
            method: "GET",
            path: &format!(
                "{}/repositories/nginx/artifacts/{DIGEST_IN_PATH}/vulnerabilities",
                registry_path()
            ),
            // `filter.fixable` is a boolean on the wire.
            query: Some("limit=10&filter.severity=CRITICAL&filter.fixable=true&orderBy=-score"),
            credential: Credential::Token,
            body: None,
        },
    )
    .await;
}

#[tokio::test]
async fn vulnerabilities_find_by_id() {
    let server = mock_server().await;
    respond_once(&server, crate::support::json(200, vulnerability_json())).await;
    let client = client(&server, Credential::Token);

    let vulnerability = client
        .vulnerabilities_api()
        .vulnerabilities_find_by_id(VULNERABILITY_ID)
        .await
        .unwrap();

    assert_eq!(vulnerability, vulnerability_model());
    assert_sent(
        &server,
        Expected {
            method: "GET",
            path: &format!("{BASE}/vulnerabilities/{VULNERABILITY_ID}"),
            query: None,
            credential: Credential::Token,
            body: None,
        },
    )
    .await;
}

// ---- Errors, enums and pages --------------------------------------------------------------

#[tokio::test]
async fn not_found_decodes_the_error_schema_of_the_new_operations() {
    let server = mock_server().await;
    let raw = json!({"httpStatus": 404, "messages": [{"errorCode": "crs-404", "message": "no such digest"}]});
    respond_once(&server, crate::support::json(404, raw)).await;
    let client = client(&server, Credential::Token);

    let error = client
        .artifacts_api()
        .registries_repositories_artifacts_find_by_digest(uuid(REGISTRY_ID), "nginx", DIGEST)
        .await
        .unwrap_err();

    assert!(error.is_not_found());
    let Error::Api(api) = error else {
        panic!("expected an API error, got {error:?}")
    };
    // A caller matches on the schema the operation declares for 404.
    match api.model {
        Some(ionoscloud_container_registry::ErrorModel::Error(body)) => {
            let messages = body.messages.unwrap_or_default();
            assert_eq!(messages[0].error_code.as_deref(), Some("crs-404"));
            assert_eq!(messages[0].message.as_deref(), Some("no such digest"));
            assert_eq!(body.http_status, Some(404));
        }
        other => panic!("expected ErrorModel::Error, got {other:?}"),
    }
}

#[tokio::test]
async fn an_error_body_of_another_shape_keeps_the_raw_body() {
    let server = mock_server().await;
    respond_once(
        &server,
        ResponseTemplate::new(503)
            .insert_header("X-Request-Id", "req-503")
            .set_body_raw("upstream unavailable", "text/plain"),
    )
    .await;
    let client = client(&server, Credential::Token);

    let error = client
        .vulnerabilities_api()
        .vulnerabilities_find_by_id(VULNERABILITY_ID)
        .await
        .unwrap_err();

    let Error::Api(api) = error else {
        panic!("expected an API error, got {error:?}")
    };
    assert_eq!(api.status.as_u16(), 503);
    assert_eq!(api.model, None);
    assert_eq!(api.body.as_ref(), b"upstream unavailable");
    assert_eq!(api.request_id.as_deref(), Some("req-503"));
}

#[test]
fn sort_orders_round_trip_and_stay_open() {
    for (variant, wire) in [
        (
            RegistriesRepositoriesGetOrderBy::PullCountDesc,
            "-pullCount",
        ),
        (RegistriesRepositoriesGetOrderBy::PullCount, "pullCount"),
        (RegistriesRepositoriesGetOrderBy::Name, "name"),
    ] {
        assert_eq!(variant.to_string(), wire);
        assert_eq!(RegistriesRepositoriesGetOrderBy::from(wire), variant);
    }
    // A value added by a later API version is kept, not refused.
    let later = RegistriesRepositoriesGetOrderBy::from("-name");
    assert_eq!(later.to_string(), "-name");
    assert!(matches!(
        later,
        RegistriesRepositoriesGetOrderBy::Unknown(_)
    ));
}

#[tokio::test]
async fn the_stream_follows_the_next_links_over_three_pages() {
    let server = mock_server().await;
    let href = format!("{API}/registries/{REGISTRY_ID}/repositories");
    let names = ["alpha", "beta", "gamma", "delta", "epsilon"];
    for (offset, last) in [(0, false), (2, false), (4, true)] {
        let items = names[offset..(offset + 2).min(names.len())]
            .iter()
            .map(|name| repository_json(name))
            .collect();
        let offset = i32::try_from(offset).unwrap();
        let page = page_json("repositories", &href, items, offset, 2, last);
        let request = Mock::given(method("GET"))
            .and(path(format!("{}/repositories", registry_path())))
            .and(query_param("limit", "2"));
        // The first request sends no offset; the next ones the offset after the items so far.
        let request = if offset == 0 {
            request.and(query_param_is_missing("offset"))
        } else {
            request.and(query_param("offset", offset.to_string().as_str()))
        };
        request
            .respond_with(crate::support::json(200, page))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = client(&server, Credential::Token);

    let repositories: Vec<RepositoryRead> = client
        .repositories_api()
        .registries_repositories_get_stream(
            uuid(REGISTRY_ID),
            RegistriesRepositoriesGetOptions::default().limit(2),
        )
        .try_collect()
        .await
        .unwrap();

    let got: Vec<&str> = repositories
        .iter()
        .map(|r| r.properties.name.as_str())
        .collect();
    assert_eq!(got, names);
    // Three pages, no fourth request: the last page has no `next` link.
    server.verify().await;
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn with_both_credentials_the_new_operations_send_only_the_token() {
    let server = mock_server().await;
    Mock::given(method("GET"))
        .respond_with(crate::support::json(200, repository_json("nginx")))
        .mount(&server)
        .await;
    let client = ionoscloud_container_registry::Client::builder()
        .base_url(server.uri())
        .basic_auth(crate::support::USERNAME, crate::support::PASSWORD)
        .token(crate::support::TOKEN)
        .build()
        .unwrap();
    client
        .repositories_api()
        .registries_repositories_find_by_name(uuid(REGISTRY_ID), "nginx")
        .await
        .unwrap();
    // An operation of 1.0 takes basic auth first.
    let _ = client.locations_api().locations_get().await;
    let sent = server.received_requests().await.unwrap();
    let authorization: Vec<&str> = sent
        .iter()
        .map(|r| r.headers.get("authorization").unwrap().to_str().unwrap())
        .collect();
    assert_eq!(
        authorization,
        [
            format!("Bearer {}", crate::support::TOKEN).as_str(),
            crate::support::BASIC_HEADER
        ]
    );
}
