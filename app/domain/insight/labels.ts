// The name of a statistics series as people read it (pages and the CSV). Isomorphic.
import type { VolumeSeries, VolumesResult } from "./types";

/** A county's own name, or the locale's word for a category, channel, tier or section. */
export function seriesLabel(r: Pick<VolumesResult, "source" | "by">, s: VolumeSeries, t: (key: string, o?: Record<string, unknown>) => string, lang: string): string {
  if (s.name) return lang === "en" && s.nameEn ? s.nameEn : s.name;
  if (r.source === "forum") return t(`stats.sections.${s.key}`);
  if (s.key === "other") return t("stats.other");
  if (r.by === "category") return t(`petition.category.${s.key}`);
  if (r.by === "channel") return t(`petition.channel.${s.key}`);
  if (r.by === "tier") return t(`tiers.${s.key}`);
  if (r.by === "county" && s.key === "city") return t("stats.cityLevel");
  return s.key;
}
