import { describe, expect, it } from 'vitest';
import { decodeOptions } from '../../../../src/adapters/discord/slash-commands/spec-options.ts';
import { checkValues } from '../../../../src/core/command.ts';
import { UserError } from '../../../../src/core/errors.ts';
import { setupCommand } from '../../../../src/features/community/setup-commands.ts';
import { parseSetupText } from '../../../../src/features/community/setup-grammar.ts';
import { apiRole, filledOptions, type FilledOptions } from './interactions.ts';

/** A filled-in `/setup` as the core receives it: the options decoded and checked against its arguments. */
const values = (filled: FilledOptions) =>
  checkValues(setupCommand.args, decodeOptions(setupCommand.args, filledOptions('setup', filled)));

/** Read as on Discord, where the sender's server roles are shown. */
const onDiscord = { platformRoles: true };

function refusal(text: string): UserError {
  try {
    parseSetupText(text, onDiscord);
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error(`/setup ${text} was not refused`);
}

function textRefusal(text: string): UserError {
  try {
    parseSetupText(text, {});
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error(`/setup ${text} was not refused`);
}

const CHAIRS = apiRole('123456789012345678', 'Committee  chairs | 2025');

describe('/setup’s server-role options and its text forms give the same values', () => {
  it('GIVEN chair_role or curator_role THEN the role with its name as the server shows it, `|` and spaces kept; `/setup map` gives the same', () => {
    expect(values({ chair_role: { role: CHAIRS } })).toEqual({
      chair_role: { id: CHAIRS.id, name: 'Committee  chairs | 2025' },
    });
    expect(parseSetupText(`map chair <@&${CHAIRS.id}> Committee chairs`, onDiscord)).toEqual({
      chair_role: { id: CHAIRS.id, name: 'Committee chairs' },
    });
    const curator = apiRole('223456789012345678', 'Documentation');
    expect(values({ curator_role: { role: curator } })).toEqual(
      parseSetupText(`map curator <@&${curator.id}> Documentation`, onDiscord),
    );
  });

  it('GIVEN unmap_role THEN the role; `/setup unmap <@&ID>` names it by its id alone', () => {
    expect(values({ unmap_role: { role: CHAIRS } })).toEqual({ unmap_role: { id: CHAIRS.id, name: CHAIRS.name } });
    expect(parseSetupText(`unmap <@&${CHAIRS.id}>`, onDiscord)).toEqual({ unmap_role: { id: CHAIRS.id, name: '' } });
  });

  it('GIVEN settings with a role THEN all of them, as `tz … | map …` gives them', () => {
    expect(values({ chair_role: { role: apiRole(CHAIRS.id, 'Chairs') }, zone: 'UTC' })).toEqual(
      parseSetupText(`map chair <@&${CHAIRS.id}> Chairs | tz UTC`, onDiscord),
    );
  });

  it('GIVEN the settings, new and join THEN the text forms give the options’ values', () => {
    expect(values({ language: 'fa', zone: 'Asia/Tehran', calendar: 'persian' })).toEqual(
      parseSetupText('lang FA | tz Asia/Tehran | calendar persian', onDiscord),
    );
    expect(values({ new: 'Libraries of Tabriz', language: 'fa' })).toEqual(
      parseSetupText('lang fa | new Libraries of Tabriz', onDiscord),
    );
    expect(parseSetupText('new Libraries | North', onDiscord)).toEqual({ new: 'Libraries | North' });
    expect(parseSetupText('join ab12 cd34', onDiscord)).toEqual({ join: 'ab12cd34' });
    expect(parseSetupText('', onDiscord)).toEqual({});
    expect(parseSetupText('new', onDiscord)).toEqual({ new: '' });
    expect(parseSetupText('code', onDiscord)).toEqual({ only: 'code' });
  });

  it('GIVEN a text form that cannot be read THEN the answer names what is wrong, before anything changes', () => {
    expect(refusal('lang fa | calendar lunar').params).toEqual({ value: 'lunar' });
    expect(refusal('tz Mars/Olympus').key).toBe('tz.invalid');
    expect(refusal('lang fa | join AB12').key).toBe('setup.usage');
    expect(refusal('lang fa | lang vi').key).toBe('setup.usage');
    expect(refusal('map chair Chairs').key).toBe('setup.map-not-role');
    expect(refusal('unmap').key).toBe('setup.map-role-missing');
  });

  it('GIVEN a role mapping typed where roles are not shown (Telegram, Bale, console) THEN it is for Discord, before its syntax', () => {
    expect(textRefusal('map chair Chairs').key).toBe('setup.map-no-roles');
    expect(textRefusal('tz UTC | unmap <@&42>').key).toBe('setup.map-no-roles');
    expect(parseSetupText('lang fa', {})).toEqual({ language: 'fa' });
  });

  it('GIVEN a form only text has THEN Discord cannot send it: the core refuses an undeclared option', () => {
    expect(() => checkValues(setupCommand.args, { only: 'code' })).toThrow(UserError);
  });
});
