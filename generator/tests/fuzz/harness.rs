//! The fuzz driver: a time- or case-bounded proptest loop whose every case runs the whole
//! pipeline on a fresh thread, under a time limit and with its memory counted.
//!
//! Budget (see the README's "Fuzzing" section):
//! - `OPENAPI_FUZZ_SECS`: seconds per target (default [`DEFAULT_SECS`], a few seconds, for CI);
//! - `OPENAPI_FUZZ_CASES`: a fixed number of cases per target instead (wins over the time);
//! - `OPENAPI_FUZZ_SEED`: the seed (a number) to replay a run; every run prints its seed;
//! - `OPENAPI_FUZZ_JOURNAL=1`: writes each input to `target/tmp/fuzz-current/` before running
//!   it, so an input that kills the whole process (a stack overflow aborts) is still on disk.
//!
//! A failing input is shrunk, written to `target/tmp/fuzz-failures/` and printed, ready to be
//! kept in `tests/fuzz-regressions/`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::fmt::Debug;
use std::hash::{BuildHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use openapi_client_gen::{generate_from_path, generate_from_str, Diagnostics, Settings};
use proptest::strategy::Strategy;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner};

/// Seconds each target runs when no budget is set: small enough that all targets together stay
/// far below CI's two-minute allowance on two cores in a debug build.
pub const DEFAULT_SECS: u64 = 12;

/// One case that has not finished after this long is a hang. Normal cases take milliseconds
/// (the project's spec: tens of milliseconds in a debug build); the limit is generous because
/// the machine is shared.
const CASE_TIME_LIMIT: Duration = Duration::from_secs(30);

/// Largest heap one case may hold at once. Generating the project's spec peaks at a few MiB.
const CASE_MEMORY_LIMIT: isize = 512 << 20;

/// Past this the allocator refuses, which aborts the run: a last line of defence for the
/// machine when a case runs away before [`CASE_MEMORY_LIMIT`] can be checked.
const HARD_MEMORY_LIMIT: isize = 4 << 30;

// ---------------------------------------------------------------------------------------------
// Memory accounting: bytes live and peak on each case's worker thread (memory that was
// allocated elsewhere and freed there only lowers the count).

/// The system allocator, counting what each thread holds.
pub struct CountingAllocator;

thread_local! {
    /// Whether this thread is a case's worker, the only threads that are counted.
    static MEASURED: Cell<bool> = const { Cell::new(false) };
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

/// Counts `delta` bytes for this thread if it is measured; `false` refuses an allocation that
/// would pass [`HARD_MEMORY_LIMIT`].
fn track(delta: isize) -> bool {
    if !MEASURED.try_with(Cell::get).unwrap_or(false) {
        return true;
    }
    LIVE.try_with(|live| {
        let now = live.get() + delta;
        if delta > 0 && now > HARD_MEMORY_LIMIT {
            return false;
        }
        live.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
        true
    })
    .unwrap_or(true)
}

// SAFETY: every call is forwarded to `System` unchanged; only thread-local counters (const
// initialised, without destructors) are updated besides.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !track(layout.size() as isize) {
            return std::ptr::null_mut();
        }
        System.alloc(layout)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if !track(layout.size() as isize) {
            return std::ptr::null_mut();
        }
        System.alloc_zeroed(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        track(-(layout.size() as isize));
        System.dealloc(ptr, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if !track(new_size as isize - layout.size() as isize) {
            return std::ptr::null_mut();
        }
        System.realloc(ptr, layout, new_size)
    }
}

fn peak_bytes() -> isize {
    PEAK.with(Cell::get)
}

// ---------------------------------------------------------------------------------------------
// One input, one run of the pipeline.

/// What the pipeline is fed: text (through `generate_from_str`) or raw bytes (through a file and
/// `generate_from_path`, as the command line reads it, so invalid UTF-8 is exercised too).
#[derive(Clone, Debug)]
pub enum Input {
    Text(String),
    Bytes(Vec<u8>),
}

impl Input {
    fn bytes(&self) -> &[u8] {
        match self {
            Input::Text(text) => text.as_bytes(),
            Input::Bytes(bytes) => bytes,
        }
    }
}

/// What one case produced, summarised on the worker thread.
#[derive(Debug)]
pub struct Outcome {
    /// Generated files on success, `None` when diagnostics were reported.
    pub files: Option<usize>,
    pub peak_bytes: isize,
    pub elapsed: Duration,
}

fn settings() -> Settings {
    Settings::new("fuzzed-client")
}

/// Runs the whole pipeline on `input` on a new thread and checks the oracle: it ends in files
/// or in diagnostics (never a panic, never an internal error), within the time and memory
/// limits. The error is a description of what went wrong.
pub fn check(input: &Input) -> Result<Outcome, String> {
    journal(input);
    let (send, receive) = mpsc::channel();
    let owned = input.clone();
    let worker = std::thread::Builder::new()
        .name("fuzz-case".into())
        .stack_size(8 << 20)
        .spawn(move || {
            MEASURED.with(|measured| measured.set(true));
            let started = Instant::now();
            let result = std::panic::catch_unwind(|| run_pipeline(&owned));
            let elapsed = started.elapsed();
            let peak = peak_bytes();
            MEASURED.with(|measured| measured.set(false));
            let _ = send.send(match result {
                Ok(Ok(files)) => Ok(Outcome {
                    files,
                    peak_bytes: peak,
                    elapsed,
                }),
                Ok(Err(problem)) => Err(problem),
                Err(payload) => Err(format!("panicked: {}", panic_message(&payload))),
            });
        })
        .map_err(|e| format!("cannot start a worker thread: {e}"))?;
    match receive.recv_timeout(CASE_TIME_LIMIT) {
        Ok(result) => {
            let _ = worker.join();
            let outcome = result?;
            if outcome.peak_bytes > CASE_MEMORY_LIMIT {
                return Err(format!(
                    "held {} MiB at once (limit {} MiB) for a {}-byte input",
                    outcome.peak_bytes >> 20,
                    CASE_MEMORY_LIMIT >> 20,
                    input.bytes().len()
                ));
            }
            Ok(outcome)
        }
        // The worker is left running: a thread cannot be stopped, and the test fails anyway.
        Err(mpsc::RecvTimeoutError::Timeout) => {
            Err(format!("did not finish within {CASE_TIME_LIMIT:?} (hang)"))
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => Err("the worker died".into()),
    }
}

/// The pipeline and the checks of its result; `Ok(Some(n))` is `n` generated files.
fn run_pipeline(input: &Input) -> Result<Option<usize>, String> {
    let result = match input {
        Input::Text(text) => generate_from_str(text, &settings()),
        Input::Bytes(bytes) => {
            let path = scratch_file();
            std::fs::write(&path, bytes).map_err(|e| format!("cannot write the input: {e}"))?;
            let result = generate_from_path(&path, &settings());
            let _ = std::fs::remove_file(&path);
            result
        }
    };
    match result {
        Ok(generated) => {
            if !generated.files.contains_key("src/lib.rs")
                || !generated.files.contains_key("Cargo.toml")
            {
                return Err("generated a crate without src/lib.rs or Cargo.toml".into());
            }
            if let Some((path, _)) = generated.files.iter().find(|(_, text)| text.is_empty()) {
                return Err(format!("generated an empty `{path}`"));
            }
            check_diagnostics(&generated.warnings, false)?;
            Ok(Some(generated.files.len()))
        }
        Err(diagnostics) => {
            check_diagnostics(&diagnostics, true)?;
            Ok(None)
        }
    }
}

/// Diagnostics must render, be located, and never be an internal error (a generator bug that
/// was caught, such as emitted code that does not parse).
fn check_diagnostics(diagnostics: &Diagnostics, must_have_errors: bool) -> Result<(), String> {
    let rendered = diagnostics.to_string();
    if must_have_errors && !diagnostics.has_errors() {
        return Err(format!("failed without an error diagnostic:\n{rendered}"));
    }
    for diagnostic in diagnostics.iter() {
        if !diagnostic.pointer.starts_with('#') {
            return Err(format!("diagnostic without a JSON pointer:\n{diagnostic}"));
        }
        if diagnostic.message.contains("internal error") {
            return Err(format!("internal error:\n{rendered}"));
        }
    }
    Ok(())
}

/// With `OPENAPI_FUZZ_JOURNAL` set, keeps the input about to run on disk (one file per test
/// thread, overwritten by the next case).
fn journal(input: &Input) {
    static ENABLED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if !*ENABLED.get_or_init(|| std::env::var_os("OPENAPI_FUZZ_JOURNAL").is_some()) {
        return;
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-current");
    let _ = std::fs::create_dir_all(&dir);
    let name = std::thread::current()
        .name()
        .unwrap_or("main")
        .replace("::", "-");
    let _ = std::fs::write(dir.join(format!("{name}.yaml")), input.bytes());
}

/// A file for byte inputs, one per worker thread.
fn scratch_file() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-scratch");
    let _ = std::fs::create_dir_all(&dir);
    dir.join(format!("{:?}.yaml", std::thread::current().id()).replace(['(', ')'], ""))
}

fn panic_message(payload: &Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "<non-string panic payload>".into())
}

// ---------------------------------------------------------------------------------------------
// The bounded loop over a strategy.

/// How long or how many cases a target runs, from the environment.
#[derive(Clone, Copy, Debug)]
enum Budget {
    Cases(u64),
    Time(Duration),
}

fn read_number(name: &str) -> Option<u64> {
    let value = std::env::var(name).ok()?;
    let number = value.trim().parse();
    Some(number.unwrap_or_else(|_| panic!("{name}={value:?} is not a number")))
}

fn budget() -> Budget {
    if let Some(cases) = read_number("OPENAPI_FUZZ_CASES") {
        return Budget::Cases(cases);
    }
    let secs = read_number("OPENAPI_FUZZ_SECS").unwrap_or(DEFAULT_SECS);
    Budget::Time(Duration::from_secs(secs))
}

/// The run's seed: `OPENAPI_FUZZ_SEED`, else a fresh one, so each run explores new inputs.
fn master_seed() -> u64 {
    read_number("OPENAPI_FUZZ_SEED").unwrap_or_else(|| {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        std::time::SystemTime::now().hash(&mut hasher);
        std::process::id().hash(&mut hasher);
        hasher.finish()
    })
}

/// The random source of one batch, derived from the seed, the target and the batch number.
fn batch_rng(seed: u64, target: &str, batch: u64) -> TestRng {
    let mut bytes = [0u8; 32];
    for (i, chunk) in bytes.chunks_mut(8).enumerate() {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (seed, target, batch, i).hash(&mut hasher);
        chunk.copy_from_slice(&hasher.finish().to_le_bytes());
    }
    TestRng::from_seed(RngAlgorithm::ChaCha, &bytes)
}

/// Runs `strategy` through [`check`] until the budget is spent, in batches with fresh random
/// sources. On a failure proptest shrinks the input; the smallest failing one is saved and the
/// test fails with it.
pub fn fuzz<S>(target: &str, strategy: S)
where
    S: Strategy<Value = Input>,
{
    const BATCH: u32 = 16;
    let budget = budget();
    let seed = master_seed();
    let config = Config {
        cases: BATCH,
        failure_persistence: None,
        max_shrink_iters: 2_000,
        max_shrink_time: 120_000,
        ..Config::default()
    };
    let started = Instant::now();
    let executions = Cell::new(0u64);
    let generated = Cell::new(0u64);
    let peak = Cell::new(0isize);
    let slowest = Cell::new(Duration::ZERO);
    for batch in 0.. {
        let done = match budget {
            Budget::Cases(cases) => executions.get() >= cases,
            Budget::Time(limit) => started.elapsed() >= limit,
        };
        if done {
            break;
        }
        let mut runner = TestRunner::new_with_rng(config.clone(), batch_rng(seed, target, batch));
        let result = runner.run(&strategy, |input| {
            // The rest of a batch that would overrun the time budget is skipped.
            if matches!(budget, Budget::Time(limit) if started.elapsed() >= limit) {
                return Ok(());
            }
            let outcome = check(&input).map_err(TestCaseError::fail)?;
            executions.set(executions.get() + 1);
            generated.set(generated.get() + u64::from(outcome.files.is_some()));
            peak.set(peak.get().max(outcome.peak_bytes));
            slowest.set(slowest.get().max(outcome.elapsed));
            Ok(())
        });
        match result {
            Ok(()) => {}
            Err(TestError::Fail(reason, input)) => fail(target, seed, &reason, &input),
            Err(TestError::Abort(reason)) => panic!("fuzz target {target} aborted: {reason}"),
        }
    }
    eprintln!(
        "fuzz target {target}: {} executions in {:.1?} ({} generated a crate, the rest \
         diagnostics); slowest case {:.1?}, peak heap {} KiB; OPENAPI_FUZZ_SEED={seed}",
        executions.get(),
        started.elapsed(),
        generated.get(),
        slowest.get(),
        peak.get() >> 10,
    );
    assert!(executions.get() > 0, "fuzz target {target} ran no case");
}

/// Saves the failing input under `target/tmp/fuzz-failures/` and fails the test with it.
fn fail(target: &str, seed: u64, reason: &impl Debug, input: &Input) -> ! {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    input.bytes().hash(&mut hasher);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-failures");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("{target}-{:016x}.yaml", hasher.finish()));
    let _ = std::fs::write(&path, input.bytes());
    let shown = String::from_utf8_lossy(input.bytes());
    let shown: String = shown.chars().take(4_000).collect();
    panic!(
        "fuzz target {target} failed (OPENAPI_FUZZ_SEED={seed}): {reason:?}\ninput saved to \
         {}; keep it in generator/tests/fuzz-regressions/ once fixed\n---\n{shown}\n---",
        path.display()
    );
}
