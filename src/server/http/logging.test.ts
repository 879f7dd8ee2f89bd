import { describe, expect, it } from 'vitest';
import { loggerOptions, serializeRequest } from './logging';

describe('request logging', () => {
  it('logs the path without the query string', () => {
    const logged = serializeRequest({
      method: 'GET',
      url: '/api/search?q=%E6%9E%97%E5%BB%BA&page=2',
      ip: '127.0.0.1',
    });
    expect(logged).toEqual({ method: 'GET', path: '/api/search', remoteAddress: '127.0.0.1' });
    expect(JSON.stringify(logged)).not.toContain('q=');
  });

  it('redacts credentials and session tokens', () => {
    expect(loggerOptions().redact).toEqual(
      expect.arrayContaining(['req.headers.authorization', 'req.headers.cookie']),
    );
  });
});
