//! Capturing the `tracing` output of one test in memory, to check what the client logs.

use std::cell::RefCell;
use std::sync::{Arc, Mutex, Once};

use tracing_subscriber::util::SubscriberInitExt;

/// Formatted tracing output of one test, collected in memory.
#[derive(Clone, Default)]
pub struct Captured(Arc<Mutex<Vec<u8>>>);

thread_local! {
    /// Where the events of the current thread go, while a test captures them.
    static CAPTURE: RefCell<Option<Captured>> = const { RefCell::new(None) };
}

/// Writes to the capture of the current thread, or nowhere.
struct ThreadWriter(Option<Captured>);

impl std::io::Write for ThreadWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Some(Captured(bytes)) = &self.0 {
            bytes.lock().unwrap().extend_from_slice(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Stops capturing when dropped.
pub struct CaptureGuard;

impl Drop for CaptureGuard {
    fn drop(&mut self) {
        CAPTURE.with(|capture| capture.borrow_mut().take());
    }
}

impl Captured {
    /// Records every event of the current thread (the test's single-threaded runtime) until
    /// the guard is dropped.
    ///
    /// One global subscriber serves all tests: with per-thread subscribers
    /// (`set_default`), `tracing` may cache a callsite as disabled when another test's thread,
    /// which has no subscriber, reaches it first.
    pub fn start() -> (Self, CaptureGuard) {
        static GLOBAL: Once = Once::new();
        GLOBAL.call_once(|| {
            tracing_subscriber::fmt()
                .with_max_level(tracing::Level::TRACE)
                .with_writer(|| ThreadWriter(CAPTURE.with(|capture| capture.borrow().clone())))
                .with_ansi(false)
                .finish()
                .try_init()
                .expect("no other global subscriber in this test binary");
        });
        let captured = Self::default();
        CAPTURE.with(|capture| *capture.borrow_mut() = Some(captured.clone()));
        (captured, CaptureGuard)
    }

    /// What was captured so far.
    pub fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}
