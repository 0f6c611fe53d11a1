// @ts-check
// ESLint rule `layers/zones`: the layer graph as import zones (VS Code's layer rule, eslint-plugin-
// import's `no-restricted-paths`), without a package. Each zone names a folder (`target`) and the
// folders it must not import from (`from`). Relative specifiers are resolved against the importing
// file, so `../core/x.js` and `../../main/core/x.js` are judged by where they land, not by spelling.
// Type-only imports count too: a type from another layer ties the two designs together just the same.
import path from 'node:path';

/**
 * @typedef {{ target: string, from: string[], except?: string[], message: string }} Zone
 * `target`, `from` and `except` are repository-relative path prefixes ('main/services/', 'main/index.ts').
 */

/** @param {string} file @param {string} prefix */
const within = (file, prefix) => file === prefix || file.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`) || file.startsWith(`${prefix.replace(/\.ts$/, '')}.`);

/** @type {import('eslint').Rule.RuleModule} */
const zonesRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid imports across layer boundaries (zones listed in eslint.config.js).' },
    schema: [{ type: 'object', properties: { zones: { type: 'array' } }, additionalProperties: false }],
    messages: { crossed: '{{file}} may not import {{target}}: {{message}}' },
  },
  create(context) {
    /** @type {Zone[]} */
    const zones = context.options[0]?.zones ?? [];
    const root = context.cwd;
    const file = path.relative(root, context.filename).split(path.sep).join('/');
    const active = zones.filter((zone) => within(file, zone.target));
    if (active.length === 0) return {};

    /** @param {import('estree').Node} node @param {unknown} specifier */
    const check = (node, specifier) => {
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
      const target = path.relative(root, path.resolve(path.dirname(context.filename), specifier)).split(path.sep).join('/');
      for (const zone of active) {
        if (!zone.from.some((from) => within(target, from))) continue;
        if (zone.except?.some((allowed) => within(target, allowed))) continue;
        context.report({ node, messageId: 'crossed', data: { file, target, message: zone.message } });
        return;
      }
    };

    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => check(node, node.source?.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source.value : undefined),
      /** `import('../x.js').Type` in a type position. @param {any} node */
      TSImportType: (node) => check(node, node.source?.value ?? node.argument?.literal?.value),
    };
  },
};

/** The plugin: `plugins: { layers }`, rule `layers/zones`. */
export const layers = { meta: { name: 'jit-vault-layers' }, rules: { zones: zonesRule } };
