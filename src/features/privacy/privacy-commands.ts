import { UserError } from '../../core/errors.ts';
import { Rendered } from '../../i18n/translator.ts';
import { keptLines } from './kept-summary.ts';
import { type AppRouter } from '../services.ts';
import { addAction } from '../feature-action.ts';
import { featureCommand } from '../feature-command.ts';

/** `/mydata`: a JSON file of everything stored about the member, sent privately. */
export const mydataCommand = featureCommand({
  name: 'mydata',
  audience: 'anyone',
  chats: 'any',
  args: [],
  async run(ctx) {
    ctx.requirePrivateReach();
    const json = await ctx.services.privacy.export(ctx.member.id);
    await ctx.replyPrivately(
      'mydata.ready',
      {},
      {
        file: {
          fileName: 'hamkar-my-data.json',
          mimeType: 'application/json',
          contentBase64: Buffer.from(json).toString('base64'),
        },
      },
    );
  },
});

/** `/forgetme`: asks first; the answer is one of its two buttons. */
export const forgetmeCommand = featureCommand({
  name: 'forgetme',
  audience: 'anyone',
  chats: 'any',
  args: [],
  async run(ctx) {
    // The member id rides on the buttons so that only this person's press counts.
    const data = String(ctx.member.id);
    await ctx.reply(
      'forgetme.confirm',
      {},
      {
        buttons: [
          [
            { labelKey: 'forgetme.button-yes', action: 'forget.yes', data },
            { labelKey: 'forgetme.button-no', action: 'forget.no', data },
          ],
        ],
      },
    );
  },
});

/** `/mydata` and `/forgetme` (after confirmation). */
export function registerPrivacyCommands(router: AppRouter): void {
  router.command(mydataCommand);
  router.command(forgetmeCommand);

  addAction(router, 'forget.yes', async (ctx, data) => {
    if (data !== String(ctx.member.id)) throw new UserError('error.not-your-button');
    const lines = keptLines(ctx.t, await ctx.services.privacy.forget(ctx.member.id));
    if (lines.length === 0) return ctx.reply('forgetme.done-nothing');
    await ctx.reply('forgetme.done', { kept: new Rendered(lines.join('\n')) });
  });

  addAction(router, 'forget.no', async (ctx, data) => {
    if (data !== String(ctx.member.id)) throw new UserError('error.not-your-button');
    await ctx.reply('forgetme.cancelled');
  });
}
