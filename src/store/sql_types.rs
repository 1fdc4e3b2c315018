//! How typed values are stored: the domain's vocabularies as their snake_case text, structured values as JSON
//! text. Each type is written and read by each backend, and the `MultiBackend` forwards to the connection's own,
//! so rows carry `Outcome` or `Json<Vec<Quote>>` and nothing is parsed back by hand from a string we wrote.

use super::{MultiBackend, MultiRawValue};
use diesel::deserialize::{self, FromSql};
use diesel::pg::Pg;
use diesel::serialize::{self, IsNull, Output, ToSql};
use diesel::sql_types::Text;
use diesel::sqlite::Sqlite;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::io::Write;

/// A value stored as JSON text (lists, localized texts, quotations).
#[derive(
    Debug, Clone, Default, PartialEq, Eq, Hash, diesel::expression::AsExpression, diesel::deserialize::FromSqlRow,
)]
#[diesel(sql_type = Text)]
pub struct Json<T>(pub T);

impl<T: Serialize> Json<T> {
    fn text(&self) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
        Ok(serde_json::to_string(&self.0)?)
    }
}

impl<T: Serialize + std::fmt::Debug> ToSql<Text, Pg> for Json<T> {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
        out.write_all(self.text()?.as_bytes())?;
        Ok(IsNull::No)
    }
}

impl<T: Serialize + std::fmt::Debug> ToSql<Text, Sqlite> for Json<T> {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
        out.set_value(self.text()?);
        Ok(IsNull::No)
    }
}

impl<T: Serialize + std::fmt::Debug + Send + Sync + 'static> ToSql<Text, MultiBackend> for Json<T> {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, MultiBackend>) -> serialize::Result {
        out.set_value((Text, self));
        Ok(IsNull::No)
    }
}

fn from_json<T: DeserializeOwned>(text: &str) -> deserialize::Result<Json<T>> {
    Ok(Json(serde_json::from_str(text).map_err(|e| format!("stored JSON does not read back: {e}"))?))
}

impl<T: DeserializeOwned> FromSql<Text, Pg> for Json<T> {
    fn from_sql(bytes: <Pg as diesel::backend::Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        from_json(&<String as FromSql<Text, Pg>>::from_sql(bytes)?)
    }
}

impl<T: DeserializeOwned> FromSql<Text, Sqlite> for Json<T> {
    fn from_sql(bytes: <Sqlite as diesel::backend::Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        from_json(&<String as FromSql<Text, Sqlite>>::from_sql(bytes)?)
    }
}

impl<T: DeserializeOwned> FromSql<Text, MultiBackend> for Json<T> {
    fn from_sql(bytes: MultiRawValue<'_>) -> deserialize::Result<Self> {
        bytes.from_sql::<Self, Text>()
    }
}

/// Stores a value as its text (`$text`: `as_str` for the vocabularies, `to_string` for partial dates) and reads it
/// back through `FromStr`: a value that does not parse is an error, never a silent default.
macro_rules! stored_as_text {
    ($text:ident: $($ty:ty),+ $(,)?) => {$(
        impl ToSql<Text, Pg> for $ty {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
                out.write_all(self.$text().as_bytes())?;
                Ok(IsNull::No)
            }
        }

        impl ToSql<Text, Sqlite> for $ty {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
                out.set_value(self.$text());
                Ok(IsNull::No)
            }
        }

        impl ToSql<Text, MultiBackend> for $ty {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, MultiBackend>) -> serialize::Result {
                out.set_value((Text, self));
                Ok(IsNull::No)
            }
        }

        impl FromSql<Text, Pg> for $ty {
            fn from_sql(bytes: <Pg as diesel::backend::Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                let text = <String as FromSql<Text, Pg>>::from_sql(bytes)?;
                Ok(text.parse::<$ty>().map_err(|e| format!("stored `{text}`: {e}"))?)
            }
        }

        impl FromSql<Text, Sqlite> for $ty {
            fn from_sql(bytes: <Sqlite as diesel::backend::Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                let text = <String as FromSql<Text, Sqlite>>::from_sql(bytes)?;
                Ok(text.parse::<$ty>().map_err(|e| format!("stored `{text}`: {e}"))?)
            }
        }

        impl FromSql<Text, MultiBackend> for $ty {
            fn from_sql(bytes: MultiRawValue<'_>) -> deserialize::Result<Self> {
                bytes.from_sql::<Self, Text>()
            }
        }
    )+};
}

use crate::domain::{
    BookingRoute, ChannelKind, ComplaintProblem, ComplaintState, Completion, DeclaredState, DeliveryState, EventKind,
    FailureReason, Identification, Level, ObservedState, Outcome, PatternKind, ProbeOutcome, Role, Wheelchair,
};

stored_as_text!(to_string: crate::domain::PartialDate);
stored_as_text!(
    as_str: BookingRoute,
    ChannelKind,
    ComplaintProblem,
    ComplaintState,
    Completion,
    DeclaredState,
    DeliveryState,
    EventKind,
    FailureReason,
    Identification,
    Level,
    ObservedState,
    Outcome,
    PatternKind,
    ProbeOutcome,
    Role,
    Wheelchair,
);
