//! Every constraint is checked before sending, at every use: a named schema reached by `$ref`
//! (a path parameter, a body field, array items), an `allOf` of string parts, `minItems` and
//! `maxItems`, and inclusive and exclusive number bounds.

use crate::constraints_client::models::{Label, Parcel, Recipient};
use crate::constraints_client::{Client, Error, ListLabelsOptions, PrintLabelOptions};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn printer() -> MockServer {
    let server = MockServer::start().await;
    let job = json!({"id": "3f2c9a1e-7b4d-4e8a-9c61-0d5e2f8b7a43", "queue": "front-desk", "carrier": "DHL"});
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(&job))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/queues/front-desk/labels"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([job])))
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .build()
        .expect("a valid base URL")
}

fn label() -> Label {
    Label::new(
        "DHL",
        Recipient::new("Ada", "10115"),
        vec![Parcel::new(500)],
    )
}

/// The name and reason of an `Error::InvalidArgument`, or a panic naming what came instead.
fn rejected<T: std::fmt::Debug>(result: Result<T, Error>) -> (String, String) {
    match result {
        Err(Error::InvalidArgument { name, reason }) => (name, reason),
        other => panic!("expected an invalid argument, got {other:?}"),
    }
}

#[tokio::test]
async fn valid_values_are_sent() {
    let server = printer().await;
    let client = client(&server);
    let body = label()
        .with_tracking("1Z999AA10123456784")
        .with_tags(vec!["fragile".into()]);
    let options = PrintLabelOptions::default().copies(20).darkness(1.0);
    let job = client
        .labels_api()
        .print_label("front-desk", &body, options)
        .await
        .expect("a valid label is printed");
    assert_eq!(job.carrier, "DHL");
    let listed = client
        .labels_api()
        .list_labels(
            "front-desk",
            ListLabelsOptions::default().carriers(vec!["UPS".into()]),
        )
        .await
        .expect("a valid filter is sent");
    assert_eq!(listed.len(), 1);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn every_use_of_a_named_schema_is_checked() {
    let server = printer().await;
    let client = client(&server);
    let labels = client.labels_api();
    // `QueueName` through a path-level parameter: pattern, then lengths.
    let (name, reason) = rejected(
        labels
            .print_label("Front", &label(), PrintLabelOptions::default())
            .await,
    );
    assert_eq!(name, "queueName");
    assert!(reason.contains("pattern"), "{reason}");
    let (_, reason) = rejected(labels.list_labels("ab", ListLabelsOptions::default()).await);
    assert!(reason.contains("at least 3 characters"), "{reason}");
    // `CarrierCode` (an `allOf` of a pattern and two lengths) as a body field and as items of
    // a query array.
    let mut body = label();
    body.carrier = "DHLEX".into();
    let (name, reason) = rejected(
        labels
            .print_label("front-desk", &body, PrintLabelOptions::default())
            .await,
    );
    assert_eq!(name, "body.carrier");
    assert!(reason.contains("at most 4 characters"), "{reason}");
    let options = ListLabelsOptions::default().carriers(vec!["UPS".into(), "x".into()]);
    let (name, reason) = rejected(labels.list_labels("front-desk", options).await);
    assert_eq!(name, "carriers[1]");
    assert!(reason.contains("pattern"), "{reason}");
    // `TrackingNumber` reached by a `$ref` with a sibling `type: string`.
    let body = label().with_tracking("short");
    let (name, _) = rejected(
        labels
            .print_label("front-desk", &body, PrintLabelOptions::default())
            .await,
    );
    assert_eq!(name, "body.tracking");
    // An inline `allOf` of a pattern and a length, inside a nested model.
    let body = Label::new(
        "DHL",
        Recipient::new("Ada", "10115-BERLIN"),
        vec![Parcel::new(500)],
    );
    let (name, reason) = rejected(
        labels
            .print_label("front-desk", &body, PrintLabelOptions::default())
            .await,
    );
    assert_eq!(name, "body.recipient.postcode");
    assert!(reason.contains("at most 10 characters"), "{reason}");
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "nothing invalid reaches the server"
    );
}

#[tokio::test]
async fn array_sizes_and_number_bounds_are_checked() {
    let server = printer().await;
    let labels = client(&server).labels_api();
    let print = |body: Label, options: PrintLabelOptions| {
        let labels = labels.clone();
        async move { labels.print_label("front-desk", &body, options).await }
    };
    let mut empty = label();
    empty.parcels.clear();
    let (name, reason) = rejected(print(empty, PrintLabelOptions::default()).await);
    assert_eq!(
        (name.as_str(), reason.as_str()),
        ("body.parcels", "must have at least 1 items, but has 0")
    );
    let mut many = label();
    many.parcels = vec![Parcel::new(1); 6];
    let (_, reason) = rejected(print(many, PrintLabelOptions::default()).await);
    assert!(reason.contains("at most 5 items"), "{reason}");
    let heavy = Label::new(
        "DHL",
        Recipient::new("Ada", "10115"),
        vec![Parcel::new(500), Parcel::new(40_000)],
    );
    let (name, reason) = rejected(print(heavy, PrintLabelOptions::default()).await);
    assert_eq!(name, "body.parcels[1].weightGrams");
    assert!(reason.contains("at most 31500"), "{reason}");
    // `exclusiveMaximum: 10000`: the bound itself is out.
    let insured = Label::new(
        "DHL",
        Recipient::new("Ada", "10115"),
        vec![Parcel::new(500).with_insured_value(10_000.0)],
    );
    let (_, reason) = rejected(print(insured, PrintLabelOptions::default()).await);
    assert!(reason.contains("less than 10000"), "{reason}");
    let (name, _) = rejected(print(label(), PrintLabelOptions::default().copies(0)).await);
    assert_eq!(name, "copies");
    // `exclusiveMinimum: 0`.
    let (name, reason) = rejected(print(label(), PrintLabelOptions::default().darkness(0.0)).await);
    assert_eq!(name, "darkness");
    assert!(reason.contains("greater than 0"), "{reason}");
    let tags = label().with_tags(vec!["a".into(); 5]);
    let (name, _) = rejected(print(tags, PrintLabelOptions::default()).await);
    assert_eq!(name, "body.tags");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn validation_can_be_turned_off() {
    let server = printer().await;
    let client = Client::builder()
        .base_url(server.uri())
        .validation(false)
        .build()
        .unwrap();
    let mut body = label();
    body.parcels.clear();
    client
        .labels_api()
        .print_label("front-desk", &body, PrintLabelOptions::default().copies(99))
        .await
        .expect("sent as given");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}
