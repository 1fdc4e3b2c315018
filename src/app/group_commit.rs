//! Group commit of observations: concurrent reports are written together — one transaction, one flush to disk —
//! and each caller is answered once that transaction has committed, so that durable writes do not divide the
//! throughput by the disk's flush time.
//!
//! Each writer is one thread with a queue. It takes what is waiting (at most [`MAX_GROUP`]), takes the write gates
//! of those channels, and stores the group in one write transaction with per-item results: an item that fails (its
//! statement refused by the database) is left out and the others are written again without it, so one bad report
//! never fails its neighbours. Within the group the rules of a single write hold: an `Idempotency-Key` seen
//! earlier in the same group replays that answer (or conflicts), each observation's counts include the ones
//! before it, and one transition is stored per change of observed state. Once committed, still under the gates,
//! every observation is applied to the observed index, in order.
//!
//! Several writers (PostgreSQL only; SQLite has one write lock) take disjoint sets of channels — channel id modulo
//! the number of writers, a divisor of the gates' stripes — so two writers never wait for each other's gates, and
//! their commits share the database's flushes.

use super::error::AppError;
use super::observe::{Idempotency, Recorded, Report, created};
use super::state::AppState;
use crate::catalog::observed::{Learned, ObservedIndex, decide};
use crate::domain::DeclaredState;
use crate::domain::reachability::{ChannelEvidence, Evidence};
use crate::store::observations::{self, ObservationRecord};
use crate::store::sync::Change;
use crate::store::{self, Backend, DbConnection, StoreError};
use std::collections::HashMap;
use std::sync::{Arc, OnceLock, Weak, mpsc};

/// At most this many observations in one transaction.
pub const MAX_GROUP: usize = 128;

/// A valid report, and who sends it, on its way to a writer.
pub struct Submission {
    pub organisation_id: i64,
    pub organisation: String,
    /// The organisation's commune slug (the monitoring figures' area).
    pub commune: Option<String>,
    pub report: Report,
    /// The channel's declared state (for the answer's `contradiction`).
    pub declared: DeclaredState,
    pub idempotency: Option<Idempotency>,
}

struct Job {
    submission: Submission,
    reply: tokio::sync::oneshot::Sender<Result<Recorded, StoreError>>,
}

/// The writer threads of an instance, started at the first observation.
#[derive(Default)]
pub struct Writers {
    lanes: OnceLock<Vec<mpsc::Sender<Job>>>,
}

/// How many writers: one on SQLite (one write lock for the whole database), two on PostgreSQL when the pool
/// leaves the requests at least half of it — one writer's group is made while the other's waits for its flush.
/// More writers make smaller groups: with `fsync` and `synchronous_commit` on, 16 clients, this machine
/// (BENCHMARKS.md), four writers made groups of 2.1 reports and 3,750 observations/s, two made 4.1 and 5,760/s,
/// one made 8 and 5,390/s.
fn writers_for(backend: Backend, pool_size: u32) -> usize {
    match (backend, pool_size) {
        (Backend::Sqlite, _) | (Backend::Postgres, 0..=3) => 1,
        (Backend::Postgres, _) => 2,
    }
}

/// Stores a report through its channel's writer; answers once it is committed and in the read model.
pub async fn submit(state: &actix_web::web::Data<AppState>, submission: Submission) -> Result<Recorded, AppError> {
    let lanes = state.writers.lanes.get_or_init(|| {
        let n = writers_for(state.backend, state.pool.max_size());
        (0..n).map(|i| spawn_writer(i, Arc::downgrade(&state.clone().into_inner()))).collect()
    });
    let n = i64::try_from(lanes.len()).unwrap_or(1);
    let lane = usize::try_from(submission.report.channel_id.rem_euclid(n)).unwrap_or(0);
    let (reply, answer) = tokio::sync::oneshot::channel();
    let stopped = || AppError::Internal("the observation writer stopped".into());
    lanes.get(lane).ok_or_else(stopped)?.send(Job { submission, reply }).map_err(|_| stopped())?;
    Ok(answer.await.map_err(|_| stopped())??)
}

fn spawn_writer(i: usize, state: Weak<AppState>) -> mpsc::Sender<Job> {
    let (tx, rx) = mpsc::channel::<Job>();
    let started = std::thread::Builder::new().name(format!("guichet-writer-{i}")).spawn(move || {
        // Ends when the state (and with it every sender) is gone.
        while let Ok(first) = rx.recv() {
            let mut jobs = vec![first];
            while jobs.len() < MAX_GROUP
                && let Ok(job) = rx.try_recv()
            {
                jobs.push(job);
            }
            let (submissions, replies): (Vec<Submission>, Vec<_>) =
                jobs.into_iter().map(|j| (j.submission, j.reply)).unzip();
            let Some(state) = state.upgrade() else { return };
            state.metrics.observation_group(submissions.len());
            let results = write_group(&state, &submissions);
            drop(state);
            for (reply, result) in replies.into_iter().zip(results) {
                // A caller that went away (its client disconnected) is not told; its observation is stored.
                let _ = reply.send(result);
            }
        }
    });
    if let Err(e) = started {
        tracing::error!(error = %e, "could not start an observation writer");
    }
    tx
}

/// One group: a connection, the gates of its channels, then [`commit_group`].
fn write_group(state: &AppState, submissions: &[Submission]) -> Vec<Result<Recorded, StoreError>> {
    let mut conn = match state.pool.get() {
        Ok(conn) => conn,
        Err(e) => {
            let message = e.to_string();
            return submissions.iter().map(|_| Err(StoreError::Unavailable(message.clone()))).collect();
        }
    };
    let channels: Vec<i64> = submissions.iter().map(|s| s.report.channel_id).collect();
    // Held until the group is in the read model: the next write on these channels counts these.
    let _gates = state.channel_gates(&channels);
    let observed = state.observed();
    commit_group(&mut conn, &observed, submissions, &|change, own| {
        if own {
            state.mark_own(change);
        } else {
            state.take_own(&change);
        }
    })
}

/// What an attempt made of one item.
enum Written {
    Created { response: String, record: ObservationRecord },
    Replayed(String),
    Conflict,
}

/// Why an attempt at a group failed.
enum Failure {
    /// One item's statement was refused; `raced`: its `Idempotency-Key` was taken meanwhile by a request
    /// committed elsewhere (another instance), whose answer the next attempt replays.
    Item { index: usize, error: diesel::result::Error, raced: bool },
    /// The transaction itself (begin, lock, notify, commit).
    Group(diesel::result::Error),
    /// The group's observations written in one statement were refused: which one is not known, so the group is
    /// tried again one statement per observation.
    Batch(diesel::result::Error),
}

impl From<diesel::result::Error> for Failure {
    fn from(e: diesel::result::Error) -> Self {
        Failure::Group(e)
    }
}

/// Stores a group of reports in one write transaction and applies them to `observed` once committed; one
/// result per report, in order. Call it under the write gates of the group's channels. `own(change, true)`
/// marks a write as this instance's before commit; `own(change, false)` forgets it when the commit failed.
pub fn commit_group(
    conn: &mut DbConnection,
    observed: &ObservedIndex,
    submissions: &[Submission],
    own: &dyn Fn(Change, bool),
) -> Vec<Result<Recorded, StoreError>> {
    let mut results: Vec<Option<Result<Recorded, StoreError>>> = submissions.iter().map(|_| None).collect();
    let mut raced = vec![false; submissions.len()];
    // The observations in one statement (PostgreSQL), until a refusal asks for them one by one.
    let mut batched = true;
    loop {
        let live: Vec<usize> = (0..submissions.len()).filter(|&i| results[i].is_none()).collect();
        if live.is_empty() {
            break;
        }
        let at = store::now();
        // The writes marked as ours before a commit that may yet fail.
        let mut marked = Vec::new();
        let attempt = store::write_transaction(conn, |conn| {
            attempt(conn, observed, submissions, &live, at, batched, own, &mut marked)
        });
        match attempt {
            Ok(written) => {
                for (&i, w) in live.iter().zip(written) {
                    let s = &submissions[i];
                    results[i] = Some(Ok(match w {
                        Written::Created { response, record } => {
                            // Committed: now it counts for everyone.
                            let learned = Learned::At(at.and_utc());
                            observed.apply_observation(&record, &s.organisation, s.commune.as_deref(), learned);
                            Recorded::Created(response)
                        }
                        Written::Replayed(response) => Recorded::Replayed(response),
                        Written::Conflict => Recorded::Conflict,
                    }));
                }
                break;
            }
            Err(failure) => {
                marked.into_iter().for_each(|c| own(c, false));
                match failure {
                    Failure::Batch(error) if batched => {
                        tracing::debug!(%error, "a group's observations were refused together; written one by one");
                        batched = false;
                    }
                    // The other request is committed now: the next attempt replays its answer.
                    Failure::Item { index, raced: true, .. } if !raced[index] => raced[index] = true,
                    Failure::Item { index, error, .. } => {
                        tracing::warn!(%error, "an observation of a group was refused; the others are written again");
                        results[index] = Some(Err(StoreError::Query(error)));
                    }
                    Failure::Group(error) | Failure::Batch(error) => {
                        let unavailable = matches!(
                            error,
                            diesel::result::Error::DatabaseError(
                                diesel::result::DatabaseErrorKind::ClosedConnection,
                                _
                            )
                        );
                        let message = error.to_string();
                        for &i in &live {
                            results[i] = Some(Err(if unavailable {
                                StoreError::Unavailable(message.clone())
                            } else {
                                StoreError::Group(message.clone())
                            }));
                        }
                        break;
                    }
                }
            }
        }
    }
    results.into_iter().map(|r| r.unwrap_or_else(|| Err(StoreError::Group("left out of its group".into())))).collect()
}

/// One attempt at the items `live` of a group, inside its transaction; `batched`: the observations are written
/// together after the loop, under ids taken before it (PostgreSQL: two round trips for the group, not one per
/// observation), rather than each as it comes.
#[allow(clippy::too_many_arguments)]
fn attempt(
    conn: &mut DbConnection,
    observed: &ObservedIndex,
    submissions: &[Submission],
    live: &[usize],
    at: chrono::NaiveDateTime,
    batched: bool,
    own: &dyn Fn(Change, bool),
    marked: &mut Vec<Change>,
) -> Result<Vec<Written>, Failure> {
    let now = at.and_utc();
    let mut channels: Vec<i64> = live.iter().map(|&i| submissions[i].report.channel_id).collect();
    channels.sort_unstable();
    channels.dedup();
    // Decided under the channels' write locks, against the stored history.
    observations::lock_channels(conn, &channels)?;
    let mut priors = observations::last_transition_states(conn, &channels)?;
    let mut forks: HashMap<i64, ChannelEvidence> = HashMap::new();
    // The keys of this group already written: (organisation, key) → (request hash, response).
    let mut keys: HashMap<(i64, &str), (&str, String)> = HashMap::new();
    let mut written = Vec::with_capacity(live.len());
    let mut notified = Vec::with_capacity(live.len());
    let mut ids = if batched { observations::reserve_ids(conn, live.len())? } else { None }.map(Vec::into_iter);
    let mut rows = Vec::new();
    for &index in live {
        let s = &submissions[index];
        let item = |error| Failure::Item { index, error, raced: false };
        if let Some(idem) = &s.idempotency {
            let seen = match keys.get(&(s.organisation_id, idem.key.as_str())) {
                Some((hash, response)) => Some((hash.to_string(), response.clone())),
                None => observations::find_idempotent(conn, s.organisation_id, &idem.key).map_err(item)?,
            };
            if let Some((hash, response)) = seen {
                written.push(if hash == idem.request_hash { Written::Replayed(response) } else { Written::Conflict });
                continue;
            }
        }
        let channel = s.report.channel_id;
        let scratch = forks.entry(channel).or_insert_with(|| observed.fork(channel, now));
        let evidence = Evidence::observation(s.report.occurred_at, s.report.outcome);
        let (preview, transition) = decide(scratch, channel, s.declared, evidence, priors.get(&channel).copied(), now);
        let record = s.report.record(s.organisation_id);
        let id = match ids.as_mut().and_then(Iterator::next) {
            Some(id) => {
                rows.push((id, record.clone()));
                id
            }
            None => observations::insert_observation(conn, &record, at).map_err(item)?,
        };
        if let Some(t) = &transition {
            observations::insert_transition(conn, t).map_err(item)?;
            priors.insert(channel, t.state);
        }
        notified.push(Change::Observation(id));
        let response = created(id, at, &s.report, &s.organisation, &preview).map_err(item)?;
        if let Some(idem) = &s.idempotency {
            observations::insert_idempotency(conn, s.organisation_id, &idem.key, &idem.request_hash, &response, at)
                .map_err(|error| Failure::Item { index, raced: store::is_unique_violation(&error), error })?;
            keys.insert((s.organisation_id, idem.key.as_str()), (idem.request_hash.as_str(), response.clone()));
        }
        written.push(Written::Created { response, record });
    }
    if !rows.is_empty() {
        observations::insert_observations(conn, &rows, at).map_err(Failure::Batch)?;
    }
    store::sync::notify_all(conn, &notified)?;
    // Before commit, so that our own notifications can never come back before we know they are ours.
    notified.iter().for_each(|c| own(c.clone(), true));
    *marked = notified;
    Ok(written)
}
