import { hashPassword, passwordProblem, verifyPassword } from './passwords';

const FAST = { N: 1024, r: 8, p: 1 };

describe('passwords hashed with scrypt', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('mật-khẩu-đủ-dài', FAST);
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(stored).not.toContain('mật');
    await expect(verifyPassword('mật-khẩu-đủ-dài', stored)).resolves.toBe(true);
    await expect(verifyPassword('mật-khẩu-sai', stored)).resolves.toBe(false);
  });

  it('salts each hash', async () => {
    expect(await hashPassword('same-password', FAST)).not.toBe(await hashPassword('same-password', FAST));
  });

  it('uses memory-hard parameters by default', async () => {
    expect(await hashPassword('default-params')).toMatch(/^scrypt\$32768\$8\$1\$/);
  });

  it('refuses a malformed stored hash', async () => {
    await expect(verifyPassword('x', 'plain')).resolves.toBe(false);
  });

  it('asks for at least 10 characters', () => {
    expect(passwordProblem('short')).toMatch(/10 ký tự/);
    expect(passwordProblem('long-enough-1')).toBeUndefined();
  });
});
