/* ud-demo.c — a realistic demo office: unions, employers and members made up for a seed
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The names, places and companies below are demo data for a Chinese district office, not
 * user-interface text, so they are not translated. Every value comes from one GRand, so a seed
 * gives the same office; the records go through the store like an import's. */
#define G_LOG_DOMAIN "ud-demo"

#include <string.h>

#include "ud-credit-code.h"
#include "ud-date.h"
#include "ud-demo.h"
#include "ud-employer.h"
#include "ud-enums.h"
#include "ud-error.h"
#include "ud-i18n.h"
#include "ud-id-number.h"
#include "ud-member-query.h"
#include "ud-member-store.h"
#include "ud-member.h"
#include "ud-org.h"

#define MEMBERS_PER_TRANSACTION 5000
#define CANCEL_CHECK_INTERVAL 256
#define MAX_ID_ATTEMPTS 1000
/* A bulk load touches index pages all over the file (ID numbers, UUIDs, name keys). With
 * SQLite's default 2 MiB page cache it spills and re-reads them many times per transaction;
 * this much cache for the run keeps a million members at a steady speed. */
#define BULK_CACHE_KIB 131072

#define OFFICE_NAME "拱墅区总工会"
#define OFFICE_REGION "330105"

typedef struct
{
  const char *text;
  guint       weight;
} Weighted;

/* Common surnames, weighted roughly by how many people carry them (per ten thousand). */
static const Weighted surnames[] = {
  { "王", 710 }, { "李", 700 }, { "张", 670 }, { "刘", 540 }, { "陈", 450 }, { "杨", 310 },
  { "黄", 260 }, { "赵", 230 }, { "吴", 200 }, { "周", 190 }, { "徐", 170 }, { "孙", 150 },
  { "马", 150 }, { "朱", 130 }, { "胡", 130 }, { "郭", 120 }, { "何", 120 }, { "高", 110 },
  { "林", 110 }, { "罗", 100 }, { "郑", 100 }, { "梁", 90 }, { "谢", 80 }, { "宋", 70 },
  { "唐", 70 }, { "许", 70 }, { "韩", 60 }, { "冯", 60 }, { "邓", 60 }, { "曹", 60 },
  { "彭", 60 }, { "曾", 60 }, { "肖", 60 }, { "田", 50 }, { "董", 50 }, { "袁", 50 },
  { "潘", 50 }, { "于", 50 }, { "蒋", 50 }, { "蔡", 50 }, { "余", 50 }, { "杜", 50 },
  { "叶", 50 }, { "程", 50 }, { "苏", 40 }, { "魏", 40 }, { "吕", 40 }, { "丁", 40 },
  { "任", 40 }, { "沈", 40 }, { "姚", 40 }, { "卢", 40 }, { "姜", 40 }, { "崔", 40 },
  { "钟", 40 }, { "谭", 30 }, { "陆", 30 }, { "汪", 30 }, { "范", 30 }, { "金", 30 },
  { "石", 30 }, { "廖", 30 }, { "贾", 30 }, { "夏", 30 }, { "韦", 30 }, { "付", 30 },
  { "方", 30 }, { "白", 30 }, { "邹", 30 }, { "孟", 30 }, { "熊", 30 }, { "秦", 30 },
  { "邱", 30 }, { "江", 30 }, { "尹", 30 }, { "薛", 30 }, { "闫", 30 }, { "段", 30 },
  { "雷", 30 }, { "侯", 30 }, { "龙", 30 }, { "史", 30 }, { "陶", 20 }, { "黎", 20 },
  { "贺", 20 }, { "顾", 20 }, { "毛", 20 }, { "郝", 20 }, { "龚", 20 }, { "邵", 20 },
  { "万", 20 }, { "钱", 20 }, { "严", 20 }, { "覃", 20 }, { "武", 20 }, { "戴", 20 },
  { "莫", 20 }, { "孔", 20 }, { "向", 20 }, { "汤", 20 }, { "欧阳", 5 }, { "诸葛", 1 },
};

static const char *const male_given[] = {
  "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华",
  "飞", "鑫", "波", "宇", "浩", "凯", "健", "俊", "帆", "帅", "旭", "宁", "龙", "林", "阳",
  "建", "国", "文", "志", "海", "峰", "东", "亮", "成", "晨", "博", "兵", "彬", "毅", "锋",
  "坤", "晖", "庆", "翔", "子", "轩", "泽", "睿", "豪", "嘉", "铭", "天", "昊", "永", "春",
  "德", "正", "荣", "新", "卫", "立", "胜", "家", "金", "根", "发", "贵", "福", "生", "祥",
};

static const char *const female_given[] = {
  "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕", "玲", "婷", "雪", "慧", "颖", "琳",
  "萍", "红", "梅", "莉", "洁", "倩", "佳", "欣", "怡", "雯", "晶", "丹", "蓉", "秀", "英",
  "兰", "凤", "琴", "云", "华", "月", "晓", "悦", "思", "雨", "梦", "诗", "瑶", "蕾", "璐",
  "菲", "妍", "茜", "薇", "露", "珍", "桂", "彩", "春", "玉", "秋", "美", "小", "嘉", "欢",
};

typedef struct
{
  const char *code;       /* a real county-level division code */
  guint       weight;
  const char *ethnic;     /* a minority common there, or NULL */
} Region;

/* Hangzhou districts (including the codes of districts merged since, which IDs keep), the rest of
 * Zhejiang, and the provinces many new-employment workers come from. */
static const Region local_regions[] = {
  { "330105", 30, NULL },  /* 拱墅区 */
  { "330103", 14, NULL },  /* 下城区 */
  { "330102", 12, NULL },  /* 上城区 */
  { "330104", 8, NULL },   /* 江干区 */
  { "330106", 10, NULL },  /* 西湖区 */
  { "330108", 5, NULL },   /* 滨江区 */
  { "330109", 6, NULL },   /* 萧山区 */
  { "330110", 6, NULL },   /* 余杭区 */
  { "330122", 3, NULL },   /* 桐庐县 */
  { "330127", 3, "畲族" }, /* 淳安县 */
  { "330182", 3, NULL },   /* 建德市 */
  { "330281", 2, NULL },   /* 余姚市 */
  { "330382", 2, NULL },   /* 乐清市 */
  { "331081", 2, NULL },   /* 温岭市 */
};

static const Region migrant_regions[] = {
  { "341221", 10, NULL },   /* 安徽 临泉县 */
  { "341222", 8, NULL },    /* 安徽 太和县 */
  { "341226", 7, NULL },    /* 安徽 颍上县 */
  { "341621", 6, NULL },    /* 安徽 涡阳县 */
  { "411522", 6, NULL },    /* 河南 光山县 */
  { "411524", 5, NULL },    /* 河南 商城县 */
  { "412726", 5, NULL },    /* 河南 郸城县 */
  { "362330", 5, NULL },    /* 江西 鄱阳县 */
  { "360731", 4, NULL },    /* 江西 于都县 */
  { "430524", 4, "苗族" },  /* 湖南 隆回县 */
  { "510921", 4, NULL },    /* 四川 蓬溪县 */
  { "522427", 4, "彝族" },  /* 贵州 威宁县 */
  { "320321", 3, NULL },    /* 江苏 丰县 */
  { "321323", 3, NULL },    /* 江苏 泗阳县 */
  { "500228", 3, "土家族" }, /* 重庆 梁平县 */
  { "500233", 3, "土家族" }, /* 重庆 忠县 */
  { "450881", 3, "壮族" },  /* 广西 桂平市 */
};

/* The streets of the district; each gets a federation, a joint union and a flowing-member union. */
static const char *const streets[] = {
  "米市巷街道", "湖墅街道", "小河街道", "和睦街道", "拱宸桥街道", "大关街道", "上塘街道",
  "祥符街道", "康桥街道", "半山街道", "武林街道", "天水街道", "朝晖街道", "潮鸣街道",
  "长庆街道", "石桥街道", "东新街道", "文晖街道",
};

typedef struct
{
  const char      *name;
  UdNewEmployment  category;
  const char      *region;
} Platform;

static const Platform platforms[] = {
  { "美团", UD_NEW_EMPLOYMENT_FOOD_DELIVERY, "330105" },
  { "饿了么", UD_NEW_EMPLOYMENT_FOOD_DELIVERY, "330106" },
  { "顺丰速运", UD_NEW_EMPLOYMENT_COURIER, "330105" },
  { "中通快递", UD_NEW_EMPLOYMENT_COURIER, "330110" },
  { "圆通速递", UD_NEW_EMPLOYMENT_COURIER, "330109" },
  { "韵达快递", UD_NEW_EMPLOYMENT_COURIER, "330110" },
  { "京东物流", UD_NEW_EMPLOYMENT_COURIER, "330105" },
  { "极兔速递", UD_NEW_EMPLOYMENT_COURIER, "330109" },
  { "闪送", UD_NEW_EMPLOYMENT_COURIER, "330106" },
  { "滴滴出行", UD_NEW_EMPLOYMENT_RIDE_HAILING, "330108" },
  { "曹操出行", UD_NEW_EMPLOYMENT_RIDE_HAILING, "330108" },
  { "T3出行", UD_NEW_EMPLOYMENT_RIDE_HAILING, "330106" },
  { "货拉拉", UD_NEW_EMPLOYMENT_TRUCK_DRIVER, "330105" },
  { "满帮集团", UD_NEW_EMPLOYMENT_TRUCK_DRIVER, "330110" },
  { "快狗打车", UD_NEW_EMPLOYMENT_TRUCK_DRIVER, "330102" },
  { "盒马鲜生", UD_NEW_EMPLOYMENT_OTHER, "330105" },
};

/* New-employment groups (the "eight groups" and riders) and how common each is among them. */
static const guint category_weights[] = {
  [UD_NEW_EMPLOYMENT_NONE] = 0,
  [UD_NEW_EMPLOYMENT_COURIER] = 25,
  [UD_NEW_EMPLOYMENT_FOOD_DELIVERY] = 30,
  [UD_NEW_EMPLOYMENT_RIDE_HAILING] = 14,
  [UD_NEW_EMPLOYMENT_TRUCK_DRIVER] = 9,
  [UD_NEW_EMPLOYMENT_CAREGIVER] = 5,
  [UD_NEW_EMPLOYMENT_DOMESTIC] = 5,
  [UD_NEW_EMPLOYMENT_MALL_INFO] = 2,
  [UD_NEW_EMPLOYMENT_ESTATE_AGENT] = 4,
  [UD_NEW_EMPLOYMENT_SECURITY_GUARD] = 4,
  [UD_NEW_EMPLOYMENT_OTHER] = 2,
};
#define N_CATEGORIES G_N_ELEMENTS (category_weights)

/* Industries of the service companies that employ the groups without platforms. */
static const char *const service_industry[N_CATEGORIES] = {
  [UD_NEW_EMPLOYMENT_CAREGIVER] = "护理服务",
  [UD_NEW_EMPLOYMENT_DOMESTIC] = "家政服务",
  [UD_NEW_EMPLOYMENT_MALL_INFO] = "商业管理",
  [UD_NEW_EMPLOYMENT_ESTATE_AGENT] = "房地产经纪",
  [UD_NEW_EMPLOYMENT_SECURITY_GUARD] = "保安服务",
};

static const char *const brand_first[] = {
  "华", "明", "恒", "新", "泰", "盛", "鼎", "汇", "嘉", "正", "远", "宏", "永", "金", "天",
  "中", "东", "富", "瑞", "信", "诚", "和", "德", "长", "安", "万", "弘", "运", "景", "博",
};
static const char *const brand_second[] = {
  "星", "源", "通", "丰", "和", "泰", "鑫", "创", "益", "辉", "昌", "兴", "业", "利", "成",
  "晟", "宇", "升", "发", "茂", "康", "锦", "润", "航", "海", "邦", "凯", "博", "翔", "诺",
};
static const char *const industries[] = {
  "机械制造", "纺织", "电子科技", "食品", "建筑工程", "物业管理", "餐饮管理", "印刷",
  "医疗器械", "服装", "汽车服务", "软件", "商贸", "酒店管理", "环保科技", "家具",
  "新材料", "文化传媒", "网络科技", "建材", "电器", "包装", "生物医药", "供应链管理",
};

static const char *const mobile_prefixes[] = {
  "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145", "147",
  "150", "151", "152", "153", "155", "156", "157", "158", "159", "166", "173", "175",
  "176", "177", "178", "180", "181", "182", "183", "184", "185", "186", "187", "188",
  "189", "191", "193", "195", "198", "199",
};

static const char *const minorities[] = {
  "回族", "土家族", "苗族", "壮族", "畲族", "满族", "蒙古族", "彝族", "侗族", "布依族",
};

static const char *const notes[] = {
  "“暖新”行动集中入会", "骑手驿站现场入会", "从原单位工会转入", "职工之家活动中入会",
  "工会会员服务卡已发放",
};

/* What happens to a member after joining. */
typedef enum
{
  PLAN_NONE,
  PLAN_APPLIED,
  PLAN_LAPSE,
  PLAN_WITHDRAW,
  PLAN_TRANSFER,
  PLAN_RETAIN,
  PLAN_DECEASE,
  N_PLANS
} Plan;

/* Per ten thousand members. */
static const guint plan_rates[N_PLANS] = {
  [PLAN_APPLIED] = 100,
  [PLAN_LAPSE] = 150,
  [PLAN_WITHDRAW] = 80,
  [PLAN_TRANSFER] = 50,
  [PLAN_RETAIN] = 50,
  [PLAN_DECEASE] = 10,
};

/* A set of 17-digit ID prefixes (open addressing; 0 marks a free slot). */
typedef struct
{
  guint64 *slots;
  gsize    mask;
  gsize    n_items;
} IdSet;

typedef struct
{
  gint64 employer_id;
  gint64 union_id;
} OrdinaryEmployer;

typedef struct
{
  UdDatabase *db;
  const UdAccount *actor;
  GRand      *rand;
  GDate       today;
  GDate       new_employment_start;  /* the drive to organise new-employment workers */
  GHashTable *orgs;                   /* owned: "parent id/name" → gint64 id */
  GHashTable *employer_names;         /* owned: names used by this run */
  GHashTable *credit_codes;           /* owned: codes used by this run */
  gint64      office_id;
  GArray     *street_ids;             /* owned: gint64 */
  GArray     *joint_ids;              /* owned: gint64, one per street */
  GArray     *flowing_ids;            /* owned: gint64, one per street */
  gint64      courier_union_id;
  gint64      ride_hailing_union_id;
  GArray     *ordinary;               /* owned: OrdinaryEmployer */
  GArray     *by_category[N_CATEGORIES]; /* owned: gint64 employer ids */
  IdSet       ids;
  guint64     card_serial;
} Demo;

/* Helpers */

static void
id_set_init (IdSet *set,
             gsize  expected)
{
  gsize size = 1024;

  while (size < expected * 2)
    size *= 2;
  set->slots = g_new0 (guint64, size);
  set->mask = size - 1;
  set->n_items = 0;
}

static gsize
id_set_slot (const IdSet *set,
             guint64      key)
{
  guint64 h = key * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);

  return (gsize) (h ^ (h >> 31)) & set->mask;
}

static void
id_set_insert (IdSet   *set,
               guint64  key)
{
  gsize i = id_set_slot (set, key);

  while (set->slots[i] != 0 && set->slots[i] != key)
    i = (i + 1) & set->mask;
  if (set->slots[i] == 0)
    {
      set->slots[i] = key;
      set->n_items++;
    }
}

static void
id_set_grow (IdSet *set)
{
  guint64 *old = set->slots;
  gsize old_size = set->mask + 1;

  set->slots = g_new0 (guint64, old_size * 2);
  set->mask = old_size * 2 - 1;
  set->n_items = 0;
  for (gsize i = 0; i < old_size; i++)
    if (old[i] != 0)
      id_set_insert (set, old[i]);
  g_free (old);
}

/* Adds @key; FALSE if it was there already. */
static gboolean
id_set_add (IdSet   *set,
            guint64  key)
{
  gsize i = id_set_slot (set, key);

  g_assert (key != 0);

  while (set->slots[i] != 0)
    {
      if (set->slots[i] == key)
        return FALSE;
      i = (i + 1) & set->mask;
    }

  set->slots[i] = key;
  set->n_items++;
  if (set->n_items * 2 > set->mask)
    id_set_grow (set);
  return TRUE;
}

static guint
pick (GRand *rand,
      guint  n)
{
  return (guint) g_rand_int_range (rand, 0, (gint32) n);
}

static gboolean
chance (GRand *rand,
        guint  per_thousand)
{
  return pick (rand, 1000) < per_thousand;
}

static const char *
pick_text (GRand             *rand,
           const char *const *texts,
           guint              n)
{
  return texts[pick (rand, n)];
}

static const char *
pick_weighted (GRand          *rand,
               const Weighted *items,
               guint           n)
{
  guint total = 0;
  guint point;

  for (guint i = 0; i < n; i++)
    total += items[i].weight;

  point = pick (rand, total);
  for (guint i = 0; i < n; i++)
    {
      if (point < items[i].weight)
        return items[i].text;
      point -= items[i].weight;
    }

  return items[n - 1].text;
}

static guint
pick_index_weighted (GRand       *rand,
                     const guint *weights,
                     guint        n)
{
  guint total = 0;
  guint point;

  for (guint i = 0; i < n; i++)
    total += weights[i];

  point = pick (rand, total);
  for (guint i = 0; i < n; i++)
    {
      if (point < weights[i])
        return i;
      point -= weights[i];
    }

  return n - 1;
}

static const Region *
pick_region (GRand         *rand,
             const Region  *regions,
             guint          n)
{
  guint total = 0;
  guint point;

  for (guint i = 0; i < n; i++)
    total += regions[i].weight;

  point = pick (rand, total);
  for (guint i = 0; i < n; i++)
    {
      if (point < regions[i].weight)
        return &regions[i];
      point -= regions[i].weight;
    }

  return &regions[n - 1];
}

static gint64
pick_id (GRand  *rand,
         GArray *ids)
{
  return g_array_index (ids, gint64, pick (rand, ids->len));
}

/* A random date from @from to @to, both included. */
static void
pick_date (GRand       *rand,
           const GDate *from,
           const GDate *to,
           GDate       *out)
{
  guint32 first = g_date_get_julian (from);
  guint32 last = g_date_get_julian (to);

  g_date_clear (out, 1);
  if (last <= first)
    g_date_set_julian (out, first);
  else
    g_date_set_julian (out, first + pick (rand, last - first + 1));
}

/* GB 11714 organisation code (8 characters and a check) inside the credit code. */
static void
make_credit_code (GRand      *rand,
                  const char *region,
                  char        code[19])
{
  static const int org_weights[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };
  int sum = 0;
  int check;

  code[0] = '9';   /* registered by the market regulator */
  code[1] = '1';   /* an enterprise */
  memcpy (code + 2, region, 6);
  /* Companies registered since 2015 have organisation codes starting with MA. */
  if (pick (rand, 10) < 6)
    {
      static const char alphanumeric[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

      code[8] = 'M';
      code[9] = 'A';
      for (int i = 10; i < 16; i++)
        code[i] = alphanumeric[pick (rand, sizeof alphanumeric - 1)];
    }
  else
    {
      for (int i = 8; i < 16; i++)
        code[i] = (char) ('0' + pick (rand, 10));
    }

  for (int i = 0; i < 8; i++)
    {
      char c = code[8 + i];
      int value = g_ascii_isdigit (c) ? c - '0' : c - 'A' + 10;

      sum += value * org_weights[i];
    }
  check = 11 - sum % 11;
  code[16] = check == 10 ? 'X' : check == 11 ? '0' : (char) ('0' + check);
  code[17] = ud_credit_code_check_char (code);
  code[18] = '\0';
}

/* Setting up the tree */

static char *
org_key (gint64      parent_id,
         const char *name)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT "/%s", parent_id, name);
}

static gboolean
load_orgs (Demo    *demo,
           GError **error)
{
  g_autoptr(GPtrArray) orgs = ud_org_list (demo->db, error);

  if (orgs == NULL)
    return FALSE;

  for (guint i = 0; i < orgs->len; i++)
    {
      UdOrg *org = g_ptr_array_index (orgs, i);
      gint64 *id = g_new (gint64, 1);

      *id = org->id;
      g_hash_table_insert (demo->orgs, org_key (org->parent_id, org->name), id);
    }

  return TRUE;
}

/* The union named @name under @parent_id, inserted unless it exists. */
static gboolean
ensure_org (Demo        *demo,
            gint64       parent_id,
            const char  *name,
            UdOrgKind    kind,
            const char  *region_code,
            gint64      *out_id,
            GError     **error)
{
  g_autofree char *key = org_key (parent_id, name);
  g_autoptr(UdOrg) org = NULL;
  gint64 *id = g_hash_table_lookup (demo->orgs, key);

  if (id != NULL)
    {
      *out_id = *id;
      return TRUE;
    }

  org = ud_org_new ();
  org->parent_id = parent_id;
  org->name = g_strdup (name);
  org->kind = kind;
  org->region_code = g_strdup (region_code);
  if (!ud_org_insert (demo->db, demo->actor, org, error))
    return FALSE;

  id = g_new (gint64, 1);
  *id = org->id;
  g_hash_table_insert (demo->orgs, g_steal_pointer (&key), id);
  *out_id = org->id;
  return TRUE;
}

static gboolean
rename_office (Demo    *demo,
               GError **error)
{
  g_autoptr(UdOrg) office = ud_org_get (demo->db, demo->office_id, error);

  if (office == NULL)
    return FALSE;

  if (g_strcmp0 (office->name, OFFICE_NAME) == 0
      && g_strcmp0 (office->region_code, OFFICE_REGION) == 0)
    return TRUE;

  g_free (office->name);
  office->name = g_strdup (OFFICE_NAME);
  g_free (office->region_code);
  office->region_code = g_strdup (OFFICE_REGION);
  g_free (office->address);
  office->address = g_strdup ("杭州市拱墅区湖墅南路");
  return ud_org_update (demo->db, demo->actor, office, error);
}

static gboolean
create_unions (Demo    *demo,
               GError **error)
{
  if (!ensure_org (demo, demo->office_id, "拱墅区快递行业联合工会", UD_ORG_KIND_JOINT, NULL,
                   &demo->courier_union_id, error)
      || !ensure_org (demo, demo->office_id, "拱墅区网约车行业联合工会", UD_ORG_KIND_JOINT, NULL,
                      &demo->ride_hailing_union_id, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (streets); i++)
    {
      g_autofree char *federation = g_strconcat (streets[i], "总工会", NULL);
      g_autofree char *joint = g_strconcat (streets[i], "新就业形态联合工会", NULL);
      g_autofree char *flowing = g_strconcat (streets[i], "流动会员工会", NULL);
      gint64 street_id, joint_id, flowing_id;

      if (!ensure_org (demo, demo->office_id, federation, UD_ORG_KIND_STREET, OFFICE_REGION,
                       &street_id, error)
          || !ensure_org (demo, street_id, joint, UD_ORG_KIND_JOINT, NULL, &joint_id, error)
          || !ensure_org (demo, street_id, flowing, UD_ORG_KIND_FLOWING, NULL, &flowing_id,
                          error))
        return FALSE;

      g_array_append_val (demo->street_ids, street_id);
      g_array_append_val (demo->joint_ids, joint_id);
      g_array_append_val (demo->flowing_ids, flowing_id);
    }

  return TRUE;
}

/* A company name not used yet in this run, and never one that reads as a platform's. */
static char *
make_company_name (Demo       *demo,
                   const char *industry)
{
  for (;;)
    {
      const char *first = pick_text (demo->rand, brand_first, G_N_ELEMENTS (brand_first));
      const char *second = pick_text (demo->rand, brand_second, G_N_ELEMENTS (brand_second));
      g_autofree char *name = g_strdup_printf ("杭州%s%s%s有限公司", first, second, industry);

      if (g_hash_table_contains (demo->employer_names, name)
          || ud_employer_name_is_platform (name))
        continue;

      g_hash_table_add (demo->employer_names, g_strdup (name));
      return g_steal_pointer (&name);
    }
}

static gboolean
add_employer (Demo        *demo,
              const char  *name,
              const char  *region,
              gboolean     is_platform,
              gint64      *out_id,
              GError     **error)
{
  char code[19];

  do
    make_credit_code (demo->rand, region, code);
  while (!g_hash_table_add (demo->credit_codes, g_strdup (code)));

  return ud_employer_find_or_create (demo->db, demo->actor, name, code, is_platform, out_id, error);
}

static gboolean
create_employers (Demo     *demo,
                  guint     n_members,
                  GError  **error)
{
  static const char *const district_regions[] = { "330105", "330105", "330103", "330102",
                                                  "330106", "330110" };
  guint n_ordinary = CLAMP (n_members / 400, 20, 500);
  guint n_service = CLAMP (n_members / 5000, 2, 20);

  for (guint i = 0; i < G_N_ELEMENTS (platforms); i++)
    {
      gint64 id;

      g_hash_table_add (demo->employer_names, g_strdup (platforms[i].name));
      if (!add_employer (demo, platforms[i].name, platforms[i].region, TRUE, &id, error))
        return FALSE;
      g_array_append_val (demo->by_category[platforms[i].category], id);
    }

  for (guint category = 0; category < N_CATEGORIES; category++)
    {
      if (service_industry[category] == NULL)
        continue;

      for (guint i = 0; i < n_service; i++)
        {
          g_autofree char *name = make_company_name (demo, service_industry[category]);
          gint64 id;

          if (!add_employer (demo, name,
                             pick_text (demo->rand, district_regions,
                                        G_N_ELEMENTS (district_regions)),
                             FALSE, &id, error))
            return FALSE;
          g_array_append_val (demo->by_category[category], id);
        }
    }

  for (guint i = 0; i < n_ordinary; i++)
    {
      g_autofree char *name = make_company_name (demo, pick_text (demo->rand, industries,
                                                                  G_N_ELEMENTS (industries)));
      g_autofree char *union_name = g_strconcat (name, "工会", NULL);
      OrdinaryEmployer employer;

      if (!add_employer (demo, name,
                         pick_text (demo->rand, district_regions, G_N_ELEMENTS (district_regions)),
                         FALSE, &employer.employer_id, error)
          || !ensure_org (demo, pick_id (demo->rand, demo->street_ids), union_name,
                          UD_ORG_KIND_GRASSROOTS, NULL, &employer.union_id, error))
        return FALSE;
      g_array_append_val (demo->ordinary, employer);
    }

  return TRUE;
}

/* Members */

static char *
make_name (GRand *rand,
           UdSex  sex)
{
  const char *const *given = sex == UD_SEX_FEMALE ? female_given : male_given;
  guint n_given = sex == UD_SEX_FEMALE ? G_N_ELEMENTS (female_given) : G_N_ELEMENTS (male_given);
  const char *surname = pick_weighted (rand, surnames, G_N_ELEMENTS (surnames));
  const char *first;
  const char *second;

  /* About one name in five has a one-character given name (王伟), the rest two (王建国). */
  if (chance (rand, 200))
    return g_strconcat (surname, pick_text (rand, given, n_given), NULL);

  first = pick_text (rand, given, n_given);
  second = pick_text (rand, given, n_given);
  return g_strconcat (surname, first, second, NULL);
}

/* A valid resident ID number not generated before in this run. */
static gboolean
make_id_number (Demo         *demo,
                const Region *region,
                const GDate  *birth,
                UdSex         sex,
                char          number[19])
{
  for (guint attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++)
    {
      /* The sequence number is odd for men, even for women. */
      guint sequence = pick (demo->rand, 500) * 2 + (sex == UD_SEX_MALE ? 1 : 0);
      guint64 key;

      g_snprintf (number, 19, "%s%04u%02u%02u%03u", region->code,
                  (guint) g_date_get_year (birth), (guint) g_date_get_month (birth),
                  (guint) g_date_get_day (birth), sequence);
      key = g_ascii_strtoull (number, NULL, 10);
      if (!id_set_add (&demo->ids, key))
        continue;

      number[17] = ud_id_number_check_char (number);
      number[18] = '\0';
      return TRUE;
    }

  return FALSE;
}

static char *
make_mobile (GRand *rand)
{
  /* One draw after the other: the order of evaluation of arguments is unspecified. */
  const char *prefix = pick_text (rand, mobile_prefixes, G_N_ELEMENTS (mobile_prefixes));
  guint subscriber = pick (rand, 100000000);

  return g_strdup_printf ("%s%08u", prefix, subscriber);
}

static UdSex
pick_sex (GRand           *rand,
          UdNewEmployment  category)
{
  guint male_per_thousand;

  switch (category)
    {
    case UD_NEW_EMPLOYMENT_COURIER:
    case UD_NEW_EMPLOYMENT_FOOD_DELIVERY:
    case UD_NEW_EMPLOYMENT_RIDE_HAILING:
    case UD_NEW_EMPLOYMENT_TRUCK_DRIVER:
    case UD_NEW_EMPLOYMENT_SECURITY_GUARD:
      male_per_thousand = 920;
      break;
    case UD_NEW_EMPLOYMENT_CAREGIVER:
    case UD_NEW_EMPLOYMENT_DOMESTIC:
      male_per_thousand = 150;
      break;
    case UD_NEW_EMPLOYMENT_MALL_INFO:
      male_per_thousand = 400;
      break;
    case UD_NEW_EMPLOYMENT_NONE:
    case UD_NEW_EMPLOYMENT_ESTATE_AGENT:
    case UD_NEW_EMPLOYMENT_OTHER:
    default:
      male_per_thousand = 550;
      break;
    }

  return chance (rand, male_per_thousand) ? UD_SEX_MALE : UD_SEX_FEMALE;
}

static UdEducation
pick_education (GRand    *rand,
                gboolean  new_employment)
{
  static const guint new_employment_weights[] = { 2, 3, 35, 38, 16, 6, 0 };
  static const guint ordinary_weights[] = { 2, 2, 14, 28, 25, 26, 3 };

  return pick_index_weighted (rand, new_employment ? new_employment_weights : ordinary_weights,
                              G_N_ELEMENTS (ordinary_weights));
}

static UdJoinChannel
pick_join_channel (GRand    *rand,
                   gboolean  new_employment)
{
  static const guint new_employment_weights[] = { 2, 20, 35, 38, 5 };
  static const guint ordinary_weights[] = { 5, 60, 20, 13, 2 };

  return pick_index_weighted (rand, new_employment ? new_employment_weights : ordinary_weights,
                              G_N_ELEMENTS (ordinary_weights));
}

/* Employer and union for a member of @category. */
static void
place_member (Demo            *demo,
              UdNewEmployment  category,
              gint64          *employer_id,
              gint64          *org_id)
{
  guint street = pick (demo->rand, demo->street_ids->len);

  if (category == UD_NEW_EMPLOYMENT_NONE)
    {
      /* Some companies are much larger than others: half the members go to a company picked
       * with the square of a uniform number, which favours the low indexes. */
      gdouble u = g_rand_double (demo->rand);

      if (chance (demo->rand, 500))
        u = u * u;
      guint index = MIN ((guint) (u * demo->ordinary->len), demo->ordinary->len - 1);
      OrdinaryEmployer *employer = &g_array_index (demo->ordinary, OrdinaryEmployer, index);

      *employer_id = employer->employer_id;
      *org_id = employer->union_id;
      return;
    }

  *employer_id = demo->by_category[category]->len > 0 && !chance (demo->rand, 30)
                   ? pick_id (demo->rand, demo->by_category[category])
                   : 0;

  if (category == UD_NEW_EMPLOYMENT_COURIER && chance (demo->rand, 400))
    *org_id = demo->courier_union_id;
  else if (category == UD_NEW_EMPLOYMENT_RIDE_HAILING && chance (demo->rand, 400))
    *org_id = demo->ride_hailing_union_id;
  else if (*employer_id == 0 || chance (demo->rand, 150))
    *org_id = g_array_index (demo->flowing_ids, gint64, street);
  else
    *org_id = g_array_index (demo->joint_ids, gint64, street);
}

static UdMember *
make_member (Demo *demo,
             Plan  plan)
{
  g_autoptr(UdMember) member = ud_member_new ();
  gboolean new_employment = chance (demo->rand, 400);
  UdNewEmployment category = UD_NEW_EMPLOYMENT_NONE;
  const Region *region;
  gboolean local;
  char number[19];
  GDate birth, earliest_birth, latest_birth, join_from, join;
  UdSex sex;

  if (new_employment)
    category = pick_index_weighted (demo->rand, category_weights, N_CATEGORIES);

  sex = pick_sex (demo->rand, category);
  local = chance (demo->rand, new_employment ? 350 : 650);
  region = local ? pick_region (demo->rand, local_regions, G_N_ELEMENTS (local_regions))
                 : pick_region (demo->rand, migrant_regions, G_N_ELEMENTS (migrant_regions));

  /* 18 to 65 years old today (new-employment workers mostly 20 to 55). */
  earliest_birth = demo->today;
  g_date_subtract_years (&earliest_birth, new_employment ? 55 : 65);
  g_date_add_days (&earliest_birth, 1);
  latest_birth = demo->today;
  g_date_subtract_years (&latest_birth, new_employment ? 20 : 18);
  pick_date (demo->rand, &earliest_birth, &latest_birth, &birth);

  if (!make_id_number (demo, region, &birth, sex, number))
    return NULL;

  member->name = make_name (demo->rand, sex);
  member->id_number = g_strdup (number);
  if (!chance (demo->rand, 30))
    member->mobile = make_mobile (demo->rand);

  if (region->ethnic != NULL && chance (demo->rand, 350))
    member->ethnicity = g_strdup (region->ethnic);
  else if (chance (demo->rand, 30))
    member->ethnicity = g_strdup (pick_text (demo->rand, minorities, G_N_ELEMENTS (minorities)));
  else if (!chance (demo->rand, 50))
    member->ethnicity = g_strdup ("汉族");

  member->education = pick_education (demo->rand, new_employment);
  if (chance (demo->rand, 40))
    member->hukou = UD_HUKOU_UNKNOWN;
  else
    member->hukou = chance (demo->rand, local ? 700 : 250) ? UD_HUKOU_URBAN : UD_HUKOU_RURAL;

  member->new_employment = category;
  place_member (demo, category, &member->employer_id, &member->org_id);

  /* Joined at 18 or later, within the last 30 years; new-employment workers since the drive. */
  join_from = birth;
  g_date_add_years (&join_from, 18);
  if (new_employment && g_date_compare (&join_from, &demo->new_employment_start) < 0)
    join_from = demo->new_employment_start;
  else if (!new_employment)
    {
      GDate thirty_years_ago = demo->today;

      g_date_subtract_years (&thirty_years_ago, 30);
      if (g_date_compare (&join_from, &thirty_years_ago) < 0)
        join_from = thirty_years_ago;
    }
  pick_date (demo->rand, &join_from, &demo->today, &join);
  member->join_date = ud_date_format (&join);
  member->join_channel = pick_join_channel (demo->rand, new_employment);

  if (plan == PLAN_APPLIED)
    member->status = UD_MEMBER_STATUS_APPLIED;
  else if (!chance (demo->rand, 30))
    member->card_number = g_strdup_printf (OFFICE_REGION "%08" G_GUINT64_FORMAT,
                                           ++demo->card_serial);

  if (chance (demo->rand, 30))
    member->note = g_strdup (pick_text (demo->rand, notes, G_N_ELEMENTS (notes)));

  return g_steal_pointer (&member);
}

static Plan *
make_plans (GRand *rand,
            guint  n_members)
{
  Plan *plans = g_new0 (Plan, n_members);

  for (guint plan = PLAN_APPLIED; plan < N_PLANS; plan++)
    {
      guint count = (guint) (((guint64) n_members * plan_rates[plan] + 5000) / 10000);

      /* Even a small demo shows each kind of member once. */
      if (count == 0 && n_members >= 50)
        count = 1;

      for (guint placed = 0; placed < count;)
        {
          guint index = pick (rand, n_members);

          if (plans[index] == PLAN_NONE)
            {
              plans[index] = plan;
              placed++;
            }
        }
    }

  return plans;
}

static gboolean
apply_plan (Demo      *demo,
            UdMember  *member,
            Plan       plan,
            GError   **error)
{
  static const char *const lapse_reasons[] = {
    "连续六个月未交纳会费", "离开原单位后未接转会员组织关系",
  };
  static const char *const retain_reasons[] = { "失业期间保留会籍", "退休后保留会籍" };
  UdMemberEventKind event;
  const char *reason = NULL;
  gint64 to_org_id = 0;
  g_autofree char *date = NULL;
  GDate joined, when;

  switch (plan)
    {
    case PLAN_LAPSE:
      event = UD_MEMBER_EVENT_LAPSE;
      reason = pick_text (demo->rand, lapse_reasons, G_N_ELEMENTS (lapse_reasons));
      break;
    case PLAN_WITHDRAW:
      event = UD_MEMBER_EVENT_WITHDRAW;
      reason = "本人申请退会";
      break;
    case PLAN_TRANSFER:
      event = UD_MEMBER_EVENT_TRANSFER_OUT;
      reason = "工作调动";
      do
        to_org_id = pick_id (demo->rand, demo->joint_ids);
      while (to_org_id == member->org_id);
      break;
    case PLAN_RETAIN:
      event = UD_MEMBER_EVENT_RETAIN;
      reason = pick_text (demo->rand, retain_reasons, G_N_ELEMENTS (retain_reasons));
      break;
    case PLAN_DECEASE:
      event = UD_MEMBER_EVENT_DECEASE;
      reason = "因病去世";
      break;
    case PLAN_NONE:
    case PLAN_APPLIED:
    case N_PLANS:
    default:
      return TRUE;
    }

  if (!ud_date_parse (member->join_date, "join_date", &joined, error))
    return FALSE;
  pick_date (demo->rand, &joined, &demo->today, &when);
  date = ud_date_format (&when);

  return ud_member_store_change_status (demo->db, demo->actor, member->id, event, date, reason,
                                        to_org_id, error);
}

/* One member, with another ID number if the database already has this one live. */
static gboolean
insert_member (Demo     *demo,
               Plan      plan,
               GError  **error)
{
  for (guint attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++)
    {
      g_autoptr(UdMember) member = make_member (demo, plan);
      g_autoptr(GError) local_error = NULL;

      if (member == NULL)
        break;

      if (ud_member_store_insert (demo->db, demo->actor, member, &local_error))
        return apply_plan (demo, member, plan, error);

      /* A duplicate is refused before anything is written, so the transaction is intact. */
      if (!g_error_matches (local_error, UD_ERROR, UD_ERROR_DUPLICATE))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  g_set_error (error, UD_ERROR, UD_ERROR_FAILED,
               _("Could not make up an ID number that is not in the database yet"));
  return FALSE;
}

static void
demo_clear (Demo *demo)
{
  g_clear_pointer (&demo->rand, g_rand_free);
  g_clear_pointer (&demo->orgs, g_hash_table_unref);
  g_clear_pointer (&demo->employer_names, g_hash_table_unref);
  g_clear_pointer (&demo->credit_codes, g_hash_table_unref);
  g_clear_pointer (&demo->street_ids, g_array_unref);
  g_clear_pointer (&demo->joint_ids, g_array_unref);
  g_clear_pointer (&demo->flowing_ids, g_array_unref);
  g_clear_pointer (&demo->ordinary, g_array_unref);
  for (guint i = 0; i < N_CATEGORIES; i++)
    g_clear_pointer (&demo->by_category[i], g_array_unref);
  g_clear_pointer (&demo->ids.slots, g_free);
}

static gboolean
count_members (UdDatabase  *db,
               guint       *out_count,
               GError     **error)
{
  g_autoptr(UdMemberQuery) query = ud_member_query_new ();

  return ud_member_query_count (db, query, out_count, error);
}

static gboolean
remember_id_number (const UdMember *member,
                    gpointer        user_data)
{
  Demo *demo = user_data;
  char digits[18] = { 0 };

  if (member->id_number == NULL || strlen (member->id_number) < 17)
    return TRUE;

  /* The first 17 characters, as the generator keys them. */
  memcpy (digits, member->id_number, 17);
  if (strspn (digits, "0123456789") == 17)
    id_set_add (&demo->ids, g_ascii_strtoull (digits, NULL, 10));
  return TRUE;
}

/* Members already in the database keep their ID numbers to themselves, ended memberships too:
 * a made-up person never gets someone else's number. */
static gboolean
load_id_numbers (Demo          *demo,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(UdMemberQuery) query = ud_member_query_new ();

  query->sort = UD_MEMBER_SORT_CREATED;
  return ud_member_query_foreach (demo->db, query, remember_id_number, demo, cancellable, error);
}

static gboolean
populate (Demo                *demo,
          guint                n_members,
          GCancellable        *cancellable,
          UdDemoProgressFunc   progress,
          gpointer             progress_data,
          GError             **error)
{
  g_autofree Plan *plans = NULL;
  guint existing = 0;
  guint done = 0;

  if (!count_members (demo->db, &existing, error))
    return FALSE;
  demo->card_serial = existing;
  if (existing > 0 && !load_id_numbers (demo, cancellable, error))
    return FALSE;

  if (!ud_database_begin (demo->db, error))
    return FALSE;
  if (!load_orgs (demo, error)
      || !rename_office (demo, error)
      || !create_unions (demo, error)
      || !create_employers (demo, n_members, error)
      || !ud_database_commit (demo->db, error))
    {
      ud_database_rollback (demo->db);
      return FALSE;
    }
  ud_database_notify_changed (demo->db, NULL);

  plans = make_plans (demo->rand, n_members);
  if (progress != NULL)
    progress (0, n_members, progress_data);

  while (done < n_members)
    {
      guint end = MIN (done + MEMBERS_PER_TRANSACTION, n_members);

      if (g_cancellable_set_error_if_cancelled (cancellable, error)
          || !ud_database_begin (demo->db, error))
        return FALSE;

      for (guint i = done; i < end; i++)
        {
          if ((i % CANCEL_CHECK_INTERVAL == 0
               && g_cancellable_set_error_if_cancelled (cancellable, error))
              || !insert_member (demo, plans[i], error))
            {
              ud_database_rollback (demo->db);
              return FALSE;
            }
        }

      if (!ud_database_commit (demo->db, error))
        return FALSE;
      ud_database_notify_changed (demo->db, "member");

      done = end;
      if (progress != NULL)
        progress (done, n_members, progress_data);
    }

  return TRUE;
}

static gint64
read_cache_size (UdDatabase *db)
{
  sqlite3_stmt *stmt = ud_database_prepare (db, "PRAGMA cache_size", NULL);
  gint64 size = -2000;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    size = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return size;
}

/* Only a connection setting: a failure just leaves the cache as it was. */
static void
set_cache_size (UdDatabase *db,
                gint64      size)
{
  g_autofree char *pragma = g_strdup_printf ("PRAGMA cache_size = %" G_GINT64_FORMAT, size);

  ud_database_exec (db, pragma, NULL);
}

gboolean
ud_demo_populate (UdDatabase          *db,
                  const UdAccount     *actor,
                  guint                n_members,
                  guint32              seed,
                  GCancellable        *cancellable,
                  UdDemoProgressFunc   progress,
                  gpointer             progress_data,
                  GError             **error)
{
  Demo demo = { 0 };
  gint64 cache_size;
  gboolean ok;

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (ud_database_in_transaction (db))
    {
      g_set_error (error, UD_ERROR, UD_ERROR_FAILED,
                   _("Demo data cannot be added inside another transaction"));
      return FALSE;
    }

  demo.db = db;
  demo.actor = actor;
  demo.rand = g_rand_new_with_seed (seed);
  ud_date_today (&demo.today);
  g_date_clear (&demo.new_employment_start, 1);
  g_date_set_dmy (&demo.new_employment_start, 1, G_DATE_JANUARY, 2018);
  demo.orgs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  demo.employer_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  demo.credit_codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  demo.office_id = ud_database_get_office_org_id (db);
  demo.street_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  demo.joint_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  demo.flowing_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  demo.ordinary = g_array_new (FALSE, FALSE, sizeof (OrdinaryEmployer));
  for (guint i = 0; i < N_CATEGORIES; i++)
    demo.by_category[i] = g_array_new (FALSE, FALSE, sizeof (gint64));
  id_set_init (&demo.ids, n_members);

  cache_size = read_cache_size (db);
  set_cache_size (db, -BULK_CACHE_KIB);
  ok = populate (&demo, n_members, cancellable, progress, progress_data, error);
  set_cache_size (db, cache_size);
  demo_clear (&demo);

  return ok;
}
