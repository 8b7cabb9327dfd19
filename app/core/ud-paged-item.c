/* ud-paged-item.c — one row of a paged list: a record, or a placeholder while its page loads
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-paged-item"

#include "ud-paged-item.h"

struct _UdPagedItem
{
  GObject         parent_instance;

  gpointer        record;        /* owned, NULL while loading */
  GDestroyNotify  record_free;
};

G_DEFINE_FINAL_TYPE (UdPagedItem, ud_paged_item, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ud_paged_item_finalize (GObject *object)
{
  UdPagedItem *self = UD_PAGED_ITEM (object);

  if (self->record != NULL && self->record_free != NULL)
    self->record_free (self->record);
  self->record = NULL;

  G_OBJECT_CLASS (ud_paged_item_parent_class)->finalize (object);
}

static void
ud_paged_item_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  UdPagedItem *self = UD_PAGED_ITEM (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->record == NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ud_paged_item_class_init (UdPagedItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ud_paged_item_finalize;
  object_class->get_property = ud_paged_item_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ud_paged_item_init (UdPagedItem *self)
{
}

UdPagedItem *
ud_paged_item_new (GDestroyNotify record_free)
{
  UdPagedItem *self = g_object_new (UD_TYPE_PAGED_ITEM, NULL);

  self->record_free = record_free;
  return self;
}

gboolean
ud_paged_item_get_loading (UdPagedItem *self)
{
  g_return_val_if_fail (UD_IS_PAGED_ITEM (self), FALSE);

  return self->record == NULL;
}

gpointer
ud_paged_item_get_record (UdPagedItem *self)
{
  g_return_val_if_fail (UD_IS_PAGED_ITEM (self), NULL);

  return self->record;
}

void
ud_paged_item_take_record (UdPagedItem *self,
                           gpointer     record)
{
  g_return_if_fail (UD_IS_PAGED_ITEM (self));
  g_return_if_fail (record != NULL);

  if (self->record != NULL && self->record_free != NULL)
    self->record_free (self->record);
  self->record = record;

  /* Also when a row kept from before a reload gets its fresh record: views re-read it. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

gpointer
ud_paged_item_steal_record (UdPagedItem *self)
{
  g_return_val_if_fail (UD_IS_PAGED_ITEM (self), NULL);

  return g_steal_pointer (&self->record);
}
