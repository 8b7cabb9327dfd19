/* ud-sync-store.h — the database side of sync: settings, frozen batches, results, status
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here is SQL on the caller's connection and never does network I/O. A batch is built
 * and frozen in one transaction (its id assigned, its outbox rows marked, its exact POST body
 * stored) before anything is sent; results are applied in one transaction. */
#pragma once

#include "ud-account.h"
#include "ud-database.h"

G_BEGIN_DECLS

/* The client's own limits; the server's hello may only lower them. */
#define UD_SYNC_MAX_BATCH_RECORDS 1000
#define UD_SYNC_MAX_BATCH_BYTES   (4 * 1024 * 1024)
/* The clock offset above which the user is warned. */
#define UD_SYNC_CLOCK_WARN_MS     (5 * 60 * 1000)

typedef struct
{
  char  *url;               /* base URL ending in "/", or NULL when not configured */
  char  *ca_file;           /* an extra CA file for a private city CA, or NULL */
  char  *office_id;         /* the city's id of this office (learned from hello), or NULL */
  guint  interval_minutes;  /* automatic sync every so many minutes; 0: off */
} UdSyncSettings;

UdSyncSettings *ud_sync_settings_load (UdDatabase           *db);
void            ud_sync_settings_free (UdSyncSettings       *settings);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdSyncSettings, ud_sync_settings_free)

/* Administrator only (UD_ACTION_SYNC_SETTINGS). Checks the URL (ud_sync_check_url()) and that
 * the CA file exists; an interval of 0 turns automatic sync off. A NULL @actor is the system
 * (the CLI's own configuration commands pass the logged-in account). */
gboolean        ud_sync_settings_save (UdDatabase           *db,
                                       const UdAccount      *actor,
                                       const UdSyncSettings *settings,
                                       GError              **error);

/* Remembers the office id the server's hello named. */
gboolean        ud_sync_store_set_office_id (UdDatabase *db,
                                             const char *office_id,
                                             GError    **error);

/* One frozen batch. */
typedef struct
{
  char    *batch_id;
  char    *body;            /* the exact POST v1/batches body */
  gint64   first_seq;
  gint64   last_seq;
  guint    n_records;
  char    *state;           /* "open" (to send) or "failed" (stopped: 400, 422, too large) */
  guint    attempts;        /* consecutive failed attempts */
  gboolean maybe_received;  /* a request may have reached the server: ask before resending */
  char    *last_error;
} UdSyncBatch;

void         ud_sync_batch_free         (UdSyncBatch *batch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdSyncBatch, ud_sync_batch_free)

/* The seqs of @batch's records, ascending. */
GArray      *ud_sync_batch_dup_seqs     (UdDatabase  *db,
                                         const char  *batch_id,
                                         GError     **error);

/* The oldest open batch, or, when there is none, a new one frozen from the pending outbox rows
 * not in a batch (in seq order, at most @max_records records and @max_bytes of body; a single
 * record larger than @max_bytes goes alone). NULL without error when nothing waits. @office_id
 * and the database's device id go into the body. */
UdSyncBatch *ud_sync_store_next_batch   (UdDatabase  *db,
                                         const char  *office_id,
                                         guint        max_records,
                                         gsize        max_bytes,
                                         GError     **error);

/* The ids of the batches waiting to be sent now (open), as a set of strings. */
GHashTable  *ud_sync_store_dup_open_batch_ids (UdDatabase  *db,
                                               GError     **error);

/* Freezes every pending row into batches (for a bundle) and returns every open batch, oldest
 * first (UdSyncBatch). */
GPtrArray   *ud_sync_store_freeze_all   (UdDatabase  *db,
                                         const char  *office_id,
                                         guint        max_records,
                                         gsize        max_bytes,
                                         GError     **error);

/* The batch with @batch_id, NULL (without error) if there is none. */
UdSyncBatch *ud_sync_store_get_batch    (UdDatabase  *db,
                                         const char  *batch_id,
                                         GError     **error);

/* Per-record answers of the server. */
typedef enum
{
  UD_SYNC_RESULT_ACCEPTED,
  UD_SYNC_RESULT_DUPLICATE,
  UD_SYNC_RESULT_STALE,
  UD_SYNC_RESULT_CONFLICT,
  UD_SYNC_RESULT_REJECTED,
} UdSyncResultStatus;

typedef struct
{
  gint64              seq;
  UdSyncResultStatus  status;
  char               *code;
  char               *field;
  char               *message;
} UdSyncResult;

typedef struct
{
  guint n_acknowledged;   /* accepted, duplicate or stale: left the queue */
  guint n_rejected;
  guint n_conflict;
} UdSyncTally;

/* Parses a POST v1/batches (or GET v1/batches/{id}) reply for the batch @batch_id of @seqs. The
 * reply is accepted only when it is a JSON object whose batch_id is @batch_id and whose results
 * have exactly the seqs of @seqs, each once, with a known status; else FALSE
 * (UD_ERROR_FILE_FORMAT) and nothing is to be changed. Returns a GArray of UdSyncResult. */
GArray      *ud_sync_parse_results      (const char  *reply,
                                         gsize        length,
                                         const char  *batch_id,
                                         GArray      *seqs,
                                         GError     **error);
void         ud_sync_results_free       (GArray      *results);

/* Applies @results of the batch @batch_id in one transaction: acknowledged rows leave the queue
 * (with older rejected or conflicting versions of the same record), rejected and conflicting
 * rows keep the server's code, field and message; the batch is removed. If the batch is gone
 * already (applied before), nothing happens and *@tally stays zero. */
gboolean     ud_sync_store_apply_results (UdDatabase  *db,
                                          const char  *batch_id,
                                          GArray      *results,
                                          UdSyncTally *tally,
                                          GError     **error);

/* ud_sync_store_apply_results(), and in the same transaction, when no other batch waits, the
 * next batch frozen as ud_sync_store_next_batch() would (@max_records 0: none). */
gboolean     ud_sync_store_apply_and_freeze (UdDatabase  *db,
                                             const char  *batch_id,
                                             GArray      *results,
                                             UdSyncTally *tally,
                                             const char  *office_id,
                                             guint        max_records,
                                             gsize        max_bytes,
                                             GError     **error);

/* A failed attempt: the batch stays, attempts + 1, @maybe_received remembered (ask the server
 * before resending), @message kept as the last error. */
gboolean     ud_sync_store_note_failure (UdDatabase  *db,
                                         const char  *batch_id,
                                         gboolean     maybe_received,
                                         const char  *message,
                                         GError     **error);

/* 400 or 422: the batch is stopped with @message; its records stay. */
gboolean     ud_sync_store_fail_batch   (UdDatabase  *db,
                                         const char  *batch_id,
                                         const char  *message,
                                         GError     **error);

/* Stopped batches are made open again (after a fix, or by hand). Returns how many. */
guint        ud_sync_store_reopen_failed (UdDatabase *db,
                                          GError    **error);

/* 413: nothing was stored. Splits the batch into two new batches (new ids, new bodies) of its
 * halves, in one transaction. A batch of one record cannot be split: its row is marked
 * rejected with the code "too_large" and the batch removed; returns TRUE with *@too_large set. */
gboolean     ud_sync_store_split_batch  (UdDatabase  *db,
                                         const char  *batch_id,
                                         gboolean    *too_large,
                                         GError     **error);

/* The run's state (table sync_state). */
typedef enum
{
  UD_SYNC_OUTCOME_NONE,        /* never ran */
  UD_SYNC_OUTCOME_OK,          /* everything sent (some may have been rejected) */
  UD_SYNC_OUTCOME_NETWORK,     /* server unreachable or failing: retried later */
  UD_SYNC_OUTCOME_TOKEN,       /* token missing or refused: needs a person */
  UD_SYNC_OUTCOME_BATCH,       /* the server refused a batch as malformed (400/422) */
  UD_SYNC_OUTCOME_CANCELLED,
  UD_SYNC_OUTCOME_FAILED,      /* another error (database, configuration) */
} UdSyncOutcome;

/* Records the end of a run: its time, outcome and message. A failure keeps the time of the
 * first failure of a series (failing since …); success clears it. */
gboolean     ud_sync_store_record_run   (UdDatabase    *db,
                                         UdSyncOutcome  outcome,
                                         const char    *message,
                                         GError       **error);

/* What the server's hello said. */
gboolean     ud_sync_store_record_hello (UdDatabase  *db,
                                         gint64       clock_offset_ms,
                                         guint        max_records,
                                         gsize        max_bytes,
                                         const char  *office_name,
                                         GError     **error);

char        *ud_sync_store_dup_policy_etag (UdDatabase *db);
gboolean     ud_sync_store_set_policy_etag (UdDatabase *db,
                                            const char *etag,
                                            GError    **error);

typedef enum
{
  UD_SYNC_STATE_NEVER_SYNCED,
  UD_SYNC_STATE_UP_TO_DATE,
  UD_SYNC_STATE_WAITING,
  UD_SYNC_STATE_FAILING,
} UdSyncState;

typedef struct
{
  UdSyncState   state;
  UdSyncOutcome last_outcome;
  gint64        n_waiting;        /* pending rows (in a batch or not) */
  gint64        n_rejected;
  gint64        n_conflict;
  gint64        n_stopped;        /* records in failed (stopped) batches */
  char         *last_run_at;      /* UTC timestamps, NULL when never */
  char         *last_success_at;
  char         *failing_since;
  char         *last_message;     /* the reason of the last failure */
  gboolean      has_clock_offset;
  gint64        clock_offset_ms;  /* server − local */
  guint         max_records;      /* adopted limits */
  gsize         max_bytes;
  char         *office_name;
} UdSyncStatus;

UdSyncStatus *ud_sync_status_get        (UdDatabase    *db,
                                         GError       **error);
void          ud_sync_status_free       (UdSyncStatus  *status);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdSyncStatus, ud_sync_status_free)

/* One line for people: "Never synced", "Up to date", "12 changes waiting", "Failing since
 * 2026-11-22 16:15: …". */
char         *ud_sync_status_describe   (const UdSyncStatus *status);

/* A rejected or conflicting outbox row, for the sync page. */
typedef struct
{
  gint64  seq;
  char   *entity;
  char   *uuid;
  gint64  version;
  char   *state;          /* "rejected" or "conflict" */
  char   *code;
  char   *field;
  char   *message;
  char   *changed_at;
} UdSyncProblem;

void          ud_sync_problem_free      (UdSyncProblem *problem);
/* The local row id of the record (@entity, @uuid) for the entities that have a window of their
 * own (member, hardship_file, aid_application, insurance_claim, payout) — for a part of one
 * (membership_event, household_member, medical_claim) the id of the record it belongs to;
 * FALSE for others or when it is gone. */
gboolean      ud_sync_store_find_record (UdDatabase  *db,
                                         const char  *entity,
                                         const char  *uuid,
                                         gint64      *id);

/* Every rejected or conflicting row, oldest first (UdSyncProblem). */
GPtrArray    *ud_sync_store_list_problems (UdDatabase  *db,
                                           GError     **error);

G_END_DECLS
