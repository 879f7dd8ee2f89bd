import { describe, expect, it } from 'vitest';
import demo from '../../../tours/demo.json';
import { parseTour, TourFormatError } from './tourSchema';
import { loadTour, tourIds } from './tours';

function problemsOf(value: unknown): readonly string[] {
  try {
    parseTour(value, 'test.json');
  } catch (error) {
    if (error instanceof TourFormatError) return error.problems;
    throw error;
  }
  return [];
}

const clone = (): typeof demo => structuredClone(demo);

describe('tour files', () => {
  it('loads the demo tour from tours/', () => {
    expect(tourIds()).toContain('demo');
    const tour = loadTour('demo');
    expect(tour.steps.map((step) => step.id)).toEqual([
      'district',
      'grid-levels',
      'street',
      'base-grid',
      'building',
      'units',
      'workers',
      'incident-loop',
      'heatmap',
      'cockpit',
    ]);
  });

  it('refuses an unknown tour by naming the ones there are', () => {
    expect(() => loadTour('nope')).toThrow(/no such tour \(there are: .*demo/);
  });

  it('names the place of each problem', () => {
    const broken = clone() as unknown as { steps: Record<string, unknown>[] };
    broken.steps[1]!.durationS = 0.5;
    delete (broken.steps[2]!.caption as Record<string, unknown>).en;
    const problems = problemsOf(broken);
    expect(problems.some((problem) => problem.startsWith('/steps/1/durationS'))).toBe(true);
    expect(problems.some((problem) => problem.startsWith('/steps/2/caption'))).toBe(true);
  });

  it('refuses unknown properties, targets and panels', () => {
    const extra = clone() as unknown as Record<string, unknown>;
    extra.autoplay = true;
    expect(problemsOf(extra).join()).toMatch(/^\//);
    const target = clone() as unknown as { steps: { target: unknown }[] };
    target.steps[0]!.target = { kind: 'person', id: 1 };
    expect(problemsOf(target).some((problem) => problem.startsWith('/steps/0/target'))).toBe(true);
    const panel = clone() as unknown as { steps: { show: { panels: string[] } }[] };
    panel.steps[0]!.show.panels = ['incidents'];
    expect(problemsOf(panel).some((problem) => problem.startsWith('/steps/0/show/panels'))).toBe(
      true,
    );
  });

  it('refuses repeated step ids and codes that are not grid codes', () => {
    const repeated = clone();
    repeated.steps[1]!.id = 'district';
    expect(problemsOf(repeated)).toEqual(['/steps/1/id: "district" is used twice']);
    const badCode = clone() as unknown as { steps: { target: unknown }[] };
    badCode.steps[0]!.target = { kind: 'grid', code: '3501021' };
    expect(problemsOf(badCode)).toEqual(['/steps/0/target/code: "3501021" is not a grid code']);
  });

  it('refuses a tour without steps and a file that is not a tour', () => {
    expect(problemsOf({ ...clone(), steps: [] }).join()).toMatch(/\/steps/);
    expect(problemsOf('tour').length).toBeGreaterThan(0);
    expect(problemsOf(null).length).toBeGreaterThan(0);
  });
});
