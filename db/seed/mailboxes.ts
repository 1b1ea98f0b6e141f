// The opening set of mailboxes (三纵: city, county, town). The mailbox issue extends this to the
// full tree of 186+; the foundation needs enough for memberships and the admin page.
import type { MailboxKind, Tier } from "../schema";

export interface MailboxSeed {
  key: string;
  name: string;
  nameEn: string;
  tier: Tier;
  kind: MailboxKind;
  parent?: string;
}

export const baseMailboxes: MailboxSeed[] = [
  { key: "city-party", name: "市委书记信箱", nameEn: "Mailbox of the Municipal Party Secretary", tier: "city", kind: "leader" },
  { key: "city-mayor", name: "市长信箱", nameEn: "Mayor's Mailbox", tier: "city", kind: "leader" },
  { key: "city-transport", name: "市交通运输局", nameEn: "Municipal Transport Bureau", tier: "city", kind: "department", parent: "city-mayor" },
  { key: "city-education", name: "市教育局", nameEn: "Municipal Education Bureau", tier: "city", kind: "department", parent: "city-mayor" },
  { key: "city-health", name: "市卫生健康局", nameEn: "Municipal Health Commission", tier: "city", kind: "department", parent: "city-mayor" },
  { key: "city-environment", name: "市生态环境局", nameEn: "Municipal Ecology and Environment Bureau", tier: "city", kind: "department", parent: "city-mayor" },
  { key: "city-housing", name: "市住房和城乡建设局", nameEn: "Municipal Housing and Urban-Rural Development Bureau", tier: "city", kind: "department", parent: "city-mayor" },
  { key: "yuancheng", name: "源城区委书记信箱", nameEn: "Yuancheng District Party Secretary", tier: "county", kind: "leader", parent: "city-party" },
  { key: "dongyuan", name: "东源县委书记信箱", nameEn: "Dongyuan County Party Secretary", tier: "county", kind: "leader", parent: "city-party" },
  { key: "heping", name: "和平县委书记信箱", nameEn: "Heping County Party Secretary", tier: "county", kind: "leader", parent: "city-party" },
  { key: "longchuan", name: "龙川县委书记信箱", nameEn: "Longchuan County Party Secretary", tier: "county", kind: "leader", parent: "city-party" },
  { key: "zijin", name: "紫金县委书记信箱", nameEn: "Zijin County Party Secretary", tier: "county", kind: "leader", parent: "city-party" },
  { key: "lianping", name: "连平县委书记信箱", nameEn: "Lianping County Party Secretary", tier: "county", kind: "leader", parent: "city-party" },
  { key: "yuancheng-shangcheng", name: "源城区上城街道综治信访维稳中心", nameEn: "Shangcheng Street Comprehensive Governance and Petition Centre", tier: "town", kind: "centre", parent: "yuancheng" },
];
