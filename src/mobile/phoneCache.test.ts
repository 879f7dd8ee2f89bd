/** The phone's read cache (fake-indexeddb in Node): server first, kept copy offline, per worker. */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { PhoneCache } from './phoneCache';

const offline = () => Promise.reject(new Error('Failed to fetch'));

describe('PhoneCache', () => {
  it("keeps the server's answer and gives it back offline with the time it was read", async () => {
    const cache = await PhoneCache.open('cache-offline');
    const fresh = await cache.read(1, '/buildings', async () => ['楼1'], 1000);
    expect(fresh).toEqual({ value: ['楼1'], savedAtMs: 1000, fromCache: false });
    const later = await cache.read(1, '/buildings', async () => ['楼1', '楼2'], 2000);
    expect(later.value).toEqual(['楼1', '楼2']);
    expect(await cache.read(1, '/buildings', offline, 3000)).toEqual({
      value: ['楼1', '楼2'],
      savedAtMs: 2000,
      fromCache: true,
    });
    cache.close();
  });

  it("fails offline without a kept copy, never gives one worker another's, forgets on clear", async () => {
    const cache = await PhoneCache.open('cache-workers');
    await expect(cache.read(1, '/units/5', offline)).rejects.toThrow('Failed to fetch');
    await cache.read(1, '/units/5', async () => ({ households: 2 }));
    await expect(cache.read(2, '/units/5', offline)).rejects.toThrow('Failed to fetch');
    await cache.clear();
    await expect(cache.read(1, '/units/5', offline)).rejects.toThrow('Failed to fetch');
    cache.close();
  });

  it('gives the kept copy without asking the server when asked for it, else reads', async () => {
    const cache = await PhoneCache.open('cache-kept');
    expect(await cache.readKept(1, '/basemap', async () => 'v1', 1000)).toEqual({
      value: 'v1',
      savedAtMs: 1000,
      fromCache: false,
    });
    let asked = false;
    const kept = await cache.readKept(1, '/basemap', async () => {
      asked = true;
      return 'v2';
    });
    expect(kept).toEqual({ value: 'v1', savedAtMs: 1000, fromCache: true });
    expect(asked).toBe(false);
    cache.close();
  });
});
