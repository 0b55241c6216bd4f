import { UserError } from '../../core/errors.ts';
import { addAction, addCommand, type AppRouter, type Ctx } from '../services.ts';
import { buttonId } from './button-data.ts';
import { tagList } from './experience-view.ts';

/**
 * `/topics` (curators): the community's topic list that `/share` offers as buttons.
 * `/topics add A, B`, `/topics remove A`, or the remove buttons under the list.
 */
export function registerTopicCommands(router: AppRouter): void {
  addCommand(router, 'topics', async (ctx, args) => {
    const community = ctx.requireCommunity();
    const match = /^(add|remove)(?:\s+([\s\S]*))?$/i.exec(args);
    if (!args) return listTopics(ctx);
    if (!match) throw new UserError('experience.topics.usage');
    const names = match[2]?.trim() ?? '';
    if (!names) throw new UserError('experience.topics.usage');
    const { topics } = ctx.services.experiences;
    if (match[1]!.toLowerCase() === 'add') {
      const added = await topics.add(community.id, names);
      if (added.length === 0) return ctx.reply('experience.topics.nothing-added');
      await ctx.reply('experience.topics.added', { topics: tagList(added, ctx.language) });
      return listTopics(ctx);
    }
    const removed = await topics.remove(community.id, { name: names });
    await ctx.reply('experience.topics.removed', { topic: removed });
  });

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
