/**
 * Persian messages show inserted values differently from how `select` and `plural` read them. A shown
 * value is isolated (so a Latin name does not reorder the sentence) and its digits are Persian; a
 * selector must get the value as it is, or `{told, select, yes {…} other {…}}` never matches `yes`.
 * So every plain argument `{x}` of the message is renamed to `{x<SHOWN>}`: it gets the shown value,
 * while selectors, plurals and `{x, number}` keep reading `x` itself.
 */
import type { IntlMessageFormat } from 'intl-messageformat';

type Ast = ReturnType<IntlMessageFormat['getAst']>;
type AstNode = Ast[number];

/** intl-messageformat's TYPE enum, by number (the parser package that exports it is not ours). */
const ARGUMENT = 1;
const SELECT = 5;
const PLURAL = 6;
const TAG = 8;

/** A suffix no locale file can write in an argument name. */
export const SHOWN = '\u0000shown';

/** The message with every plain argument renamed to its shown name. */
export function withShownArguments(ast: Ast): Ast {
  return ast.map(renameShown);
}

function renameShown(node: AstNode): AstNode {
  if (node.type === ARGUMENT) return { ...node, value: `${node.value}${SHOWN}` };
  if (node.type === SELECT || node.type === PLURAL) {
    const options = Object.fromEntries(
      Object.entries(node.options).map(([key, option]) => [
        key,
        { ...option, value: withShownArguments(option.value) },
      ]),
    );
    return { ...node, options } as AstNode;
  }
  if (node.type === TAG) return { ...node, children: withShownArguments(node.children) };
  return node;
}
