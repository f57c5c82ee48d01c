// Validates openapi/tasks.yaml against the OpenAPI 3.1 JSON schema.
import { Validator } from '@seriousme/openapi-schema-validator';

const validator = new Validator();
const result = await validator.validate('openapi/tasks.yaml');
if (!result.valid) {
  console.error('openapi/tasks.yaml is not a valid OpenAPI document:', JSON.stringify(result.errors, null, 2));
  process.exit(1);
}
console.log(`openapi/tasks.yaml is valid OpenAPI ${validator.version}`);
