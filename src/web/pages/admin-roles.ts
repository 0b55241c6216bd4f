import { ROLES, type Role } from '../../core/roles.ts';
import type { Page, PageRegistry, PageResult } from '../web-pages.ts';
import { adminNav } from './admin-home.ts';
import { idFrom, refusalOf } from './chair-common.ts';

/**
 * The community's members and the role each holds, with a form to change it — `/role` through the same
 * CommunityService, so it is refused as in chat (nobody changes their own role: the admin acting stays
 * one, and a community never loses its last admin).
 */
export function registerAdminRolePages(pages: PageRegistry): void {
  pages.registerPage({
    method: 'GET',
    path: '/admin/roles',
    role: 'admin',
    handler: (page) => rolesPage(page),
  });

  pages.registerPage({
    method: 'POST',
    path: '/admin/roles/set',
    role: 'admin',
    async handler(page) {
      const memberId = idFrom(page, page.field('member'));
      const role = page.field('role') ?? '';
      if (!(ROLES as readonly string[]).includes(role)) page.notFound();
      // A member of another community (or nobody) is as missing: no role is given outside the community.
      if (!(await page.services.administration.isMember(page.community.id, memberId))) page.notFound();
      const problem = await refusalOf(page, () =>
        page.services.community.setRole(page.community.id, page.member.id, memberId, role as Role),
      );
      if (problem) return rolesPage(page, { memberId, message: problem });
      await page.audit('web.role.set', { memberId, role });
      return page.redirect(page.communityPath('/admin/roles?done=set'));
    },
  });
}

async function rolesPage(page: Page, problem?: { memberId: number; message: string }): Promise<PageResult> {
  const members = await page.services.administration.members(page.community.id);
  return page.render(
    'admin-roles',
    {
      title: page.t('web.admin.roles.title'),
      adminNav: adminNav(page, 'roles'),
      base: page.communityPath(''),
      done: !problem && page.query('done') === 'set' ? page.t('web.admin.roles.done') : null,
      members: members.map((member) => ({
        id: member.memberId,
        name: member.displayName,
        role: page.t(`role.${member.role}`),
        platforms: member.platforms.join(', '),
        joined: page.date(member.joinedAt),
        self: member.memberId === page.member.id,
        problem: problem?.memberId === member.memberId ? problem.message : null,
        roles: ROLES.map((role) => ({ value: role, label: page.t(`role.${role}`), selected: role === member.role })),
      })),
      count: members.length,
    },
    problem ? 422 : 200,
  );
}
