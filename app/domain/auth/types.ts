export const roles = ["citizen", "moderator", "official", "admin"] as const;
export type Role = (typeof roles)[number];
export type Position = "handler" | "leader";

export interface UserDto {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  mailboxes: { mailboxId: string; position: Position }[];
  disabled?: boolean;
  createdAt: string;
}

export interface Viewer {
  id: number;
  username: string;
  displayName: string;
  role: Role;
}

export const isModerator = (v: Viewer | null | undefined) => v?.role === "moderator" || v?.role === "admin";
export const isOfficial = (v: Viewer | null | undefined) => v?.role === "official" || v?.role === "admin";
export const isAdmin = (v: Viewer | null | undefined) => v?.role === "admin";
