/** `task.parseResult()`, loaded at first use with the rest of the waiting code. */
import { quote } from '../core/error-factory.js';
import { ModuleException, type ValidationIssue } from '../core/errors.js';
import type { Task } from '../task.js';
import type { StandardSchemaV1 } from './standard-schema.js';

/** The task's `result` parsed as JSON and, given a Standard Schema, validated by it. */
export async function parseResult(task: Task, schema?: StandardSchemaV1): Promise<unknown> {
  if (schema !== undefined && typeof schema?.['~standard']?.validate !== 'function') {
    throw ModuleException.invalidInput('parseResult takes a Standard Schema validator (zod, valibot, arktype…), or nothing');
  }
  const text = task.result;
  if (typeof text !== 'string') {
    throw ModuleException.invalidInput(`Task ${task.id} has no result yet (status ${task.status ?? 'unknown'}): wait for it first, for instance with task.wait()`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ModuleException(0, `The result of task ${task.id} is not JSON: ${quote(text)}`, 'invalid_response', { cause: error });
  }
  if (!schema) return value;
  const outcome = await schema['~standard'].validate(value);
  if (!outcome.issues) return outcome.value;
  const issues: ValidationIssue[] = outcome.issues.map((issue) => ({
    loc: (issue.path ?? []).map((part) => {
      const key = typeof part === 'object' ? part.key : part;
      return typeof key === 'number' ? key : String(key);
    }),
    msg: issue.message,
  }));
  const list = issues.map((issue) => `${issue.loc.length ? issue.loc.join('.') : '(root)'}: ${issue.msg}`).join('; ');
  throw new ModuleException(0, `The result of task ${task.id} does not match the schema: ${list}`, 'invalid_response', { issues });
}
