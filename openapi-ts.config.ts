import { defineConfig } from '@hey-api/openapi-ts';

export default defineConfig({
  input: './openapi/tasks.yaml',
  output: { path: './generated' },
  plugins: [
    '@hey-api/client-fetch',
    // Enums become `as const` objects with PascalCase members: AgentExecutionStatus.Completed.
    { name: '@hey-api/typescript', enums: { mode: 'javascript', case: 'PascalCase' } },
    // No default client instance: the SDK always passes its own, and creating one at import
    // made `new Headers()` load all of undici (~50 ms) at import.
    { name: '@hey-api/sdk', client: false },
  ],
});
