import { describe, expect, it, vi } from 'vitest';
import type { WallMode } from '../../shared/wallModes';
import { ApiRequestError, createApiClient } from './apiClient';

function okFetch() {
  return vi.fn<typeof fetch>(
    async () =>
      new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } }),
  );
}

/** Every person-level call of the client, as a view would make it. */
const PERSON_CALLS: Record<
  string,
  (client: ReturnType<typeof createApiClient>) => Promise<unknown>
> = {
  unit: (client) => client.unit(1),
  search: (client) => client.search('张'),
  reveal: (client) => client.reveal(1, 'verification', 'check'),
  revealIncidentText: (client) => client.revealIncidentText('E-1', 'verification', 'check'),
  workers: (client) => client.workers(),
  workerToday: (client) => client.workerToday(1),
  tracks: (client) => client.tracks({ workerIds: [1], fromMs: 0, toMs: 1 }),
  incident: (client) => client.incident('E-1'),
  dispatchSuggestions: (client) => client.dispatchSuggestions('E-1'),
  users: (client) => client.users(),
  userSessions: (client) => client.userSessions('admin'),
  audit: (client) => client.audit({}),
};

describe('the REST client in the wall modes', () => {
  it('sends the mode with every call', async () => {
    const fetchImpl = okFetch();
    let mode: WallMode = 'dispatch';
    const client = createApiClient({ fetchImpl, wallMode: () => mode });
    await client.config();
    mode = 'wall';
    await client.config();
    const headers = fetchImpl.mock.calls.map(
      ([, init]) => (init?.headers as Record<string, string>)['x-wall-mode'],
    );
    expect(headers).toEqual(['dispatch', 'wall']);
  });

  it('refuses every person-level call in the wall and tour modes without sending it', async () => {
    for (const mode of ['wall', 'tour'] as const) {
      const fetchImpl = okFetch();
      const client = createApiClient({ fetchImpl, wallMode: () => mode });
      for (const [name, call] of Object.entries(PERSON_CALLS)) {
        const failure = await call(client).catch((error: unknown) => error);
        expect(failure, name).toBeInstanceOf(ApiRequestError);
        expect((failure as ApiRequestError).statusCode, name).toBe(403);
        expect((failure as ApiRequestError).message, name).toContain(`the ${mode} mode`);
      }
      expect(fetchImpl).not.toHaveBeenCalled();
    }
  });

  it('makes the same calls at the dispatcher desk', async () => {
    const fetchImpl = okFetch();
    const client = createApiClient({ fetchImpl, wallMode: () => 'dispatch' });
    for (const call of Object.values(PERSON_CALLS)) await call(client);
    expect(fetchImpl).toHaveBeenCalledTimes(Object.keys(PERSON_CALLS).length);
  });

  it('still loads aggregates in the wall mode', async () => {
    const fetchImpl = okFetch();
    const client = createApiClient({ fetchImpl, wallMode: () => 'wall' });
    await client.gridSummary('350102');
    await client.building(3);
    await client.cockpitStats(null);
    await client.incidentHeat({} as never);
    expect(fetchImpl).toHaveBeenCalledTimes(4);
  });
});
