/* ud-member-item.c — one row of a member list: a member, or a placeholder while its page loads
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-member-item"

#include "ud-member-item.h"

struct _UdMemberItem
{
  GObject   parent_instance;

  UdMember *member;   /* owned, NULL while loading */
};

G_DEFINE_FINAL_TYPE (UdMemberItem, ud_member_item, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_LOADING,
  PROP_MEMBER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ud_member_item_finalize (GObject *object)
{
  UdMemberItem *self = UD_MEMBER_ITEM (object);

  g_clear_pointer (&self->member, ud_member_free);

  G_OBJECT_CLASS (ud_member_item_parent_class)->finalize (object);
}

static void
ud_member_item_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  UdMemberItem *self = UD_MEMBER_ITEM (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->member == NULL);
      break;

    case PROP_MEMBER:
      g_value_set_boxed (value, self->member);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ud_member_item_class_init (UdMemberItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ud_member_item_finalize;
  object_class->get_property = ud_member_item_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MEMBER] =
    g_param_spec_boxed ("member", NULL, NULL, UD_TYPE_MEMBER,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ud_member_item_init (UdMemberItem *self)
{
}

UdMemberItem *
ud_member_item_new (void)
{
  return g_object_new (UD_TYPE_MEMBER_ITEM, NULL);
}

gboolean
ud_member_item_get_loading (UdMemberItem *self)
{
  g_return_val_if_fail (UD_IS_MEMBER_ITEM (self), FALSE);

  return self->member == NULL;
}

const UdMember *
ud_member_item_get_member (UdMemberItem *self)
{
  g_return_val_if_fail (UD_IS_MEMBER_ITEM (self), NULL);

  return self->member;
}

gint64
ud_member_item_get_id (UdMemberItem *self)
{
  g_return_val_if_fail (UD_IS_MEMBER_ITEM (self), 0);

  return self->member ? self->member->id : 0;
}

void
ud_member_item_take_member (UdMemberItem *self,
                            UdMember     *member)
{
  gboolean was_loading;

  g_return_if_fail (UD_IS_MEMBER_ITEM (self));
  g_return_if_fail (member != NULL);

  was_loading = self->member == NULL;
  g_clear_pointer (&self->member, ud_member_free);
  self->member = member;

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMBER]);
  if (was_loading)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  g_object_thaw_notify (G_OBJECT (self));
}
