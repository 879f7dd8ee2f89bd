/**
 * Test-only: the incident drawer rendered over a fake incident server, for the drawer's component
 * tests. The server answers the detail route with the incident's latest state, as the real one
 * does, because the drawer reads the detail again after every step.
 */
import { screen, within } from '@testing-library/react';
import { vi } from 'vitest';
import { validateIncidentCommand } from '../../domain/incidents/validateIncidentCommand';
import type { ApiClient } from '../feeds/apiClient';
import type { IncidentDetail } from '../../shared/incidents';
import { fakeApiClient, renderPanel } from '../widgets/testing/renderPanel';
import { IncidentDrawer } from './IncidentDrawer';
import { commandRefusal } from './incidentDetailFixture';

/** The incident as the server holds it; a transition that succeeds becomes its state. */
export function incidentServer(initial: IncidentDetail) {
  let current = initial;
  const incident = vi.fn<ApiClient['incident']>(async () => current);
  /** A step the server took: later reads of the detail answer `next`. */
  const becomes = (next: IncidentDetail) => (current = next);
  /** A transition answered with `next`. */
  const answering = (next: IncidentDetail) =>
    vi.fn<ApiClient['transitionIncident']>(async () => becomes(next));
  /** A transition checked as the server checks a command's fields (a reason for refusals). */
  const checking = (next: IncidentDetail) =>
    vi.fn<ApiClient['transitionIncident']>(async (_id, { command }) => {
      const nowMs = (current.history.at(-1)?.atMs ?? current.reportedAtMs) + 1;
      const refusal = validateIncidentCommand(current, command, nowMs);
      if (refusal !== null) throw commandRefusal(refusal);
      return becomes(next);
    });
  return { incident, becomes, answering, checking };
}

/** Renders the drawer over a fake server; `methods` fakes what the test sends (as `sent`). */
export async function openIncidentDrawer<M extends Partial<ApiClient>>(
  detail: IncidentDetail,
  methods: (server: ReturnType<typeof incidentServer>) => M = () => ({}) as M,
) {
  const server = incidentServer(detail);
  const sent = methods(server);
  // The district's departments, so a department code on the incident reads as its name.
  const departments = vi.fn<ApiClient['departments']>(async () => [
    { code: 'urban_management', name: '区城市管理局', nameEn: 'Urban Management' },
  ]);
  const api = fakeApiClient({ incident: server.incident, departments, ...sent });
  const rendered = renderPanel(<IncidentDrawer incidentId={detail.id} />, { api });
  await screen.findByText(detail.description);
  return { ...rendered, server, incident: server.incident, sent };
}

/** The labels of the drawer's action buttons, in order. */
export const drawerActionButtons = () =>
  within(screen.getByTestId('incident-actions'))
    .getAllByRole('button')
    .map((button) => button.textContent);
