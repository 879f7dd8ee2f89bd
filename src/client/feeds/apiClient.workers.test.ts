import { describe, expect, it, vi } from 'vitest';
import { createApiClient } from './apiClient';

describe('createApiClient worker calls', () => {
  it('asks for the workers of a grid and for a worker card', async () => {
    const fetchImpl = vi.fn<typeof fetch>(async () => new Response('[]', { status: 200 }));
    const client = createApiClient({ fetchImpl });
    await client.workers('350102001');
    await client.workers();
    await client.workerToday(42);
    expect(fetchImpl.mock.calls.map(([url]) => String(url))).toEqual([
      '/api/workers?grid=350102001',
      '/api/workers',
      '/api/workers/42/today',
    ]);
  });
});
