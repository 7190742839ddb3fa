//! The HTTP side: one hyper connection task per client on 127.0.0.1, each
//! request routed to the admin API or to an AWS operation, with controls
//! (counters, faults, latency) applied first and errors shaped like AWS's.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::{Request, Response};
use serde_json::Value;

use crate::error::AwsError;
use crate::faults::{Controls, Outcome};
use crate::ops::{self, Limits, Req};
use crate::state::Store;

pub type Resp = Response<Full<Bytes>>;

pub struct Core {
    pub store: Store,
    pub limits: Limits,
}

pub struct Shared {
    pub core: Mutex<Core>,
    pub controls: Mutex<Controls>,
    pub state_file: Option<PathBuf>,
    pub latency_ms: u64,
    pub jitter_ms: u64,
    pub seed: u64,
}

impl Shared {
    pub fn lock_core(&self) -> std::sync::MutexGuard<'_, Core> {
        self.core.lock().unwrap_or_else(|e| e.into_inner())
    }
    pub fn lock_controls(&self) -> std::sync::MutexGuard<'_, Controls> {
        self.controls.lock().unwrap_or_else(|e| e.into_inner())
    }
    /// Rewrites the state file (if any) after a change.
    pub fn persist(&self, store: &Store) {
        if let Some(p) = &self.state_file {
            if let Err(e) = store.save(p) {
                tracing::error!("cannot write state file {}: {e:#}", p.display());
            }
        }
    }
}

pub fn json_response(status: u16, body: &Value) -> Resp {
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .header("x-amzn-requestid", crate::util::uuid())
        .body(Full::new(Bytes::from(bytes)))
        .expect("static response parts are valid")
}

/// Exceptions raised by the Backup service itself (the model's), whose
/// `x-amzn-ErrorType` AWS suffixes with the service's internal namespace,
/// e.g. `InvalidParameterValueException:http://internal.amazon.com/coral/com.amazonaws.services.cryo/`
/// (terraform-provider-aws#29199). Gateway errors (auth, throttling) carry none.
const SERVICE_ERRORS: &[&str] = &[
    "AlreadyExistsException",
    "InvalidParameterValueException",
    "InvalidRequestException",
    "LimitExceededException",
    "MissingParameterValueException",
    "ResourceNotFoundException",
    "ServiceUnavailableException",
];

pub fn error_response(e: &AwsError) -> Resp {
    let mut r = json_response(e.status, &e.body());
    let header = if SERVICE_ERRORS.contains(&e.code.as_str()) {
        format!(
            "{}:http://internal.amazon.com/coral/com.amazonaws.services.cryo/",
            e.code
        )
    } else {
        e.code.clone()
    };
    if let Ok(v) = header.parse() {
        r.headers_mut().insert("x-amzn-errortype", v);
    }
    r
}

/// The error a connection task returns to make hyper drop the connection
/// without answering (fault injection).
pub fn dropped() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::ConnectionAborted,
        "injected connection drop",
    )
}

/// The whole request body (empty when the client broke off).
async fn body_of(req: Request<Incoming>) -> Bytes {
    req.into_body()
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default()
}

pub async fn handle(shared: Arc<Shared>, req: Request<Incoming>) -> Result<Resp, std::io::Error> {
    let path = req.uri().path().to_string();
    if path.starts_with("/__emulator/") {
        let method = req.method().as_str().to_string();
        let body = body_of(req).await;
        return Ok(crate::admin::handle(&shared, &method, &path, &body));
    }
    let method = req.method().as_str().to_string();
    if method == "POST" && path == "/" {
        let auth = req
            .headers()
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        if crate::auth::service_of(auth.as_deref()) == Some("sts") {
            let body = body_of(req).await;
            shared.lock_controls().count(crate::sts::OPERATION);
            return Ok(crate::sts::handle(auth.as_deref(), &body));
        }
    }
    let Some((op, params)) = crate::router::route(&method, &path) else {
        return Ok(error_response(&AwsError::new(
            404,
            "UnknownOperationException",
            format!("No AWS Backup operation for {method} {path}"),
        )));
    };
    let query = crate::router::query(req.uri().query());
    let auth = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| crate::auth::from_query(&query));
    let (delay, outcome) = {
        let mut c = shared.lock_controls();
        c.count(op);
        c.admit(op)
    };
    let body = body_of(req).await;
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let caller = match crate::auth::caller(auth.as_deref()) {
        Ok(c) => c,
        Err(e) => return Ok(error_response(&e)),
    };
    match outcome {
        Outcome::Proceed => {}
        Outcome::Fail(e) => return Ok(error_response(&e)),
        Outcome::Drop => return Err(dropped()),
    }
    let body: Value = if body.iter().all(u8::is_ascii_whitespace) {
        Value::Object(Default::default())
    } else {
        match serde_json::from_slice(&body) {
            Ok(v @ Value::Object(_)) => v,
            _ => {
                return Ok(error_response(&AwsError::new(
                    400,
                    "SerializationException",
                    "The request body is not a JSON object",
                )))
            }
        }
    };
    let result = {
        let mut core = shared.lock_core();
        let Core { store, limits } = &mut *core;
        let r = Req {
            caller: &caller,
            params,
            query,
            body,
            limits,
        };
        let result = ops::dispatch(op, store, &r);
        if result.is_ok() && ops::mutates(op) {
            shared.persist(store);
        }
        result
    };
    tracing::debug!(op, account = %caller.account, region = %caller.region, ok = result.is_ok());
    Ok(match result {
        Ok(v) => json_response(200, &v),
        Err(e) => error_response(&e),
    })
}
