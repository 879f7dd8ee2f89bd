import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy } from './passwordPolicy';
import { temporaryPassword } from './userAdmin';

describe('password policy', () => {
  it.each([
    ['Short-1a', 'too short'],
    ['alllowercaseletters', 'one kind only'],
    ['lowercase-and-symbols', 'two kinds'],
    ['Zhang.San-2026!', 'contains the username'],
  ])('refuses %s (%s)', (password) => {
    const problem = checkPasswordPolicy(password, 'zhang.san');
    expect(problem?.zh).toBeTruthy();
    expect(problem?.en).toBeTruthy();
  });

  it('accepts 12+ characters of three kinds without the username', () => {
    expect(checkPasswordPolicy('Grid-Duty-2026', 'zhang.san')).toBeNull();
    expect(checkPasswordPolicy('网格巡查Abc123456', 'zhang.san')).toBeNull();
  });

  it('makes temporary passwords that meet it', () => {
    for (let index = 0; index < 50; index += 1) {
      expect(checkPasswordPolicy(temporaryPassword('li.wei'), 'li.wei')).toBeNull();
    }
  });
});
