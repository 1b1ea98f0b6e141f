import { useTranslation } from "react-i18next";
import { formatDateTime, type Lang } from "~/i18n";

/** A timestamp in Shanghai time; the same text on the server and in the browser. */
export function Time({ iso }: { iso: string }) {
  const { i18n } = useTranslation();
  return <time dateTime={iso}>{formatDateTime(iso, i18n.language as Lang)}</time>;
}
