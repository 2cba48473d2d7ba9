//! The cap on open connections. The concurrency limit counts requests in
//! the handlers, but a plan takes microseconds, so under overload the
//! surplus waits in connections the server has accepted and not yet read.
//! Past the cap a new connection is answered 503 with `Retry-After` at once
//! and closed, so what waits is bounded by the cap, not by the clients.

use std::fmt::Write as _;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::serve::Listener;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

use crate::error::{ErrorBody, ErrorItem};

/// The whole answer a connection over the cap gets before it is closed:
/// the API's 503, in its error shape and with its headers.
fn refusal() -> String {
    let body = serde_json::to_string(&ErrorBody {
        errors: vec![ErrorItem::whole(
            "the service has as many connections open as it may; retry in a second",
        )],
    })
    .unwrap_or_default();
    let mut head = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\nretry-after: 1\r\n\
content-length: {}\r\nconnection: close\r\ncache-control: no-store\r\n",
        body.len()
    );
    for (name, value) in &crate::middleware::SECURITY_HEADERS {
        let _ = write!(head, "{}: {value}\r\n", name.as_str());
    }
    format!("{head}\r\n{body}")
}

/// A listener that keeps at most `max` connections open.
#[derive(Debug)]
pub(crate) struct CappedListener {
    inner: TcpListener,
    open: Arc<AtomicUsize>,
    refusing: Arc<AtomicUsize>,
    max: usize,
    refusal: Arc<str>,
}

impl CappedListener {
    pub(crate) fn new(inner: TcpListener, max: usize) -> CappedListener {
        CappedListener {
            inner,
            open: Arc::new(AtomicUsize::new(0)),
            refusing: Arc::new(AtomicUsize::new(0)),
            max: max.max(1),
            refusal: refusal().into(),
        }
    }
}

impl CappedListener {
    /// Answers 503 on its own task, never stalling the accept loop. The
    /// refused are bounded too: past four times `max` of them lingering, a connection
    /// is closed without a word.
    fn refuse(&self, stream: TcpStream) {
        if self.refusing.load(Ordering::Acquire) >= self.max.saturating_mul(4) {
            return;
        }
        self.refusing.fetch_add(1, Ordering::AcqRel);
        let refusing = Arc::clone(&self.refusing);
        let answer = Arc::clone(&self.refusal);
        tokio::spawn(async move {
            let _ = tokio::time::timeout(LINGER, linger(stream, &answer)).await;
            refusing.fetch_sub(1, Ordering::AcqRel);
        });
    }
}

/// How long a refused connection may take to be told.
const LINGER: Duration = Duration::from_secs(1);

/// Writes the answer, then reads (and drops) what the client is still
/// sending until it closes: closing a socket with its request unread would
/// reset the connection, and the client could lose the answer.
async fn linger(mut stream: TcpStream, answer: &str) {
    let mut unsent = answer.as_bytes();
    while !unsent.is_empty() {
        if stream.writable().await.is_err() {
            return;
        }
        match stream.try_write(unsent) {
            Ok(n) => unsent = unsent.get(n..).unwrap_or_default(),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
            Err(_) => return,
        }
    }
    let _ = std::future::poll_fn(|cx| Pin::new(&mut stream).poll_shutdown(cx)).await;
    let mut sink = [0_u8; 4096];
    let mut left: usize = 1 << 20;
    while left > 0 {
        if stream.readable().await.is_err() {
            return;
        }
        match stream.try_read(&mut sink) {
            Ok(0) => return,
            Ok(n) => left = left.saturating_sub(n),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
            Err(_) => return,
        }
    }
}

impl Listener for CappedListener {
    type Io = CountedStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (CountedStream, SocketAddr) {
        loop {
            let (stream, addr) = Listener::accept(&mut self.inner).await;
            if self.open.load(Ordering::Acquire) >= self.max {
                self.refuse(stream);
                continue;
            }
            // Answers are small and written whole: send them at once.
            let _ = stream.set_nodelay(true);
            self.open.fetch_add(1, Ordering::AcqRel);
            let open = Arc::clone(&self.open);
            return (CountedStream { stream, open }, addr);
        }
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        self.inner.local_addr()
    }
}

/// An accepted connection, counted until it is dropped.
#[derive(Debug)]
pub(crate) struct CountedStream {
    stream: TcpStream,
    open: Arc<AtomicUsize>,
}

impl Drop for CountedStream {
    fn drop(&mut self) {
        self.open.fetch_sub(1, Ordering::AcqRel);
    }
}

impl AsyncRead for CountedStream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for CountedStream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}
