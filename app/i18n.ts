// One i18next instance per language, built synchronously from the bundled locale files, so
// server render and hydration print the same strings.
import i18next, { type i18n, type TFunction } from "i18next";
import en from "./locales/en";
import zhCN from "./locales/zh-CN";

export const languages = ["zh-CN", "en"] as const;
export type Lang = (typeof languages)[number];
export const defaultLang: Lang = "zh-CN";

export const resources = { "zh-CN": { translation: zhCN }, en: { translation: en } } as const;

const cache = new Map<Lang, i18n>();

export function getI18n(lang: Lang): i18n {
  let inst = cache.get(lang);
  if (!inst) {
    inst = i18next.createInstance();
    void inst.init({
      lng: lang,
      fallbackLng: defaultLang,
      resources,
      initAsync: false,
      interpolation: { escapeValue: false },
      returnNull: false,
      showSupportNotice: false,
    });
    cache.set(lang, inst);
  }
  return inst;
}

export function getT(lang: Lang): TFunction {
  return getI18n(lang).t;
}

/** A page's <title>: its own words, then the site's name. */
export function withSiteName(lang: Lang, title: string): string {
  return `${title} · ${getT(lang)("brand.name")}`;
}

export const TIME_ZONE = "Asia/Shanghai";

/** Dates always in Shanghai time, whatever the server's or the browser's zone. */
export function formatDateTime(iso: string | Date, lang: Lang): string {
  const d = typeof iso === "string" ? new Date(iso) : iso;
  return new Intl.DateTimeFormat(lang, {
    timeZone: TIME_ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    // h23, not hour12: false: with that, Node's English formats midnight as "24:03" and the
    // browser as "00:03", so the page and its hydration disagreed.
    hourCycle: "h23",
  }).format(d);
}

export function formatDate(iso: string | Date, lang: Lang): string {
  const d = typeof iso === "string" ? new Date(iso) : iso;
  return new Intl.DateTimeFormat(lang, { timeZone: TIME_ZONE, year: "numeric", month: "long", day: "numeric" }).format(d);
}
