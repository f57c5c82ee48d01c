import type {
  DeepPlanning,
  HumanInTheLoopRequest,
  McpoAuthGetTokenResponse,
  PendingEcaRequest,
  Task as TaskData,
} from '../../generated/types.gen.js';

/** The statuses after which a task does nothing more: the one list the SDK checks against. */
export const TERMINAL_STATUSES: ReadonlySet<string> = new Set(['completed', 'failed', 'error', 'stopped']);

/** Whether `status` is terminal (`completed`, `failed`, `error`, `stopped`). */
export const isTerminal = (status: unknown): boolean => TERMINAL_STATUSES.has(status as string);

/** A human-in-the-loop step waits for a person's approval. */
export interface ApprovalPause {
  /** Discriminates the {@link TaskPause} union. */
  kind: 'approval';
  /** The task's `hitl_request`, as the server sent it. */
  request: HumanInTheLoopRequest;
}

/** The user must sign in somewhere before the task goes on. */
export interface AuthPause {
  /** Discriminates the {@link TaskPause} union. */
  kind: 'auth';
  /** A connector (`pending_eca_request`) or an MCP server (an `auth_event` seen by `wait()`). */
  source: 'connector' | 'mcp_oauth';
  /** Where the user signs in. */
  url: string;
  /** The connector's or MCP server's name, when the server gave one. */
  name: string | undefined;
  /** The `pending_eca_request`, or the `auth_event`'s data, as they came. */
  request: PendingEcaRequest | McpoAuthGetTokenResponse;
}

/** A deep-planning run raised a question to the user. */
export interface QuestionPause {
  /** Discriminates the {@link TaskPause} union. */
  kind: 'question';
  /** The task's `deep_planning`, `question_raised` true. */
  plan: DeepPlanning;
}

/** `paused`, for a reason this SDK cannot tell: the raw fields are on the task. */
export interface UnknownPause {
  /** Discriminates the {@link TaskPause} union. */
  kind: 'unknown';
  /** The task's status (`paused`). */
  status: string;
  /** The task's `internal_status`, which may say more. */
  internal_status: string | null | undefined;
}

/**
 * Why a task that has not finished waits for a person, as {@link Task.pause} reports it.
 * Discriminated by `kind`; an app shows each to its user in its own way.
 */
export type TaskPause = ApprovalPause | AuthPause | QuestionPause | UnknownPause;

/** The MCP logins `wait()` saw on a task's stream and that no `token_ready` followed yet. */
const loginsSeen = new WeakMap<object, McpoAuthGetTokenResponse>();

/** @internal What `wait()` records of an `auth_event`: a login asked for, or one done. */
export function noteAuthEvent(task: object, event: McpoAuthGetTokenResponse | undefined): void {
  if (event?.type === 'login_required' && typeof event.data?.url === 'string') loginsSeen.set(task, event);
  else loginsSeen.delete(task);
}

/** The pause of a task, or null when it runs, has finished, or waits for nobody. */
export function pauseOf(task: TaskData): TaskPause | null {
  if (isTerminal(task.status)) return null;
  if (task.hitl_request) return { kind: 'approval', request: task.hitl_request };
  const eca = task.pending_eca_request;
  if (eca) return { kind: 'auth', source: 'connector', url: eca.auth_url, name: eca.connector_name, request: eca };
  const login = loginsSeen.get(task);
  if (login) return { kind: 'auth', source: 'mcp_oauth', url: login.data!.url!, name: login.data?.server_name, request: login };
  if (task.deep_planning?.question_raised) return { kind: 'question', plan: task.deep_planning };
  if (task.status === 'paused') return { kind: 'unknown', status: task.status, internal_status: task.internal_status };
  return null;
}

/** Whether the task waits for a person's approval. */
export const isApprovalPause = (pause: TaskPause | null): pause is ApprovalPause => pause?.kind === 'approval';
/** Whether the task waits for the user to sign in somewhere (`pause.url`). */
export const isAuthPause = (pause: TaskPause | null): pause is AuthPause => pause?.kind === 'auth';
/** Whether the task waits for the answer to a deep-planning question. */
export const isQuestionPause = (pause: TaskPause | null): pause is QuestionPause => pause?.kind === 'question';
