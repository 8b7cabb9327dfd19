/* ud-hardship-enums.c — the closed lists of hardship files (困难职工档案)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-hardship-enums"

#include <string.h>

#include "ud-hardship-enums.h"
#include "ud-i18n.h"

static const char *const ud_hardship_category_info_codes[] = {
  "none", "deep", "relative", "accident",
};
static const char *const ud_hardship_category_info_labels[] = {
  N_("Not in hardship"), N_("Deep hardship"), N_("Relative hardship"),
  N_("Accident-caused hardship"),
};
static const char *const ud_hardship_category_info_aliases[] = {
  "不困难|非困难|无|", "深度困难|深困|深度困难职工", "相对困难|相对困难职工|一般困难",
  "意外致困|意外致困职工",
};
UD_ENUM_INFO (ud_hardship_category_info, "hardship-category");

static const char *const ud_hardship_cause_info_codes[] = {
  "none", "no_work_capacity", "unemployed", "laid_off", "uninsured", "benefits_not_received",
  "major_illness", "natural_disaster", "accident", "schooling", "other",
};
static const char *const ud_hardship_cause_info_labels[] = {
  N_("No cause given"), N_("No working capacity"), N_("Unemployed though able to work"),
  N_("Laid off"), N_("Not insured"), N_("Benefits not received"), N_("Major illness"),
  N_("Natural disaster"), N_("Accident"), N_("Children’s schooling"), N_("Other cause"),
};
static const char *const ud_hardship_cause_info_aliases[] = {
  "无|", "丧失劳动能力|无劳动能力", "失业|有劳动能力但失业|失业未就业", "下岗|下岗失业",
  "未参保|未参加社会保险", "社保待遇未落实|待遇未落实|未享受待遇", "大病|重大疾病|因病",
  "自然灾害|因灾", "意外事故|突发事件|因意外", "子女上学|因学|子女教育", "其他",
};
UD_ENUM_INFO (ud_hardship_cause_info, "hardship-cause");

static const char *const ud_hardship_status_info_codes[] = {
  "draft", "submitted", "verifying", "publicised", "reviewed", "active", "annual_review",
  "returned", "rejected", "exited",
};
static const char *const ud_hardship_status_info_labels[] = {
  N_("Draft"), N_("Submitted"), N_("Being verified"), N_("In publicity"), N_("Reviewed"),
  N_("Filed"), N_("In annual review"), N_("Returned"), N_("Rejected"), N_("Exited"),
};
static const char *const ud_hardship_status_info_aliases[] = {
  "草稿", "已提交|待核实", "核实中|入户核实", "公示中|公示", "已审核|待审批", "已建档|在档|有效",
  "年审中|年度复核", "已退回|退回", "不予建档|已驳回|驳回", "已退出|退出|脱困",
};
UD_ENUM_INFO (ud_hardship_status_info, "hardship-status");

static const char *const ud_hardship_exit_reason_info_codes[] = {
  "none", "out_of_hardship", "retired", "moved_away", "deceased", "not_eligible",
};
static const char *const ud_hardship_exit_reason_info_labels[] = {
  N_("Not exited"), N_("Out of hardship"), N_("Retired"), N_("Moved away"), N_("Deceased"),
  N_("No longer eligible"),
};
static const char *const ud_hardship_exit_reason_info_aliases[] = {
  "未退出|", "脱困|已脱困|解困", "退休|已退休", "迁出|调离|离开本地", "死亡|去世|已故",
  "不再符合条件|不符合条件",
};
UD_ENUM_INFO (ud_hardship_exit_reason_info, "hardship-exit-reason");

static const char *const ud_relation_info_codes[] = {
  "spouse", "child", "parent", "other",
};
static const char *const ud_relation_info_labels[] = {
  N_("Spouse"), N_("Child"), N_("Parent"), N_("Other relative"),
};
static const char *const ud_relation_info_aliases[] = {
  "配偶|妻子|丈夫|夫妻", "子女|儿子|女儿|子|女", "父母|父亲|母亲|父|母", "其他|其他亲属",
};
UD_ENUM_INFO (ud_relation_info, "relation");

static const char *const ud_hardship_document_info_codes[] = {
  "id_card", "hukou_book", "income_proof", "medical_records", "disability_cert", "dibao_cert",
  "unemployment_cert", "application_form", "other",
};
static const char *const ud_hardship_document_info_labels[] = {
  N_("ID card"), N_("Household register"), N_("Proof of income"), N_("Medical records"),
  N_("Disability certificate"), N_("Minimum living allowance certificate"),
  N_("Unemployment certificate"), N_("Application form"), N_("Other documents"),
};
static const char *const ud_hardship_document_info_aliases[] = {
  "身份证", "户口簿|户口本", "收入证明", "病历|病历资料|诊断证明", "残疾证", "低保证",
  "失业证|失业登记证", "申请表|困难职工申请表", "其他材料|其他",
};
UD_ENUM_INFO (ud_hardship_document_info, "hardship-document");

static const char *const ud_work_status_info_codes[] = {
  "unknown", "employed", "flexible", "unemployed", "laid_off", "sick_leave",
};
static const char *const ud_work_status_info_labels[] = {
  N_("Not recorded"), N_("In work"), N_("Flexible employment"), N_("Unemployed"),
  N_("Laid off"), N_("On sick leave"),
};
static const char *const ud_work_status_info_aliases[] = {
  "未记录|", "在岗|在职", "灵活就业", "失业|无业", "下岗", "病休|长期病休",
};
UD_ENUM_INFO (ud_work_status_info, "work-status");

static const char *const ud_health_info_codes[] = {
  "unknown", "healthy", "chronic_illness", "major_illness", "disabled",
};
static const char *const ud_health_info_labels[] = {
  N_("Not recorded"), N_("Healthy"), N_("Chronic illness"), N_("Major illness"), N_("Disabled"),
};
static const char *const ud_health_info_aliases[] = {
  "未记录|", "健康|良好", "慢性病|长期慢性病", "大病|重病|重大疾病", "残疾",
};
UD_ENUM_INFO (ud_health_info, "health");

static const char *const ud_housing_info_codes[] = {
  "unknown", "owned", "rented", "public_rental", "borrowed", "none",
};
static const char *const ud_housing_info_labels[] = {
  N_("Not recorded"), N_("Own home"), N_("Rented"), N_("Public rental housing"),
  N_("Staying with others"), N_("No fixed home"),
};
static const char *const ud_housing_info_aliases[] = {
  "未记录|", "自有住房|自有", "租房|租赁", "公租房|廉租房", "借住", "无固定住所|无房",
};
UD_ENUM_INFO (ud_housing_info, "housing");

gboolean
ud_hardship_status_is_live (UdHardshipStatus status)
{
  return status != UD_HARDSHIP_STATUS_REJECTED && status != UD_HARDSHIP_STATUS_EXITED;
}

char *
ud_enum_bits_to_codes (const UdEnumInfo *info,
                       guint             bits)
{
  GString *codes = g_string_new (NULL);

  g_return_val_if_fail (info != NULL, NULL);

  for (guint i = 0; i < info->n_values && i < 32; i++)
    if (bits & (1u << i))
      {
        if (codes->len > 0)
          g_string_append_c (codes, ',');
        g_string_append (codes, info->codes[i]);
      }

  return g_string_free (codes, FALSE);
}

guint
ud_enum_bits_from_codes (const UdEnumInfo *info,
                         const char       *codes)
{
  g_auto(GStrv) parts = NULL;
  guint bits = 0;

  g_return_val_if_fail (info != NULL, 0);

  if (codes == NULL)
    return 0;

  parts = g_strsplit (codes, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      int value;

      if (ud_enum_from_code (info, g_strstrip (parts[i]), &value) && value < 32)
        bits |= 1u << value;
    }

  return bits;
}
