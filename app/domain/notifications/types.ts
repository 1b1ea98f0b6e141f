export interface NotificationDto {
  id: string;
  /** notifications.kinds.<kind> in the locale files, with `data` as its parameters. */
  kind: string;
  data: Record<string, string | number | null>;
  url: string;
  createdAt: string;
  read: boolean;
}
