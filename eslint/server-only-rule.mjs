// Local ESLint rule: every module under server/ must start with `import 'server-only'`, so a
// Client Component can never pull cluster credentials or I/O into the browser bundle.
export const serverOnlyFirst = {
  meta: {
    type: 'problem',
    docs: { description: "require `import 'server-only'` as the first statement of server/ modules" },
    messages: { missing: "server/ modules must begin with `import 'server-only';`" },
    schema: [],
  },
  create(context) {
    return {
      Program(node) {
        const first = node.body.find((s) => s.type !== 'ExpressionStatement' || !s.directive);
        const ok = first && first.type === 'ImportDeclaration' && first.source.value === 'server-only';
        if (!ok) context.report({ node: first ?? node, messageId: 'missing' });
      },
    };
  },
};
