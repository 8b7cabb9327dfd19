/* tests/test-form-layout.c — printed forms as data: the cells of the hardship file and medical
 * relief forms for a sample household, and amounts in Chinese capital numerals
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <locale.h>
#include <string.h>

#include "ud-core.h"
#include "ud-error.h"
#include "ud-form-layout.h"
#include "test-form-sample.h"

static void
assert_capital (gint64      fen,
                const char *expected)
{
  g_autofree char *text = ud_money_to_chinese_capital (fen);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_capital (void)
{
  assert_capital (0, "零元整");
  assert_capital (1, "壹分");
  assert_capital (10, "壹角");
  assert_capital (99, "玖角玖分");
  assert_capital (1000, "壹拾元整");
  assert_capital (1005, "壹拾元零伍分");
  assert_capital (1050, "壹拾元伍角");
  assert_capital (1234567, "壹万贰仟叁佰肆拾伍元陆角柒分");
  assert_capital (100000100, "壹佰万零壹元整");
  assert_capital (10000000000, "壹亿元整");
  assert_capital (10000000100, "壹亿零壹元整");
  assert_capital (1001000, "壹万零壹拾元整");
  assert_capital (10010000, "壹拾万零壹佰元整");
  assert_capital (100100000, "壹佰万壹仟元整");
  assert_capital (10010100000, "壹亿零壹拾万壹仟元整");
  assert_capital (2000000, "贰万元整");
  assert_capital (600000, "陆仟元整");
  assert_capital (-1234, "负壹拾贰元叁角肆分");
  /* The largest amounts a gint64 holds do not overflow. */
  assert_capital (G_MAXINT64, "玖亿亿贰仟贰佰叁拾叁万亿柒仟贰佰零叁亿陆仟捌佰伍拾肆万"
                              "柒仟柒佰伍拾捌元零柒分");
  {
    g_autofree char *text = ud_money_to_chinese_capital (G_MININT64);

    g_assert_true (g_str_has_prefix (text, "负玖亿亿"));
    g_assert_true (g_str_has_suffix (text, "伍拾捌元零捌分"));
  }
}

static const char *
cell_text (const UdFormLayout *layout,
           const char         *key)
{
  const UdFormCell *cell = ud_form_layout_find_cell (layout, key);

  g_assert_nonnull (cell);
  return cell->text;
}

static void
test_hardship_file (void)
{
  FormSample *sample = form_sample_new ();
  g_autoptr(UdFormLayout) layout = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const UdFormCell *cell;

  layout = ud_form_layout_hardship_file (sample->t->db, sample->file_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (layout);
  g_assert_true (ud_form_layout_check (layout));

  g_assert_cmpstr (layout->title, ==, "Hardship Worker File Registration Form");
  g_assert_cmpstr (layout->number, ==, "KN2026-00001");
  g_assert_nonnull (strstr (layout->header_right, "KN2026-00001"));
  g_assert_cmpstr (cell_text (layout, "worker_name"), ==, "王强");
  g_assert_cmpstr (cell_text (layout, "worker_id_number"), ==, sample->worker_id);
  g_assert_cmpstr (cell_text (layout, "worker_birth_date"), ==, "1980-01-01");
  g_assert_cmpstr (cell_text (layout, "household_name"), ==, "李娜");
  g_assert_cmpstr (cell_text (layout, "household_size"), ==, "3 people");
  /* 1,500 yuan a month for 3 people: 500 yuan each; the 低保 standard by default policy. */
  g_assert_cmpstr (cell_text (layout, "per_capita"), ==, "500.00 yuan");
  g_assert_cmpstr (cell_text (layout, "annual_income"), ==, "18,000.00 yuan");
  g_assert_cmpstr (cell_text (layout, "dibao"), ==, "1,060.00 yuan");
  g_assert_cmpstr (cell_text (layout, "category"), ==, "Deep hardship");
  g_assert_cmpstr (cell_text (layout, "main_cause"), ==, "Major illness");
  g_assert_cmpstr (cell_text (layout, "secondary_causes"), ==, "Children’s schooling");
  g_assert_nonnull (strstr (cell_text (layout, "documents"), "■ ID card"));
  g_assert_nonnull (strstr (cell_text (layout, "documents"), "□ "));
  /* The bank account is masked on paper. */
  g_assert_cmpstr (cell_text (layout, "bank_account"), ==, "6222***********0123");

  cell = ud_form_layout_find_cell (layout, "unit_opinion");
  g_assert_nonnull (cell);
  g_assert_true (cell->flags & UD_FORM_CELL_OPINION);
  g_assert_cmpstr (cell->text, ==, "情况属实，同意上报");
  g_assert_cmpstr (cell->date, ==, "2026-03-02");
  g_assert_nonnull (cell->signature);
  cell = ud_form_layout_find_cell (layout, "review_opinion");
  g_assert_cmpstr (cell->text, ==, "经入户核实，情况属实");
  g_assert_cmpstr (cell->date, ==, "2026-03-07");
  cell = ud_form_layout_find_cell (layout, "approval_opinion");
  g_assert_cmpstr (cell->text, ==, "同意建档");
  g_assert_cmpstr (cell->date, ==, "2026-03-07");

  text = ud_form_layout_dup_text (layout);
  g_assert_nonnull (strstr (text, "王小明"));
  g_assert_null (strstr (text, "6222021234567890123"));
  g_assert_nonnull (strstr (layout->footer, "clerk"));

  /* A file that does not exist */
  g_clear_pointer (&layout, ud_form_layout_free);
  layout = ud_form_layout_hardship_file (sample->t->db, 999, &error);
  g_assert_null (layout);
  g_assert_error (error, UD_ERROR, UD_ERROR_NOT_FOUND);

  form_sample_free (sample);
}

static void
test_medical_relief (void)
{
  FormSample *sample = form_sample_new ();
  g_autoptr(UdFormLayout) layout = NULL;
  g_autoptr(GError) error = NULL;
  const UdFormCell *cell;

  layout = ud_form_layout_medical_relief (sample->t->db, sample->application_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (layout);
  g_assert_true (ud_form_layout_check (layout));

  g_assert_cmpstr (layout->title, ==, "Medical Relief Approval Form");
  g_assert_true (g_str_has_prefix (layout->number, "JZ2026-"));
  g_assert_cmpstr (cell_text (layout, "applicant_name"), ==, "王强");
  g_assert_cmpstr (cell_text (layout, "category"), ==, "Deep hardship");
  g_assert_cmpstr (cell_text (layout, "file_number"), ==, "KN2026-00001");
  g_assert_nonnull (strstr (cell_text (layout, "patient"), "王强"));
  g_assert_cmpstr (cell_text (layout, "diagnosis"), ==, "肺癌");
  g_assert_cmpstr (cell_text (layout, "out_of_pocket"), ==, "15,000.00");
  g_assert_cmpstr (cell_text (layout, "total_cost"), ==, "50,000.00");
  g_assert_cmpstr (cell_text (layout, "total_out_of_pocket"), ==, "15,000.00");
  g_assert_cmpstr (cell_text (layout, "approved"), ==, "6,000.00 yuan");
  g_assert_cmpstr (cell_text (layout, "computed"), ==, "6,000.00 yuan");
  g_assert_cmpstr (cell_text (layout, "approved_capital"), ==, "人民币陆仟元整");
  /* The computation explained from the stored decision: more than one line, with the amount. */
  g_assert_nonnull (strchr (cell_text (layout, "computation"), '\n'));
  g_assert_nonnull (strstr (cell_text (layout, "computation"), "6,000.00"));

  cell = ud_form_layout_find_cell (layout, "review_opinion");
  g_assert_cmpstr (cell->text, ==, "符合医疗救助条件");
  g_assert_cmpstr (cell->date, ==, "2026-04-10");
  cell = ud_form_layout_find_cell (layout, "approval_opinion");
  g_assert_cmpstr (cell->date, ==, "2026-04-10");
  g_assert_nonnull (cell->signature);

  form_sample_free (sample);
}

static void
test_chinese (void)
{
  FormSample *sample;
  g_autoptr(UdFormLayout) layout = NULL;
  g_autoptr(GError) error = NULL;

  if (g_getenv ("UD_LOCALEDIR") == NULL || setlocale (LC_ALL, "zh_CN.UTF-8") == NULL)
    {
      g_test_skip ("the zh_CN.UTF-8 locale or the built catalogue is missing");
      return;
    }
  ud_core_init_i18n ();

  sample = form_sample_new ();
  layout = ud_form_layout_hardship_file (sample->t->db, sample->file_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (layout->title, ==, "困难职工档案登记表");
  g_assert_cmpstr (cell_text (layout, "category"), ==, "深度困难");
  g_assert_cmpstr (cell_text (layout, "per_capita"), ==, "500.00元");
  g_assert_true (g_str_has_prefix (layout->footer, "打印时间"));
  g_clear_pointer (&layout, ud_form_layout_free);

  layout = ud_form_layout_medical_relief (sample->t->db, sample->application_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (layout->title, ==, "医疗救助审批表");
  form_sample_free (sample);
  setlocale (LC_ALL, "C.UTF-8");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ud/form-layout/capital", test_capital);
  g_test_add_func ("/ud/form-layout/hardship-file", test_hardship_file);
  g_test_add_func ("/ud/form-layout/medical-relief", test_medical_relief);
  g_test_add_func ("/ud/form-layout/chinese", test_chinese);
  return g_test_run ();
}
