import nx from '@nx/eslint-plugin';
import { ESLint, type Linter } from 'eslint';
import path from 'node:path';
import tseslint from 'typescript-eslint';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the constraints are CommonJS so eslint.config.mjs and jest share them
const { depConstraints, testDepConstraints, testFiles } = require('./module-boundaries.cjs') as {
  depConstraints: unknown[];
  testDepConstraints: unknown[];
  testFiles: string[];
};

const root = path.resolve(__dirname, '..', '..');

/** Lints one import as if it stood in `file`, with the project's module-boundary rule alone. */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const config: Linter.Config[] = [
    {
      files: ['**/*.ts'],
      plugins: { '@nx': nx as unknown as ESLint.Plugin },
      languageOptions: { parser: tseslint.parser as Linter.Parser },
      rules: { '@nx/enforce-module-boundaries': ['error', { depConstraints }] },
    },
    { files: testFiles, rules: { '@nx/enforce-module-boundaries': ['error', { depConstraints: testDepConstraints }] } },
  ];
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: config });
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((message) => message.message);
}

describe('module boundaries (@nx/enforce-module-boundaries)', () => {
  it('forbids contracts from importing anything of ours', async () => {
    const errors = await boundaryErrors('libs/contracts/src/probe.ts', "import { EventPublisher } from '@mediaflow/messaging';\n");

    expect(errors.join('\n')).toMatch(/"type:contracts" cannot depend on any libs/);
  });

  it('forbids an app from importing another app', async () => {
    const errors = await boundaryErrors('apps/watcher/src/probe.ts', "import { ApiGatewayModule } from '@mediaflow/api-gateway';\n");

    expect(errors.join('\n')).toMatch(/"type:app" can only depend on/);
  });

  it('forbids production code from importing the testing lib', async () => {
    const errors = await boundaryErrors('libs/messaging/src/probe.ts', "import { eventually } from '@mediaflow/testing';\n");

    expect(errors.join('\n')).toMatch(/"type:lib" can only depend on libs tagged with "type:lib", "type:contracts"$/);
  });

  it('lets tests import the testing lib', async () => {
    await expect(boundaryErrors('libs/messaging/src/probe.spec.ts', "import { eventually } from '@mediaflow/testing';\n")).resolves.toEqual([]);
  });

  it('lets an app import libs', async () => {
    await expect(boundaryErrors('apps/watcher/src/probe.ts', "import { EventPublisher } from '@mediaflow/messaging';\n")).resolves.toEqual([]);
  });
});
