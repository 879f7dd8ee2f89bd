import { describe, expect, it, vi } from 'vitest';
import { ApiRequestError, NETWORK_ERROR_STATUS, createApiClient } from './apiClient';

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

describe('createApiClient', () => {
  it('sends the bearer token from login on later requests', async () => {
    const fetchImpl = vi.fn<typeof fetch>(async (input) => {
      if (String(input).endsWith('/auth/login')) {
        return jsonResponse(200, { token: 'secret', expiresAt: '', user: { username: 'a' } });
      }
      return jsonResponse(200, { username: 'a' });
    });
    const client = createApiClient({ fetchImpl });
    await client.login({ username: 'a', password: 'b' });
    await client.me();
    const init = fetchImpl.mock.calls[1]?.[1];
    expect((init?.headers as Record<string, string>).authorization).toBe('Bearer secret');
    expect(String(fetchImpl.mock.calls[1]?.[0])).toBe('/api/auth/me');
  });

  it('turns error bodies into ApiRequestError and reports 401', async () => {
    const onUnauthorized = vi.fn();
    const client = createApiClient({
      fetchImpl: async () =>
        jsonResponse(401, { statusCode: 401, error: 'Unauthorized', message: 'no session' }),
      onUnauthorized,
    });
    const failure = await client.me().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiRequestError);
    expect((failure as ApiRequestError).statusCode).toBe(401);
    expect((failure as ApiRequestError).message).toBe('no session');
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });

  it('keeps the status when the body is not JSON', async () => {
    const client = createApiClient({
      fetchImpl: async () =>
        new Response('gateway down', { status: 502, statusText: 'Bad Gateway' }),
    });
    const failure = (await client.config().catch((error: unknown) => error)) as ApiRequestError;
    expect(failure.statusCode).toBe(502);
  });

  it('reports network failures with a distinct status', async () => {
    const client = createApiClient({
      fetchImpl: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    const failure = (await client.grids().catch((error: unknown) => error)) as ApiRequestError;
    expect(failure.statusCode).toBe(NETWORK_ERROR_STATUS);
  });

  it('encodes search queries and paging', async () => {
    const fetchImpl = vi.fn<typeof fetch>(async () =>
      jsonResponse(200, { items: [], page: 1, pageSize: 10, total: 0 }),
    );
    await createApiClient({ fetchImpl }).search('王 伟', { pageSize: 10 });
    expect(String(fetchImpl.mock.calls[0]?.[0])).toBe(
      '/api/search?q=%E7%8E%8B+%E4%BC%9F&pageSize=10',
    );
  });

  it('asks for replay tracks of several workers over a range', async () => {
    const fetchImpl = vi.fn<typeof fetch>(async () =>
      jsonResponse(200, { fromMs: 1000, toMs: 2000, tracks: [] }),
    );
    const answer = await createApiClient({ fetchImpl }).tracks({
      workerIds: [3, 12],
      fromMs: 1000,
      toMs: 2000,
      maxPoints: 500,
    });
    expect(String(fetchImpl.mock.calls[0]?.[0])).toBe(
      '/api/tracks?workerIds=3%2C12&fromMs=1000&toMs=2000&maxPoints=500',
    );
    expect(answer.tracks).toEqual([]);
  });
});
