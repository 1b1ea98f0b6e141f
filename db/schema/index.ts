export * from "./auth";
export * from "./mailboxes";
export * from "./forum";
