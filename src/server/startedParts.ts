/**
 * The parts of a server that must be stopped — timers, the lease, processes, connections — kept
 * in one list as they start. close() and a start that fails half-way both stop that list, in
 * one order, so what is stopped cannot drift from what was started.
 */

/**
 * The order parts stop in, stage after stage; the parts of one stage stop together.
 * - `sockets`: screens, devices and the other nodes send nothing more.
 * - `jobs`: a background pass or an import process already running ends before the database
 *   closes (else it fails, or stops half-way) and before the lease goes to another node; none
 *   starts after this.
 * - `lease`: another node may run the jobs from now on.
 * - `writer`: the last accepted fixes are committed before the database closes.
 * - `http`, then `https`: the listeners, the second one after the first as before.
 * - `search`, `redis`: the worker threads and the Redis connections, last before the stores.
 */
export const STOP_STAGES = [
  'sockets',
  'jobs',
  'lease',
  'writer',
  'http',
  'https',
  'search',
  'redis',
] as const;

export type StopStage = (typeof STOP_STAGES)[number];

interface StartedPart {
  stage: StopStage;
  stop: () => unknown;
}

export class StartedParts {
  private readonly parts: StartedPart[] = [];

  /** A part that has started (or may have begun to), and how to stop it. */
  add(stage: StopStage, stop: () => unknown): void {
    this.parts.push({ stage, stop });
  }

  /** Stops every part, stage by stage; the first failure ends it and reaches the caller. */
  async stop(): Promise<void> {
    for (const stops of this.stopsByStage()) await Promise.all(stops.map((stop) => stop()));
  }

  /** Stops every part, stage by stage, whatever fails: what a failed start must still stop. */
  async stopIgnoringErrors(): Promise<void> {
    for (const stops of this.stopsByStage())
      await Promise.all(
        stops.map((stop) =>
          Promise.resolve()
            .then(stop)
            .catch(() => {}),
        ),
      );
  }

  private stopsByStage(): Array<Array<() => unknown>> {
    return STOP_STAGES.map((stage) =>
      this.parts.filter((part) => part.stage === stage).map((part) => part.stop),
    );
  }
}
