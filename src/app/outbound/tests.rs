//! Every protection of the guard against local servers started here (loopback only: 127.0.0.1 and 127.0.0.2).
//! Each test fails when the protection it names is taken out.

use super::*;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A server answering by path: `/ok`, `/to?URL` (302 to URL), `/loop`, `/chain/N`, `/size/N`, `/huge` (chunked,
/// without end), `/huge-declared`, `/slow`, `/drip`, `/echo` (the request head as body).
struct Server {
    addr: SocketAddr,
    /// Connections accepted (every answer closes its connection: one per request).
    hits: Arc<AtomicUsize>,
    /// Set when a `/huge` answer stopped because the client went away before the server's own bound.
    abandoned: Arc<AtomicBool>,
}

impl Server {
    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

async fn serve_on(listener: TcpListener) -> Server {
    let addr = listener.local_addr().unwrap();
    let hits = Arc::new(AtomicUsize::new(0));
    let abandoned = Arc::new(AtomicBool::new(false));
    let (h, a) = (Arc::clone(&hits), Arc::clone(&abandoned));
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            h.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(answer(stream, addr, Arc::clone(&a)));
        }
    });
    Server { addr, hits, abandoned }
}

async fn serve(ip: &str) -> Server {
    serve_on(TcpListener::bind((ip, 0)).await.unwrap()).await
}

/// Two servers on one port, at 127.0.0.1 and 127.0.0.2.
async fn serve_pair() -> (Server, Server) {
    for _ in 0..20 {
        let first = TcpListener::bind(("127.0.0.1", 0)).await.unwrap();
        let port = first.local_addr().unwrap().port();
        if let Ok(second) = TcpListener::bind(("127.0.0.2", port)).await {
            return (serve_on(first).await, serve_on(second).await);
        }
    }
    panic!("no port free on both 127.0.0.1 and 127.0.0.2");
}

async fn answer(mut stream: TcpStream, me: SocketAddr, abandoned: Arc<AtomicBool>) {
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 16 * 1024 {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
        // A TLS handshake: answer in plain HTTP, as a server that does not speak TLS would.
        if head.first() == Some(&0x16) {
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n").await;
            return;
        }
    }
    // Read a request body to its end, so that closing does not reset the connection under the answer.
    let head = String::from_utf8_lossy(&head).into_owned();
    let declared = head.lines().find_map(|l| l.to_lowercase().strip_prefix("content-length: ")?.trim().parse().ok());
    let read = head.split_once("\r\n\r\n").map_or(0, |(_, rest)| rest.len());
    let mut left = declared.unwrap_or(0usize).saturating_sub(read);
    while left > 0 {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => left = left.saturating_sub(n),
        }
    }
    let path = head.split(' ').nth(1).unwrap_or("/").to_string();
    let reply = |status: &str, extra: &str, body: &str| {
        format!("HTTP/1.1 {status}\r\n{extra}content-length: {}\r\nconnection: close\r\n\r\n{body}", body.len())
    };
    let text = if path == "/ok" {
        reply("200 OK", "", &format!("hello from {}", me.ip()))
    } else if let Some(to) = path.strip_prefix("/to?") {
        reply("302 Found", &format!("location: {to}\r\n"), "")
    } else if path == "/loop" {
        reply("302 Found", "location: /loop\r\n", "")
    } else if let Some(n) = path.strip_prefix("/chain/").and_then(|n| n.parse::<u32>().ok()) {
        if n == 0 {
            reply("200 OK", "", "end")
        } else {
            reply("307 Temporary Redirect", &format!("location: /chain/{}\r\n", n - 1), "")
        }
    } else if let Some(n) = path.strip_prefix("/size/").and_then(|n| n.parse::<usize>().ok()) {
        reply("200 OK", "", &"x".repeat(n))
    } else if path == "/echo" {
        reply("200 OK", "", &head)
    } else if path == "/huge" || path == "/huge-declared" {
        let framing = if path == "/huge" { "transfer-encoding: chunked" } else { "content-length: 1000000000" };
        let start = format!("HTTP/1.1 200 OK\r\n{framing}\r\nconnection: close\r\n\r\n");
        if stream.write_all(start.as_bytes()).await.is_err() {
            return;
        }
        let chunk = vec![b'x'; 64 * 1024];
        // At most 64 MiB: far more than any cap the tests set, far less than would hurt.
        for _ in 0..1024 {
            let framed = if path == "/huge" {
                [format!("{:x}\r\n", chunk.len()).into_bytes(), chunk.clone(), b"\r\n".to_vec()].concat()
            } else {
                chunk.clone()
            };
            if stream.write_all(&framed).await.is_err() {
                abandoned.store(true, Ordering::SeqCst);
                return;
            }
        }
        return;
    } else if path == "/slow" {
        tokio::time::sleep(Duration::from_secs(20)).await;
        return;
    } else if path == "/drip" {
        let start = "HTTP/1.1 200 OK\r\ncontent-length: 200\r\nconnection: close\r\n\r\n";
        if stream.write_all(start.as_bytes()).await.is_err() {
            return;
        }
        for _ in 0..200 {
            tokio::time::sleep(Duration::from_millis(100)).await;
            if stream.write_all(b"x").await.is_err() {
                return;
            }
        }
        return;
    } else {
        reply("404 Not Found", "", "")
    };
    let _ = stream.write_all(text.as_bytes()).await;
    let _ = stream.shutdown().await;
}

fn guard(allow: &str) -> Outbound {
    guard_with(allow, |_| {})
}

fn guard_with(allow: &str, change: impl FnOnce(&mut OutboundSettings)) -> Outbound {
    let mut settings = OutboundSettings { policy: Policy::parse(allow).unwrap(), ..OutboundSettings::default() };
    change(&mut settings);
    Outbound::new(settings).unwrap()
}

fn with_names(allow: &str, names: &[(&str, &[&str])]) -> Outbound {
    let table: HashMap<String, Vec<IpAddr>> = names
        .iter()
        .map(|(name, ips)| ((*name).to_string(), ips.iter().map(|ip| ip.parse().unwrap()).collect()))
        .collect();
    let settings = OutboundSettings { policy: Policy::parse(allow).unwrap(), ..OutboundSettings::default() };
    Outbound::with_lookup(settings, Lookup::Fixed(Arc::new(table))).unwrap()
}

fn refused_range(result: Result<Fetched, OutboundError>) -> (IpAddr, Range) {
    match result {
        Err(OutboundError::Forbidden { addr, range, .. }) => (addr, range),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn loopback_is_refused_by_default_and_reached_when_allowed() {
    let server = serve("127.0.0.1").await;
    let port = server.addr.port();
    let default = guard("");
    // IP literals in every spelling the URL parser knows; the resolver is never asked about them.
    for url in [server.url("/ok"), format!("http://2130706433:{port}/ok"), format!("http://0x7f.1:{port}/ok")] {
        assert_eq!(refused_range(default.get(&url).await), ("127.0.0.1".parse().unwrap(), Range::Loopback), "{url}");
    }
    assert_eq!(refused_range(default.get(&format!("http://[::1]:{port}/ok")).await).1, Range::Loopback);
    assert_eq!(refused_range(default.get(&format!("http://[::ffff:127.0.0.1]:{port}/ok")).await).1, Range::Loopback);
    assert_eq!(server.hits(), 0, "nothing reached the server");

    let allowed = guard("loopback").get(&server.url("/ok")).await.unwrap();
    assert_eq!((allowed.status, allowed.body.as_slice()), (200, b"hello from 127.0.0.1".as_slice()));
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn a_name_is_refused_when_it_resolves_to_a_refused_address() {
    let server = serve("127.0.0.1").await;
    let port = server.addr.port();
    // The system resolver: `localhost` is loopback.
    let error = guard("").get(&format!("http://localhost:{port}/ok")).await.unwrap_err();
    assert!(matches!(error, OutboundError::Forbidden { range: Range::Loopback, .. }), "{error:?}");
    // A name that looks public but answers loopback.
    let names: &[(&str, &[&str])] = &[("www.example-public.be", &["127.0.0.1"])];
    let error = with_names("", names).get(&format!("http://www.example-public.be:{port}/ok")).await.unwrap_err();
    assert_eq!(error.kind(), "forbidden");
    assert_eq!(server.hits(), 0);
    let fine = with_names("loopback", names).get(&format!("http://www.example-public.be:{port}/ok")).await.unwrap();
    assert_eq!(fine.status, 200);
    let error = with_names("", names).get(&format!("http://unknown.example-public.be:{port}/ok")).await.unwrap_err();
    assert_eq!(error.kind(), "dns", "{error:?}");
}

#[tokio::test]
async fn of_the_addresses_of_a_name_only_the_allowed_ones_are_connected_to() {
    let (one, two) = serve_pair().await;
    let port = one.addr.port();
    // 127.0.0.2 first: a connector given both would take it.
    let names: &[(&str, &[&str])] = &[("both.test", &["127.0.0.2", "127.0.0.1"])];
    let fetched = with_names("127.0.0.1/32", names).get(&format!("http://both.test:{port}/ok")).await.unwrap();
    assert_eq!(fetched.body, b"hello from 127.0.0.1");
    assert_eq!((one.hits(), two.hits()), (1, 0));
}

#[tokio::test]
async fn a_redirect_to_a_refused_address_is_stopped_at_the_hop() {
    let (one, two) = serve_pair().await;
    let only_one = with_names("127.0.0.1/32", &[("inside.test", &["127.0.0.2"])]);
    let to_two = one.url(&format!("/to?{}", two.url("/ok")));
    assert_eq!(refused_range(only_one.get(&to_two).await), ("127.0.0.2".parse().unwrap(), Range::Loopback));
    // By name: the resolver decides at the hop too.
    let by_name = one.url(&format!("/to?http://inside.test:{}/ok", two.addr.port()));
    assert_eq!(refused_range(only_one.get(&by_name).await).1, Range::Loopback);
    // A private address is never contacted: refused before any connection.
    let private = one.url("/to?http://10.0.0.1/ok");
    assert_eq!(refused_range(guard("loopback").get(&private).await), ("10.0.0.1".parse().unwrap(), Range::Private));
    assert_eq!(two.hits(), 0, "the second server was never reached");
    // Allowed, the same redirect is followed.
    let followed = guard("loopback").get(&to_two).await.unwrap();
    assert_eq!((followed.body.as_slice(), followed.redirects), (b"hello from 127.0.0.2".as_slice(), 1));
    assert_eq!(two.hits(), 1);
}

#[tokio::test]
async fn a_redirect_loop_is_stopped_at_the_limit() {
    let server = serve("127.0.0.1").await;
    let outbound = guard_with("loopback", |s| s.max_redirects = 3);
    assert_eq!(outbound.get(&server.url("/loop")).await.unwrap_err(), OutboundError::TooManyRedirects { limit: 3 });
    assert_eq!(server.hits(), 4, "the first request and three redirects, then it stopped");
    let three = outbound.get(&server.url("/chain/3")).await.unwrap();
    assert_eq!((three.status, three.redirects, three.body.as_slice()), (200, 3, b"end".as_slice()));
    assert_eq!(outbound.get(&server.url("/chain/4")).await.unwrap_err().kind(), "too_many_redirects");
}

#[tokio::test]
async fn other_schemes_are_refused_at_the_start_and_at_a_hop() {
    let server = serve("127.0.0.1").await;
    let outbound = guard("loopback");
    for url in ["ftp://127.0.0.1/x", "file:///etc/passwd", "gopher://127.0.0.1:70/", "data:text/plain,hi"] {
        assert_eq!(outbound.get(url).await.unwrap_err().kind(), "scheme", "{url}");
    }
    let error = outbound.get(&server.url("/to?file:///etc/passwd")).await.unwrap_err();
    assert_eq!(error, OutboundError::Scheme { scheme: "file".into() });
    assert_eq!(outbound.get("not a url").await.unwrap_err().kind(), "bad_url");
}

#[tokio::test]
async fn a_huge_body_is_cut_at_the_cap() {
    let server = serve("127.0.0.1").await;
    let cap = 64 * 1024;
    let outbound = guard_with("loopback", |s| s.max_bytes = cap);
    let exact = outbound.get(&server.url(&format!("/size/{cap}"))).await.unwrap();
    assert_eq!(exact.body.len(), cap, "a body of exactly the cap is read");
    let over = outbound.get(&server.url(&format!("/size/{}", cap + 1))).await.unwrap_err();
    assert_eq!(over, OutboundError::TooLarge { status: 200, limit: cap });
    assert_eq!(outbound.get(&server.url("/huge-declared")).await.unwrap_err().kind(), "too_large");
    // No length declared: the stream is abandoned, and the server sees the client go away long before its 64 MiB.
    assert_eq!(
        outbound.get(&server.url("/huge")).await.unwrap_err(),
        OutboundError::TooLarge { status: 200, limit: cap }
    );
    for _ in 0..200 {
        if server.abandoned.load(Ordering::SeqCst) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(server.abandoned.load(Ordering::SeqCst), "the connection was dropped mid-body");
}

#[tokio::test]
async fn a_slow_server_is_timed_out() {
    let server = serve("127.0.0.1").await;
    let outbound = guard_with("loopback", |s| s.timeout = Duration::from_millis(400));
    // No answer at all, and an answer whose body comes a byte at a time: the limit covers the whole call.
    for path in ["/slow", "/drip"] {
        let error = outbound.get(&server.url(path)).await.unwrap_err();
        assert_eq!(error, OutboundError::Timeout(Duration::from_millis(400)), "{path}");
    }
}

#[tokio::test]
async fn the_metadata_address_is_refused_even_when_private_and_link_local_are_allowed() {
    let names: &[(&str, &[&str])] = &[("metadata.google.internal", &["169.254.169.254"])];
    let outbound = with_names("private,link-local,unique-local,cgnat", names);
    for url in [
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://[::ffff:169.254.169.254]/",
        "http://100.100.100.200/",
        "http://metadata.google.internal/computeMetadata/v1/",
    ] {
        assert_eq!(refused_range(outbound.get(url).await).1, Range::Metadata, "{url}");
    }
}

#[tokio::test]
async fn a_tls_failure_is_told_apart() {
    // An https call to a server that speaks plain HTTP.
    let server = serve("127.0.0.1").await;
    let url = format!("https://{}/ok", server.addr);
    let error = guard("loopback").get(&url).await.unwrap_err();
    assert_eq!(error.kind(), "tls", "{error:?}");
}

#[tokio::test]
async fn credentials_do_not_follow_a_redirect_to_another_origin_and_a_post_is_not_redirected() {
    let (one, two) = serve_pair().await;
    let outbound = guard("loopback");
    let request = |url: String| Request::get(url).header("authorization", "Bearer secret").header("x-kept", "yes");
    let same = outbound.send(request(one.url("/to?/echo"))).await.unwrap();
    let same = String::from_utf8(same.body).unwrap().to_lowercase();
    assert!(same.contains("authorization: bearer secret"), "{same}");
    let other = outbound.send(request(one.url(&format!("/to?{}", two.url("/echo"))))).await.unwrap();
    let other = String::from_utf8(other.body).unwrap().to_lowercase();
    assert!(!other.contains("authorization") && other.contains("x-kept: yes"), "{other}");

    let posted = outbound.send(Request::post(one.url("/to?/ok"), "application/json", b"{}".to_vec())).await.unwrap();
    assert_eq!((posted.status, posted.redirects), (302, 0));
}
