//! The phone's door (issue 32): while the visit's 用手机拍照 dialog is open, the laptop serves one
//! small page over HTTPS on its local network address, through which the officer's phone sends
//! that visit's photos: no cable, no cloud, no app on the phone.
//!
//! - The page is reached only with the door's token: 32 random bytes, bound to one visit (the
//!   sink the door was opened with), good until the door closes or its lifetime ends. Any other
//!   address, a wrong token, or the right one after that, answers 404 with a sentence saying so.
//! - HTTPS with a key and certificate made when the door opens ([`certificate`]); its SHA-256
//!   fingerprint, as phone browsers show it, is in the link (after `#`, which no browser sends)
//!   and from [`Door::fingerprint`] for the laptop's dialog; never on the page, which whoever
//!   serves it could fill with any fingerprint.
//! - Each photo is handed to the sink as it arrives, and its answer (taken, or why not) goes
//!   back to the phone and into [`Door::answers`], for the laptop's dialog to show.
//!
//! The door knows nothing of visits or photos beyond their bytes: the shell's sink reads the
//! photo with `baohou_core::photos` and adds it to the visit, through the same checks as a photo
//! from a file.

mod certificate;
pub mod network;
mod page;
pub mod qr;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use baohou_core::i18n::Locale;
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The largest photo the door takes, as from a file (`baohou_core::photos::MAX_FILE_BYTES`).
pub const MAX_PHOTO_BYTES: usize = baohou_core::photos::MAX_FILE_BYTES as usize;

/// At most this many photos in one form sent without script (a phone's picker sends a few
/// dozen at most); the parts after them are not read.
pub const MAX_PHOTOS_PER_FORM: usize = 60;
/// The answers a door keeps for the dialog (the latest).
const MAX_ANSWERS: usize = 500;
/// How many photos are read and handed over at once (each up to 40 MB in memory, and decoded).
const AT_ONCE: usize = 2;
/// A client that sends nothing for this long is cut off (headers, or a photo's next bytes).
const SILENCE: Duration = Duration::from_secs(20);
/// How long a door the dialog opens stays open at most: a round of the warehouse with the
/// phone; after it the officer opens the dialog again and scans a new code.
pub const LIFETIME: Duration = Duration::from_secs(10 * 60);

/// What one photo came to: taken into the visit, or refused and why (in the officer's language).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Answer {
    pub file: String,
    pub accepted: bool,
    pub message: String,
}

/// Takes one photo (its file name as the phone gave it, and its bytes) and says what came of it:
/// `Ok` with a note when it is in the visit, `Err` with the reason when it is not. Runs on a
/// blocking thread: decoding a phone photo takes a quarter of a second.
pub type Sink = Arc<dyn Fn(&str, Vec<u8>) -> Result<String, String> + Send + Sync>;

/// The sink for one visit: each photo is read as a photo from a file is
/// (`baohou_core::photos::from_bytes`: its size, its decoding limits, its EXIF time and place),
/// with its page copy made when `page` is given, and handed to `add`, which stores it in the
/// visit and says whether it was new (`Ok(false)`: the same bytes are there already). What the
/// visit's review then checks (time, place, a picture used before) it checks of these photos as
/// of any other.
pub fn visit_sink(
    locale: Locale,
    page: Option<baohou_core::photos::PageSpec>,
    add: impl Fn(&baohou_core::photos::ReadPhoto) -> Result<bool, String> + Send + Sync + 'static,
) -> Sink {
    use baohou_core::photos;
    Arc::new(move |file: &str, bytes: Vec<u8>| {
        let photo =
            photos::from_bytes(file, bytes).map_err(|e| photos::photo_error_message(&e, locale))?;
        let photo = match page {
            Some(spec) => photo.with_page_copy(spec),
            None => photo,
        };
        let words = page::words(locale);
        Ok(if add(&photo)? {
            words.received.to_owned()
        } else {
            words.already.to_owned()
        })
    })
}

/// How to open a door.
#[derive(Clone, Debug)]
pub struct DoorSettings {
    /// The laptop's address on the network the phone is on (its Wi-Fi, or its own hotspot).
    pub address: IpAddr,
    /// 0: any free port.
    pub port: u16,
    /// How long the door stays open at most.
    pub lifetime: Duration,
    /// The page's language.
    pub locale: Locale,
    /// The visit the photos go to, as the page names it (borrower and date).
    pub visit: String,
}

/// Why a door could not open.
#[derive(Debug, thiserror::Error)]
pub enum DoorError {
    #[error("cannot listen on {address}: {source}")]
    Listen {
        address: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot make the certificate: {0}")]
    Certificate(String),
    #[error("the laptop is on no network a phone could reach")]
    NoNetwork,
}

impl DoorError {
    /// The officer's sentence.
    pub fn message(&self, locale: Locale) -> String {
        match (self, locale) {
            (DoorError::Listen { address, .. }, Locale::ZhCn) => {
                format!(
                    "无法在 {address} 上等待手机连接（该地址不可用或端口被占用）。请检查电脑的无线网络或热点。"
                )
            }
            (DoorError::Listen { address, .. }, Locale::ZhTw) => {
                format!(
                    "無法在 {address} 上等待手機連線（該位址不可用或連接埠被占用）。請檢查電腦的無線網路或熱點。"
                )
            }
            (DoorError::Listen { address, .. }, Locale::En) => format!(
                "Cannot wait for the phone on {address} (the address is not available or the port is taken). Check the laptop's Wi-Fi or hotspot."
            ),
            (DoorError::Certificate(e), Locale::ZhCn) => format!("无法生成本机证书：{e}"),
            (DoorError::Certificate(e), Locale::ZhTw) => format!("無法產生本機憑證：{e}"),
            (DoorError::Certificate(e), Locale::En) => {
                format!("Cannot make the laptop's certificate: {e}")
            }
            (DoorError::NoNetwork, Locale::ZhCn) => "这台电脑没有连上任何网络，手机找不到它。请让电脑和手机连上同一个无线网络，或打开电脑的移动热点让手机连上，再点「用手机拍照」。".to_owned(),
            (DoorError::NoNetwork, Locale::ZhTw) => "這台電腦沒有連上任何網路，手機找不到它。請讓電腦和手機連上同一個無線網路，或開啟電腦的行動熱點讓手機連上，再點「用手機拍照」。".to_owned(),
            (DoorError::NoNetwork, Locale::En) => "This laptop is on no network, so the phone cannot find it. Put the laptop and the phone on the same Wi-Fi, or turn on the laptop's hotspot and join it with the phone, then choose Photos from phone again.".to_owned(),
        }
    }

    /// The code the window branches on.
    pub fn code(&self) -> baohou_core::code::Code {
        use baohou_core::code::Code;
        match self {
            DoorError::Listen { .. } => Code::Io,
            DoorError::Certificate(_) => Code::Internal,
            DoorError::NoNetwork => Code::NoLocalNetwork,
        }
    }

    /// As the window shows it.
    pub fn user_error(&self, locale: Locale) -> baohou_core::messages::UserError {
        baohou_core::messages::UserError {
            code: self.code(),
            message: self.message(locale),
        }
    }
}

/// A door as the dialog shows it when it opens.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct DoorView {
    /// The door's number ([`Door::serial`]).
    pub serial: u32,
    /// What the QR code holds ([`Door::url`]).
    pub url: String,
    pub qr: qr::QrPicture,
    /// The certificate's fingerprint, for the officer to compare with the phone's.
    pub fingerprint: String,
    /// The address the door listens on, and the laptop's others the officer can switch to.
    pub at: network::LocalAddress,
    pub addresses: Vec<network::LocalAddress>,
    pub seconds_left: u32,
}

/// A door as the dialog follows it while it is open.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct DoorStatus {
    /// False once closed or past its lifetime.
    pub open: bool,
    pub seconds_left: u32,
    /// The phone's address, once one has come with the token ([`Door::phone`]).
    pub phone: Option<String>,
    pub answers: Vec<Answer>,
}

/// Opens a door for the dialog on one of the laptop's network addresses: `wanted` if it is one
/// of them, else the likeliest ([`network::local_addresses`]); open for [`LIFETIME`].
pub async fn open_on_network(
    wanted: Option<&str>,
    locale: Locale,
    visit: String,
    sink: Sink,
) -> Result<(Door, DoorView), DoorError> {
    let addresses = network::local_addresses();
    let at = addresses
        .iter()
        .find(|a| Some(a.address.as_str()) == wanted)
        .or(addresses.first())
        .cloned()
        .ok_or(DoorError::NoNetwork)?;
    let address = at.ip().ok_or(DoorError::NoNetwork)?;
    let door = Door::open(
        DoorSettings {
            address,
            port: 0,
            lifetime: LIFETIME,
            locale,
            visit,
        },
        sink,
    )
    .await?;
    let url = door.url();
    let qr = qr::qr_picture(&url)
        .ok_or_else(|| DoorError::Certificate("the link does not fit in a QR code".into()))?;
    let view = DoorView {
        serial: door.serial(),
        qr,
        url,
        fingerprint: door.fingerprint().to_owned(),
        at,
        addresses,
        seconds_left: door.status().seconds_left,
    };
    Ok((door, view))
}

/// What the door's requests share.
struct Shared {
    token: String,
    closes_at: Instant,
    /// False once the door is closed: taken for reading around each photo handed to the sink,
    /// for writing by [`Door::close`], so that once `close` returns no photo is added any more.
    open: std::sync::RwLock<bool>,
    /// At most this many photos are read and handed over at once.
    turns: tokio::sync::Semaphore,
    locale: Locale,
    visit: String,
    pin: String,
    fingerprint: String,
    sink: Sink,
    answers: Mutex<Vec<Answer>>,
    /// The phone the door is for: the address of the first request with the token. The token
    /// does not open the door to any other address, though whoever photographed the QR code
    /// after the officer scanned it has it too.
    phone: Mutex<Option<IpAddr>>,
}

impl Shared {
    /// Whether `token`, sent from `peer`, opens the door now (compared in constant time); the
    /// first address it comes from is the door's phone from then on.
    fn admits(&self, token: &str, peer: IpAddr) -> bool {
        let same_length = token.len() == self.token.len();
        let differs = token
            .bytes()
            .zip(self.token.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b));
        same_length
            && differs == 0
            && Instant::now() < self.closes_at
            && self.open.read().is_ok_and(|open| *open)
            && self
                .phone
                .lock()
                .is_ok_and(|mut phone| *phone.get_or_insert(peer) == peer)
    }

    fn record(&self, answer: Answer) -> Answer {
        if let Ok(mut answers) = self.answers.lock() {
            // The dialog lists the latest; a door open for minutes never holds more.
            if answers.len() >= MAX_ANSWERS {
                answers.remove(0);
            }
            answers.push(answer.clone());
        }
        answer
    }
}

/// Doors opened so far in this process: each door's number.
static OPENED: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// An open door. Dropping it closes it.
pub struct Door {
    serial: u32,
    shared: Arc<Shared>,
    address: SocketAddr,
    handle: axum_server::Handle<SocketAddr>,
}

impl Door {
    /// Opens a door on `settings.address` for one visit, whose photos go to `sink`. Must be
    /// called within a Tokio runtime, which then serves it.
    pub async fn open(settings: DoorSettings, sink: Sink) -> Result<Door, DoorError> {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let certificate = certificate::for_address(settings.address)
            .map_err(|e| DoorError::Certificate(e.to_string()))?;
        let wanted = SocketAddr::new(settings.address, settings.port);
        let listener = std::net::TcpListener::bind(wanted).map_err(|source| DoorError::Listen {
            address: wanted,
            source,
        })?;
        let address = listener.local_addr().map_err(|source| DoorError::Listen {
            address: wanted,
            source,
        })?;
        listener
            .set_nonblocking(true)
            .map_err(|source| DoorError::Listen { address, source })?;
        let config = axum_server::tls_rustls::RustlsConfig::from_der(
            vec![certificate.cert_der],
            certificate.key_der,
        )
        .await
        .map_err(|e| DoorError::Certificate(e.to_string()))?;
        let mut token = [0u8; 32];
        getrandom::fill(&mut token).map_err(|e| DoorError::Certificate(e.to_string()))?;
        let shared = Arc::new(Shared {
            token: base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(token),
            closes_at: Instant::now()
                .checked_add(settings.lifetime)
                .unwrap_or_else(Instant::now),
            open: std::sync::RwLock::new(true),
            turns: tokio::sync::Semaphore::new(AT_ONCE),
            locale: settings.locale,
            visit: settings.visit,
            pin: certificate.pin_sha256,
            fingerprint: certificate.sha256_hex,
            sink,
            answers: Mutex::new(Vec::new()),
            phone: Mutex::new(None),
        });
        let handle = axum_server::Handle::new();
        let mut server = axum_server::from_tcp_rustls(listener, config)
            .map_err(|source| DoorError::Listen { address, source })?
            .handle(handle.clone())
            // A client that opens a connection and then says nothing, or trickles its headers,
            // is cut off; each request on a connection of its own, so none idles between them.
            .first_request_timeout(SILENCE);
        server
            .http_builder()
            .http1()
            .header_read_timeout(SILENCE)
            .keep_alive(false);
        let server = server
            .serve(router(shared.clone()).into_make_service_with_connect_info::<SocketAddr>());
        tokio::spawn(server);
        // Closed at the end of its lifetime even if nobody closes it.
        let at_end = handle.clone();
        let lifetime = settings.lifetime;
        tokio::spawn(async move {
            tokio::time::sleep(lifetime).await;
            at_end.shutdown();
        });
        Ok(Door {
            serial: OPENED.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1,
            shared,
            address,
            handle,
        })
    }

    /// The page's address with the certificate's fingerprint after `#` (which no browser
    /// sends): what the QR code holds, so that a scanner shows the fingerprint beside the
    /// address.
    pub fn url(&self) -> String {
        format!(
            "https://{}/p/{}#sha256={}",
            self.address, self.shared.token, self.shared.fingerprint
        )
    }

    /// The certificate's SHA-256 fingerprint as phone browsers show it in their certificate
    /// details (hex pairs joined by colons): what the laptop's dialog shows for the officer to
    /// compare before sending anything. (The page itself cannot vouch for it: whoever served a
    /// page could print any fingerprint on it.)
    pub fn fingerprint(&self) -> &str {
        &self.shared.fingerprint
    }

    /// The door's number in this process (the dialog names its own door by it).
    pub fn serial(&self) -> u32 {
        self.serial
    }

    /// Where the door listens.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The certificate's key pin (base64 of the SHA-256 of its SubjectPublicKeyInfo), as
    /// Chromium's `--ignore-certificate-errors-spki-list` takes it.
    pub fn pin(&self) -> &str {
        &self.shared.pin
    }

    /// The token in the page's address (tests and the dialog's own display).
    pub fn token(&self) -> &str {
        &self.shared.token
    }

    /// The address of the phone the door serves: the first that came with the token (none yet
    /// until the officer has scanned the code). The dialog shows it.
    pub fn phone(&self) -> Option<IpAddr> {
        self.shared.phone.lock().ok().and_then(|phone| *phone)
    }

    /// How long until the door closes by itself.
    pub fn remaining(&self) -> Duration {
        self.shared
            .closes_at
            .saturating_duration_since(Instant::now())
    }

    /// Whether the door is open and how it stands, for the dialog.
    pub fn status(&self) -> DoorStatus {
        let remaining = self.remaining();
        let open = self.shared.open.read().is_ok_and(|open| *open) && !remaining.is_zero();
        DoorStatus {
            open,
            seconds_left: if open {
                u32::try_from(remaining.as_secs()).unwrap_or(u32::MAX)
            } else {
                0
            },
            phone: self.phone().map(|ip| ip.to_string()),
            answers: self.answers(),
        }
    }

    /// The photos' answers so far (the latest 500), in the order they came.
    pub fn answers(&self) -> Vec<Answer> {
        self.shared
            .answers
            .lock()
            .map(|a| a.clone())
            .unwrap_or_default()
    }

    /// Closes the door: nothing more is served, and requests under way are cut.
    /// Waits for a photo being added to finish; once it returns, no photo is added any more.
    pub fn close(&self) {
        if let Ok(mut open) = self.shared.open.write() {
            *open = false;
        }
        self.handle.shutdown();
    }
}

impl Drop for Door {
    fn drop(&mut self) {
        self.close();
    }
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/p/{token}", get(form).post(form_sent))
        .route("/p/{token}/upload.js", get(script))
        .route("/p/{token}/photo", axum::routing::post(photo))
        .fallback(not_found)
        // A method a route does not take is as unknown as an address (no 405 that tells it exists).
        .method_not_allowed_fallback(not_found)
        // One photo per request from the script; the form's several are read one by one, each
        // under the same limit (see `form_sent`).
        .layer(DefaultBodyLimit::disable())
        .with_state(shared)
}

/// Headers every answer of the door carries: nothing cached, no address sent on (the token is
/// in it), the page's script only from the door itself.
fn guarded(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

fn not_found_in(locale: Locale) -> Response {
    guarded((StatusCode::NOT_FOUND, Html(page::gone(locale))).into_response())
}

async fn not_found(State(shared): State<Arc<Shared>>) -> Response {
    not_found_in(shared.locale)
}

/// The token in a door's address; a path that is not one (bad UTF-8, say) is no token.
type Token = Result<Path<String>, axum::extract::rejection::PathRejection>;

/// The address a request came from.
type Peer = ConnectInfo<SocketAddr>;

/// Whether `token`, from `peer`, opens the door now.
fn admitted(shared: &Shared, token: &Token, ConnectInfo(peer): &Peer) -> bool {
    token
        .as_ref()
        .is_ok_and(|Path(t)| shared.admits(t, peer.ip()))
}

async fn form(State(shared): State<Arc<Shared>>, peer: Peer, token: Token) -> Response {
    if !admitted(&shared, &token, &peer) {
        return not_found_in(shared.locale);
    }
    guarded(Html(page::form(shared.locale, &shared.visit, &shared.token)).into_response())
}

async fn script(State(shared): State<Arc<Shared>>, peer: Peer, token: Token) -> Response {
    if !admitted(&shared, &token, &peer) {
        return not_found_in(shared.locale);
    }
    guarded(
        (
            [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
            page::SCRIPT,
        )
            .into_response(),
    )
}

#[derive(Deserialize)]
struct PhotoName {
    name: Option<String>,
}

/// One photo, its bytes as the body (the page's script).
async fn photo(
    State(shared): State<Arc<Shared>>,
    peer: Peer,
    token: Token,
    uri: axum::http::Uri,
    headers: axum::http::HeaderMap,
    body: axum::body::Body,
) -> Response {
    if !admitted(&shared, &token, &peer) {
        return not_found_in(shared.locale);
    }
    let name = Query::<PhotoName>::try_from_uri(&uri)
        .ok()
        .and_then(|q| q.0.name);
    let file = file_name(name.as_deref());
    let refused = |message: String| Answer {
        file: file.clone(),
        accepted: false,
        message,
    };
    // Said at once when the phone says how much it sends; otherwise once past the limit.
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    let answer = if declared.is_some_and(|n| n > MAX_PHOTO_BYTES) {
        shared.record(refused(page::too_large(shared.locale)))
    } else {
        // Two photos at a time are read and decoded; the others wait their turn.
        let _turn = shared.turns.acquire().await;
        match read_limited(body).await {
            Ok(bytes) => take(&shared, file.clone(), bytes).await,
            Err(Cut::TooLarge) => shared.record(refused(page::too_large(shared.locale))),
            // A photo not sent whole is not handed over, nor listed: the phone says it failed.
            Err(Cut::Broken) => refused(page::words(shared.locale).broken.to_owned()),
        }
    };
    guarded(axum::Json(answer).into_response())
}

/// The form's photos, sent all at once by a browser without script.
async fn form_sent(
    State(shared): State<Arc<Shared>>,
    peer: Peer,
    token: Token,
    request: axum::extract::Request,
) -> Response {
    use axum::extract::FromRequest as _;
    // The token first: a wrong one is a 404 whatever the body.
    if !admitted(&shared, &token, &peer) {
        return not_found_in(shared.locale);
    }
    let mut multipart = match Multipart::from_request(request, &()).await {
        Ok(multipart) => multipart,
        Err(_) => {
            return guarded(Html(page::results(shared.locale, &shared.visit, &[])).into_response());
        }
    };
    let _turn = shared.turns.acquire().await;
    let mut answers = Vec::new();
    let mut parts = 0;
    while parts < MAX_PHOTOS_PER_FORM {
        let next = tokio::time::timeout(SILENCE, multipart.next_field()).await;
        let Ok(Ok(Some(mut field))) = next else {
            break;
        };
        if field.name() != Some("photo") {
            continue;
        }
        parts += 1;
        let given = field.file_name().unwrap_or_default().to_owned();
        let file = file_name(Some(&given));
        let mut bytes = Vec::new();
        let mut size = 0usize;
        let mut broken = false;
        loop {
            match tokio::time::timeout(SILENCE, field.chunk()).await {
                Ok(Ok(Some(chunk))) => {
                    size += chunk.len();
                    // Past the limit the rest of the photo is read and dropped: the photos after
                    // it in the same form still come in.
                    if size > MAX_PHOTO_BYTES {
                        bytes = Vec::new();
                    } else {
                        bytes.extend_from_slice(&chunk);
                    }
                }
                Ok(Ok(None)) => break,
                Ok(Err(_)) | Err(_) => {
                    broken = true;
                    break;
                }
            }
        }
        if broken {
            // The connection broke off: this photo is not handed over, and nothing after it
            // can be read.
            answers.push(Answer {
                file,
                accepted: false,
                message: page::words(shared.locale).broken.to_owned(),
            });
            break;
        } else if size > MAX_PHOTO_BYTES {
            answers.push(shared.record(Answer {
                file,
                accepted: false,
                message: page::too_large(shared.locale),
            }));
        } else if !(size == 0 && given.is_empty()) {
            // (A form sent with nothing chosen carries one empty part without a name.)
            answers.push(take(&shared, file, bytes).await);
        }
    }
    guarded(Html(page::results(shared.locale, &shared.visit, &answers)).into_response())
}

/// Why a photo's bytes did not all come.
#[derive(Debug)]
enum Cut {
    TooLarge,
    /// The connection broke off, or went silent for [`SILENCE`].
    Broken,
}

/// The body whole, up to [`MAX_PHOTO_BYTES`].
async fn read_limited(mut body: axum::body::Body) -> Result<Vec<u8>, Cut> {
    use axum::body::HttpBody as _;
    let mut bytes = Vec::new();
    loop {
        let next = std::future::poll_fn(|cx| std::pin::Pin::new(&mut body).poll_frame(cx));
        let frame = match tokio::time::timeout(SILENCE, next).await {
            Ok(None) => return Ok(bytes),
            Ok(Some(Ok(frame))) => frame,
            Ok(Some(Err(_))) | Err(_) => return Err(Cut::Broken),
        };
        if let Ok(data) = frame.into_data() {
            let data: Bytes = data;
            if bytes.len() + data.len() > MAX_PHOTO_BYTES {
                return Err(Cut::TooLarge);
            }
            bytes.extend_from_slice(&data);
        }
    }
}

/// Hands a photo to the sink on a blocking thread, if the door is still open, and records its
/// answer there: a photo added is listed even when the phone has gone meanwhile.
async fn take(shared: &Arc<Shared>, file: String, bytes: Vec<u8>) -> Answer {
    let door = shared.clone();
    let name = file.clone();
    let done = tokio::task::spawn_blocking(move || {
        // Held while the photo is handed over: `close` waits for it, then no photo follows.
        let open = door.open.read().ok().filter(|open| **open)?;
        let (accepted, message) = match (door.sink)(&name, bytes) {
            Ok(message) => (true, message),
            Err(message) => (false, message),
        };
        // Listed before `close` can return: the dialog shows every photo added.
        let answer = door.record(Answer {
            file: name,
            accepted,
            message,
        });
        drop(open);
        Some(answer)
    })
    .await;
    let words = page::words(shared.locale);
    match done {
        Ok(Some(answer)) => answer,
        Ok(None) => Answer {
            file,
            accepted: false,
            message: words.gone.to_owned(),
        },
        Err(_) => Answer {
            file,
            accepted: false,
            message: words.broken.to_owned(),
        },
    }
}

/// Characters that change how the text around them is shown without showing themselves
/// (direction overrides and isolates, zero-width characters, the byte order mark): a name could
/// otherwise read as another.
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// The photo's name as the phone gave it, its last part only, or a name for one that has none.
fn file_name(given: Option<&str>) -> String {
    let name = given
        .unwrap_or_default()
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_control() && !is_invisible_format(*c))
        .take(120)
        .collect::<String>();
    if name
        .trim_matches(|c: char| c == '.' || c.is_whitespace())
        .is_empty()
    {
        "photo.jpg".to_owned()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// The photos a test's sink took: each one's name and size.
    type Kept = Arc<Mutex<Vec<(String, usize)>>>;

    /// A sink that keeps what it was given and takes only JPEGs (their first two bytes).
    fn keeping() -> (Sink, Kept) {
        let kept = Arc::new(Mutex::new(Vec::new()));
        let into = kept.clone();
        let sink: Sink = Arc::new(move |file: &str, bytes: Vec<u8>| {
            if bytes.starts_with(&[0xFF, 0xD8]) {
                into.lock().unwrap().push((file.to_owned(), bytes.len()));
                Ok(String::new())
            } else {
                Err("不是照片".to_owned())
            }
        });
        (sink, kept)
    }

    fn settings(visit: &str, lifetime: Duration) -> DoorSettings {
        DoorSettings {
            address: "127.0.0.1".parse().unwrap(),
            port: 0,
            lifetime,
            locale: Locale::ZhCn,
            visit: visit.to_owned(),
        }
    }

    fn phone() -> reqwest::Client {
        phone_at("127.0.0.1")
    }

    /// The phone's browser on a given loopback address (all of 127/8 is this machine), told to
    /// go on past a certificate it cannot check (as the officer is); the pin is checked on its
    /// own below.
    fn phone_at(address: &str) -> reqwest::Client {
        reqwest::Client::builder()
            .danger_accept_invalid_certs(true)
            .tls_info(true)
            .local_address(address.parse::<IpAddr>().unwrap())
            .build()
            .unwrap()
    }

    fn jpeg(len: usize) -> Vec<u8> {
        let mut bytes = vec![0xFF, 0xD8];
        bytes.resize(len, 7);
        bytes
    }

    fn base(door: &Door) -> String {
        door.url().split_once('#').unwrap().0.to_owned()
    }

    /// Whether a photo sent to the door's `page` is refused: no answer at all, or a 404.
    async fn refused(client: &reqwest::Client, page: &str) -> bool {
        let sent = client
            .post(format!("{page}/photo"))
            .body(jpeg(10))
            .send()
            .await;
        sent.map_or(true, |r| r.status() == 404)
    }

    async fn send(client: &reqwest::Client, url: &str, bytes: Vec<u8>) -> reqwest::Response {
        client.post(url).body(bytes).send().await.unwrap()
    }

    #[tokio::test]
    async fn photos_sent_with_the_token_reach_the_visit_and_the_answers_come_back() {
        let (sink, kept) = keeping();
        let door = Door::open(
            settings("华信精密 · 2026-12-07", Duration::from_secs(60)),
            sink,
        )
        .await
        .unwrap();
        let client = phone();
        let page = client.get(base(&door)).send().await.unwrap();
        assert_eq!(page.status(), 200);
        let served = page
            .extensions()
            .get::<reqwest::tls::TlsInfo>()
            .and_then(|t| t.peer_certificate())
            .unwrap()
            .to_vec();
        let text = page.text().await.unwrap();
        assert!(text.contains("华信精密 · 2026-12-07"), "{text}");
        // The page vouches for no fingerprint (whoever serves a page can print any).
        assert!(!text.contains(door.pin()) && !text.contains(door.fingerprint()));
        // The pin in the link is the served certificate's key.
        let (_, cert) = x509_parser::parse_x509_certificate(&served).unwrap();
        let pin = base64::engine::general_purpose::STANDARD.encode(
            <sha2::Sha256 as sha2::Digest>::digest(cert.public_key().raw),
        );
        assert_eq!(pin, door.pin());
        // The link carries the certificate's fingerprint as a phone browser shows it.
        let fingerprint: Vec<String> = <sha2::Sha256 as sha2::Digest>::digest(&served)
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect();
        assert_eq!(door.fingerprint(), fingerprint.join(":"));
        assert!(
            door.url()
                .ends_with(&format!("#sha256={}", fingerprint.join(":")))
        );
        let script = client
            .get(format!("{}/upload.js", base(&door)))
            .send()
            .await
            .unwrap();
        assert_eq!(script.status(), 200);

        let to = format!("{}/photo?name=IMG_0001.jpg", base(&door));
        let taken: Answer = send(&client, &to, jpeg(3_000_000))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            taken,
            Answer {
                file: "IMG_0001.jpg".into(),
                accepted: true,
                message: String::new()
            }
        );
        let to = format!("{}/photo?name=..%2F..%2Fnotes.txt", base(&door));
        let refused: Answer = send(&client, &to, b"hello".to_vec())
            .await
            .json()
            .await
            .unwrap();
        assert!(!refused.accepted);
        assert_eq!(
            (refused.file.as_str(), refused.message.as_str()),
            ("notes.txt", "不是照片")
        );
        assert_eq!(
            *kept.lock().unwrap(),
            vec![("IMG_0001.jpg".to_owned(), 3_000_000)]
        );
        assert_eq!(door.answers(), vec![taken, refused]);
    }

    #[tokio::test]
    async fn a_photo_over_the_limit_is_refused_unread_and_the_form_takes_the_rest() {
        let (sink, kept) = keeping();
        let door = Door::open(settings("visit", Duration::from_secs(60)), sink)
            .await
            .unwrap();
        let client = phone();
        let to = format!("{}/photo?name=big.jpg", base(&door));
        let refused: Answer = send(&client, &to, jpeg(MAX_PHOTO_BYTES + 1))
            .await
            .json()
            .await
            .unwrap();
        assert!(!refused.accepted);
        assert!(refused.message.contains("40 MB"), "{}", refused.message);
        assert!(kept.lock().unwrap().is_empty());

        // The form without script: three photos at once, the middle one too large.
        let part = |name: &str, bytes: Vec<u8>| {
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned())
        };
        let form = reqwest::multipart::Form::new()
            .part("photo", part("a.jpg", jpeg(1000)))
            .part("photo", part("huge.jpg", jpeg(MAX_PHOTO_BYTES + 10)))
            .part("photo", part("b.jpg", jpeg(2000)));
        let page = client
            .post(base(&door))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200);
        let page = page.text().await.unwrap();
        assert!(page.contains("a.jpg") && page.contains("b.jpg") && page.contains("huge.jpg"));
        assert_eq!(page.matches("电脑已收下").count(), 2, "{page}");
        assert!(page.contains("电脑未收下：照片超过 40 MB"), "{page}");
        assert_eq!(
            *kept.lock().unwrap(),
            vec![("a.jpg".to_owned(), 1000), ("b.jpg".to_owned(), 2000)]
        );
        // A form sent with nothing chosen says so.
        let empty = reqwest::multipart::Form::new().part(
            "photo",
            reqwest::multipart::Part::bytes(Vec::new()).file_name(""),
        );
        let page = client
            .post(base(&door))
            .multipart(empty)
            .send()
            .await
            .unwrap();
        assert!(page.text().await.unwrap().contains("没有选择照片"));
    }

    #[tokio::test]
    async fn a_wrong_token_another_visits_token_and_every_other_address_answer_404() {
        let (sink_a, kept_a) = keeping();
        let (sink_b, kept_b) = keeping();
        let a = Door::open(settings("A", Duration::from_secs(60)), sink_a)
            .await
            .unwrap();
        let b = Door::open(settings("B", Duration::from_secs(60)), sink_b)
            .await
            .unwrap();
        assert_ne!(a.token(), b.token());
        let client = phone();
        let at_a = format!("https://{}", a.address());
        let mut wrong = a.token().to_owned();
        wrong.replace_range(0..1, if wrong.starts_with('A') { "B" } else { "A" });
        for path in [
            format!("/p/{}", b.token()),
            format!("/p/{}/photo?name=x.jpg", b.token()),
            format!("/p/{wrong}"),
            format!("/p/{wrong}/photo"),
            format!("/p/{}x", a.token()),
            format!("/p/{}", &a.token()[..42]),
            "/".to_owned(),
            "/p/".to_owned(),
            format!("/{}", a.token()),
            "/favicon.ico".to_owned(),
        ] {
            for post in [false, true] {
                let request = if post {
                    client.post(format!("{at_a}{path}")).body(jpeg(100))
                } else {
                    client.get(format!("{at_a}{path}"))
                };
                let answer = request.send().await.unwrap();
                assert_eq!(answer.status(), 404, "{path} (post: {post})");
                assert!(answer.text().await.unwrap().contains("此链接无效或已过期"));
            }
        }
        // A form sent to A with B's token: 404, nothing read.
        let form = reqwest::multipart::Form::new().part(
            "photo",
            reqwest::multipart::Part::bytes(jpeg(100)).file_name("x.jpg"),
        );
        let answer = client
            .post(format!("{at_a}/p/{}", b.token()))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 404);
        assert!(kept_a.lock().unwrap().is_empty() && kept_b.lock().unwrap().is_empty());
        // B's own photo goes to B only.
        let to = format!("{}/photo?name=b.jpg", base(&b));
        assert!(
            send(&client, &to, jpeg(500))
                .await
                .json::<Answer>()
                .await
                .unwrap()
                .accepted
        );
        assert!(kept_a.lock().unwrap().is_empty());
        assert_eq!(kept_b.lock().unwrap().len(), 1);
    }

    #[tokio::test]
    async fn nothing_is_served_once_the_door_has_closed_or_its_time_is_up() {
        let calls = Arc::new(AtomicUsize::new(0));
        let counted = calls.clone();
        let sink: Sink = Arc::new(move |_: &str, _: Vec<u8>| {
            counted.fetch_add(1, Ordering::SeqCst);
            Ok(String::new())
        });
        let client = phone();
        let short = Door::open(settings("visit", Duration::from_millis(400)), sink.clone())
            .await
            .unwrap();
        assert!(short.remaining() > Duration::from_millis(200));
        let page = base(&short);
        assert_eq!(client.get(&page).send().await.unwrap().status(), 200);
        tokio::time::sleep(Duration::from_millis(700)).await;
        assert_eq!(short.remaining(), Duration::ZERO);
        // Past its time the door no longer listens (or, a request under way, answers 404).
        assert!(refused(&client, &page).await, "served after its time");

        let closed = Door::open(settings("visit", Duration::from_secs(60)), sink)
            .await
            .unwrap();
        let page = base(&closed);
        assert_eq!(client.get(&page).send().await.unwrap().status(), 200);
        closed.close();
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(refused(&client, &page).await, "served once closed");
        assert_eq!(calls.load(Ordering::SeqCst), 0);
    }

    #[tokio::test]
    async fn a_photo_being_added_when_the_door_closes_is_added_and_listed_and_none_after() {
        let kept = Arc::new(AtomicUsize::new(0));
        let counted = kept.clone();
        let (started, begun) = std::sync::mpsc::channel();
        let started = Mutex::new(started);
        let sink: Sink = Arc::new(move |_: &str, _: Vec<u8>| {
            let _ = started.lock().unwrap().send(());
            std::thread::sleep(Duration::from_millis(400));
            counted.fetch_add(1, Ordering::SeqCst);
            Ok(String::new())
        });
        let door = Door::open(settings("visit", Duration::from_secs(60)), sink)
            .await
            .unwrap();
        let client = phone();
        let to = format!("{}/photo?name=a.jpg", base(&door));
        let sending = tokio::spawn({
            let client = client.clone();
            async move { client.post(to).body(jpeg(1000)).send().await }
        });
        let door = tokio::task::spawn_blocking(move || {
            // Closed once the photo is being added (not after a guessed delay).
            begun.recv_timeout(Duration::from_secs(10)).unwrap();
            door.close();
            door
        })
        .await
        .unwrap();
        // `close` waited for the photo under way: it is added, and listed for the dialog.
        assert_eq!(kept.load(Ordering::SeqCst), 1);
        assert_eq!(door.answers().len(), 1);
        assert!(door.answers()[0].accepted);
        let _ = sending.await;
        assert!(refused(&client, &base(&door)).await);
        assert_eq!(kept.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn the_token_serves_only_the_first_phone_that_came_with_it() {
        let (sink, kept) = keeping();
        let door = Door::open(settings("访客", Duration::from_secs(60)), sink)
            .await
            .unwrap();
        let page = base(&door);
        assert_eq!(door.phone(), None);
        let officer = phone_at("127.0.0.1");
        let onlooker = phone_at("127.0.0.2");
        let status = |r: reqwest::Response| r.status().as_u16();
        assert_eq!(status(officer.get(&page).send().await.unwrap()), 200);
        assert_eq!(door.phone(), Some("127.0.0.1".parse().unwrap()));
        // The same token from another address: the page, its script and a photo all answer 404.
        assert_eq!(status(onlooker.get(&page).send().await.unwrap()), 404);
        let script = format!("{page}/upload.js");
        assert_eq!(status(onlooker.get(&script).send().await.unwrap()), 404);
        assert!(refused(&onlooker, &page).await);
        assert!(kept.lock().unwrap().is_empty());
        // The officer's phone goes on.
        assert_eq!(status(officer.get(&script).send().await.unwrap()), 200);
        let sent = send(&officer, &format!("{page}/photo?name=a.jpg"), jpeg(64)).await;
        assert_eq!(sent.status(), 200);
        assert_eq!(kept.lock().unwrap().len(), 1);
        assert_eq!(door.phone(), Some("127.0.0.1".parse().unwrap()));
    }

    #[tokio::test]
    async fn an_address_that_is_no_token_answers_404_like_any_other() {
        let (sink, _) = keeping();
        let door = Door::open(settings("visit", Duration::from_secs(60)), sink)
            .await
            .unwrap();
        let client = phone();
        let at = format!("https://{}", door.address());
        for path in ["/p/%FF", "/p/%FF/photo", "/p/%FF/upload.js", "/p/a%2Fb"] {
            let answer = client.get(format!("{at}{path}")).send().await.unwrap();
            assert_eq!(answer.status(), 404, "{path}");
            assert!(answer.text().await.unwrap().contains("此链接无效或已过期"));
        }
    }

    #[test]
    fn a_name_from_the_phone_keeps_its_last_part_without_control_characters() {
        assert_eq!(file_name(Some("IMG_0001.JPG")), "IMG_0001.JPG");
        assert_eq!(file_name(Some("C:\\DCIM\\IMG 2.jpg")), "IMG 2.jpg");
        assert_eq!(file_name(Some("../../etc/passwd")), "passwd");
        assert_eq!(file_name(Some("a\u{0}b\nc.jpg")), "abc.jpg");
        // A right-to-left override would show "IMG_gpj.exe" as "IMG_exe.jpg".
        assert_eq!(file_name(Some("IMG_\u{202E}gpj.exe")), "IMG_gpj.exe");
        assert_eq!(file_name(Some("a\u{200B}b.jpg")), "ab.jpg");
        assert_eq!(file_name(Some("..")), "photo.jpg");
        assert_eq!(file_name(Some(" . ")), "photo.jpg");
        assert_eq!(file_name(Some("")), "photo.jpg");
        assert_eq!(file_name(None), "photo.jpg");
        assert_eq!(file_name(Some(&"长".repeat(500))).chars().count(), 120);
    }

    #[test]
    fn a_door_that_cannot_listen_says_so_in_the_officers_language() {
        let error = DoorError::Listen {
            address: "192.168.1.9:0".parse().unwrap(),
            source: std::io::Error::from(std::io::ErrorKind::AddrNotAvailable),
        };
        assert!(error.message(Locale::ZhCn).contains("无线网络或热点"));
        assert!(error.message(Locale::En).contains("192.168.1.9"));
    }
}
