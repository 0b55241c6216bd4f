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

/**
 * `text` with every whole-word occurrence of the names replaced (longest name first, so that "Sara
 * Ahmadi" goes whole before "Sara"): how records that stay after `/forgetme` (minutes) lose the name.
 */
export function replaceNames(text: string, names: readonly string[], replacement: string): string {
  const sorted = [...new Set(names.map((n) => n.trim()).filter((n) => n.length > 0))].sort(
    (a, b) => b.length - a.length,
  );
  return sorted.reduce(
    (out, name) =>
      out.replace(
        new RegExp(`(?<![\\p{L}\\p{N}\\p{M}])${escapeRegExp(name)}(?![\\p{L}\\p{N}\\p{M}])`, 'gu'),
        replacement,
      ),
    text,
  );
}
