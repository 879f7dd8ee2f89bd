/**
 * Identifiers sealed on the sealing thread must be the very bytes the calling thread's sealer
 * gives (the register holds one form, whichever thread sealed it), and open with its key.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { IdentifierSealer } from './sealedIdentifiers';
import { SealingThread } from './sealingThread';

const PERSONS = [
  { idNumber: '35010219800101001X', phone: '13900000001' },
  { idNumber: '350102198001010029', phone: null },
  { idNumber: '350102198001010037', phone: '0591-87654321' },
  // Not in index form: the thread's batch seals it one by one, as the sealer here does.
  { idNumber: '35010219800101004x', phone: ' 13900000002' },
];

describe('SealingThread', () => {
  it('seals exactly as the sealer does here, in the order given, phones absent or not', async () => {
    const sealer = new IdentifierSealer(randomBytes(32));
    const thread = new SealingThread(sealer);
    try {
      const [first, second] = await Promise.all([
        thread.seal(PERSONS),
        thread.seal(PERSONS.slice(1)),
      ]);
      expect(first).toEqual(PERSONS.map((person) => sealer.sealPerson(person)));
      expect(second).toEqual(first.slice(1));
      expect(sealer.openPerson(first[0]!)).toEqual(PERSONS[0]);
      expect(first[1]!.phoneSealed).toBeNull();
    } finally {
      await thread.close();
    }
  });

  it('refuses work once closed', async () => {
    const thread = new SealingThread(new IdentifierSealer(randomBytes(32)));
    await thread.close();
    await expect(thread.seal(PERSONS)).rejects.toThrow(/closed/);
  });
});
