// Scheduled side effects (architecture.md: "run once across all nodes"). Every node ticks; each
// job takes its own Postgres advisory lock for its round, so with N nodes a round runs once, and
// each job's writes are idempotent besides.
import type { AppServices } from "../app/.server/context";
import { log } from "../app/.server/log";
import { runDeadlineNotices } from "../app/.server/petitions/deadlines";
import { runEventReminders } from "../app/.server/events/reminders";
import { runLiveTranscripts } from "../app/.server/live/jobs";
import { runDailyInsight } from "../app/.server/insight/job";

export interface Job {
  name: string;
  run(app: AppServices): Promise<unknown>;
}

/** Every scheduled job, in the order a tick runs them. */
export const jobs: Job[] = [{ name: "deadline notices", run: runDeadlineNotices }, { name: "event reminders", run: runEventReminders }, { name: "live transcripts", run: runLiveTranscripts }, { name: "emerging issues", run: runDailyInsight }];

export interface Scheduler {
  stop(): Promise<void>;
}

export function startScheduler(app: AppServices, intervalMs: number): Scheduler {
  if (intervalMs <= 0) return { stop: async () => {} };
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const tick = async () => {
    for (const job of jobs) {
      if (stopped) return;
      await job.run(app).catch((e) => log.error({ job: job.name, err: { message: (e as Error).message } }, "scheduled job failed"));
    }
  };
  const timer = setInterval(() => {
    if (!stopped) running = running.then(tick);
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
