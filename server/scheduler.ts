// Scheduled side effects (architecture.md: "run once across all nodes"). Every node ticks; each
// job takes a Postgres advisory lock for its round, so with N nodes a round runs once.
import type { AppServices } from "../app/.server/context";
import { runDeadlineNotices } from "../app/.server/petitions/deadlines";

export interface Scheduler {
  stop(): Promise<void>;
}

export function startScheduler(app: AppServices, intervalMs: number, log: (line: string) => void): Scheduler {
  if (intervalMs <= 0) return { stop: async () => {} };
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    running = runDeadlineNotices(app).catch((e) => log(`scheduler: deadline notices failed: ${(e as Error).message}`));
  };
  const timer = setInterval(() => {
    if (!stopped) tick();
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
