//! A TCP proxy between the laptop and head office that injects faults: for the sync tests
//! (`tests/sync.rs`) and the sync benchmark (`examples/bench_sync.rs`).

/// What the proxy does to one connection.
#[derive(Clone, Copy, Debug)]
pub enum Fault {
    /// Passes everything.
    None,
    /// Forwards this many bytes towards head office, then drops the connection both ways.
    CutAfter(usize),
    /// Answers 500 without asking head office.
    ServerError,
    /// Passes everything, a little at a time (a slow link).
    Slow,
    /// Takes the request and never answers (head office hangs): the laptop times out.
    Stall,
    /// Passes everything but flips the byte at this offset towards head office (a link that
    /// garbles what it carries).
    Garble(usize),
}

/// A TCP proxy between the laptop and head office that injects one fault per connection, in
/// order, then passes everything. Counts the bytes sent towards head office.
pub struct Proxy {
    pub url: String,
    upstream: std::sync::Arc<std::sync::Mutex<String>>,
    sent_up: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    faulted: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl Proxy {
    /// Listens on a free loopback port and forwards to `upstream` (`http://HOST:PORT`).
    pub fn start(upstream: &str, faults: Vec<Fault>) -> Proxy {
        use std::io::{Read, Write};
        use std::net::{Shutdown, TcpListener, TcpStream};
        use std::sync::atomic::{AtomicUsize, Ordering};
        use std::sync::{Arc, Mutex};
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let upstream = Arc::new(Mutex::new(
            upstream.trim_start_matches("http://").to_owned(),
        ));
        let sent_up = Arc::new(AtomicUsize::new(0));
        let faulted = Arc::new(AtomicUsize::new(0));
        let faults = Arc::new(Mutex::new(std::collections::VecDeque::from(faults)));
        let (up, counter, faults_met) = (upstream.clone(), sent_up.clone(), faulted.clone());
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { continue };
                let fault = faults.lock().unwrap().pop_front().unwrap_or(Fault::None);
                if !matches!(fault, Fault::None) {
                    faults_met.fetch_add(1, Ordering::SeqCst);
                }
                let target = up.lock().unwrap().clone();
                let counter = counter.clone();
                std::thread::spawn(move || {
                    let mut client = client;
                    if let Fault::ServerError = fault {
                        let mut buf = [0u8; 4096];
                        let _ = client.read(&mut buf);
                        let _ = client.write_all(
                            b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                        );
                        let _ = client.shutdown(Shutdown::Both);
                        return;
                    }
                    if let Fault::Stall = fault {
                        // Swallow whatever comes until the laptop gives up and hangs up.
                        let mut buf = [0u8; 16 * 1024];
                        while matches!(client.read(&mut buf), Ok(n) if n > 0) {}
                        return;
                    }
                    let Ok(server) = TcpStream::connect(&target) else {
                        let _ = client.shutdown(Shutdown::Both);
                        return;
                    };
                    let (mut c_read, mut s_write) =
                        (client.try_clone().unwrap(), server.try_clone().unwrap());
                    let (mut s_read, mut c_write) = (server, client);
                    let down = std::thread::spawn(move || {
                        let _ = std::io::copy(&mut s_read, &mut c_write);
                        let _ = c_write.shutdown(Shutdown::Both);
                    });
                    let mut buf = [0u8; 16 * 1024];
                    let mut forwarded = 0usize;
                    loop {
                        let n = match c_read.read(&mut buf) {
                            Ok(0) | Err(_) => break,
                            Ok(n) => n,
                        };
                        let n = match fault {
                            Fault::CutAfter(limit) => n.min(limit.saturating_sub(forwarded)),
                            _ => n,
                        };
                        if let Fault::Garble(at) = fault
                            && (forwarded..forwarded + n).contains(&at)
                        {
                            buf[at - forwarded] ^= 0x5A;
                        }
                        if n == 0 || s_write.write_all(&buf[..n]).is_err() {
                            break;
                        }
                        forwarded += n;
                        counter.fetch_add(n, Ordering::SeqCst);
                        if let Fault::Slow = fault {
                            std::thread::sleep(std::time::Duration::from_millis(5));
                        }
                    }
                    let _ = s_write.shutdown(Shutdown::Both);
                    let _ = c_read.shutdown(Shutdown::Both);
                    let _ = down.join();
                });
            }
        });
        Proxy {
            url,
            upstream,
            sent_up,
            faulted,
        }
    }

    /// Sends new connections to another upstream (head office restarted elsewhere).
    pub fn point_at(&self, upstream: &str) {
        *self.upstream.lock().unwrap() = upstream.trim_start_matches("http://").to_owned();
    }

    /// Connections given a fault other than [`Fault::None`] so far.
    pub fn faulted(&self) -> usize {
        self.faulted.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Bytes forwarded towards head office so far.
    pub fn sent_up(&self) -> usize {
        self.sent_up.load(std::sync::atomic::Ordering::SeqCst)
    }
}

/// A load balancer in front of several head office instances, as a company runs them: each HTTP
/// request (not each connection) goes to the next instance in turn; one that refuses the
/// connection (stopped, restarting) is passed over for the next, as nginx does. Counts the
/// requests each instance answered.
pub struct RoundRobin {
    pub url: String,
    upstreams: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    answered: std::sync::Arc<std::sync::Mutex<Vec<usize>>>,
    _runtime: tokio::runtime::Runtime,
}

impl RoundRobin {
    /// Listens on a free loopback port in front of `upstreams` (`http://HOST:PORT` each).
    pub fn start(upstreams: &[&str]) -> RoundRobin {
        use http_body_util::{BodyExt, Full};
        use hyper_util::rt::{TokioExecutor, TokioIo};
        use std::sync::atomic::{AtomicUsize, Ordering};
        use std::sync::{Arc, Mutex};
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let list = Arc::new(Mutex::new(
            upstreams
                .iter()
                .map(|u| (*u).to_owned())
                .collect::<Vec<_>>(),
        ));
        let answered = Arc::new(Mutex::new(vec![0; upstreams.len()]));
        let next = Arc::new(AtomicUsize::new(0));
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(60))
            .build()
            .unwrap();
        let (list2, answered2) = (list.clone(), answered.clone());
        runtime.spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let (list, answered, next, client) = (
                    list2.clone(),
                    answered2.clone(),
                    next.clone(),
                    client.clone(),
                );
                let service = hyper::service::service_fn(
                    move |request: hyper::Request<hyper::body::Incoming>| {
                        let (list, answered, next, client) =
                            (list.clone(), answered.clone(), next.clone(), client.clone());
                        async move {
                            let (parts, body) = request.into_parts();
                            let body = body.collect().await?.to_bytes();
                            let count = list.lock().unwrap().len();
                            let mut last = String::from("no head office instance");
                            for _ in 0..count {
                                let i = next.fetch_add(1, Ordering::SeqCst) % count;
                                let base = list.lock().unwrap()[i].clone();
                                let target = format!(
                                    "{base}{}",
                                    parts.uri.path_and_query().map_or("/", |p| p.as_str())
                                );
                                let mut forward = client
                                    .request(parts.method.clone(), &target)
                                    .body(body.clone());
                                for (name, value) in &parts.headers {
                                    if name != hyper::header::HOST {
                                        forward = forward.header(name, value);
                                    }
                                }
                                match forward.send().await {
                                    Ok(answer) => {
                                        answered.lock().unwrap()[i] += 1;
                                        let mut reply = hyper::Response::builder()
                                            .status(answer.status().as_u16());
                                        for (name, value) in answer.headers() {
                                            reply = reply.header(name.as_str(), value.as_bytes());
                                        }
                                        let bytes = answer.bytes().await.unwrap_or_default();
                                        return Ok::<_, hyper::Error>(
                                            reply.body(Full::new(bytes)).unwrap(),
                                        );
                                    }
                                    // Refused or cut: the next instance, as a balancer does.
                                    Err(e) => last = e.to_string(),
                                }
                            }
                            Ok(hyper::Response::builder()
                                .status(502)
                                .body(Full::new(bytes::Bytes::from(last)))
                                .unwrap())
                        }
                    },
                );
                tokio::spawn(async move {
                    let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                        .serve_connection(TokioIo::new(socket), service)
                        .await;
                });
            }
        });
        RoundRobin {
            url,
            upstreams: list,
            answered,
            _runtime: runtime,
        }
    }

    /// Points the `i`th place at another address (an instance restarted on a new port).
    pub fn replace(&self, i: usize, upstream: &str) {
        self.upstreams.lock().unwrap()[i] = upstream.to_owned();
    }

    /// How many requests each instance answered.
    pub fn answered(&self) -> Vec<usize> {
        self.answered.lock().unwrap().clone()
    }
}
