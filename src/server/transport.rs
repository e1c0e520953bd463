//! A guard in front of tower-lsp-server's input.
//!
//! tokio-util's `FramedRead` ends the stream after the first decode error,
//! so one malformed JSON body would leave the server deaf for the rest of
//! the session. This task re-frames standard input itself, passes every
//! well-formed message through unchanged, and replaces a malformed one
//! with a `bientap/invalidMessage` notification that the server logs and
//! reports to the user. Garbage between messages is skipped up to the next
//! `Content-Length` header.

use serde::de::IgnoredAny;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream};

/// Largest message accepted (a 50 MB article fits; the limit stops a bogus
/// header from allocating without bound).
pub const MAX_MESSAGE_BYTES: usize = 256 * 1024 * 1024;

/// Starts the guard; the server reads from the returned stream.
pub fn guarded<R: AsyncRead + Unpin + Send + 'static>(input: R) -> DuplexStream {
    let (mut to_server, from_guard) = tokio::io::duplex(1 << 20);
    tokio::spawn(async move {
        let mut reader = BufReader::with_capacity(1 << 16, input);
        loop {
            let length = match read_headers(&mut reader).await {
                Ok(Some(n)) => n,
                Ok(None) => break, // end of input
                Err(e) => {
                    tracing::warn!("bad message header: {e}");
                    continue;
                }
            };
            if length > MAX_MESSAGE_BYTES {
                tracing::error!("message of {length} bytes exceeds the limit; skipping it");
                if skip(&mut reader, length).await.is_err() {
                    break;
                }
                let note = invalid("message too large", length);
                if write_frame(&mut to_server, note.as_bytes()).await.is_err() {
                    break;
                }
                continue;
            }
            let mut body = vec![0u8; length];
            if reader.read_exact(&mut body).await.is_err() {
                break;
            }
            let ok =
                serde_json::from_slice::<IgnoredAny>(&body).is_ok() && body.first() == Some(&b'{');
            let written = if ok {
                write_frame(&mut to_server, &body).await
            } else {
                let reason = match std::str::from_utf8(&body) {
                    Ok(_) => "invalid JSON",
                    Err(_) => "not UTF-8",
                };
                write_frame(&mut to_server, invalid(reason, length).as_bytes()).await
            };
            if written.is_err() {
                break;
            }
        }
        let _ = to_server.shutdown().await;
    });
    from_guard
}

fn invalid(reason: &str, length: usize) -> String {
    serde_json::json!({
        "jsonrpc": "2.0",
        "method": "bientap/invalidMessage",
        "params": { "reason": reason, "length": length },
    })
    .to_string()
}

async fn write_frame(out: &mut DuplexStream, body: &[u8]) -> std::io::Result<()> {
    out.write_all(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes())
        .await?;
    out.write_all(body).await?;
    out.flush().await
}

async fn skip<R: AsyncRead + Unpin>(
    reader: &mut BufReader<R>,
    mut n: usize,
) -> std::io::Result<()> {
    let mut buf = vec![0u8; 1 << 16];
    while n > 0 {
        let k = reader.read(&mut buf[..n.min(1 << 16)]).await?;
        if k == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        n -= k;
    }
    Ok(())
}

/// Reads header lines up to the blank line; returns the Content-Length.
/// Lines before a `Content-Length` that are not headers are skipped.
async fn read_headers<R: AsyncRead + Unpin>(
    reader: &mut BufReader<R>,
) -> Result<Option<usize>, String> {
    let mut length = None;
    let mut seen_any = false;
    loop {
        let mut line = Vec::new();
        let n = reader
            .read_until(b'\n', &mut line)
            .await
            .map_err(|e| e.to_string())?;
        if n == 0 {
            return Ok(None);
        }
        if line.len() > 8192 {
            return Err("header line too long".into());
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if seen_any {
                return length
                    .map(Some)
                    .ok_or_else(|| "missing Content-Length".to_string());
            }
            continue;
        }
        if let Some((name, value)) = text.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = Some(
                    value
                        .trim()
                        .parse::<usize>()
                        .map_err(|e| format!("bad Content-Length: {e}"))?,
                );
                seen_any = true;
            } else if name.trim().eq_ignore_ascii_case("content-type") {
                seen_any = true;
            }
        }
    }
}
