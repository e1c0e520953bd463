//! A guard in front of tower-lsp-server's input.
//!
//! tokio-util's `FramedRead` ends the stream after the first decode error,
//! so one malformed JSON body would leave the server deaf for the rest of
//! the session. This task re-frames standard input itself, passes every
//! well-formed message through unchanged, and replaces a malformed one
//! with a `bientap/invalidMessage` notification that the server logs and
//! reports to the user. Garbage between messages is skipped up to the next
//! `Content-Length` header.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use serde::Deserialize;
use serde_json::Value;
use tokio::io::{
    AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader, DuplexStream,
};
use tower_lsp_server::jsonrpc::{Error, Request, Response};
use tower_service::Service;

/// Largest message accepted (a 50 MB article fits; the limit stops a bogus
/// header from allocating without bound).
pub const MAX_MESSAGE_BYTES: usize = 256 * 1024 * 1024;

/// Longest header line kept; the rest of a longer line (garbage) is dropped
/// as it is read, keeping only its tail (where a `Content-Length` may be).
const MAX_HEADER_LINE: usize = 8192;

/// The method a malformed request that still has a usable `id` is turned
/// into; [`ProtocolFixups`] answers it with `InvalidRequest`.
pub const INVALID_REQUEST_METHOD: &str = "bientap/invalidRequest";

/// Exactly what tower-lsp-server's codec decodes (its `Message` is private):
/// a body that does not parse as this would end its input stream.
#[derive(Deserialize)]
#[serde(untagged)]
#[allow(dead_code)]
enum Message {
    Response(Response),
    Request(Request),
}

/// Why a body is not a message tower-lsp-server can decode, or `None`.
fn problem(body: &[u8]) -> Option<&'static str> {
    let Ok(text) = std::str::from_utf8(body) else {
        return Some("not UTF-8");
    };
    if serde_json::from_str::<Message>(text).is_ok() {
        return None;
    }
    Some(match serde_json::from_str::<Value>(text) {
        Err(_) => "invalid JSON",
        Ok(Value::Object(_)) => "not a JSON-RPC 2.0 message",
        Ok(_) => "not a JSON object",
    })
}

/// The request id of a malformed message, when it has a usable one and is
/// not a response: the client is then waiting for an answer.
fn request_id(body: &[u8]) -> Option<Value> {
    let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(body) else {
        return None;
    };
    if map.contains_key("result") || map.contains_key("error") {
        return None;
    }
    match map.get("id")? {
        Value::Number(n) if n.is_i64() => Some(Value::Number(n.clone())),
        Value::String(s) => Some(Value::String(s.clone())),
        _ => None,
    }
}

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
                // Do not trust the length: skipping that many bytes would
                // swallow every later message. Report it and look for the
                // next header instead (the body, if any, is read as
                // garbage lines of bounded size).
                tracing::error!("message of {length} bytes exceeds the limit; skipping it");
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
            let written = match problem(&body) {
                None => write_frame(&mut to_server, &body).await,
                Some(reason) => {
                    tracing::warn!("malformed message ({reason}, {length} bytes)");
                    let replacement = match request_id(&body) {
                        Some(id) => invalid_request(id, reason),
                        None => invalid(reason, length),
                    };
                    write_frame(&mut to_server, replacement.as_bytes()).await
                }
            };
            if written.is_err() {
                break;
            }
        }
        let _ = to_server.shutdown().await;
    });
    from_guard
}

/// Where bientap sends messages it serialised itself (whole frames,
/// header included): see [`multiplexed`].
pub type RawFrames = tokio::sync::mpsc::UnboundedSender<Vec<u8>>;

/// Starts the output side: tower-lsp-server writes into the returned
/// stream, and its messages and the frames sent on the returned sender go
/// to `output` whole, one after another, in the order they are complete.
///
/// Why: tower-lsp-server turns every notification into a
/// `serde_json::Value` and then into text. For `publishDiagnostics`, sent
/// on every keystroke with the document's whole list, that costs more than
/// the re-check behind it; the worker keeps each diagnostic's JSON and
/// sends the message ready-made ([`publish_diagnostics_frame`]).
pub fn multiplexed<W: AsyncWrite + Unpin + Send + 'static>(output: W) -> (DuplexStream, RawFrames) {
    let (server_side, mux_side) = tokio::io::duplex(1 << 20);
    let (frames, mut queue) = tokio::sync::mpsc::unbounded_channel::<Vec<u8>>();
    let from_server = frames.clone();
    // The server's own messages, cut into frames (a task of its own: a
    // frame half read must never be dropped for a ready-made one).
    tokio::spawn(async move {
        let mut reader = BufReader::with_capacity(1 << 16, mux_side);
        loop {
            let length = match read_headers(&mut reader).await {
                Ok(Some(n)) => n,
                Ok(None) => break,
                Err(e) => {
                    tracing::error!("bad frame from the protocol layer: {e}");
                    continue;
                }
            };
            let header = format!("Content-Length: {length}\r\n\r\n");
            let mut frame = Vec::with_capacity(header.len() + length);
            frame.extend_from_slice(header.as_bytes());
            frame.resize(header.len() + length, 0);
            if reader.read_exact(&mut frame[header.len()..]).await.is_err()
                || from_server.send(frame).is_err()
            {
                break;
            }
        }
    });
    tokio::spawn(async move {
        let mut output = output;
        while let Some(frame) = queue.recv().await {
            if output.write_all(&frame).await.is_err() {
                break;
            }
            if queue.is_empty() && output.flush().await.is_err() {
                break;
            }
        }
    });
    (server_side, frames)
}

/// A whole `textDocument/publishDiagnostics` frame from diagnostics
/// already in JSON.
pub fn publish_diagnostics_frame<'a>(
    uri: &str,
    version: Option<i32>,
    diagnostics: impl IntoIterator<Item = &'a str>,
) -> Vec<u8> {
    let mut body = String::with_capacity(256);
    body.push_str(
        r#"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"#,
    );
    body.push_str(&Value::String(uri.to_string()).to_string());
    if let Some(v) = version {
        body.push_str(r#","version":"#);
        body.push_str(&v.to_string());
    }
    body.push_str(r#","diagnostics":["#);
    for (i, d) in diagnostics.into_iter().enumerate() {
        if i > 0 {
            body.push(',');
        }
        body.push_str(d);
    }
    body.push_str("]}}");
    let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    frame.extend_from_slice(body.as_bytes());
    frame
}

fn invalid_request(id: Value, reason: &str) -> String {
    serde_json::json!({
        "jsonrpc": "2.0",
        "id": id,
        "method": INVALID_REQUEST_METHOD,
        "params": { "reason": reason },
    })
    .to_string()
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

/// Reads one line (through `\n`) keeping at most [`MAX_HEADER_LINE`]
/// bytes of it: of a longer line only the tail is kept. Returns the bytes
/// consumed (0 at end of input).
async fn read_line_bounded<R: AsyncRead + Unpin>(
    reader: &mut BufReader<R>,
    line: &mut Vec<u8>,
) -> std::io::Result<usize> {
    let mut consumed = 0;
    loop {
        let buf = reader.fill_buf().await?;
        if buf.is_empty() {
            return Ok(consumed);
        }
        let (n, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        line.extend_from_slice(&buf[..n]);
        if line.len() > MAX_HEADER_LINE {
            let cut = line.len() - 256;
            line.drain(..cut);
        }
        reader.consume(n);
        consumed += n;
        if done {
            return Ok(consumed);
        }
    }
}

/// The value of a `Content-Length` header anywhere in `line` (garbage
/// before it — the tail of a body whose length was wrong — is ignored).
fn content_length(line: &str) -> Option<Result<usize, String>> {
    let lower = line.to_ascii_lowercase();
    let at = lower.rfind("content-length")?;
    let (_, value) = line[at..].split_once(':')?;
    Some(
        value
            .trim()
            .parse::<usize>()
            .map_err(|e| format!("bad Content-Length {:?}: {e}", value.trim())),
    )
}

/// Reads header lines up to the blank line; returns the Content-Length.
/// Lines before a `Content-Length` that are not headers are skipped, and a
/// `Content-Length` preceded by garbage on its line is still found, so the
/// stream resynchronises after a body of the wrong length.
async fn read_headers<R: AsyncRead + Unpin>(
    reader: &mut BufReader<R>,
) -> Result<Option<usize>, String> {
    let mut length = None;
    let mut seen_any = false;
    loop {
        let mut line = Vec::new();
        let n = read_line_bounded(reader, &mut line)
            .await
            .map_err(|e| e.to_string())?;
        if n == 0 {
            return Ok(None);
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
        if let Some(value) = content_length(text) {
            length = Some(value?);
            seen_any = true;
        } else if let Some((name, _)) = text.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-type")
        {
            seen_any = true;
        }
    }
}

/// Answers what the transport guard and tower-lsp-server leave unanswered:
///
/// * [`INVALID_REQUEST_METHOD`] (a malformed request rewritten by
///   [`guarded`]) gets `InvalidRequest` with the original id;
/// * a request (with an id) for an unknown `$/` method gets
///   `MethodNotFound`, as LSP requires (tower-lsp-server answers nothing).
#[derive(Debug, Clone)]
pub struct ProtocolFixups<S> {
    inner: S,
}

impl<S> ProtocolFixups<S> {
    pub fn new(inner: S) -> Self {
        ProtocolFixups { inner }
    }
}

/// The future type of the server's tower layers (also `panic_guard.rs`).
pub(super) type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

impl<S> Service<Request> for ProtocolFixups<S>
where
    S: Service<Request, Response = Option<Response>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = Option<Response>;
    type Error = S::Error;
    type Future = BoxFuture<Result<Option<Response>, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        let id = req.id().cloned();
        if req.method() == INVALID_REQUEST_METHOD {
            let reason = req
                .params()
                .and_then(|p| p.get("reason"))
                .and_then(Value::as_str)
                .unwrap_or("malformed")
                .to_string();
            tracing::error!("answered a malformed request ({reason}) with InvalidRequest");
            let response = id.map(|id| {
                let mut error = Error::invalid_request();
                error.message = format!("Invalid request: {reason}").into();
                Response::from_error(id, error)
            });
            return Box::pin(std::future::ready(Ok(response)));
        }
        let dollar = req.method().starts_with("$/");
        let fut = self.inner.call(req);
        Box::pin(async move {
            let response = fut.await?;
            Ok(match (response, id) {
                (None, Some(id)) if dollar => {
                    Some(Response::from_error(id, Error::method_not_found()))
                }
                (response, _) => response,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_match_what_the_codec_rejects() {
        let ok = br#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#;
        assert_eq!(problem(ok), None);
        assert_eq!(problem(br#"{"jsonrpc":"2.0","id":1,"result":null}"#), None);
        assert_eq!(problem(br#"{"jsonrpc":"2.0","method":"x"}"#), None);
        assert_eq!(problem(b"{not json"), Some("invalid JSON"));
        assert_eq!(problem(b"[1,2]"), Some("not a JSON object"));
        assert_eq!(problem(b"\xff\xfe"), Some("not UTF-8"));
        for bad in [
            &br#"{"jsonrpc":"1.0","id":1,"method":"x"}"#[..],
            br#"{"id":1,"method":"x"}"#,
            br#"{"jsonrpc":"2.0","id":1,"method":5}"#,
            br#"{"jsonrpc":"2.0","id":1.5,"method":"x"}"#,
            br#"{"jsonrpc":"2.0","id":1,"method":"a","method":"b"}"#,
            br#"{"jsonrpc":"2.0","method":"x","params":"\ud800"}"#,
        ] {
            assert!(problem(bad).is_some(), "{}", String::from_utf8_lossy(bad));
        }
        assert_eq!(
            request_id(br#"{"jsonrpc":"1.0","id":7,"method":"x"}"#),
            Some(serde_json::json!(7))
        );
        assert_eq!(
            request_id(br#"{"jsonrpc":"1.0","id":"a","method":"x"}"#),
            Some(serde_json::json!("a"))
        );
        assert_eq!(request_id(br#"{"jsonrpc":"1.0","id":7,"result":1}"#), None);
        assert_eq!(request_id(br#"{"jsonrpc":"1.0","method":"x"}"#), None);
    }

    #[test]
    fn content_length_is_found_after_garbage() {
        assert_eq!(content_length("Content-Length: 12"), Some(Ok(12)));
        assert_eq!(content_length("content-length:7"), Some(Ok(7)));
        assert_eq!(content_length(r#"{"a":1}Content-Length: 30"#), Some(Ok(30)));
        assert!(matches!(
            content_length("Content-Length: abc"),
            Some(Err(_))
        ));
        assert!(matches!(
            content_length("Content-Length: 99999999999999999999999"),
            Some(Err(_))
        ));
        assert_eq!(content_length("Content-Type: x"), None);
    }

    async fn frames(input: Vec<u8>) -> Vec<Value> {
        let mut out = guarded(std::io::Cursor::new(input));
        let mut all = Vec::new();
        out.read_to_end(&mut all).await.unwrap();
        let mut msgs = Vec::new();
        let mut rest = &all[..];
        while !rest.is_empty() {
            let text = std::str::from_utf8(rest).unwrap();
            let header_end = text.find("\r\n\r\n").unwrap();
            let n: usize = text["Content-Length: ".len()..header_end].parse().unwrap();
            let body = &rest[header_end + 4..header_end + 4 + n];
            msgs.push(serde_json::from_slice(body).unwrap());
            rest = &rest[header_end + 4 + n..];
        }
        msgs
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[tokio::test]
    async fn the_stream_resynchronises_after_bad_headers_and_bodies() {
        let good = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let mut input = String::new();
        input += "Content-Length: abc\r\n\r\n{\"x\":1}";
        input += &frame(good);
        input += "Content-Length: 99999999999\r\n\r\n{}";
        input += &frame(good);
        input += &"garbage without a newline ".repeat(2000);
        input += &frame(good);
        input += &frame(r#"{"jsonrpc":"1.0","id":9,"method":"x"}"#);
        input += &frame("{oops");
        input += "Content-Length: 5\r\n\r\n"; // headers, then end of input
        let msgs = frames(input.into_bytes()).await;
        let methods: Vec<&str> = msgs.iter().map(|m| m["method"].as_str().unwrap()).collect();
        assert_eq!(
            methods,
            [
                "shutdown",
                "bientap/invalidMessage",
                "shutdown",
                "shutdown",
                INVALID_REQUEST_METHOD,
                "bientap/invalidMessage",
            ],
            "{msgs:?}"
        );
        assert_eq!(msgs[4]["id"], 9);
        assert_eq!(msgs[1]["params"]["reason"], "message too large");
    }

    #[tokio::test]
    async fn ready_made_frames_join_the_servers_whole() {
        let (mut client_end, output) = tokio::io::duplex(1 << 16);
        let (mut server_side, frames) = multiplexed(output);
        // A frame from the server written in two pieces, with a ready-made
        // one sent in between: the two come out whole.
        let body = r#"{"jsonrpc":"2.0","id":1,"result":null}"#;
        let framed = frame(body);
        let (a, b) = framed.split_at(10);
        server_side.write_all(a.as_bytes()).await.unwrap();
        server_side.flush().await.unwrap();
        frames
            .send(publish_diagnostics_frame(
                "file:///a \"b\".article",
                Some(3),
                [r#"{"message":"x"}"#, r#"{"message":"y"}"#],
            ))
            .unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        server_side.write_all(b.as_bytes()).await.unwrap();
        server_side.flush().await.unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        let mut got = vec![0u8; 4096];
        let n = tokio::time::timeout(std::time::Duration::from_secs(5), async {
            let mut n = 0;
            loop {
                n += client_end.read(&mut got[n..]).await.unwrap();
                let text = String::from_utf8_lossy(&got[..n]);
                if text.matches("Content-Length").count() == 2
                    && text.ends_with('}')
                    && text.contains("null}")
                {
                    return n;
                }
            }
        })
        .await
        .unwrap();
        let text = String::from_utf8(got[..n].to_vec()).unwrap();
        let mut values = Vec::new();
        let mut rest = text.as_str();
        while let Some(i) = rest.find("\r\n\r\n") {
            let len: usize = rest[..i]
                .trim_start_matches("Content-Length: ")
                .parse()
                .unwrap();
            values.push(serde_json::from_str::<Value>(&rest[i + 4..i + 4 + len]).unwrap());
            rest = &rest[i + 4 + len..];
        }
        assert_eq!(values.len(), 2, "{text}");
        let publish = &values[0];
        assert_eq!(publish["method"], "textDocument/publishDiagnostics");
        assert_eq!(publish["params"]["uri"], "file:///a \"b\".article");
        assert_eq!(publish["params"]["version"], 3);
        assert_eq!(publish["params"]["diagnostics"][1]["message"], "y");
        assert_eq!(values[1]["id"], 1);
    }
}
