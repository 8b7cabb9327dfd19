/* ud-payout-detail.c — one payout line: its account, fund, bank result and reissue
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What may change follows the line's status, as the core decides: the account and fund while
 * the line waits (the account again after a failure), the bank's result while it is in a batch
 * that went to the bank, a reissue after a failure. The amount is shown, never edited. Every
 * button goes through ud-payout-store.c, which checks the role again. */
#define G_LOG_DOMAIN "ud-payout-detail"

#include "ud-date.h"
#include "ud-form.h"
#include "ud-guard.h"
#include "ud-i18n.h"
#include "ud-mask.h"
#include "ud-money.h"
#include "ud-payout-detail.h"
#include "ud-payout-store.h"

struct _UdPayoutDetail
{
  AdwWindow       parent_instance;

  UdDatabase     *db;          /* owned */
  gint64          payout_id;
  UdPayout       *payout;      /* owned, or NULL */
  UdPayoutBatch  *batch;       /* owned, or NULL */

  /* template */
  AdwToastOverlay *toasts;
  GtkLabel       *error_label;
  AdwActionRow   *record_row;
  AdwActionRow   *payee_row;
  AdwActionRow   *amount_row;
  AdwComboRow    *fund_row;
  AdwActionRow   *status_row;
  GtkWidget      *account_group;
  AdwEntryRow    *bank_row;
  AdwEntryRow    *account_row;
  AdwEntryRow    *holder_row;
  AdwEntryRow    *holder_reason_row;
  GtkWidget      *save_button;
  GtkWidget      *result_group;
  AdwEntryRow    *voucher_row;
  AdwEntryRow    *date_row;
  AdwEntryRow    *reason_row;
  GtkWidget      *paid_button;
  GtkWidget      *failed_button;
  GtkWidget      *reissue_group;
  GtkWidget      *reissue_button;
};

G_DEFINE_FINAL_TYPE (UdPayoutDetail, ud_payout_detail, ADW_TYPE_WINDOW)

static void
show_error (UdPayoutDetail *self,
            const char     *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL && *message != '\0');
}

static void
set_entry (AdwEntryRow *row,
           const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
}

static void
reload (UdPayoutDetail *self)
{
  g_autoptr(GError) error = NULL;
  const UdAccount *account = ud_form_get_account (GTK_WIDGET (self));
  g_autofree char *amount = NULL;
  g_autofree char *payee = NULL;
  g_autofree char *status = NULL;
  g_autofree char *record = NULL;
  g_autofree char *masked_id = NULL;
  g_autofree char *title = NULL;
  gboolean editable;
  gboolean sent;

  g_clear_pointer (&self->payout, ud_payout_free);
  g_clear_pointer (&self->batch, ud_payout_batch_free);
  self->payout = ud_payout_store_get (self->db, self->payout_id, &error);
  if (self->payout == NULL)
    {
      show_error (self, error->message);
      return;
    }
  if (self->payout->batch_id != 0)
    self->batch = ud_payout_store_get_batch (self->db, self->payout->batch_id, NULL);

  /* Translators: the window title, "Payout of JZ2026-00001" */
  title = g_strdup_printf (_("Payout of %s"), self->payout->source_number);
  gtk_window_set_title (GTK_WINDOW (self), title);

  record = g_strdup_printf ("%s · %s · %s", self->payout->source_number,
                            ud_enum_label (&ud_payout_source_info, self->payout->source),
                            self->payout->org_name ? self->payout->org_name : "");
  adw_action_row_set_subtitle (self->record_row, record);
  masked_id = self->payout->payee_id_number ? ud_mask_id_number (self->payout->payee_id_number)
                                            : NULL;
  payee = masked_id ? g_strdup_printf ("%s  %s", self->payout->payee_name, masked_id)
                    : g_strdup (self->payout->payee_name);
  adw_action_row_set_subtitle (self->payee_row, payee);
  amount = ud_money_format_yuan (self->payout->amount_fen);
  adw_action_row_set_subtitle (self->amount_row, amount);
  adw_combo_row_set_selected (self->fund_row, self->payout->fund_source);

  status = ud_payout_dup_status_text (self->payout);
  adw_action_row_set_subtitle (self->status_row, status);

  set_entry (self->bank_row, self->payout->bank_name);
  set_entry (self->account_row, self->payout->bank_account);
  set_entry (self->holder_row, self->payout->bank_holder);
  set_entry (self->holder_reason_row, self->payout->holder_reason);

  /* What may change now. */
  editable = self->payout->status == UD_PAYOUT_PENDING
             || self->payout->status == UD_PAYOUT_FAILED;
  sent = self->payout->status == UD_PAYOUT_IN_BATCH && self->batch != NULL
         && self->batch->status != UD_PAYOUT_BATCH_OPEN;
  gtk_widget_set_sensitive (GTK_WIDGET (self->account_group), editable);
  /* A failed line keeps the account the bank was sent: the correction goes with the reissue. */
  gtk_widget_set_visible (self->save_button, self->payout->status == UD_PAYOUT_PENDING);
  gtk_widget_set_sensitive (GTK_WIDGET (self->fund_row),
                            self->payout->status == UD_PAYOUT_PENDING);
  gtk_widget_set_visible (self->result_group, sent);
  gtk_widget_set_visible (self->reissue_group, self->payout->status == UD_PAYOUT_FAILED);

  gtk_widget_set_tooltip_text (self->save_button, NULL);
  ud_form_guard (self->save_button, account, UD_ACTION_PAY);
  gtk_widget_set_tooltip_text (self->paid_button, NULL);
  ud_form_guard (self->paid_button, account, UD_ACTION_PAY);
  gtk_widget_set_tooltip_text (self->failed_button, NULL);
  ud_form_guard (self->failed_button, account, UD_ACTION_PAY);
  gtk_widget_set_tooltip_text (self->reissue_button, NULL);
  ud_form_guard (self->reissue_button, account, UD_ACTION_PAY);
  if (!ud_guard_allows (account, UD_ACTION_PAY))
    gtk_widget_set_sensitive (GTK_WIDGET (self->fund_row), FALSE);

  if (sent && *gtk_editable_get_text (GTK_EDITABLE (self->date_row)) == '\0')
    {
      g_autofree char *today_text = NULL;
      GDate today;

      ud_date_today (&today);
      today_text = ud_date_format (&today);
      set_entry (self->date_row, today_text);
    }
}

static void
done (UdPayoutDetail *self,
      gboolean        ok,
      GError         *error,
      const char     *message)
{
  if (!ok)
    {
      show_error (self, error->message);
      return;
    }
  show_error (self, NULL);
  reload (self);
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (message));
}

static void
save_clicked_cb (UdPayoutDetail *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bank = ud_form_dup_text (GTK_EDITABLE (self->bank_row));
  g_autofree char *account_text = ud_form_dup_text (GTK_EDITABLE (self->account_row));
  g_autofree char *holder = ud_form_dup_text (GTK_EDITABLE (self->holder_row));
  g_autofree char *reason = ud_form_dup_text (GTK_EDITABLE (self->holder_reason_row));
  const UdAccount *account = ud_form_get_account (GTK_WIDGET (self));
  gboolean ok;

  ok = ud_payout_store_set_account (self->db, account, self->payout_id, bank, account_text,
                                    holder, reason, &error);
  done (self, ok, error, _("The account was saved"));
}

static void
fund_changed_cb (UdPayoutDetail *self)
{
  g_autoptr(GError) error = NULL;
  guint fund = adw_combo_row_get_selected (self->fund_row);
  gboolean ok;

  if (self->payout == NULL || fund == GTK_INVALID_LIST_POSITION
      || fund == (guint) self->payout->fund_source
      || self->payout->status != UD_PAYOUT_PENDING)
    return;
  ok = ud_payout_store_set_fund_source (self->db, ud_form_get_account (GTK_WIDGET (self)),
                                        self->payout_id, fund, &error);
  done (self, ok, error, _("The fund was changed"));
}

static gboolean
read_date (UdPayoutDetail *self,
           GDate          *date)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = ud_form_dup_text (GTK_EDITABLE (self->date_row));

  if (!ud_date_parse (text, _("Value date"), date, &error))
    {
      show_error (self, error->message);
      return FALSE;
    }
  return TRUE;
}

static void
paid_clicked_cb (UdPayoutDetail *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *voucher = ud_form_dup_text (GTK_EDITABLE (self->voucher_row));
  GDate date;
  gboolean ok;

  if (!read_date (self, &date))
    return;
  ok = ud_payout_store_record_paid (self->db, ud_form_get_account (GTK_WIDGET (self)),
                                    self->payout_id, voucher, &date, &error);
  done (self, ok, error, _("Recorded as paid"));
}

static void
failed_clicked_cb (UdPayoutDetail *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = ud_form_dup_text (GTK_EDITABLE (self->reason_row));
  GDate date;
  gboolean ok;

  if (!read_date (self, &date))
    return;
  ok = ud_payout_store_record_failed (self->db, ud_form_get_account (GTK_WIDGET (self)),
                                      self->payout_id, reason, &date, &error);
  done (self, ok, error, _("Recorded as failed"));
}

static void
reissue_clicked_cb (UdPayoutDetail *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bank = ud_form_dup_text (GTK_EDITABLE (self->bank_row));
  g_autofree char *account_text = ud_form_dup_text (GTK_EDITABLE (self->account_row));
  g_autofree char *holder = ud_form_dup_text (GTK_EDITABLE (self->holder_row));
  g_autofree char *reason = ud_form_dup_text (GTK_EDITABLE (self->holder_reason_row));
  gint64 new_id = 0;
  gboolean ok;

  ok = ud_payout_store_reissue (self->db, ud_form_get_account (GTK_WIDGET (self)),
                                self->payout_id, bank, account_text, holder, reason, &new_id,
                                &error);
  if (ok)
    self->payout_id = new_id;
  done (self, ok, error, _("A new line pays it again: put it in a new batch"));
}

gint64
ud_payout_detail_get_payout (UdPayoutDetail *self)
{
  g_return_val_if_fail (UD_IS_PAYOUT_DETAIL (self), 0);

  return self->payout_id;
}

static void
ud_payout_detail_dispose (GObject *object)
{
  UdPayoutDetail *self = UD_PAYOUT_DETAIL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), UD_TYPE_PAYOUT_DETAIL);
  g_clear_pointer (&self->payout, ud_payout_free);
  g_clear_pointer (&self->batch, ud_payout_batch_free);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (ud_payout_detail_parent_class)->dispose (object);
}

static void
ud_payout_detail_class_init (UdPayoutDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ud_payout_detail_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               UD_RESOURCE_PATH "ud-payout-detail.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, UdPayoutDetail, name)
  BIND (toasts);
  BIND (error_label);
  BIND (record_row);
  BIND (payee_row);
  BIND (amount_row);
  BIND (fund_row);
  BIND (status_row);
  BIND (account_group);
  BIND (bank_row);
  BIND (account_row);
  BIND (holder_row);
  BIND (holder_reason_row);
  BIND (save_button);
  BIND (result_group);
  BIND (voucher_row);
  BIND (date_row);
  BIND (reason_row);
  BIND (paid_button);
  BIND (failed_button);
  BIND (reissue_group);
  BIND (reissue_button);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, paid_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, failed_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, reissue_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ud_payout_detail_init (UdPayoutDetail *self)
{
  g_autoptr(GListModel) funds = ud_form_enum_model_new (&ud_fund_source_info);

  gtk_widget_init_template (GTK_WIDGET (self));
  adw_combo_row_set_model (self->fund_row, funds);
  g_signal_connect_swapped (self->fund_row, "notify::selected", G_CALLBACK (fund_changed_cb),
                            self);
}

UdPayoutDetail *
ud_payout_detail_present (GtkWidget  *parent,
                          UdDatabase *db,
                          gint64      payout_id)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();
  UdPayoutDetail *self;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (UD_IS_PAYOUT_DETAIL (l->data) && UD_PAYOUT_DETAIL (l->data)->payout_id == payout_id
        && UD_PAYOUT_DETAIL (l->data)->db == db)
      {
        gtk_window_present (l->data);
        return l->data;
      }

  self = g_object_new (UD_TYPE_PAYOUT_DETAIL, NULL);
  self->db = g_object_ref (db);
  self->payout_id = payout_id;
  /* Transient for the main window: the buttons act as its account. */
  gtk_window_set_transient_for (GTK_WINDOW (self), ud_form_get_window (parent));
  reload (self);
  gtk_window_present (GTK_WINDOW (self));
  return self;
}
