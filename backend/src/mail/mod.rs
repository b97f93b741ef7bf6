//! Outgoing mail: SMTP when `LEDIG_SMTP_URL` is set, otherwise a local
//! outbox directory.
//!
//! The outbox holds sign-in codes, so it is shown at `/dev/outbox` only when
//! a developer turns it on (`LEDIG_DEV_OUTBOX=true`, as `scripts/run` does).
//! A server with an https `LEDIG_PUBLIC_URL` (production) refuses to start
//! without SMTP or with the dev outbox on (`ServeConfig::check`).

pub mod queue;

use std::path::{Path, PathBuf};

use anyhow::Context;
use axum::{extract::State, response::Html};
use lettre::{
    message::{header::ContentType, Mailbox},
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
};
use serde::{Deserialize, Serialize};

use crate::{config::AccountsConfig, error::AppError, AppState};

/// One plain-text mail.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
}

#[derive(Clone)]
pub enum Mailer {
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        from: Mailbox,
    },
    Outbox {
        dir: PathBuf,
        from: Mailbox,
    },
}

impl Mailer {
    pub fn from_config(config: &AccountsConfig) -> anyhow::Result<Self> {
        let from: Mailbox = config.mail_from.parse().with_context(|| {
            format!(
                "LEDIG_MAIL_FROM is not a mail address: {:?}",
                config.mail_from
            )
        })?;
        Ok(match &config.smtp_url {
            Some(url) => Mailer::Smtp {
                transport: AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .context("LEDIG_SMTP_URL is not a valid smtp:// or smtps:// URL")?
                    .build(),
                from,
            },
            None => Mailer::Outbox {
                dir: config.outbox_dir.clone(),
                from,
            },
        })
    }

    pub fn name(&self) -> &'static str {
        match self {
            Mailer::Smtp { .. } => "smtp",
            Mailer::Outbox { .. } => "outbox",
        }
    }

    /// The outbox directory, when mail goes there.
    pub fn outbox_dir(&self) -> Option<&Path> {
        match self {
            Mailer::Outbox { dir, .. } => Some(dir),
            Mailer::Smtp { .. } => None,
        }
    }

    /// Sends `mail`. An error never holds the recipient's address (a mail
    /// relay's refusal often quotes it), so it can be logged and stored as
    /// the outbox's last error.
    pub async fn send(&self, mail: &Mail) -> anyhow::Result<()> {
        self.send_as_is(mail)
            .await
            .map_err(|error| anyhow::anyhow!(without_address(&format!("{error:#}"), &mail.to)))
    }

    async fn send_as_is(&self, mail: &Mail) -> anyhow::Result<()> {
        let from = match self {
            Mailer::Smtp { from, .. } | Mailer::Outbox { from, .. } => from.clone(),
        };
        let to: Mailbox = mail.to.parse().context("not a mail address")?;
        let message = Message::builder()
            .from(from)
            .to(to)
            .subject(&mail.subject)
            .header(ContentType::TEXT_PLAIN)
            .body(mail.text.clone())
            .context("building the mail")?;
        match self {
            Mailer::Smtp { transport, .. } => {
                transport
                    .send(message)
                    .await
                    .context("sending mail over SMTP")?;
            }
            Mailer::Outbox { dir, .. } => {
                tokio::fs::create_dir_all(dir)
                    .await
                    .with_context(|| format!("creating the outbox {}", dir.display()))?;
                // Sortable names: newest last; the .json twin is what the viewer reads.
                let stem = format!(
                    "{}-{}",
                    chrono::Utc::now().format("%Y%m%dT%H%M%S%.6f"),
                    uuid::Uuid::new_v4().simple()
                );
                tokio::fs::write(dir.join(format!("{stem}.eml")), message.formatted()).await?;
                tokio::fs::write(dir.join(format!("{stem}.json")), serde_json::to_vec(mail)?)
                    .await?;
            }
        }
        Ok(())
    }
}

/// The newest mails in the outbox, newest first.
pub async fn read_outbox(dir: &Path, limit: usize) -> anyhow::Result<Vec<Mail>> {
    let mut names = Vec::new();
    if let Ok(mut entries) = tokio::fs::read_dir(dir).await {
        while let Some(entry) = entries.next_entry().await? {
            let name = entry.file_name().to_string_lossy().to_string();
            if name.ends_with(".json") {
                names.push(name);
            }
        }
    }
    names.sort();
    let mut mails = Vec::new();
    for name in names.iter().rev().take(limit) {
        let bytes = tokio::fs::read(dir.join(name)).await?;
        if let Ok(mail) = serde_json::from_slice::<Mail>(&bytes) {
            mails.push(mail);
        }
    }
    Ok(mails)
}

/// `GET /dev/outbox`: the outbox as a page (only with `LEDIG_DEV_OUTBOX` on
/// and no SMTP).
pub async fn outbox_page(State(state): State<AppState>) -> Result<Html<String>, AppError> {
    if !state.accounts.dev_outbox {
        return Err(AppError::NotFound("page"));
    }
    let dir = state
        .accounts
        .mailer
        .outbox_dir()
        .ok_or(AppError::NotFound("outbox (mail goes over SMTP)"))?;
    let mails = read_outbox(dir, 50).await?;
    let mut html = String::from(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Ledig outbox</title>\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head><body><main>\
         <h1>Outbox</h1><p>Mails Ledig would have sent (no SMTP server is configured), newest first.</p>",
    );
    if mails.is_empty() {
        html.push_str("<p>No mails yet.</p>");
    }
    for mail in mails {
        html.push_str(&format!(
            "<article><h2>{}</h2><p>To: {}</p><pre>{}</pre></article>",
            escape(&mail.subject),
            escape(&mail.to),
            escape(&mail.text)
        ));
    }
    html.push_str("</main></body></html>");
    Ok(Html(html))
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `text` with every occurrence of `address` (in any case) masked.
pub fn without_address(text: &str, address: &str) -> String {
    let address = address.trim();
    if address.is_empty() {
        return text.to_string();
    }
    let (lower, needle) = (text.to_lowercase(), address.to_lowercase());
    // Lower-casing keeps these ASCII-or-not strings' byte offsets only when
    // it changes no length; otherwise mask what a case-sensitive look finds.
    if lower.len() != text.len() {
        return text.replace(address, "…");
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = 0;
    for (at, _) in lower.match_indices(&needle) {
        out.push_str(&text[rest..at]);
        out.push('…');
        rest = at + needle.len();
    }
    out.push_str(&text[rest..]);
    out
}

#[cfg(test)]
mod masking {
    use super::without_address;

    #[test]
    fn a_relay_quoting_the_address_is_masked() {
        assert_eq!(
            without_address(
                "550 5.1.1 <Ada@Example.se>: Recipient address rejected",
                "ada@example.se"
            ),
            "550 5.1.1 <…>: Recipient address rejected"
        );
        assert_eq!(without_address("timed out", "ada@example.se"), "timed out");
    }
}
