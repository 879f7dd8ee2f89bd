/** The browser suites' command center with the server on PostgreSQL (project `e2e-postgres`). */
import type { TestProject } from 'vitest/node';
import { startCommandCenter } from './globalSetup';

export default function setup(project: TestProject): Promise<() => Promise<void>> {
  return startCommandCenter(project, 'postgres');
}
