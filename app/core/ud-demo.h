/* ud-demo.h — a realistic demo office: unions, employers and members made up for a seed
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ud-account.h"
#include "ud-database.h"

G_BEGIN_DECLS

typedef void (*UdDemoProgressFunc) (guint    done,
                                    guint    total,
                                    gpointer user_data);

/* Fills @db with a made-up district office: renames the office to 拱墅区总工会, adds street
 * federations with their joint and flowing-member unions, employers (platform companies and
 * ordinary ones, with valid credit codes) and @n_members members with valid, unique ID numbers,
 * mobiles, new-employment categories, join dates and card numbers; a few are then lapsed,
 * withdrawn, retained, deceased or in transfer. Everything goes through the store, so each
 * record has its history and outbox rows.
 *
 * The same @seed gives the same names, ID numbers and tree (dates are relative to today). Unions
 * and employers that already exist by name are reused, and an ID number that is already a live
 * member is replaced by another, so a database can be filled twice.
 *
 * Members are written in transactions of a few thousand; @progress is called after each, and
 * @cancellable is honoured between members: the open transaction is rolled back, what was
 * committed stays, and G_IO_ERROR_CANCELLED is returned. */
gboolean ud_demo_populate (UdDatabase          *db,
                           const UdAccount     *actor,
                           guint                n_members,
                           guint32              seed,
                           GCancellable        *cancellable,
                           UdDemoProgressFunc   progress,
                           gpointer             progress_data,
                           GError             **error);

/* The password of the demo's accounts (the administrator's is chosen by whoever makes the demo;
 * tools/demo.sh uses the same). */
#define UD_DEMO_PASSWORD "demo-password"

/* Adds the casework of a demo office to @db filled by ud_demo_populate(), as the accounts
 * wangfang (clerk, 王芳), lihua (reviewer, 李华), zhangwei (approver, 张伟) and zhaomin (treasurer,
 * 赵敏), made by @admin when missing, all with the password UD_DEMO_PASSWORD: accident cover for
 * 40 members paid by the union with claims (three approved, one waiting for the approver),
 * temporary relief for 8 members (six approved, two waiting for the reviewer), and payouts —
 * a batch the bank answered (one transfer failed), an open batch and lines left to pay. Does
 * nothing on an office with fewer than 48 active members of working age. */
gboolean ud_demo_add_casework (UdDatabase       *db,
                               const UdAccount  *admin,
                               guint32           seed,
                               GError          **error);

G_END_DECLS
