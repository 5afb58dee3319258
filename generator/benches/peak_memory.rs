//! Peak heap use of each stage for the project's spec and the large synthetic spec, measured
//! with a counting global allocator (no timing). Prints one table.
//!
//! `cargo bench -p openapi-client-gen --bench peak_memory`

mod support;

use openapi_client_gen::{generate_from_str, load_str, lower, stages, Settings};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The system allocator, counting live bytes and their high-water mark.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grow(bytes: usize) {
    let live = LIVE.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

// SAFETY: every call is forwarded unchanged to `System`; only counters are updated.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = System.alloc(layout);
        if !ptr.is_null() {
            grow(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = System.realloc(ptr, layout, new_size);
        if !new.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            grow(new_size);
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `f` and returns its result with the heap it needed beyond what was live before.
fn peak_of<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let value = f();
    (value, PEAK.load(Ordering::Relaxed) - before)
}

fn mib(bytes: usize) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

fn report(name: &str, text: &str) {
    let settings = Settings::new("bench-client");
    let (document, load) = peak_of(|| load_str(text).expect("loads"));
    let ((api, _), lower) = peak_of(|| lower(&document).expect("lowers"));
    let (tokens, emit) = peak_of(|| stages::emit(&api, &settings));
    let (_, format) = peak_of(|| {
        tokens
            .into_iter()
            .map(|(path, tokens)| stages::format(tokens, &path).expect("formats"))
            .map(|text| text.len())
            .sum::<usize>()
    });
    drop((document, api));
    let (generated, end_to_end) =
        peak_of(|| generate_from_str(text, &settings).expect("generates"));
    let output: usize = generated.files.values().map(String::len).sum();
    println!(
        "| {name} | {:.2} MB | {} | {} | {} | {} | {} | {:.2} MB |",
        text.len() as f64 / 1e6,
        mib(load),
        mib(lower),
        mib(emit),
        mib(format),
        mib(end_to_end),
        output as f64 / 1e6,
    );
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument is accepted and ignored.
    println!("Peak heap per stage (bytes allocated beyond the live set before the stage)");
    println!("| spec | size | load | lower | emit | format | end to end | output |");
    println!("| --- | --- | --- | --- | --- | --- | --- | --- |");
    report(
        "containerregistries.yaml",
        &support::container_registry_spec(),
    );
    let name = format!("synthetic ({} resources)", support::LARGE_RESOURCES);
    report(&name, &support::large_spec());
    let rss = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(str::to_owned)
        });
    if let Some(rss) = rss {
        println!("process peak RSS ({rss})");
    }
}
