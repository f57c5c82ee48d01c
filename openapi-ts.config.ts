import { defineConfig } from '@hey-api/openapi-ts';

export default defineConfig({
  input: './openapi/tasks.yaml',
  output: { path: './generated' },
  plugins: [
    '@hey-api/client-fetch',
    // Enums become `as const` objects with PascalCase members: AgentExecutionStatus.Completed.
    { name: '@hey-api/typescript', enums: { mode: 'javascript', case: 'PascalCase' } },
    '@hey-api/sdk',
  ],
});
