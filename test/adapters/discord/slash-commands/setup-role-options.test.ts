import { describe, expect, it } from 'vitest';
import { commandTextFromOptions } from '../../../../src/adapters/discord/slash-commands/index.ts';
import { UserError } from '../../../../src/core/errors.ts';
import { parseMapArgs, parseUnmapArgs } from '../../../../src/features/community/role-mapping-args.ts';
import { apiRole, filledOptions, type FilledOptions } from './interactions.ts';

const text = (filled: FilledOptions) => commandTextFromOptions('setup', filledOptions('setup', filled));

function refusal(filled: FilledOptions): UserError {
  try {
    text(filled);
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('/setup was not refused');
}

const CHAIRS = apiRole('123456789012345678', 'Committee  chairs | 2025');

describe('/setup’s server-role options → the core’s text commands', () => {
  it('GIVEN chair_role or curator_role THEN `/setup map ROLE <@&ID> NAME`, which the core’s parser reads back (a `|` in the name as ｜, since `|` joins several settings)', () => {
    const chair = text({ chair_role: { role: CHAIRS } });
    expect(chair).toEqual({ name: 'setup', args: `map chair <@&${CHAIRS.id}> Committee  chairs ｜ 2025` });
    expect(parseMapArgs(chair.args.slice('map'.length))).toEqual({
      role: 'chair',
      platformRoleId: CHAIRS.id,
      platformRoleName: 'Committee  chairs ｜ 2025',
    });
    const curator = text({ curator_role: { role: apiRole('223456789012345678', 'Documentation') } });
    expect(parseMapArgs(curator.args.slice('map'.length))).toMatchObject({
      role: 'curator',
      platformRoleId: '223456789012345678',
    });
  });

  it('GIVEN unmap_role THEN `/setup unmap <@&ID>`', () => {
    const unmap = text({ unmap_role: { role: CHAIRS } });
    expect(unmap.args).toBe(`unmap <@&${CHAIRS.id}>`);
    expect(parseUnmapArgs(unmap.args.slice('unmap'.length))).toBe(CHAIRS.id);
  });

  it('GIVEN a role option with other options THEN all of them are applied, settings and mappings in one command', () => {
    expect(text({ chair_role: { role: CHAIRS }, zone: 'UTC' }).args).toBe(
      `tz UTC | map chair <@&${CHAIRS.id}> Committee  chairs ｜ 2025`,
    );
  });

  it('GIVEN @everyone as the role THEN a refusal: every member holds it', () => {
    expect(refusal({ curator_role: { role: apiRole('100', '@everyone') } }).key).toBe('discord.error.everyone-role');
  });
});
