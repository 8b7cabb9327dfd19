/* ud-member.c — a union member (会员) as a plain record
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-member"

#include <locale.h>
#include <string.h>

#include "ud-date.h"
#include "ud-error.h"
#include "ud-i18n.h"
#include "ud-member.h"
#include "ud-mobile.h"

G_DEFINE_BOXED_TYPE (UdMember, ud_member, ud_member_copy, ud_member_free)

#define NAME_MAX_CHARS 40

UdMember *
ud_member_new (void)
{
  UdMember *member = g_new0 (UdMember, 1);

  member->status = UD_MEMBER_STATUS_ACTIVE;
  member->join_channel = UD_JOIN_CHANNEL_UNKNOWN;
  member->new_employment = UD_NEW_EMPLOYMENT_NONE;
  return member;
}

UdMember *
ud_member_copy (const UdMember *member)
{
  UdMember *copy = g_memdup2 (member, sizeof *member);

  copy->uuid = g_strdup (member->uuid);
  copy->name = g_strdup (member->name);
  copy->id_number = g_strdup (member->id_number);
  copy->birth_date = g_strdup (member->birth_date);
  copy->mobile = g_strdup (member->mobile);
  copy->ethnicity = g_strdup (member->ethnicity);
  copy->join_date = g_strdup (member->join_date);
  copy->card_number = g_strdup (member->card_number);
  copy->status_date = g_strdup (member->status_date);
  copy->note = g_strdup (member->note);
  copy->created_at = g_strdup (member->created_at);
  copy->updated_at = g_strdup (member->updated_at);
  copy->employer_name = g_strdup (member->employer_name);
  copy->employer_credit_code = g_strdup (member->employer_credit_code);
  copy->org_name = g_strdup (member->org_name);
  copy->transfer_org_name = g_strdup (member->transfer_org_name);
  return copy;
}

void
ud_member_free (UdMember *member)
{
  if (member == NULL)
    return;

  g_free (member->uuid);
  g_free (member->name);
  g_free (member->id_number);
  g_free (member->birth_date);
  g_free (member->mobile);
  g_free (member->ethnicity);
  g_free (member->join_date);
  g_free (member->card_number);
  g_free (member->status_date);
  g_free (member->note);
  g_free (member->created_at);
  g_free (member->updated_at);
  g_free (member->employer_name);
  g_free (member->employer_credit_code);
  g_free (member->org_name);
  g_free (member->transfer_org_name);
  g_free (member);
}

/* Trims @field in place; an empty result becomes NULL. */
static void
tidy (char **field)
{
  if (*field == NULL)
    return;

  g_strstrip (*field);
  if (**field == '\0')
    g_clear_pointer (field, g_free);
}

static gboolean
validate_name (UdMember  *member,
               GError   **error)
{
  glong length;

  tidy (&member->name);
  if (member->name == NULL)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "name", _("Name: the name is missing"));
      return FALSE;
    }

  if (!g_utf8_validate (member->name, -1, NULL))
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "name",
                          _("Name: the text is not valid Unicode"));
      return FALSE;
    }

  length = g_utf8_strlen (member->name, -1);
  if (length > NAME_MAX_CHARS)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "name",
                          _("Name: at most %d characters"), NAME_MAX_CHARS);
      return FALSE;
    }

  for (const char *p = member->name; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isdigit (c) || g_unichar_iscntrl (c))
        {
          ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "name",
                              _("Name: “%s” contains digits or control characters"),
                              member->name);
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
ud_member_validate (UdMember     *member,
                    const GDate  *today,
                    GError      **error)
{
  UdIdNumber id;
  GDate real_today;
  char *mobile;

  g_return_val_if_fail (member != NULL, FALSE);

  if (today == NULL)
    {
      ud_date_today (&real_today);
      today = &real_today;
    }

  if (!validate_name (member, error))
    return FALSE;

  tidy (&member->id_number);
  if (member->id_number == NULL)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_ID_NUMBER, "id_number",
                          _("ID number: the ID number is missing"));
      return FALSE;
    }
  if (!ud_id_number_parse (member->id_number, today, &id, error))
    return FALSE;

  g_free (member->id_number);
  member->id_number = g_strdup (id.number);
  member->id_kind = id.kind;
  member->sex = id.sex;
  g_free (member->birth_date);
  member->birth_date = ud_date_format (&id.birth_date);

  tidy (&member->mobile);
  if (member->mobile != NULL)
    {
      mobile = ud_mobile_normalize (member->mobile, error);
      if (mobile == NULL)
        return FALSE;
      g_free (member->mobile);
      member->mobile = mobile;
    }

  tidy (&member->join_date);
  if (member->join_date != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      GDate join;

      if (!ud_date_parse (member->join_date, _("Join date"), &join, &local_error))
        {
          ud_set_field_error (error, UD_ERROR_INVALID_DATE, "join_date", "%s",
                              local_error->message);
          return FALSE;
        }
      if (g_date_compare (&join, today) > 0)
        {
          ud_set_field_error (error, UD_ERROR_INVALID_DATE, "join_date",
                              _("Join date: %s is in the future"), member->join_date);
          return FALSE;
        }
      if (g_date_compare (&join, &id.birth_date) < 0)
        {
          ud_set_field_error (error, UD_ERROR_INVALID_DATE, "join_date",
                              _("Join date: %s is before the member was born"),
                              member->join_date);
          return FALSE;
        }
      g_free (member->join_date);
      member->join_date = ud_date_format (&join);
    }

  tidy (&member->ethnicity);
  tidy (&member->card_number);
  tidy (&member->note);

  if (member->card_number != NULL)
    {
      char *upper = g_ascii_strup (member->card_number, -1);
      g_free (member->card_number);
      member->card_number = upper;
    }
  if (member->card_number != NULL && strlen (member->card_number) > 32)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "card_number",
                          _("Card number: at most 32 characters"));
      return FALSE;
    }

  if (member->org_id <= 0)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "org",
                          _("Union: choose the union the member belongs to"));
      return FALSE;
    }

  return TRUE;
}

JsonObject *
ud_member_to_json (const UdMember *member)
{
  JsonObject *object = json_object_new ();
  static const char *const kinds[] = { "resident", "hmt_residence", "foreign_permanent" };
  static const char *const sexes[] = { "unknown", "male", "female" };

  json_object_set_string_member (object, "uuid", member->uuid);
  json_object_set_int_member (object, "version", member->version);
  json_object_set_string_member (object, "name", member->name);
  json_object_set_string_member (object, "id_kind", kinds[member->id_kind]);
  json_object_set_string_member (object, "id_number", member->id_number);
  json_object_set_string_member (object, "sex", sexes[member->sex]);
  json_object_set_string_member (object, "birth_date", member->birth_date);
  json_object_set_string_member (object, "mobile", member->mobile);
  json_object_set_string_member (object, "ethnicity", member->ethnicity);
  json_object_set_string_member (object, "education",
                                 ud_enum_code (&ud_education_info, member->education));
  json_object_set_string_member (object, "hukou", ud_enum_code (&ud_hukou_info, member->hukou));
  json_object_set_string_member (object, "new_employment",
                                 ud_enum_code (&ud_new_employment_info, member->new_employment));
  json_object_set_string_member (object, "join_date", member->join_date);
  json_object_set_string_member (object, "join_channel",
                                 ud_enum_code (&ud_join_channel_info, member->join_channel));
  json_object_set_string_member (object, "card_number", member->card_number);
  json_object_set_string_member (object, "status",
                                 ud_enum_code (&ud_member_status_info, member->status));
  json_object_set_string_member (object, "status_date", member->status_date);
  json_object_set_string_member (object, "note", member->note);
  json_object_set_string_member (object, "employer_name", member->employer_name);
  json_object_set_string_member (object, "employer_credit_code", member->employer_credit_code);
  json_object_set_string_member (object, "created_at", member->created_at);
  json_object_set_string_member (object, "updated_at", member->updated_at);
  return object;
}

char *
ud_member_name_grams (const char *name)
{
  g_autoptr(GArray) chars = g_array_new (FALSE, FALSE, sizeof (gunichar));
  GString *grams = g_string_new (NULL);

  if (name == NULL)
    return g_string_free (grams, FALSE);

  for (const char *p = name; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_unichar_tolower (g_utf8_get_char (p));

      if (g_unichar_isalnum (c))
        g_array_append_val (chars, c);
    }

  for (guint length = 1; length <= 3; length++)
    for (guint start = 0; start + length <= chars->len; start++)
      {
        if (grams->len > 0)
          g_string_append_c (grams, ' ');
        for (guint i = start; i < start + length; i++)
          g_string_append_unichar (grams, g_array_index (chars, gunichar, i));
      }

  return g_string_free (grams, FALSE);
}

static locale_t
pinyin_locale (void)
{
  static gsize once = 0;
  static locale_t locale = (locale_t) 0;

  if (g_once_init_enter (&once))
    {
      locale = newlocale (LC_COLLATE_MASK, "zh_CN.UTF-8", (locale_t) 0);
      g_once_init_leave (&once, 1);
    }

  return locale;
}

GBytes *
ud_member_name_sort_key (const char *name)
{
  locale_t locale = pinyin_locale ();
  size_t needed;
  char *key;

  if (name == NULL)
    name = "";

  if (locale == (locale_t) 0)
    return g_bytes_new (name, strlen (name));

  needed = strxfrm_l (NULL, name, 0, locale);
  key = g_malloc (needed + 1);
  strxfrm_l (key, name, needed + 1, locale);
  return g_bytes_new_take (key, needed);
}
