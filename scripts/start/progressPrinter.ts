/** Progress lines for long command-line work: one line per stage per 10 % step. */
const PERCENT_STEP = 10;

export interface ProgressPrinter {
  report(stage: string, done: number, total: number): void;
  forStage(stage: string): (done: number, total: number) => void;
}

export function createProgressPrinter(indent: string): ProgressPrinter {
  const lastPrintedStep = new Map<string, number>();
  const report = (stage: string, done: number, total: number): void => {
    const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
    const step = Math.floor(percent / PERCENT_STEP) * PERCENT_STEP;
    if ((lastPrintedStep.get(stage) ?? -1) >= step) return;
    lastPrintedStep.set(stage, step);
    console.log(`${indent}${stage} ${step}% (${done}/${total})`);
  };
  return { report, forStage: (stage) => (done, total) => report(stage, done, total) };
}
