import { UserError } from '../../core/errors.ts';
import { type AppRouter, type Ctx } from '../services.ts';
import { addAction } from '../feature-action.ts';
import { featureCommand } from '../feature-command.ts';
import { buttonId } from './button-data.ts';
import { tagList } from './experience-view.ts';

/**
 * `/topics` (curators): the community's topic list that `/share` offers as buttons.
 * `/topics add A, B`, `/topics remove A`, or the remove buttons under the list.
 */
export const topicsCommand = featureCommand({
  name: 'topics',
  audience: ['curator'],
  chats: 'any',
  args: [
    { name: 'add', type: 'text', maxLength: 300 },
    { name: 'remove', type: 'text', maxLength: 100 },
  ],
  parse(text) {
    if (!text) return {};
    const match = /^(add|remove)(?:\s+([\s\S]*))?$/i.exec(text);
    const names = match?.[2]?.trim() ?? '';
    if (!match || !names) throw new UserError('experience.topics.usage');
    return match[1]!.toLowerCase() === 'add' ? { add: names } : { remove: names };
  },
  async run(ctx, { add, remove }) {
    // Discord's options: adding and removing at once is refused, as one text command does one.
    if (add !== undefined && remove !== undefined)
      throw new UserError('discord.error.conflict', { options: 'add, remove' });
    const community = ctx.requireCommunity();
    const { topics } = ctx.services.experiences;
    if (add !== undefined) {
      const added = await topics.add(community.id, add.trim());
      if (added.length === 0) return ctx.reply('experience.topics.nothing-added');
      await ctx.reply('experience.topics.added', { topics: tagList(added, ctx.language) });
      return listTopics(ctx);
    }
    if (remove === undefined) return listTopics(ctx);
    const removed = await topics.remove(community.id, { name: remove.trim() });
    await ctx.reply('experience.topics.removed', { topic: removed });
  },
});

export function registerTopicCommands(router: AppRouter): void {
  router.command(topicsCommand);

  addAction(router, 'topic.rm', async (ctx, data) => {
    const community = ctx.requireCommunity();
    const removed = await ctx.services.experiences.topics.remove(community.id, { id: buttonId(data) });
    await ctx.reply('experience.topics.removed', { topic: removed });
  });
}

async function listTopics(ctx: Ctx): Promise<void> {
  const community = ctx.requireCommunity();
  const topics = await ctx.services.experiences.topics.list(community.id);
  if (topics.length === 0) return ctx.reply('experience.topics.none');
  await ctx.reply(
    'experience.topics.list',
    {
      topics: tagList(
        topics.map((t) => t.name),
        ctx.language,
      ),
    },
    {
      buttons: topics.map((topic) => [
        {
          labelKey: 'experience.topics.button.remove',
          labelParams: { topic: topic.name },
          action: 'topic.rm',
          data: String(topic.id),
        },
      ]),
    },
  );
}
