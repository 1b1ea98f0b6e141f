// The emerging-issue detector: from the items of the last days (petitions, forum threads, live
// questions), the topics whose volume on the day under test rises well above their own recent
// baseline (by category, and by keywords from a real word segmenter), and the groups of
// near-duplicates across channels. Pure: the daily job (app/.server/insight/) loads the items,
// calls `detect`, and stores what it returns. Method: docs/decisions/011-emerging-issues.md.
//
// Days are 24-hour windows counted back from `asOf`: day 0 is (asOf − 24 h, asOf], the day under
// test; days 1…BASELINE_DAYS are its baseline. A keyword counts once per item (document
// frequency), so one long letter repeating a word is one voice.
import { groupNearDuplicates, DUPLICATE_THRESHOLD } from "./duplicates";
import { BASELINE_DAYS, MIN_COUNT, SPIKE_K, detectSpikes } from "./spikes";
import { keywordSet } from "./tokenize";
import { DUPLICATE_WINDOW_DAYS, MAX_KEYWORD_TOPICS, type InsightItemType, type TopicKind } from "./types";

export const DAY_MS = 86_400_000;

export interface DetectorItem {
  type: InsightItemType;
  id: number;
  channel: string;
  /** Petitions only. */
  category: string | null;
  at: Date;
  text: string;
}

export interface DetectorOptions {
  baselineDays?: number;
  k?: number;
  minCount?: number;
  duplicateWindowDays?: number;
  duplicateThreshold?: number;
  maxKeywordTopics?: number;
}

export interface DetectedTopic {
  kind: TopicKind;
  key: string;
  count: number;
  baseline: number;
  sigma: number;
  score: number;
  series: number[];
  /** Indexes of the day-0 items behind the topic, newest first. */
  items: number[];
}

export interface DetectedGroup {
  items: number[];
  similarity: number;
  channels: string[];
}

export interface Detection {
  topics: DetectedTopic[];
  groups: DetectedGroup[];
}

/** The day (0 = the day under test) of an instant, or −1 when it is after asOf. */
export function dayIndex(at: Date, asOf: Date): number {
  const diff = asOf.getTime() - at.getTime();
  if (diff < 0) return -1;
  return Math.floor(diff / DAY_MS);
}

export function detect(items: readonly DetectorItem[], asOf: Date, opts: DetectorOptions = {}): Detection {
  const days = opts.baselineDays ?? BASELINE_DAYS;
  const spikeOpts = { k: opts.k ?? SPIKE_K, minCount: opts.minCount ?? MIN_COUNT };
  const dayOf = items.map((it) => dayIndex(it.at, asOf));
  const inRange = (d: number) => d >= 0 && d <= days;
  const newestFirst = (a: number, b: number) => items[b].at.getTime() - items[a].at.getTime() || items[b].id - items[a].id;

  // By category (petitions only).
  const catSeries = new Map<string, number[]>();
  items.forEach((it, i) => {
    const d = dayOf[i];
    if (!it.category || !inRange(d)) return;
    let s = catSeries.get(it.category);
    if (!s) catSeries.set(it.category, (s = new Array(days + 1).fill(0)));
    s[days - d] += 1;
  });
  const topics: DetectedTopic[] = detectSpikes(catSeries, spikeOpts).map((sp) => ({
    kind: "category",
    key: sp.key,
    count: sp.count,
    baseline: sp.baseline,
    sigma: sp.sigma,
    score: sp.score,
    series: sp.series,
    items: items.map((_, i) => i).filter((i) => dayOf[i] === 0 && items[i].category === sp.key).sort(newestFirst),
  }));

  // By keyword: only words seen at least minCount times on day 0 can spike, so only their series
  // are built.
  const words = items.map((it, i) => (inRange(dayOf[i]) ? keywordSet(it.text) : new Set<string>()));
  const today = new Map<string, number>();
  words.forEach((ws, i) => {
    if (dayOf[i] !== 0) return;
    for (const w of ws) today.set(w, (today.get(w) ?? 0) + 1);
  });
  const candidates = new Set([...today].filter(([, n]) => n >= spikeOpts.minCount).map(([w]) => w));
  const kwSeries = new Map<string, number[]>();
  for (const w of candidates) kwSeries.set(w, new Array(days + 1).fill(0));
  words.forEach((ws, i) => {
    for (const w of ws) {
      const s = kwSeries.get(w);
      if (s) s[days - dayOf[i]] += 1;
    }
  });
  for (const sp of detectSpikes(kwSeries, spikeOpts).slice(0, opts.maxKeywordTopics ?? MAX_KEYWORD_TOPICS)) {
    topics.push({
      kind: "keyword",
      key: sp.key,
      count: sp.count,
      baseline: sp.baseline,
      sigma: sp.sigma,
      score: sp.score,
      series: sp.series,
      items: items.map((_, i) => i).filter((i) => dayOf[i] === 0 && words[i].has(sp.key)).sort(newestFirst),
    });
  }

  // Near-duplicates among the recent items.
  const window = opts.duplicateWindowDays ?? DUPLICATE_WINDOW_DAYS;
  const recent = items.map((_, i) => i).filter((i) => dayOf[i] >= 0 && dayOf[i] < window);
  const groups = groupNearDuplicates(
    recent.map((i) => items[i].text),
    opts.duplicateThreshold ?? DUPLICATE_THRESHOLD,
  ).map((g) => {
    const members = g.members.map((m) => recent[m]).sort(newestFirst);
    return { items: members, similarity: g.similarity, channels: [...new Set(members.map((i) => items[i].channel))].sort() };
  });
  // Cross-channel groups first, then bigger ones.
  groups.sort((a, b) => b.channels.length - a.channels.length || b.items.length - a.items.length);
  return { topics, groups };
}
