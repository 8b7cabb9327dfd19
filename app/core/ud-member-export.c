/* ud-member-export.c — exporting the current member list as CSV (for Excel) and XLSX
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both formats are written to a hidden temporary file next to the target (created with mode
 * 0600: the file holds personal data) and renamed over it only when complete. The members are
 * streamed from ud_member_query_foreach(): CSV goes out in chunks, XLSX uses libxlsxwriter's
 * constant-memory mode, so a large roster is never held in memory. */
#define G_LOG_DOMAIN "ud-member-export"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <xlsxwriter.h>

#include "ud-csv.h"
#include "ud-audit.h"
#include "ud-error.h"
#include "ud-guard.h"
#include "ud-i18n.h"
#include "ud-progress.h"
#include "ud-mask.h"
#include "ud-member-export.h"

/* Flush the CSV buffer to the file at this size. */
#define CSV_CHUNK (256 * 1024)
/* Report progress every this many members. */
#define PROGRESS_EVERY 1000

typedef enum
{
  COLUMN_NAME,
  COLUMN_ID_NUMBER,
  COLUMN_SEX,
  COLUMN_BIRTH_DATE,
  COLUMN_MOBILE,
  COLUMN_ETHNICITY,
  COLUMN_EDUCATION,
  COLUMN_HUKOU,
  COLUMN_EMPLOYER,
  COLUMN_CREDIT_CODE,
  COLUMN_NEW_EMPLOYMENT,
  COLUMN_ORG,
  COLUMN_JOIN_DATE,
  COLUMN_JOIN_CHANNEL,
  COLUMN_CARD_NUMBER,
  COLUMN_STATUS,
  COLUMN_NOTE,
  N_COLUMNS
} Column;

/* The headers are the names Chinese offices use (and ud-member-import maps back), in every
 * locale; widths are in Excel's character units (a Chinese character takes about two). */
static const struct
{
  const char *header;
  double      width;
} columns[N_COLUMNS] = {
  [COLUMN_NAME] = { "姓名", 10 },
  [COLUMN_ID_NUMBER] = { "身份证号", 21 },
  [COLUMN_SEX] = { "性别", 6 },
  [COLUMN_BIRTH_DATE] = { "出生日期", 12 },
  [COLUMN_MOBILE] = { "手机号", 14 },
  [COLUMN_ETHNICITY] = { "民族", 8 },
  [COLUMN_EDUCATION] = { "学历", 14 },
  [COLUMN_HUKOU] = { "户籍类型", 10 },
  [COLUMN_EMPLOYER] = { "工作单位", 24 },
  [COLUMN_CREDIT_CODE] = { "统一社会信用代码", 21 },
  [COLUMN_NEW_EMPLOYMENT] = { "职业类别", 14 },
  [COLUMN_ORG] = { "所属工会", 30 },
  [COLUMN_JOIN_DATE] = { "入会日期", 12 },
  [COLUMN_JOIN_CHANNEL] = { "入会方式", 10 },
  [COLUMN_CARD_NUMBER] = { "会员卡号", 16 },
  [COLUMN_STATUS] = { "会籍状态", 10 },
  [COLUMN_NOTE] = { "备注", 30 },
};

typedef struct
{
  UdExportFormat        format;
  gboolean              masked;
  const char           *path;          /* borrowed: the target, for messages */
  guint                 total;
  guint                 count;
  UdExportProgressFunc  progress;
  gpointer              progress_data;
  GError               *error;         /* owned: the first write error */

  /* CSV */
  FILE                 *file;          /* owned */
  GString              *buffer;        /* owned */
  GString              *tabbed[N_COLUMNS]; /* owned: scratch for values written with a tab */

  /* XLSX */
  lxw_workbook         *workbook;      /* owned until workbook_close() */
  lxw_worksheet        *sheet;         /* owned by the workbook */
  lxw_row_t             row;
} ExportContext;

static const char *
label_or_empty (const UdEnumInfo *info,
                int               value,
                int               empty_value)
{
  return value == empty_value ? "" : ud_enum_label (info, value);
}

/* The member's cells; @masked_id and @masked_mobile receive strings to free. */
static void
member_cells (const UdMember  *member,
              gboolean         masked,
              const char     **cells,
              char           **masked_id,
              char           **masked_mobile)
{
  const char *sex = "";

  if (member->sex == UD_SEX_MALE)
    sex = C_("sex", "Male");
  else if (member->sex == UD_SEX_FEMALE)
    sex = C_("sex", "Female");

  if (masked)
    {
      *masked_id = ud_mask_id_number (member->id_number);
      *masked_mobile = member->mobile ? ud_mask_mobile (member->mobile) : NULL;
    }

  cells[COLUMN_NAME] = member->name;
  cells[COLUMN_ID_NUMBER] = masked ? *masked_id : member->id_number;
  cells[COLUMN_SEX] = sex;
  cells[COLUMN_BIRTH_DATE] = member->birth_date;
  cells[COLUMN_MOBILE] = masked ? *masked_mobile : member->mobile;
  cells[COLUMN_ETHNICITY] = member->ethnicity;
  cells[COLUMN_EDUCATION] = label_or_empty (&ud_education_info, member->education,
                                            UD_EDUCATION_UNKNOWN);
  cells[COLUMN_HUKOU] = label_or_empty (&ud_hukou_info, member->hukou, UD_HUKOU_UNKNOWN);
  cells[COLUMN_EMPLOYER] = member->employer_name;
  cells[COLUMN_CREDIT_CODE] = member->employer_credit_code;
  cells[COLUMN_NEW_EMPLOYMENT] = ud_enum_label (&ud_new_employment_info, member->new_employment);
  cells[COLUMN_ORG] = member->org_name;
  cells[COLUMN_JOIN_DATE] = member->join_date;
  cells[COLUMN_JOIN_CHANNEL] = label_or_empty (&ud_join_channel_info, member->join_channel,
                                               UD_JOIN_CHANNEL_UNKNOWN);
  cells[COLUMN_CARD_NUMBER] = member->card_number;
  cells[COLUMN_STATUS] = ud_enum_label (&ud_member_status_info, member->status);
  cells[COLUMN_NOTE] = member->note;
}

static void
set_write_error (ExportContext *ctx,
                 int            saved_errno)
{
  if (ctx->error != NULL)
    return;
  g_set_error (&ctx->error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("Cannot write “%s”: %s"), ctx->path, g_strerror (saved_errno));
}

static void
set_xlsx_error (ExportContext *ctx,
                lxw_error      code)
{
  if (ctx->error != NULL)
    return;
  g_set_error (&ctx->error, UD_ERROR, UD_ERROR_FAILED, _("Cannot write the Excel file “%s”: %s"),
               ctx->path, lxw_strerror (code));
}

static void
csv_flush (ExportContext *ctx)
{
  if (ctx->buffer->len == 0 || ctx->error != NULL)
    return;

  if (fwrite (ctx->buffer->str, 1, ctx->buffer->len, ctx->file) != ctx->buffer->len)
    set_write_error (ctx, errno);
  g_string_truncate (ctx->buffer, 0);
}

static void
csv_write_cells (ExportContext      *ctx,
                 const char * const *cells)
{
  const char *out[N_COLUMNS];

  /* Long digit strings get a leading tab: Excel keeps them as text, our import trims it. */
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      if (cells[i] != NULL && ud_csv_excel_would_mangle (cells[i]))
        {
          g_string_assign (ctx->tabbed[i], "\t");
          g_string_append (ctx->tabbed[i], cells[i]);
          out[i] = ctx->tabbed[i]->str;
        }
      else
        out[i] = cells[i];
    }

  ud_csv_append_record (ctx->buffer, out, N_COLUMNS);
  if (ctx->buffer->len >= CSV_CHUNK)
    csv_flush (ctx);
}

static void
xlsx_write_cells (ExportContext      *ctx,
                  const char * const *cells,
                  lxw_format         *format)
{
  for (guint i = 0; i < N_COLUMNS && ctx->error == NULL; i++)
    {
      lxw_error code;

      if (cells[i] == NULL || *cells[i] == '\0')
        continue;

      /* Strings, never numbers: ID and card numbers keep every digit. */
      code = worksheet_write_string (ctx->sheet, ctx->row, (lxw_col_t) i, cells[i], format);
      if (code != LXW_NO_ERROR)
        set_xlsx_error (ctx, code);
    }
  ctx->row++;
}

static gboolean
export_member (const UdMember *member,
               gpointer        user_data)
{
  ExportContext *ctx = user_data;
  g_autofree char *masked_id = NULL;
  g_autofree char *masked_mobile = NULL;
  const char *cells[N_COLUMNS];

  member_cells (member, ctx->masked, cells, &masked_id, &masked_mobile);
  if (ctx->format == UD_EXPORT_FORMAT_CSV)
    csv_write_cells (ctx, cells);
  else
    xlsx_write_cells (ctx, cells, NULL);

  ctx->count++;
  if (ctx->progress != NULL && ctx->count % PROGRESS_EVERY == 0)
    ctx->progress (ctx->count, MAX (ctx->total, ctx->count), ctx->progress_data);

  return ctx->error == NULL;
}

static void
header_cells (const char **cells)
{
  for (guint i = 0; i < N_COLUMNS; i++)
    cells[i] = columns[i].header;
}

static gboolean
csv_open (ExportContext  *ctx,
          int             fd,
          GError        **error)
{
  const char *cells[N_COLUMNS];

  ctx->file = fdopen (fd, "wb");
  if (ctx->file == NULL)
    {
      int saved = errno;
      g_close (fd, NULL);
      set_write_error (ctx, saved);
      g_propagate_error (error, g_steal_pointer (&ctx->error));
      return FALSE;
    }

  ctx->buffer = g_string_sized_new (CSV_CHUNK + 4096);
  for (guint i = 0; i < N_COLUMNS; i++)
    ctx->tabbed[i] = g_string_new (NULL);

  /* UTF-8 with a byte-order mark, so that Excel in China does not read it as GBK. */
  g_string_append (ctx->buffer, "\xEF\xBB\xBF");
  header_cells (cells);
  ud_csv_append_record (ctx->buffer, cells, N_COLUMNS);
  return TRUE;
}

static void
csv_close (ExportContext *ctx,
           gboolean       keep)
{
  if (ctx->file != NULL)
    {
      if (keep)
        {
          csv_flush (ctx);
          if (ctx->error == NULL && (fflush (ctx->file) != 0 || fsync (fileno (ctx->file)) != 0))
            set_write_error (ctx, errno);
        }
      if (fclose (ctx->file) != 0 && keep)
        set_write_error (ctx, errno);
      ctx->file = NULL;
    }

  if (ctx->buffer != NULL)
    g_string_free (g_steal_pointer (&ctx->buffer), TRUE);
  for (guint i = 0; i < N_COLUMNS; i++)
    if (ctx->tabbed[i] != NULL)
      g_string_free (g_steal_pointer (&ctx->tabbed[i]), TRUE);
}

static gboolean
xlsx_open (ExportContext  *ctx,
           const char     *tmp_path,
           GError        **error)
{
  /* ZIP64 only when a sheet could near 4 GB: some office suites do not read it. */
  lxw_workbook_options options = { .constant_memory = LXW_TRUE, .tmpdir = NULL,
                                   .use_zip64 = ctx->total > 500000 ? LXW_TRUE : LXW_FALSE };
  const char *cells[N_COLUMNS];
  lxw_format *bold;

  ctx->workbook = workbook_new_opt (tmp_path, &options);
  if (ctx->workbook == NULL)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_FAILED, _("Cannot write the Excel file “%s”: %s"),
                   ctx->path, g_strerror (errno));
      return FALSE;
    }

  ctx->sheet = workbook_add_worksheet (ctx->workbook, _("Members"));
  bold = workbook_add_format (ctx->workbook);
  format_set_bold (bold);

  for (guint i = 0; i < N_COLUMNS; i++)
    worksheet_set_column (ctx->sheet, (lxw_col_t) i, (lxw_col_t) i, columns[i].width, NULL);
  worksheet_freeze_panes (ctx->sheet, 1, 0);

  header_cells (cells);
  xlsx_write_cells (ctx, cells, bold);
  if (ctx->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&ctx->error));
      return FALSE;
    }

  return TRUE;
}

static void
xlsx_close (ExportContext *ctx)
{
  lxw_error code;

  if (ctx->workbook == NULL)
    return;

  /* Also frees the workbook; a cancelled export is written and then deleted. */
  code = workbook_close (g_steal_pointer (&ctx->workbook));
  if (code != LXW_NO_ERROR)
    set_xlsx_error (ctx, code);
}

gboolean
ud_member_export (UdDatabase           *db,
                  const UdAccount      *actor,
                  const UdMemberQuery  *query,
                  UdExportFormat        format,
                  gboolean              masked,
                  const char           *path,
                  GCancellable         *cancellable,
                  UdExportProgressFunc  progress,
                  gpointer              progress_data,
                  guint                *out_count,
                  GError              **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_path = NULL;
  ExportContext ctx = { 0, };
  gboolean ok;
  int fd;

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (query != NULL, FALSE);
  g_return_val_if_fail (format == UD_EXPORT_FORMAT_CSV || format == UD_EXPORT_FORMAT_XLSX, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!ud_guard_check_current (db, actor, UD_ACTION_EXPORT, error))
    return FALSE;
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ctx.format = format;
  ctx.masked = masked;
  ctx.path = path;
  ctx.progress = progress;
  ctx.progress_data = progress_data;

  if (!ud_member_query_count (db, query, &ctx.total, error))
    return FALSE;

  if (format == UD_EXPORT_FORMAT_XLSX && ctx.total >= LXW_ROW_MAX)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_FAILED,
                   _("An Excel sheet holds at most %u members, and %u match; export them as CSV "
                     "instead"), (guint) LXW_ROW_MAX - 1, ctx.total);
      return FALSE;
    }

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp_path = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);
  fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot write “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }

  if (format == UD_EXPORT_FORMAT_CSV)
    ok = csv_open (&ctx, fd, error);
  else
    {
      /* libxlsxwriter writes the file itself at workbook_close(). */
      g_close (fd, NULL);
      ok = xlsx_open (&ctx, tmp_path, error);
    }

  if (ok && progress != NULL)
    progress (0, ctx.total, progress_data);

  ok = ok && ud_member_query_foreach (db, query, export_member, &ctx, cancellable, error);
  if (ok && ctx.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&ctx.error));
      ok = FALSE;
    }

  if (format == UD_EXPORT_FORMAT_CSV)
    csv_close (&ctx, ok);
  else
    xlsx_close (&ctx);

  if (ok && ctx.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&ctx.error));
      ok = FALSE;
    }
  g_clear_error (&ctx.error);

  if (ok && g_rename (tmp_path, path) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot write “%s”: %s"), path, g_strerror (saved));
      ok = FALSE;
    }

  if (!ok)
    {
      g_unlink (tmp_path);
      return FALSE;
    }

  {
    g_autoptr(JsonObject) what = json_object_new ();
    g_autofree char *name = g_path_get_basename (path);

    json_object_set_string_member (what, "file", name);
    json_object_set_string_member (what, "format",
                                   format == UD_EXPORT_FORMAT_XLSX ? "xlsx" : "csv");
    json_object_set_int_member (what, "count", ctx.count);
    json_object_set_boolean_member (what, "masked", masked);
    if (!ud_audit_append (db, actor, "member", NULL, "export", NULL, what, error))
      return FALSE;
  }

  if (progress != NULL)
    progress (ctx.count, MAX (ctx.total, ctx.count), progress_data);
  if (out_count != NULL)
    *out_count = ctx.count;
  return TRUE;
}

/* In a worker thread */

typedef struct
{
  char                 *db_path;       /* owned */
  UdAccount            *actor;         /* owned */
  UdMemberQuery        *query;         /* owned */
  UdExportFormat        format;
  gboolean              masked;
  char                 *path;          /* owned */
  UdExportProgressFunc  progress;
  gpointer              progress_data;
  GMainContext         *context;       /* owned: the caller's thread-default context */
} ExportData;


static void
export_data_free (gpointer data)
{
  ExportData *export = data;

  g_free (export->db_path);
  ud_account_free (export->actor);
  ud_member_query_free (export->query);
  g_free (export->path);
  g_main_context_unref (export->context);
  g_free (export);
}

static void
progress_to_caller (guint    done,
                    guint    total,
                    gpointer user_data)
{
  ExportData *export = user_data;

  ud_progress_invoke (export->context, export->progress, export->progress_data, done, total);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *export = task_data;
  g_autoptr(UdDatabase) db = NULL;
  g_autoptr(GMainContext) worker_context = g_main_context_new ();
  GError *error = NULL;
  guint count = 0;
  gboolean ok = FALSE;

  /* With its own default context this thread never runs a progress call itself (see
   * g_main_context_invoke_full()). */
  g_main_context_push_thread_default (worker_context);

  db = ud_database_open_worker (export->db_path, &error);
  if (db != NULL)
    ok = ud_member_export (db, export->actor, export->query, export->format, export->masked,
                           export->path, cancellable,
                           export->progress ? progress_to_caller : NULL, export, &count, &error);

  g_main_context_pop_thread_default (worker_context);

  if (ok)
    g_task_return_int (task, count);
  else
    g_task_return_error (task, error);
}

void
ud_member_export_async (const char           *db_path,
                        const UdAccount      *actor,
                        const UdMemberQuery  *query,
                        UdExportFormat        format,
                        gboolean              masked,
                        const char           *path,
                        GCancellable         *cancellable,
                        UdExportProgressFunc  progress,
                        gpointer              progress_data,
                        GAsyncReadyCallback   callback,
                        gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *export;

  g_return_if_fail (db_path != NULL);
  g_return_if_fail (query != NULL);
  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  export = g_new0 (ExportData, 1);
  export->db_path = g_strdup (db_path);
  export->actor = actor ? ud_account_copy (actor) : NULL;
  export->query = ud_member_query_copy (query);
  export->format = format;
  export->masked = masked;
  export->path = g_strdup (path);
  export->progress = progress;
  export->progress_data = progress_data;
  export->context = g_main_context_ref_thread_default ();

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ud_member_export_async);
  g_task_set_task_data (task, export, export_data_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
ud_member_export_finish (GAsyncResult  *result,
                         guint         *out_count,
                         GError       **error)
{
  gssize count;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ud_member_export_async, FALSE);

  count = g_task_propagate_int (G_TASK (result), error);
  if (count < 0)
    return FALSE;

  if (out_count != NULL)
    *out_count = (guint) count;
  return TRUE;
}
