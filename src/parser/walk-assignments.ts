/*!
 * Variable assignments and declarations as the walk meets them: the line state learns what each
 * variable holds when it is known (arrays, keyed arrays, `+=`, namerefs, `BASH_CMDS[x]=path`, PATH),
 * and an assignment whose value runs later (`PROMPT_COMMAND=…`) is judged as the `:` carrying it.
 */
import type { SyntaxNode } from './syntax-tree.js';
import type { Command } from './model.js';
import { declaredWords } from './assignment-forms.js';
import { resolveWord, resolveWords } from './words.js';
import { COMMAND_VARS } from './command-vars.js';
import type { Walker } from './walker.js';
import { colonCommand } from './colon-command.js';

/** `name=value`, `a[i]=v`, `a=(…)`, `a+=x`: the line state learns the value when it is known. */
export function assignVariable(walker: Walker, node: SyntaxNode): void {
  const nameNode = node.childForFieldName('name');
  // `a[$(cmd)]=1`: the subscript is expanded (and its substitutions run) before the assignment.
  if (nameNode?.type === 'subscript') {
    const index = nameNode.childForFieldName('index');
    const key = index ? resolveWord(index, walker) : null;
    const arrayName = nameNode.childForFieldName('name')?.text;
    const valueNode = node.childForFieldName('value');
    const value = valueNode ? resolveWord(valueNode, walker) : null;
    // `BASH_CMDS[ls]=/bin/rm`: bash runs that path for the name.
    if (arrayName === 'BASH_CMDS' && index && value && !value.dynamic) (walker.state.hashed ??= new Map()).set(index.text, value.value);
    // `a[0]=rm; a[1]=-rf`: the array's elements, one by one.
    if (arrayName) walker.state.setElement(arrayName, key && !key.dynamic ? key.value : null, value && !value.dynamic ? value.value : null);
    // `PROMPT_COMMAND[1]='…'`: bash 5.1 runs every element of the array
    if (arrayName && value && COMMAND_VARS.has(arrayName)) walker.emit(colonCommand(walker, node, [], [{ name: arrayName, value }]), walker, null, node);
    return;
  }
  const name = nameNode?.text;
  const valueNode = node.childForFieldName('value');
  if (!name) return;
  // `a+=(x)` and `s+=x` append to what the variable held.
  const append = node.children.some((c) => c.type === '+=');
  if (valueNode?.type === 'array') {
    const words = valueNode.namedChildren.flatMap((c) => resolveWords(c, walker));
    // `PROMPT_COMMAND+=('…')`: each element runs as a command (bash 5.1)
    if (COMMAND_VARS.has(name)) for (const w of words.slice(0, 8)) walker.emit(colonCommand(walker, node, [], [{ name, value: w }]), walker, null, node);
    // `declare -A m=([k]="rm -rf ~")`, `a=([0]=rm [1]=-rf)`: elements by key.
    const keyed = words.length > 0 && words.every((w) => !w.dynamic && /^\[[^\]]+\]=/s.test(w.value));
    if (keyed) {
      const map = new Map(
        words.map((w) => {
          const end = w.value.indexOf(']=');
          return [w.value.slice(1, end), w.value.slice(end + 2)] as const;
        }),
      );
      walker.state.setVar(name, [...map.values()].join(' '));
      (walker.state.keyed ??= new Map()).set(name, map);
      return;
    }
    const before = append ? walker.state.lookupArray(name) : [];
    walker.state.setArray(name, words.some((w) => w.dynamic) || !before ? null : [...before, ...words.map((w) => w.value)]);
    return;
  }
  const value = valueNode ? resolveWord(valueNode, walker) : null;
  const prefix = append ? walker.state.lookup(name) : '';
  walker.state.setVar(name, value && !value.dynamic && prefix !== undefined ? prefix + value.value : value ? null : (prefix ?? null));
  if (name === 'PATH') walker.state.pathSet = value?.value;
  // `PROMPT_COMMAND='…'` alone runs its value at every prompt: judged as the no-op `:` carrying it.
  if (value && COMMAND_VARS.has(name)) walker.emit(colonCommand(walker, node, [], [{ name, value }]), walker, null, node);
}

/** `declare`, `local`, `typeset`, `export`…: their assignments, namerefs (`-n`) and the words they declare. */
export function declareVariables(walker: Walker, node: SyntaxNode): Command[] {
  // `declare -n r=x` (also local/typeset): r names x, and `$r` is x's value wherever it is read.
  const nameref = node.namedChildren.some((c) => c.type === 'word' && /^-[a-zA-Z]*n/.test(c.text));
  for (const c of node.namedChildren) {
    if (c.type === 'variable_assignment') {
      const name = c.childForFieldName('name')?.text;
      const target = c.childForFieldName('value')?.text;
      if (nameref && name && target && /^[A-Za-z_][A-Za-z0-9_]*$/.test(target)) walker.state.refs.set(name, target);
      else assignVariable(walker, c);
    } else declaredWords(c, resolveWords(c, walker), walker.state);
  }
  return [];
}
