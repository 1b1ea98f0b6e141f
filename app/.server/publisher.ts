// The port through which services announce committed changes. server/realtime implements it
// with Socket.IO; tests may record calls. Call it only after the transaction has committed.
import type { ServerToClient } from "~/realtime/contract";

export interface Publisher {
  publish<E extends keyof ServerToClient>(room: string | string[], event: E, payload: Parameters<ServerToClient[E]>[0]): void;
  /** Ends every socket opened with the given session (logout, disabled account). */
  endSession(sessionId: string): void;
  endUser(userId: number): void;
  /** Removes every socket but moderators' from a room (a thread was just hidden). */
  restrictToModerators(room: string): Promise<void>;
}
