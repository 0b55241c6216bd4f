/**
 * Whether `text` names any of `names` as a whole word (not inside a longer one: "Li" is not found in
 * "Library"), in any script: what `/forgetme` looks for in messages still queued. Names are matched as
 * JSON writes them too, since a queued message is stored as JSON.
 */
export function namesAny(text: string, names: readonly string[]): boolean {
  return names.some((name) => {
    const forms = new Set([name, JSON.stringify(name).slice(1, -1)]);
    return [...forms].some((form) =>
      new RegExp(`(?<![\\p{L}\\p{N}\\p{M}])${escapeRegExp(form)}(?![\\p{L}\\p{N}\\p{M}])`, 'u').test(text),
    );
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
