import { describe, expect, it } from 'vitest';
import { childEnv, ENV_ALLOWLIST } from '../../src/exec/index.js';

describe('childEnv', () => {
  const parent = {
    PATH: '/usr/bin',
    HOME: '/home/me',
    OPENAI_API_KEY: 'sk-secret',
    NODE_OPTIONS: '--require evil.js',
    PYTHONIOENCODING: 'ascii',
  };

  it('keeps only allowlisted parent variables, forces PYTHONIOENCODING=utf-8 and keeps Python from writing __pycache__', () => {
    expect(childEnv(parent)).toEqual({ PATH: '/usr/bin', HOME: '/home/me', PYTHONIOENCODING: 'utf-8', PYTHONDONTWRITEBYTECODE: '1' });
  });

  it('lets request variables add to and override the inherited ones', () => {
    expect(childEnv(parent, { PATH: '/opt/bin', SKILL_DIR: '/skills/pdf' })).toMatchObject({
      PATH: '/opt/bin',
      SKILL_DIR: '/skills/pdf',
    });
  });

  it('never lists NODE_OPTIONS or secrets in the allowlist', () => {
    expect(ENV_ALLOWLIST).not.toContain('NODE_OPTIONS');
    expect(ENV_ALLOWLIST.some((name) => /KEY|TOKEN|SECRET/.test(name))).toBe(false);
  });
});
