import type { Actor, ChatRef } from '../../../core/event.ts';
import { roleAllows, type Role } from '../../../core/roles.ts';
import type { Db } from '../../../db/prisma-client.ts';
import { CommunityRepository } from '../../../features/community/community-repository.ts';
import { COMMAND_PERMISSIONS } from '../../../features/permission-matrix.ts';
import { SUGGESTED_TIME_ZONES } from '../../../features/community/community-defaults.ts';
import type { Services } from '../../../features/services.ts';
import { localize, readTitle } from '../../../features/surveys/survey-questions.ts';
import { formatDate, formatTime } from '../../../i18n/date-format.ts';
import { toLatinDigits } from '../../../i18n/digits.ts';
import { DEFAULT_LANGUAGE, isLanguage, languageFromHint, type Language } from '../../../i18n/languages.ts';
import type { CalendarName } from '../../../i18n/when-parser.ts';
import { zoneOffsetLabel } from '../../../i18n/time-zones.ts';
import type { AutocompleteSource, Suggestion } from './autocomplete.ts';
import { AutocompleteRepository } from './autocomplete-repository.ts';

/** More than Discord shows (25), so that filtering by what was typed still leaves enough. */
const FETCH = 50;

/** Who is typing, and where: what the suggestions are scoped by. */
interface Viewer {
  communityId: number | null;
  /** -1 for someone the bot has not met yet: they are in no committee. */
  memberId: number;
  role: Role | null;
  language: Language;
  timeZone: string;
  calendar: CalendarName;
}

/**
 * Suggestions for one member in one chat (the adapter makes one per autocomplete interaction). The
 * member's community is read, not registered: typing is not yet writing in the chat, so nothing is
 * stored until the command itself is sent.
 */
export function createAutocompleteSource(deps: { db: Db; services: Services }, actor: Actor, chat: ChatRef) {
  return new ServicesAutocompleteSource(deps, actor, chat);
}

class ServicesAutocompleteSource implements AutocompleteSource {
  private viewer: Promise<Viewer> | undefined;
  private readonly communities: CommunityRepository;
  private readonly reads: AutocompleteRepository;

  constructor(
    private readonly deps: { db: Db; services: Services },
    private readonly actor: Actor,
    private readonly chat: ChatRef,
  ) {
    this.communities = new CommunityRepository(deps.db);
    this.reads = new AutocompleteRepository(deps.db);
  }

  async mayUse(commandName: string): Promise<boolean> {
    if (!Object.hasOwn(COMMAND_PERMISSIONS, commandName)) return false;
    const { audience } = COMMAND_PERMISSIONS[commandName as keyof typeof COMMAND_PERMISSIONS];
    const viewer = await this.who();
    if (viewer.communityId === null) return false;
    // Someone not yet registered who types in a bound group becomes its member when the command arrives.
    const role = viewer.role ?? (this.chat.kind === 'group' ? 'member' : null);
    return roleAllows(audience, role);
  }

  async upcomingMeetings(query: string): Promise<Suggestion[]> {
    const viewer = await this.who();
    if (viewer.communityId === null) return [];
    const seeAll = roleAllows(['chair'], viewer.role);
    const rows = await this.deps.services.meetings.upcoming(viewer.communityId, viewer.memberId, seeAll, FETCH);
    return rows
      .filter((row) => matches(query, row.meeting.id, row.meeting.title))
      .map((row) => ({
        value: row.meeting.id,
        label: `#${row.meeting.id} ${row.meeting.title} · ${formatDate(row.startsAt, viewer)} ${formatTime(row.startsAt, viewer)}`,
      }));
  }

  async pollsAndSurveys(query: string): Promise<Suggestion[]> {
    const viewer = await this.who();
    if (viewer.communityId === null) return [];
    const byId = idQuery(query) !== null;
    const [polls, surveys] = await Promise.all([
      this.reads.polls(viewer.communityId, byId ? '' : query.trim(), FETCH),
      this.reads.surveys(viewer.communityId, FETCH),
    ]);
    const items = [
      ...polls.map((p) => ({ id: p.id, text: p.question, closed: p.closedAt !== null })),
      ...surveys.map((s) => ({
        id: s.id,
        text: localize(readTitle(s.title), viewer.language),
        closed: s.closedAt !== null,
      })),
    ];
    return items
      .filter((item) => matches(query, item.id, item.text))
      .sort((a, b) => Number(a.closed) - Number(b.closed) || b.id - a.id)
      .map((item) => ({ value: item.id, label: `#${item.id} ${item.closed ? '✓ ' : ''}${item.text}` }));
  }

  async committees(query: string): Promise<Suggestion[]> {
    const viewer = await this.who();
    if (viewer.communityId === null) return [];
    const committees = await this.deps.services.committees.list(viewer.communityId, viewer.memberId);
    return committees.filter((c) => matches(query, null, c.name)).map((c) => ({ value: c.name, label: c.name }));
  }

  async timeZones(query: string): Promise<Suggestion[]> {
    const now = new Date();
    return allZones()
      .filter((zone) => matches(query.replace(/\s+/g, '_'), null, zone))
      .slice(0, FETCH)
      .map((zone) => ({ value: zone, label: `${zone} (${zoneOffsetLabel(now, zone)})` }));
  }

  async surveyTemplates(query: string): Promise<Suggestion[]> {
    const viewer = await this.who();
    return [...this.deps.services.surveys.templates.values()]
      .map((template) => ({ name: template.name, title: localize(template.title, viewer.language) }))
      .filter((template) => matches(query, null, `${template.name} ${template.title}`))
      .map((template) => ({ value: template.name, label: `${template.name} — ${template.title}` }));
  }

  private who(): Promise<Viewer> {
    this.viewer ??= this.readViewer();
    return this.viewer;
  }

  private async readViewer(): Promise<Viewer> {
    const row = await this.communities.findEventContext(this.chat.platform, this.chat.chatId, this.actor.userId);
    let community = row.communityId;
    let role = row.role;
    let communitySettings = {
      language: row.communityLanguage,
      timeZone: row.communityTimeZone,
      calendar: row.communityCalendar,
    };
    // A DM with no active community yet: the first one they joined, as the resolver does.
    if (community === null && this.chat.kind === 'private' && row.memberId !== null) {
      const first = await this.communities.firstMembership(row.memberId);
      if (first) {
        community = first.community.id;
        role = first.role;
        communitySettings = first.community;
      }
    }
    const language =
      (isLanguage(row.memberLanguage) ? row.memberLanguage : undefined) ??
      (isLanguage(communitySettings.language) ? communitySettings.language : undefined) ??
      languageFromHint(this.actor.languageHint) ??
      DEFAULT_LANGUAGE;
    const calendar = row.memberCalendar ?? communitySettings.calendar ?? (language === 'fa' ? 'persian' : 'gregorian');
    return {
      communityId: community,
      memberId: row.memberId ?? -1,
      role,
      language,
      timeZone: row.memberTimeZone ?? communitySettings.timeZone ?? 'UTC',
      calendar: calendar === 'persian' ? 'persian' : 'gregorian',
    };
  }
}

/** A query of digits (Latin or Persian, `#` allowed) names an id; anything else is searched in text. */
function idQuery(query: string): string | null {
  const digits = toLatinDigits(query.trim()).replace(/^#/, '');
  return /^\d+$/.test(digits) ? digits : null;
}

function matches(query: string, id: number | null, text: string): boolean {
  const typed = query.trim();
  if (!typed) return true;
  const digits = idQuery(typed);
  if (digits !== null && id !== null && String(id).startsWith(digits)) return true;
  return text.toLocaleLowerCase().includes(typed.toLocaleLowerCase());
}

let zones: string[] | undefined;

/** The networks' zones first, then every zone Intl knows (Asia/Ho_Chi_Minh kept beside Intl's Asia/Saigon). */
function allZones(): string[] {
  zones ??= [...new Set([...SUGGESTED_TIME_ZONES, ...Intl.supportedValuesOf('timeZone')])];
  return zones;
}
