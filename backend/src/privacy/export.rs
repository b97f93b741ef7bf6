//! The export: every row of the register's personal tables that is about
//! the person, read as the database holds it.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use sqlx::{Column, Row, TypeInfo, ValueRef};
use uuid::Uuid;

use super::register::TABLES;
use super::texts;
use super::Person;
use crate::db::Db;
use shared::{
    account::Language,
    privacy::{DataExport, DataSection},
};

/// Every section of the register for `person`, in its order, titled and
/// explained in `language`.
pub async fn sections(
    db: &Db,
    person: &Person<'_>,
    language: Language,
) -> sqlx::Result<Vec<DataSection>> {
    let mut sections = Vec::new();
    for table in TABLES {
        let Some(personal) = table.personal() else {
            continue;
        };
        let sql = personal.rows.text(db);
        let (columns, rows) = match db {
            Db::Sqlite(pool) => {
                let rows = bound!(sql, personal.rows.binds, person)
                    .fetch_all(pool)
                    .await?;
                (
                    column_names(rows.first()),
                    rows.iter().map(sqlite_row).collect::<sqlx::Result<_>>()?,
                )
            }
            Db::Postgres(pool) => {
                let rows = bound!(sql, personal.rows.binds, person)
                    .fetch_all(pool)
                    .await?;
                (
                    column_names(rows.first()),
                    rows.iter().map(postgres_row).collect::<sqlx::Result<_>>()?,
                )
            }
        };
        sections.push(DataSection {
            key: table.name.to_string(),
            title: texts::title(language, table.name),
            kept: texts::kept(language, table.name),
            on_erasure: personal.erasure,
            columns,
            rows,
        });
    }
    Ok(sections)
}

pub async fn export(
    db: &Db,
    person: &Person<'_>,
    email: &str,
    language: Language,
    controller: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<DataExport> {
    Ok(DataExport {
        generated_at: now,
        controller: controller.to_string(),
        account_id: person.account_id,
        email: email.to_string(),
        language,
        sections: sections(db, person, language).await?,
    })
}

fn column_names<R: Row>(row: Option<&R>) -> Vec<String> {
    row.map(|r| r.columns().iter().map(|c| c.name().to_string()).collect())
        .unwrap_or_default()
}

/// Times are stored as Unix seconds; the export says them as RFC 3339.
fn is_time(column: &str) -> bool {
    column == "at"
        || column == "not_before"
        || column.ends_with("_at")
        || column.ends_with("_until")
}

fn integer(column: &str, n: i64) -> Value {
    if is_time(column) {
        if let Some(t) = DateTime::from_timestamp(n, 0) {
            return Value::String(t.to_rfc3339());
        }
    }
    Value::from(n)
}

/// A UUID (16 bytes) as its text; other bytes are not exported as such
/// (none of the register's columns hold any).
fn bytes(b: Vec<u8>) -> Value {
    match Uuid::from_slice(&b) {
        Ok(id) => Value::String(id.to_string()),
        Err(_) => Value::String(format!("({} bytes)", b.len())),
    }
}

fn sqlite_row(row: &sqlx::sqlite::SqliteRow) -> sqlx::Result<Map<String, Value>> {
    let mut out = Map::new();
    for (i, column) in row.columns().iter().enumerate() {
        let name = column.name();
        let raw = row.try_get_raw(i)?;
        let value = if raw.is_null() {
            Value::Null
        } else if column.type_info().name() == "BOOLEAN" {
            // SQLite stores a BOOLEAN column's value as 0 or 1.
            Value::Bool(row.try_get::<bool, _>(i)?)
        } else {
            // Otherwise by the value's own storage class.
            let storage = raw.type_info().name().to_string();
            match storage.as_str() {
                "INTEGER" => integer(name, row.try_get::<i64, _>(i)?),
                "REAL" => Value::from(row.try_get::<f64, _>(i)?),
                "BLOB" => bytes(row.try_get::<Vec<u8>, _>(i)?),
                _ => Value::String(row.try_get::<String, _>(i)?),
            }
        };
        out.insert(name.to_string(), value);
    }
    Ok(out)
}

fn postgres_row(row: &sqlx::postgres::PgRow) -> sqlx::Result<Map<String, Value>> {
    let mut out = Map::new();
    for (i, column) in row.columns().iter().enumerate() {
        let name = column.name();
        let value = match column.type_info().name() {
            "UUID" => row
                .try_get::<Option<Uuid>, _>(i)?
                .map(|id| Value::String(id.to_string())),
            "INT8" => row.try_get::<Option<i64>, _>(i)?.map(|n| integer(name, n)),
            "INT4" => row
                .try_get::<Option<i32>, _>(i)?
                .map(|n| integer(name, n.into())),
            "INT2" => row
                .try_get::<Option<i16>, _>(i)?
                .map(|n| integer(name, n.into())),
            "BOOL" => row.try_get::<Option<bool>, _>(i)?.map(Value::Bool),
            "FLOAT8" => row.try_get::<Option<f64>, _>(i)?.map(Value::from),
            "FLOAT4" => row
                .try_get::<Option<f32>, _>(i)?
                .map(|f| Value::from(f64::from(f))),
            "BYTEA" => row.try_get::<Option<Vec<u8>>, _>(i)?.map(bytes),
            _ => row.try_get::<Option<String>, _>(i)?.map(Value::String),
        };
        out.insert(name.to_string(), value.unwrap_or(Value::Null));
    }
    Ok(out)
}
