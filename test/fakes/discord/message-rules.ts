import { ComponentType } from 'discord.js';
import type { Wire } from './wire-objects.ts';

/**
 * Discord's rules for a message body, checked as the API checks them: what breaks one answers
 * 400 with error 50035 (invalid form body) or 50006 (empty message), so that a test fails when the
 * adapter sends something Discord would refuse.
 */
export interface RuleViolation {
  code: number;
  message: string;
}

const MAX_CONTENT = 2000;
const MAX_ROWS = 5;
const MAX_BUTTONS_PER_ROW = 5;
const MAX_CUSTOM_ID = 100;
const MAX_SELECT_OPTIONS = 25;

export function checkMessageBody(body: Wire, fileCount: number): RuleViolation | null {
  const content = typeof body.content === 'string' ? body.content : '';
  if (content.length > MAX_CONTENT) return invalid(`content: must be ${MAX_CONTENT} or fewer in length`);
  const rows = Array.isArray(body.components) ? (body.components as Wire[]) : [];
  if (content.trim() === '' && fileCount === 0 && rows.length === 0) {
    return { code: 50006, message: 'Cannot send an empty message' };
  }
  if (rows.length > MAX_ROWS) return invalid(`components: must be ${MAX_ROWS} or fewer in length`);
  const customIds = new Set<string>();
  for (const row of rows) {
    if (row.type !== ComponentType.ActionRow) return invalid('components: a top-level component must be an action row');
    const children = (row.components as Wire[] | undefined) ?? [];
    if (children.length === 0 || children.length > MAX_BUTTONS_PER_ROW) {
      return invalid('components.components: an action row holds 1 to 5 components');
    }
    const hasSelect = children.some((c) => c.type !== ComponentType.Button);
    if (hasSelect && children.length > 1) return invalid('components: a select menu fills its row alone');
    for (const child of children) {
      const problem = checkComponent(child, customIds);
      if (problem) return problem;
    }
  }
  return null;
}

function checkComponent(component: Wire, customIds: Set<string>): RuleViolation | null {
  if (component.type === ComponentType.Button && component.style === 5) {
    return typeof component.url === 'string' && typeof component.label === 'string'
      ? null
      : invalid('button: a link button needs a url and a label');
  }
  const customId = component.custom_id;
  if (typeof customId !== 'string' || customId.length === 0 || customId.length > MAX_CUSTOM_ID) {
    return invalid(`custom_id: must be 1 to ${MAX_CUSTOM_ID} characters`);
  }
  if (customIds.has(customId)) return invalid('custom_id: component custom id cannot be duplicated');
  customIds.add(customId);
  if (component.type === ComponentType.Button) {
    const label = component.label;
    return typeof label === 'string' && label.length > 0 && label.length <= 80
      ? null
      : invalid('label: must be 1 to 80 characters');
  }
  if (component.type === ComponentType.StringSelect) {
    const options = (component.options as Wire[] | undefined) ?? [];
    if (options.length === 0 || options.length > MAX_SELECT_OPTIONS) {
      return invalid(`options: a select menu has 1 to ${MAX_SELECT_OPTIONS} options`);
    }
    const values = new Set(options.map((o) => o.value));
    if (values.size !== options.length) return invalid('options: values must be unique');
    return null;
  }
  return invalid(`components: unexpected component type ${String(component.type)}`);
}

function invalid(message: string): RuleViolation {
  return { code: 50035, message: `Invalid Form Body: ${message}` };
}

/** The buttons and select menus of a message body, flattened in order, as a test reads them. */
export interface SeenComponent {
  type: 'button' | 'link' | 'select';
  label?: string;
  customId?: string;
  url?: string;
  options?: Array<{ label: string; value: string }>;
}

export function componentsOf(body: Wire): SeenComponent[] {
  const rows = Array.isArray(body.components) ? (body.components as Wire[]) : [];
  return rows.flatMap((row) =>
    ((row.components as Wire[] | undefined) ?? []).map((c): SeenComponent => {
      if (c.type === ComponentType.StringSelect) {
        return {
          type: 'select',
          customId: c.custom_id as string,
          options: (c.options as Array<{ label: string; value: string }>).map(({ label, value }) => ({ label, value })),
        };
      }
      if (c.style === 5) return { type: 'link', label: c.label as string, url: c.url as string };
      return { type: 'button', label: c.label as string, customId: c.custom_id as string };
    }),
  );
}
