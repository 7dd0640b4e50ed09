// Which project may import which (tags live in each package.json's "nx" field):
// contracts import nothing of ours; libs only libs and contracts; apps only libs (never another app);
// the testing lib only from tests. Shared by eslint.config.mjs and the test that proves the rule bites.
const depConstraints = [
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts'] },
  { sourceTag: 'type:kit', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:kit', 'type:lib', 'type:contracts'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:kit', 'type:lib', 'type:contracts'] },
];

const testDepConstraints = depConstraints.map((constraint) =>
  constraint.sourceTag === 'type:contracts'
    ? constraint
    : { ...constraint, onlyDependOnLibsWithTags: [...constraint.onlyDependOnLibsWithTags, 'type:testing'] },
);

const testFiles = ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/testing/**/*.ts', 'e2e/**/*.ts', 'bench/**/*.ts'];

module.exports = { depConstraints, testDepConstraints, testFiles };
