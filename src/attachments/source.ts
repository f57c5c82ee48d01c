import { ModuleException } from '../core/errors.js';

/** The part of a task's input the attachment helpers read (`AgentExecutionInput` fits). */
export interface AttachmentInput {
  text?: string | null;
  files?: readonly string[] | null;
}

/** Anything task-like: a `Task`, its wire data, or a plain object with these fields. */
export interface AttachmentSource {
  input?: AttachmentInput | null;
  /** When true, human-readable files are listed by URL only and never fetched. */
  disable_attachment_injection?: boolean | null;
}

/** A task's text, attachment URLs and injection flag, checked and with absent values as empty. */
export interface SourceParts {
  text: string;
  files: string[];
  injectionDisabled: boolean;
}

/**
 * Reads a task-like value, rejecting shapes the Python SDK would crash on later
 * (a `files` that is not a list of strings) with a clear error before any request.
 */
export function readSource(task: AttachmentSource | null | undefined): SourceParts {
  if (task !== undefined && task !== null && typeof task !== 'object') {
    throw ModuleException.invalidInput(`attachments: task must be an object, got ${typeof task}`);
  }
  const input = task?.input;
  if (input !== undefined && input !== null && typeof input !== 'object') {
    throw ModuleException.invalidInput(`attachments: task.input must be an object, got ${typeof input}`);
  }
  const text = input?.text ?? '';
  if (typeof text !== 'string') {
    throw ModuleException.invalidInput(`attachments: input.text must be a string, got ${typeof text}`);
  }
  const files = input?.files ?? [];
  if (!Array.isArray(files) || files.some((f) => typeof f !== 'string')) {
    throw ModuleException.invalidInput('attachments: input.files must be a list of URL strings');
  }
  return { text, files: [...files], injectionDisabled: task?.disable_attachment_injection === true };
}
