/* ud-member-store-private.h — what ud-member-store.c shares with the member queries
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ud-member.h"
#include "ud-database.h"

G_BEGIN_DECLS

/* The columns ud_member_from_row() reads, in order; append WHERE/ORDER BY. */
#define MEMBER_SELECT \
  "SELECT m.id, m.uuid, m.version, m.name, m.id_kind, m.id_number, m.sex, m.birth_date," \
  "  m.mobile, m.ethnicity, m.education, m.hukou, m.employer_id, m.new_employment, m.org_id," \
  "  m.join_date, m.join_channel, m.card_number, m.status, m.status_date, m.transfer_org_id," \
  "  m.note, m.created_at, m.updated_at, e.name, e.credit_code, e.is_platform, o.name, t.name " \
  "FROM member m " \
  "LEFT JOIN employer e ON e.id = m.employer_id " \
  "JOIN org o ON o.id = m.org_id " \
  "LEFT JOIN org t ON t.id = m.transfer_org_id "

/* Fills a member from a row of MEMBER_SELECT. */
UdMember *ud_member_from_row (sqlite3_stmt *stmt);

G_END_DECLS
