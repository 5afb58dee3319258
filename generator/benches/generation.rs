//! Generation time: end to end and per stage (load, lower, emit, format), for
//! `spec/containerregistries.yaml` and the large synthetic spec of `tests/src/synth.rs`
//! (504 operations, 1,010 schemas).
//!
//! `cargo bench -p openapi-client-gen --bench generation`; add `-- container_registry` or
//! `-- large` to run one group.

mod support;

use criterion::{black_box, criterion_group, criterion_main, BatchSize, Criterion};
use openapi_client_gen::{generate, generate_from_str, load_str, lower, stages, Settings};
use std::time::Duration;

fn bench_spec(c: &mut Criterion, group_name: &str, text: &str, large: bool) {
    let settings = Settings::new("bench-client");
    let document = load_str(text).expect("the spec loads");
    let (api, _warnings) = lower(&document).expect("the spec lowers");
    let tokens = stages::emit(&api, &settings);

    let mut group = c.benchmark_group(group_name);
    if large {
        group
            .sample_size(10)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(8));
    }
    group.bench_function("end_to_end", |b| {
        b.iter(|| generate_from_str(black_box(text), &settings).expect("generates"))
    });
    group.bench_function("load", |b| {
        b.iter(|| load_str(black_box(text)).expect("loads"))
    });
    group.bench_function("lower", |b| {
        b.iter(|| lower(black_box(&document)).expect("lowers"))
    });
    group.bench_function("emit", |b| {
        b.iter(|| stages::emit(black_box(&api), &settings))
    });
    group.bench_function("format", |b| {
        b.iter_batched(
            || tokens.clone(),
            |tokens| {
                for (path, tokens) in tokens {
                    black_box(stages::format(tokens, &path).expect("formats"));
                }
            },
            BatchSize::LargeInput,
        )
    });
    group.bench_function("emit_and_format", |b| {
        b.iter(|| generate(black_box(&api), &settings).expect("generates"))
    });
    group.finish();
}

fn container_registry(c: &mut Criterion) {
    bench_spec(
        c,
        "container_registry",
        &support::container_registry_spec(),
        false,
    );
}

fn large(c: &mut Criterion) {
    bench_spec(c, "large", &support::large_spec(), true);
}

criterion_group!(benches, container_registry, large);
criterion_main!(benches);
