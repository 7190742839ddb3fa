//! Local stand-ins for the network a CI job sees: tiny HTTP servers on
//! 127.0.0.1 playing the EC2 instance metadata service and the ECS
//! container credentials endpoint, endpoints that never answer (one
//! accepts and stays silent, one never accepts), and a pseudo-terminal.
//! Nothing here reaches an address other than 127.0.0.1.
#![allow(
    unsafe_code,
    reason = "raw libc socket and pty calls with no safe std equivalent; each block has a SAFETY note"
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::fd::{FromRawFd, OwnedFd};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// A local HTTP/1.1 server: `answer(method, path)` gives (status line,
/// body) for each request. Returns the port and the number of requests
/// served so far.
pub fn http_server(
    answer: impl Fn(&str, &str) -> (&'static str, String) + Send + Sync + 'static,
) -> (u16, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let hits = Arc::new(AtomicUsize::new(0));
    let counted = hits.clone();
    let answer = Arc::new(answer);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let (answer, counted) = (answer.clone(), counted.clone());
            std::thread::spawn(move || serve(stream, &*answer, &counted));
        }
    });
    (port, hits)
}

fn serve(
    stream: TcpStream,
    answer: &(dyn Fn(&str, &str) -> (&'static str, String) + Send + Sync),
    hits: &AtomicUsize,
) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut out = stream;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut parts = line.split_whitespace();
        let (method, path) = (
            parts.next().unwrap_or("").to_string(),
            parts.next().unwrap_or("").to_string(),
        );
        let mut length = 0usize;
        loop {
            let mut h = String::new();
            if reader.read_line(&mut h).unwrap_or(0) == 0 {
                return;
            }
            if h == "\r\n" {
                break;
            }
            if let Some(v) = h.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0; length];
        let _ = reader.read_exact(&mut body);
        hits.fetch_add(1, Ordering::SeqCst);
        let (status, text) = answer(&method, &path);
        let reply = format!(
            "HTTP/1.1 {status}\r\nContent-Type: text/plain\r\nx-aws-ec2-metadata-token-ttl-seconds: 21600\r\nContent-Length: {}\r\n\r\n{text}",
            text.len()
        );
        if out.write_all(reply.as_bytes()).is_err() {
            return;
        }
    }
}

/// Instance metadata that refuses everything (IMDS disabled on the
/// instance, or a proxy in the way): what made the SDK log three warnings
/// before "no region".
pub fn refusing_imds() -> (u16, Arc<AtomicUsize>) {
    http_server(|_, _| ("403 Forbidden", "resolve_deny: denied destination".into()))
}

/// Instance metadata of an instance in `region` (IMDSv2 token, then the
/// region; nothing else).
pub fn imds_in(region: &'static str) -> (u16, Arc<AtomicUsize>) {
    http_server(move |method, path| match (method, path) {
        ("PUT", "/latest/api/token") => ("200 OK", "TOKEN".into()),
        ("GET", "/latest/meta-data/placement/region") => ("200 OK", region.into()),
        _ => ("404 Not Found", String::new()),
    })
}

/// An ECS/EKS container credentials endpoint handing out `akid`.
pub fn container_credentials(akid: &'static str) -> (u16, Arc<AtomicUsize>) {
    http_server(move |_, _| {
        (
            "200 OK",
            format!(
                r#"{{"AccessKeyId":"{akid}","SecretAccessKey":"secret","Token":"token","Expiration":"2099-01-01T00:00:00Z"}}"#
            ),
        )
    })
}

/// An endpoint that accepts connections and never answers. The listener
/// and the accepted connections live as long as the returned guard.
pub fn silent_endpoint() -> (u16, Arc<std::sync::Mutex<Vec<TcpStream>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let held = Arc::new(std::sync::Mutex::new(Vec::new()));
    let keep = held.clone();
    std::thread::spawn(move || {
        for s in listener.incoming().flatten() {
            keep.lock().unwrap().push(s);
        }
    });
    (port, held)
}

/// An endpoint that never accepts: a listening socket with a backlog of
/// one whose queue is already full, so the kernel drops further
/// connection attempts (the client waits for its connect timeout).
pub struct FullBacklog {
    /// The port nobody accepts on.
    pub port: u16,
    _listener: OwnedFd,
    _queued: Vec<TcpStream>,
}

/// Binds a [`FullBacklog`].
pub fn never_accepting_endpoint() -> FullBacklog {
    // SAFETY: plain socket calls on a descriptor owned here; the address
    // struct is fully initialised before use.
    let (fd, port) = unsafe {
        let fd = libc::socket(libc::AF_INET, libc::SOCK_STREAM, 0);
        assert!(fd >= 0);
        let mut addr: libc::sockaddr_in = std::mem::zeroed();
        addr.sin_family = libc::AF_INET as libc::sa_family_t;
        addr.sin_addr.s_addr = u32::from_be_bytes([127, 0, 0, 1]).to_be();
        let len = size_of::<libc::sockaddr_in>() as libc::socklen_t;
        assert_eq!(
            libc::bind(fd, &addr as *const _ as *const libc::sockaddr, len),
            0
        );
        assert_eq!(libc::listen(fd, 0), 0);
        let mut bound: libc::sockaddr_in = std::mem::zeroed();
        let mut blen = len;
        libc::getsockname(fd, &mut bound as *mut _ as *mut libc::sockaddr, &mut blen);
        (OwnedFd::from_raw_fd(fd), u16::from_be(bound.sin_port))
    };
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let mut queued = Vec::new();
    // Fill the accept queue until a connection attempt goes unanswered.
    while queued.len() < 16 {
        match TcpStream::connect_timeout(&addr, Duration::from_millis(300)) {
            Ok(s) => queued.push(s),
            Err(_) => break,
        }
    }
    FullBacklog {
        port,
        _listener: fd,
        _queued: queued,
    }
}

/// (master, slave) ends of a new pseudo-terminal.
pub fn pty() -> (std::fs::File, OwnedFd) {
    let (mut master, mut slave) = (0, 0);
    // SAFETY: openpty writes two fresh descriptors into the out-pointers; the
    // name and termios/winsize arguments may be null.
    let rc = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(rc, 0, "openpty failed");
    // SAFETY: both descriptors were just returned by openpty and are owned here.
    unsafe {
        (
            std::fs::File::from_raw_fd(master),
            OwnedFd::from_raw_fd(slave),
        )
    }
}

/// Everything written to a pty until its other end closed.
pub fn read_pty(mut master: std::fs::File) -> String {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match master.read(&mut buf) {
            Ok(0) | Err(_) => break, // EIO once the slave side is closed
            Ok(n) => out.extend_from_slice(&buf[..n]),
        }
    }
    String::from_utf8_lossy(&out).to_string()
}
