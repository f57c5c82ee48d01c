import { defineConfig } from '@hey-api/openapi-ts';
import { contract, engineClient, facts } from './scripts/openapi-plugins';

export default defineConfig({
  input: './openapi/tasks.yaml',
  output: { path: './generated' },
  plugins: [
    (engineClient as any)(),
    // Enums become `as const` objects with PascalCase members: AgentExecutionStatus.Completed.
    { name: '@hey-api/typescript', enums: { mode: 'javascript', case: 'PascalCase' } },
    // No default client instance: the SDK passes its own (one per Configuration).
    { name: '@hey-api/sdk', client: false },
    (facts as any)(),
    (contract as any)(),
  ],
});
