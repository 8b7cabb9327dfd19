/* ud-enums.c — the closed lists of the domain, with stored codes and translated labels
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-enums"

#include <string.h>

#include "ud-enums.h"
#include "ud-i18n.h"

static const char *const ud_member_status_info_codes[] = {
  "applied", "active", "transfer_pending", "retained", "lapsed", "withdrawn", "expelled", "deceased",
};
static const char *const ud_member_status_info_labels[] = {
  N_("Applied"), N_("Active"), N_("Transfer pending"), N_("Retained"), N_("Lapsed"),
  N_("Withdrawn"), N_("Expelled"), N_("Deceased"),
};
static const char *const ud_member_status_info_aliases[] = {
  "申请中|已申请|待审核", "正常|在册|有效", "转会中|转出中|待转接", "保留会籍|保留", "失效|会籍失效|停止会籍",
  "退会|已退会", "除名|开除|开除会籍", "死亡|已故|去世",
};
UD_ENUM_INFO (ud_member_status_info, "member-status");

static const char *const ud_new_employment_info_codes[] = {
  "none", "courier", "food_delivery", "ride_hailing", "truck_driver", "caregiver", "domestic",
  "mall_info", "estate_agent", "security_guard", "other",
};
static const char *const ud_new_employment_info_labels[] = {
  N_("Not new employment"), N_("Courier"), N_("Food delivery rider"), N_("Ride-hailing driver"),
  N_("Truck driver"), N_("Caregiver"), N_("Domestic worker"), N_("Mall information clerk"),
  N_("Estate agent"), N_("Security guard"), N_("Other new employment"),
};
static const char *const ud_new_employment_info_aliases[] = {
  "无|非新就业形态|否|普通职工|",
  "快递|快递员|快递小哥|快递从业人员",
  "外卖|外卖员|外卖骑手|骑手|外卖送餐员|网约送餐员|网约配送员|送餐员",
  "网约车|网约车驾驶员|网约车司机|专车司机",
  "货车|货车驾驶员|货车司机|卡车司机",
  "护工|护理员|护工护理员",
  "家政|家政员|家政服务员",
  "商场信息员|信息员",
  "房产中介|房地产经纪人|中介",
  "保安|保安员",
  "其他|其他新就业形态|其他新就业形态劳动者",
};
UD_ENUM_INFO (ud_new_employment_info, "new-employment");

static const char *const ud_join_channel_info_codes[] = {
  "unknown", "on_site", "online", "qr_scan", "hotline",
};
static const char *const ud_join_channel_info_labels[] = {
  N_("Not recorded"), N_("On site"), N_("Online"), N_("QR code"), N_("Hotline"),
};
static const char *const ud_join_channel_info_aliases[] = {
  "未记录|",
  "现场|现场入会|线下|线下入会",
  "网上|网上入会|线上|线上入会|网络入会|APP入会",
  "扫码|扫码入会|二维码|二维码入会",
  "热线|热线入会|电话|电话入会|12351",
};
UD_ENUM_INFO (ud_join_channel_info, "join-channel");

static const char *const ud_org_kind_info_codes[] = {
  "city", "district", "street", "grassroots", "joint", "flowing",
};
static const char *const ud_org_kind_info_labels[] = {
  N_("City federation"), N_("District federation"), N_("Street/township federation"),
  N_("Grassroots union"), N_("Joint union"), N_("Flowing-member union"),
};
static const char *const ud_org_kind_info_aliases[] = {
  "市总工会|市总", "区总工会|区总|县总工会", "街道总工会|乡镇总工会|街道|乡镇",
  "基层工会|基层", "联合工会|联合", "流动会员工会|流动",
};
UD_ENUM_INFO (ud_org_kind_info, "org-kind");

static const char *const ud_education_info_codes[] = {
  "unknown", "primary", "junior", "senior", "college", "bachelor", "postgraduate",
};
static const char *const ud_education_info_labels[] = {
  N_("Not recorded"), N_("Primary school"), N_("Junior middle school"),
  N_("Senior middle / vocational school"), N_("Junior college"), N_("Bachelor's degree"),
  N_("Postgraduate"),
};
static const char *const ud_education_info_aliases[] = {
  "未记录|",
  "小学|小学及以下|文盲",
  "初中",
  "高中|中专|职高|技校|高中/中专",
  "大专|专科|高职",
  "本科|大学本科|大学",
  "研究生|硕士|博士|研究生及以上",
};
UD_ENUM_INFO (ud_education_info, "education");

static const char *const ud_hukou_info_codes[] = {
  "unknown", "urban", "rural",
};
static const char *const ud_hukou_info_labels[] = {
  N_("Not recorded"), N_("Urban"), N_("Rural"),
};
static const char *const ud_hukou_info_aliases[] = {
  "未记录|", "城镇|城镇户口|非农业|非农业户口|城市", "农村|农村户口|农业|农业户口",
};
UD_ENUM_INFO (ud_hukou_info, "hukou");

static const char *const ud_member_event_kind_info_codes[] = {
  "join", "activate", "transfer_out", "transfer_in", "transfer_cancel", "retain", "lapse",
  "withdraw", "expel", "decease", "reinstate", "correct",
};
static const char *const ud_member_event_kind_info_labels[] = {
  N_("Joined"), N_("Membership confirmed"), N_("Transfer started"), N_("Transfer received"),
  N_("Transfer cancelled"), N_("Membership retained"), N_("Membership lapsed"), N_("Withdrew"),
  N_("Expelled"), N_("Deceased"), N_("Reinstated"), N_("Record corrected"),
};
static const char *const ud_member_event_kind_info_aliases[] = {
  "入会", "会籍确认", "转出", "转入", "取消转会", "保留会籍", "会籍失效", "退会", "除名", "死亡",
  "恢复会籍", "信息更正",
};
UD_ENUM_INFO (ud_member_event_kind_info, "member-event");

const char *
ud_enum_code (const UdEnumInfo *info,
              int               value)
{
  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (value >= 0 && (guint) value < info->n_values, NULL);

  return info->codes[value];
}

const char *
ud_enum_label (const UdEnumInfo *info,
               int               value)
{
  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (value >= 0 && (guint) value < info->n_values, NULL);

  return g_dgettext (GETTEXT_PACKAGE, info->labels[value]);
}

gboolean
ud_enum_from_code (const UdEnumInfo *info,
                   const char       *code,
                   int              *value)
{
  g_return_val_if_fail (info != NULL, FALSE);

  if (code == NULL)
    return FALSE;

  for (guint i = 0; i < info->n_values; i++)
    if (strcmp (info->codes[i], code) == 0)
      {
        *value = (int) i;
        return TRUE;
      }

  return FALSE;
}

static gboolean
alias_matches (const char *aliases,
               const char *text)
{
  g_auto(GStrv) parts = g_strsplit (aliases, "|", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    if (g_utf8_collate (parts[i], text) == 0 || g_ascii_strcasecmp (parts[i], text) == 0)
      return TRUE;

  return FALSE;
}

gboolean
ud_enum_from_text (const UdEnumInfo *info,
                   const char       *text,
                   int              *value)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (info != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  trimmed = g_strstrip (g_strdup (text));

  for (guint i = 0; i < info->n_values; i++)
    {
      if (g_ascii_strcasecmp (info->codes[i], trimmed) == 0
          || g_ascii_strcasecmp (info->labels[i], trimmed) == 0
          || strcmp (g_dgettext (GETTEXT_PACKAGE, info->labels[i]), trimmed) == 0
          || alias_matches (info->aliases[i], trimmed))
        {
          *value = (int) i;
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
ud_member_status_is_live (UdMemberStatus status)
{
  return status == UD_MEMBER_STATUS_APPLIED
         || status == UD_MEMBER_STATUS_ACTIVE
         || status == UD_MEMBER_STATUS_TRANSFER_PENDING
         || status == UD_MEMBER_STATUS_RETAINED;
}
