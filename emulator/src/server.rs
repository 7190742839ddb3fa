//! The HTTP side: one hyper connection task per client on 127.0.0.1, each
//! request routed to the admin API or to an AWS operation, with controls
//! (counters, faults, latency) applied first, then IAM enforcement
//! ([`crate::iam`]) when policies are attached, and errors shaped like AWS's.

use std::sync::Arc;

use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::Request;
use serde_json::Value;

use crate::error::AwsError;
use crate::faults::Outcome;
use crate::ops::Req;
use crate::response::{dropped, error_response, json_response, Resp};
use crate::shared::{Core, Shared};

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
        // No Backup operation is a POST to `/`: this is STS or nothing.
        let auth = req
            .headers()
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = body_of(req).await;
        if crate::sts::is_sts(auth.as_deref(), &body) {
            return Ok(crate::sts::handle(&shared, auth.as_deref(), &body));
        }
        return Ok(error_response(&AwsError::new(
            404,
            "UnknownOperationException",
            format!("No AWS Backup operation for {method} {path}"),
        )));
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
        c.count(op.name);
        c.admit(op.name)
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
    let access_key_id = crate::auth::access_key_id(auth.as_deref());
    let result = {
        let mut core = shared.lock_core();
        let Core {
            store,
            limits,
            sessions,
        } = &mut *core;
        let r = Req {
            caller: &caller,
            params,
            query,
            body,
            limits,
        };
        // IAM (when policies are attached): a denied request runs nothing.
        let input = crate::iam::table::Input {
            caller: &caller,
            params: &r.params,
            body: &r.body,
            store,
        };
        let checked = crate::iam::authorize(
            &store.iam,
            sessions,
            access_key_id,
            "backup",
            op.name,
            &input,
        );
        if let Err(denial) = checked {
            tracing::debug!(op = op.name, denied = %denial.message());
            return Ok(denial.response());
        }
        let result = (op.handler)(store, &r);
        if result.is_ok() && op.mutates() {
            shared.persist(store);
        }
        result
    };
    tracing::debug!(op = op.name, account = %caller.account, region = %caller.region, ok = result.is_ok());
    Ok(match result {
        Ok(_) if op.success_status() == 204 => crate::response::no_content(),
        Ok(v) => json_response(op.success_status(), &v),
        Err(e) => error_response(&e),
    })
}
