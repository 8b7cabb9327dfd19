/* ud-insurance-page.c — the mutual-insurance section (互助保障): claims, enrollments and plans
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three views in an AdwViewStack. Claims and enrollments are GtkListViews over
 * UdPagedListModels: the count and the pages of rows are read by the insurance store in the
 * model's worker thread, a row shows "…" until its page arrives, and every filter re-issues the
 * query. The plans are seven rows; the administrator opens one to edit it. Enrolling a roster
 * (thousands of members) runs in a worker thread in its own dialog. Ctrl+N reports a claim. */
#define G_LOG_DOMAIN "ud-insurance-page"

#include <string.h>

#include "ud-date.h"
#include "ud-form.h"
#include "ud-guard.h"
#include "ud-i18n.h"
#include "ud-insurance-claim-detail.h"
#include "ud-insurance-claim-editor.h"
#include "ud-insurance-page.h"
#include "ud-insurance-plan-dialog.h"
#include "ud-insurance-roster-dialog.h"
#include "ud-insurance-store.h"
#include "ud-list-columns.h"
#include "ud-money.h"
#include "ud-paged-list-model.h"


enum
{
  CLAIM_NUMBER,
  CLAIM_MEMBER,
  CLAIM_PLAN,
  CLAIM_EVENT,
  CLAIM_DATE,
  CLAIM_ASSESSED,
  CLAIM_APPROVED,
  CLAIM_STATUS,
  N_CLAIM_COLUMNS
};

static const UdListColumn claim_columns[N_CLAIM_COLUMNS] = {
  [CLAIM_NUMBER] = { NC_("insurance list column", "Number"), 110, FALSE, TRUE, FALSE },
  [CLAIM_MEMBER] = { NC_("insurance list column", "Member"), 72, TRUE, FALSE, FALSE },
  [CLAIM_PLAN] = { NC_("insurance list column", "Plan"), 110, FALSE, FALSE, FALSE },
  [CLAIM_EVENT] = { NC_("insurance list column", "Event"), 100, FALSE, FALSE, FALSE },
  [CLAIM_DATE] = { NC_("insurance list column", "Event date"), 90, FALSE, TRUE, FALSE },
  [CLAIM_ASSESSED] = { NC_("insurance list column", "Assessed"), 90, FALSE, TRUE, TRUE },
  [CLAIM_APPROVED] = { NC_("insurance list column", "Approved"), 90, FALSE, TRUE, TRUE },
  [CLAIM_STATUS] = { NC_("insurance list column", "Status"), 80, FALSE, FALSE, FALSE },
};

enum
{
  ENROLLMENT_ROSTER,
  ENROLLMENT_MEMBER,
  ENROLLMENT_ID,
  ENROLLMENT_PLAN,
  ENROLLMENT_SHARES,
  ENROLLMENT_PREMIUM,
  ENROLLMENT_PAYER,
  ENROLLMENT_COVERAGE,
  ENROLLMENT_STATUS,
  N_ENROLLMENT_COLUMNS
};

static const UdListColumn enrollment_columns[N_ENROLLMENT_COLUMNS] = {
  [ENROLLMENT_ROSTER] = { NC_("insurance list column", "Roster"), 96, FALSE, TRUE, FALSE },
  [ENROLLMENT_MEMBER] = { NC_("insurance list column", "Member"), 72, TRUE, FALSE, FALSE },
  [ENROLLMENT_ID] = { NC_("insurance list column", "ID number"), 150, FALSE, TRUE, FALSE },
  [ENROLLMENT_PLAN] = { NC_("insurance list column", "Plan"), 110, FALSE, FALSE, FALSE },
  [ENROLLMENT_SHARES] = { NC_("insurance list column", "Shares"), 40, FALSE, TRUE, TRUE },
  [ENROLLMENT_PREMIUM] = { NC_("insurance list column", "Premium"), 70, FALSE, TRUE, TRUE },
  [ENROLLMENT_PAYER] = { NC_("insurance list column", "Payer"), 50, FALSE, FALSE, FALSE },
  [ENROLLMENT_COVERAGE] = { NC_("insurance list column", "Coverage"), 170, FALSE, TRUE, FALSE },
  [ENROLLMENT_STATUS] = { NC_("insurance list column", "Status"), 72, FALSE, FALSE, FALSE },
};

struct _UdInsurancePage
{
  GtkWidget         parent_instance;


  UdDatabase       *db;                    /* owned */
  UdPagedListModel *claims;                /* owned: UdInsuranceClaim records */
  UdPagedListModel *enrollments;           /* owned: UdInsuranceEnrollment records */
  UdListColumns    *claim_columns;         /* owned */
  UdListColumns    *enrollment_columns;    /* owned */

  /* template */
  AdwViewStack     *view_stack;
  GtkWidget        *new_claim_button;
  GtkDropDown      *claim_status_dropdown;
  GtkSearchEntry   *claim_search;
  GtkLabel         *claims_count;
  GtkStack         *claims_stack;
  GtkWidget        *claims_header;
  GtkListView      *claims_view;
  AdwStatusPage    *claims_empty;
  GtkWidget        *roster_button;
  GtkWidget        *payment_button;
  GtkSearchEntry   *enrollment_search;
  GtkLabel         *enrollments_count;
  GtkStack         *enrollments_stack;
  GtkWidget        *enrollments_header;
  GtkListView      *enrollments_view;
  AdwStatusPage    *enrollments_empty;
  GtkListBox       *plans_list;
};

G_DEFINE_FINAL_TYPE (UdInsurancePage, ud_insurance_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_DATABASE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Rows shared by both lists */

/* Fills the cells of a row; the last column is the status. */
static void
set_cells (GtkWidget         *box,
           const char *const *texts,
           guint              n,
           const char        *status_class,
           const char        *status_tooltip)
{
  g_autofree char *accessible = g_strjoinv (" ", (char **) texts);

  for (guint i = 0; i < n; i++)
    ud_list_columns_set (box, i, texts[i], i == n - 1 ? status_class : NULL,
                         i == n - 1 ? status_tooltip : NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
}

/* Claims */

static void
update_claim_row (GtkListItem *list_item)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  UdPagedItem *item = gtk_list_item_get_item (list_item);
  const UdInsuranceClaim *c = item ? ud_paged_item_get_record (item) : NULL;
  g_autofree char *event = NULL;
  g_autofree char *assessed = NULL;
  g_autofree char *approved = NULL;
  const char *texts[N_CLAIM_COLUMNS + 1] = { NULL };
  const char *status_class = NULL;

  if (c == NULL)
    {
      texts[0] = "…";
      for (guint i = 1; i < N_CLAIM_COLUMNS; i++)
        texts[i] = "";
      set_cells (box, texts, N_CLAIM_COLUMNS, NULL, NULL);
      return;
    }

  event = ud_insurance_event_dup_label (c->event);
  assessed = c->assessed_date != NULL ? ud_money_format (c->assessed_fen) : g_strdup ("—");
  approved = ud_insurance_claim_status_is_granted (c->status) ? ud_money_format (c->approved_fen)
                                                              : g_strdup ("—");
  if (c->status == UD_INSURANCE_CLAIM_PAYMENT_FAILED)
    status_class = "warning";
  else if (ud_insurance_claim_status_is_granted (c->status))
    status_class = "success";
  else if (c->status == UD_INSURANCE_CLAIM_REJECTED)
    status_class = "dim-label";

  texts[CLAIM_NUMBER] = c->number;
  texts[CLAIM_MEMBER] = c->member_name;
  texts[CLAIM_PLAN] = c->plan_name;
  texts[CLAIM_EVENT] = event;
  texts[CLAIM_DATE] = c->event_date;
  texts[CLAIM_ASSESSED] = assessed;
  texts[CLAIM_APPROVED] = approved;
  texts[CLAIM_STATUS] = ud_enum_label (&ud_insurance_claim_status_info, c->status);
  set_cells (box, texts, N_CLAIM_COLUMNS, status_class, c->status_reason);
}

static void
update_enrollment_row (GtkListItem *list_item)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  UdPagedItem *item = gtk_list_item_get_item (list_item);
  const UdInsuranceEnrollment *e = item ? ud_paged_item_get_record (item) : NULL;
  g_autofree char *shares = NULL;
  g_autofree char *premium = NULL;
  g_autofree char *coverage = NULL;
  const char *texts[N_ENROLLMENT_COLUMNS + 1] = { NULL };
  const char *status_class = NULL;

  if (e == NULL)
    {
      texts[0] = "…";
      for (guint i = 1; i < N_ENROLLMENT_COLUMNS; i++)
        texts[i] = "";
      set_cells (box, texts, N_ENROLLMENT_COLUMNS, NULL, NULL);
      return;
    }

  shares = g_strdup_printf ("%d", e->shares);
  premium = ud_money_format (e->premium_fen);
  coverage = e->coverage_start != NULL ? g_strdup_printf (_("%s – %s"), e->coverage_start,
                                                          e->term_end)
                                       : g_strdup ("—");
  if (e->status == UD_INSURANCE_ENROLLMENT_COVERED)
    status_class = "success";
  else if (e->status == UD_INSURANCE_ENROLLMENT_CANCELLED)
    status_class = "dim-label";

  texts[ENROLLMENT_ROSTER] = e->roster;
  texts[ENROLLMENT_MEMBER] = e->member_name;
  texts[ENROLLMENT_ID] = e->member_id_masked;
  texts[ENROLLMENT_PLAN] = e->plan.name;
  texts[ENROLLMENT_SHARES] = shares;
  texts[ENROLLMENT_PREMIUM] = premium;
  texts[ENROLLMENT_PAYER] = ud_enum_label (&ud_insurance_payer_info, e->payer);
  texts[ENROLLMENT_COVERAGE] = coverage;
  texts[ENROLLMENT_STATUS] = ud_enum_label (&ud_insurance_enrollment_status_info, e->status);
  set_cells (box, texts, N_ENROLLMENT_COLUMNS, status_class, e->cancel_reason);
}

static void
claim_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                UdInsurancePage          *self)
{
  gtk_list_item_set_child (list_item, ud_list_columns_row_new (self->claim_columns));
}

static void
enrollment_setup_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     UdInsurancePage          *self)
{
  gtk_list_item_set_child (list_item, ud_list_columns_row_new (self->enrollment_columns));
}

static void
claim_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               UdInsurancePage          *self)
{
  g_signal_connect_swapped (gtk_list_item_get_item (list_item), "notify::loading",
                            G_CALLBACK (update_claim_row), list_item);
  update_claim_row (list_item);
}

static void
claim_unbind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 UdInsurancePage          *self)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (list_item), update_claim_row,
                                        list_item);
}

static void
enrollment_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    UdInsurancePage          *self)
{
  g_signal_connect_swapped (gtk_list_item_get_item (list_item), "notify::loading",
                            G_CALLBACK (update_enrollment_row), list_item);
  update_enrollment_row (list_item);
}

static void
enrollment_unbind_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item,
                      UdInsurancePage          *self)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (list_item),
                                        update_enrollment_row, list_item);
}

/* The queries and the model callbacks, run in the model's worker thread. */

typedef struct
{
  UdInsuranceClaimFilter filter;
  char                  *search;   /* owned */
} ClaimQuery;

static void
claim_query_free (ClaimQuery *query)
{
  g_free (query->search);
  g_free (query);
}

static guint
count_claims (UdDatabase  *worker,
              gpointer     query,
              GError     **error)
{
  ClaimQuery *claim_query = query;
  guint count = 0;

  ud_insurance_store_count_claims (worker, &claim_query->filter, &count, error);
  return count;
}

static GPtrArray *
fetch_claims (UdDatabase  *worker,
              gpointer     query,
              guint        offset,
              guint        limit,
              GError     **error)
{
  ClaimQuery *claim_query = query;

  return ud_insurance_store_list_claims (worker, &claim_query->filter, offset, limit, error);
}

typedef struct
{
  UdInsuranceEnrollmentFilter filter;
  char                       *search;   /* owned */
} EnrollmentQuery;

static void
enrollment_query_free (EnrollmentQuery *query)
{
  g_free (query->search);
  g_free (query);
}

static guint
count_enrollments (UdDatabase  *worker,
                   gpointer     query,
                   GError     **error)
{
  EnrollmentQuery *enrollment_query = query;
  guint count = 0;

  ud_insurance_store_count_enrollments (worker, &enrollment_query->filter, &count, error);
  return count;
}

static GPtrArray *
fetch_enrollments (UdDatabase  *worker,
                   gpointer     query,
                   guint        offset,
                   guint        limit,
                   GError     **error)
{
  EnrollmentQuery *enrollment_query = query;

  return ud_insurance_store_list_enrollments (worker, &enrollment_query->filter, offset, limit,
                                              error);
}

static void
load_claims (UdInsurancePage *self)
{
  ClaimQuery *query;
  guint status;

  if (self->claims == NULL)
    return;

  query = g_new0 (ClaimQuery, 1);
  query->search = ud_form_dup_text (GTK_EDITABLE (self->claim_search));
  status = gtk_drop_down_get_selected (self->claim_status_dropdown);
  query->filter.search = *query->search ? query->search : NULL;
  query->filter.filter_status = status != 0 && status != GTK_INVALID_LIST_POSITION;
  query->filter.status = query->filter.filter_status ? (UdInsuranceClaimStatus) (status - 1) : 0;
  ud_paged_list_model_set_query (self->claims, query, (GDestroyNotify) claim_query_free);
}

static void
load_enrollments (UdInsurancePage *self)
{
  EnrollmentQuery *query;

  if (self->enrollments == NULL)
    return;

  query = g_new0 (EnrollmentQuery, 1);
  query->search = ud_form_dup_text (GTK_EDITABLE (self->enrollment_search));
  query->filter.search = *query->search ? query->search : NULL;
  ud_paged_list_model_set_query (self->enrollments, query,
                                   (GDestroyNotify) enrollment_query_free);
}

/* The count arrived (or failed): the count label and the empty state follow it. */
static void
claims_counted_cb (UdInsurancePage *self)
{
  const GError *error = ud_paged_list_model_get_error (self->claims);
  g_autofree char *search = ud_form_dup_text (GTK_EDITABLE (self->claim_search));
  gboolean filtered = *search != '\0' || gtk_drop_down_get_selected (self->claim_status_dropdown)
                                         > 0;
  g_autofree char *count_text = NULL;
  guint count;

  if (ud_paged_list_model_get_counting (self->claims))
    return;

  count = g_list_model_get_n_items (G_LIST_MODEL (self->claims));
  count_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u claim", "%u claims", count),
                                count);
  gtk_label_set_text (self->claims_count, error == NULL ? count_text : "");
  if (error != NULL)
    {
      adw_status_page_set_title (self->claims_empty, _("The Claims Cannot Be Read"));
      adw_status_page_set_description (self->claims_empty, error->message);
    }
  else if (count > 0)
    {
      gtk_stack_set_visible_child_name (self->claims_stack, "list");
      return;
    }
  else if (filtered)
    {
      adw_status_page_set_title (self->claims_empty, _("No Matching Claims"));
      adw_status_page_set_description (self->claims_empty,
                                       _("No claim matches the status and the search."));
    }
  else
    {
      adw_status_page_set_title (self->claims_empty, _("No Claims Yet"));
      adw_status_page_set_description (self->claims_empty,
                                       _("A claim (理赔) is reported on a member's paid "
                                         "enrollment with the event and its date. The reviewer "
                                         "marks the documents complete and assesses it against "
                                         "the plan; an approver approves it and the treasurer "
                                         "pays it. Press Ctrl+N to report one."));
    }
  gtk_stack_set_visible_child_name (self->claims_stack, "empty");
}

static void
enrollments_counted_cb (UdInsurancePage *self)
{
  const GError *error = ud_paged_list_model_get_error (self->enrollments);
  g_autofree char *search = ud_form_dup_text (GTK_EDITABLE (self->enrollment_search));
  g_autofree char *count_text = NULL;
  guint count;

  if (ud_paged_list_model_get_counting (self->enrollments))
    return;

  count = g_list_model_get_n_items (G_LIST_MODEL (self->enrollments));
  count_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u enrollment", "%u enrollments",
                                             count), count);
  gtk_label_set_text (self->enrollments_count, error == NULL ? count_text : "");
  if (error != NULL)
    {
      adw_status_page_set_title (self->enrollments_empty, _("The Enrollments Cannot Be Read"));
      adw_status_page_set_description (self->enrollments_empty, error->message);
    }
  else if (count > 0)
    {
      gtk_stack_set_visible_child_name (self->enrollments_stack, "list");
      return;
    }
  else if (*search != '\0')
    {
      adw_status_page_set_title (self->enrollments_empty, _("No Matching Enrollments"));
      adw_status_page_set_description (self->enrollments_empty,
                                       _("No enrollment matches the search."));
    }
  else
    {
      adw_status_page_set_title (self->enrollments_empty, _("No Enrollments Yet"));
      adw_status_page_set_description (self->enrollments_empty,
                                       _("Members are enrolled (参保) in a plan as a roster: the "
                                         "members of a union, or all its active members when "
                                         "the union pays. Members outside the plan's ages are "
                                         "refused with the reason. Cover starts the day after "
                                         "the treasurer records the premium payment."));
    }
  gtk_stack_set_visible_child_name (self->enrollments_stack, "empty");
}

/* Plans */

static void
fill_plans (UdInsurancePage *self)
{
  g_autoptr(GPtrArray) plans = ud_insurance_store_list_plans (self->db, NULL);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->plans_list))) != NULL)
    gtk_list_box_remove (self->plans_list, child);

  for (guint i = 0; plans != NULL && i < plans->len; i++)
    {
      UdInsurancePlanRecord *record = g_ptr_array_index (plans, i);
      const UdInsurancePlan *plan = &record->plan;
      g_autofree char *price = ud_money_format_yuan (plan->price_per_share_fen);
      g_autofree char *cap = ud_money_format_yuan (plan->per_term_cap_fen);
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();

      /* Translators: a plan's summary, “¥10.00 a share a year · at most 3 shares · ages 16–65 ·
       * waiting 0 days · up to ¥5,000.00 a share a term” */
      subtitle = g_strdup_printf (_("%s a share a year · %d year term · at most %d shares · "
                                    "ages %d–%d · waiting %d days · up to %s a share a term"),
                                  price, plan->term_years, plan->max_shares, plan->min_age,
                                  plan->max_age, plan->waiting_days, cap);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), plan->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("go-next-symbolic"));
      if (!record->active)
        {
          GtkWidget *inactive = gtk_label_new (_("No new enrollments"));

          gtk_widget_add_css_class (inactive, "dim-label");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), inactive);
        }
      g_object_set_data (G_OBJECT (row), "ud-plan-kind", GINT_TO_POINTER (plan->kind));
      gtk_list_box_append (self->plans_list, row);
    }
}

/* Callbacks */

static void
claims_filter_changed_cb (UdInsurancePage *self)
{
  load_claims (self);
}

static void
enrollments_filter_changed_cb (UdInsurancePage *self)
{
  load_enrollments (self);
}

static void
claims_activated_cb (UdInsurancePage *self,
                     guint            position)
{
  g_autoptr(UdPagedItem) item = g_list_model_get_item (G_LIST_MODEL (self->claims), position);
  const UdInsuranceClaim *claim = item ? ud_paged_item_get_record (item) : NULL;

  if (claim != NULL)
    ud_insurance_claim_detail_present (GTK_WIDGET (self), self->db, claim->id);
}

static void
enrollments_activated_cb (UdInsurancePage *self,
                          guint            position)
{
  g_autoptr(UdPagedItem) item = g_list_model_get_item (G_LIST_MODEL (self->enrollments),
                                                       position);
  const UdInsuranceEnrollment *e = item ? ud_paged_item_get_record (item) : NULL;

  /* The roster's other enrollments. */
  if (e != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->enrollment_search), e->roster);
}

static void
plan_activated_cb (UdInsurancePage *self,
                   GtkListBoxRow   *row)
{
  UdInsurancePlanKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row),
                                                                 "ud-plan-kind"));

  ud_insurance_plan_dialog_present (GTK_WIDGET (self), self->db, kind);
}

/* The same queries re-read: the rows shown stay until the fresh ones come. */
static void
database_changed_cb (UdInsurancePage *self,
                     const char      *entity)
{
  if (entity == NULL || g_str_equal (entity, "insurance_claim") || g_str_equal (entity, "payout")
      || g_str_equal (entity, "member"))
    ud_paged_list_model_reload (self->claims);
  if (entity == NULL || g_str_equal (entity, "insurance_enrollment")
      || g_str_equal (entity, "member"))
    ud_paged_list_model_reload (self->enrollments);
  if (entity == NULL || g_str_equal (entity, "insurance_plan"))
    fill_plans (self);
}

/* Actions */

static void
new_claim_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  UdInsurancePage *self = UD_INSURANCE_PAGE (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "claims");
  ud_insurance_claim_editor_present (widget, self->db);
}

static void
new_roster_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  UdInsurancePage *self = UD_INSURANCE_PAGE (widget);

  ud_insurance_roster_dialog_present (widget, self->db);
}

static void
payment_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     UdInsurancePage  *self)
{
  const UdAccount *account = ud_form_get_account (GTK_WIDGET (self));
  GtkWidget *box = adw_message_dialog_get_extra_child (dialog);
  GtkWidget *roster_entry = gtk_widget_get_first_child (box);
  GtkWidget *date_entry = gtk_widget_get_next_sibling (roster_entry);
  GtkWidget *note_entry = gtk_widget_get_next_sibling (date_entry);
  g_autofree char *roster = ud_form_dup_text (GTK_EDITABLE (roster_entry));
  g_autofree char *date = ud_form_dup_text (GTK_EDITABLE (date_entry));
  g_autofree char *note = ud_form_dup_text (GTK_EDITABLE (note_entry));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint n_paid = 0;
  guint n_cancelled = 0;

  if (!g_str_equal (response, "record"))
    return;
  if (!ud_insurance_store_record_payment (self->db, account, roster, date, note, &n_paid,
                                          &n_cancelled, &error))
    {
      ud_form_add_toast (GTK_WIDGET (self), error->message);
      return;
    }
  /* Translators: after recording a roster's premium payment */
  message = g_strdup_printf (_("Roster %s: %u covered from the day after payment, %u cancelled "
                               "(outside the ages)"), roster, n_paid, n_cancelled);
  ud_form_add_toast (GTK_WIDGET (self), message);
}

static void
record_payment_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  UdInsurancePage *self = UD_INSURANCE_PAGE (widget);
  g_autofree char *search = ud_form_dup_text (GTK_EDITABLE (self->enrollment_search));
  g_autofree char *today_text = NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *roster = gtk_entry_new ();
  GtkWidget *date = gtk_entry_new ();
  GtkWidget *note = gtk_entry_new ();
  GtkWidget *dialog;
  GDate today;

  ud_date_today (&today);
  today_text = ud_date_format (&today);
  gtk_entry_set_placeholder_text (GTK_ENTRY (roster), _("Roster number (BZ2026-0001)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (roster), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Roster number"), -1);
  if (g_str_has_prefix (search, "BZ"))
    gtk_editable_set_text (GTK_EDITABLE (roster), search);
  gtk_editable_set_text (GTK_EDITABLE (date), today_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (date), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Payment date"), -1);
  gtk_entry_set_placeholder_text (GTK_ENTRY (note), _("Voucher or transfer note"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (note), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Voucher or transfer note"), -1);
  gtk_box_append (GTK_BOX (box), roster);
  gtk_box_append (GTK_BOX (box), date);
  gtk_box_append (GTK_BOX (box), note);

  dialog = adw_message_dialog_new (ud_form_get_window (widget), _("Record the Premium Payment?"),
                                   _("Every unpaid enrollment of the roster is covered from "
                                     "00:00 the day after the payment date until the end of the "
                                     "plan's term."));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "record", _("_Record Payment"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "record",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (payment_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
ud_insurance_page_reload (UdInsurancePage *self)
{
  const UdAccount *account;

  g_return_if_fail (UD_IS_INSURANCE_PAGE (self));

  account = ud_form_get_account (GTK_WIDGET (self));
  gtk_widget_set_tooltip_text (self->new_claim_button, _("Report a claim (Ctrl+N)"));
  ud_form_guard (self->new_claim_button, account, UD_ACTION_HARDSHIP_WRITE);
  gtk_widget_set_tooltip_text (self->roster_button,
                               _("Enrol the members of a union in a plan for a term"));
  ud_form_guard (self->roster_button, account, UD_ACTION_HARDSHIP_WRITE);
  gtk_widget_set_tooltip_text (self->payment_button,
                               _("Record that a roster's premium was paid"));
  ud_form_guard (self->payment_button, account, UD_ACTION_PAY);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "insurance-page.new-claim",
                                 ud_guard_allows (account, UD_ACTION_HARDSHIP_WRITE));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "insurance-page.new-roster",
                                 ud_guard_allows (account, UD_ACTION_HARDSHIP_WRITE));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "insurance-page.record-payment",
                                 ud_guard_allows (account, UD_ACTION_PAY));
  load_claims (self);
  load_enrollments (self);
  fill_plans (self);
}

/* GObject */

static void
ud_insurance_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ud_insurance_page_parent_class)->map (widget);

  /* The account is known once the page is in its window. */
  ud_insurance_page_reload (UD_INSURANCE_PAGE (widget));
}

static GtkSelectionModel *
selection_new (GListModel *model)
{
  GtkSingleSelection *selection = gtk_single_selection_new (g_object_ref (model));

  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  return GTK_SELECTION_MODEL (selection);
}

static void
ud_insurance_page_constructed (GObject *object)
{
  UdInsurancePage *self = UD_INSURANCE_PAGE (object);
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);
  g_autoptr(GtkListItemFactory) claim_factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkListItemFactory) enrollment_factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkSelectionModel) claim_selection = NULL;
  g_autoptr(GtkSelectionModel) enrollment_selection = NULL;

  G_OBJECT_CLASS (ud_insurance_page_parent_class)->constructed (object);

  g_assert (UD_IS_DATABASE (self->db));

  self->claims = ud_paged_list_model_new (ud_database_get_path (self->db), count_claims,
                                          fetch_claims, (GDestroyNotify) ud_insurance_claim_free,
                                          0);
  g_signal_connect_object (self->claims, "notify::counting", G_CALLBACK (claims_counted_cb),
                           self, G_CONNECT_SWAPPED);
  self->enrollments = ud_paged_list_model_new (ud_database_get_path (self->db),
                                               count_enrollments, fetch_enrollments,
                                               (GDestroyNotify) ud_insurance_enrollment_free, 0);
  g_signal_connect_object (self->enrollments, "notify::counting",
                           G_CALLBACK (enrollments_counted_cb), self, G_CONNECT_SWAPPED);

  gtk_string_list_append (statuses, _("All statuses"));
  for (guint i = 0; i < ud_insurance_claim_status_info.n_values; i++)
    gtk_string_list_append (statuses, ud_enum_label (&ud_insurance_claim_status_info, (int) i));
  gtk_drop_down_set_model (self->claim_status_dropdown, G_LIST_MODEL (statuses));

  ud_list_columns_fill_header (self->claim_columns, self->claims_header);
  ud_list_columns_fill_header (self->enrollment_columns, self->enrollments_header);

  g_signal_connect (claim_factory, "setup", G_CALLBACK (claim_setup_cb), self);
  g_signal_connect (claim_factory, "bind", G_CALLBACK (claim_bind_cb), self);
  g_signal_connect (claim_factory, "unbind", G_CALLBACK (claim_unbind_cb), self);
  claim_selection = selection_new (G_LIST_MODEL (self->claims));
  gtk_list_view_set_factory (self->claims_view, claim_factory);
  gtk_list_view_set_model (self->claims_view, claim_selection);

  g_signal_connect (enrollment_factory, "setup", G_CALLBACK (enrollment_setup_cb), self);
  g_signal_connect (enrollment_factory, "bind", G_CALLBACK (enrollment_bind_cb), self);
  g_signal_connect (enrollment_factory, "unbind", G_CALLBACK (enrollment_unbind_cb), self);
  enrollment_selection = selection_new (G_LIST_MODEL (self->enrollments));
  gtk_list_view_set_factory (self->enrollments_view, enrollment_factory);
  gtk_list_view_set_model (self->enrollments_view, enrollment_selection);

  g_signal_connect_object (self->db, "changed", G_CALLBACK (database_changed_cb), self,
                           G_CONNECT_SWAPPED);
  load_claims (self);
  load_enrollments (self);
  fill_plans (self);
}

static void
ud_insurance_page_dispose (GObject *object)
{
  UdInsurancePage *self = UD_INSURANCE_PAGE (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), UD_TYPE_INSURANCE_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->claim_columns, ud_list_columns_free);
  g_clear_pointer (&self->enrollment_columns, ud_list_columns_free);
  g_clear_object (&self->claims);
  g_clear_object (&self->enrollments);
  /* Disposed is not finalized: no more database changes for it. */
  if (self->db != NULL)
    g_signal_handlers_disconnect_by_data (self->db, self);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (ud_insurance_page_parent_class)->dispose (object);
}

static void
ud_insurance_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  UdInsurancePage *self = UD_INSURANCE_PAGE (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      self->db = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ud_insurance_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  UdInsurancePage *self = UD_INSURANCE_PAGE (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->db);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ud_insurance_page_class_init (UdInsurancePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ud_insurance_page_constructed;
  object_class->dispose = ud_insurance_page_dispose;
  object_class->set_property = ud_insurance_page_set_property;
  object_class->get_property = ud_insurance_page_get_property;
  widget_class->map = ud_insurance_page_map;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL, UD_TYPE_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               UD_RESOURCE_PATH "ud-insurance-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, UdInsurancePage, name)
  BIND (view_stack);
  BIND (new_claim_button);
  BIND (claim_status_dropdown);
  BIND (claim_search);
  BIND (claims_count);
  BIND (claims_stack);
  BIND (claims_header);
  BIND (claims_view);
  BIND (claims_empty);
  BIND (roster_button);
  BIND (payment_button);
  BIND (enrollment_search);
  BIND (enrollments_count);
  BIND (enrollments_stack);
  BIND (enrollments_header);
  BIND (enrollments_view);
  BIND (enrollments_empty);
  BIND (plans_list);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, claims_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, enrollments_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, claims_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, enrollments_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, plan_activated_cb);

  gtk_widget_class_install_action (widget_class, "insurance-page.new-claim", NULL,
                                   new_claim_action);
  gtk_widget_class_install_action (widget_class, "insurance-page.new-roster", NULL,
                                   new_roster_action);
  gtk_widget_class_install_action (widget_class, "insurance-page.record-payment", NULL,
                                   record_payment_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "insurance-page.new-claim", NULL);
}

static void
ud_insurance_page_init (UdInsurancePage *self)
{
  self->claim_columns = ud_list_columns_new ("insurance list column", claim_columns,
                                             N_CLAIM_COLUMNS);
  self->enrollment_columns = ud_list_columns_new ("insurance list column", enrollment_columns,
                                                  N_ENROLLMENT_COLUMNS);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ud_insurance_page_new (UdDatabase *db)
{
  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);

  return g_object_new (UD_TYPE_INSURANCE_PAGE, "database", db, NULL);
}
