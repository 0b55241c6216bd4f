import { UserError } from '../../core/errors.ts';
import type { ButtonSpec } from '../../core/context.ts';
import type { Ctx } from '../services.ts';

/**
 * Who votes, in the step-by-step `/poll` form: the whole community or one committee, shown as one
 * row of buttons each so that any number of committees fits. The buttons carry the committee's id
 * (`c12`), never its name, to stay inside Telegram's 64 bytes of button data. They share the
 * settings toggles' action (`poll.ft`, chair-only like the rest of the form), told apart by their data.
 */
const COMMITTEE_ACTION = 'poll.ft';
const WHOLE_COMMUNITY = 'all';

/** The rows of the choice, the current one ticked; none when the community has no committees. */
export async function committeeRows(ctx: Ctx, chosen: string | undefined): Promise<ButtonSpec[][]> {
  const committees = await ctx.services.committees.list(ctx.requireCommunity().id, ctx.member.id);
  if (committees.length === 0) return [];
  const row = (on: boolean, setting: string, data: string): ButtonSpec[] => [
    {
      labelKey: on ? 'poll.form.setting-on' : 'poll.form.setting-off',
      labelParams: { setting },
      action: COMMITTEE_ACTION,
      data,
    },
  ];
  return [
    row(chosen === undefined, ctx.t('poll.form.audience.community'), WHOLE_COMMUNITY),
    ...committees.map((c) =>
      row(c.name === chosen, ctx.t('poll.form.audience.committee', { name: c.name }), `c${c.id}`),
    ),
  ];
}

/**
 * The committee name a pressed button stands for (undefined: the whole community). The id is looked
 * up in the chair's own community, so a forged or stale id is refused rather than trusted; the name
 * goes into the draft as if typed after `--committee`, and is checked again when the poll is posted.
 */
export async function chosenCommittee(ctx: Ctx, data: string): Promise<string | undefined> {
  if (data === WHOLE_COMMUNITY) return undefined;
  const id = /^c(\d{1,9})$/.exec(data);
  if (!id) throw new UserError('error.stale-button');
  try {
    const committee = await ctx.services.committees.find(ctx.requireCommunity().id, { id: Number(id[1]) });
    return committee.name;
  } catch (error) {
    if (error instanceof UserError && error.key === 'committee.unknown') throw new UserError('error.stale-button');
    throw error;
  }
}
