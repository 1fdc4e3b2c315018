//! Query parameters of the API: the use cases' `Params`, extracted from the request.

use super::problem::ApiError;
pub use crate::app::input::{MAX_PER_PAGE, Pagination, Params};
use actix_web::{FromRequest, HttpRequest, dev::Payload};
use std::future::{Ready, ready};
use std::ops::{Deref, DerefMut};

/// The request's query string as `Params`; a malformed one is a 400 naming `query`.
pub struct QueryParams(pub Params);

impl FromRequest for QueryParams {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Params::from_query(req.query_string()).map(QueryParams))
    }
}

impl Deref for QueryParams {
    type Target = Params;
    fn deref(&self) -> &Params {
        &self.0
    }
}

impl DerefMut for QueryParams {
    fn deref_mut(&mut self) -> &mut Params {
        &mut self.0
    }
}

impl QueryParams {
    /// Ends parsing: every error found at once.
    pub fn finish(self) -> Result<(), ApiError> {
        self.0.finish()
    }
}
