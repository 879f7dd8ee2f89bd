import { describe, expect, it } from 'vitest';
import { maskWorkerName, toDirectoryEntry } from './workerMapper';

describe('maskWorkerName', () => {
  it('keeps the surname and the length, and hides a one-character name', () => {
    expect(maskWorkerName('张伟')).toBe('张*');
    expect(maskWorkerName('欧阳晓明')).toBe('欧***');
    expect(maskWorkerName('王')).toBe('*');
    expect(maskWorkerName('')).toBe('');
    // Code points, not UTF-16 units: a supplementary-plane surname stays one character.
    expect(maskWorkerName('𠮷田')).toBe('𠮷*');
  });

  it('masks directory entries only for callers without the reveal permission', () => {
    const worker = {
      workerId: 3,
      name: '陈静',
      nameEn: 'Chen Jing',
      gridCodes: ['350102001001001'],
    };
    expect(toDirectoryEntry(worker, 'online', false).displayName).toBe('陈*');
    expect(toDirectoryEntry(worker, 'online', true).displayName).toBe('陈静');
  });
});
