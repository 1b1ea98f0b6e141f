// The mailbox tree of Heyuan (三纵: city, county, town): reference data, not demo content.
// app/.server/petitions/mailboxes.ts `ensureMailboxTree` inserts every mailbox missing by `key`
// (stored as `slug`) at each start, in every mode; mailboxes that exist are never overwritten.
//
// The tree:
// - Roots: 市委书记信箱 (`city-party`), 市长信箱 (`city-mayor`) and the platform's front desk,
//   市网络问政办公室 (`city-online-office`, a centre).
// - Under the city Party secretary: the other city Party, congress, CPPCC and discipline leaders,
//   the city Party committee's departments and the mass organisations; and every county or
//   district Party secretary's mailbox (`yuancheng`, `dongyuan`, `heping`, `longchuan`, `zijin`,
//   `lianping`), each the root of its county's subtree. The courts and the procuratorate sit
//   under the city people's congress (which they answer to).
// - Under the mayor: the vice mayors and every city government department, public utility and
//   vertically managed bureau; a unit of a department (traffic police, the 12345 hotline …) sits
//   under that department.
// - In a county: the county head's mailbox under the county Party secretary's; the county's
//   departments under the county head; every town (street) centre under the county Party
//   secretary's mailbox.
// Tiers never rise going down: a city mailbox's parent is a city mailbox, a county mailbox's
// parent is a county or the city, and a town centre's parent is its county's leader mailbox.
// Keys are stable (demo content and tests use them); names follow Guangdong's prefecture and
// county institutions. Order in this list is the display order (`sort_order`).
import type { MailboxKind, Tier } from "../schema";

export interface MailboxSeed {
  key: string;
  name: string;
  nameEn: string;
  tier: Tier;
  kind: MailboxKind;
  parent?: string;
}

const city = (key: string, name: string, nameEn: string, kind: MailboxKind, parent?: string): MailboxSeed => ({
  key: `city-${key}`,
  name,
  nameEn,
  tier: "city",
  kind,
  ...(parent ? { parent: `city-${parent}` } : {}),
});

// City Party, congress, CPPCC and government leaders.
const cityLeaders: MailboxSeed[] = [
  city("party", "市委书记信箱", "Mailbox of the Municipal Party Secretary", "leader"),
  city("mayor", "市长信箱", "Mayor's Mailbox", "leader"),
  city("deputy-secretary", "市委副书记信箱", "Deputy Secretary of the Municipal Party Committee", "leader", "party"),
  city("npc", "市人大常委会主任信箱", "Director of the Standing Committee of the Municipal People's Congress", "leader", "party"),
  city("cppcc", "市政协主席信箱", "Chairman of the Municipal CPPCC Committee", "leader", "party"),
  city("discipline", "市纪委书记、市监委主任信箱", "Secretary of the Municipal Commission for Discipline Inspection and Director of the Supervisory Commission", "leader", "party"),
  city("political-legal", "市委政法委书记信箱", "Secretary of the Municipal Political and Legal Affairs Commission", "leader", "party"),
  city("executive-vice-mayor", "常务副市长信箱", "Executive Vice Mayor", "leader", "mayor"),
  city("vice-mayor-industry", "副市长信箱（分管工业、商务、科技）", "Vice Mayor for Industry, Commerce and Science", "leader", "mayor"),
  city("vice-mayor-urban", "副市长信箱（分管城乡建设、交通、自然资源）", "Vice Mayor for Urban-Rural Construction, Transport and Natural Resources", "leader", "mayor"),
  city("vice-mayor-rural", "副市长信箱（分管农业农村、水务、林业）", "Vice Mayor for Agriculture and Rural Affairs, Water and Forestry", "leader", "mayor"),
  city("vice-mayor-social", "副市长信箱（分管教育、卫生健康、文化旅游）", "Vice Mayor for Education, Health, Culture and Tourism", "leader", "mayor"),
  city("vice-mayor-police", "副市长、市公安局局长信箱", "Vice Mayor and Director of the Municipal Public Security Bureau", "leader", "mayor"),
];

// The platform's own desk, where a letter goes when the writer does not know whom to address.
const cityCentres: MailboxSeed[] = [
  city("online-office", "市网络问政办公室（公仆信箱总台）", "Municipal Online Governance Office (Mailbox Front Desk)", "centre"),
];

// City Party committee departments, mass organisations, courts and procuratorate.
const cityPartyOrgans: MailboxSeed[] = [
  city("party-office", "市委办公室", "General Office of the Municipal Party Committee", "department", "party"),
  city("organisation", "市委组织部", "Organisation Department of the Municipal Party Committee", "department", "party"),
  city("publicity", "市委宣传部", "Publicity Department of the Municipal Party Committee", "department", "party"),
  city("united-front", "市委统战部", "United Front Work Department of the Municipal Party Committee", "department", "party"),
  city("social-work", "市委社会工作部", "Social Work Department of the Municipal Party Committee", "department", "party"),
  city("trade-unions", "市总工会", "Municipal Federation of Trade Unions", "department", "party"),
  city("youth-league", "团市委", "Municipal Committee of the Communist Youth League", "department", "party"),
  city("women", "市妇联", "Municipal Women's Federation", "department", "party"),
  city("disabled", "市残联", "Municipal Disabled Persons' Federation", "department", "party"),
  city("science-association", "市科协", "Municipal Association for Science and Technology", "department", "party"),
  city("commerce-federation", "市工商联", "Municipal Federation of Industry and Commerce", "department", "party"),
  city("red-cross", "市红十字会", "Municipal Red Cross Society", "department", "party"),
  city("court", "市中级人民法院", "Intermediate People's Court of Heyuan", "department", "npc"),
  city("procuratorate", "市人民检察院", "Municipal People's Procuratorate", "department", "npc"),
];

// City government departments (Guangdong's prefecture-level institutions), utilities and
// vertically managed bureaus, all under the mayor.
const cityDepartments: MailboxSeed[] = [
  city("government-office", "市人民政府办公室", "General Office of the Municipal Government", "department", "mayor"),
  city("development-reform", "市发展和改革局", "Municipal Development and Reform Bureau", "department", "mayor"),
  city("education", "市教育局", "Municipal Education Bureau", "department", "mayor"),
  city("science", "市科学技术局", "Municipal Science and Technology Bureau", "department", "mayor"),
  city("industry", "市工业和信息化局", "Municipal Industry and Information Technology Bureau", "department", "mayor"),
  city("ethnic-religious", "市民族宗教事务局", "Municipal Ethnic and Religious Affairs Bureau", "department", "mayor"),
  city("police", "市公安局", "Municipal Public Security Bureau", "department", "mayor"),
  city("traffic-police", "市公安局交通警察支队", "Traffic Police Detachment of the Municipal Public Security Bureau", "department", "police"),
  city("civil-affairs", "市民政局", "Municipal Civil Affairs Bureau", "department", "mayor"),
  city("justice", "市司法局", "Municipal Justice Bureau", "department", "mayor"),
  city("finance", "市财政局", "Municipal Finance Bureau", "department", "mayor"),
  city("human-resources", "市人力资源和社会保障局", "Municipal Human Resources and Social Security Bureau", "department", "mayor"),
  city("natural-resources", "市自然资源局", "Municipal Natural Resources Bureau", "department", "mayor"),
  city("real-estate-registration", "市不动产登记中心", "Municipal Real Estate Registration Centre", "department", "natural-resources"),
  city("environment", "市生态环境局", "Municipal Ecology and Environment Bureau", "department", "mayor"),
  city("housing", "市住房和城乡建设局", "Municipal Housing and Urban-Rural Development Bureau", "department", "mayor"),
  city("housing-fund", "市住房公积金管理中心", "Municipal Housing Provident Fund Management Centre", "department", "housing"),
  city("transport", "市交通运输局", "Municipal Transport Bureau", "department", "mayor"),
  city("highways", "市公路事务中心", "Municipal Highway Affairs Centre", "department", "transport"),
  city("water", "市水务局", "Municipal Water Affairs Bureau", "department", "mayor"),
  city("agriculture", "市农业农村局", "Municipal Agriculture and Rural Affairs Bureau", "department", "mayor"),
  city("commerce", "市商务局", "Municipal Commerce Bureau", "department", "mayor"),
  city("culture-tourism", "市文化广电旅游体育局", "Municipal Culture, Radio, Television, Tourism and Sports Bureau", "department", "mayor"),
  city("health", "市卫生健康局", "Municipal Health Commission", "department", "mayor"),
  city("veterans", "市退役军人事务局", "Municipal Veterans Affairs Bureau", "department", "mayor"),
  city("emergency", "市应急管理局", "Municipal Emergency Management Bureau", "department", "mayor"),
  city("fire-rescue", "市消防救援支队", "Municipal Fire and Rescue Detachment", "department", "emergency"),
  city("audit", "市审计局", "Municipal Audit Bureau", "department", "mayor"),
  city("sasac", "市国资委", "Municipal State-owned Assets Supervision and Administration Commission", "department", "mayor"),
  city("market-regulation", "市市场监督管理局", "Municipal Administration for Market Regulation", "department", "mayor"),
  city("statistics", "市统计局", "Municipal Statistics Bureau", "department", "mayor"),
  city("healthcare-security", "市医疗保障局", "Municipal Healthcare Security Bureau", "department", "mayor"),
  city("urban-management", "市城市管理和综合执法局", "Municipal Urban Management and Comprehensive Law Enforcement Bureau", "department", "mayor"),
  city("forestry", "市林业局", "Municipal Forestry Bureau", "department", "mayor"),
  city("petitions", "市信访局", "Municipal Letters and Visits Bureau", "department", "mayor"),
  city("data", "市政务服务数据管理局", "Municipal Government Services and Data Administration", "department", "mayor"),
  city("hotline-12345", "河源12345政务服务便民热线", "Heyuan 12345 Government Service Hotline", "centre", "data"),
  city("public-resources", "市公共资源交易中心", "Municipal Public Resources Trading Centre", "department", "mayor"),
  city("civil-air-defence", "市人民防空办公室", "Municipal Civil Air Defence Office", "department", "mayor"),
  city("hi-tech-zone", "河源高新区管委会", "Administrative Committee of the Heyuan Hi-tech Zone", "department", "mayor"),
  city("jiangdong", "江东新区管委会", "Administrative Committee of the Jiangdong New District", "department", "mayor"),
  city("tax", "市税务局", "Heyuan Municipal Taxation Bureau", "department", "mayor"),
  city("meteorology", "市气象局", "Municipal Meteorological Bureau", "department", "mayor"),
  city("postal", "市邮政管理局", "Municipal Postal Administration", "department", "mayor"),
  city("power", "河源供电局", "Heyuan Power Supply Bureau", "department", "mayor"),
  city("water-supply", "市自来水公司", "Municipal Water Supply Company", "department", "mayor"),
];

interface CountySeed {
  key: string;
  /** 源城区 / 东源县 … */
  name: string;
  /** "Yuancheng" */
  en: string;
  district: boolean;
  /** [pinyin key, 中文, English name without the "Town/Street" word] */
  towns: [string, string, string][];
}

// One district and five counties with every town, street and township.
export const counties: CountySeed[] = [
  {
    key: "yuancheng",
    name: "源城区",
    en: "Yuancheng",
    district: true,
    towns: [
      ["shangcheng", "上城街道", "Shangcheng Street"],
      ["xinjiang", "新江街道", "Xinjiang Street"],
      ["dongpu", "东埔街道", "Dongpu Street"],
      ["gaopugang", "高埔岗街道", "Gaopugang Street"],
      ["yuanxi", "源西街道", "Yuanxi Street"],
      ["yuannan", "源南镇", "Yuannan Town"],
      ["puqian", "埔前镇", "Puqian Town"],
    ],
  },
  {
    key: "dongyuan",
    name: "东源县",
    en: "Dongyuan",
    district: false,
    towns: [
      ["xiantang", "仙塘镇", "Xiantang Town"],
      ["dengta", "灯塔镇", "Dengta Town"],
      ["luohu", "骆湖镇", "Luohu Town"],
      ["chuantang", "船塘镇", "Chuantang Town"],
      ["shuntian", "顺天镇", "Shuntian Town"],
      ["shangguan", "上莞镇", "Shangguan Town"],
      ["zengtian", "曾田镇", "Zengtian Town"],
      ["liucheng", "柳城镇", "Liucheng Town"],
      ["yihe", "义合镇", "Yihe Town"],
      ["lankou", "蓝口镇", "Lankou Town"],
      ["huangcun", "黄村镇", "Huangcun Town"],
      ["kanghe", "康禾镇", "Kanghe Town"],
      ["xichang", "锡场镇", "Xichang Town"],
      ["xingang", "新港镇", "Xingang Town"],
      ["shuangjiang", "双江镇", "Shuangjiang Town"],
      ["jiantou", "涧头镇", "Jiantou Town"],
      ["xinhuilong", "新回龙镇", "Xinhuilong Town"],
      ["banjiang", "半江镇", "Banjiang Town"],
      ["huangtian", "黄田镇", "Huangtian Town"],
      ["yetan", "叶潭镇", "Yetan Town"],
      ["zhangxi", "漳溪畲族乡", "Zhangxi She Ethnic Township"],
    ],
  },
  {
    key: "heping",
    name: "和平县",
    en: "Heping",
    district: false,
    towns: [
      ["yangming", "阳明镇", "Yangming Town"],
      ["pengzhai", "彭寨镇", "Pengzhai Town"],
      ["dongshui", "东水镇", "Dongshui Town"],
      ["linzhai", "林寨镇", "Linzhai Town"],
      ["reshui", "热水镇", "Reshui Town"],
      ["shangling", "上陵镇", "Shangling Town"],
      ["xiache", "下车镇", "Xiache Town"],
      ["yousheng", "优胜镇", "Yousheng Town"],
      ["beidun", "贝墩镇", "Beidun Town"],
      ["guzhai", "古寨镇", "Guzhai Town"],
      ["daba", "大坝镇", "Daba Town"],
      ["changtang", "长塘镇", "Changtang Town"],
      ["lishi", "礼士镇", "Lishi Town"],
      ["gongbai", "公白镇", "Gongbai Town"],
      ["heshui", "合水镇", "Heshui Town"],
      ["qingzhou", "青州镇", "Qingzhou Town"],
      ["liyuan", "浰源镇", "Liyuan Town"],
    ],
  },
  {
    key: "longchuan",
    name: "龙川县",
    en: "Longchuan",
    district: false,
    towns: [
      ["laolong", "老隆镇", "Laolong Town"],
      ["yidu", "义都镇", "Yidu Town"],
      ["tuocheng", "佗城镇", "Tuocheng Town"],
      ["heshi", "鹤市镇", "Heshi Town"],
      ["huangbu", "黄布镇", "Huangbu Town"],
      ["zishi", "紫市镇", "Zishi Town"],
      ["tongqu", "通衢镇", "Tongqu Town"],
      ["dengyun", "登云镇", "Dengyun Town"],
      ["fengren", "丰稔镇", "Fengren Town"],
      ["sidu", "四都镇", "Sidu Town"],
      ["tiechang", "铁场镇", "Tiechang Town"],
      ["longmu", "龙母镇", "Longmu Town"],
      ["tianxin", "田心镇", "Tianxin Town"],
      ["lizui", "黎咀镇", "Lizui Town"],
      ["huangshi", "黄石镇", "Huangshi Town"],
      ["chiguang", "赤光镇", "Chiguang Town"],
      ["huilong", "回龙镇", "Huilong Town"],
      ["xintian", "新田镇", "Xintian Town"],
      ["chetian", "车田镇", "Chetian Town"],
      ["yanzhen", "岩镇镇", "Yanzhen Town"],
      ["mabugang", "麻布岗镇", "Mabugang Town"],
      ["shangping", "上坪镇", "Shangping Town"],
      ["xiao", "细坳镇", "Xi'ao Town"],
      ["beiling", "贝岭镇", "Beiling Town"],
    ],
  },
  {
    key: "zijin",
    name: "紫金县",
    en: "Zijin",
    district: false,
    towns: [
      ["zicheng", "紫城镇", "Zicheng Town"],
      ["longwo", "龙窝镇", "Longwo Town"],
      ["jiuhe", "九和镇", "Jiuhe Town"],
      ["shangyi", "上义镇", "Shangyi Town"],
      ["lantang", "蓝塘镇", "Lantang Town"],
      ["fengan", "凤安镇", "Feng'an Town"],
      ["yirong", "义容镇", "Yirong Town"],
      ["guzhu", "古竹镇", "Guzhu Town"],
      ["linjiang", "临江镇", "Linjiang Town"],
      ["baipu", "柏埔镇", "Baipu Town"],
      ["huangtang", "黄塘镇", "Huangtang Town"],
      ["jingzi", "敬梓镇", "Jingzi Town"],
      ["shuidun", "水墩镇", "Shuidun Town"],
      ["nanling", "南岭镇", "Nanling Town"],
      ["suqu", "苏区镇", "Suqu Town"],
      ["waxi", "瓦溪镇", "Waxi Town"],
      ["haoyi", "好义镇", "Haoyi Town"],
      ["zhongba", "中坝镇", "Zhongba Town"],
    ],
  },
  {
    key: "lianping",
    name: "连平县",
    en: "Lianping",
    district: false,
    towns: [
      ["yuanshan", "元善镇", "Yuanshan Town"],
      ["shangping", "上坪镇", "Shangping Town"],
      ["neiguan", "内莞镇", "Neiguan Town"],
      ["beitou", "陂头镇", "Beitou Town"],
      ["xishan", "溪山镇", "Xishan Town"],
      ["longjie", "隆街镇", "Longjie Town"],
      ["tianyuan", "田源镇", "Tianyuan Town"],
      ["youxi", "油溪镇", "Youxi Town"],
      ["zhongxin", "忠信镇", "Zhongxin Town"],
      ["gaoguan", "高莞镇", "Gaoguan Town"],
      ["dahu", "大湖镇", "Dahu Town"],
      ["sanjiao", "三角镇", "Sanjiao Town"],
      ["xiuduan", "绣缎镇", "Xiuduan Town"],
    ],
  },
];

// The main departments of every county and the district. In the district, public security,
// natural resources and ecology are branches of the city bureaus; in a county only ecology is.
const countyDepartments: {
  key: string;
  /** Chinese name after the county's name, e.g. 教育局 → 东源县教育局 */
  name: string;
  en: string;
  /** Name for the district when it is a city bureau's branch, e.g. 市公安局源城分局 */
  branch?: "district" | "always";
  /** the city bureau whose branch this is */
  cityName?: string;
  cityEn?: string;
}[] = [
  { key: "education", name: "教育局", en: "Education Bureau" },
  { key: "police", name: "公安局", en: "Public Security Bureau", branch: "district", cityName: "市公安局", cityEn: "Municipal Public Security Bureau" },
  { key: "housing", name: "住房和城乡建设局", en: "Housing and Urban-Rural Development Bureau" },
  { key: "transport", name: "交通运输局", en: "Transport Bureau" },
  { key: "health", name: "卫生健康局", en: "Health Bureau" },
  { key: "natural-resources", name: "自然资源局", en: "Natural Resources Bureau", branch: "district", cityName: "市自然资源局", cityEn: "Municipal Natural Resources Bureau" },
  { key: "environment", name: "生态环境分局", en: "Ecology and Environment Branch", branch: "always", cityName: "市生态环境局", cityEn: "Municipal Ecology and Environment Bureau" },
  { key: "human-resources", name: "人力资源和社会保障局", en: "Human Resources and Social Security Bureau" },
  { key: "civil-affairs", name: "民政局", en: "Civil Affairs Bureau" },
  { key: "agriculture", name: "农业农村局", en: "Agriculture and Rural Affairs Bureau" },
  { key: "market-regulation", name: "市场监督管理局", en: "Administration for Market Regulation" },
  { key: "urban-management", name: "城市管理和综合执法局", en: "Urban Management and Comprehensive Law Enforcement Bureau" },
  { key: "water", name: "水务局", en: "Water Affairs Bureau" },
  { key: "emergency", name: "应急管理局", en: "Emergency Management Bureau" },
  { key: "petitions", name: "信访局", en: "Letters and Visits Bureau" },
];

function countyTree(c: CountySeed): MailboxSeed[] {
  const unit = c.district ? "区" : "县";
  const unitEn = c.district ? "District" : "County";
  const short = c.name.slice(0, -1); // 源城区 → 源城
  const leaders: MailboxSeed[] = [
    { key: c.key, name: `${c.name.slice(0, -1)}${unit}委书记信箱`, nameEn: `${c.en} ${unitEn} Party Secretary`, tier: "county", kind: "leader", parent: "city-party" },
    {
      key: `${c.key}-head`,
      name: `${short}${unit}长信箱`,
      nameEn: c.district ? `${c.en} District Mayor` : `${c.en} County Head`,
      tier: "county",
      kind: "leader",
      parent: c.key,
    },
  ];
  const departments: MailboxSeed[] = countyDepartments.map((d) => {
    const branch = d.branch === "always" || (d.branch === "district" && c.district);
    return {
      key: `${c.key}-${d.key}`,
      name: branch ? `${d.cityName}${short}分局` : `${c.name}${d.name}`,
      nameEn: branch ? `${c.en} Branch of the ${d.cityEn}` : `${c.en} ${unitEn} ${d.en}`,
      tier: "county",
      kind: "department",
      parent: `${c.key}-head`,
    };
  });
  const towns: MailboxSeed[] = c.towns.map(([key, name, en]) => ({
    key: `${c.key}-${key}`,
    name: `${c.name}${name}综治信访维稳中心`,
    nameEn: `${c.en} ${en} Comprehensive Governance and Petition Centre`,
    tier: "town",
    kind: "centre",
    parent: c.key,
  }));
  return [...leaders, ...departments, ...towns];
}

/** The whole tree, parents before children, in display order. */
export const mailboxTree: MailboxSeed[] = [
  ...cityLeaders,
  ...cityCentres,
  ...cityPartyOrgans,
  ...cityDepartments,
  ...counties.flatMap(countyTree),
];
