/* tests/test-policy.c — policy parameters: defaults, lookup at its edges, guards, snapshots
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "ud-error.h"
#include "ud-policy.h"
#include "ud-test-util.h"

static gint64
count (UdDatabase *db,
       const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (ud_database_get_handle (db), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static gint64
value_on (UdDatabase *db,
          const char *name,
          const char *region,
          const char *date)
{
  g_autoptr(GError) error = NULL;
  gint64 value = -1;
  GDate on;

  g_date_clear (&on, 1);
  g_date_set_parse (&on, date);
  g_assert_true (g_date_valid (&on));
  g_assert_true (ud_policy_value (db, name, region, &on, &value, &error));
  g_assert_no_error (error);
  return value;
}

static void
test_known_params (void)
{
  guint n = 0;
  const UdPolicyParamInfo *params = ud_policy_params (&n);

  g_assert_cmpuint (n, >=, 15);
  for (guint i = 0; i < n; i++)
    {
      g_assert_true (ud_policy_param_lookup (params[i].name) == &params[i]);
      g_assert_nonnull (ud_policy_param_label (&params[i]));
      g_assert_nonnull (ud_policy_unit_label (params[i].unit));
    }
  g_assert_null (ud_policy_param_lookup ("no_such_thing"));
  g_assert_true (ud_policy_param_lookup (UD_POLICY_DIBAO_MONTHLY)->regional);
}

static void
test_defaults (void)
{
  g_autoptr(UdTestDb) t = ud_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = ud_policy_list (t->db, NULL, &error);
  guint n = 0;
  GDate before;

  g_assert_no_error (error);
  ud_policy_params (&n);
  g_assert_cmpuint (all->len, ==, n);

  g_assert_cmpint (value_on (t->db, UD_POLICY_DIBAO_MONTHLY, NULL, "2020-01-01"), ==, 106000);
  g_assert_cmpint (value_on (t->db, UD_POLICY_MEDICAL_THRESHOLD_RELATIVE, "", "2026-05-01"), ==,
                   200000);
  g_assert_cmpint (value_on (t->db, UD_POLICY_MEDICAL_THRESHOLD_DEEP, "", "2026-05-01"), ==,
                   300000);
  g_assert_cmpint (value_on (t->db, UD_POLICY_MEDICAL_RATIO, "", "2026-05-01"), ==, 5000);
  g_assert_cmpint (value_on (t->db, UD_POLICY_MEDICAL_CAP, "", "2026-05-01"), ==, 2000000);
  g_assert_cmpint (value_on (t->db, UD_POLICY_TEMPORARY_RELIEF_CAP, "", "2026-05-01"), ==, 300000);
  g_assert_cmpint (value_on (t->db, UD_POLICY_PUBLICITY_DAYS, "", "2026-05-01"), ==, 5);
  g_assert_cmpint (value_on (t->db, UD_POLICY_ACCIDENT_RATIO, "", "2026-05-01"), ==, 8000);
  /* A region without its own value gets the one for everywhere. */
  g_assert_cmpint (value_on (t->db, UD_POLICY_DIBAO_MONTHLY, "330102", "2026-05-01"), ==, 106000);

  g_date_clear (&before, 1);
  g_date_set_dmy (&before, 31, 12, 2019);
  g_assert_false (ud_policy_value (t->db, UD_POLICY_DIBAO_MONTHLY, "", &before, NULL, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_NOT_FOUND);
}

static void
test_effective_date_edges (void)
{
  g_autoptr(UdTestDb) t = ud_test_db_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (ud_policy_set (t->db, ud_test_admin (t->db), UD_POLICY_DIBAO_MONTHLY, "", 112000,
                                "2024-07-01", "new standard", &error));
  g_assert_no_error (error);
  g_assert_cmpint (value_on (t->db, UD_POLICY_DIBAO_MONTHLY, "", "2024-06-30"), ==, 106000);
  g_assert_cmpint (value_on (t->db, UD_POLICY_DIBAO_MONTHLY, "", "2024-07-01"), ==, 112000);
  g_assert_cmpint (value_on (t->db, UD_POLICY_DIBAO_MONTHLY, "", "2030-01-01"), ==, 112000);

  /* Setting the same date again replaces that row. */
  g_assert_true (ud_policy_set (t->db, ud_test_admin (t->db), UD_POLICY_DIBAO_MONTHLY, "", 113000,
                                "2024/7/1", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (value_on (t->db, UD_POLICY_DIBAO_MONTHLY, "", "2024-07-01"), ==, 113000);
  g_assert_cmpint (count (t->db, "SELECT count(*) FROM policy_param WHERE name = "
                                 "'dibao_monthly_fen'"), ==, 2);
}

static void
test_region_and_city (void)
{
  g_autoptr(UdTestDb) t = ud_test_db_new ();
  g_autoptr(GError) error = NULL;
  const UdAccount *admin = ud_test_admin (t->db);

  g_assert_true (ud_policy_set (t->db, admin, UD_POLICY_DIBAO_MONTHLY, "330102", 120000,
                                "2021-01-01", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (ud_policy_set (t->db, admin, UD_POLICY_DIBAO_MONTHLY, "", 130000,
                                "2025-01-01", NULL, &error));
  g_assert_no_error (error);

  /* The region's own value beats the general one, even an older one. */
  g_assert_cmpint (value_on (t->db, UD_POLICY_DIBAO_MONTHLY, "330102", "2025-06-01"), ==, 120000);
  g_assert_cmpint (value_on (t->db, UD_POLICY_DIBAO_MONTHLY, "330102", "2020-12-31"), ==, 106000);
  g_assert_cmpint (value_on (t->db, UD_POLICY_DIBAO_MONTHLY, "330106", "2025-06-01"), ==, 130000);

  /* A city value beats a local one of the same date. */
  g_assert_true (ud_policy_store_city (t->db, UD_POLICY_DIBAO_MONTHLY, "330102", 125000,
                                       "2021-01-01", &error));
  g_assert_no_error (error);
  g_assert_cmpint (value_on (t->db, UD_POLICY_DIBAO_MONTHLY, "330102", "2021-01-01"), ==, 125000);
  g_assert_cmpint (count (t->db, "SELECT count(*) FROM policy_param WHERE source = 'city'"), ==,
                   1);
}

static void
test_guard_and_validation (void)
{
  g_autoptr(UdTestDb) t = ud_test_db_new ();
  g_autoptr(GError) error = NULL;
  const UdAccount *clerk = ud_test_account (t->db, "clerk", UD_ROLE_CLERK);
  const UdAccount *admin = ud_test_admin (t->db);
  gint64 audits = count (t->db, "SELECT count(*) FROM audit_entry");

  g_assert_false (ud_policy_set (t->db, clerk, UD_POLICY_DIBAO_MONTHLY, "", 1, "2024-01-01", NULL,
                                 &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);

  g_assert_false (ud_policy_set (t->db, admin, "no_such_thing", "", 1, "2024-01-01", NULL,
                                 &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_FIELD);
  g_assert_cmpstr (ud_error_get_field (error), ==, "name");
  g_clear_error (&error);

  g_assert_false (ud_policy_set (t->db, admin, UD_POLICY_MEDICAL_RATIO, "", 10001, "2024-01-01",
                                 NULL, &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "value");
  g_clear_error (&error);
  g_assert_true (ud_policy_set (t->db, admin, UD_POLICY_MEDICAL_RATIO, "", 10000, "2024-01-01",
                                NULL, &error));
  g_assert_no_error (error);

  g_assert_false (ud_policy_set (t->db, admin, UD_POLICY_MEDICAL_CAP, "", -1, "2024-01-01", NULL,
                                 &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "value");
  g_clear_error (&error);

  g_assert_false (ud_policy_set (t->db, admin, UD_POLICY_DIBAO_MONTHLY, "33A1", 1, "2024-01-01",
                                 NULL, &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "region");
  g_clear_error (&error);

  g_assert_false (ud_policy_set (t->db, admin, UD_POLICY_DIBAO_MONTHLY, "", 1, "2024-02-30", NULL,
                                 &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_DATE);
  g_clear_error (&error);

  /* One audit entry (the valid change), no outbox row of the policy itself. */
  g_assert_cmpint (count (t->db, "SELECT count(*) FROM audit_entry WHERE entity = "
                                 "'policy_param'"), ==, 1);
  g_assert_cmpint (count (t->db, "SELECT count(*) FROM audit_entry"), >, audits);
  g_assert_cmpint (count (t->db, "SELECT count(*) FROM outbox WHERE entity = 'policy_param'"),
                   ==, 0);
}

static void
test_snapshot_keeps_values (void)
{
  g_autoptr(UdTestDb) t = ud_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) snapshot = NULL;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *stored = NULL;
  g_autoptr(JsonNode) again = NULL;
  const char *const names[] = { UD_POLICY_DIBAO_MONTHLY, UD_POLICY_ACCIDENT_RATIO, NULL };
  const char *const missing[] = { UD_POLICY_DIBAO_MONTHLY, "no_such_thing", NULL };
  gint64 value = 0;
  GDate on;

  g_date_clear (&on, 1);
  g_date_set_dmy (&on, 15, 3, 2026);
  snapshot = ud_policy_snapshot (t->db, names, "330102", &on, &error);
  g_assert_no_error (error);
  g_assert_true (ud_policy_snapshot_get (snapshot, UD_POLICY_DIBAO_MONTHLY, &value));
  g_assert_cmpint (value, ==, 106000);
  g_assert_true (ud_policy_snapshot_get (snapshot, UD_POLICY_ACCIDENT_RATIO, &value));
  g_assert_cmpint (value, ==, 8000);
  g_assert_false (ud_policy_snapshot_get (snapshot, UD_POLICY_MEDICAL_CAP, &value));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     snapshot, UD_POLICY_DIBAO_MONTHLY), "effective_from"), ==, "2020-01-01");
  json_node_set_object (node, snapshot);
  stored = json_to_string (node, FALSE);

  /* A change in the middle of the year does not touch what was stored. */
  g_assert_true (ud_policy_set (t->db, ud_test_admin (t->db), UD_POLICY_DIBAO_MONTHLY, "",
                                118000, "2026-07-01", NULL, &error));
  g_assert_no_error (error);
  again = json_from_string (stored, &error);
  g_assert_no_error (error);
  g_assert_true (ud_policy_snapshot_get (json_node_get_object (again), UD_POLICY_DIBAO_MONTHLY,
                                         &value));
  g_assert_cmpint (value, ==, 106000);
  g_assert_cmpint (value_on (t->db, UD_POLICY_DIBAO_MONTHLY, "", "2026-03-15"), ==, 106000);
  g_assert_cmpint (value_on (t->db, UD_POLICY_DIBAO_MONTHLY, "", "2026-07-01"), ==, 118000);

  g_assert_null (ud_policy_snapshot (t->db, missing, "", &on, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_NOT_FOUND);
}

/* The one display and parsing rule for values, shared by the command line and the policy page. */
static void
test_format_and_parse (void)
{
  const UdPolicyParamInfo *dibao = ud_policy_param_lookup (UD_POLICY_DIBAO_MONTHLY);
  const UdPolicyParamInfo *ratio = ud_policy_param_lookup (UD_POLICY_MEDICAL_RATIO);
  const UdPolicyParamInfo *days = ud_policy_param_lookup (UD_POLICY_PUBLICITY_DAYS);
  g_autofree char *money_text = ud_policy_format_value (dibao, 106000);
  g_autofree char *ratio_text = ud_policy_format_value (ratio, 5025);
  g_autofree char *days_text = ud_policy_format_value (days, 5);
  g_autoptr(GError) error = NULL;
  gint64 value = -1;

  g_assert_nonnull (strstr (money_text, "1,060.00"));
  g_assert_cmpstr (ratio_text, ==, "50.25%");
  g_assert_nonnull (strstr (days_text, "5"));

  g_assert_true (ud_policy_parse_value (dibao, " 1,180.50 ", &value, &error));
  g_assert_no_error (error);
  g_assert_cmpint (value, ==, 118050);
  g_assert_true (ud_policy_parse_value (ratio, "60%", &value, &error));
  g_assert_cmpint (value, ==, 6000);
  g_assert_true (ud_policy_parse_value (ratio, "12.5", &value, &error));
  g_assert_cmpint (value, ==, 1250);
  g_assert_true (ud_policy_parse_value (days, "7", &value, &error));
  g_assert_cmpint (value, ==, 7);
  g_assert_no_error (error);

  value = -1;
  g_assert_false (ud_policy_parse_value (dibao, "abc", &value, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_MONEY);
  g_clear_error (&error);
  g_assert_false (ud_policy_parse_value (ratio, "abc", &value, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_FIELD);
  g_assert_cmpstr (ud_error_get_field (error), ==, "value");
  g_clear_error (&error);
  g_assert_false (ud_policy_parse_value (ratio, "100.01%", &value, &error));
  g_clear_error (&error);
  g_assert_false (ud_policy_parse_value (days, "5.5", &value, &error));
  g_clear_error (&error);
  g_assert_false (ud_policy_parse_value (days, "-1", &value, &error));
  g_clear_error (&error);
  g_assert_cmpint (value, ==, -1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ud/policy/known-params", test_known_params);
  g_test_add_func ("/ud/policy/format-and-parse", test_format_and_parse);
  g_test_add_func ("/ud/policy/defaults", test_defaults);
  g_test_add_func ("/ud/policy/effective-date-edges", test_effective_date_edges);
  g_test_add_func ("/ud/policy/region-and-city", test_region_and_city);
  g_test_add_func ("/ud/policy/guard-and-validation", test_guard_and_validation);
  g_test_add_func ("/ud/policy/snapshot-keeps-values", test_snapshot_keeps_values);

  return g_test_run ();
}
