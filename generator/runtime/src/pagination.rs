//! Streams the items of a paginated list operation across all of its pages: [`PageStream`],
//! built by [`paginate`] from a function that fetches one page.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::stream::{self, Stream};

use crate::compat::{BoxStream, MaybeSend};
use crate::error::Error;

/// The items of every page, fetched lazily one page at a time. An error is yielded once and
/// ends the stream. Use it with `futures::StreamExt` / `TryStreamExt` (`next`, `try_collect`).
/// `M` is the API's error model, which a generated crate fixes with a type alias.
#[must_use = "streams do nothing unless polled"]
pub struct PageStream<T, M: fmt::Debug + 'static = serde_json::Value> {
    inner: BoxStream<'static, Result<T, Error<M>>>,
}

impl<T, M: fmt::Debug + 'static> Stream for PageStream<T, M> {
    type Item = Result<T, Error<M>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T, M: fmt::Debug + 'static> fmt::Debug for PageStream<T, M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PageStream").finish_non_exhaustive()
    }
}

/// Yields items across pages: `fetch(cursor)` returns one page's items and the next cursor
/// (`None` on the last page), starting from `first`. Pages are fetched only as items are
/// consumed; an empty page with a next cursor is skipped.
pub fn paginate<C, T, M, F, Fut>(first: C, fetch: F) -> PageStream<T, M>
where
    C: MaybeSend + 'static,
    T: MaybeSend + 'static,
    M: fmt::Debug + MaybeSend + 'static,
    F: FnMut(C) -> Fut + MaybeSend + 'static,
    Fut: Future<Output = Result<(Vec<T>, Option<C>), Error<M>>> + MaybeSend + 'static,
{
    struct State<C, T, F> {
        next: Option<C>,
        items: std::vec::IntoIter<T>,
        fetch: F,
    }

    let state = State {
        next: Some(first),
        items: Vec::new().into_iter(),
        fetch,
    };
    let stream = stream::unfold(state, |mut state| async move {
        loop {
            if let Some(item) = state.items.next() {
                return Some((Ok(item), state));
            }
            let cursor = state.next.take()?;
            match (state.fetch)(cursor).await {
                Ok((items, next)) => {
                    state.items = items.into_iter();
                    state.next = next;
                }
                // `next` is now `None`, so the stream ends after the error.
                Err(error) => return Some((Err(error), state)),
            }
        }
    });
    PageStream {
        inner: Box::pin(stream),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::StreamExt;

    fn block_on<F: Future>(future: F) -> F::Output {
        futures::executor::block_on(future)
    }

    #[test]
    fn yields_items_of_all_pages_in_order() {
        let pages = paginate(0u32, |offset| async move {
            let items: Vec<u32> = (offset..(offset + 2).min(5)).collect();
            let next = (offset + 2 < 5).then_some(offset + 2);
            Ok::<_, Error>((items, next))
        });
        let items: Vec<u32> = block_on(pages.map(|r| r.unwrap()).collect());
        assert_eq!(items, [0, 1, 2, 3, 4]);
    }

    #[test]
    fn error_is_yielded_once_and_ends_the_stream() {
        let pages = paginate(0u32, |page| async move {
            if page == 0 {
                Ok((vec!["a"], Some(1)))
            } else {
                Err(crate::InvalidArgument::new("page", "boom").into())
            }
        });
        let results: Vec<Result<&str, Error>> = block_on(pages.collect());
        assert_eq!(results.len(), 2);
        assert_eq!(results[0].as_ref().ok(), Some(&"a"));
        assert!(results[1].is_err());
    }

    #[test]
    fn skips_empty_pages() {
        let pages = paginate(0u32, |page| async move {
            Ok::<_, Error>(match page {
                0 => (vec![], Some(1)),
                _ => (vec![7], None),
            })
        });
        let items: Vec<u32> = block_on(pages.map(|r| r.unwrap()).collect());
        assert_eq!(items, [7]);
    }
}
