/* ud-member-export.h — exporting the current member list as CSV (for Excel) and XLSX
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ud-account.h"
#include "ud-database.h"
#include "ud-member-query.h"

G_BEGIN_DECLS

typedef enum
{
  UD_EXPORT_FORMAT_CSV,   /* UTF-8 with BOM, CRLF, so Excel in China opens it right */
  UD_EXPORT_FORMAT_XLSX,
} UdExportFormat;

typedef void (*UdExportProgressFunc) (guint    done,
                                      guint    total,
                                      gpointer user_data);

/* Writes every member matching @query, in its order, with Chinese column headers that the
 * import maps back (姓名, 身份证号, 性别, 出生日期, 手机号, 民族, 学历, 户籍类型, 工作单位,
 * 统一社会信用代码, 职业类别, 所属工会, 入会日期, 入会方式, 会员卡号, 会籍状态, 备注).
 * ID and card numbers stay text (CSV: a leading tab, see ud_csv_excel_would_mangle(); XLSX:
 * string cells). With @masked, ID numbers and mobiles are masked. Writes to a temporary file
 * and renames it, so a failed or cancelled export leaves no half file. Every export is recorded
 * in the audit trail (who, how many, masked or not). */
gboolean ud_member_export           (UdDatabase           *db,
                                     const UdAccount      *actor,
                                     const UdMemberQuery  *query,
                                     UdExportFormat        format,
                                     gboolean              masked,
                                     const char           *path,
                                     GCancellable         *cancellable,
                                     UdExportProgressFunc  progress,
                                     gpointer              progress_data,
                                     guint                *out_count,
                                     GError              **error);

/* The same in a worker thread with its own connection to @db_path; @progress is called on the
 * caller's thread-default main context. */
void     ud_member_export_async     (const char           *db_path,
                                     const UdAccount      *actor,
                                     const UdMemberQuery  *query,
                                     UdExportFormat        format,
                                     gboolean              masked,
                                     const char           *path,
                                     GCancellable         *cancellable,
                                     UdExportProgressFunc  progress,
                                     gpointer              progress_data,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
gboolean ud_member_export_finish    (GAsyncResult         *result,
                                     guint                *out_count,
                                     GError              **error);

G_END_DECLS
