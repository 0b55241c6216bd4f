import type { Db } from '../db/prisma-client.ts';
import { Router } from '../core/router.ts';
import { UserError } from '../core/errors.ts';
import { CommunityRepository } from './community/community-repository.ts';
import { CommunityService } from './community/community-service.ts';
import { CommitteeRepository } from './community/committee-repository.ts';
import { CommitteeService } from './community/committee-service.ts';
import { LinkRepository } from './community/link-repository.ts';
import { LinkService } from './community/link-service.ts';
import { MemberResolver } from './community/member-resolver.ts';
import { registerSettingsCommands } from './community/settings-commands.ts';
import { registerSetupCommands } from './community/setup-commands.ts';
import { registerRoleCommand } from './community/role-command.ts';
import { registerCommitteeCommands } from './community/committee-commands.ts';
import { registerLinkCommand } from './community/link-command.ts';
import { PrivacyRepository } from './privacy/privacy-repository.ts';
import { PrivacyService } from './privacy/privacy-service.ts';
import { registerPrivacyCommands } from './privacy/privacy-commands.ts';
import { addCommand, type AppRouter, type Services } from './services.ts';

/** Builds every feature's services over one database and registers their commands on a new router. */
export function buildFeatures(db: Db): { router: AppRouter; services: Services; resolver: MemberResolver } {
  const router: AppRouter = new Router<Services>();
  const communityRepository = new CommunityRepository(db);
  const services: Services = {
    community: new CommunityService(communityRepository),
    committees: new CommitteeService(new CommitteeRepository(db)),
    links: new LinkService(new LinkRepository(db)),
    privacy: new PrivacyService(new PrivacyRepository(db)),
    commandsFor: (role, chat) => router.commandsFor(role, chat),
  };

  registerSettingsCommands(router);
  registerSetupCommands(router);
  registerRoleCommand(router);
  registerCommitteeCommands(router);
  registerLinkCommand(router);
  registerPrivacyCommands(router);
  // `/cancel` with no flow in progress (the router ends a flow itself); `/cancel ID` comes with meetings.
  addCommand(
    router,
    'cancel',
    async (ctx, args) => {
      if (args) throw new UserError('error.unknown-command', { command: '/cancel' });
      await ctx.reply('flow.nothing-to-cancel');
    },
    { hidden: true },
  );

  return { router, services, resolver: new MemberResolver(communityRepository) };
}
