import { describe, expect, it } from 'vitest';
import { StartedParts } from './startedParts';

/** A stop that records its start and its end, and ends when the test lets it. */
function recordedStop(name: string, events: string[]) {
  let end: () => void = () => {};
  const ended = new Promise<void>((resolve) => (end = resolve));
  const stop = async () => {
    events.push(`${name} begins`);
    await ended;
    events.push(`${name} ends`);
  };
  return { stop, end };
}

/** Lets every callback already due run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('StartedParts', () => {
  it('stops stage after stage whatever the order parts started in, the parts of one stage together', async () => {
    const events: string[] = [];
    const parts = new StartedParts();
    const writer = recordedStop('writer', events);
    const purge = recordedStop('purge', events);
    const imports = recordedStop('imports', events);
    parts.add('writer', writer.stop);
    parts.add('jobs', purge.stop);
    parts.add('sockets', () => events.push('sockets'));
    parts.add('jobs', imports.stop);

    const stopped = parts.stop();
    await settle();
    expect(events).toEqual(['sockets', 'purge begins', 'imports begins']);
    imports.end();
    await settle();
    expect(events).not.toContain('writer begins');
    purge.end();
    writer.end();
    await stopped;
    expect(events).toEqual([
      'sockets',
      'purge begins',
      'imports begins',
      'imports ends',
      'purge ends',
      'writer begins',
      'writer ends',
    ]);
  });

  it('ends at the first stage that fails and rejects with its error', async () => {
    const stopped: string[] = [];
    const parts = new StartedParts();
    parts.add('jobs', () => Promise.reject(new Error('pass failed')));
    parts.add('search', () => stopped.push('search'));

    await expect(parts.stop()).rejects.toThrow('pass failed');
    expect(stopped).toEqual([]);
  });

  it('stops every part after a failed start, whatever fails', async () => {
    const stopped: string[] = [];
    const parts = new StartedParts();
    parts.add('jobs', () => {
      throw new Error('stop failed');
    });
    parts.add('jobs', () => stopped.push('live hub'));
    parts.add('redis', () => Promise.reject(new Error('redis gone')));
    parts.add('lease', () => stopped.push('lease'));

    await parts.stopIgnoringErrors();
    expect(stopped).toEqual(['live hub', 'lease']);
  });
});
