// Import boundaries (docs/architecture.md draws the layers). `npm run check:imports`; `npm test` runs it.
// Type-only imports count: a type import is a dependency a reader has to follow too.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'ui-is-a-leaf',
      comment:
        'Only the UI (and the app entry, src/App.svelte and src/main.ts) imports src/ui: the CLI, the worker and the presentation layer run without Svelte or the DOM.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(ui/|[^/]+$)' },
      to: { path: '^src/ui/' },
    },
    {
      name: 'no-folder-cycle',
      comment:
        'The top-level folders of src/ form a directed acyclic graph: each layer may use the ones below it only.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/[^/]+$' },
      to: { circular: true },
    },
    {
      name: 'no-file-cycle',
      comment: 'No module of src/ or assembly/ reaches itself through its imports: each can be read and tested alone.',
      severity: 'error',
      from: { path: '^(src|assembly)/' },
      to: { circular: true },
    },
    {
      name: 'worker-boundary-types-stand-alone',
      comment:
        'The types crossing the worker boundary (src/api) import nothing of the store, the worker or the UI, so both sides can use them.',
      severity: 'error',
      from: { path: '^src/api/' },
      to: { path: '^src/(store|worker|ui|cli)/' },
    },
    {
      name: 'store-below-worker',
      comment: 'The library (src/store) keeps what the worker hands over through src/api; it never imports the worker.',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: '^src/(worker|ui|cli)/' },
    },
    {
      name: 'present-is-host-neutral',
      comment:
        'The presentation layer serves the CLI, the worker and the UI alike, so it imports none of them (nor the app-only store and API).',
      severity: 'error',
      from: { path: '^src/present/' },
      to: { path: '^src/(worker|store|api|cli|ui)/' },
    },
    {
      name: 'cli-uses-no-app-module',
      comment:
        'The CLI shares the core, dissectors, passes and presentation with the app, not its worker, store or UI.',
      severity: 'error',
      from: { path: '^src/cli/' },
      to: { path: '^src/(worker|store|api|ui)/' },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(src|assembly)/.*generated/' },
  },
};
