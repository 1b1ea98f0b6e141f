export * from "./auth";
export * from "./mailboxes";
export * from "./forum";
export * from "./petitions";
export * from "./notifications";
