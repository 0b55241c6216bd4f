import { UserError, isUserError } from '../../core/errors.ts';
import { exportInterview } from './interview-export.ts';
import type { AppRouter, Ctx } from '../services.ts';
import { featureCommand } from '../feature-command.ts';
import { INTERVIEW_ARGS, parseInterviewText, type InterviewValues } from './interview-grammar.ts';
import { askWhoIsVeteran, registerInterviewFlow, show, startLed } from './interview-flow.ts';
import type { VeteranInput } from './interview-service.ts';
import { interviewTitle, listLine, type Reader } from './interview-text.ts';

/**
 * `/interview` and `/interviews`. Any member may interview: the working group's interviewers are
 * volunteers, not a role, and nothing leaves an interview before the veteran's consent and the
 * curators' review. A led interview is recorded by its interviewer; a self-paced one is answered by
 * the veteran, who must be a member (the bot asks them privately). Withdrawal is the veteran's, or,
 * for a veteran on no platform, their interviewer's.
 */
export const interviewCommand = featureCommand({
  name: 'interview',
  audience: ['member'],
  chats: 'any',
  args: INTERVIEW_ARGS,
  parse: parseInterviewText,
  async run(ctx, values) {
    ctx.requireCommunity();
    if (values.interview !== undefined) {
      if (values.template !== undefined || values.veteran || values.name !== undefined) {
        throw new UserError('interview.usage');
      }
      if (values.action === 'withdraw') return withdraw(ctx, values.interview);
      if (values.action === 'export') return exportInterview(ctx, values.interview);
      if (values.action === 'invite') throw new UserError('interview.usage');
      return continueInterview(ctx, values.interview);
    }
    if (values.action === 'withdraw' || values.action === 'export') throw new UserError('interview.error.id-needed');
    if (values.template === undefined) {
      if (values.action || values.veteran || values.name !== undefined) throw new UserError('interview.usage');
      return continueLatest(ctx);
    }
    const veteran = veteranOf(ctx, values);
    if (values.action === 'invite') return invite(ctx, values.template, veteran);
    return lead(ctx, values.template, veteran);
  },
});

export const interviewsCommand = featureCommand({
  name: 'interviews',
  audience: ['member'],
  chats: 'any',
  args: [],
  async run(ctx) {
    const community = ctx.requireCommunity();
    const views = await ctx.services.interviews.involving(ctx.member.id, community.id);
    if (views.length === 0) {
      return ctx.replyPrivately('interview.list.empty', { names: templateNames(ctx) });
    }
    const reader = readerOf(ctx);
    const lines = views.map((view) => listLine(reader, view, ctx.member.id));
    await ctx.replyPrivately('interview.list', { count: views.length, lines: lines.join('\n') });
  },
});

/** `/interview`, `/interviews`, and answering. */
export function registerInterviewCommands(router: AppRouter): void {
  router.command(interviewCommand);
  router.command(interviewsCommand);
  registerInterviewFlow(router);
}

/** The veteran as named: the member replied to or picked (Discord), else the name typed. */
function veteranOf(ctx: Ctx, values: InterviewValues): VeteranInput | null {
  const platform = ctx.event.chat.platform;
  if (values.veteran) return { platform, userId: values.veteran.userId, name: values.veteran.displayName };
  if (values.name !== undefined && values.name.trim()) return { platform, name: values.name };
  return null;
}

/** Answering happens privately: a long story, a voice message or a photo is no group's business. */
function requirePrivate(): never {
  throw new UserError('error.private-only', { command: '/interview' }, { openPrivateChat: 'interview' });
}

async function lead(ctx: Ctx, templateName: string, veteran: VeteranInput | null): Promise<void> {
  const template = ctx.services.interviews.template(templateName);
  if (ctx.event.chat.kind !== 'private') requirePrivate();
  if (!veteran) return askWhoIsVeteran(ctx, template.name);
  await startLed(ctx, template.name, veteran);
}

async function invite(ctx: Ctx, templateName: string, veteran: VeteranInput | null): Promise<void> {
  const community = ctx.requireCommunity();
  const interviews = ctx.services.interviews;
  const template = interviews.template(templateName);
  if (!veteran) throw new UserError('interview.error.veteran-needed');
  const resolved = await interviews.resolveVeteran(community.id, veteran, 'self');
  const { view, contact } = await interviews.invite({
    communityId: community.id,
    interviewerId: ctx.member.id,
    templateName: template.name,
    veteran: { veteranId: resolved.veteranId!, veteranName: resolved.veteranName },
    platform: ctx.event.chat.platform,
    now: new Date(),
  });
  const params = { id: String(view.id), title: interviewTitle(view, ctx.language), veteran: view.veteranName };
  if (!contact?.target) return ctx.reply('interview.invite-unreachable', params);
  await ctx.send(contact.target, interviews.notices.invitation(view, contact));
  await ctx.reply('interview.invited', params);
}

/**
 * `/interview ID`: that interview where it stands; a finished one the curators sent back for changes
 * opens again at the consent, to revise and send anew.
 */
async function continueInterview(ctx: Ctx, id: number): Promise<void> {
  const interviews = ctx.services.interviews;
  const view = await interviews.open(id, ctx.member.id).catch(async (error: unknown) => {
    if (!isUserError(error) || error.key !== 'interview.error.finished') throw error;
    if ((await ctx.services.interviewArchive.curation(id))?.status !== 'changes_requested') throw error;
    return null;
  });
  if (ctx.event.chat.kind !== 'private') requirePrivate();
  if (view) return show(ctx, view, 'interview.resumed');
  await show(ctx, await interviews.reopen(id, ctx.member.id, new Date()), 'interview.reopened');
}

/** `/interview` alone: the interview this member answers, the one answered last; the others are named. */
async function continueLatest(ctx: Ctx): Promise<void> {
  const community = ctx.requireCommunity();
  const waiting = await ctx.services.interviews.toAnswer(ctx.member.id, community.id);
  const [latest, ...others] = waiting;
  if (!latest) return ctx.reply('interview.usage-templates', { names: templateNames(ctx) });
  if (ctx.event.chat.kind !== 'private') requirePrivate();
  if (others.length > 0) {
    await ctx.reply('interview.others-waiting', {
      count: others.length,
      ids: ctx.list(others.map((view) => `/interview ${view.id}`)),
    });
  }
  await show(ctx, latest, 'interview.resumed');
}

async function withdraw(ctx: Ctx, id: number): Promise<void> {
  const interviews = ctx.services.interviews;
  const view = await interviews.withdraw(id, ctx.member.id, new Date());
  await ctx.services.interviewArchive.withdrawn(view.id);
  await ctx.reply('interview.withdrawn', { id: String(view.id), title: interviewTitle(view, ctx.language) });
  if (view.interviewerId !== null && view.interviewerId !== ctx.member.id) {
    const contact = await interviews.contact(view.interviewerId, view.communityId, ctx.event.chat.platform);
    if (contact?.target) await ctx.send(contact.target, interviews.notices.withdrawn(view, contact));
  }
}

function templateNames(ctx: Ctx): string {
  return [...ctx.services.interviews.templates.keys()].join(', ');
}

function readerOf(ctx: Ctx): Reader {
  return {
    t: ctx.t,
    language: ctx.language,
    calendar: ctx.calendar,
    timeZone: ctx.timeZone,
    list: (items) => ctx.list(items),
  };
}
