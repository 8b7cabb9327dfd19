/* tests/test-form-sample.h — a sample household for the form and statistics tests: a filed
 * hardship file (王强, his wife and son, deep hardship) and an approved medical relief
 * application with one hospital stay
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ud-aid-store.h"
#include "ud-aid-store-private.h"
#include "ud-hardship-store.h"
#include "ud-hardship-store-private.h"
#include "ud-member-store.h"
#include "ud-test-util.h"

typedef struct
{
  UdTestDb *t;
  char     *worker_id;
  gint64    worker;
  gint64    file_id;
  gint64    application_id;
} FormSample;

static void
form_sample_set_today (int year,
                       int month,
                       int day)
{
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  ud_hardship_store_set_today (&today);
  ud_aid_store_set_today (&today);
}

static gint64
form_sample_member (UdDatabase *db,
                    const char *name,
                    const char *id_number)
{
  g_autoptr(UdMember) member = ud_test_member_new (db, name, id_number);
  g_autoptr(GError) error = NULL;

  g_assert_true (ud_member_store_insert (db, ud_test_admin (db), member, &error));
  g_assert_no_error (error);
  return member->id;
}

static UdHouseholdMember *
form_sample_person (const char *name,
                    UdRelation  relation,
                    const char *id_number,
                    gint64      income)
{
  UdHouseholdMember *person = ud_household_member_new ();

  person->name = g_strdup (name);
  person->relation = relation;
  person->id_number = g_strdup (id_number);
  person->monthly_income_fen = income;
  return person;
}

/* A file for @member_id filed on 2026-03-07 (submitted and publicised on 2026-03-02) in the
 * category the rule proposes. */
static gint64
form_sample_filed_file (FormSample      *sample,
                        gint64           member_id,
                        UdHardshipCause  cause,
                        GPtrArray       *household)
{
  UdDatabase *db = sample->t->db;
  const UdAccount *clerk = ud_test_account (db, "clerk", UD_ROLE_CLERK);
  const UdAccount *reviewer = ud_test_account (db, "reviewer", UD_ROLE_REVIEWER);
  const UdAccount *approver = ud_test_account (db, "approver", UD_ROLE_APPROVER);
  g_autoptr(UdHardshipFile) file = ud_hardship_file_new ();
  g_autoptr(GError) error = NULL;

  form_sample_set_today (2026, 3, 2);
  file->member_id = member_id;
  file->main_cause = cause;
  file->secondary_causes = 1u << UD_HARDSHIP_CAUSE_SCHOOLING;
  file->worker_monthly_income_fen = 150000;
  file->work_status = UD_WORK_STATUS_SICK_LEAVE;
  file->health = UD_HEALTH_MAJOR_ILLNESS;
  file->housing = UD_HOUSING_RENTED;
  file->documents = 1u << UD_HARDSHIP_DOC_ID_CARD | 1u << UD_HARDSHIP_DOC_MEDICAL_RECORDS;
  file->bank_name = g_strdup ("中国工商银行");
  file->bank_account = g_strdup ("6222021234567890123");
  for (guint i = 0; household != NULL && i < household->len; i++)
    g_ptr_array_add (file->household, ud_household_member_copy (household->pdata[i]));

  g_assert_true (ud_hardship_store_create (db, clerk, file, &error));
  g_assert_no_error (error);
  g_assert_true (ud_hardship_store_submit (db, clerk, file->id, "情况属实，同意上报", &error));
  g_assert_true (ud_hardship_store_start_verification (db, reviewer, file->id, &error));
  g_assert_true (ud_hardship_store_publicise (db, reviewer, file->id, NULL, &error));
  g_assert_no_error (error);
  form_sample_set_today (2026, 3, 7);
  g_assert_true (ud_hardship_store_review (db, reviewer, file->id, file->proposed_category,
                                           NULL, "经入户核实，情况属实", &error));
  g_assert_no_error (error);
  g_assert_true (ud_hardship_store_approve (db, approver, file->id, "同意建档", &error));
  g_assert_no_error (error);
  return file->id;
}

/* The sample: 王强's file and his medical relief application, submitted on 2026-04-10 and
 * approved at 6,000.00 yuan (out-of-pocket 15,000.00, deep threshold 3,000.00, 50%). */
static FormSample *
form_sample_new (void)
{
  FormSample *sample = g_new0 (FormSample, 1);
  g_autoptr(GPtrArray) household = g_ptr_array_new_with_free_func (
    (GDestroyNotify) ud_household_member_free);
  g_autofree char *spouse_id = ud_test_make_id ("330102", "19820202", 22);
  g_autofree char *child_id = ud_test_make_id ("330102", "20100303", 33);
  g_autoptr(UdAidApplication) app = ud_aid_application_new (UD_AID_TYPE_MEDICAL);
  UdMedicalClaim *claim = ud_medical_claim_new ();
  g_autoptr(GError) error = NULL;
  UdDatabase *db;

  sample->t = ud_test_db_new ();
  db = sample->t->db;
  sample->worker_id = ud_test_make_id ("330102", "19800101", 11);
  sample->worker = form_sample_member (db, "王强", sample->worker_id);
  g_ptr_array_add (household, form_sample_person ("李娜", UD_RELATION_SPOUSE, spouse_id, 0));
  g_ptr_array_add (household, form_sample_person ("王小明", UD_RELATION_CHILD, child_id, 0));
  sample->file_id = form_sample_filed_file (sample, sample->worker,
                                            UD_HARDSHIP_CAUSE_MAJOR_ILLNESS, household);

  form_sample_set_today (2026, 4, 10);
  app->year = 2026;
  app->file_id = sample->file_id;
  claim->patient_name = g_strdup ("王强");
  claim->patient_id_number = g_strdup (sample->worker_id);
  claim->diagnosis = g_strdup ("肺癌");
  claim->hospital = g_strdup ("浙江省人民医院");
  claim->kind = UD_MEDICAL_KIND_INPATIENT;
  claim->admitted_date = g_strdup ("2026-03-20");
  claim->discharged_date = g_strdup ("2026-04-02");
  claim->total_fen = 5000000;
  claim->basic_insurance_fen = 3000000;
  claim->critical_insurance_fen = 500000;
  g_ptr_array_add (app->claims, claim);
  g_assert_true (ud_aid_store_create (db, ud_test_account (db, "clerk", UD_ROLE_CLERK), app,
                                      &error));
  g_assert_no_error (error);
  g_assert_true (ud_aid_store_submit (db, ud_test_account (db, "clerk", UD_ROLE_CLERK), app->id,
                                      &error));
  g_assert_no_error (error);
  g_assert_true (ud_aid_store_review (db, ud_test_account (db, "reviewer", UD_ROLE_REVIEWER),
                                      app->id, "符合医疗救助条件", &error));
  g_assert_no_error (error);
  g_assert_true (ud_aid_store_approve (db, ud_test_account (db, "approver", UD_ROLE_APPROVER),
                                       app->id, -1, NULL, &error));
  g_assert_no_error (error);
  sample->application_id = app->id;
  return sample;
}

static void
form_sample_free (FormSample *sample)
{
  ud_hardship_store_set_today (NULL);
  ud_aid_store_set_today (NULL);
  g_free (sample->worker_id);
  ud_test_db_free (sample->t);
  g_free (sample);
}
